"""What campaign transitions tell people (issue 20): a plan launched to its participating
units and to the unit whose plan it implements, a deadline extended for a unit. Written in
Vietnamese directly (printed text, like the reminders' e-mails), in the transition's
transaction, through `notifications.services.notify` (`notify_query` for a launch: the
database writes the rows of thousands of recipients); the person who acted is not told of
their own act. A fixed number of queries whatever the number of units."""

from __future__ import annotations

from django.urls import reverse

from campaign import obligations
from campaign.models import Campaign, Deadline, DeadlineExtension, DeadlineKind
from documents.formatting import vn_date, vn_date_short
from notifications.kinds import Kind
from notifications.services import notify, notify_query
from units.models import Unit
from units.permissions import Actor, is_system
from units.selectors import unit_heads_query, unit_people_query, unit_people_users

from .reminders.messages import subject_after_ve
from .reminders.topics import OWED_PHRASES

# "hạn đăng ký 15/3/2026": the first deadline of a plan as its title names it.
DUE_WORDS: dict[str, str] = {
    DeadlineKind.REGISTRATION: "hạn đăng ký",
    DeadlineKind.RESULT_REPORT: "hạn báo cáo kết quả",
    DeadlineKind.AWARD_PROPOSAL: "hạn đề nghị khen thưởng",
    DeadlineKind.SUMMARY: "hạn báo cáo tổng kết",
    DeadlineKind.PLAN_SUBMISSION: "hạn gửi kế hoạch của đơn vị",
    DeadlineKind.PERIODIC_REPORT: "hạn báo cáo định kỳ",
}


def others(user_ids, actor: Actor) -> list[int]:
    """`user_ids` without the one who acted (nobody is told of their own act)."""
    me = None if is_system(actor) else actor.pk
    return [pk for pk in dict.fromkeys(user_ids) if pk != me]


def by_line(actor: Actor) -> str:
    """ "Người thực hiện: Nguyễn Văn A." — nothing when the platform acted on its own."""
    return "" if is_system(actor) else f"\nNgười thực hiện: {actor.get_full_name()}."


def plan_name(campaign: Campaign) -> str:
    """ "Kế hoạch số 12/KH-UBND" (or just "Kế hoạch" before it has a number)."""
    return f"Kế hoạch số {campaign.number.display}" if campaign.number else "Kế hoạch"


def _deadline_line(deadline: Deadline, issuer: Unit) -> str:
    owed = OWED_PHRASES.get(deadline.kind, deadline.get_kind_display())
    receiver = deadline.receiving_unit or issuer
    return (
        f"- {deadline.phase.name}: {owed} gửi {receiver.name} "
        f"trước ngày {vn_date_short(deadline.due_date)}"
    )


def _schedule(campaign: Campaign) -> list[Deadline]:
    return list(
        Deadline.objects.filter(phase__campaign=campaign)
        .select_related("phase", "receiving_unit")
        .order_by("due_date", "id")
    )


def _first_due(deadlines: list[Deadline]) -> str:
    """ ": hạn đăng ký 15/3/2026" — the first registration deadline, else the first of any."""
    first = next((d for d in deadlines if d.kind == DeadlineKind.REGISTRATION), None)
    first = first or (deadlines[0] if deadlines else None)
    if first is None:
        return ""
    return f": {DUE_WORDS.get(first.kind, 'hạn')} {vn_date_short(first.due_date)}"


def plan_launched(*, actor: Actor, campaign: Campaign, unit_count: int) -> None:
    """Tell the heads and staff of every participating unit that the plan is issued, with
    its first deadline in the title and every deadline in the body; and the heads of the
    unit whose plan it implements (`unit_count` of them take part). One query (the
    schedule), then per kind the insert of the notifications and that of their deliveries,
    the recipients read by the database itself (`notify_query`)."""
    issuer = campaign.issuing_unit
    deadlines = _schedule(campaign)
    name = plan_name(campaign)
    issued = f" {vn_date(campaign.issued_on)}" if campaign.issued_on else ""
    about = subject_after_ve(campaign.title)
    url = reverse("campaign:detail", kwargs={"campaign_id": campaign.pk})
    lines = [_deadline_line(d, issuer) for d in deadlines]
    schedule = ("\nCác mốc cần nhớ:\n" + "\n".join(lines)) if lines else ""
    participants = Unit.objects.filter(participations__campaign=campaign)
    notify_query(
        unit_people_query(participants),
        actor=actor,
        tenant=campaign.tenant_id,
        kind=Kind.PLAN_LAUNCHED,
        title=f"{name} của {issuer.name} đã ban hành{_first_due(deadlines)}",
        body=(
            f"{issuer.name} vừa ban hành {name}{issued} về {about}. "
            f"Đơn vị của anh/chị có tên trong danh sách tham gia; anh/chị mở kế hoạch để "
            f"xem nội dung và triển khai tại đơn vị.{schedule}{by_line(actor)}"
        ),
        url=url,
        email=True,
    )
    parent = campaign.based_on
    if parent is None:
        return
    notify_query(
        unit_heads_query([parent.issuing_unit_id]),
        actor=actor,
        tenant=campaign.tenant_id,
        kind=Kind.PLAN_BASED_ON_MINE,
        title=f"{issuer.name} đã ban hành {name} thực hiện {plan_name(parent)} của đơn vị",
        body=(
            f"{issuer.name} vừa ban hành {name}{issued} về {about}, căn cứ "
            f"{plan_name(parent)} của {parent.issuing_unit.name}; {unit_count} đơn vị tham gia."
            f"{schedule}{by_line(actor)}"
        ),
        url=url,
        email=True,
    )


def deadline_extended(*, actor: Actor, extension: DeadlineExtension) -> None:
    """Tell the heads and staff of the unit that its deadline moved, to when and why."""
    deadline, unit = extension.deadline, extension.unit
    campaign = deadline.phase.campaign
    owed = OWED_PHRASES.get(deadline.kind, deadline.get_kind_display())
    obligation = obligations.obligation_for(deadline.kind)
    url = (
        obligation.url_for_unit(deadline)
        if obligation
        else reverse("campaign:detail", kwargs={"campaign_id": campaign.pk})
    )
    receiver = deadline.receiving_unit or campaign.issuing_unit
    notify(
        others(unit_people_users([unit.pk]).get(unit.pk, []), actor),
        actor=actor,
        tenant=campaign.tenant_id,
        kind=Kind.DEADLINE_EXTENDED,
        title=(
            f"Gia hạn cho {unit.name}: {owed} nộp trước ngày {vn_date_short(extension.due_date)}"
        ),
        body=(
            f"{receiver.name} đồng ý gia hạn cho {unit.name}: {owed} của {deadline.phase.name} "
            f"theo {plan_name(campaign)} của {campaign.issuing_unit.name} nay được nộp trước "
            f"ngày {vn_date_short(extension.due_date)} (hạn chung là ngày "
            f"{vn_date_short(deadline.due_date)}).\nLý do: {extension.reason}{by_line(actor)}"
        ),
        url=url,
        email=True,
    )
