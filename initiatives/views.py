from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from campaign.models import Deadline
from campaign.rules import can_remind
from campaign.selectors import visible_campaigns
from core.files import download_response
from core.forms import posted_ids
from core.http import (
    acting_unit,
    docx_filename,
    docx_response,
    error_text,
    flash_error,
    pdf_response,
    xlsx_response,
)
from core.imports import workbook_import
from documents.services import render_job_start
from units.models import Role
from units.permissions import has_role
from units.selectors import get_visible_or_404

from . import rules, selectors, services
from .documents import (
    CONSOLIDATION_BUILDER,
    EVIDENCE_ZIP_BUILDER,
    consolidation_filename,
    render_consolidation,
    render_consolidation_docx,
    render_registration,
    render_result,
)
from .exports import consolidation_items, consolidation_workbook
from .forms import (
    BulkDecisionForm,
    DecisionForm,
    EvidenceForm,
    InitiativeForm,
    ResultReportForm,
)
from .models import Evidence, Initiative, ResultReport
from .resources import COLUMNS, SHEET

UNITS_PER_PAGE = 100
# Above this many items the list's PDF is rendered in the background.
LIST_PDF_INLINE_MAX = 200
ITEMS_PER_PAGE = 50
LIST_ITEMS_PER_PAGE = 100
# The initiative list: the most recently changed first, in pages.
LIST_PAGE = 50
# The consolidation screen: accepted items per page, and the units that sent nothing listed
# by name (the others counted).
CANDIDATES_PER_PAGE = 100
SILENT_UNITS_SHOWN = 100


def _initiative(request, initiative_id, *, with_history: bool = False) -> Initiative:
    try:
        return selectors.initiative_detail(request.user, initiative_id, with_history=with_history)
    except Initiative.DoesNotExist as exc:
        raise Http404 from exc


def _initiative_to_edit(request, initiative_id, related=()) -> Initiative:
    try:
        return selectors.initiative_to_edit(request.user, initiative_id, related=related)
    except Initiative.DoesNotExist as exc:
        raise Http404 from exc


def _deadline(request, deadline_id) -> Deadline:
    """A deadline of a campaign the user can see, else 404."""
    campaigns = visible_campaigns(request.user)
    return get_visible_or_404(
        Deadline.objects.select_related("phase__campaign__issuing_unit", "receiving_unit").filter(
            phase__campaign__in=campaigns
        ),
        pk=deadline_id,
    )


@login_required
def initiative_list(request):
    initiatives = selectors.visible_initiatives(request.user).order_by("-updated_at")
    query = request.GET.get("q", "").strip()
    status = request.GET.get("status", "")
    # The current plans unless the user picks a year or every year: a list of this year's
    # work does not read the items of years past.
    year = request.GET.get("year", "")
    plans = selectors.plan_years(request.user, timezone.localdate())
    initiatives = selectors.in_plans(initiatives, plans, year)
    if query:
        initiatives = selectors.search(initiatives, query)
    if status in Initiative.Status.values:
        initiatives = initiatives.filter(status=status)
    page = posted_ids([request.GET.get("page", "")])
    page = min(page[0], 10_000) if page and page[0] > 0 else 1
    items, has_next = selectors.listed_page(initiatives, page, LIST_PAGE)
    context = {
        "initiatives": items,
        "page": page,
        "has_next": has_next,
        "query": query,
        "status": status,
        "statuses": Initiative.Status.choices,
        "year": plans.chosen(year),
        "years": plans.years,
        "all_years": selectors.ALL_YEARS,
    }
    return render(request, "initiatives/initiative_list.html", context)


@login_required
@require_POST
def initiative_create(request, deadline_id):
    deadline = _deadline(request, deadline_id)
    unit = acting_unit(request)
    if unit is None:
        raise PermissionDenied
    # Back, then the register button again: the untouched draft made the first time opens,
    # rather than a second empty one.
    earlier = Initiative.objects.filter(
        deadline=deadline,
        unit=unit,
        created_by=request.user,
        status=Initiative.Status.DRAFT,
        name="",
    ).first()
    if earlier is not None:
        messages.info(
            request, _("Already created: this form was saved before, so nothing new was made.")
        )
        return redirect("initiatives:edit", initiative_id=earlier.pk)
    try:
        initiative = services.initiative_create(actor=request.user, deadline=deadline, unit=unit)
    except ValidationError as exc:
        flash_error(request, exc)
        return redirect("campaign:detail", campaign_id=deadline.phase.campaign_id)
    return redirect("initiatives:edit", initiative_id=initiative.pk)


def _save(request, initiative, form, service=services.initiative_update, **options):
    """`initiative` as `_initiative_to_edit` read it: locked for this request."""
    data = dict(form.cleaned_data)
    authors = data.pop("authors", None)
    return service(
        actor=request.user,
        initiative=initiative,
        authors=authors,
        already_locked=True,
        **data,
        **options,
    )


@login_required
def initiative_edit(request, initiative_id):
    """Mẫu 1: saved as the user types (autosave), submitted with the button. A refused
    submission keeps everything typed and says what is missing."""
    if request.method == "POST":  # what the page joins is read again after the redirect
        submitting = ("deadline", "campaign") if "submit" in request.POST else ()
        initiative = _initiative_to_edit(request, initiative_id, submitting)
    else:
        initiative = _initiative(request, initiative_id)
    if not rules.can_register_for(request.user, initiative.unit):
        raise PermissionDenied
    if not rules.can_edit(request.user, initiative):
        messages.info(request, _("This item has been submitted and can no longer be changed."))
        return redirect("initiatives:detail", initiative_id=initiative.pk)
    form = InitiativeForm(request.POST or None, instance=initiative, unit=initiative.unit)
    if request.method == "POST" and form.is_valid():
        try:
            if "submit" in request.POST:
                # Saved and submitted on one lock, in one UPDATE.
                initiative = _save(request, initiative, form, services.initiative_save_and_submit)
                if initiative.is_late:
                    messages.warning(request, _("Submitted after the deadline: marked late."))
                else:
                    messages.success(request, _("Submitted on time."))
                return redirect("initiatives:detail", initiative_id=initiative.pk)
            initiative = _save(request, initiative, form)
        except ValidationError as exc:
            for message in exc.messages:
                form.add_error(None, message)
        else:
            messages.success(request, _("Draft saved."))
            return redirect("initiatives:edit", initiative_id=initiative.pk)
    last_return = initiative.events.filter(action="return").first()
    context = {"initiative": initiative, "form": form, "last_return": last_return}
    return render(request, "initiatives/initiative_form.html", context)


@login_required
@require_POST
def initiative_autosave(request, initiative_id):
    """htmx: save the draft as the user types; answers a one-line status. Every head of
    school at the deadline posts it every few seconds: it reads the item with its unit only,
    the people it names in one query, and writes one UPDATE (services.initiative_update)."""
    initiative = _initiative_to_edit(request, initiative_id)
    form = InitiativeForm(request.POST, instance=initiative, unit=initiative.unit)
    status = 200
    if not form.is_valid():
        text, status = _("Not saved: check the marked fields."), 422
    else:
        try:
            _save(request, initiative, form, autosave=True)
        except (ValidationError, PermissionDenied) as exc:
            text = error_text(exc) or _("Not saved.")
            status = 409 if isinstance(exc, ValidationError) else 403
        else:
            text = _("Draft saved at %(time)s") % {
                "time": timezone.localtime().strftime("%H:%M:%S")
            }
    return render(request, "initiatives/_autosave.html", {"text": text}, status=status)


@login_required
def initiative_detail(request, initiative_id):
    initiative = _initiative(request, initiative_id, with_history=True)
    context = {
        "initiative": initiative,
        "can_edit": rules.can_edit(request.user, initiative),
        "can_review": rules.can_review(request.user, initiative),
        "decision_form": DecisionForm(),
        "can_recommend": rules.can_recommend(request.user, initiative),
        "can_open_result": rules.can_open_result(request.user, initiative),
    }
    context.update(_scoring_context(request, initiative))
    return render(request, "initiatives/initiative_detail.html", context)


@login_required
@require_POST
def initiative_decide(request, initiative_id):
    initiative = _initiative(request, initiative_id)
    form = DecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(m for e in form.errors.values() for m in e))
    else:
        service = services.DECISIONS[form.cleaned_data["decision"]]
        try:
            service(actor=request.user, initiative=initiative, comment=form.cleaned_data["comment"])
        except ValidationError as exc:
            flash_error(request, exc)
        else:
            messages.success(request, _("Decision recorded."))
    return redirect("initiatives:detail", initiative_id=initiative.pk)


def _require_reviewer(request):
    if not has_role(request.user, Role.REVIEWER, Role.TENANT_ADMIN):
        raise PermissionDenied


@login_required
def review_board(request, deadline_id):
    """Units in pages of 100 (the totals count them all) and, below, the items waiting for a
    decision in pages of 50: a department with 3,000 schools gets a page, not the province."""
    deadline = _deadline(request, deadline_id)
    _require_reviewer(request)
    query = request.GET.get("q", "").strip()
    state = request.GET.get("state", "")
    show_all = request.GET.get("items") == "all"
    receives = selectors.receives_in_scope(deadline, request.user)
    rows, totals = selectors.review_board(
        deadline, request.user, query=query, state=state, receives=receives
    )
    rows_page = Paginator(rows, UNITS_PER_PAGE).get_page(request.GET.get("page"))
    if show_all:
        items = selectors.items_to_review(deadline, request.user)
    else:
        items = selectors.items_waiting(deadline, request.user, receives=receives)
    if query:
        items = selectors.search(items, query)
    items = selectors.board_columns(items)
    items_page = Paginator(items, ITEMS_PER_PAGE).get_page(request.GET.get("items_page"))
    for item in items_page:
        item.level_label = Initiative.Status(item.level).label
        item.decidable = rules.open_for_decision(item.level)
    context = {
        "deadline": deadline,
        "campaign": deadline.phase.campaign,
        "rows": rows_page,
        "totals": totals,
        "query": query,
        "state": state,
        "show_all": show_all,
        "items": items_page,
        "bulk_form": BulkDecisionForm(items=Initiative.objects.none()),
        "can_consolidate": rules.can_consolidate(request.user, deadline),
        "can_import": rules.can_import_registrations(request.user, deadline),
        "can_remind": can_remind(request.user, deadline),
    }
    context.update(_board_scoring_context(request, deadline, items_page, rows_page))
    return render(request, "initiatives/review_board.html", context)


@login_required
@require_POST
def board_decide(request, deadline_id):
    deadline = _deadline(request, deadline_id)
    _require_reviewer(request)
    items = selectors.items_to_review(deadline, request.user)
    form = BulkDecisionForm(request.POST, items=items)
    if not form.is_valid():
        messages.error(request, _("Choose at least one item and a decision."))
    else:
        try:
            count = services.initiatives_decide(
                actor=request.user,
                initiatives=form.cleaned_data["items"],
                decision=form.cleaned_data["decision"],
                comment=form.cleaned_data["comment"],
            )
        except (ValidationError, PermissionDenied) as exc:
            messages.error(
                request,
                _("Nothing was changed: %(reason)s") % {"reason": error_text(exc)},
            )
        else:
            messages.success(request, _("%(count)d items decided.") % {"count": count})
    return redirect("initiatives:board", deadline_id=deadline.pk)


@login_required
def consolidate(request, deadline_id):
    """The consolidation screen: what was accepted here (in pages; the list takes every
    item but those unticked), who sent nothing, the lists made."""
    deadline = _deadline(request, deadline_id)
    unit = deadline.receiving_unit
    if not rules.can_consolidate(request.user, deadline):
        raise PermissionDenied
    candidates = selectors.consolidation_candidates(deadline)
    if request.method == "POST":
        ticked = posted_ids(request.POST.getlist("items"))
        if "shown" in request.POST:
            # The form shows one page of a long list: every item is in, but those shown
            # and unticked.
            unticked = set(posted_ids(request.POST.getlist("shown"))) - set(ticked)
            chosen = candidates.exclude(pk__in=unticked)
        else:
            chosen = candidates.filter(pk__in=ticked)
        try:
            consolidation = services.consolidation_create(
                actor=request.user, deadline=deadline, items=chosen.values_list("pk", flat=True)
            )
        except ValidationError as exc:
            flash_error(request, exc)
        else:
            return redirect("initiatives:consolidation", consolidation_id=consolidation.pk)
    silent_units = selectors.units_without_submission(deadline, unit)
    silent_shown = list(silent_units[:SILENT_UNITS_SHOWN])
    silent_count = silent_units.count()
    context = {
        "deadline": deadline,
        "campaign": deadline.phase.campaign,
        "candidates": Paginator(candidates, CANDIDATES_PER_PAGE).get_page(request.GET.get("page")),
        "silent_units": silent_shown,
        "silent_count": silent_count,
        "silent_more": silent_count - len(silent_shown),
        "consolidations": selectors.visible_consolidations(request.user).filter(deadline=deadline),
        "upper_deadline": selectors.upper_deadline_for(deadline),
    }
    return render(request, "initiatives/consolidate.html", context)


def _consolidation(request, consolidation_id):
    return get_visible_or_404(selectors.visible_consolidations(request.user), pk=consolidation_id)


@login_required
def consolidation_detail(request, consolidation_id):
    """The list in pages, numbered as it prints: a Sở's list holds thousands of items."""
    consolidation = _consolidation(request, consolidation_id)
    items = consolidation_items(consolidation)
    context = {
        "consolidation": consolidation,
        "items": Paginator(items, LIST_ITEMS_PER_PAGE).get_page(request.GET.get("page")),
        "upper_deadline": selectors.upper_deadline_for(consolidation.deadline),
        "can_forward": rules.can_forward(request.user, consolidation),
    }
    return render(request, "initiatives/consolidation_detail.html", context)


@login_required
def consolidation_excel(request, consolidation_id):
    consolidation = _consolidation(request, consolidation_id)
    return xlsx_response(
        consolidation_workbook(consolidation), f"danh-sach-{consolidation.pk}.xlsx"
    )


@login_required
def consolidation_pdf(request, consolidation_id):
    """A short list renders on the spot; a long one (WeasyPrint needs about 15 s for 3,000
    rows) goes to the background and the user watches its progress."""
    consolidation = _consolidation(request, consolidation_id)
    if consolidation.items.count() > LIST_PDF_INLINE_MAX:
        job = render_job_start(
            actor=request.user, builder=CONSOLIDATION_BUILDER, object_id=consolidation.pk
        )
        return redirect("documents:job_status", renderjob_id=job.pk)
    document = render_consolidation(consolidation)
    return pdf_response(document.pdf, consolidation_filename(consolidation))


@login_required
def consolidation_docx(request, consolidation_id):
    """The cover letter and the list as a Word file, rendered on the spot whatever the
    list's length (python-docx lays nothing out: about 2 s for 3,000 rows)."""
    consolidation = _consolidation(request, consolidation_id)
    return docx_response(
        render_consolidation_docx(consolidation),
        docx_filename(consolidation_filename(consolidation)),
    )


@login_required
@require_POST
def consolidation_forward(request, consolidation_id):
    consolidation = _consolidation(request, consolidation_id)
    try:
        consolidation = services.consolidation_forward(
            actor=request.user, consolidation=consolidation
        )
    except ValidationError as exc:
        flash_error(request, exc)
    else:
        messages.success(
            request,
            _("Forwarded as list %(number)s; the items now await the upper level's review.")
            % {"number": consolidation.number},
        )
    return redirect("initiatives:consolidation", consolidation_id=consolidation.pk)


# --- Scoring, review assignments and deadline extensions ---


def _detail_url(initiative, anchor: str) -> str:
    from django.urls import reverse

    return f"{reverse('initiatives:detail', kwargs={'initiative_id': initiative.pk})}#{anchor}"


def _scoring_context(request, initiative) -> dict:
    """What the detail page adds for a reviewer of the item's current level: the scoring
    form (once the item is accepted there), the assignment of reviewers, and how far the
    scoring has come."""
    from .forms import AssignmentForm, ScoreForm

    user = request.user
    context = {"can_score": False, "can_assign": False, "score_summary": None}
    if rules.can_score(user, initiative):
        context["can_score"] = True
        context["score_form"] = ScoreForm(
            criteria=selectors.level_criteria(initiative),
            scores=selectors.my_scores(initiative, user),
        )
    if rules.can_assign(user, initiative):
        reviewers = selectors.level_reviewers(initiative)
        assigned = initiative.assignments.filter(reviewer__in=reviewers).values_list(
            "reviewer_id", flat=True
        )
        context["can_assign"] = True
        context["assignment_form"] = AssignmentForm(
            reviewers=reviewers, initial={"reviewers": list(assigned)}
        )
    if context["can_score"] or context["can_assign"]:
        summaries = selectors.score_summaries(initiative.review_deadline, [initiative.pk])
        context["score_summary"] = summaries[initiative.pk]
    return context


def _board_scoring_context(request, deadline, items_page, rows_page) -> dict:
    """What the review board adds: scores in per item ("2/3"), the reviewer's own queue,
    and the extensions granted per unit. A fixed number of queries."""
    from campaign.rules import can_extend

    summaries = selectors.score_summaries(deadline, [item.pk for item in items_page])
    for item in items_page:
        item.scoring = summaries[item.pk]
    extensions = selectors.extensions_by_unit(deadline)
    for row in rows_page:
        row.extension = extensions.get(row.unit.pk)
    my_queue = selectors.assigned_to(deadline, request.user)
    for item in my_queue:
        item.scoring_open = rules.open_for_scoring(item.status)
    return {
        "my_queue": my_queue,
        "can_extend": can_extend(request.user, deadline),
    }


@login_required
@require_POST
def initiative_score(request, initiative_id):
    from .forms import ScoreForm

    initiative = _initiative(request, initiative_id)
    form = ScoreForm(request.POST, criteria=selectors.level_criteria(initiative))
    if not form.is_valid():
        messages.error(request, _("Enter the points as numbers."))
    else:
        try:
            services.score_save(
                actor=request.user,
                initiative=initiative,
                points=form.points(),
                comments=form.comments(),
            )
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("Scores saved."))
    return redirect(_detail_url(initiative, "scoring"))


@login_required
@require_POST
def initiative_assign(request, initiative_id):
    from .forms import AssignmentForm

    initiative = _initiative(request, initiative_id)
    form = AssignmentForm(request.POST, reviewers=selectors.level_reviewers(initiative))
    if not form.is_valid():
        messages.error(request, " ".join(form.errors.get("reviewers", [])))
    else:
        try:
            services.assignment_set(
                actor=request.user,
                initiative=initiative,
                reviewers=list(form.cleaned_data["reviewers"]),
            )
        except ValidationError as exc:
            flash_error(request, exc)
        else:
            messages.success(request, _("Reviewers assigned."))
    return redirect(_detail_url(initiative, "assignment"))


@login_required
def ranking(request, deadline_id):
    """The items accepted at this level, best weighted score first."""
    deadline = _deadline(request, deadline_id)
    _require_reviewer(request)
    campaign = deadline.phase.campaign
    context = {
        "deadline": deadline,
        "campaign": campaign,
        "criteria": list(campaign.criteria.all()),
        "rows": selectors.ranking(deadline, request.user),
    }
    return render(request, "initiatives/scoring/ranking.html", context)


@login_required
def deadline_extension(request, deadline_id, unit_id):
    """Grant one unit a later due date for this deadline, with the reason."""
    from campaign.forms import ExtensionForm
    from campaign.rules import can_extend
    from campaign.services import deadline_extend
    from units.models import Unit

    deadline = _deadline(request, deadline_id)
    unit = get_visible_or_404(
        Unit.objects.filter(tenant_id=deadline.phase.campaign.tenant_id), pk=unit_id
    )
    if not can_extend(request.user, deadline):
        raise PermissionDenied
    current = deadline.extensions.filter(unit=unit).first()
    initial = {"due_date": current.due_date, "reason": current.reason} if current else {}
    form = ExtensionForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            extension = deadline_extend(
                actor=request.user, deadline=deadline, unit=unit, **form.cleaned_data
            )
        except ValidationError as exc:
            for message in exc.messages:
                form.add_error(None, message)
        else:
            messages.success(
                request,
                _("%(unit)s may submit until the end of %(date)s.")
                % {"unit": unit.name, "date": extension.due_date.strftime("%d/%m/%Y")},
            )
            return redirect("initiatives:board", deadline_id=deadline.pk)
    context = {
        "deadline": deadline,
        "campaign": deadline.phase.campaign,
        "unit": unit,
        "current": current,
        "form": form,
    }
    return render(request, "initiatives/scoring/extension.html", context)


# --- Result reports (Mẫu 2) and evidence ---


@login_required
def result_report(request, initiative_id):
    """Mẫu 2 with its evidence on one page. The text is saved first, so a refused file never
    costs what was typed; the file's problem is shown beside it."""
    initiative = _initiative(request, initiative_id)
    report = ResultReport.objects.filter(initiative=initiative).select_related("deadline").first()
    can_write = rules.can_register_for(request.user, initiative.unit)
    if request.method == "POST" and request.POST.get("action") == "start":
        try:
            report = services.result_report_start(actor=request.user, initiative=initiative)
        except (ValidationError, PermissionDenied) as exc:
            flash_error(request, exc)
            return redirect("initiatives:detail", initiative_id=initiative.pk)
        return redirect("initiatives:result", initiative_id=initiative.pk)
    if report is None:
        return render(
            request,
            "initiatives/result_report.html",
            {"initiative": initiative, "report": None, "can_write": can_write},
        )
    editable = rules.can_write_result(request.user, report)
    form = ResultReportForm(request.POST or None, instance=report)
    evidence_form = EvidenceForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and editable and form.is_valid() and evidence_form.is_valid():
        upload = evidence_form.cleaned_data.get("evidence_file")
        try:
            report = services.result_report_update(
                actor=request.user, report=report, **form.cleaned_data
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            file_refused = False
            if upload:
                try:
                    services.evidence_add(
                        actor=request.user,
                        initiative=initiative,
                        kind=evidence_form.cleaned_data["evidence_kind"] or "other",
                        upload=upload,
                    )
                except ValidationError as exc:
                    evidence_form.add_error("evidence_file", exc)
                    file_refused = True
            if not file_refused and "submit" in request.POST:
                try:
                    report = services.result_report_submit(actor=request.user, report=report)
                except ValidationError as exc:
                    form.add_error(None, exc)
                else:
                    messages.success(request, _("Result report submitted."))
                    return redirect("initiatives:result", initiative_id=initiative.pk)
            elif not file_refused and not form.errors:
                messages.success(request, _("Draft saved."))
                return redirect("initiatives:result", initiative_id=initiative.pk)
    context = {
        "initiative": initiative,
        "report": report,
        "form": form,
        "evidence_form": evidence_form,
        "evidence": initiative.evidence.all(),
        "can_write": editable,
        "can_decide": rules.can_review_result(request.user, report),
        "decision_form": DecisionForm(choices=RESULT_DECISIONS),
        "last_return": initiative.events.filter(action="result_return").first(),
        "models": selectors.recommended_models(request.user).exclude(pk=initiative.pk),
    }
    return render(request, "initiatives/result_report.html", context)


@login_required
@require_POST
def result_decide(request, initiative_id):
    initiative = _initiative(request, initiative_id)
    report = get_visible_or_404(ResultReport.objects.all(), initiative=initiative)
    form = DecisionForm(request.POST, choices=RESULT_DECISIONS)
    if not form.is_valid():
        messages.error(request, " ".join(m for e in form.errors.values() for m in e))
    else:
        try:
            services.result_report_decide(
                actor=request.user,
                report=report,
                accept=form.cleaned_data["decision"] == "accept",
                comment=form.cleaned_data["comment"],
            )
        except (ValidationError, PermissionDenied) as exc:
            flash_error(request, exc)
        else:
            messages.success(request, _("Decision recorded."))
    return redirect("initiatives:result", initiative_id=initiative.pk)


# A result report is accepted or returned for revision, never rejected.
RESULT_DECISIONS = ("accept", "return")


@login_required
def registration_pdf(request, initiative_id):
    initiative = _initiative(request, initiative_id)
    return pdf_response(render_registration(initiative).pdf, f"mau-1-{initiative.pk}.pdf")


@login_required
def result_pdf(request, initiative_id):
    initiative = _initiative(request, initiative_id)
    report = get_visible_or_404(
        ResultReport.objects.select_related("initiative"), initiative=initiative
    )
    return pdf_response(render_result(report).pdf, f"mau-2-{initiative.pk}.pdf")


def _evidence(request, evidence_id) -> Evidence:
    visible = selectors.visible_initiatives(request.user)
    return get_visible_or_404(
        Evidence.objects.filter(initiative__in=visible.values("pk")), pk=evidence_id
    )


@login_required
def evidence_download(request, evidence_id):
    """Evidence is served here only, after the permission check: never a public media URL."""
    evidence = _evidence(request, evidence_id)
    return download_response(evidence)


@login_required
@require_POST
def evidence_remove(request, evidence_id):
    evidence = _evidence(request, evidence_id)
    try:
        services.evidence_delete(actor=request.user, evidence=evidence)
    except (ValidationError, PermissionDenied) as exc:
        flash_error(request, exc)
    return redirect("initiatives:result", initiative_id=evidence.initiative_id)


# --- Replication (nhân rộng) ---


@login_required
def recommended_list(request):
    models = selectors.recommended_models(request.user)
    return render(request, "initiatives/recommended_list.html", {"models": models})


@login_required
@require_POST
def initiative_recommend(request, initiative_id):
    initiative = _initiative(request, initiative_id)
    try:
        services.initiative_recommend(actor=request.user, initiative=initiative)
    except (ValidationError, PermissionDenied) as exc:
        flash_error(request, exc)
    else:
        messages.success(request, _("Recommended for replication: every unit can now adopt it."))
    return redirect("initiatives:detail", initiative_id=initiative.pk)


@login_required
@require_POST
def result_adopt(request, initiative_id):
    initiative = _initiative(request, initiative_id)
    report = get_visible_or_404(ResultReport.objects.all(), initiative=initiative)
    model_ids = posted_ids([request.POST.get("adopted_from", "")])
    model = None
    if request.POST.get("adopted_from"):
        model = selectors.recommended_models(request.user).filter(pk__in=model_ids).first()
        if model is None:
            raise Http404
    try:
        services.result_report_adopt(actor=request.user, report=report, model=model)
    except (ValidationError, PermissionDenied) as exc:
        flash_error(request, exc)
    else:
        messages.success(request, _("Saved."))
    return redirect("initiatives:result", initiative_id=initiative.pk)


@login_required
@require_POST
def consolidation_evidence_zip(request, consolidation_id):
    """All the list's evidence in one ZIP, built in the background; the user watches it."""
    consolidation = _consolidation(request, consolidation_id)
    job = render_job_start(
        actor=request.user, builder=EVIDENCE_ZIP_BUILDER, object_id=consolidation.pk
    )
    return redirect("documents:job_status", renderjob_id=job.pk)


@login_required
def registrations_import(request, deadline_id):
    """The receiving unit imports the Mẫu 1 forms it collected by e-mail or on paper."""
    deadline = _deadline(request, deadline_id)
    if not rules.can_review_at(request.user, deadline.receiving_unit):
        raise PermissionDenied

    def run(file, dry_run):
        return services.registrations_import(
            actor=request.user, deadline=deadline, file=file, dry_run=dry_run
        )

    def on_written(report):
        messages.success(
            request,
            _("Imported %(count)d registrations.") % {"count": report.count(SHEET, "new")},
        )
        return redirect("initiatives:board", deadline_id=deadline.pk)

    return workbook_import(
        request,
        run=run,
        session_key=f"registrations_import_{deadline.pk}",
        template="initiatives/registrations_import.html",
        context={"deadline": deadline, "columns": list(COLUMNS.values())},
        on_written=on_written,
    )
