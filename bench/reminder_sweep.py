"""The daily reminder sweep over a department with 3,000 schools.

    .venv/bin/python bench/reminder_sweep.py [--schools 3000] [--per-school 2] [--repeat 5]

Needs PostgreSQL: BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/cchc_bench)
names a database that is dropped and created afresh. Builds the department of
`review_board.py` (every tenth school has sent nothing, others have items of every status),
gives every school a head and a member of staff with an e-mail, then runs the sweep of the day
7 days before the deadline: it prints the time and the number of SQL queries of the sweep (the
rows written, the e-mails queued), then the time to render and hand every queued e-mail to
Django's in-memory mail backend. Not a test: nothing is asserted.
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


def add_school_staff(deadline) -> int:
    from units.models import Membership, Role, Unit, User

    schools = list(
        Unit.objects.filter(participations__campaign_id=deadline.phase.campaign_id).order_by("pk")
    )
    users = User.objects.bulk_create(
        User(
            username=f"{school.code}-{role}",
            email=f"{school.code.lower()}-{role}@truong.edu.vn",
            tenant_id=school.tenant_id,
        )
        for school in schools
        for role in ("head", "staff")
    )
    Membership.objects.bulk_create(
        Membership(
            tenant_id=user.tenant_id,
            user=user,
            unit=school,
            role=Role.UNIT_HEAD if user.username.endswith("head") else Role.UNIT_STAFF,
        )
        for school, pair in zip(schools, zip(users[::2], users[1::2], strict=True), strict=True)
        for user in pair
    )
    return len(schools)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--schools", type=int, default=3000)
    parser.add_argument("--per-school", type=int, default=2)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()

    start_django()  # e-mail goes to the in-memory backend
    import datetime

    from django.core import mail
    from django.db import connection

    from campaign.tasks import reminder_deliver_task
    from initiatives.models import Initiative

    started = time.perf_counter()
    _reviewer, deadline, items = build(args.schools, args.per_school)
    schools = add_school_staff(deadline)
    print(
        f"built {schools} schools, {2 * schools} staff and {items} initiatives "
        f"in {time.perf_counter() - started:.1f} s"
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    connection.queries_log.clear()  # the build filled it; counts below start from empty

    day = deadline.due_date - datetime.timedelta(days=7)
    queued = measure_sweep("as built", day, args.repeat)
    connection.run_on_commit = []
    began = time.perf_counter()
    for pk in queued:
        reminder_deliver_task.apply(args=[pk])
    elapsed = time.perf_counter() - began
    print(
        f"deliver {len(mail.outbox)} e-mails (render + mark sent, in-memory backend) "
        f"in {elapsed:.1f} s, {elapsed / max(len(mail.outbox), 1) * 1000:.1f} ms each"
    )
    # The first reminder of a registration: nobody has sent anything yet, every school owes.
    Initiative.objects.all().delete()
    measure_sweep("nobody has submitted", day, args.repeat)


def measure_sweep(label: str, day, repeat: int) -> list[int]:
    """Time the sweep of `day` from scratch `repeat` times, then once more on the same day;
    return the ids of the e-mails it queued (not sent: sending is measured apart)."""
    from django.db import connection, transaction
    from django.test.utils import CaptureQueriesContext

    from campaign import reminders
    from campaign.models import Notification, ReminderLog

    times = []
    for _ in range(repeat):
        ReminderLog.objects.all().delete()
        Notification.objects.all().delete()
        with CaptureQueriesContext(connection) as captured:
            began = time.perf_counter()
            with transaction.atomic():
                result = reminders.reminders_sweep(day=day)
                # Queued on commit otherwise: the sending is measured on its own.
                connection.run_on_commit = []
            times.append((time.perf_counter() - began) * 1000)
    print(
        f"{label}: sweep median {statistics.median(times):.0f} ms, max {max(times):.0f} ms, "
        f"{len(captured)} queries; {result.emails_queued} e-mails queued, "
        f"{result.notifications} notifications"
    )
    queued = list(ReminderLog.objects.filter(status="pending").values_list("pk", flat=True))
    with CaptureQueriesContext(connection) as captured:
        began = time.perf_counter()
        with transaction.atomic():
            again = reminders.reminders_sweep(day=day)
            connection.run_on_commit = []
        repeat_ms = (time.perf_counter() - began) * 1000
    print(
        f"{label}: second sweep of the day {repeat_ms:.0f} ms, {len(captured)} queries; "
        f"{again.emails_queued} e-mails queued, {again.already_sent} rows already written"
    )
    return queued


if __name__ == "__main__":
    main()
