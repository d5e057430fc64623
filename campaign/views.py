import datetime

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.forms import posted_ids
from core.http import acting_unit, docx_filename, docx_response, flash_error, pdf_response
from documents.models import RenderJob
from documents.selectors import latest_job
from documents.views import job_file_response, job_status_response
from units import views as unit_views
from units.once import TOKEN_FIELD, created_earlier, remember_created
from units.selectors import get_visible_or_404

from . import reminders, rules, selectors, services
from .documents import PLAN_BUILDER, official_copy, plan_filename, render_plan, render_plan_docx
from .forms import (
    CampaignCreateForm,
    CampaignForm,
    CriterionForm,
    DeadlineForm,
    DuplicateForm,
    ExternalDeadlineForm,
    ExternalPlanForm,
    LaunchForm,
    PhaseForm,
    ReminderSettingsForm,
    ReportScheduleForm,
    TargetForm,
)
from .home import tasks_for
from .models import (
    Campaign,
    Deadline,
    ExternalDeadline,
    ExternalPlan,
    KpiTarget,
    Phase,
    ReminderLog,
    ReportSchedule,
)
from .plan_import.forms import UploadForm


def _campaign(request, campaign_id) -> Campaign:
    try:
        return selectors.campaign_detail(campaign_id, request.user)
    except Campaign.DoesNotExist as exc:
        raise Http404 from exc


def _editable(request, campaign_id) -> Campaign:
    """A plan the user sees and issued (403 for anyone else who sees it); what its state
    allows is each view's rule."""
    campaign = _campaign(request, campaign_id)
    if not rules.is_issuer(request.user, campaign):
        raise PermissionDenied
    return campaign


@login_required
def home(request):
    """What this person must do next for the acting membership (campaign.home), then where
    they act and the plans that reach the unit."""
    context = unit_views.home_context(request)
    membership = request.membership or None
    if membership is not None:
        today = timezone.localdate()
        campaigns = selectors.campaigns_reaching_unit(membership.unit)
        context["campaigns"] = campaigns
        context["tasks"] = tasks_for(membership, today, campaigns=campaigns)
        context["today"] = today
    return render(request, "campaign/home.html", context)


@login_required
def campaign_list(request):
    campaigns = selectors.visible_campaigns(request.user).order_by("-start_date", "-id")
    unit = acting_unit(request)
    context = {
        "campaigns": campaigns,
        "can_create": unit is not None and rules.can_issue_at(request.user, unit),
        "can_manage_external": request.tenant is not None
        and rules.can_manage_external_plans(request.user, request.tenant.pk),
    }
    return render(request, "campaign/campaign_list.html", context)


@login_required
def campaign_create(request):
    unit = acting_unit(request)
    if unit is None or not rules.can_issue_at(request.user, unit):
        raise PermissionDenied
    parent_plans = selectors.plans_to_build_on(unit)
    external_plans = selectors.external_plans(unit.tenant_id)
    form = CampaignCreateForm(
        request.POST or None,
        parent_plans=parent_plans,
        external_plans=external_plans,
        initial=_create_initial(request, parent_plans, external_plans),
    )
    if request.method == "POST" and (earlier := created_earlier(request)) is not None:
        return earlier
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if v not in (None, "")}
        data.pop(TOKEN_FIELD, None)
        based_on = data.pop("based_on", None)
        based_on_external = data.pop("based_on_external", None)
        try:
            campaign = services.campaign_create(
                actor=request.user,
                issuing_unit=unit,
                based_on=based_on,
                based_on_external=based_on_external,
                **data,
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("The draft plan was created."))
            remember_created(request, reverse("campaign:detail", args=[campaign.pk]))
            return redirect("campaign:detail", campaign_id=campaign.pk)
    return create_page(request, unit, form=form)


def create_page(request, unit, *, form=None, upload_form=None, status=200):
    """ "Tạo kế hoạch": the typed plan's form and the upload of a plan's file."""
    parent_plans = selectors.plans_to_build_on(unit)
    external_plans = selectors.external_plans(unit.tenant_id)
    can_manage_external = rules.can_manage_external_plans(request.user, unit.tenant_id)
    if form is None:
        form = CampaignCreateForm(parent_plans=parent_plans, external_plans=external_plans)
    context = {
        "form": form,
        "upload_form": upload_form or UploadForm(can_record_upper=can_manage_external),
        "unit": unit,
        "parent_plans": parent_plans,
        "external_plans": external_plans,
        "can_manage_external": can_manage_external,
    }
    return render(request, "campaign/campaign_form.html", context, status=status)


def _create_initial(request, parent_plans, external_plans) -> dict:
    """The create form pre-filled from the upper-level plan chosen above it (a GET with
    `based_on` or `based_on_external`): title, period and the "Căn cứ" line citing it."""
    if request.method != "GET":
        return {}
    for name, plans, key in (
        ("based_on", parent_plans, "based_on"),
        ("based_on_external", external_plans, "external"),
    ):
        ids = posted_ids([request.GET.get(name, "")])
        if not ids:
            continue
        plan = plans.filter(pk=ids[0]).first()
        if plan is not None:
            return {name: plan.pk, **services.plan_defaults_from(**{key: plan})}
    return {}


@login_required
def campaign_edit(request, campaign_id):
    campaign = _editable(request, campaign_id)
    form = CampaignForm(
        request.POST or None,
        instance=campaign,
        external_plans=selectors.external_plans(campaign.tenant_id),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.campaign_update(actor=request.user, campaign=campaign, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect("campaign:detail", campaign_id=campaign.pk)
    return render(request, "campaign/campaign_form.html", {"form": form, "campaign": campaign})


@login_required
def campaign_detail(request, campaign_id):
    campaign = _campaign(request, campaign_id)
    today = timezone.localdate()
    can_edit = rules.can_edit_plan(request.user, campaign)
    context = {
        "campaign": campaign,
        "today": today,
        "current_phase": selectors.current_phase(campaign, today),
        "due_items": selectors.due_items([campaign], since=campaign.start_date),
        "participant_count": campaign.participations.count(),
        "can_edit": can_edit,
        "can_launch": rules.can_launch(request.user, campaign),
        "can_cancel": rules.can_cancel(request.user, campaign),
        "can_duplicate": rules.can_duplicate(request.user, campaign),
        "problems": services.schedule_errors(campaign) if can_edit else [],
        "official_copy": official_copy(campaign),
        "can_register": rules.can_register_in(request.membership or None, campaign),
        "can_review_board": rules.can_open_review_boards(request.user, campaign),
    }
    context.update(_deadline_sections(campaign, today))
    if can_edit:
        tenant_id = campaign.tenant_id
        context.update(
            phase_form=PhaseForm(prefix=PREFIX["phase"]),
            deadline_form=DeadlineForm(campaign=campaign, prefix=PREFIX["deadline"]),
            target_form=TargetForm(tenant_id=tenant_id, prefix=PREFIX["target"]),
            schedule_form=ReportScheduleForm(campaign=campaign, prefix=PREFIX["schedule"]),
        )
    context.update(_criteria_context(request, campaign))
    return render(request, "campaign/campaign_detail.html", context)


# The draft plan's page holds one "add" form per kind of row, several with the same field
# names (name, description): each form's fields carry its prefix ("phase-name", "id_phase-name")
# so that every id on the page is unique, and the view the form posts to reads the same prefix.
PREFIX = {
    "phase": "phase",
    "deadline": "deadline",
    "target": "target",
    "schedule": "schedule",
    "criterion": "criterion",
}


def _deadline_sections(campaign, today) -> dict:
    """The plan's phases, each with its deadlines, split for the page: what is due today or
    later on top (`current`), and the deadlines already past (`past`, folded and with no
    register button). A phase that has ended shows only below, unless it has none of its
    deadlines there. A draft shows everything in place, being typed."""
    current, past = [], []
    for phase in campaign.phases.all():
        deadlines = list(phase.deadlines.all())
        if not campaign.is_launched:
            current.append((phase, deadlines))
            continue
        coming = [d for d in deadlines if d.due_date >= today]
        over = [d for d in deadlines if d.due_date < today]
        if coming or (not over and phase.end_date >= today):
            current.append((phase, coming))
        if over or (not coming and phase.end_date < today):
            past.append((phase, over))
    return {
        "current_sections": current,
        "past_sections": past,
        "past_count": sum(len(deadlines) for _phase, deadlines in past),
    }


def _criteria_context(request, campaign) -> dict:
    """The scoring criteria card: each criterion with whether anyone has scored against it
    (then it stays as it is); the issuer adds criteria while the plan is a draft or launched."""
    can_edit_criteria = rules.can_edit_criteria(request.user, campaign)
    criteria = list(campaign.criteria.annotate(score_count=Count("scores")))
    for criterion in criteria:
        criterion.deletable = can_edit_criteria and not rules.is_scored(criterion)
    return {
        "criteria": criteria,
        "can_edit_criteria": can_edit_criteria,
        "criterion_form": CriterionForm(prefix=PREFIX["criterion"]) if can_edit_criteria else None,
    }


@login_required
@require_POST
def criterion_add(request, campaign_id):
    campaign = _editable(request, campaign_id)
    form = CriterionForm(request.POST, prefix=PREFIX["criterion"])
    if form.is_valid():
        try:
            services.criterion_save(actor=request.user, campaign=campaign, **form.cleaned_data)
        except ValidationError as exc:
            for message in exc.messages:
                form.add_error(None, message)
        else:
            messages.success(request, _("Criterion added."))
            return redirect(reverse("campaign:detail", args=[campaign.pk]) + "#criteria")
    return render(request, "campaign/criteria_form.html", {"campaign": campaign, "form": form})


@login_required
def criterion_remove(request, campaign_id):
    """The criterion to remove comes in the form or the address (`criterion`), from this
    plan only: GET asks, POST deletes."""
    campaign = _editable(request, campaign_id)
    ids = posted_ids([request.POST.get("criterion") or request.GET.get("criterion", "")])
    if not ids and request.method != "POST":
        return redirect(reverse("campaign:detail", args=[campaign.pk]) + "#criteria")
    if not ids:
        raise Http404
    criterion = get_visible_or_404(campaign.criteria.all(), pk=ids[0])
    if request.method != "POST":
        return _confirm(
            request,
            title=_("Delete %(what)s?")
            % {"what": _("the criterion “%(name)s”") % {"name": criterion.name}},
            lines=[],
            action=_("Delete"),
            back=reverse("campaign:detail", args=[campaign.pk]) + "#criteria",
            form=None,
            extra={"hidden": {"criterion": criterion.pk}},
        )
    try:
        services.criterion_delete(actor=request.user, criterion=criterion)
    except ValidationError as exc:
        flash_error(request, exc)
    return redirect(reverse("campaign:detail", args=[campaign.pk]) + "#criteria")


@login_required
@require_POST
def criteria_seed(request, campaign_id):
    campaign = _editable(request, campaign_id)
    try:
        created = services.criteria_from_seed_002(campaign, actor=request.user)
    except ValidationError as exc:
        flash_error(request, exc)
    else:
        messages.success(request, _("%(count)d scoring criteria added.") % {"count": len(created)})
    return redirect(reverse("campaign:detail", args=[campaign.pk]) + "#criteria")


def _schedule_change(request, campaign, form, apply, title=""):
    """Run a schedule service with the form's data; on any problem show the form again as
    typed with every message, nothing saved. A GET shows the form (editing a row)."""
    if request.method == "POST" and form.is_valid():
        try:
            apply(form.cleaned_data)
        except ValidationError as exc:
            for message in exc.messages:
                form.add_error(None, message)
        else:
            messages.success(request, _("Saved."))
            return redirect("campaign:detail", campaign_id=campaign.pk)
    return render(
        request,
        "campaign/schedule_form.html",
        {"campaign": campaign, "form": form, "title": title},
    )


def _initial(form_class, obj) -> dict:
    """A saved row's values for the fields of its edit form (a foreign key as its id)."""
    initial = {}
    for name in form_class.base_fields:
        attname = f"{name}_id" if hasattr(obj, f"{name}_id") else name
        if hasattr(obj, attname):
            initial[name] = getattr(obj, attname)
    return initial


def _row(request, queryset, pk, campaign_of):
    """A row of a plan the user may change, with its plan: 404 outside the user's sight,
    403 for someone who cannot issue at the plan's unit; not ok (with a message) once the
    plan is no longer a draft."""
    obj = get_visible_or_404(queryset, pk=pk)
    campaign = _editable(request, campaign_of(obj).pk)
    if not rules.can_edit_plan(request.user, campaign):
        messages.error(request, _("Only a draft plan can be changed."))
        return obj, campaign, False
    return obj, campaign, True


@login_required
@require_POST
def phase_add(request, campaign_id):
    campaign = _editable(request, campaign_id)
    return _schedule_change(
        request,
        campaign,
        PhaseForm(request.POST, prefix=PREFIX["phase"]),
        lambda data: services.phase_save(actor=request.user, campaign=campaign, **data),
    )


@login_required
def phase_edit(request, phase_id):
    phase, campaign, ok = _row(request, Phase.objects.all(), phase_id, lambda p: p.campaign)
    if not ok:
        return redirect("campaign:detail", campaign_id=campaign.pk)
    initial = _initial(PhaseForm, phase)
    form = PhaseForm(request.POST if request.method == "POST" else None, initial=initial)
    return _schedule_change(
        request,
        campaign,
        form,
        lambda data: services.phase_save(
            actor=request.user, campaign=campaign, phase=phase, **data
        ),
        title=_("Edit the phase %(name)s") % {"name": phase.name},
    )


@login_required
@require_POST
def deadline_add(request, campaign_id):
    campaign = _editable(request, campaign_id)
    return _schedule_change(
        request,
        campaign,
        DeadlineForm(request.POST, campaign=campaign, prefix=PREFIX["deadline"]),
        lambda data: services.deadline_save(actor=request.user, **data),
    )


@login_required
def deadline_edit(request, deadline_id):
    deadline, campaign, ok = _row(
        request,
        Deadline.objects.select_related("phase"),
        deadline_id,
        lambda d: d.phase.campaign,
    )
    if not ok:
        return redirect("campaign:detail", campaign_id=campaign.pk)
    initial = _initial(DeadlineForm, deadline)
    form = DeadlineForm(
        request.POST if request.method == "POST" else None,
        initial=initial,
        campaign=campaign,
        keep_unit=deadline.receiving_unit_id,
    )
    return _schedule_change(
        request,
        campaign,
        form,
        lambda data: services.deadline_save(actor=request.user, deadline=deadline, **data),
        title=_("Edit the deadline %(deadline)s") % {"deadline": deadline},
    )


@login_required
@require_POST
def target_add(request, campaign_id):
    campaign = _editable(request, campaign_id)
    return _schedule_change(
        request,
        campaign,
        TargetForm(request.POST, tenant_id=campaign.tenant_id, prefix=PREFIX["target"]),
        lambda data: services.target_save(actor=request.user, campaign=campaign, **data),
    )


@login_required
def target_edit(request, kpitarget_id):
    target, campaign, ok = _row(
        request, KpiTarget.objects.select_related("indicator"), kpitarget_id, lambda t: t.campaign
    )
    if not ok:
        return redirect("campaign:detail", campaign_id=campaign.pk)
    initial = _initial(TargetForm, target)
    form = TargetForm(
        request.POST if request.method == "POST" else None,
        initial=initial,
        tenant_id=campaign.tenant_id,
    )
    return _schedule_change(
        request,
        campaign,
        form,
        lambda data: services.target_save(
            actor=request.user, campaign=campaign, target=target, **data
        ),
        title=_("Edit the target %(name)s") % {"name": target.indicator.name},
    )


@login_required
@require_POST
def schedule_add(request, campaign_id):
    campaign = _editable(request, campaign_id)
    return _schedule_change(
        request,
        campaign,
        ReportScheduleForm(request.POST, campaign=campaign, prefix=PREFIX["schedule"]),
        lambda data: services.report_schedule_save(actor=request.user, campaign=campaign, **data),
    )


@login_required
def schedule_edit(request, reportschedule_id):
    schedule, campaign, ok = _row(
        request, ReportSchedule.objects.all(), reportschedule_id, lambda s: s.campaign
    )
    if not ok:
        return redirect("campaign:detail", campaign_id=campaign.pk)
    initial = _initial(ReportScheduleForm, schedule)
    form = ReportScheduleForm(
        request.POST if request.method == "POST" else None,
        initial=initial,
        campaign=campaign,
        keep_unit=schedule.receiving_unit_id,
    )
    return _schedule_change(
        request,
        campaign,
        form,
        lambda data: services.report_schedule_save(
            actor=request.user, campaign=campaign, schedule=schedule, **data
        ),
        title=_("Edit the report schedule %(name)s") % {"name": schedule.name},
    )


def _confirm(request, *, title, lines, action, back, danger=True, form=None, extra=None):
    """The page that asks before a destructive or irreversible action: what will happen,
    then one button that POSTs to the same address."""
    context = {
        "title": title,
        "lines": lines,
        "action": action,
        "back": back,
        "danger": danger,
        "form": form,
        **(extra or {}),
    }
    return render(request, "campaign/confirm.html", context)


def _delete(request, model, pk, campaign_of, service, arg, describe):
    """GET asks (naming what is deleted), POST deletes."""
    obj, campaign, ok = _row(request, model.objects.all(), pk, campaign_of)
    back = reverse("campaign:detail", args=[campaign.pk])
    if not ok:
        return redirect(back)
    if request.method != "POST":
        return _confirm(
            request,
            title=_("Delete %(what)s?") % {"what": describe(obj)},
            lines=[
                _("It is removed from the draft plan “%(plan)s”.") % {"plan": campaign.title},
                *describe_more(obj),
            ],
            action=_("Delete"),
            back=back,
        )
    try:
        service(actor=request.user, **{arg: obj})
    except ValidationError as exc:
        flash_error(request, exc)
    else:
        messages.success(request, _("Deleted."))
    return redirect(back)


def describe_more(obj) -> list[str]:
    if isinstance(obj, Phase):
        count = obj.deadlines.count()
        if count:
            return [_("Its %(count)d deadlines are deleted with it.") % {"count": count}]
    return []


@login_required
def phase_delete(request, phase_id):
    return _delete(
        request,
        Phase,
        phase_id,
        lambda p: p.campaign,
        services.phase_delete,
        "phase",
        lambda p: _("the phase %(name)s") % {"name": p.name},
    )


@login_required
def deadline_delete(request, deadline_id):
    return _delete(
        request,
        Deadline,
        deadline_id,
        lambda d: d.phase.campaign,
        services.deadline_delete,
        "deadline",
        lambda d: _("the deadline %(deadline)s") % {"deadline": d},
    )


@login_required
def target_delete(request, kpitarget_id):
    return _delete(
        request,
        KpiTarget,
        kpitarget_id,
        lambda t: t.campaign,
        services.target_delete,
        "target",
        lambda t: _("the target %(target)s") % {"target": t},
    )


@login_required
def schedule_delete(request, reportschedule_id):
    return _delete(
        request,
        ReportSchedule,
        reportschedule_id,
        lambda s: s.campaign,
        services.report_schedule_delete,
        "schedule",
        lambda s: _("the report schedule %(name)s") % {"name": s.name},
    )


@login_required
def campaign_launch(request, campaign_id):
    """GET says what launching does (the number is taken, the participants are fixed, the
    PDF is issued) and how many units take part; POST launches."""
    campaign = _editable(request, campaign_id)
    back = reverse("campaign:detail", args=[campaign.pk])
    if not rules.can_launch(request.user, campaign):
        messages.error(request, _("Only a draft plan can be launched."))
        return redirect(back)
    form = LaunchForm(request.POST or None, initial={"issued_on": timezone.localdate()})
    problems = None
    if request.method == "POST" and form.is_valid():
        try:
            campaign = services.campaign_launch(
                actor=request.user, campaign=campaign, issued_on=form.cleaned_data["issued_on"]
            )
        except ValidationError as exc:
            # Refused: the page again, with the date typed and what to correct.
            problems = exc.messages
        else:
            messages.success(
                request, _("Launched as plan number %(number)s.") % {"number": campaign.number}
            )
            return redirect(back)
    if problems is None:
        issued_on = form.cleaned_data["issued_on"] if form.is_bound and form.is_valid() else None
        problems = services.schedule_errors(campaign, issued_on=issued_on or timezone.localdate())
    units = list(services.participating_units(campaign).order_by("path"))
    lines = [
        _(
            "The plan takes the next number of the register of %(unit)s; a number once taken "
            "is never reused."
        )
        % {"unit": campaign.issuing_unit.name},
        _(
            "The participating units are fixed: %(count)d units take part; units added later "
            "do not join this plan."
        )
        % {"count": len(units)},
        _("The official PDF is issued and the units see the plan and its deadlines."),
        _("The plan can no longer be edited or cancelled."),
    ]
    return _confirm(
        request,
        title=_("Launch the plan “%(plan)s”?") % {"plan": campaign.title},
        lines=lines,
        action=_("Launch and issue a number"),
        back=back,
        danger=False,
        form=form,
        extra={"units": units, "problems": problems},
    )


@login_required
def campaign_cancel(request, campaign_id):
    campaign = _editable(request, campaign_id)
    back = reverse("campaign:detail", args=[campaign.pk])
    if request.method != "POST":
        return _confirm(
            request,
            title=_("Cancel the draft “%(plan)s”?") % {"plan": campaign.title},
            lines=[
                _(
                    "The draft is kept as cancelled: it can no longer be edited or launched, "
                    "and no number is taken."
                )
            ],
            action=_("Cancel the draft"),
            back=back,
        )
    try:
        services.campaign_cancel(actor=request.user, campaign=campaign)
    except ValidationError as exc:
        flash_error(request, exc)
    return redirect(back)


@login_required
def campaign_duplicate(request, campaign_id):
    campaign = _editable(request, campaign_id)
    form = DuplicateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        copy = services.campaign_duplicate(
            actor=request.user, campaign=campaign, months=form.cleaned_data["months"]
        )
        messages.success(request, _("A draft copy was created; check its texts and dates."))
        return redirect("campaign:detail", campaign_id=copy.pk)
    return render(request, "campaign/duplicate.html", {"campaign": campaign, "form": form})


@login_required
def campaign_pdf(request, campaign_id):
    """The issued plan's official copy once rendered; a draft (or a copy still rendering)
    is rendered on the spot, marked DỰ THẢO for a draft."""
    campaign = _campaign(request, campaign_id)
    job = official_copy(campaign)
    if job is not None and job.status == RenderJob.Status.DONE:
        return job_file_response(job)
    document = render_plan(campaign)
    return pdf_response(document.pdf, plan_filename(campaign))


@login_required
def campaign_docx(request, campaign_id):
    """The plan as an editable Word file, from the PDF's template and data (on the spot)."""
    campaign = _campaign(request, campaign_id)
    return docx_response(render_plan_docx(campaign), docx_filename(plan_filename(campaign)))


@login_required
def campaign_pdf_status(request, campaign_id):
    campaign = _campaign(request, campaign_id)
    job = latest_job(PLAN_BUILDER, campaign.pk)
    if job is None:
        raise Http404
    return job_status_response(
        request,
        job,
        download_url=reverse("campaign:pdf", kwargs={"campaign_id": campaign.pk}),
        status_url=request.path,
        docx_url=reverse("campaign:docx", kwargs={"campaign_id": campaign.pk}),
    )


# --- Reminders ---


@login_required
def reminder_settings(request):
    """The tenant administrator's page: when and how units are reminded, and every e-mail
    that could not be delivered, with a button to send it again."""
    if request.tenant is None or not rules.can_manage_reminders(request.user, request.tenant.pk):
        raise PermissionDenied
    config = reminders.reminder_settings_for(request.tenant.pk)
    initial = {
        "offsets": ", ".join(str(n) for n in config.offsets),
        "by_email": config.by_email,
        "in_app": config.in_app,
        "overdue_notice": config.overdue_notice,
        "reviewer_digest": config.reviewer_digest,
        "review_wait_days": config.review_wait_days,
    }
    form = ReminderSettingsForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        reminders.reminder_settings_save(
            actor=request.user, tenant=request.tenant, **form.cleaned_data
        )
        messages.success(request, _("Reminder settings saved."))
        return redirect("campaign:reminders")
    since = timezone.localdate() - datetime.timedelta(days=30)
    counts = selectors.reminder_counts(request.tenant.pk, since)
    context = {
        "form": form,
        "failed": selectors.failed_reminders(request.tenant.pk),
        "counts": [
            (value, label, counts.get(value, 0)) for value, label in ReminderLog.Status.choices
        ],
        "since": since,
    }
    return render(request, "campaign/reminder_settings.html", context)


@login_required
@require_POST
def reminder_resend(request, reminderlog_id):
    log = get_visible_or_404(
        ReminderLog.objects.filter(tenant_id=request.user.tenant_id), pk=reminderlog_id
    )
    try:
        reminders.reminder_resend(actor=request.user, log=log)
    except ValidationError as exc:
        flash_error(request, exc)
    else:
        messages.success(
            request, _("The reminder to %(unit)s was queued again.") % {"unit": log.unit}
        )
    return redirect("campaign:reminders")


@login_required
def deadline_remind(request, deadline_id):
    """A reviewer reminds late units now: a preview of the message, then the sending."""
    deadline = get_visible_or_404(
        Deadline.objects.select_related(
            "phase__campaign__issuing_unit", "phase__campaign__number", "receiving_unit"
        ).filter(phase__campaign__in=selectors.visible_campaigns(request.user)),
        pk=deadline_id,
    )
    if not rules.can_remind(request.user, deadline):
        raise PermissionDenied
    source = request.POST if request.method == "POST" else request.GET
    units = reminders.units_to_remind(
        deadline, posted_ids(source.getlist("units")), every_late=bool(source.get("late"))
    )
    board = reverse("initiatives:board", kwargs={"deadline_id": deadline.pk})
    if not units:
        messages.error(request, _("Choose at least one unit to remind."))
        return redirect(board)
    if request.method == "POST":
        result = reminders.reminders_send_now(actor=request.user, deadline=deadline, units=units)
        if result.sent:
            messages.success(
                request,
                _("Reminder sent to %(count)d units: %(names)s.")
                % {"count": len(result.sent), "names": ", ".join(u.name for u in result.sent)},
            )
        if result.recently_reminded:
            messages.warning(
                request,
                _("Not sent again to %(names)s: they were reminded less than %(hours)d hours ago.")
                % {
                    "names": ", ".join(u.name for u in result.recently_reminded),
                    "hours": settings.REMINDER_MANUAL_INTERVAL_HOURS,
                },
            )
        if result.not_owing:
            messages.info(
                request,
                _("Not sent to %(names)s: they owe nothing for this deadline.")
                % {"names": ", ".join(u.name for u in result.not_owing)},
            )
        return redirect(board)
    context = {
        "deadline": deadline,
        "campaign": deadline.phase.campaign,
        "units": units,
        "preview": reminders.manual_preview(deadline, units),
        "board": board,
    }
    return render(request, "campaign/remind.html", context)


# --- Upper-level plans outside the system ---


def _external_manager(request) -> int:
    """The tenant whose upper-level plans the user keeps (administrator or reviewer)."""
    tenant = getattr(request, "tenant", None)
    if tenant is None or not rules.can_manage_external_plans(request.user, tenant.pk):
        raise PermissionDenied
    return tenant.pk


def _external_plan(request, externalplan_id) -> ExternalPlan:
    """Another tenant's plan is not found (404) whoever asks; in the tenant, only its
    administrator and reviewers may open it (403)."""
    plan = get_visible_or_404(
        ExternalPlan.objects.filter(tenant_id=request.user.tenant_id), pk=externalplan_id
    )
    _external_manager(request)
    return plan


def _external_deadline(request, externaldeadline_id) -> ExternalDeadline:
    deadline = get_visible_or_404(
        ExternalDeadline.objects.filter(plan__tenant_id=request.user.tenant_id).select_related(
            "plan"
        ),
        pk=externaldeadline_id,
    )
    _external_manager(request)
    return deadline


def _plan_fields(plan: ExternalPlan) -> dict:
    return {name: getattr(plan, name) for name in services.EXTERNAL_PLAN_FIELDS}


def _save_or_errors(form, apply) -> bool:
    if not form.is_valid():
        return False
    try:
        apply(form.cleaned_data)
    except ValidationError as exc:
        for message in exc.messages:
            form.add_error(None, message)
        return False
    return True


@login_required
def external_plan_list(request):
    """The upper-level plans of bodies not on the platform, recorded once for the tenant;
    a new one is added here, then its deadlines on its own page."""
    tenant_id = _external_manager(request)
    form = ExternalPlanForm(request.POST or None)
    if request.method == "POST":
        created = []
        if _save_or_errors(
            form,
            lambda data: created.append(
                services.external_plan_save(actor=request.user, tenant_id=tenant_id, **data)
            ),
        ):
            messages.success(request, _("Saved. Now add its deadlines."))
            return redirect("campaign:external_plan", externalplan_id=created[0].pk)
    plans = selectors.external_plans(tenant_id).annotate(child_count=Count("children"))
    return render(request, "campaign/external_plans.html", {"plans": plans, "form": form})


@login_required
def external_plan_edit(request, externalplan_id):
    plan = _external_plan(request, externalplan_id)
    form = ExternalPlanForm(
        request.POST if request.method == "POST" else None, initial=_plan_fields(plan)
    )
    if request.method == "POST" and _save_or_errors(
        form,
        lambda data: services.external_plan_save(
            actor=request.user, tenant_id=plan.tenant_id, plan=plan, **data
        ),
    ):
        messages.success(request, _("Saved."))
        return redirect("campaign:external_plan", externalplan_id=plan.pk)
    return _external_plan_page(request, plan, form=form, deadline_form=ExternalDeadlineForm())


def _external_plan_page(request, plan, *, form, deadline_form):
    history = sorted(
        [
            *plan.history.select_related("history_user")[:50],
            *ExternalDeadline.history.filter(plan_id=plan.pk).select_related("history_user")[:50],
        ],
        key=lambda record: record.history_date,
        reverse=True,
    )[:50]
    context = {
        "plan": plan,
        "form": form,
        "deadline_form": deadline_form,
        "deadlines": plan.deadlines.all(),
        "children": plan.children.select_related("issuing_unit", "number"),
        "history": history,
    }
    return render(request, "campaign/external_plan.html", context)


@login_required
@require_POST
def external_deadline_add(request, externalplan_id):
    plan = _external_plan(request, externalplan_id)
    form = ExternalDeadlineForm(request.POST)
    if _save_or_errors(
        form, lambda data: services.external_deadline_save(actor=request.user, plan=plan, **data)
    ):
        messages.success(request, _("Saved."))
        return redirect("campaign:external_plan", externalplan_id=plan.pk)
    return _external_plan_page(
        request, plan, form=ExternalPlanForm(initial=_plan_fields(plan)), deadline_form=form
    )


@login_required
def external_deadline_edit(request, externaldeadline_id):
    deadline = _external_deadline(request, externaldeadline_id)
    initial = {name: getattr(deadline, name) for name in services.EXTERNAL_DEADLINE_FIELDS}
    form = ExternalDeadlineForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and _save_or_errors(
        form,
        lambda data: services.external_deadline_save(
            actor=request.user, plan=deadline.plan, deadline=deadline, **data
        ),
    ):
        messages.success(request, _("Saved."))
        return redirect("campaign:external_plan", externalplan_id=deadline.plan_id)
    context = {
        "form": form,
        "title": _("Edit the deadline %(deadline)s") % {"deadline": deadline},
        "back": reverse("campaign:external_plan", args=[deadline.plan_id]),
        "plan": deadline.plan,
    }
    return render(request, "campaign/external_deadline_form.html", context)


@login_required
def external_deadline_delete(request, externaldeadline_id):
    deadline = _external_deadline(request, externaldeadline_id)
    back = reverse("campaign:external_plan", args=[deadline.plan_id])
    if request.method != "POST":
        return _confirm(
            request,
            title=_("Delete %(what)s?")
            % {"what": _("the deadline %(deadline)s") % {"deadline": deadline}},
            lines=[
                _("Plans based on “%(plan)s” are no longer checked against this deadline.")
                % {"plan": deadline.plan.title}
            ],
            action=_("Delete"),
            back=back,
        )
    services.external_deadline_delete(actor=request.user, deadline=deadline)
    messages.success(request, _("Deleted."))
    return redirect(back)
