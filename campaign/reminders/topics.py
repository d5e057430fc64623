"""What a reminder is about: a plan's deadline or one report of a recurring schedule, with
the words and links its messages use."""

from __future__ import annotations

import datetime

from campaign import obligations
from campaign.models import Deadline, DeadlineKind, ReminderLog
from campaign.selectors import report_period_title

# What a unit owes for each kind of deadline, as the e-mail says it.
OWED_PHRASES: dict[str, str] = {
    DeadlineKind.REGISTRATION: "bản đăng ký mô hình, giải pháp, sáng kiến (Mẫu 1)",
    DeadlineKind.RESULT_REPORT: "báo cáo kết quả thực hiện mô hình, giải pháp (Mẫu 2)",
    DeadlineKind.AWARD_PROPOSAL: "hồ sơ đề nghị khen thưởng",
    DeadlineKind.SUMMARY: "báo cáo tổng kết",
    DeadlineKind.PLAN_SUBMISSION: "kế hoạch triển khai của đơn vị",
    DeadlineKind.PERIODIC_REPORT: "báo cáo định kỳ",
}


class Topic:
    """What a reminder is about: a deadline, or one report of a recurring schedule (seed
    001's quarterly reports, which are not deadline rows). Texts are read in the language
    active when they are used."""

    def __init__(self, *, deadline: Deadline | None = None, occurrence=None):
        self.deadline, self.occurrence = deadline, occurrence
        if deadline is not None:
            self.campaign = deadline.phase.campaign
            self.receiver = deadline.receiving_unit or self.campaign.issuing_unit
            self.due = deadline.due_date
            self.key = ("deadline", deadline.pk)
        else:
            self.campaign = occurrence.schedule.campaign
            self.receiver = occurrence.schedule.receiving_unit or self.campaign.issuing_unit
            self.due = occurrence.due
            self.key = ("report", *occurrence.key)

    @classmethod
    def of(cls, log: ReminderLog) -> Topic:
        if log.deadline_id:
            return cls(deadline=log.deadline)
        # A log without a deadline is a periodic report's: it has its schedule and period.
        assert log.schedule is not None and log.year is not None
        return cls(
            occurrence=obligations.Occurrence(log.schedule, log.year, log.period, log.due_date)
        )

    @property
    def what(self) -> str:
        if self.deadline is not None:
            return f"{self.deadline.get_kind_display()} — {self.deadline.phase.name}"
        return f"Báo cáo {report_period_title(self.occurrence.year, self.occurrence.period)}"

    @property
    def phase_name(self) -> str:
        return self.deadline.phase.name if self.deadline is not None else ""

    @property
    def owed_phrase(self) -> str:
        if self.deadline is not None:
            kind = self.deadline.kind
            return OWED_PHRASES.get(kind, self.deadline.get_kind_display())
        title = report_period_title(self.occurrence.year, self.occurrence.period)
        return f"báo cáo kết quả thực hiện công tác cải cách hành chính {title}"

    def unit_url(self) -> str:
        if self.deadline is not None:
            obligation = obligations.obligation_for(self.deadline.kind)
            return obligation.url_for_unit(self.deadline) if obligation else ""
        return obligations.periodic_urls()[0]

    def board_url(self) -> str:
        if self.deadline is not None:
            obligation = obligations.obligation_for(self.deadline.kind)
            return obligation.url_for_board(self.deadline) if obligation else ""
        occurrence = self.occurrence
        query = f"?schedule={occurrence.schedule.pk}&year={occurrence.year}"
        return obligations.periodic_urls()[1] + f"{query}&period={occurrence.period}"

    def due_for(self, unit_id: int) -> datetime.date:
        """The unit's due date: its extension counts for a deadline; a report has none."""
        return self.deadline.due_date_for(unit_id) if self.deadline is not None else self.due

    def still_owes(self, unit_id: int) -> bool:
        if self.deadline is not None:
            return obligations.still_owes(self.deadline, unit_id)
        found = obligations.periodic_owed([self.occurrence], {unit_id}).get(self.occurrence.key)
        return found is not None and unit_id in found.owing

    def log(self, unit_id, kind, offset, channel, day, due) -> ReminderLog:
        occurrence = self.occurrence
        return ReminderLog(
            tenant_id=self.campaign.tenant_id,
            deadline=self.deadline,
            schedule=occurrence.schedule if occurrence else None,
            year=occurrence.year if occurrence else None,
            period=occurrence.period if occurrence else "",
            unit_id=unit_id,
            kind=kind,
            offset=offset,
            channel=channel,
            day=day,
            due_date=due,
        )
