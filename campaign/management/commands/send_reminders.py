import datetime

from django.core.management.base import BaseCommand, CommandError

from campaign.reminders import reminders_sweep


def _day(text: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(text)
    except ValueError as exc:
        raise CommandError(f"--date expects YYYY-MM-DD, not {text!r}") from exc


class Command(BaseCommand):
    help = (
        "Run the reminder sweep of one day (default today, local time): reminders before the "
        "due dates, overdue notices and the reviewers' digests. What was sent is never sent "
        "again."
    )

    def add_arguments(self, parser):
        parser.add_argument("--date", type=_day, default=None, help="YYYY-MM-DD")

    def handle(self, *args, date=None, **options):
        result = reminders_sweep(day=date)
        self.stdout.write(
            f"{result.day:%Y-%m-%d}: {result.emails_queued} e-mails queued, "
            f"{result.notifications} in-app notifications, "
            f"{result.already_sent} already sent, {result.requeued} queued again."
        )
