"""The review board of a department with 3,000 schools and 30,000 initiatives.

    .venv/bin/python bench/review_board.py [--schools 3000] [--per-school 10] [--repeat 10]

Needs PostgreSQL: BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/cchc_bench)
names a database that is dropped and created afresh. Builds one department, 30 district
offices, the schools below them, a launched plan of the department in which the schools take
part, and the initiatives (bulk inserts, a mix of every status, some late); then requests the
reviewer's board page through Django's test client and prints the server time (median and
max over --repeat requests) and the number of SQL queries. Not a test: nothing is asserted.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def recreate_database(url: str) -> None:
    import psycopg

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    admin = parts._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}"')
        connection.execute(f'CREATE DATABASE "{name}"')


def start_django() -> None:
    """Django on a fresh BENCH_DATABASE_URL database, migrated; e-mail to memory."""
    url = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/cchc_bench")
    recreate_database(url)
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DEBUG", "True")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    os.environ.setdefault("FAST_PASSWORD_HASHER", "True")

    import django

    django.setup()
    from django.core.management import call_command
    from django.test.utils import setup_test_environment

    setup_test_environment()
    call_command("migrate", verbosity=0)


def build(schools: int, per_school: int):
    import datetime

    from django.utils import timezone

    from campaign import services as campaign_services
    from campaign.models import Deadline
    from initiatives.models import CchcArea, Initiative, InitiativeKind
    from units import services as unit_services
    from units.models import Role, Tenant, UnitKind, User
    from units.text import fold

    kinds = {k.code: k for k in UnitKind.objects.all()}
    tenant = Tenant.objects.create(name="Sở GD&ĐT (bench)", slug="bench")
    root = unit_services.unit_create(
        actor=None, tenant=tenant, code="SGDDT", name="Sở Giáo dục và Đào tạo", kind=kinds["so"]
    )
    offices = [
        unit_services.unit_create(
            actor=None,
            tenant=tenant,
            parent=root,
            code=f"PGD{i:02d}",
            name=f"Phòng Giáo dục và Đào tạo số {i}",
            kind=kinds["phong-gddt"],
        )
        for i in range(30)
    ]
    school_units = []
    for i in range(schools):
        school_units.append(
            unit_services.unit_create(
                actor=None,
                tenant=tenant,
                parent=offices[i % 30],
                code=f"T{i:05d}",
                name=f"Trường Mầm non số {i}",
                kind=kinds["truong-mam-non"],
            )
        )
    plan = campaign_services.campaign_create(
        actor=None,
        issuing_unit=root,
        title="Phát động phong trào thi đua “Cải cách hành chính” năm 2024",
        start_date=datetime.date(2024, 1, 1),
        end_date=datetime.date(2024, 12, 31),
        participant_kinds=[kinds["truong-mam-non"]],
    )
    phase = campaign_services.phase_save(
        actor=None,
        campaign=plan,
        name="Đợt 1",
        start_date=datetime.date(2024, 4, 1),
        end_date=datetime.date(2024, 8, 25),
    )
    deadline = campaign_services.deadline_save(
        actor=None,
        phase=phase,
        kind="registration",
        due_date=datetime.date(2024, 8, 25),
        receiving_unit=root,
    )
    campaign_services.campaign_launch(
        actor=None, campaign=plan, issued_on=datetime.date(2024, 3, 20)
    )
    deadline = Deadline.objects.get(pk=deadline.pk)
    statuses = list(Initiative.Status.values)
    areas = list(CchcArea.values)
    now = timezone.now()
    rows = []
    for index, school in enumerate(school_units):
        # Every tenth school has sent nothing: the board must show it.
        if index % 10 == 9:
            continue
        for n in range(per_school):
            name = f"Mô hình {n} của {school.name}"
            status = statuses[(index + n) % len(statuses)]
            rows.append(
                Initiative(
                    tenant=tenant,
                    campaign=plan,
                    deadline=deadline,
                    review_deadline=deadline,
                    unit=school,
                    name=name,
                    kind=InitiativeKind.MODEL,
                    area=areas[n % len(areas)],
                    status=status,
                    is_late=status != "draft" and n % 7 == 0,
                    submitted_at=None if status == "draft" else now,
                    search_text=fold(f"{name} {school.name}"),
                )
            )
    Initiative.objects.bulk_create(rows, batch_size=5000)
    reviewer = User.objects.create(username="bench-reviewer", tenant=tenant)
    unit_services.membership_grant(actor=None, user=reviewer, unit=root, role=Role.REVIEWER)
    return reviewer, deadline, len(rows)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--schools", type=int, default=3000)
    parser.add_argument("--per-school", type=int, default=10)
    parser.add_argument("--repeat", type=int, default=10)
    args = parser.parse_args()

    start_django()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    started = time.perf_counter()
    reviewer, deadline, items = build(args.schools, args.per_school)
    elapsed = time.perf_counter() - started
    print(f"built {args.schools} schools and {items} initiatives in {elapsed:.1f} s")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")

    client = Client()
    client.force_login(reviewer)
    url = reverse("initiatives:board", kwargs={"deadline_id": deadline.pk})
    for page in ("board", "search"):
        params = {"q": "truong mam non so 1234"} if page == "search" else {}
        client.get(url, params)  # warm up
        times, queries = [], 0
        for _ in range(args.repeat):
            with CaptureQueriesContext(connection) as captured:
                began = time.perf_counter()
                response = client.get(url, params)
                times.append((time.perf_counter() - began) * 1000)
            assert response.status_code == 200, response.status_code
            queries = len(captured)
        print(
            f"{page:7} median {statistics.median(times):7.1f} ms  max {max(times):7.1f} ms  "
            f"{queries} queries  {len(response.content) // 1024} KiB"
        )


if __name__ == "__main__":
    main()
