"""The pages of a plan read from a file: the upload (on "Tạo kế hoạch"), the review, and the
confirmation that saves it. The read plan waits in the session; nothing is written before
the confirmation."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from campaign import rules
from campaign.models import Campaign, ExternalPlan, KpiIndicator
from campaign.views import create_page  # "Tạo kế hoạch", shown again after a bad file
from core.http import acting_unit

from . import review, services
from .extract import extract_plan
from .forms import UploadForm
from .readers import PlanFileError, read_paragraphs


def _unit_for(request, mode: str):
    """The acting unit, if the user may save this kind of import there."""
    unit = acting_unit(request)
    if unit is None:
        raise PermissionDenied
    if mode == UploadForm.UPPER:
        allowed = rules.can_manage_external_plans(request.user, unit.tenant_id)
    else:
        allowed = rules.can_issue_at(request.user, unit)
    if not allowed:
        raise PermissionDenied
    return unit


@login_required
@require_POST
def upload(request):
    unit = acting_unit(request)
    if unit is None or not rules.can_issue_at(request.user, unit):
        raise PermissionDenied
    form = UploadForm(
        request.POST,
        request.FILES,
        can_record_upper=rules.can_manage_external_plans(request.user, unit.tenant_id),
    )
    if form.is_valid():
        file = form.cleaned_data["file"]
        try:
            lines = read_paragraphs(file, name=file.name)
        except PlanFileError as exc:
            form.add_error("file", exc)
        else:
            plan = extract_plan(lines, _catalogue(unit.tenant_id))
            review.store_import(
                request,
                plan={k: v for k, v in plan.as_dict().items() if k != "lines"},
                mode=form.cleaned_data["mode"],
                unit=unit,
                filename=file.name,
            )
            return redirect("campaign:import_review")
    return create_page(request, unit, upload_form=form, status=400)


def _catalogue(tenant_id: int):
    return list(KpiIndicator.objects.filter(tenant_id=tenant_id).values_list("code", "name"))


def _error_messages(exc: ValidationError, model) -> list[str]:
    """A service's refusal as lines for the top of the review page, each field's message
    with the field's name (a model's "This field cannot be blank.")."""
    if not hasattr(exc, "error_dict"):
        return list(exc.messages)
    labels = {f.name: f.verbose_name for f in model._meta.fields}
    lines = []
    for name, errors in exc.message_dict.items():
        label = labels.get(name)
        for message in errors:
            lines.append(f"{str(label).capitalize()}: {message}" if label else message)
    return lines


@login_required
def review_page(request):
    # A confirmation carries the token of the import it reviewed: a newer upload (another
    # tab) is never saved with the older page's values.
    token = request.POST.get("token", "") if request.method == "POST" else None
    stored = review.stored_import(request, acting_unit(request), token=token)
    if stored is None:
        messages.error(
            request,
            _(
                "This import is no longer open (another file was read since, or you act for "
                "another unit now). Upload the file again."
            ),
        )
        return redirect("campaign:create")
    unit = _unit_for(request, stored["mode"])
    data = request.POST if request.method == "POST" else None
    page = review.build_review(stored, unit, data)
    save_errors: list[str] = []
    if request.method == "POST" and page.is_valid():
        try:
            if stored["mode"] == UploadForm.UPPER:
                plan = services.upper_plan_from_import(
                    actor=request.user, unit=unit, reviewed_data=page.reviewed_data()
                )
            else:
                campaign = services.plan_from_import(
                    actor=request.user, unit=unit, reviewed_data=page.reviewed_data()
                )
        except ValidationError as exc:
            upper = stored["mode"] == UploadForm.UPPER
            save_errors = _error_messages(exc, ExternalPlan if upper else Campaign)
        else:
            review.forget_import(request)
            if stored["mode"] == UploadForm.UPPER:
                messages.success(
                    request,
                    _(
                        "The upper-level plan %(number)s was recorded. Your plan can now be "
                        "based on it."
                    )
                    % {"number": plan.number},
                )
                return redirect(f"{reverse('campaign:create')}?based_on_external={plan.pk}")
            messages.success(
                request,
                _("The draft plan was created from the file. Check it, then launch it."),
            )
            return redirect("campaign:detail", campaign_id=campaign.pk)
    context = {
        "review": page,
        "stored": stored,
        "unit": unit,
        "upper": stored["mode"] == UploadForm.UPPER,
        "save_errors": save_errors,
        "form_errors": request.method == "POST" and not save_errors and page.error_count(),
    }
    status = 400 if request.method == "POST" else 200
    return render(request, "campaign/import_review.html", context, status=status)
