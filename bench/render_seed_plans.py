"""Render every seed plan to PDF and print how long it takes.

    .venv/bin/python bench/render_seed_plans.py [--repeat 5]

Runs on a throw-away SQLite database (or DATABASE_URL if set): migrates, loads the demo
tenants and seed plans, then renders each plan `--repeat` times and prints the median and
the slowest time, with the page count. Not a test: nothing is asserted.
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def start_embedded_django(prefix: str) -> None:
    """Django on a throw-away SQLite database (or DATABASE_URL if set), migrated."""
    workdir = tempfile.mkdtemp(prefix=prefix)
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{workdir}/bench.sqlite3")
    os.environ.setdefault("DEBUG", "True")
    os.environ.setdefault("MEDIA_ROOT", f"{workdir}/media")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    os.environ.setdefault("FAST_PASSWORD_HASHER", "True")

    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def timed(func, repeat: int) -> tuple[float, float, object]:
    """The median and the slowest of `repeat` runs of `func`, with its last result."""
    times, result = [], None
    for _ in range(repeat):
        started = time.perf_counter()
        result = func()
        times.append(time.perf_counter() - started)
    return statistics.median(times), max(times), result


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()

    start_embedded_django("bench-plans-")
    from django.core.management import call_command

    from campaign.documents import render_plan
    from campaign.models import Campaign
    from documents.services import pdf_text

    call_command("load_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115

    print(f"{'plan':18} {'pages':>5} {'median s':>9} {'max s':>7}  title")
    plans = Campaign.objects.filter(status=Campaign.Status.LAUNCHED).select_related(
        "issuing_unit", "number"
    )
    render_plan(plans[0])  # the first render loads fonts and WeasyPrint itself
    for plan in plans.order_by("issuing_unit__tenant__slug", "pk"):
        times = []
        for _ in range(args.repeat):
            started = time.perf_counter()
            document = render_plan(plan)
            times.append(time.perf_counter() - started)
        pages = pdf_text(document.pdf).count("\f")
        print(
            f"{plan.number.display:18} {pages:5d} {statistics.median(times):9.3f} "
            f"{max(times):7.3f}  {plan.title[:60]}"
        )


if __name__ == "__main__":
    main()
