"""The council's session and the award decision. The council votes on each submitted
nomination of its unit's subtree, in a meeting valid with the tenant's quorum of its members
present (two thirds by default); a nomination passes with at least its award's threshold of the
base the award counts on (those attending and consulted, or all members), written votes of
absent members included; an award with a quota approves no more than it, ties broken by the
preference for women (Nghị định 152/2025/NĐ-CP Art. 4). Numbers of the minutes, the Tờ trình,
the list and the decision come from the council unit's register, allocated in the transaction
that issues them."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass
from fractions import Fraction

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from awards import notices, rules
from awards.models import (
    AwardRecord,
    AwardSettings,
    CouncilBallot,
    CouncilMember,
    CouncilSession,
    CouncilVote,
    Nomination,
    Preference,
)
from campaign.models import Campaign
from documents.models import DocumentType, RenderJob
from documents.services import number_allocate, render_job_start
from units.models import Gender, Person, Unit
from units.permissions import Actor, as_user

from .eligibility import eligibility_by_nomination

DOSSIER_BUILDER = "awards.documents.dossier"
DECISION_BUILDER = "awards.documents.decision"


def quorum(tenant_id: int) -> tuple[int, int]:
    """The tenant's quorum as (numerator, denominator): two thirds unless it set another."""
    row = AwardSettings.objects.filter(tenant_id=tenant_id).first()
    if row is None:
        return AwardSettings.DEFAULT_QUORUM
    return row.quorum_numerator, row.quorum_denominator


def _check_members(members: list[dict]) -> None:
    roles = [m["role"] for m in members if m.get("present", True)]
    if CouncilMember.Role.CHAIR not in roles:
        raise ValidationError(_("The council needs a chair who is present."))
    if CouncilMember.Role.SECRETARY not in roles:
        raise ValidationError(
            _("The council needs a secretary who is present (to keep the minutes).")
        )
    for m in members:
        if m.get("present", True) and m.get("voted_in_writing"):
            raise ValidationError(
                _("%(name)s is present: only an absent member votes in writing.")
                % {"name": m["full_name"]}
            )


@transaction.atomic
def session_open(
    *,
    actor: Actor,
    unit: Unit,
    campaign: Campaign,
    year: int,
    held_on: datetime.date,
    starts_at: datetime.time,
    place: str,
    members: list[dict],
) -> CouncilSession:
    """Open a council session on every nomination of the unit's subtree sent to the council
    for the campaign and year, and not yet voted on. The session keeps its own copy of the
    rules it votes by: the tenant's quorum, and for each award on the agenda its base, its
    threshold and whether the ballot is secret."""
    from awards.selectors import council_candidates

    rules.require_council(actor, unit)
    if campaign.tenant_id != unit.tenant_id:
        raise ValidationError(_("The award or the plan belongs to another tenant."))
    _check_members(members)
    candidates = list(council_candidates(unit, campaign, year).select_for_update(of=("self",)))
    if not candidates:
        raise ValidationError(
            _("No nomination of %(year)s under this plan has been sent to the council yet.")
            % {"year": year}
        )
    numerator, denominator = quorum(unit.tenant_id)
    session = CouncilSession.objects.create(
        tenant_id=unit.tenant_id,
        unit=unit,
        campaign=campaign,
        year=year,
        held_on=held_on,
        starts_at=starts_at,
        place=place.strip(),
        quorum_numerator=numerator,
        quorum_denominator=denominator,
        created_by=as_user(actor),
    )
    CouncilMember.objects.bulk_create(CouncilMember(session=session, **m) for m in members)
    awards = {n.award_type_id: n.award_type for n in candidates}
    CouncilBallot.objects.bulk_create(
        CouncilBallot(
            session=session,
            award_type=award,
            base=award.vote_base,
            threshold=award.vote_threshold,
            secret=award.secret_ballot,
        )
        for award in awards.values()
    )
    CouncilVote.objects.bulk_create(CouncilVote(session=session, nomination=n) for n in candidates)
    return session


def _require_open(session: CouncilSession) -> None:
    if not session.is_open:
        raise ValidationError(_("The session's result is recorded: it no longer changes."))


@transaction.atomic
def session_members_save(*, actor: Actor, session: CouncilSession, members: list[dict]):
    """Replace the members and their attendance while the council votes."""
    rules.require_council(actor, session.unit)
    session = CouncilSession.objects.select_for_update().get(pk=session.pk)
    _require_open(session)
    _check_members(members)
    session.members.all().delete()
    CouncilMember.objects.bulk_create(CouncilMember(session=session, **m) for m in members)


@dataclass(frozen=True)
class Attendance:
    """Who the vote counts: the members, those present, and the absent ones who voted in
    writing (consulted)."""

    total: int
    present: int
    consulted: int

    @property
    def absent(self) -> int:
        return self.total - self.present

    @classmethod
    def of(cls, members) -> Attendance:
        members = list(members)
        return cls(
            total=len(members),
            present=sum(1 for m in members if m.present),
            consulted=sum(1 for m in members if not m.present and m.voted_in_writing),
        )


def attendance(session: CouncilSession) -> Attendance:
    return Attendance.of(session.members.all())


def quorum_error(session: CouncilSession, seen: Attendance) -> str | None:
    """The words that refuse the result of a meeting without its quorum, or None."""
    if session.has_quorum(seen.present, seen.total):
        return None
    return _(
        "The meeting is valid only with at least %(quorum)s of the members present: "
        "%(present)d/%(total)d members are."
    ) % {"quorum": session.quorum_display, "present": seen.present, "total": seen.total}


def vote_base(ballot: CouncilBallot, seen: Attendance) -> int:
    """The number the threshold is a share of: all the members, or those attending and
    consulted (present, plus absent members who voted in writing)."""
    return seen.total if ballot.counts_all_members else seen.present + seen.consulted


def votes_for_total(vote: CouncilVote) -> int:
    return (vote.votes_for or 0) + vote.written_for


def _passes(votes_for: int, base: int, threshold: int) -> bool:
    # Integer arithmetic: 7 of 10 at 70% passes, 6 of 9 (66.7%) does not; 9 of 10 at 90%
    # passes, 8 of 10 does not.
    return base > 0 and votes_for * 100 >= threshold * base


@dataclass(frozen=True)
class Tally:
    """One nomination's count under its award's rule: the votes for (present and written),
    the base, the share and whether it reaches the threshold."""

    vote: CouncilVote
    ballot: CouncilBallot
    base: int

    @property
    def votes_for(self) -> int:
        return votes_for_total(self.vote)

    @property
    def votes_against(self) -> int:
        return (self.vote.votes_against or 0) + self.vote.written_against

    @property
    def share(self) -> Fraction:
        return Fraction(self.votes_for, self.base) if self.base else Fraction(0)

    @property
    def reaches(self) -> bool:
        return _passes(self.votes_for, self.base, self.ballot.threshold)

    @property
    def percent(self) -> str:
        """The share as the minutes print it: "88,9%"."""
        return f"{float(self.share) * 100:.1f}".replace(".", ",") + "%"


def tallies(votes, ballots, seen: Attendance) -> list[tuple[CouncilBallot, list[Tally]]]:
    """The votes grouped by their award's ballot, in the ballots' order (no query)."""
    by_award = {b.award_type_id: b for b in ballots}
    groups: dict[int, list[Tally]] = {b.pk: [] for b in ballots}
    for vote in votes:
        ballot = by_award[vote.nomination.award_type_id]
        groups[ballot.pk].append(Tally(vote=vote, ballot=ballot, base=vote_base(ballot, seen)))
    return [(b, groups[b.pk]) for b in ballots if groups[b.pk]]


COUNT_FIELDS = ("quota", "ballots_issued", "ballots_returned", "ballots_valid")


def _count_errors(ballot: CouncilBallot, seen: Attendance) -> list[str]:
    issued, returned, valid = ballot.ballots_issued, ballot.ballots_returned, ballot.ballots_valid
    names = {"award": ballot.award_type.name}
    errors = []
    if issued is not None and issued > seen.present:
        errors.append(
            _("%(award)s: %(issued)d ballots issued, but only %(present)d members are present.")
            % {**names, "issued": issued, "present": seen.present}
        )
    if issued is not None and returned is not None and returned > issued:
        errors.append(
            _("%(award)s: more ballots returned (%(returned)d) than issued (%(issued)d).")
            % {**names, "returned": returned, "issued": issued}
        )
    if returned is not None and valid is not None and valid > returned:
        errors.append(
            _("%(award)s: more valid ballots (%(valid)d) than returned (%(returned)d).")
            % {**names, "valid": valid, "returned": returned}
        )
    return errors


def _vote_errors(vote: CouncilVote, ballot: CouncilBallot, seen: Attendance) -> list[str]:
    nominee = vote.nomination.nominee
    errors = []
    if vote.votes_for is not None and vote.votes_against is not None:
        total = vote.votes_for + vote.votes_against
        if total > seen.present:
            errors.append(
                _("%(nominee)s: %(total)d ballots, but only %(present)d members are present.")
                % {"nominee": nominee, "total": total, "present": seen.present}
            )
        elif ballot.secret and ballot.ballots_valid is not None and total > ballot.ballots_valid:
            errors.append(
                _("%(nominee)s: %(total)d votes, but only %(valid)d valid ballots.")
                % {"nominee": nominee, "total": total, "valid": ballot.ballots_valid}
            )
    written = vote.written_for + vote.written_against
    if written > seen.consulted:
        errors.append(
            _(
                "%(nominee)s: %(written)d written votes, but only %(consulted)d absent members "
                "voted in writing."
            )
            % {"nominee": nominee, "written": written, "consulted": seen.consulted}
        )
    return errors


def _ballots_by_award(session: CouncilSession) -> dict[int, CouncilBallot]:
    return {b.award_type_id: b for b in session.ballots.select_related("award_type")}


@transaction.atomic
def votes_record(
    *,
    actor: Actor,
    session: CouncilSession,
    ballots: dict[int, tuple[int, int]],
    written: dict[int, tuple[int, int]] | None = None,
    counts: dict[int, dict] | None = None,
) -> list[CouncilVote]:
    """Record the ballots {vote id: (for, against)} of the members present, the written
    votes {vote id: (for, against)} of absent members, and for each award's ballot
    {ballot id: {quota, ballots_issued, ballots_returned, ballots_valid}}; every row is
    checked before any is saved, and the error names the nominee or the award."""
    rules.require_council(actor, session.unit)
    session = CouncilSession.objects.select_for_update().get(pk=session.pk)
    _require_open(session)
    seen = attendance(session)
    by_award = _ballots_by_award(session)
    by_id = {b.pk: b for b in by_award.values()}
    votes = {
        v.pk: v for v in session.votes.select_related("nomination__unit", "nomination__person")
    }
    errors = []
    for ballot_id, values in (counts or {}).items():
        ballot = by_id.get(ballot_id)
        if ballot is None:
            raise ValidationError(_("This award is not on the session's agenda."))
        for name in COUNT_FIELDS:
            if name in values:
                setattr(ballot, name, values[name])
        errors += _count_errors(ballot, seen)
    for vote_id in {*ballots, *(written or {})}:
        if vote_id not in votes:
            raise ValidationError(_("This nomination is not on the session's agenda."))
    for vote_id, (votes_for, votes_against) in ballots.items():
        votes[vote_id].votes_for, votes[vote_id].votes_against = votes_for, votes_against
    for vote_id, (written_for, written_against) in (written or {}).items():
        votes[vote_id].written_for, votes[vote_id].written_against = written_for, written_against
    changed = [votes[vote_id] for vote_id in {*ballots, *(written or {})}]
    for vote in changed:
        errors += _vote_errors(vote, by_award[vote.nomination.award_type_id], seen)
    if errors:
        raise ValidationError(errors)
    if counts:
        CouncilBallot.objects.bulk_update([by_id[i] for i in counts], list(COUNT_FIELDS))
    CouncilVote.objects.bulk_update(
        changed, ["votes_for", "votes_against", "written_for", "written_against"]
    )
    return changed


def _women_collectives(unit_ids) -> set[int]:
    """The units whose active people are at least 70% women (one query)."""
    rows = (
        Person.objects.filter(unit_id__in=unit_ids, is_active=True)
        .values("unit_id")
        .annotate(total=Count("id"), women=Count("id", filter=Q(gender=Gender.FEMALE)))
    )
    return {r["unit_id"] for r in rows if r["total"] and r["women"] * 10 >= r["total"] * 7}


def _preference(nomination: Nomination, women_units: set[int]) -> str:
    """The preference on equal merit the nominee has (Nghị định 152/2025/NĐ-CP Art. 4)."""
    if nomination.person_id:
        assert nomination.person is not None
        return Preference.WOMAN if nomination.person.gender == Gender.FEMALE else ""
    return Preference.WOMEN_COLLECTIVE if nomination.unit_id in women_units else ""


def _apply_quota(ballot: CouncilBallot, passing: list[CouncilVote], base: int, women_units):
    """More nominations of the award pass than its quota: rank them by the share of votes
    for, then by the preference rule; those beyond the quota are not approved. A tie that
    the preference does not break at the quota's edge is refused: the council votes again."""
    quota = ballot.quota
    if quota is None or len(passing) <= quota:
        return
    preferred = {v.pk: _preference(v.nomination, women_units) for v in passing}

    def merit(vote: CouncilVote) -> Fraction:
        return Fraction(votes_for_total(vote), base)

    ranked = sorted(passing, key=lambda v: (-merit(v), not preferred[v.pk]))
    if quota and (merit(ranked[quota - 1]), bool(preferred[ranked[quota - 1].pk])) == (
        merit(ranked[quota]),
        bool(preferred[ranked[quota].pk]),
    ):
        tied = [
            v.nomination.nominee
            for v in ranked
            if merit(v) == merit(ranked[quota])
            and bool(preferred[v.pk]) == bool(preferred[ranked[quota].pk])
        ]
        raise ValidationError(
            _(
                "%(names)s tie for the last places within the quota of %(quota)d for "
                "%(award)s, with equal votes and the same preference: the council votes "
                "again between them."
            )
            % {"names": ", ".join(tied), "quota": quota, "award": ballot.award_type.name}
        )
    for rank, vote in enumerate(ranked, start=1):
        vote.rank = rank
        if rank > quota:
            vote.approved, vote.beyond_quota = False, True
    for vote in ranked[:quota]:
        # The preference decided where an equal share of votes fell beyond the quota.
        if preferred[vote.pk] and any(
            other.beyond_quota and merit(other) == merit(vote) and not preferred[other.pk]
            for other in ranked[quota:]
        ):
            vote.preference = preferred[vote.pk]


@transaction.atomic
def session_close(
    *, actor: Actor, session: CouncilSession, ends_at: datetime.time
) -> CouncilSession:
    """Record the result. Refused without the quorum, a ballot, or a secret ballot's count.
    Each nomination passes when the votes for it (of the members present and the written
    votes) reach its award's threshold of the base; a nomination that has become ineligible
    since it was sent does not pass; an award with a quota approves no more than it, ranked
    by the share of votes for and the preference rule. The minutes take their number."""
    rules.require_council(actor, session.unit)
    session = CouncilSession.objects.select_for_update().get(pk=session.pk)
    _require_open(session)
    if ends_at <= session.starts_at:
        raise ValidationError(_("The meeting must end after it starts."))
    seen = attendance(session)
    refused = quorum_error(session, seen)
    if refused:
        raise ValidationError(refused)
    by_award = _ballots_by_award(session)
    votes = list(
        session.votes.select_related(
            "nomination__award_type", "nomination__person", "nomination__unit"
        )
    )
    missing = [v.nomination.nominee for v in votes if v.votes_for is None]
    if missing:
        raise ValidationError(
            _("Record the ballots for: %(names)s.") % {"names": ", ".join(missing)}
        )
    errors = []
    for ballot in by_award.values():
        if ballot.secret and None in (
            ballot.ballots_issued,
            ballot.ballots_returned,
            ballot.ballots_valid,
        ):
            errors.append(
                _(
                    "%(award)s is voted by secret ballot: record the ballots issued, returned "
                    "and valid."
                )
                % {"award": ballot.award_type.name}
            )
        errors += _count_errors(ballot, seen)
    for vote in votes:
        errors += _vote_errors(vote, by_award[vote.nomination.award_type_id], seen)
    if errors:
        raise ValidationError(errors)
    reasons = eligibility_by_nomination([vote.nomination for vote in votes])
    passing = defaultdict(list)
    for vote in votes:
        ballot = by_award[vote.nomination.award_type_id]
        eligible = not reasons[vote.nomination_id]
        vote.approved = eligible and _passes(
            votes_for_total(vote), vote_base(ballot, seen), ballot.threshold
        )
        vote.rank, vote.preference, vote.beyond_quota = None, "", False
        if vote.approved:
            passing[ballot.award_type_id].append(vote)
    women_units = _women_collectives(
        {v.nomination.unit_id for v in votes if not v.nomination.person_id}
    )
    for award_id, group in passing.items():
        ballot = by_award[award_id]
        _apply_quota(ballot, group, vote_base(ballot, seen), women_units)
    for vote in votes:
        vote.nomination.status = (
            Nomination.Status.APPROVED if vote.approved else Nomination.Status.NOT_APPROVED
        )
    CouncilVote.objects.bulk_update(votes, ["approved", "rank", "preference", "beyond_quota"])
    Nomination.objects.bulk_update([v.nomination for v in votes], ["status"])
    session.ends_at = ends_at
    session.minutes_number = number_allocate(
        actor=actor,
        unit=session.unit,
        doc_type=DocumentType.MINUTES,
        issued_on=session.held_on,
        summary=f"Biên bản họp Hội đồng Thi đua - Khen thưởng năm {session.year}",
    )
    session.status = CouncilSession.Status.CLOSED
    session.save(update_fields=["ends_at", "minutes_number", "status"])
    bases = {v.pk: vote_base(by_award[v.nomination.award_type_id], seen) for v in votes}
    notices.council_result(actor=actor, session=session, votes=votes, reasons=reasons, bases=bases)
    return session


def _approved_votes(session: CouncilSession):
    return session.votes.filter(approved=True)


@transaction.atomic
def dossier_start(*, actor: Actor, session: CouncilSession) -> RenderJob:
    """Number the Tờ trình and its list (once: a re-render keeps them) and render the
    dossier in the background."""
    rules.require_council(actor, session.unit)
    session = CouncilSession.objects.select_for_update().get(pk=session.pk)
    if session.is_open:
        raise ValidationError(_("Record the council's result before the dossier."))
    if not _approved_votes(session).exists():
        raise ValidationError(_("The council approved no nomination: there is nothing to propose."))
    for field, doc_type in (
        ("submission_number", DocumentType.SUBMISSION),
        ("list_number", DocumentType.LIST),
    ):
        if getattr(session, f"{field}_id") is None:
            number = number_allocate(
                actor=actor,
                unit=session.unit,
                doc_type=doc_type,
                issued_on=timezone.localdate(),
                summary=f"Đề nghị khen thưởng năm {session.year}",
            )
            setattr(session, field, number)
    session.save(update_fields=["submission_number", "list_number"])
    return render_job_start(
        actor=actor, builder=DOSSIER_BUILDER, object_id=session.pk, tenant=session.tenant
    )


@transaction.atomic
def decision_record(
    *,
    actor: Actor,
    session: CouncilSession,
    decided_on: datetime.date,
    external_number: str = "",
    decided_by: str = "",
) -> CouncilSession:
    """Record the award decision: issued by the council's unit (numbered from its register,
    then rendered) or, when the award is conferred above, the number and date received. The
    approved nominations become awards on the unit's and the person's history."""
    rules.require_council(actor, session.unit)
    session = CouncilSession.objects.select_for_update().select_related("unit").get(pk=session.pk)
    if not session.awaits_decision:
        raise ValidationError(_("The decision follows the council's result, once."))
    if decided_on < session.held_on:
        raise ValidationError(_("The decision cannot precede the council's meeting."))
    external_number = external_number.strip()
    if external_number:
        session.external_decision = external_number
        session.decided_by = decided_by.strip()
    else:
        session.decision_number = number_allocate(
            actor=actor,
            unit=session.unit,
            doc_type=DocumentType.DECISION,
            issued_on=decided_on,
            summary=f"Khen thưởng năm {session.year}",
        )
        session.decided_by = session.unit.name
    session.decided_on = decided_on
    session.status = CouncilSession.Status.DECIDED
    session.save(
        update_fields=[
            "external_decision",
            "decision_number",
            "decided_on",
            "decided_by",
            "status",
        ]
    )
    decision = f"{session.decision_display} ngày {decided_on:%d/%m/%Y}"
    votes = list(
        _approved_votes(session).select_related(
            "nomination__award_type", "nomination__unit", "nomination__person"
        )
    )
    AwardRecord.objects.bulk_create(
        AwardRecord(
            tenant_id=session.tenant_id,
            unit_id=v.nomination.unit_id,
            person_id=v.nomination.person_id,
            year=session.year,
            title=v.nomination.award_type.name,
            decision=decision,
            issued_by=session.decided_by,
            nomination=v.nomination,
        )
        for v in votes
    )
    Nomination.objects.filter(pk__in=[v.nomination_id for v in votes]).update(
        status=Nomination.Status.AWARDED
    )
    if session.decision_number_id:
        render_job_start(
            actor=actor, builder=DECISION_BUILDER, object_id=session.pk, tenant=session.tenant
        )
    notices.award_decided(actor=actor, session=session, votes=votes)
    return session
