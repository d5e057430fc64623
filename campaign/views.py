import datetime

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from documents.models import RenderJob
from documents.selectors import latest_job
from documents.views import job_file_response, job_status_response
from units import views as unit_views
from units.forms import posted_ids
from units.models import Role
from units.selectors import get_visible_or_404, has_role, is_tenant_admin

from . import reminders, selectors, services
from .documents import PLAN_BUILDER, plan_filename, render_plan
from .forms import (
    CampaignCreateForm,
    CampaignForm,
    CriterionForm,
    DeadlineForm,
    DuplicateForm,
    LaunchForm,
    PhaseForm,
    ReminderSettingsForm,
    ReportScheduleForm,
    TargetForm,
)
from .models import Campaign, Deadline, KpiTarget, Notification, Phase, ReminderLog


def _campaign(request, campaign_id) -> Campaign:
    try:
        return selectors.campaign_detail(campaign_id, request.user)
    except Campaign.DoesNotExist as exc:
        raise Http404 from exc


def _editable(request, campaign_id) -> Campaign:
    campaign = _campaign(request, campaign_id)
    if not services.can_issue_at(request.user, campaign.issuing_unit):
        raise PermissionDenied
    return campaign


def _acting_unit_takes_part(request, campaign) -> bool:
    """The acting membership is staff or head of a unit taking part: it may register."""
    membership = request.membership or None
    return (
        membership is not None
        and membership.role in (Role.UNIT_STAFF, Role.UNIT_HEAD)
        and campaign.is_launched
        and campaign.participations.filter(unit_id=membership.unit_id).exists()
    )


def _acting_unit(request):
    membership = request.membership or None
    return membership.unit if membership else None


@login_required
def home(request):
    context = unit_views.home_context(request)
    unit = _acting_unit(request)
    if unit is not None:
        today = timezone.localdate()
        campaigns = selectors.campaigns_reaching_unit(unit)
        context["campaigns"] = campaigns
        items = selectors.due_items_for_unit(campaigns, unit, since=today)
        context["due_items"] = [(item, item.days_left(today)) for item in items][:10]
    return render(request, "campaign/home.html", context)


@login_required
def campaign_list(request):
    campaigns = selectors.visible_campaigns(request.user).order_by("-start_date", "-id")
    unit = _acting_unit(request)
    context = {
        "campaigns": campaigns,
        "can_create": unit is not None and services.can_issue_at(request.user, unit),
    }
    return render(request, "campaign/campaign_list.html", context)


@login_required
def campaign_create(request):
    unit = _acting_unit(request)
    if unit is None or not services.can_issue_at(request.user, unit):
        raise PermissionDenied
    parent_plans = selectors.plans_to_build_on(unit)
    form = CampaignCreateForm(request.POST or None, parent_plans=parent_plans)
    if request.method == "POST" and form.is_valid():
        data = {
            k: v for k, v in form.cleaned_data.items() if v not in (None, "") or k == "based_on"
        }
        based_on = data.pop("based_on", None)
        try:
            campaign = services.campaign_create(
                actor=request.user, issuing_unit=unit, based_on=based_on, **data
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("The draft plan was created."))
            return redirect("campaign:detail", campaign_id=campaign.pk)
    return render(request, "campaign/campaign_form.html", {"form": form, "unit": unit})


@login_required
def campaign_edit(request, campaign_id):
    campaign = _editable(request, campaign_id)
    form = CampaignForm(request.POST or None, instance=campaign)
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
    can_edit = campaign.is_draft and services.can_issue_at(request.user, campaign.issuing_unit)
    context = {
        "campaign": campaign,
        "today": today,
        "current_phase": selectors.current_phase(campaign, today),
        "due_items": selectors.due_items([campaign], since=campaign.start_date),
        "participant_count": campaign.participations.count(),
        "can_edit": can_edit,
        "can_duplicate": services.can_issue_at(request.user, campaign.issuing_unit),
        "problems": services.schedule_errors(campaign) if can_edit else [],
        "official_copy": latest_job(PLAN_BUILDER, campaign.pk) if campaign.is_launched else None,
        "can_register": _acting_unit_takes_part(request, campaign),
        "can_review_board": has_role(request.user, Role.REVIEWER, Role.TENANT_ADMIN),
    }
    if can_edit:
        tenant_id = campaign.tenant_id
        context.update(
            phase_form=PhaseForm(),
            deadline_form=DeadlineForm(campaign=campaign),
            target_form=TargetForm(tenant_id=tenant_id),
            schedule_form=ReportScheduleForm(tenant_id=tenant_id),
            launch_form=LaunchForm(initial={"issued_on": today}),
        )
    context.update(_criteria_context(request, campaign))
    return render(request, "campaign/campaign_detail.html", context)


def _criteria_context(request, campaign) -> dict:
    """The scoring criteria card: each criterion with whether anyone has scored against it
    (then it stays as it is); the issuer adds criteria while the plan is a draft or launched."""
    can_edit_criteria = services.criteria_editable(campaign) and services.can_issue_at(
        request.user, campaign.issuing_unit
    )
    return {
        "criteria": list(campaign.criteria.annotate(score_count=Count("scores"))),
        "can_edit_criteria": can_edit_criteria,
        "criterion_form": CriterionForm() if can_edit_criteria else None,
    }


@login_required
@require_POST
def criterion_add(request, campaign_id):
    campaign = _editable(request, campaign_id)
    form = CriterionForm(request.POST)
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
@require_POST
def criterion_remove(request, campaign_id):
    """The criterion to remove comes in the form (`criterion`), from this plan only."""
    campaign = _editable(request, campaign_id)
    try:
        criterion_id = int(request.POST.get("criterion", ""))
    except ValueError as exc:
        raise Http404 from exc
    criterion = get_visible_or_404(campaign.criteria.all(), pk=criterion_id)
    try:
        services.criterion_delete(actor=request.user, criterion=criterion)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect(reverse("campaign:detail", args=[campaign.pk]) + "#criteria")


@login_required
@require_POST
def criteria_seed(request, campaign_id):
    campaign = _editable(request, campaign_id)
    try:
        created = services.criteria_from_seed_002(campaign, actor=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("%(count)d scoring criteria added.") % {"count": len(created)})
    return redirect(reverse("campaign:detail", args=[campaign.pk]) + "#criteria")


def _schedule_change(request, campaign, form, apply):
    """Run a schedule service with the form's data; on any problem show the plan again with
    the form as typed and every message, nothing saved."""
    if form.is_valid():
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
        {"campaign": campaign, "form": form},
        status=200,
    )


@login_required
@require_POST
def phase_add(request, campaign_id):
    campaign = _editable(request, campaign_id)
    return _schedule_change(
        request,
        campaign,
        PhaseForm(request.POST),
        lambda data: services.phase_save(actor=request.user, campaign=campaign, **data),
    )


@login_required
@require_POST
def deadline_add(request, campaign_id):
    campaign = _editable(request, campaign_id)
    return _schedule_change(
        request,
        campaign,
        DeadlineForm(request.POST, campaign=campaign),
        lambda data: services.deadline_save(actor=request.user, **data),
    )


@login_required
@require_POST
def target_add(request, campaign_id):
    campaign = _editable(request, campaign_id)
    return _schedule_change(
        request,
        campaign,
        TargetForm(request.POST, tenant_id=campaign.tenant_id),
        lambda data: services.target_save(actor=request.user, campaign=campaign, **data),
    )


@login_required
@require_POST
def schedule_add(request, campaign_id):
    campaign = _editable(request, campaign_id)
    return _schedule_change(
        request,
        campaign,
        ReportScheduleForm(request.POST, tenant_id=campaign.tenant_id),
        lambda data: services.report_schedule_save(actor=request.user, campaign=campaign, **data),
    )


def _delete(request, model, pk, campaign_of, service, arg):
    obj = get_visible_or_404(model.objects.all(), pk=pk)
    campaign = _editable(request, campaign_of(obj).pk)
    try:
        service(actor=request.user, **{arg: obj})
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("campaign:detail", campaign_id=campaign.pk)


@login_required
@require_POST
def phase_delete(request, phase_id):
    return _delete(request, Phase, phase_id, lambda p: p.campaign, services.phase_delete, "phase")


@login_required
@require_POST
def deadline_delete(request, deadline_id):
    return _delete(
        request,
        Deadline,
        deadline_id,
        lambda d: d.phase.campaign,
        services.deadline_delete,
        "deadline",
    )


@login_required
@require_POST
def target_delete(request, kpitarget_id):
    return _delete(
        request, KpiTarget, kpitarget_id, lambda t: t.campaign, services.target_delete, "target"
    )


@login_required
@require_POST
def campaign_launch(request, campaign_id):
    campaign = _editable(request, campaign_id)
    form = LaunchForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Enter a valid date of issue."))
        return redirect("campaign:detail", campaign_id=campaign.pk)
    try:
        campaign = services.campaign_launch(
            actor=request.user, campaign=campaign, issued_on=form.cleaned_data["issued_on"]
        )
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(
            request, _("Launched as plan number %(number)s.") % {"number": campaign.number}
        )
    return redirect("campaign:detail", campaign_id=campaign.pk)


@login_required
@require_POST
def campaign_cancel(request, campaign_id):
    campaign = _editable(request, campaign_id)
    try:
        services.campaign_cancel(actor=request.user, campaign=campaign)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("campaign:detail", campaign_id=campaign.pk)


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
    job = latest_job(PLAN_BUILDER, campaign.pk) if campaign.is_launched else None
    if job is not None and job.status == RenderJob.Status.DONE:
        return job_file_response(job)
    document = render_plan(campaign)
    response = HttpResponse(document.pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{plan_filename(campaign)}"'
    return response


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
    )


# --- Reminders and the notification centre ---


@login_required
def reminder_settings(request):
    """The tenant administrator's page: when and how units are reminded, and every e-mail
    that could not be delivered, with a button to send it again."""
    if request.tenant is None or not is_tenant_admin(request.user, request.tenant.pk):
        raise PermissionDenied
    config = reminders.reminder_settings_for(request.tenant.pk)
    initial = {
        "offsets": ", ".join(str(n) for n in config.offsets),
        "by_email": config.by_email,
        "in_app": config.in_app,
        "overdue_notice": config.overdue_notice,
        "reviewer_digest": config.reviewer_digest,
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
        messages.error(request, " ".join(exc.messages))
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
    if not reminders.can_remind(request.user, deadline):
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


@login_required
def notification_badge(request):
    return render(
        request,
        "campaign/_notification_badge.html",
        {"unread": selectors.unread_count(request.user)},
    )


@login_required
def notification_list(request):
    """The notification centre: the dropdown of the header (htmx) or the whole page."""
    if request.htmx:
        context = {"notifications": selectors.recent_notifications(request.user)}
        return render(request, "campaign/_notification_menu.html", context)
    context = {"notifications": selectors.recent_notifications(request.user, limit=200)}
    return render(request, "campaign/notifications.html", context)


@login_required
@require_POST
def notifications_read(request):
    ids = None if request.POST.get("all") else posted_ids(request.POST.getlist("ids"))
    reminders.notifications_mark_read(user=request.user, ids=ids)
    if request.htmx:
        response = notification_list(request)
        response["HX-Trigger"] = "notifications-changed"
        return response
    return redirect("campaign:notifications")


@login_required
def notification_open(request, notification_id):
    """Follow a notification's link, marking it read."""
    notification = get_visible_or_404(
        Notification.objects.filter(user=request.user), pk=notification_id
    )
    reminders.notifications_mark_read(user=request.user, ids=[notification.pk])
    return redirect(notification.url or "campaign:notifications")
