"""Measure the product at the scale of a province, each figure against its physical limit.

    .venv/bin/python bench/run.py [--smoke] [--generate] [--only today|big] [--json PATH]

Needs PostgreSQL (see `bench/generate.py` for BENCH_DATABASE_URL) and `wrk` (Debian's
package) for the throughput figures. Every figure is measured at two sizes in one run, each in
a process of its own: today's province (3,000 schools, one year, one tenant) in
BENCH_DATABASE_URL, and the big one (5,000 schools, three years, ten tenants; `--big-*`) in
BENCH_BIG_DATABASE_URL (default: the same name + `_big`), whose web processes share the next
Redis database (BENCH_BIG_CACHE_URL). Each province is generated when its database has none
(or with --generate). `--smoke` runs everything on a small province and a "big smoke" (the
same × 2 years × 3 tenants), briefly, so that CI keeps the scripts working (its times mean
nothing; its databases default to cchc_bench_smoke and cchc_bench_smoke_big). Prints one
table and writes it as JSON: for each figure our result, the limit measured in the same run,
their ratio and the goal, then the same on the big province and big / today (1.0 when a
figure does not follow the rows of other years and tenants).

1. Hot pages, in the process through Django's test client (server time, median of --repeat,
   and SQL queries), at the Sở and at one Phòng; the limit is a hello-world view behind the
   same middleware and session. Then throughput under gunicorn (--workers) driven by wrk.
2. Registration: --users heads of school (500, the generated drafts) type in their Mẫu 1,
   each posting its autosave back to back for --seconds, against the same users POSTing to
   hello-world (throughput, errors, rows lost); then they submit it at the same moment
   against gunicorn (requests per second, p95 against hello-world POST, errors, rows lost).
3. Excel export of every initiative of the main tenant in one list, in a fresh process each:
   time and peak memory, against bare openpyxl (write-only) writing the same rows from a list.
4. A council's award dossier (--nominees), rendered and signed, against WeasyPrint
   rendering the same pre-rendered HTML.
5. The reminder sweep over every school, and consolidating the accepted items of the Sở:
   time and queries.
Nothing is asserted: the goals are printed beside the figures.
"""

from __future__ import annotations

import argparse
import datetime
import itertools
import json
import os
import platform
import random
import re
import resource
import shutil
import socket
import statistics
import string
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import asdict, dataclass, field
from http.client import HTTPConnection
from pathlib import Path
from urllib.parse import urlencode, urlsplit

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path.insert(0, str(ROOT))

from bench import generate  # noqa: E402

# The generated drafts' `steps` (bench/generate.py); the autosave measurement types after it.
DRAFT_STEPS = "Bước 1: khảo sát. Bước 2: triển khai."

SMOKE_SIZES = {
    "schools": 60,
    "districts": 3,
    "staff": 5,
    "per_school": 4,
    "nominations": 20,
    "drafts": 20,
}
# The big province beside today's (`--big-*` change it); in smoke mode, the smoke province
# over two years and three tenants, small enough for CI.
BIG_SIZES = {"schools": 5000, "districts": 50, "years": 3, "tenants": 10, "other_schools": 1000}
BIG_SMOKE_SIZES = {"years": 2, "tenants": 3, "other_schools": 20}
SIZE_NAMES = ("today", "big")


@dataclass
class Figure:
    group: str
    name: str
    ours: float
    unit: str
    limit: float | None = None
    goal: str = ""
    queries: int | None = None
    extra: dict = field(default_factory=dict)
    big: Figure | None = None  # the same figure on the big province

    @property
    def ratio(self) -> float | None:
        if self.limit in (None, 0):
            return None
        return self.ours / self.limit

    @property
    def growth(self) -> float | None:
        """Big province over today's: 1.0 when the cost does not follow the rows below."""
        if self.big is None or not self.ours:
            return None
        return self.big.ours / self.ours

    def as_json(self) -> dict:
        found = asdict(self) | {"ratio": self.ratio, "growth": self.growth}
        found["big"] = None if self.big is None else self.big.as_json()
        return found

    @classmethod
    def from_json(cls, data: dict) -> Figure:
        fields = {k: v for k, v in data.items() if k not in ("ratio", "growth", "big")}
        return cls(**fields)


class Rollback(Exception):
    """Raised to undo what a measurement wrote."""


def rolled_back(func):
    """Run `func` in a transaction that is rolled back: the province stays as generated."""
    from django.db import transaction

    result = None
    try:
        with transaction.atomic():
            result = func()
            raise Rollback
    except Rollback:
        pass
    return result


def timed_requests(client, url: str, repeat: int) -> tuple[float, int, int]:
    """Median server time (ms) of `repeat` GETs after one warm-up, the queries of the last,
    and its status."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(url)
    times = []
    for _ in range(repeat):
        with CaptureQueriesContext(connection) as captured:
            began = time.perf_counter()
            response = client.get(url)
            times.append((time.perf_counter() - began) * 1000)
    return statistics.median(times), len(captured), response.status_code


# --- 1. Hot pages ---


def hot_pages(province) -> list[tuple[str, str, str]]:
    """(label, username, URL) of the pages users open most at a deadline."""
    from units.models import Membership, Role, Unit

    department = Unit.objects.get(pk=province.department_id)
    district = Unit.objects.get(pk=province.district_id)
    school = (
        Unit.objects.filter(path__startswith=district.path, depth=district.depth + 1)
        .order_by("path")
        .first()
    )
    head = Membership.objects.get(unit=school, role=Role.UNIT_HEAD).user.username
    dashboard = (
        f"/reports/dashboard/?schedule={province.schedule_id}&year={province.year}&period=q3"
    )
    board = "/initiatives/board/{}/"
    department_reviewer, district_reviewer = (
        f"{department.code.lower()}-reviewer",
        f"{district.code.lower()}-reviewer",
    )
    return [
        ("school home page", head, "/"),
        ("review board, Sở", department_reviewer, board.format(province.deadline_id)),
        ("review board, Phòng", district_reviewer, board.format(province.district_deadline_id)),
        (
            "consolidation, Sở",
            department_reviewer,
            board.format(province.deadline_id) + "consolidate/",
        ),
        (
            "consolidation, Phòng",
            district_reviewer,
            board.format(province.district_deadline_id) + "consolidate/",
        ),
        ("dashboard, Sở", department_reviewer, dashboard),
        ("dashboard, Phòng", district_reviewer, dashboard + f"&unit={district.pk}"),
        ("initiative search, Sở", department_reviewer, "/initiatives/?q=so+hoa+ho+so"),
        ("initiative search, Phòng", district_reviewer, "/initiatives/?q=so+hoa+ho+so"),
    ]


def logged_in_client(username: str):
    from django.test import Client

    from units.models import User

    client = Client()
    client.force_login(User.objects.get(username=username))
    return client


def measure_pages(province, repeat: int) -> tuple[list[Figure], dict]:
    figures, sessions = [], {}
    hello_by_user = {}
    for label, username, url in hot_pages(province):
        client = logged_in_client(username)
        sessions[username] = client.cookies["sessionid"].value
        if username not in hello_by_user:
            hello_by_user[username] = timed_requests(client, "/bench/hello/", repeat)[0]
        median, queries, status = timed_requests(client, url, repeat)
        if status != 200:
            raise SystemExit(f"{label}: {url} answered {status}")
        figures.append(
            Figure(
                "1. hot pages (server time)",
                label,
                median,
                "ms",
                limit=hello_by_user[username],
                goal="< 200 ms, constant queries",
                queries=queries,
                extra={"url": url},
            )
        )
    return figures, sessions


# --- Servers and load ---


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Gunicorn:
    """gunicorn serving the bench settings on 127.0.0.1 for the duration of a `with`."""

    def __init__(self, workers: int):
        self.workers = workers
        self.port = free_port()
        self.process = None

    def __enter__(self):
        self.process = subprocess.Popen(
            [
                str(Path(sys.executable).parent / "gunicorn"),
                "config.wsgi",
                "--workers",
                str(self.workers),
                "--bind",
                f"127.0.0.1:{self.port}",
                "--backlog",
                "2048",
                "--log-level",
                "warning",
            ],
            cwd=ROOT,
            env=os.environ.copy(),
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                connection = HTTPConnection("127.0.0.1", self.port, timeout=5)
                connection.request("GET", "/bench/hello/")
                if connection.getresponse().status < 500:
                    return self
            except OSError:
                time.sleep(0.3)
        raise SystemExit("gunicorn did not start")

    def __exit__(self, *exc):
        self.process.terminate()
        self.process.wait(timeout=30)


def wrk(port: int, path: str, session: str, seconds: int, connections: int) -> dict:
    """Requests per second and errors of wrk against `path` with the user's session."""
    result = subprocess.run(
        [
            "wrk",
            f"-t{min(2, connections)}",
            f"-c{connections}",
            f"-d{seconds}s",
            "--timeout",
            "30s",
            "--latency",
            "-H",
            f"Cookie: sessionid={session}",
            f"http://127.0.0.1:{port}{path}",
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", result.stdout).group(1))
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", result.stdout)
    socket_errors = re.search(r"Socket errors: (.*)", result.stdout)
    return {
        "rps": rps,
        "non_2xx": int(errors.group(1)) if errors else 0,
        "socket_errors": socket_errors.group(1) if socket_errors else "",
    }


def measure_throughput(
    province, sessions, port, seconds, connections, warm: bool = True
) -> list[Figure]:
    figures = []
    pages = hot_pages(province)
    wrk(port, "/bench/hello/", sessions[pages[0][1]], 1, connections)
    hello = wrk(port, "/bench/hello/", sessions[pages[0][1]], seconds, connections)
    for label, username, url in pages:
        if warm:  # every worker warm (not counted)
            wrk(port, url, sessions[username], 1, connections)
        ours = wrk(port, url, sessions[username], seconds, connections)
        figures.append(
            Figure(
                "1. hot pages (throughput)",
                label,
                ours["rps"],
                "req/s",
                limit=hello["rps"],
                goal="≥ 0.5 × hello-world",
                extra=ours,
            )
        )
    return figures


# --- 2. Registration submit at the deadline ---


def _cookies(response) -> dict:
    found = {}
    for header in response.msg.get_all("Set-Cookie") or []:
        name, _, rest = header.partition("=")
        found[name.strip()] = rest.split(";", 1)[0]
    return found


def _drafts_and_sessions(users: int) -> list[tuple]:
    """The generated last-hour drafts, back to drafts as generated (a run before this one
    submitted them or typed in them), each with a session of its school's head."""
    from django.db import transaction
    from django.test import Client

    from initiatives.models import Initiative, InitiativeEvent, InitiativeVersion
    from initiatives.services import counts
    from units.models import Membership, Role

    drafts = list(
        Initiative.objects.filter(name__startswith="Đăng ký giờ chót")
        .select_related("person_in_charge")
        .order_by("pk")[:users]
    )
    if len(drafts) < users:
        print(f"   only {len(drafts)} drafts in the database (--generate makes {users})")
    ids = [d.pk for d in drafts]
    InitiativeVersion.objects.filter(initiative__in=ids).delete()
    InitiativeEvent.objects.filter(initiative__in=ids).delete()
    Initiative.history.filter(id__in=ids, history_type="~").delete()
    # The boards' counters move with them (initiatives.services.counts).
    with transaction.atomic(), counts.following(ids):
        Initiative.objects.filter(pk__in=ids).update(
            status="draft", submitted_at=None, version=0, is_late=False, steps=DRAFT_STEPS
        )
    heads = {
        m.unit_id: m.user
        for m in Membership.objects.filter(
            unit__in=[d.unit_id for d in drafts], role=Role.UNIT_HEAD
        ).select_related("user")
    }
    prepared = []
    for draft in drafts:
        draft.steps = DRAFT_STEPS
        client = Client()
        client.force_login(heads[draft.unit_id])
        prepared.append((draft, client.cookies["sessionid"].value))
    return prepared


def _form_fields(draft) -> dict:
    """Mẫu 1 as the page posts it (the autosave posts the same form)."""
    return {
        "name": draft.name,
        "kind": draft.kind,
        "area": draft.area,
        "situation": draft.situation,
        "objectives": draft.objectives,
        "steps": draft.steps,
        "expected_results": draft.expected_results,
        "scope": draft.scope,
        "person_in_charge": str(draft.person_in_charge_id),
        "authors": str(draft.person_in_charge_id),
    }


def _csrf_headers(session: str) -> dict:
    """A session's cookie and a CSRF secret sent as both cookie and header, as htmx does."""
    secret = "".join(random.choices(string.ascii_letters + string.digits, k=32))
    return {
        "Cookie": f"sessionid={session}; csrftoken={secret}",
        "X-CSRFToken": secret,
        "Content-Type": "application/x-www-form-urlencoded",
    }


def measure_submissions(province, port: int, users: int) -> list[Figure]:
    """Every prepared draft submitted by its school's head at the same moment."""
    from initiatives.models import Initiative

    prepared = _drafts_and_sessions(users)

    ready = threading.Barrier(len(prepared))
    results = [None] * len(prepared)

    def submit(index: int, draft, session: str) -> None:
        connection = HTTPConnection("127.0.0.1", port, timeout=300)
        path = f"/initiatives/{draft.pk}/edit/"
        connection.request("GET", path, headers={"Cookie": f"sessionid={session}"})
        page = connection.getresponse()
        html = page.read().decode()
        csrf = _cookies(page).get("csrftoken", "")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
        fields = {"csrfmiddlewaretoken": token, **_form_fields(draft), "submit": ""}
        body = urlencode(fields)
        headers = {
            "Cookie": f"sessionid={session}; csrftoken={csrf}",
            "Content-Type": "application/x-www-form-urlencoded",
            "Referer": f"http://127.0.0.1:{port}{path}",
        }
        ready.wait()
        began = time.perf_counter()
        try:
            connection.request("POST", path, body=body, headers=headers)
            response = connection.getresponse()
            response.read()
            ok = response.status == 302 and "/edit/" not in response.getheader("Location", "")
            results[index] = (time.perf_counter() - began, ok, began)
        except OSError:
            results[index] = (time.perf_counter() - began, False, began)

    threads = [
        threading.Thread(target=submit, args=(index, draft, session))
        for index, (draft, session) in enumerate(prepared)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    latencies = sorted(r[0] for r in results)
    errors = sum(1 for r in results if not r[1])
    wall = max(r[0] + r[2] for r in results) - min(r[2] for r in results)
    submitted = Initiative.objects.filter(
        pk__in=[d.pk for d, _s in prepared], status="submitted", version=1
    ).count()
    p95 = latencies[int(0.95 * (len(latencies) - 1))] * 1000
    extra = {"users": len(prepared), "errors": errors, "rows_lost": len(prepared) - submitted}
    hello = concurrent_hello(port, [session for _d, session in prepared])
    return [
        Figure(
            "2. registration submit",
            f"{len(prepared)} heads submit at once: throughput",
            len(prepared) / wall,
            "req/s",
            limit=hello["rps"],
            goal="0 errors, 0 rows lost",
            extra=extra,
        ),
        Figure(
            "2. registration submit",
            f"{len(prepared)} heads submit at once: p95",
            p95,
            "ms",
            limit=hello["p95"],
            goal="≤ 6 × hello-world POST",
            extra=extra,
        ),
        Figure("2. registration submit", "errors", errors, "", goal="0"),
        Figure("2. registration submit", "rows lost", len(prepared) - submitted, "", goal="0"),
    ]


def concurrent_hello(port: int, sessions: list[str]) -> dict:
    """The same users POSTing to hello-world at the same moment (session, CSRF check, the
    same middleware): the floor of the submit."""
    users = len(sessions)
    ready = threading.Barrier(users)
    spans = [None] * users

    def hit(index):
        connection = HTTPConnection("127.0.0.1", port, timeout=300)
        headers = _csrf_headers(sessions[index])
        ready.wait()
        began = time.perf_counter()
        connection.request("POST", "/bench/hello/", body="a=1", headers=headers)
        connection.getresponse().read()
        spans[index] = (began, time.perf_counter())

    threads = [threading.Thread(target=hit, args=(i,)) for i in range(users)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    latencies = sorted(end - began for began, end in spans)
    wall = max(end for _b, end in spans) - min(began for began, _e in spans)
    return {"rps": users / wall, "p95": latencies[int(0.95 * (users - 1))] * 1000}


def _post_loop(port: int, path: str, headers: dict, bodies, seconds: float, ready) -> dict:
    """POST `bodies` (an iterator of (body, tag)) back to back for `seconds`: the requests
    answered 200, the others, and the tag of the last answered 200."""
    connection = HTTPConnection("127.0.0.1", port, timeout=300)
    done, errors, last = 0, 0, None
    ready.wait()
    end = time.perf_counter() + seconds
    while time.perf_counter() < end:
        body, tag = next(bodies)
        try:
            connection.request("POST", path, body=body, headers=headers)
            response = connection.getresponse()
            response.read()
        except OSError:
            errors += 1
            connection.close()
            continue
        if response.status == 200:
            done, last = done + 1, tag
        else:
            errors += 1
    return {"done": done, "errors": errors, "last": last}


def _closed_loop(users: int, work) -> tuple[list[dict], float]:
    """`work(index, ready)` in `users` threads started together; their results and the wall
    time."""
    ready = threading.Barrier(users + 1)
    results = [None] * users

    def run(index):
        results[index] = work(index, ready)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(users)]
    for thread in threads:
        thread.start()
    ready.wait()
    began = time.perf_counter()
    for thread in threads:
        thread.join()
    return results, time.perf_counter() - began


def measure_autosaves(province, port: int, users: int, seconds: int) -> list[Figure]:
    """Every prepared draft's head typing: each posts the form's autosave back to back for
    `seconds` (each a new text), the same users then POSTing to hello-world as long. Rows
    lost: a draft whose stored text is not the last one its autosave answered 200 to."""
    from initiatives.models import Initiative

    prepared = _drafts_and_sessions(users)

    def typing(index, ready):
        draft, session = prepared[index]
        fields = _form_fields(draft)

        def bodies():
            for n in itertools.count(1):
                text = f"{DRAFT_STEPS} Bước {n}: hoàn thiện."
                yield urlencode(fields | {"steps": text}), text

        path = f"/initiatives/{draft.pk}/autosave/"
        headers = _csrf_headers(session) | {"HX-Request": "true"}
        return _post_loop(port, path, headers, bodies(), seconds, ready)

    def hello(index, ready):
        bodies = itertools.repeat(("a=1", None))
        headers = _csrf_headers(prepared[index][1])
        return _post_loop(port, "/bench/hello/", headers, bodies, seconds, ready)

    saved, wall = _closed_loop(len(prepared), typing)
    stored = dict(
        Initiative.objects.filter(pk__in=[d.pk for d, _s in prepared]).values_list("pk", "steps")
    )
    lost = sum(
        1
        for (draft, _s), result in zip(prepared, saved, strict=True)
        if result["last"] is not None and stored[draft.pk] != result["last"]
    )
    errors = sum(r["errors"] for r in saved)
    floor, floor_wall = _closed_loop(len(prepared), hello)
    hello_rps = sum(r["done"] for r in floor) / floor_wall
    _drafts_and_sessions(users)  # the drafts as generated again, for the submit
    extra = {
        "users": len(prepared),
        "autosaves": sum(r["done"] for r in saved),
        "errors": errors,
        "rows_lost": lost,
        "hello_errors": sum(r["errors"] for r in floor),
    }
    group = "2. registration autosave"
    return [
        Figure(
            group,
            f"{len(prepared)} heads typing at once: throughput",
            sum(r["done"] for r in saved) / wall,
            "req/s",
            limit=hello_rps,
            goal="≥ 0.3 × hello-world POST",
            extra=extra,
        ),
        Figure(group, "autosave errors", errors, "", goal="0"),
        Figure(group, "autosave rows lost", lost, "", goal="0"),
    ]


# --- 3. Excel export ---


def excel_child(kind: str) -> None:
    """In a fresh process: export every initiative of the province in one list (ours) or
    write the same rows with bare openpyxl; print time and memory as JSON."""
    generate.start_django(fresh=False)
    from django.db import connection

    from initiatives.exports import COLUMNS, consolidation_items, consolidation_workbook
    from initiatives.models import Consolidation, Initiative

    province = generate.find_province()
    report = {}

    def run():
        consolidation = Consolidation.objects.create(
            tenant_id=province.tenant_id,
            deadline_id=province.deadline_id,
            unit_id=province.department_id,
        )
        through = Consolidation.items.through
        through.objects.bulk_create(
            through(consolidation_id=consolidation.pk, initiative_id=pk)
            for pk in Initiative.objects.filter(tenant_id=province.tenant_id).values_list(
                "pk", flat=True
            )
        )
        consolidation = Consolidation.objects.select_related(
            "unit", "deadline__phase__campaign", "number"
        ).get(pk=consolidation.pk)
        if kind == "bare":
            from openpyxl import Workbook

            rows = [
                (
                    number,
                    item.unit.name,
                    item.name,
                    item.get_kind_display(),
                    item.get_area_display(),
                    item.person_in_charge.full_name if item.person_in_charge_id else "",
                    item.objectives or item.situation,
                    item.expected_results,
                )
                for number, item in enumerate(consolidation_items(consolidation), start=1)
            ]
            connection.close()
        before = _rss_mb()
        began = time.perf_counter()
        if kind == "bare":
            import io

            workbook = Workbook(write_only=True)
            sheet = workbook.create_sheet()
            sheet.append([label for label, _width in COLUMNS])
            for row in rows:
                sheet.append(row)
            output = io.BytesIO()
            workbook.save(output)
            size = len(output.getvalue())
        else:
            size = len(consolidation_workbook(consolidation))
        report.update(
            seconds=time.perf_counter() - began,
            rss_before_mb=before,
            peak_mb=resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
            bytes=size,
            rows=consolidation.items.count() if kind != "bare" else len(rows),
        )

    if kind == "bare":
        # The rows are read first (not timed); the transaction is not needed then.
        from django.db import transaction

        with transaction.atomic():
            run()
            transaction.set_rollback(True)
    else:
        rolled_back(run)
    print(json.dumps(report))


def _rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def measure_excel() -> list[Figure]:
    found = {}
    for kind in ("ours", "bare"):
        result = subprocess.run(
            [sys.executable, __file__, "--excel-child", kind],
            capture_output=True,
            text=True,
            check=True,
            env=os.environ.copy(),
        )
        found[kind] = json.loads(result.stdout.strip().splitlines()[-1])
    ours, bare = found["ours"], found["bare"]
    rows = ours["rows"]
    return [
        Figure(
            "3. Excel export",
            f"{rows:,} initiatives: time",
            ours["seconds"],
            "s",
            limit=bare["seconds"],
            goal="≤ 1.5 × bare openpyxl",
            extra={"ours": ours, "bare": bare},
        ),
        Figure(
            "3. Excel export",
            f"{rows:,} initiatives: peak memory of the process",
            ours["peak_mb"],
            "MB",
            limit=bare["peak_mb"],
            goal="< 300 MB",
        ),
    ]


# --- 4. Award dossier ---


def measure_dossier(province, nominees: int, repeat: int) -> list[Figure]:
    """A council of the first Phòng on `nominees` new nominations (half schools, half
    teachers), its dossier rendered and signed; then plain WeasyPrint on the same HTML."""
    from django.template.loader import render_to_string
    from weasyprint import HTML

    from awards import documents as award_documents
    from awards import services as award_services
    from documents.rendering import _url_fetcher
    from documents.signing import unit_signer
    from tests.factories import council, signing_certificate
    from units.models import Unit
    from units.permissions import SYSTEM

    office = Unit.objects.get(pk=province.district_id)
    figures = []

    def run():
        collectives = nominees // 2
        session = council(office, collectives=collectives, individuals=nominees - collectives)
        award_services.dossier_start(actor=SYSTEM, session=session)
        signing_certificate(office)
        session.refresh_from_db()
        times = []
        for _ in range(repeat):
            began = time.perf_counter()
            award_documents.build_dossier(session.pk, lambda _percent: None)
            times.append(time.perf_counter() - began)
        parts = award_documents.dossier_parts(session, unit_signer(office))
        htmls = [render_to_string(p.template, p.context) for p in parts]
        base_url = ROOT.as_uri() + "/"
        raw = []
        for _ in range(repeat):
            began = time.perf_counter()
            for html in htmls:
                HTML(string=html, base_url=base_url, url_fetcher=_url_fetcher()).write_pdf()
            raw.append(time.perf_counter() - began)
        figures.append(
            Figure(
                "4. award dossier",
                f"{nominees} nominees, {len(parts)} PDFs + merged, signed",
                statistics.median(times),
                "s",
                limit=statistics.median(raw),
                goal="≤ 1.3 × WeasyPrint, < 5 s",
            )
        )

    rolled_back(run)
    return figures


# --- 5. Sweep and consolidation ---


def measure_sweep_and_consolidation(province, repeat: int) -> list[Figure]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from campaign import reminders
    from campaign.models import Deadline, Participation
    from initiatives import services as initiative_services
    from initiatives.models import Consolidation
    from initiatives.selectors import consolidation_candidates
    from units.models import Membership

    deadline = Deadline.objects.select_related("phase__campaign").get(pk=province.deadline_id)
    units = Participation.objects.filter(campaign_id=deadline.phase.campaign_id).count()
    day = deadline.due_date - datetime.timedelta(days=7)
    figures = []

    def sweep():
        with CaptureQueriesContext(connection) as captured:
            began = time.perf_counter()
            result = reminders.reminders_sweep(day=day)
            connection.run_on_commit = []  # the e-mails are not sent here
            elapsed = time.perf_counter() - began
        return elapsed, len(captured), result

    runs = [rolled_back(sweep) for _ in range(repeat)]
    elapsed, queries, result = runs[-1]
    figures.append(
        Figure(
            "5. sweep and consolidation",
            f"reminder sweep over {units:,} units",
            statistics.median(r[0] for r in runs) * 1000,
            "ms",
            goal="constant queries",
            queries=queries,
            extra={"emails_queued": result.emails_queued, "notifications": result.notifications},
        )
    )

    reviewer = Membership.objects.get(unit_id=province.department_id, role="reviewer").user
    items = list(consolidation_candidates(deadline))

    def consolidate():
        with CaptureQueriesContext(connection) as captured:
            began = time.perf_counter()
            consolidation = initiative_services.consolidation_create(
                actor=reviewer, deadline=deadline, items=items
            )
            elapsed = time.perf_counter() - began
        return elapsed, len(captured), consolidation.pk

    def bare_insert():
        # The floor: the same list row and its item links written directly.
        began = time.perf_counter()
        consolidation = Consolidation.objects.create(
            tenant_id=province.tenant_id, deadline=deadline, unit_id=province.department_id
        )
        through = Consolidation.items.through
        through.objects.bulk_create(
            through(consolidation_id=consolidation.pk, initiative_id=item.pk) for item in items
        )
        return time.perf_counter() - began

    runs = [rolled_back(consolidate) for _ in range(repeat)]
    floor = statistics.median(rolled_back(bare_insert) for _ in range(repeat))
    forwards = [rolled_back(lambda: forward_district_list(province)) for _ in range(repeat)]
    figures.append(
        Figure(
            "5. sweep and consolidation",
            f"consolidate {len(items):,} accepted items",
            statistics.median(r[0] for r in runs) * 1000,
            "ms",
            limit=floor * 1000,
            goal="constant queries",
            queries=runs[-1][1],
        )
    )
    figures.append(
        Figure(
            "5. sweep and consolidation",
            f"forward a Phòng's list of {forwards[-1][2]:,} items to the Sở",
            statistics.median(r[0] for r in forwards) * 1000,
            "ms",
            goal="constant queries",
            queries=forwards[-1][1],
        )
    )
    return figures


def forward_district_list(province) -> tuple[float, int, int]:
    """The first Phòng lists everything its schools registered, as if it had accepted it
    all, and forwards the list: (seconds, queries, items)."""
    from django.db import connection, transaction
    from django.test.utils import CaptureQueriesContext

    from campaign.models import Deadline
    from initiatives import services as initiative_services
    from initiatives.models import Initiative
    from initiatives.services import counts
    from units.models import Membership

    deadline = Deadline.objects.get(pk=province.district_deadline_id)
    ids = list(Initiative.objects.filter(deadline=deadline).values_list("pk", flat=True))
    with transaction.atomic(), counts.following(ids):
        Initiative.objects.filter(pk__in=ids).update(review_deadline=deadline, status="accepted")
    reviewer = Membership.objects.get(unit_id=province.district_id, role="reviewer").user
    consolidation = initiative_services.consolidation_create(actor=reviewer, deadline=deadline)
    with CaptureQueriesContext(connection) as captured:
        began = time.perf_counter()
        initiative_services.consolidation_forward(actor=reviewer, consolidation=consolidation)
        elapsed = time.perf_counter() - began
    return elapsed, len(captured), consolidation.items.count()


# --- Output ---


def machine() -> dict:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        postgres = cursor.fetchone()[0]
    cpu = ""
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    memory = Path("/proc/meminfo").read_text().split()[1]
    return {
        "date": datetime.date.today().isoformat(),  # noqa: DTZ011 - the bench's own clock
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory_gb": round(int(memory) / 1024 / 1024),
        "python": platform.python_version(),
        "postgresql": postgres,
    }


def table(figures: list[Figure]) -> str:
    lines = [
        "| figure | ours | limit | ratio | queries | big | big ratio | big / today | goal |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |",
    ]
    group = None

    def value(figure):
        return f"{figure.ours:,.1f} {figure.unit}".strip()

    def ratio(figure):
        return "" if figure is None or figure.ratio is None else f"{figure.ratio:.2f}"

    for figure in figures:
        if figure.group != group:
            group = figure.group
            lines.append(f"| **{group}** | | | | | | | | |")
        limit = "" if figure.limit is None else f"{figure.limit:,.1f} {figure.unit}"
        queries = "" if figure.queries is None else str(figure.queries)
        big = figure.big
        if big is not None and big.queries is not None and big.queries != figure.queries:
            queries += f" / {big.queries}"
        growth = "" if figure.growth is None else f"{figure.growth:.2f}"
        lines.append(
            f"| {figure.name} | {value(figure)} | {limit} | {ratio(figure)} | {queries} "
            f"| {'' if big is None else value(big)} | {ratio(big)} | {growth} | {figure.goal} |"
        )
    return "\n".join(lines)


def size_sizes(args, name: str) -> dict:
    """The generator's sizes of today's province or the big one."""
    base = dict(SMOKE_SIZES) if args.smoke else generate.sizes(args)
    base |= {"years": 1, "tenants": 1}
    if name == "today":
        return base
    if args.smoke:
        return base | BIG_SMOKE_SIZES
    return base | {
        "schools": args.big_schools,
        "districts": args.big_districts,
        "years": args.big_years,
        "tenants": args.big_tenants,
        "other_schools": args.big_other_schools,
    }


def size_environment(name: str) -> dict:
    """The database and cache of a size: the big province's are the others with `_big`
    appended (BENCH_BIG_DATABASE_URL) and the next Redis database (BENCH_BIG_CACHE_URL)."""
    environment = os.environ | {"BENCH_DATABASE_URL": generate.database_url()}
    if name == "big":
        url = urlsplit(generate.database_url())
        environment["BENCH_DATABASE_URL"] = os.environ.get(
            "BENCH_BIG_DATABASE_URL", url._replace(path=url.path + "_big").geturl()
        )
        cache = urlsplit(os.environ.get("BENCH_CACHE_URL", generate.BENCH_CACHE_URL))
        number = int(cache.path.lstrip("/") or 0) + 1
        environment["BENCH_CACHE_URL"] = os.environ.get(
            "BENCH_BIG_CACHE_URL", cache._replace(path=f"/{number}").geturl()
        )
        environment["CACHE_URL"] = environment["BENCH_CACHE_URL"]
    return environment


def migrated_template(args, names) -> str:
    """When a province is to be generated: a freshly migrated database its own is copied
    from (BENCH_DATABASE_URL + `_template`), migrated once for both sizes."""
    urls = [size_environment(name)["BENCH_DATABASE_URL"] for name in names]
    if not args.generate and all(database_exists(url) for url in urls):
        return ""
    url = urlsplit(generate.database_url())
    template = url._replace(path=url.path + "_template").geturl()
    print(f"migrating {template} ...", flush=True)
    subprocess.run(
        [sys.executable, __file__, "--migrate-template"],
        check=True,
        env=os.environ | {"BENCH_DATABASE_URL": template, "BENCH_TEMPLATE_DATABASE": ""},
    )
    return url.path.lstrip("/") + "_template"


def measure_size(args, name: str, template: str) -> tuple[list[Figure], dict]:
    """Every figure on one size, in a process of its own (its own database and cache)."""
    environment = size_environment(name)
    if template:
        environment["BENCH_TEMPLATE_DATABASE"] = template
    with tempfile.TemporaryDirectory() as directory:
        output = Path(directory) / "figures.json"
        subprocess.run(
            [sys.executable, __file__, *sys.argv[1:], "--size-child", name, "--child-json", output],
            check=True,
            env=environment,
        )
        found = json.loads(output.read_text())
    return [Figure.from_json(f) for f in found["figures"]], found["machine"]


def pair(today: list[Figure], big: list[Figure]) -> list[Figure]:
    """Each figure of today's province with the same figure on the big one (whose name may
    carry other counts)."""

    def key(figure):
        return figure.group, re.sub(r"[\d,]+", "N", figure.name)

    by_key = {key(f): f for f in big}
    for figure in today:
        figure.big = by_key.get(key(figure))
    return today


def measure(args, sizes: dict) -> tuple[list[Figure], dict]:
    """Every figure on the province of `sizes` (generated if absent or with --generate)."""
    repeat = args.repeat or (2 if args.smoke else 10)
    # The big smoke is kept short (1 s per page, no warm-up): CI runs it on every submission.
    big_smoke = args.smoke and sizes.get("tenants", 1) > 1
    seconds = args.seconds or (1 if big_smoke else 2 if args.smoke else 10)
    users = args.users or sizes["drafts"]
    nominees = args.nominees or (4 if args.smoke else 50)

    fresh = args.generate or not database_exists()
    generate.start_django(fresh=fresh)
    province = None if fresh else generate.find_province()
    if province is None:
        print(f"generating the province ({sizes}) ...", flush=True)
        province = generate.generate(**sizes)
    else:
        generate.settle()  # what an earlier run rolled back

    print("1. hot pages ...", flush=True)
    figures, sessions = measure_pages(province, repeat)
    with Gunicorn(args.workers) as server:
        figures += measure_throughput(
            province, sessions, server.port, seconds, args.connections, warm=not big_smoke
        )
        print("2. registration autosave and submit ...", flush=True)
        figures += measure_autosaves(province, server.port, users, seconds)
        figures += measure_submissions(province, server.port, users)
    print("3. Excel export ...", flush=True)
    figures += measure_excel()
    generate.settle()  # the export's 30,000 rolled-back list links
    print("4. award dossier ...", flush=True)
    figures += measure_dossier(province, nominees, max(1, repeat // 5))
    print("5. sweep and consolidation ...", flush=True)
    figures += measure_sweep_and_consolidation(province, max(1, repeat // 2))
    return figures, machine() | {"gunicorn_workers": args.workers, "sizes": sizes}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--smoke", action="store_true", help="a small province, briefly")
    parser.add_argument("--generate", action="store_true", help="generate the provinces anew")
    parser.add_argument("--only", choices=SIZE_NAMES, help="measure one size only")
    parser.add_argument("--repeat", type=int, default=None)
    parser.add_argument("--workers", type=int, default=4, help="gunicorn workers")
    parser.add_argument("--seconds", type=int, default=None, help="wrk duration per page")
    parser.add_argument("--connections", type=int, default=8, help="wrk connections")
    parser.add_argument(
        "--users", type=int, default=None, help="simultaneous submitters and typists"
    )
    parser.add_argument("--nominees", type=int, default=None)
    parser.add_argument("--json", type=Path, default=BENCH / "results" / "latest.json")
    parser.add_argument("--excel-child", choices=("ours", "bare"), help=argparse.SUPPRESS)
    parser.add_argument("--size-child", choices=SIZE_NAMES, help=argparse.SUPPRESS)
    parser.add_argument("--child-json", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--migrate-template", action="store_true", help=argparse.SUPPRESS)
    generate.add_size_arguments(parser)
    parser.add_argument("--big-schools", type=int, default=BIG_SIZES["schools"])
    parser.add_argument("--big-districts", type=int, default=BIG_SIZES["districts"])
    parser.add_argument("--big-years", type=int, default=BIG_SIZES["years"])
    parser.add_argument("--big-tenants", type=int, default=BIG_SIZES["tenants"])
    parser.add_argument("--big-other-schools", type=int, default=BIG_SIZES["other_schools"])
    args = parser.parse_args()
    if args.smoke:
        os.environ.setdefault(
            "BENCH_DATABASE_URL", generate.DEFAULT_URL.replace("cchc_bench", "cchc_bench_smoke")
        )
    if args.excel_child:
        excel_child(args.excel_child)
        return
    if args.migrate_template:
        generate.start_django(fresh=True)
        return
    if args.size_child:
        figures, about = measure(args, size_sizes(args, args.size_child))
        args.child_json.write_text(
            json.dumps({"machine": about, "figures": [f.as_json() for f in figures]})
        )
        return
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is needed for the throughput figures: apt-get install wrk")

    started = time.perf_counter()
    measured = {}
    names = (args.only,) if args.only else SIZE_NAMES
    template = migrated_template(args, names)
    for name in names:
        print(f"== {name}'s province: {size_environment(name)['BENCH_DATABASE_URL']}", flush=True)
        began = time.perf_counter()
        measured[name] = measure_size(args, name, template)
        print(f"== {name}'s province done in {time.perf_counter() - began:.0f} s", flush=True)
    first = args.only or "today"
    figures, about = measured[first]
    if "big" in measured and first == "today":
        figures = pair(figures, measured["big"][0])
        about = about | {"big_sizes": measured["big"][1]["sizes"]}
    print()
    print(table(figures))
    print()
    print(
        f"{about['date']}, {about['cpu']}, {about['cores']} cores, {about['memory_gb']} GB, "
        f"Python {about['python']}, PostgreSQL {about['postgresql']}, "
        f"gunicorn {args.workers} workers; measured in {time.perf_counter() - started:.0f} s"
    )
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(
        json.dumps(
            {"machine": about, "figures": [f.as_json() for f in figures]},
            ensure_ascii=False,
            indent=2,
        )
    )
    print(f"written to {args.json}")


def database_exists(url: str = "") -> bool:
    import psycopg

    try:
        psycopg.connect(url or generate.database_url()).close()
    except psycopg.OperationalError:
        return False
    return True


if __name__ == "__main__":
    main()
