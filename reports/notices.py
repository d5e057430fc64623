"""What periodic-report transitions tell people (issue 20): a report reopened goes back to
the unit's heads and staff with the reason; a report sent late reaches the reviewers of the
receiving unit (their digest by default: the channel is the notifications app's choice).
Vietnamese written directly, in the transition's transaction; the actor is not told."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone

from campaign.notices import by_line, others, plan_name
from campaign.selectors import report_period_title
from documents.formatting import vn_date_short
from notifications.kinds import Kind
from notifications.services import notify
from units.permissions import Actor
from units.selectors import unit_people_users, unit_reviewers_users

from .models import PeriodicReport, receiving_unit_of


def _what(report: PeriodicReport) -> str:
    """ "báo cáo quý I năm 2024 (Kế hoạch số 12/KH-SGDĐT)"."""
    campaign = report.schedule.campaign
    title = report_period_title(report.year, report.period)
    return f"báo cáo {title} ({plan_name(campaign)})"


def _url(report: PeriodicReport) -> str:
    return reverse("reports:detail", kwargs={"periodicreport_id": report.pk})


def report_reopened(*, actor: Actor, report: PeriodicReport) -> None:
    unit = report.unit
    receiver = receiving_unit_of(report.schedule)
    what = _what(report)
    notify(
        others(unit_people_users([unit.pk]).get(unit.pk, []), actor),
        actor=actor,
        tenant=report.tenant_id,
        kind=Kind.REPORT_REOPENED,
        title=f"{receiver.name} trả lại {what} để chỉnh sửa",
        body=(
            f"{receiver.name} đã mở lại {what} của {unit.name} để đơn vị chỉnh sửa và gửi "
            f"lại.\nLý do: {report.reopen_reason}{by_line(actor)}"
        ),
        url=_url(report),
        email=True,
    )


def report_late(*, actor: Actor, report: PeriodicReport, due) -> None:
    receiver = receiving_unit_of(report.schedule)
    what = _what(report)
    sent = report.submitted_at
    when = f" ngày {vn_date_short(timezone.localdate(sent))}" if sent else ""
    due_text = f" (hạn {vn_date_short(due)})" if due else ""
    notify(
        others(unit_reviewers_users([receiver.pk]).get(receiver.pk, []), actor),
        actor=actor,
        tenant=report.tenant_id,
        kind=Kind.REPORT_LATE,
        title=f"{report.unit.name} gửi muộn {what}",
        body=(
            f"{report.unit.name} đã gửi {what}{when}, quá hạn{due_text}. "
            f"Báo cáo đã được tiếp nhận và đánh dấu nộp muộn.{by_line(actor)}"
        ),
        url=_url(report),
        email=True,
    )
