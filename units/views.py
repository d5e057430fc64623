from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.dateparse import parse_datetime
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_otp import login as otp_login

from core.forms import add_service_errors
from core.http import error_text, flash_error, xlsx_response
from core.imports import workbook_import
from core.text import fold

from . import rules, selectors, services
from .forms import (
    PersonDeactivateForm,
    PersonForm,
    PersonMoveForm,
    UnitDissolveForm,
    UnitMergeForm,
    UnitMoveForm,
)
from .middleware import ACTING_MEMBERSHIP_SESSION_KEY
from .models import CitizenIdView
from .permissions import is_tenant_admin
from .resources import STAFF_SHEET, UNITS_SHEET, USERS_SHEET
from .workbook import unit_tree_template

IMPORT_SESSION_KEY = "unit_tree_import_file"
AUDIT_PAGE = 50
STAFF_PAGE = 50
PERSON_HISTORY = 20
CITIZEN_ID_VIEWS_PAGE = 50


def _require_tenant_admin(request):
    if not is_tenant_admin(request.user):
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
    """The unit, the units below and its staff in pages (a constant number of queries)."""
    unit = selectors.get_visible_or_404(selectors.visible_units(request.user), pk=unit_id)
    with_inactive = request.GET.get("former") == "1"
    staff = Paginator(selectors.unit_staff(unit, with_inactive=with_inactive), STAFF_PAGE)
    people = staff.get_page(request.GET.get("page"))
    show_citizen_id = is_tenant_admin(request.user, unit.tenant_id)
    if show_citizen_id:
        people.object_list = list(people.object_list)  # read once: logged, then listed
        services.citizen_id_views_record(
            viewer=request.user, people=people.object_list, place=CitizenIdView.Place.STAFF_LIST
        )
    context = {
        "unit": unit,
        "ancestors": selectors.unit_ancestors(unit),
        "children": selectors.unit_children_with_counts(unit),
        "people": people,
        "with_inactive": with_inactive,
        "changes": selectors.unit_changes(unit),
        "can_restructure": is_tenant_admin(request.user),
        "can_manage_staff": rules.can_manage_staff(request.user, unit),
        "can_add_staff": rules.can_add_staff(request.user, unit),
        "show_citizen_id": show_citizen_id,
    }
    return render(request, "units/unit_detail.html", context)


def _person_or_404(request, person_id):
    return selectors.get_visible_or_404(selectors.visible_people(request.user), pk=person_id)


@login_required
def person_detail(request, person_id):
    """The person, their state and account, what may be done, and the history of changes
    (moves and departures with their notes) for those who manage them."""
    person = _person_or_404(request, person_id)
    can_edit = rules.can_edit_person(request.user, person)
    history = []
    if can_edit:
        history = person.history.select_related("unit", "history_user").order_by("-history_date")[
            :PERSON_HISTORY
        ]
    show_citizen_id = rules.can_view_personal_data(request.user, person)
    if show_citizen_id:
        services.citizen_id_views_record(
            viewer=request.user, people=[person], place=CitizenIdView.Place.PERSON_PAGE
        )
    context = {
        "person": person,
        "show_citizen_id": show_citizen_id,
        "can_read_citizen_id_views": rules.can_read_citizen_id_views(
            request.user, person.tenant_id
        ),
        "can_edit": can_edit,
        "can_move": rules.can_move_person(request.user, person),
        "can_record_conduct": rules.can_record_conduct(request.user, person),
        "history": history,
    }
    return render(request, "units/person_detail.html", context)


def _person_form(request, *, unit, person=None):
    admin = is_tenant_admin(request.user, unit.tenant_id)
    return PersonForm(
        request.POST or None,
        person=person,
        tenant_id=unit.tenant_id,
        full_id=admin,
        accounts=rules.can_link_account(request.user, unit),
    )


@login_required
def person_create(request, unit_id):
    unit = selectors.get_visible_or_404(selectors.visible_units(request.user), pk=unit_id)
    if not rules.can_add_staff(request.user, unit):
        raise PermissionDenied
    form = _person_form(request, unit=unit)
    if request.method == "POST" and form.is_valid():
        try:
            person = services.person_create(actor=request.user, unit=unit, **form.changes())
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Added to the staff: %(name)s.") % {"name": person})
            return redirect("units:detail", unit_id=unit.pk)
    context = {"form": form, "unit": unit, "title": _("Add a staff member")}
    return render(request, "units/person_form.html", context)


@login_required
def person_edit(request, person_id):
    person = _person_or_404(request, person_id)
    if not rules.can_edit_person(request.user, person):
        raise PermissionDenied
    form = _person_form(request, unit=person.unit, person=person)
    if not form.is_bound and form.initial.get("citizen_id"):  # the full number, to edit
        services.citizen_id_views_record(
            viewer=request.user, people=[person], place=CitizenIdView.Place.PERSON_FORM
        )
    if request.method == "POST" and form.is_valid():
        try:
            services.person_update(actor=request.user, person=person, **form.changes())
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Saved: %(name)s.") % {"name": person})
            return redirect("units:person_detail", person_id=person.pk)
    context = {"form": form, "unit": person.unit, "person": person, "title": _("Edit")}
    return render(request, "units/person_form.html", context)


@login_required
def person_move(request, person_id):
    """Choose the unit, then confirm on a second step that says what moves."""
    person = _person_or_404(request, person_id)
    if not rules.can_move_person(request.user, person):
        raise PermissionDenied
    form = PersonMoveForm(request.POST or None, person=person)
    confirming = False
    if request.method == "POST" and form.is_valid():
        if request.POST.get("confirmed") == "1":
            try:
                services.person_move(actor=request.user, person=person, **form.cleaned_data)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(
                    request,
                    _("%(name)s now belongs to %(unit)s.")
                    % {"name": person.full_name, "unit": form.cleaned_data["unit"].name},
                )
                return redirect("units:person_detail", person_id=person.pk)
        else:
            confirming = True
    context = {"form": form, "person": person, "confirming": confirming}
    return render(request, "units/person_move.html", context)


@login_required
def person_deactivate(request, person_id):
    """A confirmation page that says what follows; the POST marks the person as left."""
    person = _person_or_404(request, person_id)
    if not rules.can_edit_person(request.user, person):
        raise PermissionDenied
    form = PersonDeactivateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.person_deactivate(actor=request.user, person=person, **form.cleaned_data)
        except ValidationError as exc:
            flash_error(request, exc)
        else:
            messages.success(
                request, _("%(name)s is marked as no longer in service.") % {"name": person}
            )
        return redirect("units:person_detail", person_id=person.pk)
    return render(request, "units/person_deactivate.html", {"form": form, "person": person})


@login_required
@require_POST
def person_reactivate(request, person_id):
    person = _person_or_404(request, person_id)
    if not rules.can_edit_person(request.user, person):
        raise PermissionDenied
    try:
        services.person_reactivate(actor=request.user, person=person)
    except ValidationError as exc:
        flash_error(request, exc)
    else:
        messages.success(request, _("%(name)s is in service again.") % {"name": person})
    return redirect("units:person_detail", person_id=person.pk)


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
            _("Imported %(units)d new units, %(users)d users and %(people)d staff members.")
            % {
                "units": report.count(UNITS_SHEET, "new"),
                "users": report.count(USERS_SHEET, "new"),
                "people": report.count(STAFF_SHEET, "new"),
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
    return xlsx_response(unit_tree_template(), "mau-nhap-don-vi.xlsx")


@login_required
def audit_log(request):
    """The tenant administrator's trail of every change to the tenant's data: who, when,
    what, and each field's old and new value."""
    _require_tenant_admin(request)
    models = {m.instance_type._meta.label_lower: m for m in selectors.audited_models()}
    chosen = request.GET.get("model", "")
    if chosen not in models:
        chosen = ""
    try:
        before = parse_datetime(request.GET.get("before", "") or "") or None
    except ValueError:  # a tampered address: start from the newest
        before = None
    entries, cursor = selectors.audit_trail(
        request.user.tenant_id, before=before, model_label=chosen, limit=AUDIT_PAGE
    )
    context = {
        "entries": entries,
        "models": sorted(
            ((label, m.instance_type._meta.verbose_name) for label, m in models.items()),
            key=lambda pair: str(pair[1]),
        ),
        "chosen": chosen,
        "is_first_page": before is None,
        "next_before": cursor.isoformat() if cursor else "",
    }
    return render(request, "units/audit_log.html", context)


@login_required
def citizen_id_views(request):
    """The tenant administrator's log of full personal identification numbers shown: who saw
    whose, when and where; newest first, by person and by user, in pages."""
    if not rules.can_read_citizen_id_views(request.user):
        raise PermissionDenied
    tenant_id = request.user.tenant_id
    person_id = _id_param(request, "person")
    viewer_id = _id_param(request, "viewer")
    views = selectors.citizen_id_views(tenant_id, person_id=person_id, viewer_id=viewer_id)
    page = Paginator(views, CITIZEN_ID_VIEWS_PAGE).get_page(request.GET.get("page"))
    person = None
    if person_id is not None:
        person = selectors.visible_people(request.user).filter(pk=person_id).first()
    context = {
        "views": page,
        "viewers": selectors.citizen_id_viewers(tenant_id),
        "person": person,
        "person_id": person_id or "",
        "viewer_id": viewer_id or "",
    }
    return render(request, "units/citizen_id_views.html", context)


def _id_param(request, name: str) -> int | None:
    """A positive id from the query string; anything else (empty, tampered) is no filter."""
    value = request.GET.get(name, "")
    return int(value) if value.isdigit() and 0 < int(value) < 2**31 else None


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
            flash_error(request, exc)
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
            error = error_text(exc)
        else:
            otp_login(request, device)
            return redirect(next_url or "home")
    context = {"next": next_url, "error": error}
    return render(request, "registration/two_factor_verify.html", context)
