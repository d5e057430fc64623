# Two commands do everything: `make run` (app with demo data on http://127.0.0.1:8000) and
# `make test` (the whole suite). Both install what they need first.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
# WeasyPrint's libraries, the bundled fonts' sources, pdftotext for tests, msgfmt for translations.
SYSTEM_PACKAGES := libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-liberation2 \
	fonts-croscore poppler-utils gettext
PYTEST_ARGS ?=
# Two test processes (pytest-xdist), each with its own test database: the suite waits on
# PostgreSQL, browsers and subprocesses as much as it computes. PYTEST_WORKERS=0: one process.
PYTEST_WORKERS ?= 2
BENCH_ARGS ?=

.PHONY: run test setup system-packages messages migrate lint format bench bench-smoke vnu

run: setup migrate
	$(PY) manage.py load_demo
	$(PY) manage.py runserver 127.0.0.1:8000

test: setup vnu
	FAST_PASSWORD_HASHER=True $(VENV)/bin/pytest -n $(PYTEST_WORKERS) $(PYTEST_ARGS)

setup: system-packages $(VENV)/.installed .env messages

# Province-scale benchmarks (PostgreSQL and wrk; see the README's performance section).
bench: setup
	$(PY) bench/run.py $(BENCH_ARGS)

# The same on a small province, briefly: keeps the scripts working (CI); times mean nothing.
bench-smoke: setup
	$(PY) bench/run.py --smoke --generate $(BENCH_ARGS)

system-packages:
	@missing=""; for p in $(SYSTEM_PACKAGES); do \
		dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
		if [ "$$(id -u)" = 0 ]; then \
			echo "Installing system packages:$$missing"; \
			DEBIAN_FRONTEND=noninteractive apt-get update -qq && \
			DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing; \
		else \
			echo "Missing system packages. Run: sudo apt-get install$$missing"; exit 1; \
		fi; \
	fi

# The W3C Nu Html Checker that tests/test_html_valid.py runs (Java; Debian's default-jre-headless):
# the pinned vnu-jar from the npm registry, 30 MB, kept out of git in .cache/vnu. Without npm the
# test is skipped (and fails in CI, where REQUIRE_SERVICES=1).
VNU_VERSION := 26.9.27
VNU_DIR := .cache/vnu

vnu: $(VNU_DIR)/$(VNU_VERSION).installed

$(VNU_DIR)/$(VNU_VERSION).installed:
	@if command -v npm >/dev/null; then \
		npm install --prefix $(VNU_DIR) --no-save --no-audit --no-fund --ignore-scripts \
			--loglevel=error vnu-jar@$(VNU_VERSION) && touch $@; \
	else \
		echo "npm is missing: the HTML validity test will be skipped (apt-get install npm)"; \
	fi

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install -q --upgrade pip
	$(VENV)/bin/pip install -q -e ".[dev]"
	touch $@

.env:
	cp .env.example .env

messages:
	$(PY) manage.py compilemessages --ignore=.venv -v 0

migrate:
	$(PY) manage.py migrate --noinput -v 0

# mypy (django-stubs) checks the services, rules and selectors, new modules and packages
# included, and the modules a thin services façade stands for (documents' numbering,
# rendering and jobs; the reminders package; the submit transition); what they import is
# read for its types but not reported on ([tool.mypy]).
TYPED = $(shell find . \( -path ./.venv -o -path ./tests -o -path ./bench -o -path ./.cache \
	-o -name migrations \) -prune -o -type f \( -name services.py -o -name rules.py \
	-o -name selectors.py -o -path '*/services/*.py' -o -path '*/rules/*.py' \
	-o -path '*/selectors/*.py' -o -path ./units/permissions.py -o -path './campaign/reminders/*.py' \
	-o -path ./campaign/submission.py -o -path ./notifications/delivery.py \
	-o -path ./documents/numbering.py -o -path './documents/render*.py' \
	-o -path ./documents/jobs.py -o -path ./documents/signing.py -o -path ./core/queueing.py \
	-o -path ./core/cache.py \) -print | sort)

lint:
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy $(TYPED)

format:
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .
