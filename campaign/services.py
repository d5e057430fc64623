"""Every write to campaigns: create, edit, schedule, launch, cancel, duplicate; and the
upper-level plans outside the system that plans are based on.

A change to the schedule (phases, deadlines) is applied inside a transaction, then the whole
schedule is checked again; if anything is wrong the change is rolled back and the user sees
every message, so a plan is never left half-valid.
"""

from __future__ import annotations

import calendar
import datetime
import re
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from documents.formatting import vn_date, vn_date_short
from documents.models import DocumentType
from documents.services import number_allocate, render_job_start
from units.models import Unit
from units.permissions import Actor, as_user

from . import notices, rules, validation
from .documents import PLAN_BUILDER
from .models import (
    Campaign,
    Deadline,
    DeadlineExtension,
    EvaluationCriterion,
    ExternalDeadline,
    ExternalPlan,
    KpiIndicator,
    KpiTarget,
    Participation,
    Phase,
    ReportSchedule,
)

CAMPAIGN_TEXT_FIELDS = (
    "title",
    "start_date",
    "end_date",
    "theme",
    "legal_basis",
    "introduction",
    "purpose",
    "requirements",
    "participants_collective",
    "participants_individual",
    "includes_issuing_unit",
    "content_collective",
    "content_individual",
    "solutions",
    "award_forms",
    "award_criteria",
    "award_procedure",
    "implementation",
    "closing",
    "closes_at_deadline",
    "recipients",
    "signer_authority",
    "signer_position",
    "signer_name",
)


def _require_issuer(actor, campaign_or_unit) -> None:
    unit = getattr(campaign_or_unit, "issuing_unit", campaign_or_unit)
    if not rules.can_issue_at(actor, unit):
        raise PermissionDenied(_("Only the issuing unit's reviewer or head can change this plan."))


def _require_draft(campaign: Campaign) -> None:
    if not rules.is_editable(campaign):
        raise ValidationError(_("Only a draft plan can be changed."))


def schedule_errors(campaign: Campaign, issued_on: datetime.date | None = None) -> list[str]:
    """Every problem of the saved plan: period, phases, deadlines, texts and targets; with
    `issued_on` (the date of issue chosen at launch), every deadline before it too. Read
    fresh from the database: the caller's campaign may carry a stale prefetched schedule."""
    phases = list(Phase.objects.filter(campaign=campaign))
    deadlines = [
        (deadline.phase, deadline)
        for deadline in Deadline.objects.filter(phase__campaign=campaign).select_related("phase")
    ]
    targets = KpiTarget.objects.filter(campaign=campaign).select_related("indicator")
    schedules = ReportSchedule.objects.filter(campaign=campaign)
    return [
        *validation.period_errors(campaign),
        *validation.phase_errors(campaign, phases),
        *validation.deadline_errors(campaign, deadlines, upper_deadlines(campaign)),
        *validation.issue_date_errors(issued_on, deadlines),
        *validation.report_schedule_errors(campaign, schedules),
        *validation.text_errors(campaign),
        *validation.target_errors(targets),
    ]


def upper_deadlines(campaign: Campaign) -> list[Deadline | ExternalDeadline]:
    """The deadlines of the plan this plan implements, on the platform or recorded from
    outside: the cascade check treats both alike (a kind and a due date)."""
    if campaign.based_on_id:
        return list(Deadline.objects.filter(phase__campaign=campaign.based_on_id))
    if campaign.based_on_external_id:
        return list(ExternalDeadline.objects.filter(plan=campaign.based_on_external_id))
    return []


def _check(campaign: Campaign) -> None:
    errors = schedule_errors(campaign)
    if errors:
        raise ValidationError(errors)


def basis_line_for(parent: Campaign) -> str:
    """ "Căn cứ Kế hoạch số 1362/KH-GDĐT ngày 14 tháng 9 năm 2023 của Phòng Giáo dục và Đào tạo
    huyện Nhà Bè về ...;" — the line a child plan writes for the plan it implements."""
    number = f" số {parent.number.display}" if parent.number else ""
    issued = f" {vn_date(parent.issued_on)}" if parent.issued_on else ""
    return f"Căn cứ Kế hoạch{number}{issued} của {parent.issuing_unit.name} về {parent.title};"


def basis_line_for_external(plan: ExternalPlan) -> str:
    """ "Căn cứ Kế hoạch số 244/KH-SGDĐT ngày 29 tháng 12 năm 2025 của Sở Giáo dục và Đào tạo
    ... về ...;" — the same line for an upper-level plan recorded from outside."""
    return (
        f"Căn cứ Kế hoạch số {plan.number} {vn_date(plan.issued_on)} của {plan.issuing_body} "
        f"về {plan.title};"
    )


def _external_period(plan: ExternalPlan) -> tuple[datetime.date, datetime.date]:
    """The years an outside plan's deadlines fall in (else the year after its issue when it
    was issued in December, as a Sở issues next year's plan, else its own year)."""
    years = [d.due_date.year for d in plan.deadlines.all()]
    if not years:
        issued = plan.issued_on
        years = [issued.year + 1 if issued.month == 12 else issued.year]
    return datetime.date(min(years), 1, 1), datetime.date(max(years), 12, 31)


def plan_defaults_from(
    *, based_on: Campaign | None = None, external: ExternalPlan | None = None
) -> dict:
    """What a plan based on another starts with: its title, its period and the "Căn cứ"
    line citing it; the create form shows them pre-filled, the service fills what is blank."""
    if based_on is not None:
        return {
            "title": based_on.title,
            "start_date": based_on.start_date,
            "end_date": based_on.end_date,
            "legal_basis": basis_line_for(based_on),
        }
    if external is not None:
        start, end = _external_period(external)
        return {
            "title": external.title,
            "start_date": start,
            "end_date": end,
            "legal_basis": basis_line_for_external(external),
        }
    return {}


@transaction.atomic
def campaign_create(
    *,
    actor: Actor,
    issuing_unit: Unit,
    based_on: Campaign | None = None,
    based_on_external: ExternalPlan | None = None,
    **fields,
) -> Campaign:
    """A draft plan. Based on an ancestor's plan, it starts with that plan's title, period,
    phases, deadlines and targets (received by the new plan's own unit, with its contact) and
    the legal-basis line for it. Based on an upper-level plan recorded from outside, it starts
    with its title, the years of its deadlines and the line citing it; its deadlines are then
    checked against that plan's as against a parent on the platform."""
    _require_issuer(actor, issuing_unit)
    participant_kinds = fields.pop("participant_kinds", None)
    if based_on is not None and based_on_external is not None:
        raise ValidationError(_("A plan is based on one upper-level plan only."))
    if based_on_external is not None:
        if based_on_external.tenant_id != issuing_unit.tenant_id:
            raise ValidationError(_("The upper-level plan belongs to another tenant."))
        for name, value in plan_defaults_from(external=based_on_external).items():
            if not fields.get(name):
                fields[name] = value
    if based_on is not None:
        if based_on.tenant_id != issuing_unit.tenant_id or not issuing_unit.path.startswith(
            based_on.issuing_unit.path
        ):
            raise ValidationError(_("A plan can only be based on a plan of a unit above it."))
        if not based_on.is_launched:
            raise ValidationError(_("A plan can only be based on a launched plan."))
        for name, value in plan_defaults_from(based_on=based_on).items():
            if not fields.get(name):
                fields[name] = value
    campaign = Campaign(
        tenant_id=issuing_unit.tenant_id,
        issuing_unit=issuing_unit,
        based_on=based_on,
        based_on_external=based_on_external,
        created_by=as_user(actor),
        **fields,
    )
    campaign.full_clean(exclude=["number"])
    campaign.save()
    if participant_kinds is not None:
        campaign.participant_kinds.set(participant_kinds)
    if based_on is not None:
        _copy_schedule(based_on, campaign, receiving_unit=issuing_unit)
        _copy_targets(based_on, campaign)
        if not participant_kinds:
            # Units below this one that take part in the parent's plan take part here.
            campaign.participant_kinds.set(based_on.participant_kinds.all())
    return campaign


def _copy_targets(source: Campaign, target: Campaign) -> None:
    KpiTarget.objects.bulk_create(
        KpiTarget(
            campaign=target,
            indicator_id=t.indicator_id,
            comparator=t.comparator,
            value=t.value,
            participant_type=t.participant_type,
        )
        for t in source.targets.all()
    )


def _copy_schedule(source, target, *, months=0, receiving_unit=None) -> None:
    """Phases, deadlines and report schedules of `source` into `target`, dates shifted by
    `months`. With `receiving_unit` (a plan implementing `source`), what is due goes to that
    unit, whose e-mail becomes the contact: the parent's contact is for the parent's units."""
    for phase in source.phases.prefetch_related("deadlines"):
        copy = Phase.objects.create(
            campaign=target,
            order=phase.order,
            name=phase.name,
            start_date=shift_date(phase.start_date, months),
            end_date=shift_date(phase.end_date, months),
            description=phase.description,
        )
        Deadline.objects.bulk_create(
            Deadline(
                phase=copy,
                kind=deadline.kind,
                due_date=shift_date(deadline.due_date, months),
                receiving_unit=receiving_unit or deadline.receiving_unit,
                contact_email=receiving_unit.email if receiving_unit else deadline.contact_email,
                description=deadline.description,
                date_style=deadline.date_style,
                after_phase_end=deadline.after_phase_end,
            )
            for deadline in phase.deadlines.all()
        )
    for schedule in source.report_schedules.all():
        schedule.pk = None
        schedule.campaign = target
        schedule.receiving_unit = receiving_unit or schedule.receiving_unit
        schedule.save()


@transaction.atomic
def campaign_update(*, actor: Actor, campaign: Campaign, **fields) -> Campaign:
    _require_issuer(actor, campaign)
    _require_draft(campaign)
    participant_kinds = fields.pop("participant_kinds", None)
    if "based_on_external" in fields:
        external = fields.pop("based_on_external")
        if external is not None and external.tenant_id != campaign.tenant_id:
            raise ValidationError(_("The upper-level plan belongs to another tenant."))
        if external is not None and campaign.based_on_id:
            raise ValidationError(_("A plan is based on one upper-level plan only."))
        if external is not None and external.pk != campaign.based_on_external_id:
            # The "Căn cứ" line cites the plan now implemented, first, unless typed already.
            basis = fields.get("legal_basis", campaign.legal_basis) or ""
            line = basis_line_for_external(external)
            if line not in basis:
                fields["legal_basis"] = f"{line}\n{basis}".strip()
        campaign.based_on_external = external
    for name, value in fields.items():
        if name not in CAMPAIGN_TEXT_FIELDS:
            raise ValueError(f"not an editable campaign field: {name}")
        setattr(campaign, name, value)
    campaign.full_clean(exclude=["number"])
    campaign.save()
    if participant_kinds is not None:
        campaign.participant_kinds.set(participant_kinds)
    _check(campaign)
    return campaign


@transaction.atomic
def phase_save(*, actor: Actor, campaign: Campaign, phase: Phase | None = None, **fields) -> Phase:
    _require_issuer(actor, campaign)
    _require_draft(campaign)
    phase = phase or Phase(campaign=campaign)
    if phase.campaign_id != campaign.pk:
        raise ValidationError(_("This phase belongs to another plan."))
    for name, value in fields.items():
        setattr(phase, name, value)
    if phase.pk is None and "order" not in fields:
        phase.order = campaign.phases.count() + 1
    phase.full_clean()
    phase.save()
    _check(campaign)
    return phase


@transaction.atomic
def phase_delete(*, actor: Actor, phase: Phase) -> None:
    _require_issuer(actor, phase.campaign)
    _require_draft(phase.campaign)
    phase.delete()


@transaction.atomic
def deadline_save(
    *, actor: Actor, phase: Phase, deadline: Deadline | None = None, **fields
) -> Deadline:
    campaign = phase.campaign
    _require_issuer(actor, campaign)
    _require_draft(campaign)
    if deadline is not None and deadline.phase.campaign_id != campaign.pk:
        raise ValidationError(_("This deadline belongs to another plan."))
    deadline = deadline or Deadline(phase=phase)
    for name, value in fields.items():
        setattr(deadline, name, value)
    deadline.phase = phase
    if deadline.receiving_unit and deadline.receiving_unit.tenant_id != campaign.tenant_id:
        raise ValidationError(_("The receiving unit belongs to another tenant."))
    deadline.full_clean()
    deadline.save()
    _check(campaign)
    return deadline


@transaction.atomic
def deadline_delete(*, actor: Actor, deadline: Deadline) -> None:
    _require_issuer(actor, deadline.phase.campaign)
    _require_draft(deadline.phase.campaign)
    deadline.delete()


@transaction.atomic
def target_save(
    *,
    actor: Actor,
    campaign: Campaign,
    indicator: KpiIndicator,
    target: KpiTarget | None = None,
    **fields,
) -> KpiTarget:
    """Add a target, or change `target` in place."""
    _require_issuer(actor, campaign)
    _require_draft(campaign)
    if indicator.tenant_id != campaign.tenant_id:
        raise ValidationError(_("The indicator belongs to another tenant."))
    if target is not None and target.campaign_id != campaign.pk:
        raise ValidationError(_("This target belongs to another plan."))
    target = target or KpiTarget(campaign=campaign)
    target.indicator = indicator
    for name, value in fields.items():
        setattr(target, name, value)
    errors = validation.target_errors([target])
    if errors:
        raise ValidationError(errors)
    target.full_clean()
    target.save()
    return target


@transaction.atomic
def target_delete(*, actor: Actor, target: KpiTarget) -> None:
    _require_issuer(actor, target.campaign)
    _require_draft(target.campaign)
    target.delete()


@transaction.atomic
def report_schedule_save(
    *, actor: Actor, campaign: Campaign, schedule: ReportSchedule | None = None, **fields
) -> ReportSchedule:
    _require_issuer(actor, campaign)
    _require_draft(campaign)
    if schedule is not None and schedule.campaign_id != campaign.pk:
        raise ValidationError(_("This report schedule belongs to another plan."))
    schedule = schedule or ReportSchedule(campaign=campaign)
    for name, value in fields.items():
        setattr(schedule, name, value)
    if not 1 <= schedule.due_day <= 28:
        raise ValidationError(_("The due day must be between 1 and 28, valid in every month."))
    schedule.full_clean()
    schedule.save()
    _check(campaign)
    return schedule


@transaction.atomic
def report_schedule_delete(*, actor: Actor, schedule: ReportSchedule) -> None:
    _require_issuer(actor, schedule.campaign)
    _require_draft(schedule.campaign)
    schedule.delete()


def participating_units(campaign: Campaign):
    """Active units below the issuing unit whose kind takes part (and the issuing unit
    itself when its own staff compete): one query."""
    below = Unit.objects.filter(campaign.issuing_unit.subtree_filter(), status=Unit.Status.ACTIVE)
    kinds = Unit.objects.none()
    kind_ids = list(campaign.participant_kinds.values_list("pk", flat=True))
    if kind_ids:
        kinds = below.filter(depth__gt=campaign.issuing_unit.depth, kind_id__in=kind_ids)
    if campaign.includes_issuing_unit:
        return kinds | below.filter(pk=campaign.issuing_unit_id)
    return kinds


@transaction.atomic
def campaign_launch(
    *,
    actor: Actor,
    campaign: Campaign,
    issued_on: datetime.date | None = None,
    as_printed: bool = False,
) -> Campaign:
    """Issue the plan: check everything, take the next number of the unit's register (in this
    same transaction, so a plan that fails to launch never consumes one), record who takes
    part, make it visible to them, and queue the rendering of its official PDF.

    A deadline before the date of issue is refused, unless `as_printed`: a plan issued on
    paper and recorded afterwards keeps the dates its document printed (Kế hoạch 175/KH-UBND
    of 26/4/2023 set its registration "trước ngày 22 tháng 4 năm 2023")."""
    _require_issuer(actor, campaign)
    campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
    _require_draft(campaign)
    issued_on = issued_on or timezone.localdate()
    errors = schedule_errors(campaign, issued_on=None if as_printed else issued_on)
    if not campaign.phases.exists():
        errors.append(_("Add at least one phase with its deadlines before launching."))
    units = list(participating_units(campaign).values_list("pk", flat=True))
    if not units:
        errors.append(_("No unit takes part: choose the participating unit kinds."))
    if errors:
        raise ValidationError(errors)
    campaign.issued_on = issued_on
    campaign.number = number_allocate(
        actor=actor,
        unit=campaign.issuing_unit,
        doc_type=DocumentType.PLAN,
        issued_on=campaign.issued_on,
        summary=campaign.title,
    )
    campaign.status = Campaign.Status.LAUNCHED
    campaign.launched_at = timezone.now()
    campaign.save(update_fields=["issued_on", "number", "status", "launched_at", "updated_at"])
    Participation.objects.bulk_create(
        Participation(tenant_id=campaign.tenant_id, campaign=campaign, unit_id=unit_id)
        for unit_id in units
    )
    notices.plan_launched(actor=actor, campaign=campaign, unit_count=len(units))
    # The official copy is rendered once, in the background, after this transaction commits.
    render_job_start(
        actor=actor, builder=PLAN_BUILDER, object_id=campaign.pk, tenant=campaign.tenant
    )
    return campaign


@transaction.atomic
def campaign_cancel(*, actor: Actor, campaign: Campaign) -> Campaign:
    _require_issuer(actor, campaign)
    _require_draft(campaign)
    campaign.status = Campaign.Status.CANCELLED
    campaign.save(update_fields=["status", "updated_at"])
    return campaign


def shift_date(day: datetime.date, months: int) -> datetime.date:
    """The same day `months` later; the 29–31st falls back to the month's last day."""
    total = day.year * 12 + day.month - 1 + months
    year, month = divmod(total, 12)
    month += 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


@transaction.atomic
def campaign_duplicate(*, actor: Actor, campaign: Campaign, months: int = 12) -> Campaign:
    """A draft copy for the next year or period: texts, targets, phases and deadlines shifted
    by `months`. Years written in the title move with it ("năm 2024" → "năm 2025")."""
    _require_issuer(actor, campaign)
    fields = {name: getattr(campaign, name) for name in CAMPAIGN_TEXT_FIELDS}
    fields["start_date"] = shift_date(campaign.start_date, months)
    fields["end_date"] = shift_date(campaign.end_date, months)
    if months % 12 == 0:
        years = months // 12
        fields["title"] = _shift_years_in(campaign.title, years)
        fields["theme"] = ""
    copy = Campaign(
        tenant_id=campaign.tenant_id,
        issuing_unit=campaign.issuing_unit,
        based_on=None,
        created_by=as_user(actor),
        **fields,
    )
    copy.save()
    copy.participant_kinds.set(campaign.participant_kinds.all())
    _copy_schedule(campaign, copy, months=months)
    _copy_targets(campaign, copy)
    return copy


def _shift_years_in(text: str, years: int) -> str:
    return re.sub(r"\b(19|20)(\d{2})\b", lambda m: str(int(m.group(0)) + years), text)


# The targets seen in the seed plans (000, 001, 003, 004); each tenant starts with them.
DEFAULT_INDICATORS = [
    # code, name, measure, numerator, denominator
    (
        "hai-long-phuc-vu",
        "Mức độ hài lòng của cá nhân, tổ chức đối với sự phục vụ",
        "percent",
        "Số ý kiến hài lòng",
        "Số ý kiến khảo sát",
    ),
    (
        "hai-long-tthc",
        "Mức độ hài lòng về giải quyết thủ tục hành chính",
        "percent",
        "Số ý kiến hài lòng",
        "Số ý kiến khảo sát",
    ),
    (
        "tthc-dung-han",
        "Tỷ lệ hồ sơ thủ tục hành chính giải quyết đúng hạn",
        "percent",
        "Số hồ sơ giải quyết đúng hạn",
        "Số hồ sơ đã giải quyết",
    ),
    (
        "xin-loi-tre-han",
        "Tỷ lệ hồ sơ trễ hạn có thư xin lỗi",
        "percent",
        "Số hồ sơ trễ hạn có thư xin lỗi",
        "Số hồ sơ trễ hạn",
    ),
    (
        "van-ban-dien-tu",
        "Tỷ lệ văn bản trao đổi trên môi trường điện tử",
        "percent",
        "Số văn bản điện tử",
        "Tổng số văn bản",
    ),
    (
        "chu-ky-so",
        "Tỷ lệ văn bản, hồ sơ sử dụng chữ ký số",
        "percent",
        "Số văn bản ký số",
        "Tổng số văn bản",
    ),
    (
        "thanh-toan-khong-tien-mat",
        "Tỷ lệ thanh toán không dùng tiền mặt",
        "percent",
        "Số khoản thanh toán không dùng tiền mặt",
        "Tổng số khoản thanh toán",
    ),
    (
        "dvc-truc-tuyen",
        "Tỷ lệ hồ sơ dịch vụ công trực tuyến mức độ 3, 4",
        "percent",
        "Số hồ sơ trực tuyến",
        "Tổng số hồ sơ",
    ),
    (
        "dang-ky-mo-hinh",
        "Tỷ lệ đơn vị đăng ký mô hình, giải pháp, sáng kiến CCHC",
        "percent",
        "Số đơn vị có đăng ký",
        "Số đơn vị tham gia",
    ),
    ("so-mo-hinh", "Số mô hình, giải pháp, sáng kiến CCHC được đăng ký", "count", "", ""),
]


def kpi_catalogue_ensure(tenant) -> None:
    """Give the tenant the default indicators it lacks (idempotent)."""
    existing = set(KpiIndicator.objects.filter(tenant=tenant).values_list("code", flat=True))
    KpiIndicator.objects.bulk_create(
        KpiIndicator(
            tenant=tenant,
            code=code,
            name=name,
            measure=measure,
            numerator_label=numerator,
            denominator_label=denominator,
        )
        for code, name, measure, numerator, denominator in DEFAULT_INDICATORS
        if code not in existing
    )


# --- Evaluation criteria and deadline extensions ---

CRITERION_FIELDS = ("name", "description", "weight", "max_points", "order")
# Score.points holds at most 999.99.
CRITERION_MAX_POINTS = 999

# Seed 002, III.1 "Tiêu chí lựa chọn": what makes a model worth replicating. Stored data in
# the plan's language, like the KPI catalogue above.
SEED_002_CRITERIA = [
    (
        "Tính hợp pháp",
        "Bảo đảm tính hợp pháp, hiệu quả theo đánh giá của cơ quan phụ trách lĩnh vực chuyên "
        "ngành và cơ quan có thẩm quyền công nhận theo quy định pháp luật của từng lĩnh vực.",
    ),
    ("Giải quyết được vấn đề", "Giải quyết các vấn đề đặt ra."),
    ("Tác động xã hội", "Tác động về mặt xã hội."),
    ("Tính mới, ưu điểm", "Tính vượt trội, lợi thế cạnh tranh."),
    ("Khả năng phát triển trong tương lai", "Sự phát triển trong tương lai."),
]


def _require_criteria_open(campaign: Campaign, criterion: EvaluationCriterion | None = None):
    if not rules.criteria_open(campaign):
        raise ValidationError(_("The criteria of a cancelled plan cannot be changed."))
    if criterion is not None and rules.is_scored(criterion):
        raise ValidationError(
            _("Reviewers have already scored against “%(name)s”: it can no longer be changed.")
            % {"name": criterion.name}
        )


def _criterion_errors(criterion: EvaluationCriterion) -> list[str]:
    errors = []
    if not criterion.name:
        errors.append(_("Name the criterion."))
    try:
        weight = Decimal(str(criterion.weight))
    except (InvalidOperation, TypeError, ValueError):
        weight = None
    if weight is None or not weight.is_finite() or weight <= 0:
        errors.append(_("The weight must be greater than 0."))
    max_points = criterion.max_points
    if not isinstance(max_points, int) or not 1 <= max_points <= CRITERION_MAX_POINTS:
        errors.append(
            _("The maximum points must be a whole number from 1 to %(max)d.")
            % {"max": CRITERION_MAX_POINTS}
        )
    return errors


@transaction.atomic
def criterion_save(
    *,
    actor: Actor,
    campaign: Campaign,
    criterion: EvaluationCriterion | None = None,
    **fields,
) -> EvaluationCriterion:
    """Add or change a criterion the reviewers score against: by the issuer, while the plan
    is a draft or launched, and only before anyone has scored against that criterion."""
    _require_issuer(actor, campaign)
    criterion = criterion or EvaluationCriterion(campaign=campaign)
    if criterion.campaign_id != campaign.pk:
        raise ValidationError(_("This criterion belongs to another plan."))
    _require_criteria_open(campaign, criterion)
    for name, value in fields.items():
        if name not in CRITERION_FIELDS:
            raise ValueError(f"not an editable criterion field: {name}")
        setattr(criterion, name, value)
    criterion.name = (criterion.name or "").strip()
    errors = _criterion_errors(criterion)
    if errors:
        raise ValidationError(errors)
    if criterion.pk is None and "order" not in fields:
        criterion.order = campaign.criteria.count() + 1
    criterion.full_clean()
    criterion.save()
    return criterion


@transaction.atomic
def criterion_delete(*, actor: Actor, criterion: EvaluationCriterion) -> None:
    campaign = criterion.campaign
    _require_issuer(actor, campaign)
    _require_criteria_open(campaign, criterion)
    criterion.delete()


@transaction.atomic
def criteria_from_seed_002(campaign: Campaign, *, actor: Actor) -> list[EvaluationCriterion]:
    """Give the plan seed 002's five selection criteria (legality, problem solved, social
    impact, novelty and advantage, future development), weight 1 and 10 points each. Those
    it already has by name are skipped, so a double click adds nothing twice."""
    _require_issuer(actor, campaign)
    campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
    _require_criteria_open(campaign)
    existing = list(campaign.criteria.values_list("name", flat=True))
    order = len(existing)
    created = []
    for name, description in SEED_002_CRITERIA:
        if name in existing:
            continue
        order += 1
        created.append(
            EvaluationCriterion(
                campaign=campaign,
                order=order,
                name=name,
                description=description,
                weight=Decimal(1),
                max_points=10,
            )
        )
    EvaluationCriterion.objects.bulk_create(created)
    return created


@transaction.atomic
def deadline_extend(
    *,
    actor: Actor,
    deadline: Deadline,
    unit: Unit,
    due_date: datetime.date | None,
    reason: str,
) -> DeadlineExtension:
    """Grant `unit` a later due date for `deadline`, with the reason on record: after the
    deadline's own date and within the plan's period. Granting again replaces the date and
    the reason (one extension per deadline and unit). Submissions of that unit are late only
    after the end of the new date (`Deadline.closes_at_for`)."""
    if not rules.receives_for(actor, deadline):
        raise PermissionDenied(_("Only a reviewer of the receiving unit can extend this deadline."))
    campaign = deadline.phase.campaign
    if unit.tenant_id != campaign.tenant_id:
        raise ValidationError(_("The unit belongs to another tenant."))
    if not rules.extensions_open(deadline):
        raise ValidationError(_("Deadlines are extended once the plan is launched."))
    if not Participation.objects.filter(campaign=campaign, unit=unit).exists():
        raise ValidationError(_("%(unit)s does not take part in this plan.") % {"unit": unit})
    reason = (reason or "").strip()
    errors = []
    if not reason:
        errors.append(_("Give the reason for the extension."))
    if due_date is None or due_date <= deadline.due_date:
        errors.append(
            _("The new due date must be after %(date)s, the deadline's own.")
            % {"date": vn_date_short(deadline.due_date)}
        )
    elif not campaign.start_date <= due_date <= campaign.end_date:
        errors.append(
            _("The new due date must fall within the plan's period, %(start)s – %(end)s.")
            % {
                "start": vn_date_short(campaign.start_date),
                "end": vn_date_short(campaign.end_date),
            }
        )
    if errors:
        raise ValidationError(errors)
    extension, _created = DeadlineExtension.objects.update_or_create(
        deadline=deadline,
        unit=unit,
        defaults={"due_date": due_date, "reason": reason, "granted_by": as_user(actor)},
    )
    notices.deadline_extended(actor=actor, extension=extension)
    return extension


# --- Upper-level plans outside the system ---

EXTERNAL_PLAN_FIELDS = ("number", "issued_on", "issuing_body", "title")
EXTERNAL_DEADLINE_FIELDS = ("kind", "due_date", "description")


def _require_external_manager(actor, tenant_id) -> None:
    if not rules.can_manage_external_plans(actor, tenant_id):
        raise PermissionDenied(
            _("Only the tenant administrator or a reviewer records upper-level plans.")
        )


def _external_plan_errors(plan: ExternalPlan) -> list[str]:
    duplicate = ExternalPlan.objects.filter(
        tenant_id=plan.tenant_id, number=plan.number, issued_on=plan.issued_on
    ).exclude(pk=plan.pk)
    if plan.number and plan.issued_on and duplicate.exists():
        return [
            _("Plan number %(number)s of %(date)s is already recorded.")
            % {"number": plan.number, "date": vn_date_short(plan.issued_on)}
        ]
    return []


@transaction.atomic
def external_plan_save(
    *, actor: Actor, tenant_id: int, plan: ExternalPlan | None = None, **fields
) -> ExternalPlan:
    """Record an upper-level plan from outside, or correct it (its history is kept)."""
    _require_external_manager(actor, tenant_id)
    plan = plan or ExternalPlan(tenant_id=tenant_id, created_by=as_user(actor))
    if plan.tenant_id != tenant_id:
        raise ValidationError(_("The upper-level plan belongs to another tenant."))
    for name, value in fields.items():
        if name not in EXTERNAL_PLAN_FIELDS:
            raise ValueError(f"not an editable field of an upper-level plan: {name}")
        setattr(plan, name, value.strip() if isinstance(value, str) else value)
    errors = _external_plan_errors(plan)
    if errors:
        raise ValidationError(errors)
    plan.full_clean(validate_constraints=False)
    plan.save()
    return plan


@transaction.atomic
def external_deadline_save(
    *, actor: Actor, plan: ExternalPlan, deadline: ExternalDeadline | None = None, **fields
) -> ExternalDeadline:
    """Add or correct a deadline of an upper-level plan from outside. The draft plans based
    on it are checked against the new date when they are next saved or launched."""
    _require_external_manager(actor, plan.tenant_id)
    if deadline is not None and deadline.plan_id != plan.pk:
        raise ValidationError(_("This deadline belongs to another upper-level plan."))
    deadline = deadline or ExternalDeadline(plan=plan)
    for name, value in fields.items():
        if name not in EXTERNAL_DEADLINE_FIELDS:
            raise ValueError(f"not an editable field of an upper-level deadline: {name}")
        setattr(deadline, name, value)
    deadline.full_clean()
    deadline.save()
    return deadline


@transaction.atomic
def external_deadline_delete(*, actor: Actor, deadline: ExternalDeadline) -> None:
    _require_external_manager(actor, deadline.plan.tenant_id)
    deadline.delete()
