"""Whether a nomination may go to the council, and why not: the award type's rules read as
data (`AwardType`: conduct kinds and forms of discipline that bar the nominee or a collective
through a member, the pending verifications of Nghị định 152/2025/NĐ-CP Art. 4, months worked
with maternity leave, the initiative it needs and whether one may serve twice). Every reason
says why, in the words the page shows, naming the person and the rule; a nomination with any
reason cannot go to the council."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Case, Exists, F, OuterRef, Q, When
from django.utils import timezone
from django.utils.translation import gettext as _

from awards.defaults import DECREE_152_ART_4, MOHA_5007, rule_basis
from awards.models import (
    DISCIPLINE_RANK,
    RATING_RANK,
    ConductRecord,
    DisciplineLevel,
    InitiativeRule,
    Nomination,
    Rating,
    Subject,
    recognised_filter,
)
from initiatives.models import Initiative, InitiativeQuerySet

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
    from awards.selectors import initiative_uses

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
                reasons.append(used_reason(item.name, others))
    return reasons


def used_reason(name: str, others) -> str:
    return _(
        "The initiative “%(name)s” already supports %(others)s: an initiative supports one "
        "award (%(basis)s)."
    ) % {"name": name, "others": "; ".join(u.label for u in others), "basis": MOHA_5007}
