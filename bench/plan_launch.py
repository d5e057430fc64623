"""A plan launched to every school of a province: the time and the queries of the launch
transaction, notifications included (issue 20: two `INSERT … SELECT` for all of them,
whatever the number of schools; the e-mails leave on commit, through the worker, and are not
measured). Prints the ratios to limits measured in the same run: the launch with its
notifications to the same launch without them (goal: at most 3), and the launch to every
school to the launch of one district's plan to its own (the same number of queries).

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
        # The province's plan, to every school, and one district's, to its own: what the
        # launch costs as the number of schools grows.
        plan = draft(campaign_services, department, kinds, today)
        small = draft(campaign_services, offices[0], kinds, today)
    generate.settle()
    print(f"built {args.schools:,} schools in {time.perf_counter() - started:.0f} s")

    def launch(campaign):
        with CaptureQueriesContext(connection) as captured:
            began = time.perf_counter()
            campaign_services.campaign_launch(actor=SYSTEM, campaign=campaign, issued_on=today)
            elapsed = time.perf_counter() - began
        slowest = sorted(captured.captured_queries, key=lambda q: -float(q["time"]))[:4]
        # Django's foreign keys are checked at commit (deferred), which the rolled-back
        # launch never reaches: what those checks would add, timed apart.
        began = time.perf_counter()
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        checks = time.perf_counter() - began
        return (
            elapsed,
            len(captured),
            Notification.objects.filter(kind="plan_launched").count(),
            [(float(q["time"]), q["sql"][:90]) for q in slowest],
            checks,
        )

    def median_ms(runs, field: int = 0) -> float:
        return statistics.median(run[field] for run in runs) * 1000

    schools_of_small = campaign_services.participating_units(small).count()
    # Interleaved, so that a load on the machine weighs on each alike.
    told = campaign_services.notices.plan_launched
    bare, runs, few = [], [], []
    rolled_back(lambda: launch(plan))  # warm-up: caches, the first plan of the page cache
    rolled_back(lambda: launch(small))
    for _ in range(args.repeat):
        # The same launch without its notifications: the limit they are measured against.
        campaign_services.notices.plan_launched = lambda **kwargs: None  # type: ignore[assignment]
        bare.append(rolled_back(lambda: launch(plan)))
        campaign_services.notices.plan_launched = told
        runs.append(rolled_back(lambda: launch(plan)))
        few.append(rolled_back(lambda: launch(small)))
    with_notices, without, small_ms = median_ms(runs), median_ms(bare), median_ms(few)
    # Each ratio is of two runs made one after the other, their median printed: steadier
    # than a ratio of medians on a machine that others load.
    added = statistics.median(run[0] / limit[0] for run, limit in zip(runs, bare, strict=True))
    grown = statistics.median(run[0] / limit[0] for run, limit in zip(runs, few, strict=True))
    print(
        f"launch to {args.schools:,} schools: median {with_notices:.0f} ms "
        f"(min {min(r[0] for r in runs) * 1000:.0f}, max {max(r[0] for r in runs) * 1000:.0f}), "
        f"{runs[0][1]} queries, {runs[0][2]:,} notifications"
    )
    print(f"the same launch without notifications: median {without:.0f} ms, {bare[0][1]} queries")
    print(
        f"launch to {schools_of_small:,} schools: median {small_ms:.0f} ms, {few[0][1]} queries, "
        f"{few[0][2]:,} notifications"
    )
    print(
        f"ratio with / without notifications: {added:.2f} (goal <= 3); "
        f"{args.schools:,} / {schools_of_small:,} schools: time {grown:.2f}, "
        f"queries {runs[0][1]} / {few[0][1]} (equal: {runs[0][1] == few[0][1]})"
    )
    print(
        f"deferred foreign-key checks the commit would add: {median_ms(runs, 4):.0f} ms "
        f"(without notifications {median_ms(bare, 4):.0f} ms)"
    )
    print("slowest statements of the last launch (s):")
    for seconds_taken, sql in runs[-1][3]:
        print(f"  {seconds_taken:.3f}  {sql}")


def draft(campaign_services, issuer, kinds, today):
    """A draft plan of `issuer` to its schools of `kinds`, one phase, one deadline."""
    import datetime

    from units.permissions import SYSTEM

    plan = campaign_services.campaign_create(
        actor=SYSTEM,
        issuing_unit=issuer,
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
        receiving_unit=issuer,
    )
    return plan


if __name__ == "__main__":
    main()
