from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.html import format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from campaign.models import ReportPeriod, ReportSchedule
from campaign.selectors import visible_campaigns
from core.files import download_response
from core.forms import posted_ids
from core.http import (
    acting_unit,
    docx_filename,
    docx_response,
    flash_error,
    pdf_response,
    xlsx_response,
)
from initiatives.models import Initiative
from units.selectors import get_visible_or_404, unit_ancestors, visible_units

from . import rules, selectors, services
from .charts import LATE_COLOUR, dashboard_charts
from .documents import render_report, render_report_docx, render_rollup, render_rollup_docx
from .exports import rollup_workbook
from .forms import ApiKeyForm, DashboardForm, PeriodicReportForm, ReopenForm
from .models import (
    ApiToken,
    PeriodicReport,
    ReportAttachment,
    figure_value,
)


@login_required
def report_list(request):
    """The periodic reports the acting unit's plans ask of it, latest first."""
    unit = acting_unit(request)
    today = timezone.localdate()
    items = selectors.reports_for_unit(unit, today) if unit is not None else []
    for item in items:
        item.can_edit = item.report is not None and rules.can_edit(request.user, item.report)
    context = {
        "unit": unit,
        "items": items,
        "can_file": unit is not None and rules.can_file(request.user, unit),
        "today": today,
    }
    return render(request, "reports/report_list.html", context)


@login_required
@require_POST
def report_open(request, reportschedule_id):
    campaigns = visible_campaigns(request.user)
    schedule = get_visible_or_404(
        ReportSchedule.objects.select_related("campaign").filter(campaign__in=campaigns),
        pk=reportschedule_id,
    )
    unit = acting_unit(request)
    year, period = request.POST.get("year", ""), request.POST.get("period", "")
    if unit is None or not posted_ids([year]) or period not in ReportPeriod.values:
        messages.error(request, _("Choose a report period from the list."))
        return redirect("reports:list")
    try:
        report = services.report_open(
            actor=request.user, schedule=schedule, year=int(year), period=period, unit=unit
        )
    except ValidationError as exc:
        flash_error(request, exc)
        return redirect("reports:list")
    return redirect("reports:detail", periodicreport_id=report.pk)


def _report(request, periodicreport_id) -> PeriodicReport:
    return get_visible_or_404(selectors.visible_reports(request.user), pk=periodicreport_id)


@login_required
def report_detail(request, periodicreport_id):
    """The unit edits its draft here (save, or save and send); everyone else who may see
    the report reads it, and the receiving unit's reviewer can reopen it."""
    report = _report(request, periodicreport_id)
    rows = list(report.figures.select_related("target__indicator").order_by("target_id"))
    can_edit = rules.can_edit(request.user, report)
    form = PeriodicReportForm(
        request.POST if request.method == "POST" else None, report=report, rows=rows
    )
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied
        if form.is_valid():
            try:
                services.report_save(
                    actor=request.user,
                    report=report,
                    figures=form.figures(),
                    narratives=form.narratives(),
                )
                if "submit" in request.POST:
                    services.report_submit(actor=request.user, report=report)
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(
                    request,
                    _("The report was sent.") if "submit" in request.POST else _("Draft saved."),
                )
                return redirect("reports:detail", periodicreport_id=report.pk)
    for row in rows:
        row.value = figure_value(row.target.indicator.measure, row.numerator, row.denominator)
        row.meets = None if row.value is None else row.target.is_met_by(row.value)
    context = {
        "report": report,
        "rows": rows,
        "form": form,
        "can_edit": can_edit,
        "can_reopen": rules.can_reopen(request.user, report),
        "reopen_form": ReopenForm(),
        "title": services.period_title(report.year, report.period),
        "due": services.occurrence_due(report.schedule, report.year, report.period),
        "narratives": [(label, report.narratives.get(area, "")) for area, label in _areas()],
        "attachments": list(report.attachments.all()),
    }
    return render(request, "reports/report_detail.html", context)


def _areas():
    from initiatives.models import CchcArea

    return CchcArea.choices


@login_required
@require_POST
def report_reopen(request, periodicreport_id):
    report = _report(request, periodicreport_id)
    form = ReopenForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Say what needs correcting."))
    else:
        try:
            services.report_reopen(
                actor=request.user, report=report, reason=form.cleaned_data["reason"]
            )
        except ValidationError as exc:
            flash_error(request, exc)
        else:
            messages.success(request, _("The report was sent back to the unit."))
    return redirect("reports:detail", periodicreport_id=report.pk)


# --- Dashboard ---


def _dashboard_choices(request):
    """(schedules, schedule, occurrences, year, period, node) of the query string, with the
    selector's defaults for anything missing or wrong."""
    if not rules.can_view_dashboard(request.user):
        raise PermissionDenied
    form = DashboardForm(request.GET)
    data = form.cleaned_data if form.is_valid() else {}
    return selectors.dashboard_choices(
        request.user,
        acting_unit(request),
        schedule_id=data.get("schedule"),
        year=data.get("year"),
        period=data.get("period"),
        unit_id=data.get("unit"),
        today=timezone.localdate(),
    )


_EMPTY_CELL = mark_safe('<span class="text-muted small">—</span>')  # noqa: S308 - a constant


def _row_cells(row) -> str:
    """A unit's cells of the table by unit, as one piece of markup: through the template's
    tags, a Phòng's 700 cells were a third of its dashboard."""
    return format_html_join(
        "",
        '<td class="text-end {}">{}</td>',
        (
            ("table-danger" if a.meets is False else "", a.shown or _EMPTY_CELL)
            for a in row.attainments
        ),
    )


def _trend_rows(targets, trend) -> list[tuple[str, list[str]]]:
    """The trend table: (target, the value shown for each period, "" when none)."""
    found = []
    for target in targets:
        cells = []
        for _label, attainments in trend:
            shown = next((a.shown for a in attainments if a.target.pk == target.pk), None)
            if shown is not None:
                cells.append(shown)
        found.append((target.indicator.name, cells))
    return found


@login_required
def dashboard(request):
    schedules, schedule, occurrences, year, period, node = _dashboard_choices(request)
    context = {"schedules": schedules, "schedule": schedule, "node": node}
    if schedule is None or year is None or node is None:
        return render(request, "reports/dashboard.html", context)
    today = timezone.localdate()
    figures = selectors.subtree_figures(schedule, node, year, period)
    result = selectors.rollup(schedule, year, period, node, figures)
    trend = [
        (services.period_title(y, p), attainments)
        for y, p, attainments in selectors.trend(schedule, node, figures)
    ]
    for row in result.rows:
        row.cells = _row_cells(row)
    by_area = selectors.initiatives_by_area(schedule.campaign, node)
    statuses = [(v, label) for v, label in Initiative.Status.choices if v != "draft"]
    ancestors = unit_ancestors(node)
    in_scope = set(
        visible_units(request.user)
        .filter(pk__in=[u.pk for u in ancestors])
        .values_list("pk", flat=True)
    )
    context.update(
        {
            "result": result,
            "year": year,
            "period": period,
            "title": services.period_title(year, period),
            "occurrences": [(y, p, services.period_title(y, p), due) for y, p, due in occurrences],
            "trend": trend,
            "trend_rows": _trend_rows(result.targets, trend),
            "progress": selectors.submission_progress(schedule.campaign, node, today),
            "by_area": by_area,
            "statuses": statuses,
            "late_colour": LATE_COLOUR,
            "charts": dashboard_charts(result, trend, by_area, statuses),
            "breadcrumbs": [u for u in ancestors if u.pk in in_scope],
        }
    )
    return render(request, "reports/dashboard.html", context)


@login_required
def dashboard_excel(request):
    _schedules, schedule, _occurrences, year, period, node = _dashboard_choices(request)
    if schedule is None or year is None or node is None:
        messages.error(request, _("There is no report to export yet."))
        return redirect("reports:dashboard")
    result = selectors.rollup(schedule, year, period, node)
    content = rollup_workbook(result, services.period_title(year, period))
    return xlsx_response(content, f"bao-cao-cchc-{period}-{year}-{node.code}.xlsx")


# --- Attachments ---


@login_required
@require_POST
def attachment_upload(request, periodicreport_id):
    report = _report(request, periodicreport_id)
    upload = request.FILES.get("file")
    if upload is None:
        messages.error(request, _("Choose a file to attach."))
    else:
        try:
            services.attachment_add(actor=request.user, report=report, upload=upload)
        except ValidationError as exc:
            flash_error(request, exc)
        else:
            messages.success(request, _("Attached: %(name)s.") % {"name": upload.name})
    return redirect("reports:detail", periodicreport_id=report.pk)


def _attachment(request, reportattachment_id) -> ReportAttachment:
    return get_visible_or_404(
        ReportAttachment.objects.select_related("report__unit", "report__schedule").filter(
            report__in=selectors.visible_reports(request.user)
        ),
        pk=reportattachment_id,
    )


@login_required
def attachment_download(request, reportattachment_id):
    """Attachments are served here only, after the permission check."""
    attachment = _attachment(request, reportattachment_id)
    return download_response(attachment)


@login_required
@require_POST
def attachment_remove(request, reportattachment_id):
    attachment = _attachment(request, reportattachment_id)
    report_id = attachment.report_id
    try:
        services.attachment_delete(actor=request.user, attachment=attachment)
    except ValidationError as exc:
        flash_error(request, exc)
    return redirect("reports:detail", periodicreport_id=report_id)


# --- Official copies ---


@login_required
def report_pdf(request, periodicreport_id):
    report = _report(request, periodicreport_id)
    return pdf_response(render_report(report).pdf, _report_filename(report))


def _report_filename(report) -> str:
    return f"bao-cao-cchc-{report.period}-{report.year}-{report.unit.code}.pdf"


@login_required
def report_docx(request, periodicreport_id):
    report = _report(request, periodicreport_id)
    return docx_response(render_report_docx(report), docx_filename(_report_filename(report)))


def _rollup(request):
    """The dashboard's consolidated result for the chosen period and its file name, or
    None when there is nothing to export yet."""
    _schedules, schedule, _occurrences, year, period, node = _dashboard_choices(request)
    if schedule is None or year is None or node is None:
        return None, ""
    name = f"bao-cao-cchc-tong-hop-{period}-{year}-{node.code}.pdf"
    return selectors.rollup(schedule, year, period, node), name


@login_required
def dashboard_pdf(request):
    """The consolidated report of the dashboard's unit, for the chosen period."""
    result, name = _rollup(request)
    if result is None:
        messages.error(request, _("There is no report to export yet."))
        return redirect("reports:dashboard")
    return pdf_response(render_rollup(result).pdf, name)


@login_required
def dashboard_docx(request):
    result, name = _rollup(request)
    if result is None:
        messages.error(request, _("There is no report to export yet."))
        return redirect("reports:dashboard")
    return docx_response(render_rollup_docx(result), docx_filename(name))


# --- API keys ---


def _require_tenant_admin(request):
    if request.tenant is None or not rules.can_manage_api_keys(request.user, request.tenant.pk):
        raise PermissionDenied


@login_required
def api_keys(request):
    """The tenant administrator's keys for upper-level reporting systems: issue one for a
    unit (the key is shown once), see when each was last used, revoke."""
    _require_tenant_admin(request)
    units = visible_units(request.user).order_by("path")
    form = ApiKeyForm(request.POST or None, units=units)
    new_key = None
    if request.method == "POST" and form.is_valid():
        try:
            _token, new_key = services.api_token_create(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            form = ApiKeyForm(units=units)
    context = {
        "form": form,
        "new_key": new_key,
        "tokens": ApiToken.objects.filter(tenant=request.tenant).select_related("unit"),
    }
    return render(request, "reports/api_keys.html", context)


@login_required
@require_POST
def api_key_revoke(request, apitoken_id):
    token = get_visible_or_404(
        ApiToken.objects.filter(tenant_id=request.user.tenant_id), pk=apitoken_id
    )
    services.api_token_revoke(actor=request.user, token=token)
    messages.success(request, _("The key was revoked; the system using it can no longer read."))
    return redirect("reports:api_keys")
