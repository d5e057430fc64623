import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import default_storage
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.dateparse import parse_datetime
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_otp import login as otp_login

from . import selectors, services
from .forms import UnitDissolveForm, UnitMergeForm, UnitMoveForm, UnitTreeImportForm
from .middleware import ACTING_MEMBERSHIP_SESSION_KEY
from .resources import UNITS_SHEET, USERS_SHEET
from .text import fold
from .workbook import unit_tree_template

IMPORT_SESSION_KEY = "unit_tree_import_file"
AUDIT_PAGE = 50


def _require_tenant_admin(request):
    if not selectors.is_tenant_admin(request.user):
        raise PermissionDenied


def home_context(request) -> dict:
    """The unit part of the home page: where the user acts and what lies below. The page
    itself is campaign.views.home, which adds what the unit owes."""
    membership = request.membership or None
    context = {"children": [], "ancestors": []}
    if membership:
        unit = membership.unit
        context["ancestors"] = selectors.unit_ancestors(unit)
        if membership.covers_subtree:
            context["children"] = selectors.unit_children_with_counts(unit)
            context["subtree_size"] = selectors.units_below(unit).count()
    return context


@login_required
@require_POST
def membership_switch(request):
    wanted = request.POST.get("membership")
    for membership in selectors.user_memberships(request.user):
        if str(membership.pk) == wanted:
            request.session[ACTING_MEMBERSHIP_SESSION_KEY] = membership.pk
            break
    return redirect("home")


@login_required
def unit_list(request):
    units = selectors.visible_units(request.user)
    query = request.GET.get("q", "").strip()
    if query:
        units = units.filter(search_name__contains=fold(query))
    return render(request, "units/unit_list.html", {"units": units, "query": query})


@login_required
def unit_detail(request, unit_id):
    unit = selectors.get_visible_or_404(selectors.visible_units(request.user), pk=unit_id)
    context = {
        "unit": unit,
        "ancestors": selectors.unit_ancestors(unit),
        "children": selectors.unit_children_with_counts(unit),
        "people": unit.people.order_by("full_name"),
        "changes": selectors.unit_changes(unit),
        "can_restructure": selectors.is_tenant_admin(request.user),
    }
    return render(request, "units/unit_detail.html", context)


@login_required
def person_detail(request, person_id):
    person = selectors.get_visible_or_404(selectors.visible_people(request.user), pk=person_id)
    context = {
        "person": person,
        "show_citizen_id": selectors.can_view_personal_data(request.user, person),
    }
    return render(request, "units/person_detail.html", context)


def _restructure(request, unit_id, form_class, service, title):
    """One page per restructuring service; each form's fields are the service's arguments."""
    unit = selectors.get_visible_or_404(selectors.visible_units(request.user), pk=unit_id)
    _require_tenant_admin(request)
    form = form_class(request.POST or None, unit=unit)
    if request.method == "POST" and form.is_valid():
        try:
            service(actor=request.user, unit=unit, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Saved: %(unit)s.") % {"unit": unit})
            return redirect("units:detail", unit_id=unit.pk)
    return render(request, "units/restructure.html", {"unit": unit, "form": form, "title": title})


@login_required
def unit_move(request, unit_id):
    return _restructure(request, unit_id, UnitMoveForm, services.unit_move, _("Move unit"))


@login_required
def unit_dissolve(request, unit_id):
    return _restructure(
        request, unit_id, UnitDissolveForm, services.unit_dissolve, _("Dissolve unit")
    )


@login_required
def unit_merge(request, unit_id):
    return _restructure(request, unit_id, UnitMergeForm, services.unit_merge, _("Merge unit"))


def workbook_import(request, *, run, session_key, template, context, on_written):
    """Upload → dry-run preview with every bad row → confirm. The uploaded file waits in the
    storage between the two steps, named in the session so no one else can confirm it.
    `run(file, dry_run)` returns an ImportReport; `on_written(report)` the response after a
    real import."""
    form = UnitTreeImportForm()
    report = None
    if request.method == "POST" and request.POST.get("step") == "confirm":
        name = request.session.get(session_key)
        if not name or not default_storage.exists(name):
            messages.error(request, _("The uploaded file has expired; please upload it again."))
            return redirect(request.path)
        with default_storage.open(name, "rb") as file:
            report = run(file, False)
        if report.written:
            default_storage.delete(name)
            del request.session[session_key]
            return on_written(report)
    elif request.method == "POST":
        form = UnitTreeImportForm(request.POST, request.FILES)
        if form.is_valid():
            name = default_storage.save(
                f"imports/{uuid.uuid4().hex}.xlsx", form.cleaned_data["file"]
            )
            request.session[session_key] = name
            with default_storage.open(name, "rb") as file:
                report = run(file, True)
    return render(request, template, {**context, "form": form, "report": report})


@login_required
def unit_tree_import(request):
    _require_tenant_admin(request)

    def run(file, dry_run):
        return services.unit_tree_import(
            actor=request.user, tenant=request.tenant, file=file, dry_run=dry_run
        )

    def on_written(report):
        messages.success(
            request,
            _("Imported %(units)d new units and %(users)d users.")
            % {
                "units": report.count(UNITS_SHEET, "new"),
                "users": report.count(USERS_SHEET, "new"),
            },
        )
        return redirect("units:list")

    return workbook_import(
        request,
        run=run,
        session_key=IMPORT_SESSION_KEY,
        template="units/import.html",
        context={},
        on_written=on_written,
    )


@login_required
def unit_tree_import_template(request):
    _require_tenant_admin(request)
    response = HttpResponse(
        unit_tree_template(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = 'attachment; filename="mau-nhap-don-vi.xlsx"'
    return response


@login_required
def audit_log(request):
    """The tenant administrator's trail of every change to the tenant's data: who, when,
    what, and each field's old and new value."""
    _require_tenant_admin(request)
    models = {m.instance_type._meta.label_lower: m for m in selectors.audited_models()}
    chosen = request.GET.get("model", "")
    if chosen not in models:
        chosen = ""
    before = parse_datetime(request.GET.get("before", "") or "") or None
    entries = selectors.audit_trail(
        request.user.tenant_id, before=before, model_label=chosen, limit=AUDIT_PAGE
    )
    context = {
        "entries": entries,
        "models": sorted(
            ((label, m.instance_type._meta.verbose_name) for label, m in models.items()),
            key=lambda pair: str(pair[1]),
        ),
        "chosen": chosen,
        "next_before": entries[-1].when.isoformat() if len(entries) == AUDIT_PAGE else "",
    }
    return render(request, "units/audit_log.html", context)


@login_required
def two_factor(request):
    """Turn the second factor on (scan the QR code, confirm with a code) or off."""
    from . import two_factor as factor

    if not factor.may_use(request.user):
        raise PermissionDenied
    is_on = factor.is_on(request.user)
    if request.method == "POST":
        token = request.POST.get("token", "")
        try:
            if is_on:
                factor.turn_off(user=request.user, token=token)
                request.session[factor.SESSION_KEY] = False
                messages.success(request, _("The second factor is turned off."))
            else:
                device = factor.turn_on(user=request.user, token=token)
                otp_login(request, device)
                request.session[factor.SESSION_KEY] = True
                messages.success(request, _("The second factor is on: each login asks for a code."))
            return redirect("two_factor")
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
    context = {"is_on": is_on}
    if not is_on:
        device = factor.pending_device(request.user)
        context.update(qr=factor.qr_data_uri(device), secret=factor.secret_of(device))
    return render(request, "registration/two_factor.html", context)


@login_required
def two_factor_verify(request):
    """The code after the password, for a user who turned the second factor on."""
    from . import two_factor as factor

    next_url = request.GET.get("next") or request.POST.get("next") or ""
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
        next_url = ""
    error = ""
    if request.method == "POST":
        try:
            device = factor.verify(user=request.user, token=request.POST.get("token", ""))
        except ValidationError as exc:
            error = " ".join(exc.messages)
        else:
            otp_login(request, device)
            return redirect(next_url or "home")
    context = {"next": next_url, "error": error}
    return render(request, "registration/two_factor_verify.html", context)
