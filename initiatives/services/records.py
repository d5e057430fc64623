"""What every transition of an item shares: the locked row, the audit event, the text a
submission freezes, the search text, and the submit by a deadline (Mẫu 1 and Mẫu 2)."""

from __future__ import annotations

from campaign.models import Deadline
from campaign.submission import submit
from core.text import fold
from initiatives.models import REGISTRATION_FIELDS, Initiative, InitiativeEvent, ResultReport
from units.permissions import as_user

Status = Initiative.Status
Action = InitiativeEvent.Action


def record_event(initiative, actor, action, from_status, comment="", *, to_status=None):
    """The item's audit row; `to_status` when another row moved (its result report)."""
    InitiativeEvent.objects.create(
        tenant_id=initiative.tenant_id,
        initiative=initiative,
        actor=as_user(actor),
        action=action,
        from_status=from_status,
        to_status=initiative.status if to_status is None else to_status,
        comment=comment,
    )


def search_text_of(initiative: Initiative, authors=None) -> str:
    """What the accent-insensitive search reads; `authors` when they are being set."""
    people = " ".join(
        p.full_name for p in (initiative.authors.all() if authors is None else authors)
    )
    in_charge = initiative.person_in_charge.full_name if initiative.person_in_charge else ""
    return fold(f"{initiative.name} {initiative.unit.name} {in_charge} {people}")


def refresh_search_text(initiative: Initiative) -> None:
    initiative.search_text = search_text_of(initiative)
    Initiative.objects.filter(pk=initiative.pk).update(search_text=initiative.search_text)


LOCKED_WITH = (
    "deadline__receiving_unit",
    "deadline__phase",
    "review_deadline__receiving_unit",
    "campaign__number",
    "unit",
)


def locked(initiative: Initiative, related=LOCKED_WITH) -> Initiative:
    """The item's row, locked, with `related` (fewer joins where a hot path needs less)."""
    return (
        # Only the item's own row is locked: PostgreSQL cannot lock the nullable side of the
        # outer joins to the receiving units.
        Initiative.objects.select_for_update(of=("self",))
        .select_related(*related)
        .get(pk=initiative.pk)
    )


def snapshot(initiative: Initiative, authors=None) -> dict:
    """The text a submission freezes; `authors` when the caller has just set them."""
    data = {name: getattr(initiative, name) for name in REGISTRATION_FIELDS}
    data["person_in_charge"] = (
        initiative.person_in_charge.full_name if initiative.person_in_charge else ""
    )
    people = initiative.authors.all() if authors is None else authors
    data["authors"] = [p.full_name for p in people]
    return data


def submit_by_deadline(row: Initiative | ResultReport, deadline: Deadline, now, also=()):
    """Mẫu 1 or Mẫu 2 of the unit, by the unit's due date under `deadline` (its extension
    included): refused when late if the plan closes at its deadlines; a returned one is
    resubmitted whatever the date (campaign.submission). `also`: other columns the caller
    changed on the row, saved in the same UPDATE."""
    initiative = row if isinstance(row, Initiative) else row.initiative
    return submit(
        row,
        now=now,
        due=deadline.due_date_for(initiative.unit),
        status=Status.SUBMITTED,
        resubmission=row.status == Status.RETURNED,
        refuse_late=lambda: initiative.campaign.closes_at_deadline,
        also=also,
    )


def locked_report(report: ResultReport) -> ResultReport:
    return (
        ResultReport.objects.select_for_update(of=("self",))
        .select_related("initiative__unit", "deadline__receiving_unit", "deadline__phase")
        .get(pk=report.pk)
    )
