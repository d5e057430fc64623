"""The checks that catch what real plans get wrong, each returning messages for the user.

They work on unsaved objects too, so a form can show every problem before anything is saved:
a child plan's deadline after its parent's (a plan on the platform or an upper-level plan
recorded from outside: both give deadlines with a kind and a due date), a deadline outside the
period, before its phase starts or after it ends, a deadline before the plan's date of issue,
a periodic report due after the plan ends, overlapping phases, a date in the text whose year
contradicts the period (seed 004 says "đến ngày 31 tháng 10 năm 2023" in a 2024 plan), a
percentage target above 100%.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable

from django.utils.translation import gettext as _

from documents.formatting import vn_date_short

from .models import (
    Campaign,
    Deadline,
    ExternalDeadline,
    KpiIndicator,
    KpiTarget,
    Phase,
    ReportSchedule,
)
from .selectors import report_period_title, schedule_occurrences

# Fields whose dates must lie within the period; the legal basis and purpose cite older
# documents by date, so they are not checked.
CHECKED_TEXT_FIELDS = (
    "introduction",
    "requirements",
    "content_collective",
    "content_individual",
    "solutions",
    "award_criteria",
    "award_procedure",
    "implementation",
)

_DATE = (
    r"(?P<d>\d{1,2})\s*/\s*(?P<m>\d{1,2})\s*/\s*(?P<y>\d{4})"
    r"|(?P<d2>\d{1,2})\s+tháng\s+(?P<m2>\d{1,2})\s+năm\s+(?P<y2>\d{4})"
)
# Only dates that bound the campaign's own timetable: "đến ngày", "trước ngày", "từ ngày".
_BOUNDING_DATE = re.compile(rf"(?:đến\s+hết|đến|trước|từ)\s+(?:ngày\s+)?(?:{_DATE})", re.IGNORECASE)


def _period(campaign: Campaign) -> str:
    return f"{vn_date_short(campaign.start_date)} – {vn_date_short(campaign.end_date)}"


def period_errors(campaign: Campaign) -> list[str]:
    if campaign.start_date and campaign.end_date and campaign.end_date < campaign.start_date:
        return [_("The period ends before it starts.")]
    return []


def phase_errors(campaign: Campaign, phases: Iterable[Phase]) -> list[str]:
    errors = []
    phases = sorted(phases, key=lambda p: (p.start_date, p.end_date))
    for phase in phases:
        if phase.end_date < phase.start_date:
            errors.append(_("%(phase)s ends before it starts.") % {"phase": phase.name})
        elif phase.start_date < campaign.start_date or phase.end_date > campaign.end_date:
            errors.append(
                _("%(phase)s (%(start)s – %(end)s) lies outside the campaign period (%(period)s).")
                % {
                    "phase": phase.name,
                    "start": vn_date_short(phase.start_date),
                    "end": vn_date_short(phase.end_date),
                    "period": _period(campaign),
                }
            )
    for earlier, later in zip(phases, phases[1:], strict=False):
        if later.start_date <= earlier.end_date:
            errors.append(
                _("%(a)s and %(b)s overlap: %(b)s starts on %(date)s, before %(a)s ends.")
                % {"a": earlier.name, "b": later.name, "date": vn_date_short(later.start_date)}
            )
    return errors


def deadline_errors(
    campaign: Campaign,
    deadlines: Iterable[tuple[Phase, Deadline]],
    parent_deadlines: Iterable[Deadline | ExternalDeadline] = (),
) -> list[str]:
    """The deadlines against the period, their phases and the upper-level plan's deadlines
    (anything with a `kind` and a `due_date`: a Deadline or an ExternalDeadline)."""
    errors = []
    parent_by_kind: dict[str, list[datetime.date]] = {}
    for parent_deadline in parent_deadlines:
        parent_by_kind.setdefault(parent_deadline.kind, []).append(parent_deadline.due_date)
    for phase, deadline in deadlines:
        label = f"{deadline.get_kind_display()} ({phase.name})"
        due = vn_date_short(deadline.due_date)
        if not campaign.start_date <= deadline.due_date <= campaign.end_date:
            errors.append(
                _("%(deadline)s: %(date)s lies outside the campaign period (%(period)s).")
                % {"deadline": label, "date": due, "period": _period(campaign)}
            )
        elif deadline.due_date < phase.start_date:
            errors.append(
                _("%(deadline)s: %(date)s comes before the phase starts (%(start)s).")
                % {"deadline": label, "date": due, "start": vn_date_short(phase.start_date)}
            )
        elif deadline.due_date > phase.end_date and not deadline.after_phase_end:
            errors.append(
                _(
                    "%(deadline)s: %(date)s comes after the phase ends (%(end)s). Move the "
                    "date into the phase or extend the phase; if the plan really sets it "
                    "after the phase, tick “Due after the phase ends”."
                )
                % {"deadline": label, "date": due, "end": vn_date_short(phase.end_date)}
            )
        # The parent's deadline of the same kind in the same year is the one this plan feeds.
        same_year = [
            d for d in parent_by_kind.get(deadline.kind, []) if d.year == deadline.due_date.year
        ]
        if same_year and deadline.due_date > min(same_year):
            errors.append(
                _(
                    "%(deadline)s: %(date)s is after the upper-level plan's deadline "
                    "(%(parent)s); units must submit before it."
                )
                % {"deadline": label, "date": due, "parent": vn_date_short(min(same_year))}
            )
    return errors


def issue_date_errors(
    issued_on: datetime.date | None, deadlines: Iterable[tuple[Phase, Deadline]]
) -> list[str]:
    """Each deadline that falls before the plan's date of issue: units cannot meet a date
    that has passed when the plan reaches them (a registration "trước ngày 10/01/2026" in a
    plan issued on 15/01/2026 is a typing slip, usually of the year)."""
    if issued_on is None:
        return []
    return [
        _(
            "%(deadline)s: %(date)s comes before the plan's date of issue (%(issued)s). "
            "Correct the deadline or the date of issue."
        )
        % {
            "deadline": f"{deadline.get_kind_display()} ({phase.name})",
            # Both dates as the user typed them, dd/mm/yyyy, to find the slip at a glance.
            "date": deadline.due_date.strftime("%d/%m/%Y"),
            "issued": issued_on.strftime("%d/%m/%Y"),
        }
        for phase, deadline in sorted(deadlines, key=lambda pair: pair[1].due_date)
        if deadline.due_date < issued_on
    ]


def report_schedule_errors(campaign: Campaign, schedules: Iterable[ReportSchedule]) -> list[str]:
    """Each report a schedule asks for (as units will see it) that falls due after the plan
    ends: the year's report "in the month after the period" of a plan ending 31/12."""
    errors = []
    if not (campaign.start_date and campaign.end_date):
        return errors
    for schedule in schedules:
        for period, year, due in schedule_occurrences(
            schedule, campaign.start_date, campaign.end_date
        ):
            if due > campaign.end_date:
                errors.append(
                    _(
                        "%(report)s (%(period)s): due %(date)s, after the plan ends (%(end)s). "
                        "Choose a due date in the period's last month or extend the plan."
                    )
                    % {
                        "report": schedule.name,
                        "period": report_period_title(year, period),
                        "date": vn_date_short(due),
                        "end": vn_date_short(campaign.end_date),
                    }
                )
    return errors


def _text_dates(text: str):
    for match in _BOUNDING_DATE.finditer(text or ""):
        day, month, year = (
            (match["d"], match["m"], match["y"])
            if match["d"]
            else (match["d2"], match["m2"], match["y2"])
        )
        try:
            yield match.group(0), datetime.date(int(year), int(month), int(day))
        except ValueError:
            yield match.group(0), None


def text_errors(campaign: Campaign) -> list[str]:
    errors = []
    labels = {f.name: f.verbose_name for f in Campaign._meta.fields}
    for name in CHECKED_TEXT_FIELDS:
        for written, day in _text_dates(getattr(campaign, name)):
            if day is None:
                errors.append(
                    _('"%(section)s": "%(text)s" is not a real date.')
                    % {"section": labels[name], "text": written}
                )
            elif not campaign.start_date <= day <= campaign.end_date:
                errors.append(
                    _(
                        '"%(section)s" says "%(text)s", outside the campaign period '
                        "(%(period)s). Check the year."
                    )
                    % {"section": labels[name], "text": written, "period": _period(campaign)}
                )
    return errors


def target_errors(targets: Iterable[KpiTarget]) -> list[str]:
    errors = []
    for target in targets:
        if target.value < 0:
            errors.append(_("%(name)s: a target cannot be negative.") % {"name": target.indicator})
        elif target.indicator.measure == KpiIndicator.Measure.PERCENT and target.value > 100:
            errors.append(
                _("%(name)s: a percentage target cannot be above 100%% (%(value)s).")
                % {"name": target.indicator, "value": target.value}
            )
    return errors
