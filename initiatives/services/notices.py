"""Who is told of a transition of an item, and in what words (issue 20).

Each function is called by the transition's service, inside its transaction: the
notification exists exactly when the change was committed, and its e-mail (`email=True`)
leaves on commit. The actor is never told of what they did themselves.

- Mẫu 1 returned, accepted, rejected; Mẫu 2 returned, accepted (a result report is never
  rejected today; RESULT_REJECTED is there for when it is): the heads of the item's unit,
  its person in charge and its authors with an account (`initiative_people_to_tell`);
- reviewers assigned to score: each newly assigned reviewer, one message per assignment
  (however many items it covers);
- a consolidated list forwarded: the reviewers of the receiving unit, in a constant number
  of queries whatever the length of the list.

The words are printed Vietnamese, written here as a colleague would say them, not through
gettext (like campaign.reminders.messages).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from django.urls import reverse

from campaign.models import Campaign
from initiatives.models import Consolidation, Initiative, ResultReport
from initiatives.selectors import initiative_people_to_tell
from notifications.kinds import Kind
from notifications.services import notify, notify_query
from units.models import Unit
from units.permissions import Actor, as_user
from units.selectors import unit_reviewers_query

Status = Initiative.Status

REGISTRATION_KINDS: dict[str, str] = {
    Status.RETURNED: Kind.INITIATIVE_RETURNED,
    Status.ACCEPTED: Kind.INITIATIVE_ACCEPTED,
    Status.REJECTED: Kind.INITIATIVE_REJECTED,
}
RESULT_KINDS: dict[str, str] = {
    Status.RETURNED: Kind.RESULT_RETURNED,
    Status.ACCEPTED: Kind.RESULT_ACCEPTED,
    Status.REJECTED: Kind.RESULT_REJECTED,
}


def thousands(value: int) -> str:
    """1000 → "1.000", as Vietnamese write it."""
    return f"{value:,}".replace(",", ".")


def plan_reference(campaign: Campaign) -> str:
    """ "Kế hoạch số 112/KH-MNCG", or the plan's title when it has no number."""
    number = campaign.number
    if number is not None:
        return f"Kế hoạch số {number.display}"
    return f"Kế hoạch “{campaign.title}”"


def by_whom(actor: Actor, unit: Unit | None) -> str:
    """ "Nguyễn Văn An (Phòng Giáo dục và Đào tạo A)", the unit alone when the platform acts."""
    user = as_user(actor)
    if user is None:
        return unit.name if unit is not None else "Hệ thống"
    name = user.get_full_name()
    return f"{name} ({unit.name})" if unit is not None else name


def _recipients(users: Iterable[int], actor: Actor) -> list[int]:
    user = as_user(actor)
    return [pk for pk in users if user is None or pk != user.pk]


def _send(users: Sequence[int], *, actor: Actor, tenant_id: int, kind: str, **text) -> None:
    if users:
        notify(users, actor=actor, tenant=tenant_id, kind=kind, email=True, **text)


def tell_registration_decided(actor: Actor, initiative: Initiative, comment: str) -> None:
    """Mẫu 1 returned, accepted or rejected (its new status): tell the unit's people."""
    name = initiative.name
    who = by_whom(actor, initiative.review_deadline.receiving_unit)
    where = f"của {initiative.unit.name} ({plan_reference(initiative.campaign)})"
    status = initiative.status
    if status == Status.RETURNED:
        title = f"Mẫu 1 “{name}” được trả lại để bổ sung"
        body = (
            f"{who} đã trả lại bản đăng ký “{name}” {where} với ý kiến:\n“{comment}”\n"
            "Anh/chị vui lòng chỉnh sửa theo ý kiến trên rồi gửi lại."
        )
    elif status == Status.ACCEPTED:
        title = f"Mẫu 1 “{name}” đã được chấp nhận"
        body = f"{who} đã chấp nhận bản đăng ký “{name}” {where}."
        if comment:
            body += f"\nÝ kiến: “{comment}”"
    else:
        title = f"Mẫu 1 “{name}” không được chấp nhận"
        body = f"{who} không chấp nhận bản đăng ký “{name}” {where}.\nLý do: “{comment}”"
    _send(
        _recipients(initiative_people_to_tell(initiative), actor),
        actor=actor,
        tenant_id=initiative.tenant_id,
        kind=REGISTRATION_KINDS[status],
        title=title,
        body=body,
        url=reverse("initiatives:detail", kwargs={"initiative_id": initiative.pk}),
    )


def tell_result_decided(actor: Actor, report: ResultReport, comment: str) -> None:
    """Mẫu 2 returned, accepted (or rejected): tell the unit's people, as for Mẫu 1."""
    initiative = report.initiative
    name = initiative.name
    who = by_whom(actor, report.deadline.receiving_unit)
    what = f"báo cáo kết quả (Mẫu 2) của “{name}” của {initiative.unit.name}"
    status = report.status
    if status == Status.RETURNED:
        title = f"Mẫu 2 của “{name}” được trả lại để bổ sung"
        body = (
            f"{who} đã trả lại {what} với ý kiến:\n“{comment}”\n"
            "Anh/chị vui lòng bổ sung theo ý kiến trên rồi gửi lại."
        )
    elif status == Status.ACCEPTED:
        title = f"Mẫu 2 của “{name}” đã được chấp nhận"
        body = f"{who} đã chấp nhận {what}."
        if comment:
            body += f"\nÝ kiến: “{comment}”"
    else:
        title = f"Mẫu 2 của “{name}” không được chấp nhận"
        body = f"{who} không chấp nhận {what}.\nLý do: “{comment}”"
    _send(
        _recipients(initiative_people_to_tell(initiative), actor),
        actor=actor,
        tenant_id=initiative.tenant_id,
        kind=RESULT_KINDS[status],
        title=title,
        body=body,
        url=reverse("initiatives:result", kwargs={"initiative_id": initiative.pk}),
    )


def tell_assigned(actor: Actor, items: Sequence[Initiative], reviewer_ids: Iterable[int]) -> None:
    """Reviewers newly assigned to score `items` (one level's, one assignment): one message
    each, "Anh/chị được phân công chấm 12 mô hình của Kế hoạch số …"."""
    reviewers = _recipients(reviewer_ids, actor)
    if not reviewers or not items:
        return
    first = items[0]
    deadline = first.review_deadline
    plan = plan_reference(deadline.phase.campaign)
    who = by_whom(actor, deadline.receiving_unit)
    if len(items) == 1:
        title = f"Anh/chị được phân công chấm “{first.name}”"
        body = (
            f"{who} đã phân công anh/chị chấm điểm “{first.name}” của {first.unit.name} "
            f"theo {plan}."
        )
        url = reverse("initiatives:detail", kwargs={"initiative_id": first.pk}) + "#scoring"
    else:
        count = thousands(len(items))
        title = f"Anh/chị được phân công chấm {count} mô hình của {plan}"
        body = f"{who} đã phân công anh/chị chấm điểm {count} mô hình, giải pháp theo {plan}."
        url = reverse("initiatives:board", kwargs={"deadline_id": deadline.pk})
    _send(
        reviewers,
        actor=actor,
        tenant_id=first.tenant_id,
        kind=Kind.ITEMS_ASSIGNED,
        title=title,
        body=body,
        url=url,
    )


def tell_forwarded(actor: Actor, consolidation: Consolidation, count: int) -> None:
    """A list forwarded: tell the reviewers of the receiving unit (three queries: the plan's
    number, then the insert of the notifications, the reviewers read by the database itself,
    and that of their deliveries). The link is the list when they can open it
    (the receiving unit is above the consolidating one), else their review board, where the
    items wait."""
    target = consolidation.forwarded_to
    if target is None or target.receiving_unit is None:
        return
    receiving = target.receiving_unit
    unit = consolidation.unit
    number, letter_number = consolidation.number, consolidation.letter_number
    listed = f"Danh sách số {number.display}" if number is not None else "Danh sách"
    items = f"{thousands(count)} mô hình"
    title = f"{listed} gồm {items} của {unit.name} đã gửi đến {receiving.name}"
    letter = f", kèm Công văn số {letter_number.display}" if letter_number is not None else ""
    body = (
        f"{by_whom(actor, unit)} đã gửi {listed[0].lower()}{listed[1:]} gồm {items}, giải pháp, "
        f"sáng kiến được xét chọn theo {plan_reference(consolidation.deadline.phase.campaign)}"
        f"{letter}. Các mô hình đang chờ {receiving.name} xem xét."
    )
    if receiving.path and unit.path.startswith(receiving.path):
        url = reverse("initiatives:consolidation", kwargs={"consolidation_id": consolidation.pk})
    else:
        url = reverse("initiatives:board", kwargs={"deadline_id": target.pk})
    notify_query(
        unit_reviewers_query([receiving.pk]),
        actor=actor,
        tenant=consolidation.tenant_id,
        kind=Kind.LIST_FORWARDED,
        title=title,
        body=body,
        url=url,
        email=True,
    )
