"""Every write to initiatives: one service per transition, each checking the actor's right
and the state, writing the new state and an audit row in one transaction.

    draft ──submit──▶ submitted ──accept──▶ accepted ──forward──▶ submitted (upper level)
                        │   ▲
                 return │   │ resubmit
                        ▼   │
                      returned          submitted ──reject──▶ rejected

A consolidation gathers the accepted items of a level; forwarding it moves each item to the
review of the plan above (`review_deadline`), where the same transitions apply again.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from campaign.models import Campaign, Deadline, DeadlineKind, Participation
from campaign.submission import is_late, require_complete, submit
from core.text import fold
from documents.formatting import vn_date
from documents.models import DocumentType
from documents.services import number_allocate
from units.models import Role, Unit, User
from units.permissions import Actor, as_user, is_system

from . import rules
from .models import (
    REGISTRATION_FIELDS,
    Consolidation,
    Evidence,
    Initiative,
    InitiativeEvent,
    InitiativeVersion,
    ResultReport,
)
from .selectors import pick_result_deadline

Status = Initiative.Status
Action = InitiativeEvent.Action


def _event(initiative, actor, action, from_status, comment=""):
    InitiativeEvent.objects.create(
        tenant_id=initiative.tenant_id,
        initiative=initiative,
        actor=as_user(actor),
        action=action,
        from_status=from_status,
        to_status=initiative.status,
        comment=comment,
    )


def _search_text(initiative: Initiative, authors=None) -> str:
    """What the accent-insensitive search reads; `authors` when they are being set."""
    people = " ".join(
        p.full_name for p in (initiative.authors.all() if authors is None else authors)
    )
    in_charge = initiative.person_in_charge.full_name if initiative.person_in_charge_id else ""
    return fold(f"{initiative.name} {initiative.unit.name} {in_charge} {people}")


def _refresh_search_text(initiative: Initiative) -> None:
    initiative.search_text = _search_text(initiative)
    Initiative.objects.filter(pk=initiative.pk).update(search_text=initiative.search_text)


def _locked(initiative: Initiative) -> Initiative:
    return (
        # Only the item's own row is locked: PostgreSQL cannot lock the nullable side of the
        # outer joins to the receiving units.
        Initiative.objects.select_for_update(of=("self",))
        .select_related(
            "deadline__receiving_unit",
            "deadline__phase",
            "review_deadline__receiving_unit",
            "campaign",
            "unit",
        )
        .get(pk=initiative.pk)
    )


def _check_people(unit: Unit, person_in_charge, authors) -> None:
    people = [p for p in [person_in_charge, *(authors or [])] if p is not None]
    if any(p.unit_id != unit.pk for p in people):
        raise ValidationError(_("Authors and the person in charge must be staff of the unit."))


@transaction.atomic
def initiative_create(
    *, actor: Actor, deadline: Deadline, unit: Unit, authors=None, **fields
) -> Initiative:
    """A draft of Mẫu 1 for `unit` under a registration deadline of a launched campaign the
    unit takes part in; it may be empty and is completed as the user types."""
    if not rules.can_register_for(actor, unit):
        raise PermissionDenied(_("Only the unit's staff can register its initiatives."))
    campaign = deadline.phase.campaign
    if deadline.kind != DeadlineKind.REGISTRATION:
        raise ValidationError(_("Initiatives are registered under a registration deadline."))
    if campaign.status != Campaign.Status.LAUNCHED:
        raise ValidationError(_("The plan has not been launched."))
    if not Participation.objects.filter(campaign=campaign, unit=unit).exists():
        raise ValidationError(_("%(unit)s does not take part in this plan.") % {"unit": unit})
    _check_people(unit, fields.get("person_in_charge"), authors)
    initiative = Initiative(
        tenant_id=unit.tenant_id,
        campaign=campaign,
        deadline=deadline,
        review_deadline=deadline,
        unit=unit,
        created_by=as_user(actor),
        **fields,
    )
    initiative.full_clean()
    initiative.save()
    if authors:
        initiative.authors.set(authors)
    _refresh_search_text(initiative)
    _event(initiative, actor, Action.CREATE, "")
    return initiative


@transaction.atomic
def initiative_update(
    *, actor: Actor, initiative: Initiative, authors=None, **fields
) -> Initiative:
    """Save the unit's changes to a draft or a returned item (never a submitted one)."""
    initiative = _locked(initiative)
    if not rules.can_register_for(actor, initiative.unit):
        raise PermissionDenied(_("Only the unit's staff can change its initiatives."))
    if not initiative.is_editable_by_unit:
        raise ValidationError(
            _("A submitted item can only be changed after the reviewer returns it.")
        )
    _check_people(initiative.unit, fields.get("person_in_charge"), authors)
    for name, value in fields.items():
        if name not in (*REGISTRATION_FIELDS, "person_in_charge"):
            raise ValueError(f"not an editable field: {name}")
        setattr(initiative, name, value)
    # Only the fields a unit edits: the keys it cannot change (tenant, plan, deadlines, unit)
    # were checked when the item was made, and re-checking each cost a query per save.
    editable = {*REGISTRATION_FIELDS, "person_in_charge"}
    initiative.full_clean(
        exclude=[f.name for f in Initiative._meta.fields if f.name not in editable]
    )
    if authors is not None:
        initiative.authors.set(authors)
    # Saved with the item, not after it: an autosave as the user types is one UPDATE less.
    initiative.search_text = _search_text(initiative, authors)
    initiative.save()
    return initiative


def _missing_for_submission(initiative: Initiative) -> list[str]:
    labels = {f.name: f.verbose_name for f in Initiative._meta.fields}
    required = ("name", "kind", "area", "situation", "objectives", "expected_results")
    return [str(labels[name]) for name in required if not getattr(initiative, name)]


@transaction.atomic
def initiative_submit(
    *, actor: Actor, initiative: Initiative, now: datetime.datetime | None = None
) -> Initiative:
    """Send the item to the receiving unit. Before the end of the deadline's day (local time)
    it is on time; after, it is marked late, or refused if the plan closes at the deadline.
    An item the reviewer returned is resubmitted whatever the date."""
    initiative = _locked(initiative)
    if not rules.can_register_for(actor, initiative.unit):
        raise PermissionDenied(_("Only the unit's staff can submit its initiatives."))
    if not initiative.is_editable_by_unit:
        raise ValidationError(_("This item has already been submitted."))
    require_complete(_missing_for_submission(initiative))
    now = now or timezone.now()
    done = _submit(initiative, initiative.deadline, now)
    InitiativeVersion.objects.create(
        initiative=initiative,
        number=initiative.version,
        data=_snapshot(initiative),
        submitted_by=as_user(actor),
        submitted_at=now,
    )
    _event(
        initiative, actor, Action.RESUBMIT if done.resubmission else Action.SUBMIT, done.previous
    )
    return initiative


def _submit(row: Initiative | ResultReport, deadline: Deadline, now):
    """Mẫu 1 or Mẫu 2 of the unit, by the unit's due date under `deadline` (its extension
    included): refused when late if the plan closes at its deadlines; a returned one is
    resubmitted whatever the date (campaign.submission)."""
    initiative = row if isinstance(row, Initiative) else row.initiative
    return submit(
        row,
        now=now,
        due=deadline.due_date_for(initiative.unit),
        status=Status.SUBMITTED,
        resubmission=row.status == Status.RETURNED,
        refuse_late=lambda: initiative.campaign.closes_at_deadline,
    )


def _snapshot(initiative: Initiative) -> dict:
    data = {name: getattr(initiative, name) for name in REGISTRATION_FIELDS}
    data["person_in_charge"] = (
        initiative.person_in_charge.full_name if initiative.person_in_charge_id else ""
    )
    data["authors"] = [p.full_name for p in initiative.authors.all()]
    return data


def _decide(actor, initiative, action, to_status, comment, comment_required) -> Initiative:
    initiative = _locked(initiative)
    if not rules.decides_on(actor, initiative):
        raise PermissionDenied(_("Only a reviewer of the receiving unit can decide on this item."))
    if not rules.open_for_decision(initiative.status):
        raise ValidationError(
            _("Only a submitted item can be decided; this one is %(status)s.")
            % {"status": initiative.get_status_display().lower()}
        )
    comment = (comment or "").strip()
    if comment_required and not comment:
        raise ValidationError(_("Write a comment so the unit knows what to change."))
    previous = initiative.status
    initiative.status = to_status
    initiative.save(update_fields=["status", "updated_at"])
    _event(initiative, actor, action, previous, comment)
    return initiative


@transaction.atomic
def initiative_return(*, actor: Actor, initiative: Initiative, comment: str) -> Initiative:
    return _decide(actor, initiative, Action.RETURN, Status.RETURNED, comment, True)


@transaction.atomic
def initiative_accept(*, actor: Actor, initiative: Initiative, comment: str = "") -> Initiative:
    return _decide(actor, initiative, Action.ACCEPT, Status.ACCEPTED, comment, False)


@transaction.atomic
def initiative_reject(*, actor: Actor, initiative: Initiative, comment: str) -> Initiative:
    return _decide(actor, initiative, Action.REJECT, Status.REJECTED, comment, True)


DECISIONS = {
    "accept": initiative_accept,
    "return": initiative_return,
    "reject": initiative_reject,
}


@transaction.atomic
def initiatives_decide(*, actor: Actor, initiatives, decision: str, comment: str = "") -> int:
    """Decide several items at once with one comment: all of them or none."""
    service = DECISIONS[decision]
    count = 0
    for initiative in initiatives:
        service(actor=actor, initiative=initiative, comment=comment)
        count += 1
    return count


@transaction.atomic
def consolidation_create(*, actor: Actor, deadline: Deadline, items=None) -> Consolidation:
    """Gather the items accepted at this level (all of them, or the chosen ones: initiatives
    or their ids) into one list of the receiving unit."""
    from .selectors import consolidation_candidates

    unit = deadline.receiving_unit
    if unit is None:
        raise ValidationError(_("This deadline has no receiving unit to consolidate."))
    if not rules.can_consolidate(actor, deadline):
        raise PermissionDenied(_("Only a reviewer of the receiving unit consolidates."))
    # Ids only: a Sở's list holds thousands of items, and building each one took seconds.
    candidates = list(consolidation_candidates(deadline).values_list("pk", flat=True))
    if items is not None:
        chosen = {getattr(item, "pk", item) for item in items}
        if chosen - set(candidates):
            raise ValidationError(_("Only items accepted at this level can be consolidated."))
        candidates = [pk for pk in candidates if pk in chosen]
    if not candidates:
        raise ValidationError(_("No accepted item to consolidate yet."))
    consolidation = Consolidation.objects.create(
        tenant_id=unit.tenant_id, deadline=deadline, unit=unit, created_by=as_user(actor)
    )
    through = Consolidation.items.through
    through.objects.bulk_create(
        (through(consolidation_id=consolidation.pk, initiative_id=pk) for pk in candidates),
        batch_size=2000,
    )
    return consolidation


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


@transaction.atomic
def consolidation_forward(
    *, actor: Actor, consolidation: Consolidation, issued_on: datetime.date | None = None
) -> Consolidation:
    """Send the list up: it takes the next "DS" number of the unit's register, and each item
    goes to the upper level's review, keeping its identity and history."""
    consolidation = Consolidation.objects.select_for_update().get(pk=consolidation.pk)
    if not rules.can_review_at(actor, consolidation.unit):
        raise PermissionDenied(_("Only a reviewer of the consolidating unit forwards its list."))
    if consolidation.status != Consolidation.Status.DRAFT:
        raise ValidationError(_("This list has already been forwarded."))
    target = upper_deadline_for(consolidation.deadline)
    if target is None:
        raise ValidationError(
            _(
                "This plan does not implement a plan of an upper level on the platform: "
                "download the list and send it as an official letter."
            )
        )
    items = list(
        consolidation.items.select_for_update(of=("self",))
        .select_related("unit")
        .order_by("unit__path", "id")
    )
    here = (consolidation.deadline_id, Status.ACCEPTED)
    stale = [i for i in items if (i.review_deadline_id, i.status) != here]
    if stale:
        raise ValidationError(
            _("%(count)d items are no longer accepted at this level; prepare the list again.")
            % {"count": len(stale)}
        )
    issued_on = issued_on or timezone.localdate()
    summary = consolidation.deadline.phase.campaign.title
    consolidation.letter_number = number_allocate(
        actor=actor,
        unit=consolidation.unit,
        doc_type=DocumentType.LETTER,
        issued_on=issued_on,
        summary=f"V/v gửi danh sách mô hình, giải pháp, sáng kiến: {summary}",
    )
    consolidation.number = number_allocate(
        actor=actor,
        unit=consolidation.unit,
        doc_type=DocumentType.LIST,
        issued_on=issued_on,
        summary=summary,
    )
    receiver = target.receiving_unit.name if target.receiving_unit_id else ""
    now = timezone.now()
    for item in items:
        item.review_deadline = target
        item.status = Status.SUBMITTED
        item.updated_at = now
    # In bulk, history and events included: a list of 3,000 items is a few queries, not 9,000.
    # One UPDATE for all (they all take the same values): bulk_update's per-row CASE took
    # 1.5 s of forwarding 1,000 items to build.
    Initiative.objects.filter(pk__in=[item.pk for item in items]).update(
        review_deadline=target, status=Status.SUBMITTED, updated_at=now
    )
    Initiative.history.bulk_history_create(
        items, batch_size=1000, update=True, default_user=as_user(actor), default_date=now
    )
    InitiativeEvent.objects.bulk_create(
        (
            InitiativeEvent(
                tenant_id=item.tenant_id,
                initiative=item,
                actor=as_user(actor),
                action=Action.FORWARD,
                from_status=Status.ACCEPTED,
                to_status=item.status,
                comment=receiver,
            )
            for item in items
        ),
        batch_size=1000,
    )
    consolidation.status = Consolidation.Status.FORWARDED
    consolidation.forwarded_to = target
    consolidation.forwarded_at = timezone.now()
    consolidation.save(
        update_fields=["status", "forwarded_to", "forwarded_at", "number", "letter_number"]
    )
    return consolidation


# --- Scoring, review assignments and deadline extensions ---
#
# Scoring happens at a level: the item's `review_deadline`, once accepted there, against the
# criteria of that deadline's plan (an item forwarded to the Sở is scored on the Sở's plan).
# A Score row per (item, criterion, reviewer) is the trace (created_at / updated_at); the
# audit events stay for status moves. Deadline extensions are a campaign service
# (`campaign.services.deadline_extend`); `initiative_submit` honours them.

# Points are kept with two decimal places (Score.points).
SCORE_PLACES = "0.01"


def level_criteria(initiative: Initiative):
    """The criteria of the plan whose deadline reviews the item now, in their order."""
    from campaign.models import EvaluationCriterion

    return EvaluationCriterion.objects.filter(
        campaign__phases__deadlines=initiative.review_deadline_id
    ).order_by("order", "id")


def _as_id(key) -> int | None:
    try:
        return int(key)
    except (TypeError, ValueError):
        return None


@transaction.atomic
def score_save(*, actor: Actor, initiative: Initiative, points: dict, comments=None):
    """Record one reviewer's points on an item accepted at its current level: one Score per
    (item, criterion, reviewer), created or updated; a blank (None) clears that criterion.
    Points run from 0 to the criterion's maximum. Every problem is reported at once, and
    nothing is saved unless everything is right."""
    from decimal import Decimal, InvalidOperation

    from .models import Score

    initiative = _locked(initiative)
    if is_system(actor) or not rules.decides_on(actor, initiative):
        raise PermissionDenied(_("Only a reviewer of the receiving unit can score this item."))
    if not rules.open_for_scoring(initiative.status):
        raise ValidationError(
            _("Only an item accepted at this level can be scored; this one is %(status)s.")
            % {"status": initiative.get_status_display().lower()}
        )
    criteria = {criterion.pk: criterion for criterion in level_criteria(initiative)}
    if not criteria:
        raise ValidationError(_("The plan of this level has no scoring criteria yet."))
    comments = {_as_id(key): value for key, value in (comments or {}).items()}
    errors, given, cleared = [], {}, set()
    for key, value in points.items():
        criterion = criteria.get(_as_id(key))
        if criterion is None:
            errors.append(_("Only the criteria of this level's plan can be scored."))
            continue
        if value is None or value == "":
            cleared.add(criterion.pk)
            continue
        try:
            amount = Decimal(str(value))
        except InvalidOperation:
            amount = None
        if amount is None or not amount.is_finite():
            errors.append(_("%(criterion)s: enter a number.") % {"criterion": criterion.name})
        elif not 0 <= amount <= criterion.max_points:
            errors.append(
                _("%(criterion)s: the points must be between 0 and %(max)d.")
                % {"criterion": criterion.name, "max": criterion.max_points}
            )
        elif amount != amount.quantize(Decimal(SCORE_PLACES)):
            errors.append(
                _("%(criterion)s: give the points with at most two decimals.")
                % {"criterion": criterion.name}
            )
        else:
            given[criterion.pk] = amount
    if errors:
        raise ValidationError(errors)
    existing = {
        score.criterion_id: score
        for score in Score.objects.filter(
            initiative=initiative, reviewer=as_user(actor), criterion_id__in=list(criteria)
        )
    }
    Score.objects.filter(pk__in=[existing[pk].pk for pk in cleared if pk in existing]).delete()
    saved = []
    for criterion_id, amount in given.items():
        comment = (comments.get(criterion_id) or "").strip()
        score = existing.get(criterion_id) or Score(
            initiative=initiative, criterion_id=criterion_id, reviewer=as_user(actor)
        )
        if score.pk is None or (score.points, score.comment) != (amount, comment):
            score.points, score.comment = amount, comment
            score.save()
        saved.append(score)
    return saved


def level_reviewers(initiative: Initiative):
    """Who may be assigned to score the item at its current level: the users holding the
    reviewer role at the receiving unit itself, except members of the item's own unit
    (who never review it)."""
    receiving_id = initiative.review_deadline.receiving_unit_id
    return (
        User.objects.filter(
            is_active=True,
            memberships__unit_id=receiving_id,
            memberships__role=Role.REVIEWER,
        )
        .exclude(memberships__unit_id=initiative.unit_id)
        .distinct()
        .order_by("full_name", "username")
    )


@transaction.atomic
def assignment_set(*, actor: Actor, initiative: Initiative, reviewers) -> list:
    """Name the reviewers of the receiving unit who score the item at its current level.
    The list replaces that level's previous one; assignments of the levels below stay."""
    from .models import ReviewAssignment

    initiative = _locked(initiative)
    receiving = initiative.review_deadline.receiving_unit
    if not rules.can_review_at(actor, receiving):
        raise PermissionDenied(_("Only a reviewer of the receiving unit assigns the scoring."))
    if not rules.open_for_assignment(initiative.status):
        raise ValidationError(
            _("Reviewers are assigned to an item submitted or accepted at this level.")
        )
    eligible = set(level_reviewers(initiative).values_list("pk", flat=True))
    chosen = {reviewer.pk: reviewer for reviewer in reviewers}
    outside = [reviewer for pk, reviewer in chosen.items() if pk not in eligible]
    if outside:
        raise ValidationError(
            _("Only reviewers of %(unit)s can be assigned to this item, not: %(names)s.")
            % {
                "unit": receiving.name,
                "names": ", ".join(reviewer.get_full_name() for reviewer in outside),
            }
        )
    chosen_ids = list(chosen)
    of_this_level = ReviewAssignment.objects.filter(
        initiative=initiative, reviewer_id__in=list(eligible)
    )
    kept = set(
        of_this_level.filter(reviewer_id__in=chosen_ids).values_list("reviewer_id", flat=True)
    )
    of_this_level.exclude(reviewer_id__in=chosen_ids).delete()
    ReviewAssignment.objects.bulk_create(
        ReviewAssignment(initiative=initiative, reviewer_id=pk, assigned_by=as_user(actor))
        for pk in chosen_ids
        if pk not in kept
    )
    return list(
        ReviewAssignment.objects.filter(initiative=initiative, reviewer_id__in=chosen_ids)
        .select_related("reviewer")
        .order_by("reviewer__full_name")
    )


# --- Result reports (Mẫu 2) and evidence ---

RESULT_FIELDS = (
    "work_done",
    "effect_before",
    "effect_after",
    "impact",
    "replication",
    "difficulties",
    "completion",
)


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


@transaction.atomic
def result_report_start(
    *, actor: Actor, initiative: Initiative, today: datetime.date | None = None
) -> ResultReport:
    """Open Mẫu 2 on an accepted initiative once the result phase has begun (idempotent)."""
    if not rules.can_register_for(actor, initiative.unit):
        raise PermissionDenied(_("Only the unit's staff can report its results."))
    existing = ResultReport.objects.filter(initiative=initiative).first()
    if existing is not None:
        return existing
    if not initiative.is_accepted_at_level:
        raise ValidationError(_("Results are reported on an initiative once it is accepted."))
    deadline = result_deadline_for(initiative)
    if deadline is None:
        raise ValidationError(_("The plan sets no result-report deadline."))
    today = today or timezone.localdate()
    if today < deadline.phase.start_date:
        raise ValidationError(
            _("Results are reported from %(date)s, when %(phase)s begins.")
            % {"date": vn_date(deadline.phase.start_date), "phase": deadline.phase.name}
        )
    return ResultReport.objects.create(initiative=initiative, deadline=deadline)


def _locked_report(report: ResultReport) -> ResultReport:
    return (
        ResultReport.objects.select_for_update(of=("self",))
        .select_related("initiative__unit", "deadline__receiving_unit", "deadline__phase")
        .get(pk=report.pk)
    )


@transaction.atomic
def result_report_update(*, actor: Actor, report: ResultReport, **fields) -> ResultReport:
    report = _locked_report(report)
    if not rules.can_register_for(actor, report.initiative.unit):
        raise PermissionDenied(_("Only the unit's staff can report its results."))
    if not report.is_editable_by_unit:
        raise ValidationError(
            _("A submitted report can only be changed after the reviewer returns it.")
        )
    for name, value in fields.items():
        if name not in RESULT_FIELDS:
            raise ValueError(f"not an editable field: {name}")
        setattr(report, name, value)
    if report.completion is not None and not 0 <= report.completion <= 100:
        raise ValidationError(_("The completion is a percentage between 0 and 100."))
    report.full_clean()
    report.save()
    return report


@transaction.atomic
def result_report_submit(
    *, actor: Actor, report: ResultReport, now: datetime.datetime | None = None
) -> ResultReport:
    report = _locked_report(report)
    initiative = report.initiative
    if not rules.can_register_for(actor, initiative.unit):
        raise PermissionDenied(_("Only the unit's staff can report its results."))
    if not report.is_editable_by_unit:
        raise ValidationError(_("This report has already been submitted."))
    labels = {f.name: f.verbose_name for f in ResultReport._meta.fields}
    missing = [str(labels[n]) for n in ("work_done", "effect_after") if not getattr(report, n)]
    if report.completion is None:
        missing.append(str(labels["completion"]))
    require_complete(missing)
    done = _submit(report, report.deadline, now or timezone.now())
    InitiativeEvent.objects.create(
        tenant_id=initiative.tenant_id,
        initiative=initiative,
        actor=as_user(actor),
        action=Action.RESULT_SUBMIT,
        from_status=done.previous,
        to_status=report.status,
    )
    return report


@transaction.atomic
def result_report_decide(
    *, actor: Actor, report: ResultReport, accept: bool, comment: str = ""
) -> ResultReport:
    """Accept the result report, or return it with a comment for the unit to complete."""
    report = _locked_report(report)
    if not rules.decides_on_result(actor, report):
        raise PermissionDenied(_("Only a reviewer of the receiving unit can decide on this item."))
    if not rules.open_for_decision(report.status):
        raise ValidationError(_("Only a submitted report can be decided."))
    comment = (comment or "").strip()
    if not accept and not comment:
        raise ValidationError(_("Write a comment so the unit knows what to change."))
    previous = report.status
    report.status = Status.ACCEPTED if accept else Status.RETURNED
    report.save(update_fields=["status", "updated_at"])
    InitiativeEvent.objects.create(
        tenant_id=report.initiative.tenant_id,
        initiative=report.initiative,
        actor=as_user(actor),
        action=Action.RESULT_ACCEPT if accept else Action.RESULT_RETURN,
        from_status=previous,
        to_status=report.status,
        comment=comment,
    )
    return report


@transaction.atomic
def evidence_add(*, actor: Actor, initiative: Initiative, kind: str, upload) -> Evidence:
    """Store one evidence file after checking its size and what its bytes say it is."""
    from core.files import store_checked

    if not rules.can_register_for(actor, initiative.unit):
        raise PermissionDenied(_("Only the unit's staff can add evidence."))
    if not rules.evidence_open(initiative):
        raise ValidationError(_("Evidence can be added while the report is a draft or returned."))
    evidence = Evidence(tenant_id=initiative.tenant_id, initiative=initiative, kind=kind)
    store_checked(evidence, upload, actor=as_user(actor), fallback_stem="minh-chung")
    return evidence


@transaction.atomic
def evidence_delete(*, actor: Actor, evidence: Evidence) -> None:
    if not rules.can_register_for(actor, evidence.initiative.unit):
        raise PermissionDenied(_("Only the unit's staff can remove evidence."))
    if not rules.evidence_open(evidence.initiative):
        raise ValidationError(_("Evidence of a submitted report cannot be removed."))
    stored = evidence.file.name
    evidence.delete()
    # The file goes once the row is gone for good.
    transaction.on_commit(lambda: Evidence.file.field.storage.delete(stored))


# --- Replication (nhân rộng) ---


@transaction.atomic
def initiative_recommend(*, actor: Actor, initiative: Initiative) -> Initiative:
    """An upper level marks an item it accepted as an exemplary model to replicate: the
    reviewer must review at a unit above the item's own, on an item accepted at that level."""
    initiative = _locked(initiative)
    if not rules.reviews_from_above(actor, initiative):
        raise PermissionDenied(_("Only an upper level that reviews this item can recommend it."))
    receiving = initiative.review_deadline.receiving_unit
    if initiative.status != Status.ACCEPTED:
        raise ValidationError(_("Only an accepted item can be recommended for replication."))
    if initiative.recommended_by_id:
        raise ValidationError(_("This item is already recommended for replication."))
    initiative.recommended_by = receiving
    initiative.recommended_at = timezone.now()
    initiative.save(update_fields=["recommended_by", "recommended_at", "updated_at"])
    _event(initiative, actor, Action.RECOMMEND, Status.ACCEPTED)
    return initiative


@transaction.atomic
def result_report_adopt(
    *, actor: Actor, report: ResultReport, model: Initiative | None
) -> ResultReport:
    """Record in the unit's Mẫu 2 that its initiative replicates a recommended model."""
    report = _locked_report(report)
    if not rules.can_register_for(actor, report.initiative.unit):
        raise PermissionDenied(_("Only the unit's staff can report its results."))
    if not report.is_editable_by_unit:
        raise ValidationError(
            _("A submitted report can only be changed after the reviewer returns it.")
        )
    if model is not None and (
        model.tenant_id != report.initiative.tenant_id
        or not model.recommended_by_id
        or model.pk == report.initiative_id
    ):
        raise ValidationError(_("Choose a model recommended for replication."))
    report.adopted_from = model
    report.save(update_fields=["adopted_from", "updated_at"])
    return report


# --- Registrations collected offline (Excel) ---


def registration_import_row(
    *, actor: Actor, deadline: Deadline, unit: Unit, now, **fields
) -> Initiative:
    """One registration a unit sent on paper or by e-mail, recorded as submitted when the
    receiving unit imports it (the caller has checked the importer's right)."""
    initiative = Initiative(
        tenant_id=unit.tenant_id,
        campaign=deadline.phase.campaign,
        deadline=deadline,
        review_deadline=deadline,
        unit=unit,
        created_by=as_user(actor),
        status=Status.SUBMITTED,
        submitted_at=now,
        is_late=is_late(now, deadline.due_date_for(unit)),
        version=1,
        **fields,
    )
    initiative.save()
    _refresh_search_text(initiative)
    InitiativeVersion.objects.create(
        initiative=initiative,
        number=1,
        data=_snapshot(initiative),
        submitted_by=as_user(actor),
        submitted_at=now,
    )
    _event(initiative, actor, Action.CREATE, "")
    _event(initiative, actor, Action.SUBMIT, Status.DRAFT, _("Imported from Excel."))
    return initiative


def registrations_import(*, actor: Actor, deadline: Deadline, file, dry_run: bool = True):
    """Import the sheet "Đăng ký": all rows or none, every bad row reported with its Excel
    row number. Only a reviewer of the receiving unit imports."""
    from core.imports import ImportReport, import_report_rows, read_workbook

    from .resources import COLUMNS, REQUIRED, SHEET, RegistrationResource

    if deadline.kind != DeadlineKind.REGISTRATION or deadline.receiving_unit is None:
        raise ValidationError(_("Registrations are imported under a registration deadline."))
    if not rules.can_review_at(actor, deadline.receiving_unit):
        raise PermissionDenied(_("Only a reviewer of the receiving unit imports registrations."))
    report = ImportReport(dry_run=dry_run)
    sheets = read_workbook(file, report, {SHEET: (COLUMNS, REQUIRED)}, required_sheet=SHEET)
    if sheets is None:
        return report
    dataset = sheets[SHEET]
    with transaction.atomic():
        resource = RegistrationResource(deadline=deadline)
        resource.actor, resource.now = actor, timezone.now()
        result = resource.import_data(dataset, use_transactions=True)
        report.rows += import_report_rows(SHEET, dataset, result, COLUMNS, "name")
        if not report.rows:
            report.file_errors.append(_("The workbook has no rows to import."))
        if dry_run or report.has_errors:
            transaction.set_rollback(True)
    return report
