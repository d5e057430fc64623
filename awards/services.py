"""Nominations and their eligibility, the council's session and the award decision.

Every eligibility rule says why, in the words the page shows; a nomination with any reason
cannot go to the council. The council votes on each submitted nomination of its unit's subtree,
in a meeting valid with the tenant's quorum of its members present (two thirds by default); a
nomination passes with at least its award's threshold of the base the award counts on (those
attending and consulted, or all members), written votes of absent members included; an award
with a quota approves no more than it, ties broken by the preference for women (Nghị định
152/2025/NĐ-CP Art. 4).
Numbers of the minutes, the Tờ trình, the list and the decision come from the council unit's
register, allocated in the transaction that issues them. Who may act is `awards.rules`; the
services check it, then the state.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass
from fractions import Fraction

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Case, Count, Exists, F, OuterRef, Q, When
from django.utils import timezone
from django.utils.translation import gettext as _

from campaign.models import Campaign, Participation
from documents.models import DocumentType, RenderJob
from documents.services import number_allocate, render_job_start
from initiatives.models import Initiative, InitiativeQuerySet
from units.models import Gender, Person, Unit
from units.permissions import Actor, as_user

from . import rules
from .defaults import DECREE_152_ART_4, MOHA_5007, rule_basis
from .models import (
    DISCIPLINE_RANK,
    RATING_RANK,
    AwardRecord,
    AwardSettings,
    AwardType,
    ConductRecord,
    CouncilBallot,
    CouncilMember,
    CouncilSession,
    CouncilVote,
    DisciplineLevel,
    InitiativeRule,
    Nomination,
    Preference,
    Rating,
    RecognisedInitiative,
    Recognition,
    Subject,
    recognised_filter,
)

Kind = ConductRecord.Kind
# The seeds' breaches (000 and 002): the defaults of `AwardType.person_breach_kinds` and
# `member_breach_kinds`.
CONDUCT_BREACHES = (Kind.CODE_OF_CONDUCT, Kind.HARASSMENT)


def _rating_label(value: str) -> str:
    return str(Rating(value).label)


def _level_label(level: str) -> str:
    if not level:
        return _("form not recorded")
    return str(DisciplineLevel(level).label).lower()


def _date(day: datetime.date) -> str:
    return f"{day:%d/%m/%Y}"


def eligibility_reasons(nomination: Nomination, *, on: datetime.date | None = None) -> list[str]:
    """Why the nomination may not go to the council; empty when it may."""
    return eligibility_by_nomination([nomination], on=on)[nomination.pk]


def eligibility_by_nomination(
    nominations, *, on: datetime.date | None = None
) -> dict[int, list[str]]:
    """{nomination id: reasons} for several nominations (a council's agenda), read from each
    award type's rules, considered on `on` (today by default: a record closed after it is
    still open), in four queries whatever their number: the nominees' conduct records, the
    collectives' members' records of the year, the nominations' initiatives, and the other
    nominations that use the same initiatives."""
    from .selectors import initiative_uses

    on = on or timezone.localdate()
    nominations = list(nominations)
    person_ids = {n.person_id for n in nominations if n.person_id}
    records = defaultdict(list)
    if person_ids:
        for record in ConductRecord.objects.filter(person_id__in=person_ids):
            records[record.person_id].append(record)
    collectives = [n for n in nominations if not n.person_id]
    members = defaultdict(list)  # (unit id, year) -> the members' records of the year
    if collectives:
        rows = ConductRecord.objects.filter(
            person__unit_id__in={n.unit_id for n in collectives},
            year__in={n.year for n in collectives},
        ).select_related("person")
        for record in rows:
            members[record.person.unit_id, record.year].append(record)
    links = _initiative_links([n.pk for n in nominations])
    single_use = {
        i.pk for n in nominations if not n.award_type.initiative_reuse for i in links[n.pk]
    }
    uses = initiative_uses(single_use) if single_use else {}
    return {
        n.pk: _reasons(n, records[n.person_id], members[n.unit_id, n.year], links[n.pk], uses, on)
        for n in nominations
    }


@dataclass(frozen=True)
class _Link:
    pk: int
    name: str
    accepted: bool
    recognised: bool
    of_nominee: bool


def _initiative_links(nomination_ids) -> defaultdict[int, list[_Link]]:
    """{nomination id: its initiatives, each with `accepted`, `recognised` and `of_nominee`
    (an author or the person in charge of a person's nomination, the unit's for a
    collective)}, in one query."""
    through = Nomination.initiatives.through
    authors = Initiative.authors.through.objects.filter(
        initiative_id=OuterRef("initiative_id"), person_id=OuterRef("nomination__person_id")
    )
    rows = (
        through.objects.filter(nomination_id__in=nomination_ids)
        .annotate(
            accepted=Case(
                When(InitiativeQuerySet.accepted_at_level_filter("initiative__"), then=True),
                default=False,
            ),
            recognised=Case(When(recognised_filter("initiative__"), then=True), default=False),
            of_nominee=Case(
                When(
                    Q(nomination__person__isnull=True, initiative__unit_id=F("nomination__unit_id"))
                    | Q(initiative__person_in_charge_id=F("nomination__person_id"))
                    | Q(Exists(authors)),
                    then=True,
                ),
                default=False,
            ),
        )
        .values_list(  # type: ignore[misc]  # annotations the stubs do not see
            "nomination_id",
            "initiative_id",
            "initiative__name",
            "accepted",
            "recognised",
            "of_nominee",
        )
    )
    result: defaultdict[int, list[_Link]] = defaultdict(list)
    for nomination_id, pk, name, accepted, recognised, of_nominee in rows:
        result[nomination_id].append(
            _Link(pk=pk, name=name, accepted=accepted, recognised=recognised, of_nominee=of_nominee)
        )
    return result


def _verification(kind: str) -> str:
    """What is being verified, as the pending reason says it."""
    words: dict[str, str] = {
        Kind.INVESTIGATION: _("an investigation"),
        Kind.INSPECTION: _("an inspection or audit"),
        Kind.COMPLAINT: _("a complaint or denunciation"),
        Kind.PRESS_REPORT: _("a press report"),
    }
    return words[kind]


def _pending_reason(name: str, record: ConductRecord, on: datetime.date) -> str:
    values = {
        "name": name,
        "kind": _verification(record.kind) if record.kind != Kind.DISCIPLINE else "",
        "basis": DECREE_152_ART_4,
    }
    if record.kind == Kind.DISCIPLINE:
        if record.closed_on is None:
            return _(
                "%(name)s: a discipline (%(level)s) is being considered or in force: no award "
                "until it ends (%(basis)s)."
            ) % {**values, "level": _level_label(record.level)}
        return _(
            "%(name)s: a discipline (%(level)s) is in force until %(end)s: no award until "
            "it ends (%(basis)s)."
        ) % {**values, "level": _level_label(record.level), "end": _date(record.closed_on)}
    if record.closed_on is None:
        return (
            _(
                "%(name)s is under verification (%(kind)s): no award until it is concluded "
                "(%(basis)s)."
            )
            % values
        )
    return _(
        "%(name)s is under verification (%(kind)s) until %(end)s: no award until it is "
        "concluded (%(basis)s)."
    ) % {**values, "end": _date(record.closed_on)}


def _reasons(nomination, records, members, links, uses, on) -> list[str]:
    reasons = []
    award = nomination.award_type
    person = nomination.person
    if award.subject == Subject.INDIVIDUAL and person is None:
        reasons.append(
            _("%(award)s is awarded to individuals: choose the person.") % {"award": award}
        )
    if award.subject == Subject.COLLECTIVE and person is not None:
        reasons.append(
            _("%(award)s is awarded to collectives, not to a person.") % {"award": award}
        )
    floor = max(RATING_RANK[Rating.GOOD], RATING_RANK[award.min_rating])
    if RATING_RANK[nomination.rating] < floor:
        lowest = Rating.GOOD if floor == RATING_RANK[Rating.GOOD] else award.min_rating
        reasons.append(
            _("The rating “%(rating)s” is below the lowest accepted, “%(lowest)s”.")
            % {"rating": _rating_label(nomination.rating), "lowest": _rating_label(lowest)}
        )
    if person is not None:
        reasons += _person_reasons(nomination, records, on)
    else:
        reasons += _collective_reasons(nomination, members)
    reasons += _initiative_reasons(nomination, links, uses)
    return reasons


def _person_reasons(nomination, records, on) -> list[str]:
    reasons = []
    award = nomination.award_type
    name = nomination.person.full_name
    year = nomination.year
    if award.pending_bars:
        reasons += [_pending_reason(name, r, on) for r in records if r.is_open_on(on)]
    level = award.person_discipline_level
    if level:
        barring = [
            r
            for r in records
            if r.kind == Kind.DISCIPLINE
            and r.year == year
            and r.level_rank >= DISCIPLINE_RANK[level]
        ]
        if barring:
            reasons.append(
                _(
                    "%(name)s was disciplined in %(year)s (%(levels)s): %(award)s is not awarded "
                    "to a person disciplined from %(lowest)s up (%(basis)s)."
                )
                % {
                    "name": name,
                    "year": year,
                    "levels": ", ".join(_level_label(r.level) for r in barring),
                    "award": award,
                    "lowest": _level_label(level),
                    "basis": rule_basis(award, "person_discipline_level"),
                }
            )
    if any(r.kind in award.person_breach_kinds and r.year == year for r in records):
        reasons.append(
            _("%(name)s broke the code of conduct or harassed citizens in %(year)s.")
            % {"name": name, "year": year}
        )
    if award.min_months_worked:
        counted = nomination.months_counted
        ended = [
            r.closed_on
            for r in records
            if award.counts_from_discipline_end
            and r.kind == Kind.DISCIPLINE
            and r.closed_on is not None
            and r.closed_on.year == year
            and r.closed_on <= on
        ]
        values = {"name": name, "year": year, "min": award.min_months_worked, "award": award}
        if ended and 12 - max(ended).month < award.min_months_worked:
            reasons.append(
                _(
                    "Achievements count from the end of %(name)s's discipline on %(end)s: "
                    "%(months)d months of %(year)s remain, fewer than the %(min)d months "
                    "%(award)s needs (%(basis)s)."
                )
                % {
                    **values,
                    "end": _date(max(ended)),
                    "months": min(counted, 12 - max(ended).month),
                    "basis": DECREE_152_ART_4,
                }
            )
        elif counted < award.min_months_worked:
            reasons.append(
                _(
                    "%(name)s worked %(months)d months in %(year)s, maternity leave counted: "
                    "fewer than the %(min)d months %(award)s needs."
                )
                % {**values, "months": counted}
            )
    return reasons


def _collective_reasons(nomination, members) -> list[str]:
    reasons = []
    award = nomination.award_type
    year = nomination.year
    level = award.member_discipline_level
    if level:
        barring = sorted(
            (r.person.full_name, _level_label(r.level))
            for r in members
            if r.kind == Kind.DISCIPLINE and r.level_rank >= DISCIPLINE_RANK[level]
        )
        if barring:
            reasons.append(
                _(
                    "A collective with a member disciplined from %(lowest)s up in %(year)s is "
                    "not awarded %(award)s (%(basis)s): %(names)s."
                )
                % {
                    "lowest": _level_label(level),
                    "year": year,
                    "award": award,
                    "basis": rule_basis(award, "member_discipline_level"),
                    "names": ", ".join(f"{name} ({form})" for name, form in barring),
                }
            )
    offenders = {r.person.full_name for r in members if r.kind in award.member_breach_kinds}
    if offenders:
        reasons.append(
            _(
                "A collective with a member who broke the code of conduct or harassed "
                "citizens in %(year)s is not awarded: %(names)s."
            )
            % {"year": year, "names": ", ".join(sorted(offenders))}
        )
    return reasons


def _initiative_reasons(nomination, links, uses) -> list[str]:
    reasons = []
    award = nomination.award_type
    if award.initiative_rule == InitiativeRule.ACCEPTED and not any(i.accepted for i in links):
        reasons.append(
            _("%(award)s needs at least one initiative accepted in the campaign.")
            % {"award": award}
        )
    if award.initiative_rule == InitiativeRule.RECOGNISED and not any(
        i.recognised and i.of_nominee for i in links
    ):
        reasons.append(
            _(
                "%(award)s needs an initiative of the nominee recognised at unit level by a "
                "decision (%(basis)s)."
            )
            % {"award": award, "basis": rule_basis(award, "initiative_rule")}
        )
    if not award.initiative_reuse:
        for item in links:
            others = [u for u in uses.get(item.pk, ()) if u.nomination_id != nomination.pk]
            if others:
                reasons.append(_used_reason(item.name, others))
    return reasons


def _used_reason(name: str, others) -> str:
    return _(
        "The initiative “%(name)s” already supports %(others)s: an initiative supports one "
        "award (%(basis)s)."
    ) % {"name": name, "others": "; ".join(u.label for u in others), "basis": MOHA_5007}


def _check_parts(*, unit: Unit, campaign: Campaign, award_type: AwardType, person, initiatives):
    if award_type.tenant_id != unit.tenant_id or campaign.tenant_id != unit.tenant_id:
        raise ValidationError(_("The award or the plan belongs to another tenant."))
    if not Participation.objects.filter(campaign=campaign, unit=unit).exists():
        raise ValidationError(_("%(unit)s does not take part in this plan.") % {"unit": unit})
    if person is not None and person.unit_id != unit.pk:
        raise ValidationError(_("The person nominated must belong to the unit."))
    # A recognised initiative supports an award whatever plan it was registered under.
    recognised = set(
        Initiative.objects.filter(pk__in=[i.pk for i in initiatives])
        .filter(recognised_filter())
        .values_list("pk", flat=True)
    )
    for item in initiatives:
        if item.unit_id != unit.pk or (
            item.campaign_id != campaign.pk and item.pk not in recognised
        ):
            raise ValidationError(
                _(
                    "Only the unit's initiatives of this plan, or its initiatives recognised at "
                    "unit level, can be linked."
                )
            )


def _check_unused(*, award_type: AwardType, initiatives, nomination: Nomination | None):
    """An initiative used by another nomination (`Nomination.objects.using_initiatives`)
    cannot support this one unless the award type allows it."""
    from .selectors import initiative_uses

    if award_type.initiative_reuse or not initiatives:
        return
    uses = initiative_uses(
        [i.pk for i in initiatives], exclude=nomination.pk if nomination else None
    )
    errors = [_used_reason(i.name, uses[i.pk]) for i in initiatives if uses.get(i.pk)]
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def nomination_save(
    *,
    actor: Actor,
    unit: Unit,
    campaign: Campaign,
    award_type: AwardType,
    year: int,
    rating: str,
    achievements: str,
    person: Person | None = None,
    initiatives=(),
    months_worked: int = 12,
    maternity_months: int = 0,
    nomination: Nomination | None = None,
) -> Nomination:
    """Create or change a draft nomination of the unit (or of one of its people)."""
    rules.require_nominate(actor, unit)
    if nomination is not None and not nomination.is_draft:
        raise ValidationError(_("A nomination sent to the council no longer changes."))
    if (
        person is not None
        and not person.is_active
        and (nomination is None or nomination.person_id != person.pk)
    ):
        raise ValidationError(
            _("%(name)s is no longer in service and cannot be nominated.")
            % {"name": person.full_name}
        )
    initiatives = list(initiatives)
    _check_parts(
        unit=unit, campaign=campaign, award_type=award_type, person=person, initiatives=initiatives
    )
    _check_unused(award_type=award_type, initiatives=initiatives, nomination=nomination)
    nomination = nomination or Nomination(
        tenant_id=unit.tenant_id, unit=unit, created_by=as_user(actor)
    )
    nomination.campaign = campaign
    nomination.award_type = award_type
    nomination.person = person
    nomination.year = year
    nomination.rating = rating
    nomination.achievements = (achievements or "").strip()
    nomination.months_worked = months_worked
    nomination.maternity_months = maternity_months
    nomination.full_clean(exclude=["created_by"])
    nomination.save()
    nomination.initiatives.set(initiatives)
    return nomination


@transaction.atomic
def nomination_submit(*, actor: Actor, nomination: Nomination) -> Nomination:
    """Send the nomination to the council: refused, with every reason, while it is not
    eligible."""
    nomination = Nomination.objects.select_for_update().get(pk=nomination.pk)
    rules.require_nominate(actor, nomination.unit)
    if not nomination.is_draft:
        raise ValidationError(_("A nomination sent to the council no longer changes."))
    # Two nominations citing one initiative are sent one after the other.
    list(Initiative.objects.select_for_update().filter(nominations=nomination).values("pk"))
    reasons = eligibility_reasons(nomination)
    if reasons:
        raise ValidationError(reasons)
    nomination.status = Nomination.Status.SUBMITTED
    nomination.save(update_fields=["status", "updated_at"])
    return nomination


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
    from .selectors import council_candidates

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
    votes = list(_approved_votes(session).select_related("nomination__award_type"))
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
    return session


# Conduct records: entered from the person's page by the tenant administrator, the head of
# the person's unit or an award officer of that unit or above (`units.rules`).

CONDUCT_FIELDS = frozenset({"kind", "level", "year", "description", "decided_on", "closed_on"})


def _conduct_clean(record: ConductRecord) -> None:
    record.description = (record.description or "").strip()
    errors: dict = {}
    try:
        record.full_clean(exclude=["tenant", "person"])
    except ValidationError as exc:
        errors = exc.update_error_dict(errors)
    this_year = timezone.localdate().year
    if record.year and "year" not in errors and record.year > this_year:
        errors["year"] = [_("The year %(year)s has not come yet.") % {"year": record.year}]
    if record.level and record.kind != Kind.DISCIPLINE and "kind" not in errors:
        errors.setdefault("level", []).append(_("Only a discipline has a form of discipline."))
    if record.decided_on and record.closed_on and record.closed_on < record.decided_on:
        errors.setdefault("closed_on", []).append(
            _("The closing date comes before the date of the decision.")
        )
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def conduct_record_create(
    *,
    actor: Actor,
    person: Person,
    kind: str,
    year: int,
    level: str = "",
    description: str = "",
    decided_on: datetime.date | None = None,
    closed_on: datetime.date | None = None,
) -> ConductRecord:
    """Record a discipline (with its form), a verification under way (investigation,
    inspection, complaint or denunciation, press report) or a breach of the code of conduct:
    from then on the eligibility rules read it."""
    rules.require_conduct(actor, person)
    record = ConductRecord(
        tenant_id=person.tenant_id,
        person=person,
        kind=kind,
        level=level or "",
        year=year,
        description=description,
        decided_on=decided_on,
        closed_on=closed_on,
    )
    _conduct_clean(record)
    record.save()
    return record


@transaction.atomic
def conduct_record_update(*, actor: Actor, record: ConductRecord, **fields) -> ConductRecord:
    """Correct a record or close it (the date a discipline or an investigation ended)."""
    unknown = set(fields) - CONDUCT_FIELDS
    if unknown:
        raise TypeError(f"conduct_record_update() got unexpected fields: {sorted(unknown)}")
    record = (
        ConductRecord.objects.select_for_update().select_related("person__unit").get(pk=record.pk)
    )
    rules.require_conduct(actor, record.person)
    for name, value in fields.items():
        setattr(record, name, value)
    _conduct_clean(record)
    record.save()
    return record


# Recognition of initiatives: a unit's decision (Quyết định công nhận sáng kiến) recognising
# initiatives of its subtree applied with effect, each once. A draft changes; issued, it takes
# the next number of the unit's register of decisions and is rendered in the background.

RECOGNITION_BUILDER = "awards.documents.recognition"


def _recognition_errors(
    *, unit: Unit, year: int, decided_on: datetime.date, entries: list, recognition
) -> None:
    """Every refusal of the decision's content, named, before anything is written."""
    errors: dict[str, list[str]] = defaultdict(list)
    this_year = timezone.localdate().year
    if decided_on.year > this_year:
        errors["decided_on"].append(
            _("The decision date is in %(year)s, a year that has not come yet.")
            % {"year": decided_on.year}
        )
    if year > decided_on.year:
        errors["year"].append(
            _("A decision of %(date)s cannot recognise the initiatives of %(year)s.")
            % {"date": f"{decided_on:%d/%m/%Y}", "year": year}
        )
    if not entries:
        errors["initiatives"].append(_("Choose at least one initiative to recognise."))
    items = [item for item, _effect in entries]
    if any(item.tenant_id != unit.tenant_id for item in items):
        # Another tenant's initiative is not named: its name is not ours to show.
        errors["initiatives"].append(_("An initiative chosen belongs to another tenant."))
    ours = [item for item in items if item.tenant_id == unit.tenant_id]
    eligible = set(
        Initiative.objects.applied_with_effect()
        .filter(pk__in=[item.pk for item in ours])
        .values_list("pk", flat=True)
    )
    others = RecognisedInitiative.objects.filter(initiative_id__in=[item.pk for item in ours])
    if recognition is not None:
        others = others.exclude(recognition=recognition)
    taken = {
        entry.initiative_id: entry
        for entry in others.select_related("recognition__unit", "recognition__number")
    }
    for item in ours:
        name = {"name": item.name}
        if not item.unit.path.startswith(unit.path):
            errors["initiatives"].append(
                _("“%(name)s” is not an initiative of %(unit)s or of a unit below it.")
                % {**name, "unit": unit.name}
            )
        elif item.pk in taken:
            other = taken[item.pk].recognition
            if other.number is not None:
                errors["initiatives"].append(
                    _("“%(name)s” is already recognised by decision %(number)s of %(date)s.")
                    % {
                        **name,
                        "number": other.number.display,
                        "date": f"{other.decided_on:%d/%m/%Y}",
                    }
                )
            else:
                errors["initiatives"].append(
                    _("“%(name)s” is already on a draft decision of %(unit)s.")
                    % {**name, "unit": other.unit.name}
                )
        elif item.pk not in eligible:
            errors["initiatives"].append(
                _(
                    "“%(name)s” has not been applied with effect yet: its result report "
                    "(Mẫu 2) must be accepted first."
                )
                % name
            )
    if errors:
        raise ValidationError(dict(errors))


@transaction.atomic
def recognition_save(
    *,
    actor: Actor,
    unit: Unit,
    year: int,
    decided_on: datetime.date,
    entries,
    signer_position: str = "",
    signer_name: str = "",
    recognition: Recognition | None = None,
) -> Recognition:
    """Create or change a draft decision of `unit` recognising `entries`, a list of
    (initiative, effect and scope text) for the annex, in that order."""
    rules.require_recognise(actor, unit)
    if recognition is not None:
        recognition = Recognition.objects.select_for_update().get(pk=recognition.pk)
        if not recognition.is_draft:
            raise ValidationError(_("An issued decision no longer changes."))
        if recognition.unit_id != unit.pk:
            raise ValidationError(_("The decision belongs to another unit."))
    # Locked, so two drafts cannot take the same initiative at once.
    chosen = {item.pk: (effect or "").strip() for item, effect in entries}
    items = (
        Initiative.objects.select_for_update(of=("self",))
        .select_related("unit")
        .in_bulk(list(chosen))
    )
    lines = [(items[pk], effect) for pk, effect in chosen.items() if pk in items]
    _recognition_errors(
        unit=unit, year=year, decided_on=decided_on, entries=lines, recognition=recognition
    )
    recognition = recognition or Recognition(
        tenant_id=unit.tenant_id, unit=unit, created_by=as_user(actor)
    )
    recognition.year = year
    recognition.decided_on = decided_on
    recognition.signer_position = (signer_position or "").strip()
    recognition.signer_name = (signer_name or "").strip()
    recognition.full_clean(exclude=["created_by", "number"])
    recognition.save()
    recognition.entries.all().delete()
    RecognisedInitiative.objects.bulk_create(
        RecognisedInitiative(recognition=recognition, initiative=item, effect=effect)
        for item, effect in lines
    )
    return recognition


def _draft_recognition(actor: Actor, recognition: Recognition) -> Recognition:
    recognition = (
        Recognition.objects.select_for_update(of=("self",))
        .select_related("unit")
        .get(pk=recognition.pk)
    )
    rules.require_recognise(actor, recognition.unit)
    if not recognition.is_draft:
        raise ValidationError(_("An issued decision no longer changes."))
    return recognition


@transaction.atomic
def recognition_issue(*, actor: Actor, recognition: Recognition) -> Recognition:
    """Issue the draft: its initiatives are checked again, it takes the next number of the
    unit's register of decisions (in this transaction), and its PDF renders once committed.
    From then on it no longer changes."""
    recognition = _draft_recognition(actor, recognition)
    entries = list(recognition.entries.select_related("initiative__unit"))
    _recognition_errors(
        unit=recognition.unit,
        year=recognition.year,
        decided_on=recognition.decided_on,
        entries=[(entry.initiative, entry.effect) for entry in entries],
        recognition=recognition,
    )
    recognition.number = number_allocate(
        actor=actor,
        unit=recognition.unit,
        doc_type=DocumentType.DECISION,
        issued_on=recognition.decided_on,
        summary=f"Công nhận sáng kiến cấp cơ sở năm {recognition.year}",
    )
    recognition.save(update_fields=["number"])
    recognition_render_start(actor=actor, recognition=recognition)
    return recognition


def recognition_render_start(*, actor: Actor, recognition: Recognition) -> RenderJob:
    """Render the issued decision and its annex in the background (again after a failure)."""
    rules.require_recognise(actor, recognition.unit)
    if recognition.is_draft:
        raise ValidationError(_("Issue the decision before its PDF."))
    return render_job_start(
        actor=actor,
        builder=RECOGNITION_BUILDER,
        object_id=recognition.pk,
        tenant=recognition.tenant,
    )


@transaction.atomic
def recognition_delete(*, actor: Actor, recognition: Recognition) -> None:
    """Discard a draft: its initiatives are free for another decision."""
    recognition = _draft_recognition(actor, recognition)
    recognition.delete()
