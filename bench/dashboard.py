"""The CCHC dashboard of a department with 3,000 schools and four periods of reports.

    .venv/bin/python bench/dashboard.py [--schools 3000] [--repeat 10]

Needs PostgreSQL: BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/cchc_bench)
names a database that is dropped and created afresh. Builds the department of
`review_board.py` (30 offices, the schools below them, two initiatives per school), gives the
department's plan seed 001's targets and report schedule, and files the four reports of 2024
for every school but every twentieth (bulk inserts; figures vary so that some units miss
their targets and some figures are not applicable). Then requests the reviewer's dashboard
at the department and at one office, and the Excel export, and prints the server time
(median and max over --repeat requests) and the number of SQL queries. Not a test.
"""

import argparse
import statistics
import sys
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))

from review_board import ROOT, build, start_django  # noqa: E402

sys.path.insert(0, str(ROOT))

TARGETS = (
    ("tthc-dung-han", "gte", 98),
    ("hai-long-tthc", "gte", 95),
    ("xin-loi-tre-han", "gte", 100),
    ("van-ban-dien-tu", "gte", 100),
    ("chu-ky-so", "gte", 100),
    ("thanh-toan-khong-tien-mat", "gte", 100),
    ("so-mo-hinh", "gte", 1),
)


def add_reports(deadline) -> int:
    """Seed 001's targets and schedule on the plan (set while it is a draft, as the
    services require), then four submitted reports per school: bulk inserts."""
    from django.utils import timezone

    from campaign.models import (
        Campaign,
        KpiIndicator,
        KpiTarget,
        Participation,
        ReportSchedule,
    )
    from campaign.services import kpi_catalogue_ensure
    from reports.models import PeriodicReport, ReportFigure, figure_value

    plan = deadline.phase.campaign
    kpi_catalogue_ensure(plan.tenant)
    indicators = {i.code: i for i in KpiIndicator.objects.filter(tenant=plan.tenant)}
    Campaign.objects.filter(pk=plan.pk).update(status=Campaign.Status.DRAFT)
    targets = KpiTarget.objects.bulk_create(
        KpiTarget(campaign=plan, indicator=indicators[code], comparator=comparator, value=value)
        for code, comparator, value in TARGETS
    )
    Campaign.objects.filter(pk=plan.pk).update(status=Campaign.Status.LAUNCHED)
    schedule = ReportSchedule.objects.create(
        campaign=plan,
        periods=["q1", "h1", "q3", "year"],
        due_day=5,
        receiving_unit=plan.issuing_unit,
    )
    schools = list(
        Participation.objects.filter(campaign=plan)
        .values_list("unit_id", flat=True)
        .order_by("unit_id")
    )
    now = timezone.now()
    reports = PeriodicReport.objects.bulk_create(
        (
            PeriodicReport(
                tenant_id=plan.tenant_id,
                schedule=schedule,
                year=2024,
                period=period,
                unit_id=unit_id,
                status="submitted",
                submitted_at=now,
            )
            for index, unit_id in enumerate(schools)
            if index % 20 != 19
            for period in ("q1", "h1", "q3", "year")
        ),
        batch_size=5000,
    )
    figures = []
    for number, report in enumerate(reports):
        for index, target in enumerate(targets):
            total = 20 + (number * 7 + index * 13) % 200
            measure = target.indicator.measure
            if measure == "count":
                numerator, denominator = number % 3, None
            elif (number + index) % 17 == 0:
                numerator, denominator = 0, 0
            else:
                numerator, denominator = total - (number + index) % 4, total
            value = figure_value(measure, numerator, denominator)
            figures.append(
                ReportFigure(
                    report=report,
                    target=target,
                    numerator=numerator,
                    denominator=denominator,
                    meets=None if value is None else target.is_met_by(value),
                )
            )
    ReportFigure.objects.bulk_create(figures, batch_size=10000)
    return len(reports), len(figures), schedule


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--schools", type=int, default=3000)
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()

    start_django()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    started = time.perf_counter()
    reviewer, deadline, items = build(args.schools, 2)
    reports, figures, schedule = add_reports(deadline)
    print(
        f"built {args.schools} schools, {items} initiatives, {reports} reports and {figures} "
        f"figures in {time.perf_counter() - started:.1f} s"
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    connection.queries_log.clear()

    client = Client()
    client.force_login(reviewer)
    from units.models import Unit

    office = Unit.objects.get_children(deadline.phase.campaign.issuing_unit).first()
    query = f"schedule={schedule.pk}&year=2024&period=q3"
    pages = (
        ("dashboard, department", f"/reports/dashboard/?{query}"),
        ("dashboard, one office", f"/reports/dashboard/?{query}&unit={office.pk}"),
        ("excel, department", f"/reports/dashboard/excel/?{query}"),
    )
    for label, url in pages:
        client.get(url)  # warm up
        times = []
        for _ in range(args.repeat):
            with CaptureQueriesContext(connection) as captured:
                began = time.perf_counter()
                response = client.get(url)
                times.append((time.perf_counter() - began) * 1000)
            assert response.status_code == 200, response.status_code
        print(
            f"{label:22} median {statistics.median(times):7.1f} ms  max {max(times):7.1f} ms  "
            f"{len(captured)} queries  {len(response.content) // 1024} KiB"
        )


if __name__ == "__main__":
    main()
