"""A plan launched to every school of a province: the time and the queries of the launch
transaction, notifications included (issue 20: one insert for all of them, whatever the
number of schools; the e-mails leave on commit, through the worker, and are not measured).

    BENCH_DATABASE_URL=postgres://cchc:cchc@127.0.0.1:5432/<a database of yours> \\
        .venv/bin/python bench/plan_launch.py [--schools 3000] [--districts 30] [--repeat 3]

The database named is DROPPED and built afresh (units, a head and a member of staff per
school; none of generate.py's initiatives): never point it at the bench province's.
Each launch runs in a transaction rolled back afterwards, so every repeat launches the same
draft to the same schools.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH.parent))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--schools", type=int, default=3000)
    parser.add_argument("--districts", type=int, default=30)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    if "BENCH_DATABASE_URL" not in os.environ:
        sys.exit("Set BENCH_DATABASE_URL to a database of your own: it is dropped and rebuilt.")

    from bench import generate

    generate.start_django(fresh=True)

    import datetime

    from django.db import connection, transaction
    from django.test.utils import CaptureQueriesContext

    from bench.run import rolled_back
    from campaign import services as campaign_services
    from notifications.models import Notification
    from units.models import Tenant
    from units.permissions import SYSTEM

    started = time.perf_counter()
    with transaction.atomic():
        tenant = Tenant.objects.create(name="Sở GD&ĐT tỉnh (bench)", slug=generate.TENANT_SLUG)
        department, offices, schools, kinds = generate.build_units(
            tenant, args.districts, args.schools
        )
        generate.build_people(tenant, department, offices, schools, 1, random.Random(2024))
        today = datetime.date.today()  # noqa: DTZ011 - the bench's own clock
        plan = campaign_services.campaign_create(
            actor=SYSTEM,
            issuing_unit=department,
            title=f"Phát động phong trào thi đua “Cải cách hành chính” năm {today.year}",
            start_date=today,
            end_date=today + datetime.timedelta(days=200),
            participant_kinds=kinds,
        )
        phase = campaign_services.phase_save(
            actor=SYSTEM,
            campaign=plan,
            name="Đợt 1",
            start_date=today,
            end_date=today + datetime.timedelta(days=60),
        )
        campaign_services.deadline_save(
            actor=SYSTEM,
            phase=phase,
            kind="registration",
            due_date=today + datetime.timedelta(days=30),
            receiving_unit=department,
        )
    generate.settle()
    print(f"built {args.schools:,} schools in {time.perf_counter() - started:.0f} s")

    def launch():
        with CaptureQueriesContext(connection) as captured:
            began = time.perf_counter()
            campaign_services.campaign_launch(actor=SYSTEM, campaign=plan, issued_on=today)
            elapsed = time.perf_counter() - began
        slowest = sorted(captured.captured_queries, key=lambda q: -float(q["time"]))[:4]
        return (
            elapsed,
            len(captured),
            Notification.objects.filter(kind="plan_launched").count(),
            [(float(q["time"]), q["sql"][:90]) for q in slowest],
        )

    # The same launch without its notifications: what they add.
    told = campaign_services.notices.plan_launched
    campaign_services.notices.plan_launched = lambda **kwargs: None  # type: ignore[assignment]
    bare = [rolled_back(launch)[0] for _ in range(args.repeat)]
    campaign_services.notices.plan_launched = told
    runs = [rolled_back(launch) for _ in range(args.repeat)]
    seconds = [run[0] for run in runs]
    print(
        f"launch to {args.schools:,} schools: median {statistics.median(seconds) * 1000:.0f} ms "
        f"(min {min(seconds) * 1000:.0f}, max {max(seconds) * 1000:.0f}), "
        f"{runs[0][1]} queries, {runs[0][2]:,} notifications"
    )
    print(f"the same launch without notifications: median {statistics.median(bare) * 1000:.0f} ms")
    print("slowest statements of the last launch (s):")
    for seconds_taken, sql in runs[-1][3]:
        print(f"  {seconds_taken:.3f}  {sql}")


if __name__ == "__main__":
    main()
