"""Reads of initiatives for views and exports, each in a bounded number of queries.

Who sees an initiative: users whose scope covers its unit (the unit itself, the levels above
it), and — once submitted — reviewers whose scope covers the deadline's receiving unit, which
may sit in another branch (seed 002 sends results to the Phòng Nội vụ, not to the school's
own office).
"""

from __future__ import annotations

import datetime
from collections import Counter, defaultdict
from dataclasses import dataclass
from decimal import Decimal
from typing import NamedTuple

from django.db import connection
from django.db.models import Case, CharField, Count, F, Q, QuerySet, Sum, Value, When
from django.db.models.functions import Coalesce

from campaign.models import Campaign, Deadline, DeadlineKind, EvaluationCriterion, Participation
from campaign.obligations import Owed
from core.text import fold
from units.models import Person, Role, Unit, User
from units.permissions import works_at
from units.selectors import under_paths, unit_heads_users, user_scope

from .models import Consolidation, Initiative, ItemCount, ReviewAssignment, Score

Status = Initiative.Status


# What a list of initiatives shows beside each item.
LISTED_WITH = (
    "unit",
    "campaign",
    "deadline__phase",
    "deadline__receiving_unit",
    "review_deadline__receiving_unit",
)


def visible_initiatives(user: User) -> QuerySet[Initiative]:
    scope = user_scope(user)
    # The units and deadlines in sight as subqueries (each read once, then looked up), not
    # joins: a search joined three tables for each of the 16,000 items it tested.
    units = Unit.objects.filter(scope.unit_filter()).values("pk")
    deadlines = Deadline.objects.filter(scope.unit_filter("receiving_unit__")).values("pk")
    own = Q(unit_id__in=units)
    received = Q(review_deadline_id__in=deadlines) & ~Q(status=Status.DRAFT)
    # Models recommended for replication are there for every unit of the tenant to read.
    recommended = Q(recommended_by__isnull=False)
    return (
        Initiative.objects.filter(tenant_id=scope.tenant_id)  # type: ignore[misc]  # None: no tenant, no rows
        .filter(own | received | recommended)
        .select_related(*LISTED_WITH)
    )


def search(queryset: QuerySet[Initiative], query: str) -> QuerySet[Initiative]:
    """Accent-insensitive: "truong mam non co giang" finds "Trường Mầm non Cô Giang"."""
    for word in search_words(query):
        queryset = queryset.filter(search_text__contains=word)
    return queryset


def search_words(query: str) -> list[str]:
    """The folded words an item's text must contain, less those another word contains
    ("so hoa ho so": "so", "hoa"): the same matches, fewer tests per row."""
    words = sorted(set(fold(query).split()), key=lambda word: (-len(word), word))
    kept: list[str] = []
    for word in words:
        if not any(word in longer for longer in kept):
            kept.append(word)
    return kept


# The list's year filter: the current plans (the default), every year, or one year.
ALL_YEARS = "all"


@dataclass(frozen=True)
class PlanYears:
    """The tenant's plans by the year they start in, newest first, and its current plans:
    those not yet ended, else (between two years) the latest year's."""

    by_year: dict[int, list[int]]
    current: list[int]

    @property
    def years(self) -> list[int]:
        return list(self.by_year)

    def chosen(self, year: str) -> str:
        """The filter as the list understands it: "all", a year with plans, or "" (the
        current plans) for anything else."""
        if year == ALL_YEARS or (year.isdigit() and int(year) in self.by_year):
            return year
        return ""

    def campaign_ids(self, year: str) -> list[int] | None:
        """The plans a list filtered on `year` reads: None for every year; the current
        plans for an empty or unknown year."""
        year = self.chosen(year)
        if year == ALL_YEARS:
            return None
        return self.by_year[int(year)] if year else self.current


def plan_years(user: User, today: datetime.date) -> PlanYears:
    """The years of the plans of the user's tenant, in one query on the (short) plan table."""
    tenant_id = user_scope(user).tenant_id
    if tenant_id is None:
        return PlanYears({}, [])
    plans = sorted(
        Campaign.objects.filter(tenant_id=tenant_id).values_list("pk", "start_date", "end_date"),
        key=lambda plan: (plan[1], plan[0]),
        reverse=True,
    )
    by_year: dict[int, list[int]] = {}
    for pk, start, _end in plans:
        by_year.setdefault(start.year, []).append(pk)
    current = [pk for pk, _start, end in plans if end >= today]
    if not current and by_year:
        current = next(iter(by_year.values()))
    return PlanYears(by_year, current)


def in_plans(queryset: QuerySet[Initiative], plans: PlanYears, year: str) -> QuerySet[Initiative]:
    """The items of the plans `year` selects (`PlanYears.campaign_ids`): by default only the
    current year's are read (through the plan's index), past years cost nothing."""
    campaign_ids = plans.campaign_ids(year)
    if campaign_ids is None:
        return queryset
    return queryset.filter(campaign_id__in=campaign_ids)


def listed_page(
    queryset: QuerySet[Initiative], page: int, per_page: int
) -> tuple[list[Initiative], bool]:
    """One page of a filtered, ordered list and whether another follows: the ids first,
    then those rows with what a list shows. Sorting thousands of matches with every column
    and join along took the Sở's search three times as long; counting them all would read
    them all again."""
    start = (page - 1) * per_page
    ids = list(queryset.values_list("pk", flat=True)[start : start + per_page + 1])
    found = Initiative.objects.filter(pk__in=ids[:per_page]).select_related(*LISTED_WITH)
    by_id = found.in_bulk()
    return [by_id[pk] for pk in ids[:per_page]], len(ids) > per_page


def initiative_detail(user: User, initiative_id: int, *, with_history: bool = False) -> Initiative:
    """One item in the user's sight; `with_history` adds its events and versions, which
    only its page shows (a submit at a deadline paid a quarter of its time for them)."""
    # The decision recognising it (awards.Recognition), which its page names.
    found = visible_initiatives(user).select_related(
        "person_in_charge", "created_by", "recognition_entry__recognition__number"
    )
    history = ("events__actor", "versions") if with_history else ()
    return found.prefetch_related("authors", *history).get(pk=initiative_id)


def initiative_to_edit(
    user: User, initiative_id: int, *, related: tuple[str, ...] = ()
) -> Initiative:
    """One item in the user's sight, locked for the change its form posts back (the
    request's transaction holds it: the services take it as it is, `already_locked`), with
    its unit, `related` (a submission's deadline and plan) and authors. An item of the unit
    the user writes for is read by its key alone: the sight's subqueries were a third of the
    autosave's time, posted every few seconds by each head of school at the deadline."""
    found = (
        Initiative.objects.filter(tenant_id=user_scope(user).tenant_id)  # type: ignore[misc]  # None: no tenant, no rows
        .select_for_update(of=("self",))
        .select_related("unit", *related)
        .prefetch_related("authors")
        .get(pk=initiative_id)
    )
    if (
        not works_at(user, found.unit)
        and not visible_initiatives(user).filter(pk=found.pk).exists()
    ):
        raise Initiative.DoesNotExist
    return found


def unit_people(unit: Unit) -> QuerySet[Person]:
    return Person.objects.filter(unit=unit).order_by("full_name")


class BoardUnit(NamedTuple):
    """What a board row shows of its unit: a board lists thousands, and building a model
    instance for each took a third of the Sở's board."""

    pk: int
    code: str
    name: str
    path: str


@dataclass
class BoardRow:
    unit: BoardUnit
    drafts: int
    submitted: int
    returned: int
    accepted: int
    rejected: int
    late: int

    @property
    def sent_nothing(self) -> bool:
        """Nothing submitted yet (a draft at most): the units a reminder is for."""
        return self.state in ("nothing", "draft")

    @property
    def state(self) -> str:
        return board_state(
            self.drafts, self.submitted, self.returned, self.accepted, self.rejected, self.late
        )


def board_state(drafts, submitted, returned, accepted, rejected, late) -> str:
    """One word for a board row: what the reviewer needs to know first."""
    if submitted + accepted + rejected + returned == 0:
        return "draft" if drafts else "nothing"
    return "late" if late else "submitted"


BOARD_STATES = ("nothing", "draft", "submitted", "late")
# A board row's counts, in BoardRow's order.
BOARD_COUNTS = ("drafts", "submitted", "returned", "accepted", "rejected", "late")
ZERO_COUNTS = (0,) * len(BOARD_COUNTS)


def at_level(deadline: Deadline) -> Q:
    """Items that pass through `deadline`'s review: registered under it, or forwarded to it
    by a consolidation of the level below."""
    # A subquery, not a join: the join made every count DISTINCT and cost the board a third
    # of its time at 30,000 items.
    forwarded = Consolidation.items.through.objects.filter(
        consolidation__forwarded_to=deadline
    ).values("initiative_id")
    return Q(deadline=deadline) | Q(pk__in=forwarded)


def level_status(deadline: Deadline):
    """An item's status at the level of `deadline`: its own status while that level reviews
    it; "accepted" once passed on above (only accepted items are forwarded)."""
    return Case(
        When(review_deadline=deadline, then=F("status")),
        default=Value(Status.ACCEPTED),
        output_field=CharField(),
    )


def review_board(
    deadline: Deadline,
    user: User,
    *,
    query: str = "",
    state: str = "",
    receives: bool | None = None,
) -> tuple[BoardRows, dict]:
    """Every participating unit in the reviewer's sight with its counts for `deadline`, and
    the totals of all of them: a fixed number of queries whatever the number of units and
    items. An item counts under the participant whose subtree holds its unit (a school's item
    forwarded by its Phòng counts under the Phòng on the Sở's board). `receives`:
    receives_in_scope's answer, when the caller has it."""
    scope = user_scope(user)
    participations = Participation.objects.filter(campaign_id=deadline.phase.campaign_id)
    if scope.tenant_id is not None:
        # Said outright although the policy says it too: the policy's OR (units/rls.py) is
        # no index condition, so without it the Sở's board read every tenant's units.
        participations = participations.filter(unit__tenant_id=scope.tenant_id)
    if not (receives_in_scope(deadline, user) if receives is None else receives):
        participations = participations.filter(scope.unit_filter("unit__"))
    if query:
        for word in fold(query).split():
            participations = participations.filter(unit__search_name__contains=word)
    units = list(
        participations.order_by("unit__path").values_list(
            "unit_id", "unit__code", "unit__name", "unit__path"
        )
    )
    # One counters row per unit; most belong to a participant itself, the rest (the units
    # below a participant) are added to their deepest participating ancestor.
    counts = {unit_id: numbers for unit_id, *numbers in level_counts(deadline)}
    numbers_by_unit = {values[0]: counts.pop(values[0], None) for values in units}
    if counts:
        _add_to_ancestors(counts, units, numbers_by_unit)
    totals = dict.fromkeys(BOARD_COUNTS, 0) | {f"units_{s}": 0 for s in BOARD_STATES}
    shown = []
    for values in units:
        numbers = numbers_by_unit[values[0]] or ZERO_COUNTS
        row_state = board_state(*numbers)
        totals[f"units_{row_state}"] += 1
        for name, number in zip(BOARD_COUNTS, numbers, strict=True):
            totals[name] += number
        if state not in BOARD_STATES or row_state == state:
            shown.append((values, numbers))
    # A late unit has submitted too: the card counts both, the late card those of them late.
    totals["units_submitted"] += totals["units_late"]
    totals["units"] = len(units)
    return BoardRows(shown), totals


def _add_to_ancestors(counts: dict, units: list, numbers_by_unit: dict) -> None:
    """Add the counts of units below the participants to their deepest participating
    ancestor's (treebeard paths: an ancestor's path is a prefix of the unit's)."""
    by_path = {values[3]: values[0] for values in units}
    lengths = sorted({len(path) for path in by_path}, reverse=True)
    for unit_id, path in Unit.objects.filter(pk__in=counts).values_list("pk", "path"):
        owner = next((by_path[path[:n]] for n in lengths if path[:n] in by_path), None)
        if owner is not None:
            mine = numbers_by_unit[owner] or ZERO_COUNTS
            numbers_by_unit[owner] = [a + b for a, b in zip(mine, counts[unit_id], strict=True)]


class BoardRows:
    """A board's unit rows as its paginator reads them: the model of a row is made for the
    page shown only (a Sở's board has thousands)."""

    def __init__(self, rows: list[tuple]):
        self.rows = rows

    def __len__(self) -> int:
        return len(self.rows)

    def __iter__(self):
        return iter(self[0 : len(self.rows)])

    def __getitem__(self, index: slice) -> list[BoardRow]:
        return [BoardRow(BoardUnit(*values), *numbers) for values, numbers in self.rows[index]]


def _count_sums() -> dict:
    """BOARD_COUNTS summed from the counters, by each item's status at the level."""

    def total(condition: Q):
        return Coalesce(Sum("items", filter=condition), 0)

    return {
        "drafts": total(Q(status=Status.DRAFT)),
        "submitted": total(Q(status=Status.SUBMITTED)),
        "returned": total(Q(status=Status.RETURNED)),
        "accepted": total(Q(status=Status.ACCEPTED)),
        "rejected": total(Q(status=Status.REJECTED)),
        "late": total(Q(is_late=True) & ~Q(status=Status.DRAFT)),
    }


def level_counts(deadline: Deadline) -> list[tuple]:
    """Items at this level per unit: (unit id, *BOARD_COUNTS), by each item's status at this
    level (registered under the deadline or forwarded to it), from the counters kept with the
    items (`ItemCount`, `services.counts`): a few rows per unit, whatever the items below."""
    query = (
        ItemCount.objects.filter(deadline=deadline)
        .values_list("unit_id")
        .annotate(**_count_sums())
        .order_by()
    )
    # The rows as the database returns them (integers): Django's six int() converters per
    # unit were a tenth of the Sở's board, 3,000 units.
    sql, params = query.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def receives_in_scope(deadline: Deadline, user: User) -> bool:
    """Whether the deadline's receiving unit lies in the user's sight (a reviewer of the
    receiving unit or above, rather than of a unit below looking at its part)."""
    receiving = deadline.receiving_unit_id
    return (
        receiving is not None
        and Unit.objects.filter(pk=receiving).filter(user_scope(user).unit_filter()).exists()
    )


def items_waiting(
    deadline: Deadline, user: User, *, receives: bool | None = None
) -> QuerySet[Initiative]:
    """Items waiting for this level's decision, with `level` as `items_to_review` gives it.
    An item under review here was registered here or forwarded here: no need to ask. A
    reviewer of the receiving unit sees every submitted item it receives; another reviewer
    only those of his sight. `receives`: receives_in_scope's answer, when known."""
    if receives_in_scope(deadline, user) if receives is None else receives:
        visible: QuerySet[Initiative] = Initiative.objects.filter(  # type: ignore[misc]
            tenant_id=user.tenant_id  # None: no tenant, no rows
        ).select_related(*LISTED_WITH)
    else:
        visible = visible_initiatives(user)
    return (
        visible.filter(review_deadline=deadline, status=Status.SUBMITTED)
        .annotate(level=F("status"))
        .order_by("unit__path", "id")
    )


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


def board_columns(items: QuerySet[Initiative]) -> QuerySet[Initiative]:
    """Only what a board's item row shows: the items' long texts made the page's rows cost
    more than its counts."""
    return (
        items.select_related(None)
        .select_related("unit")
        .only("id", "name", "status", "is_late", "unit__name", "unit__path")
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
            unit.subtree_filter(), participations__campaign_id=deadline.phase.campaign_id
        )
        .exclude(pk__in=sent.values("unit_id"))
        .order_by("path")
    )


def visible_consolidations(user: User) -> QuerySet[Consolidation]:
    scope = user_scope(user)
    return Consolidation.objects.filter(scope.unit_filter("unit__")).select_related(
        "deadline__phase__campaign", "unit", "forwarded_to__receiving_unit", "number"
    )


def upper_deadline_for(deadline: Deadline) -> Deadline | None:
    """The deadline of the plan this plan implements that the list goes to: the same kind,
    the first due on or after this one (else the last)."""
    parent = deadline.phase.campaign.based_on
    if parent is None:
        return None
    same_kind = list(
        Deadline.objects.filter(phase__campaign=parent, kind=deadline.kind).order_by("due_date")
    )
    later = [d for d in same_kind if d.due_date >= deadline.due_date]
    if later:
        return later[0]
    return same_kind[-1] if same_kind else None


# --- Scoring, review assignments and deadline extensions ---


def level_criteria(initiative: Initiative):
    """The criteria of the plan whose deadline reviews the item now, in their order."""
    return EvaluationCriterion.objects.filter(
        campaign__phases__deadlines=initiative.review_deadline_id
    ).order_by("order", "id")


def level_reviewers(initiative: Initiative):
    """Who may be assigned to score the item at its current level: the users holding the
    reviewer role at the receiving unit itself, except members of the item's own unit
    (who never review it)."""
    receiving_id = initiative.review_deadline.receiving_unit_id
    return (
        User.objects.filter(
            is_active=True,
            memberships__unit_id=receiving_id,  # type: ignore[misc]  # None: no reviewer
            memberships__role=Role.REVIEWER,
        )
        .exclude(memberships__unit_id=initiative.unit_id)
        .distinct()
        .order_by("full_name", "username")
    )


def initiative_people_to_tell(initiative: Initiative) -> list[int]:
    """Whom a decision on the item (Mẫu 1 or Mẫu 2) concerns, as user ids, each once: the
    heads of its unit, then its person in charge and its authors who have an active account
    of the tenant. Two queries."""
    heads = unit_heads_users([initiative.unit_id])[initiative.unit_id]
    people = (
        Person.objects.filter(
            Q(pk=initiative.person_in_charge_id) | Q(initiatives=initiative.pk),
            user__is_active=True,
            user__tenant_id=initiative.tenant_id,
        )
        .order_by("user_id")
        .values_list("user_id", flat=True)
        .distinct()
    )
    return list(dict.fromkeys([*heads, *people]))


@dataclass
class ScoreSummary:
    """Where the scoring of one item stands at one level."""

    score: Decimal | None = None  # 0–100: the mean of the complete reviewers' results
    complete: int = 0  # reviewers who scored every criterion of the level's plan
    assigned: int = 0  # reviewers of the receiving unit assigned to the item


def weighted_result(criteria, points: dict) -> Decimal | None:
    """One reviewer's result on a 0–100 scale, Σ(points / max × weight) / Σ weight × 100,
    or None until they have scored every criterion. `points` maps criterion id to points."""
    if not criteria or any(criterion.pk not in points for criterion in criteria):
        return None
    weights = {criterion.pk: Decimal(str(criterion.weight)) for criterion in criteria}
    earned = sum(
        Decimal(str(points[criterion.pk])) / criterion.max_points * weights[criterion.pk]
        for criterion in criteria
    )
    return earned / sum(weights.values()) * 100


def score_summaries(deadline: Deadline, items) -> dict:
    """{item id: ScoreSummary} for items at `deadline`'s level (`items`: ids or a queryset
    of them), scored on the criteria of the deadline's plan: three queries whatever the
    number of items, reviewers and criteria. Reviewers who scored only some criteria do not
    count yet; an item's score is the mean of those who scored them all."""
    campaign_id = deadline.phase.campaign_id
    criteria = list(EvaluationCriterion.objects.filter(campaign_id=campaign_id))
    points_by_reviewer: defaultdict[tuple[int, int], dict[int, Decimal]] = defaultdict(dict)
    scores = Score.objects.filter(initiative__in=items, criterion__campaign_id=campaign_id)
    for item_id, reviewer_id, criterion_id, points in scores.values_list(
        "initiative_id", "reviewer_id", "criterion_id", "points"
    ):
        points_by_reviewer[item_id, reviewer_id][criterion_id] = points
    results: defaultdict[int, list[Decimal]] = defaultdict(list)
    for (item_id, _reviewer_id), by_criterion in points_by_reviewer.items():
        result = weighted_result(criteria, by_criterion)
        if result is not None:
            results[item_id].append(result)
    assigned: Counter[int] = Counter()
    if deadline.receiving_unit_id is not None:
        # Assignments of this level: of reviewers of this deadline's receiving unit.
        pairs = (
            ReviewAssignment.objects.filter(
                initiative__in=items,
                reviewer__memberships__unit_id=deadline.receiving_unit_id,
                reviewer__memberships__role=Role.REVIEWER,
            )
            .values_list("initiative_id", "reviewer_id")
            .distinct()
        )
        assigned.update(item_id for item_id, _reviewer_id in pairs)
    return defaultdict(
        ScoreSummary,
        {
            item_id: ScoreSummary(
                score=(
                    sum(results[item_id], Decimal(0)) / len(results[item_id])
                    if results[item_id]
                    else None
                ),
                complete=len(results[item_id]),
                assigned=assigned[item_id],
            )
            for item_id in set(results) | set(assigned)
        },
    )


@dataclass
class RankedItem:
    item: Initiative
    summary: ScoreSummary
    rank: int | None  # None until someone has scored every criterion


def ranking(deadline: Deadline, user: User) -> list[RankedItem]:
    """The items accepted at `deadline`'s level that the user sees, best weighted score
    first, then those not scored yet: four queries whatever the number of items. Equal
    scores share a rank (1, 2, 2, 4)."""
    # `level` is annotated by items_to_review (the plugin sees a plain Initiative queryset).
    accepted = items_to_review(deadline, user).filter(level=Status.ACCEPTED)  # type: ignore[misc]
    items = list(accepted)
    summaries = score_summaries(deadline, accepted.values("pk"))
    rows = sorted(
        (RankedItem(item, summaries[item.pk], None) for item in items),
        key=lambda row: (
            row.summary.score is None,
            -(row.summary.score or 0),
            row.item.unit.path,
            row.item.pk,
        ),
    )
    previous: RankedItem | None = None
    for position, row in enumerate(rows, start=1):
        if row.summary.score is None:
            break
        if previous is not None and previous.summary.score == row.summary.score:
            row.rank = previous.rank  # tied
        else:
            row.rank = position
        previous = row
    return rows


def assigned_to(deadline: Deadline, user: User) -> list[Initiative]:
    """The reviewer's own queue at this level: items submitted or accepted here that were
    assigned to them, each with `my_scored` (criteria they have scored) and
    `criteria_count`: three queries."""
    # Under review here: its status is its status at this level, and no need to ask
    # whether it came to this level (that subquery was most of this query's time).
    items: list[Initiative] = list(
        visible_initiatives(user)
        .filter(
            review_deadline=deadline,
            status__in=(Status.SUBMITTED, Status.ACCEPTED),
            assignments__reviewer=user,
        )
        .annotate(level=F("status"))
        .order_by("unit__path", "id")
    )
    if not items:
        return items
    campaign_id = deadline.phase.campaign_id
    criteria_count = EvaluationCriterion.objects.filter(campaign_id=campaign_id).count()
    scored = dict(
        Score.objects.filter(
            initiative__in=[item.pk for item in items],
            reviewer=user,
            criterion__campaign_id=campaign_id,
        )
        .values("initiative_id")
        .annotate(n=Count("id"))
        .values_list("initiative_id", "n")
    )
    for item in items:
        # Read by the queue template, on the instance as the board's rows are.
        item.my_scored = scored.get(item.pk, 0)  # type: ignore[attr-defined]
        item.criteria_count = criteria_count  # type: ignore[attr-defined]
    return items


def my_scores(initiative: Initiative, user: User) -> dict:
    """{criterion id: Score} of the user on the item."""
    return {
        score.criterion_id: score
        for score in Score.objects.filter(initiative=initiative, reviewer=user)
    }


def extensions_by_unit(deadline: Deadline) -> dict:
    """{unit id: DeadlineExtension} granted on `deadline`: one query."""
    return {extension.unit_id: extension for extension in deadline.extensions.all()}


def recommended_models(user: User) -> QuerySet[Initiative]:
    """Exemplary models of the tenant that units can replicate, newest first."""
    return (
        Initiative.objects.filter(  # type: ignore[misc]  # None: no tenant, no rows
            tenant_id=user.tenant_id, recommended_by__isnull=False
        )
        .select_related("unit", "recommended_by", "campaign")
        .annotate(adoption_count=Count("adoptions"))
        .order_by("-recommended_at")
    )


# --- What units still owe (campaign.obligations providers) ---


def pick_result_deadline(
    deadlines: list[Deadline], phase_id: int, registered_due: datetime.date
) -> Deadline | None:
    """Of a plan's result deadlines (by due date), the one an item registered in `phase_id`
    by `registered_due` answers."""
    same_phase = [d for d in deadlines if d.phase_id == phase_id]
    later = [d for d in deadlines if d.due_date >= registered_due]
    return next(iter(same_phase or later), None)


def result_deadline_for(initiative: Initiative) -> Deadline | None:
    """The result-report deadline of the item's plan: in the same phase if there is one,
    else the first one due after the registration."""
    deadlines = (
        Deadline.objects.filter(
            phase__campaign_id=initiative.campaign_id, kind=DeadlineKind.RESULT_REPORT
        )
        .select_related("phase", "receiving_unit")
        .order_by("due_date", "id")
    )
    return pick_result_deadline(
        list(deadlines), initiative.deadline.phase_id, initiative.deadline.due_date
    )


def registration_owed(deadlines: list[Deadline], unit_ids: set[int] | None = None) -> dict:
    """Participants (among `unit_ids`, when given) that have sent no registration for each
    deadline, by the board's rule: a participant has sent one when an item at that level
    (registered under the deadline or forwarded to it from below) comes from its subtree and
    is no longer a draft. Three queries at most whatever the number of units and items."""
    ids = [d.pk for d in deadlines]
    participants: dict[int, dict[int, str]] = defaultdict(dict)
    rows = Participation.objects.filter(campaign_id__in={d.phase.campaign_id for d in deadlines})
    if unit_ids is not None:
        rows = rows.filter(unit_id__in=unit_ids)
    leaves = set()
    for campaign_id, unit_id, path, numchild in rows.values_list(
        "campaign_id", "unit_id", "unit__path", "unit__numchild"
    ):
        participants[campaign_id][unit_id] = path
        if not numchild:
            leaves.add(unit_id)
    # The boards' counters (`ItemCount`) hold every item at each level, registered there or
    # forwarded to it, by its status there: a unit has sent when one of its rows is no
    # longer a draft. A few rows per unit, not every item of the level.
    counted = ItemCount.objects.filter(deadline_id__in=ids, items__gt=0).exclude(
        status=Status.DRAFT
    )
    if unit_ids is not None:
        # Only the subtrees of the units asked about (one unit, when a send re-checks).
        subtrees = {path for units in participants.values() for path in units.values()}
        counted = counted.filter(under_paths(subtrees, "unit__path"))
    sent = list(counted.order_by().values_list("deadline_id", "unit_id").distinct())
    sent_units: defaultdict[int, set[int]] = defaultdict(set)
    for deadline_id, unit_id in sent:
        sent_units[deadline_id].add(unit_id)
    paths: dict[int, str] = {}

    def sent_below(deadline_id: int) -> set[str]:
        """The paths of every unit that sent and of all their ancestors."""
        if not paths:
            paths.update(
                (unit_id, path)
                for units in participants.values()
                for unit_id, path in units.items()
            )
            others = {unit_id for _deadline_id, unit_id in sent} - paths.keys()
            if others:
                paths.update(Unit.objects.filter(pk__in=others).values_list("pk", "path"))
        return {
            paths[unit_id][:n]
            for unit_id in sent_units[deadline_id]
            for n in range(Unit.steplen, len(paths[unit_id]) + 1, Unit.steplen)
        }

    result = {}
    for deadline in deadlines:
        units = participants.get(deadline.phase.campaign_id, {})
        owing = {unit_id for unit_id in units if unit_id not in sent_units[deadline.pk]}
        # A unit with units below has sent when one of them has: only those need the paths
        # (a school is looked up by its id).
        inner = owing - leaves
        if inner:
            below = sent_below(deadline.pk)
            owing -= {unit_id for unit_id in inner if units[unit_id] in below}
        result[deadline.pk] = Owed(expected=set(units), owing=owing)
    return result


def result_report_owed(deadlines: list[Deadline], unit_ids: set[int] | None = None) -> dict:
    """Units (among `unit_ids`, when given) with an item accepted at registration whose
    result report (Mẫu 2) for this deadline is not yet submitted. Each item answers the
    result deadline that `result_deadline_for` gives it. Two queries."""
    campaign_ids = {d.phase.campaign_id for d in deadlines}
    by_campaign: defaultdict[int, list[Deadline]] = defaultdict(list)
    result_deadlines = Deadline.objects.filter(
        phase__campaign_id__in=campaign_ids, kind=DeadlineKind.RESULT_REPORT
    ).select_related("phase")
    for deadline in result_deadlines.order_by("due_date", "id"):
        by_campaign[deadline.phase.campaign_id].append(deadline)
    # Accepted at registration: those whose result is owed. A values_list() below.
    items: QuerySet = Initiative.objects.accepted_at_level().filter(campaign_id__in=campaign_ids)
    if unit_ids is not None:
        items = items.filter(unit_id__in=unit_ids)
    items = items.values_list(
        "unit_id",
        "campaign_id",
        "deadline__phase_id",
        "deadline__due_date",
        "result__status",
    )
    owed = {d.pk: Owed() for d in deadlines}
    for unit_id, campaign_id, phase_id, registered_due, report_status in items:
        answered = pick_result_deadline(by_campaign[campaign_id], phase_id, registered_due)
        if answered is None or answered.pk not in owed:
            continue
        owed[answered.pk].expected.add(unit_id)
        if report_status in (None, Status.DRAFT):
            owed[answered.pk].owing.add(unit_id)
    return owed
