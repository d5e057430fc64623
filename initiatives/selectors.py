"""Reads of initiatives for views and exports, each in a bounded number of queries.

Who sees an initiative: users whose scope covers its unit (the unit itself, the levels above
it), and — once submitted — reviewers whose scope covers the deadline's receiving unit, which
may sit in another branch (seed 002 sends results to the Phòng Nội vụ, not to the school's
own office).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Case, CharField, Count, F, Q, QuerySet, Value, When

from campaign.models import Deadline, Participation
from units.models import Person, Unit, User
from units.selectors import user_scope
from units.text import fold

from .models import Consolidation, Initiative

Status = Initiative.Status


def visible_initiatives(user: User) -> QuerySet[Initiative]:
    scope = user_scope(user)
    own = scope.unit_filter("unit__")
    received = scope.unit_filter("review_deadline__receiving_unit__") & ~Q(status=Status.DRAFT)
    return (
        Initiative.objects.filter(tenant_id=scope.tenant_id)
        .filter(own | received)
        .select_related(
            "unit",
            "campaign",
            "deadline__phase",
            "deadline__receiving_unit",
            "review_deadline__receiving_unit",
        )
    )


def search(queryset: QuerySet[Initiative], query: str) -> QuerySet[Initiative]:
    """Accent-insensitive: "truong mam non co giang" finds "Trường Mầm non Cô Giang"."""
    folded = fold(query)
    for word in folded.split():
        queryset = queryset.filter(search_text__contains=word)
    return queryset


def initiative_detail(user: User, initiative_id: int) -> Initiative:
    return (
        visible_initiatives(user)
        .select_related("person_in_charge", "created_by")
        .prefetch_related("authors", "events__actor", "versions")
        .get(pk=initiative_id)
    )


def unit_people(unit: Unit) -> QuerySet[Person]:
    return Person.objects.filter(unit=unit).order_by("full_name")


@dataclass
class BoardRow:
    unit: Unit
    drafts: int
    submitted: int
    returned: int
    accepted: int
    rejected: int
    late: int

    @property
    def state(self) -> str:
        """One word for the row: what the reviewer needs to know first."""
        if self.submitted + self.accepted + self.rejected + self.returned == 0:
            return "draft" if self.drafts else "nothing"
        return "late" if self.late else "submitted"


BOARD_STATES = ("nothing", "draft", "submitted", "late")


def at_level(deadline: Deadline) -> Q:
    """Items that pass through `deadline`'s review: registered under it, or forwarded to it
    by a consolidation of the level below."""
    return Q(deadline=deadline) | Q(consolidations__forwarded_to=deadline)


def level_status(deadline: Deadline):
    """An item's status at the level of `deadline`: its own status while that level reviews
    it; "accepted" once passed on above (only accepted items are forwarded)."""
    return Case(
        When(review_deadline=deadline, then=F("status")),
        default=Value(Status.ACCEPTED),
        output_field=CharField(),
    )


def review_board(deadline: Deadline, user: User, *, query: str = "", state: str = ""):
    """Every participating unit in the reviewer's sight with its counts for `deadline`: a
    fixed number of queries whatever the number of units and items. An item counts under the
    participant whose subtree holds its unit (a school's item forwarded by its Phòng counts
    under the Phòng on the Sở's board)."""
    scope = user_scope(user)
    participations = Participation.objects.filter(campaign_id=deadline.phase.campaign_id)
    receiving = deadline.receiving_unit
    if (
        receiving is None
        or not Unit.objects.filter(pk=receiving.pk).filter(scope.unit_filter()).exists()
    ):
        participations = participations.filter(scope.unit_filter("unit__"))
    if query:
        for word in fold(query).split():
            participations = participations.filter(unit__search_name__contains=word)
    units = [p.unit for p in participations.select_related("unit").order_by("unit__path")]
    by_path = {unit.path: unit for unit in units}
    lengths = sorted({len(path) for path in by_path}, reverse=True)
    counts = (
        Initiative.objects.filter(at_level(deadline))
        .annotate(level=level_status(deadline))
        .values("unit__path", "level", "is_late")
        .annotate(n=Count("id", distinct=True))
    )
    fields = ("drafts", "submitted", "returned", "accepted", "rejected", "late")
    totals_by_unit = {unit.pk: dict.fromkeys(fields, 0) for unit in units}
    names = {
        Status.DRAFT: "drafts",
        Status.SUBMITTED: "submitted",
        Status.RETURNED: "returned",
        Status.ACCEPTED: "accepted",
        Status.REJECTED: "rejected",
    }
    for row in counts:
        path = row["unit__path"]
        owner = next((by_path[path[:n]] for n in lengths if path[:n] in by_path), None)
        if owner is None:
            continue
        bucket = totals_by_unit[owner.pk]
        bucket[names[row["level"]]] += row["n"]
        if row["is_late"] and row["level"] != Status.DRAFT:
            bucket["late"] += row["n"]
    rows = [BoardRow(unit=unit, **totals_by_unit[unit.pk]) for unit in units]
    totals = {name: sum(getattr(r, name) for r in rows) for name in fields}
    totals.update({f"units_{s}": sum(1 for r in rows if r.state == s) for s in BOARD_STATES})
    # A late unit has submitted too: the card counts both, the late card those of them late.
    totals["units_submitted"] += totals["units_late"]
    totals["units"] = len(rows)
    if state in BOARD_STATES:
        rows = [r for r in rows if r.state == state]
    return rows, totals


def items_to_review(deadline: Deadline, user: User) -> QuerySet[Initiative]:
    """Items at this level (drafts aside), each with its status at this level as `level`."""
    at_this_level = Initiative.objects.filter(at_level(deadline)).values("pk")
    return (
        visible_initiatives(user)
        .filter(pk__in=at_this_level)
        .exclude(review_deadline=deadline, status=Status.DRAFT)
        .annotate(level=level_status(deadline))
        .order_by("unit__path", "id")
    )


def consolidation_candidates(deadline: Deadline) -> QuerySet[Initiative]:
    """Accepted at this level and not yet passed on: what the receiving unit can forward."""
    return (
        Initiative.objects.filter(review_deadline=deadline, status=Status.ACCEPTED)
        .select_related("unit", "person_in_charge")
        .order_by("unit__path", "id")
    )


def units_without_submission(deadline: Deadline, unit: Unit) -> QuerySet[Unit]:
    """Participating units of `unit`'s subtree that sent nothing for `deadline`."""
    sent = Initiative.objects.filter(deadline=deadline).exclude(status=Status.DRAFT)
    return (
        Unit.objects.filter(
            participations__campaign_id=deadline.phase.campaign_id,
            path__startswith=unit.path,
            tenant_id=unit.tenant_id,
        )
        .exclude(pk__in=sent.values("unit_id"))
        .order_by("path")
    )


def visible_consolidations(user: User) -> QuerySet[Consolidation]:
    scope = user_scope(user)
    return Consolidation.objects.filter(scope.unit_filter("unit__")).select_related(
        "deadline__phase__campaign", "unit", "forwarded_to__receiving_unit", "number"
    )
