"""What the council and the award decision tell people (issue 20): for each nomination, the
heads of the nominating unit and the person nominated when they have an account. At the
council's result a nomination found ineligible since it was sent is told why (one
notification of that kind, not also the result); the others are told the result; at the
decision, each nomination awarded is told so. Vietnamese written directly, in the
transition's transaction, one insert for the whole session; the actor is not told."""

from __future__ import annotations

from django.urls import reverse

from awards.models import CouncilSession, Nomination
from campaign.notices import by_line, others
from documents.formatting import vn_date, vn_date_short
from notifications.kinds import Kind
from notifications.services import Message, notify_each
from units.models import User
from units.permissions import Actor
from units.selectors import unit_heads_users

COUNCIL = "Hội đồng Thi đua - Khen thưởng"


def _recipients(nominations: list[Nomination], actor: Actor) -> dict[int, list[int]]:
    """{nomination id: user ids}: the nominating unit's heads and the nominee's own active
    account. Two queries whatever their number."""
    heads = unit_heads_users({n.unit_id for n in nominations})
    accounts = {n.pk: n.person.user_id for n in nominations if n.person is not None}
    wanted = {pk for pk in accounts.values() if pk is not None}
    active = set(
        User.objects.filter(pk__in=wanted, is_active=True).values_list("pk", flat=True)
        if wanted
        else ()
    )
    found = {}
    for n in nominations:
        users = list(heads.get(n.unit_id, []))
        account = accounts.get(n.pk)
        if account is not None and account in active:
            users.append(account)
        found[n.pk] = others(users, actor)
    return found


def _url(nomination: Nomination) -> str:
    return reverse("awards:detail", kwargs={"nomination_id": nomination.pk})


def _nominee(nomination: Nomination) -> str:
    if nomination.person_id:
        return f"{nomination.nominee} ({nomination.unit.name})"
    return nomination.nominee


def council_result(
    *, actor: Actor, session: CouncilSession, votes, reasons: dict[int, list[str]], bases
) -> None:
    """After `session_close`: `votes` with their nominations, `reasons` {nomination id:
    why it is ineligible}, `bases` {vote id: the number the threshold is a share of}."""
    nominations = [v.nomination for v in votes]
    to = _recipients(nominations, actor)
    meeting = f"phiên họp {vn_date(session.held_on)}"
    where = f"{COUNCIL} của {session.unit.name}"
    messages = []
    for vote in votes:
        n = vote.nomination
        award, who = n.award_type.name, _nominee(n)
        why = reasons.get(n.pk) or []
        if why:
            kind = Kind.NOMINATION_INELIGIBLE
            title = f"Hồ sơ đề nghị {award} của {n.nominee} không còn đủ điều kiện"
            body = (
                f"Tại {meeting}, {where} kiểm tra lại hồ sơ đề nghị {award} năm {n.year} của "
                f"{who}: hồ sơ đã gửi nay không còn đủ điều kiện nên không được xét.\n"
                + "\n".join(f"- {reason}" for reason in why)
            )
        elif vote.approved:
            kind = Kind.COUNCIL_RESULT
            title = f"{COUNCIL} thống nhất đề nghị {award} cho {n.nominee}"
            body = (
                f"Tại {meeting}, {where} đã bỏ phiếu: {who} được "
                f"{_votes(vote, bases)} đồng ý, đủ điều kiện đề nghị {award} năm {n.year}. "
                f"Đơn vị sẽ được báo khi có quyết định khen thưởng."
            )
        else:
            kind = Kind.COUNCIL_RESULT
            title = f"{n.nominee} chưa được {COUNCIL} đề nghị {award}"
            because = (
                "vượt số lượng được khen theo chỉ tiêu"
                if vote.beyond_quota
                else "chưa đạt tỷ lệ phiếu đồng ý cần thiết"
            )
            body = (
                f"Tại {meeting}, {where} đã bỏ phiếu: {who} được {_votes(vote, bases)} đồng "
                f"ý, {because}, nên chưa được đề nghị {award} năm {n.year}."
            )
        messages.append(
            Message(
                users=to[n.pk],
                tenant=session.tenant_id,
                kind=kind,
                title=title,
                body=body + by_line(actor),
                url=_url(n),
            )
        )
    notify_each(messages, actor=actor, email=True)


def _votes(vote, bases) -> str:
    votes_for = (vote.votes_for or 0) + vote.written_for
    return f"{votes_for}/{bases[vote.pk]} phiếu"


def award_decided(*, actor: Actor, session: CouncilSession, votes) -> None:
    """After `decision_record`: each nomination awarded (`votes` approved, with their
    nominations), told the decision's number, date and issuer."""
    nominations = [v.nomination for v in votes]
    to = _recipients(nominations, actor)
    assert session.decided_on is not None
    decision = f"Quyết định số {session.decision_display} ngày {vn_date_short(session.decided_on)}"
    messages = [
        Message(
            users=to[n.pk],
            tenant=session.tenant_id,
            kind=Kind.AWARD_DECIDED,
            title=f"{n.nominee} được tặng {n.award_type.name} năm {n.year}",
            body=(
                f"Theo {decision} của {session.decided_by}, {_nominee(n)} được tặng "
                f"{n.award_type.name} năm {n.year}. Xin chúc mừng!" + by_line(actor)
            ),
            url=_url(n),
        )
        for n in nominations
    ]
    notify_each(messages, actor=actor, email=True)
