from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from units.selectors import get_visible_or_404

from . import selectors, services
from .forms import NominationForm
from .models import Nomination


def _acting_unit(request):
    membership = request.membership or None
    return membership.unit if membership else None


def _form(request, unit, nomination=None):
    initial = {}
    if nomination is not None:
        initial = {
            "campaign": nomination.campaign,
            "award_type": nomination.award_type,
            "person": nomination.person,
            "year": nomination.year,
            "rating": nomination.rating,
            "achievements": nomination.achievements,
            "initiatives": list(nomination.initiatives.all()),
        }
    return NominationForm(
        request.POST or None,
        initial=initial,
        campaigns=selectors.nominating_campaigns(unit),
        award_types=selectors.award_types(unit.tenant_id),
        people=selectors.unit_people(unit),
        initiatives=selectors.unit_initiatives(unit),
    )


def _save(request, form, unit, nomination=None):
    try:
        return services.nomination_save(
            actor=request.user, unit=unit, nomination=nomination, **form.cleaned_data
        )
    except ValidationError as exc:
        form.add_error(None, exc)
        return None


@login_required
def nomination_list(request):
    unit = _acting_unit(request)
    context = {
        "nominations": selectors.visible_nominations(request.user),
        "can_nominate": unit is not None and services.can_nominate(request.user, unit),
    }
    return render(request, "awards/nomination_list.html", context)


@login_required
def nomination_create(request):
    unit = _acting_unit(request)
    if unit is None or not services.can_nominate(request.user, unit):
        raise PermissionDenied
    form = _form(request, unit)
    if request.method == "POST" and form.is_valid():
        nomination = _save(request, form, unit)
        if nomination is not None:
            return redirect("awards:detail", nomination_id=nomination.pk)
    return render(request, "awards/nomination_form.html", {"form": form, "unit": unit})


@login_required
def nomination_detail(request, nomination_id):
    """The nomination with its eligibility and every reason; its draft is edited here."""
    nomination = get_visible_or_404(selectors.visible_nominations(request.user), pk=nomination_id)
    editable = nomination.status == Nomination.Status.DRAFT and services.can_nominate(
        request.user, nomination.unit
    )
    form = _form(request, nomination.unit, nomination) if editable else None
    if request.method == "POST":
        if not editable:
            raise PermissionDenied
        if form.is_valid() and _save(request, form, nomination.unit, nomination):
            messages.success(request, _("Saved."))
            return redirect("awards:detail", nomination_id=nomination.pk)
    context = {
        "nomination": nomination,
        "reasons": services.eligibility_reasons(nomination),
        "form": form,
        "editable": editable,
    }
    return render(request, "awards/nomination_detail.html", context)


@login_required
@require_POST
def nomination_submit(request, nomination_id):
    nomination = get_visible_or_404(selectors.visible_nominations(request.user), pk=nomination_id)
    try:
        services.nomination_submit(actor=request.user, nomination=nomination)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The nomination was sent to the council."))
    return redirect("awards:detail", nomination_id=nomination.pk)
