import zipfile

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.forms import add_service_errors
from core.http import (
    acting_unit,
    docx_filename,
    docx_response,
    flash_error,
    pdf_response,
)
from documents.formatting import head_position
from documents.models import RenderJob
from documents.selectors import latest_job
from documents.services import render_job_start
from documents.views import job_file_response, job_status_response
from units.once import TOKEN_FIELD, created_earlier, remember_created
from units.rules import can_record_conduct
from units.selectors import get_visible_or_404, visible_people, visible_units

from . import rules, selectors, services
from .forms import (
    CloseForm,
    ConductForm,
    DecisionForm,
    NominationForm,
    RecognitionForm,
    SessionForm,
    VotesForm,
    member_formset,
)
from .models import ConductRecord, CouncilSession, Recognition


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
            "months_worked": nomination.months_worked,
            "maternity_months": nomination.maternity_months,
            "initiatives": list(nomination.initiatives.all()),
        }
    initiatives = selectors.unit_initiatives(unit)
    return NominationForm(
        request.POST or None,
        initial=initial,
        campaigns=selectors.nominating_campaigns(unit),
        award_types=selectors.award_types(unit.tenant_id),
        people=selectors.unit_people(unit, keep=nomination.person_id if nomination else None),
        initiatives=initiatives,
        uses=selectors.initiative_uses(
            initiatives.values("pk"), exclude=nomination.pk if nomination else None
        ),
    )


def _save(request, form, unit, nomination=None):
    data = {k: v for k, v in form.cleaned_data.items() if k != TOKEN_FIELD}
    try:
        return services.nomination_save(
            actor=request.user, unit=unit, nomination=nomination, **data
        )
    except ValidationError as exc:
        form.add_error(None, exc)
        return None


@login_required
def nomination_list(request):
    unit = acting_unit(request)
    context = {
        "nominations": selectors.visible_nominations(request.user),
        "can_nominate": unit is not None and rules.can_nominate(request.user, unit),
    }
    return render(request, "awards/nomination_list.html", context)


@login_required
def nomination_create(request):
    unit = acting_unit(request)
    if unit is None or not rules.can_nominate(request.user, unit):
        raise PermissionDenied
    form = _form(request, unit)
    if request.method == "POST" and (earlier := created_earlier(request)) is not None:
        return earlier
    if request.method == "POST" and form.is_valid():
        nomination = _save(request, form, unit)
        if nomination is not None:
            remember_created(request, reverse("awards:detail", args=[nomination.pk]))
            return redirect("awards:detail", nomination_id=nomination.pk)
    return render(request, "awards/nomination_form.html", {"form": form, "unit": unit})


@login_required
def nomination_detail(request, nomination_id):
    """The nomination with its eligibility and every reason; its draft is edited here."""
    nomination = get_visible_or_404(selectors.visible_nominations(request.user), pk=nomination_id)
    can_edit = rules.can_edit_nomination(request.user, nomination)
    form = _form(request, nomination.unit, nomination) if can_edit else None
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied
        if form.is_valid() and _save(request, form, nomination.unit, nomination):
            messages.success(request, _("Saved."))
            return redirect("awards:detail", nomination_id=nomination.pk)
    context = {
        "nomination": nomination,
        "reasons": services.eligibility_reasons(nomination),
        "form": form,
        "can_edit": can_edit,
        "can_submit": rules.can_submit_nomination(request.user, nomination),
    }
    return render(request, "awards/nomination_detail.html", context)


@login_required
@require_POST
def nomination_submit(request, nomination_id):
    nomination = get_visible_or_404(selectors.visible_nominations(request.user), pk=nomination_id)
    try:
        services.nomination_submit(actor=request.user, nomination=nomination)
    except ValidationError as exc:
        flash_error(request, exc)
    else:
        messages.success(request, _("The nomination was sent to the council."))
    return redirect("awards:detail", nomination_id=nomination.pk)


def _session_or_404(request, councilsession_id) -> CouncilSession:
    return get_visible_or_404(selectors.visible_sessions(request.user), pk=councilsession_id)


def _require_council(request, session):
    if not rules.can_run_council(request.user, session.unit):
        raise PermissionDenied


@login_required
def council_list(request):
    unit = acting_unit(request)
    context = {
        "sessions": selectors.visible_sessions(request.user),
        "can_open": unit is not None and rules.can_run_council(request.user, unit),
    }
    return render(request, "awards/council_list.html", context)


@login_required
def council_create(request):
    unit = acting_unit(request)
    if unit is None or not rules.can_run_council(request.user, unit):
        raise PermissionDenied
    form = SessionForm(
        request.POST or None,
        campaigns=selectors.council_campaigns(unit),
        default=selectors.council_default(unit) if request.method == "GET" else None,
    )
    members = member_formset(request.POST or None)
    if request.method == "POST" and (earlier := created_earlier(request)) is not None:
        return earlier
    if request.method == "POST" and form.is_valid() and members.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != TOKEN_FIELD}
        try:
            session = services.session_open(
                actor=request.user, unit=unit, members=members.members(), **data
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            remember_created(request, reverse("awards:council", args=[session.pk]))
            return redirect("awards:council", councilsession_id=session.pk)
    context = {"form": form, "members": members, "unit": unit}
    return render(request, "awards/council_form.html", context)


def _dossier_downloads(session):
    return [
        (_("Download the dossier (one PDF)"), reverse("awards:dossier_pdf", args=[session.pk])),
        (_("Download the ZIP of separate PDFs"), reverse("awards:dossier_zip", args=[session.pk])),
        (_("Download Word (.docx, ZIP)"), reverse("awards:dossier_docx", args=[session.pk])),
    ]


def _council_page(request, session, *, members=None, votes=None, close=None, decision=None):
    """The session's page: attendance, the quorum and each award's rule, the ballots while
    voting, then the result, the dossier and the decision. Forms with errors are passed in so
    typed values stay."""
    vote_rows = list(selectors.session_votes(session))
    ballots = list(selectors.session_ballots(session))
    session_members = list(session.members.all())
    seen = services.Attendance.of(session_members)
    groups = services.tallies(vote_rows, ballots, seen)
    context = {
        "session": session,
        "members": session_members,
        "attendance": seen,
        "present": seen.present,
        "quorum_error": services.quorum_error(session, seen),
        "groups": groups,
        # Whether the dossier and the decision have a place on the page yet (not a right).
        "has_result": not session.is_open,
        "can_produce_dossier": rules.can_produce_dossier(request.user, session),
        "vote_rows": vote_rows,
        "dossier_job": latest_job(services.DOSSIER_BUILDER, session.pk),
        "decision_job": latest_job(services.DECISION_BUILDER, session.pk),
        "dossier_downloads": _dossier_downloads(session),
        "dossier_status_url": reverse("awards:dossier_status", args=[session.pk]),
        "decision_status_url": reverse("awards:decision_status", args=[session.pk]),
        "decision_url": reverse("awards:decision_pdf", args=[session.pk]),
        "decision_docx_url": reverse("awards:decision_docx", args=[session.pk]),
    }
    if rules.can_record_votes(request.user, session):
        context["member_forms"] = members or member_formset(members=session_members)
        votes_form = votes or VotesForm(votes=vote_rows, ballots=ballots)
        context["votes_form"] = votes_form
        # A nomination that became ineligible since it was sent shows why; it will not pass.
        reasons = services.eligibility_by_nomination([vote.nomination for vote in vote_rows])
        context["vote_groups"] = [
            (
                ballot,
                [
                    votes_form[f"{name}_{ballot.pk}"]
                    for name in services.COUNT_FIELDS
                    if f"{name}_{ballot.pk}" in votes_form.fields
                ],
                [
                    (
                        tally.vote,
                        [
                            votes_form[f"{key}_{tally.vote.pk}"]
                            for key in ("for", "against", "written_for", "written_against")
                        ],
                        reasons[tally.vote.nomination_id],
                    )
                    for tally in tallies
                ],
            )
            for ballot, tallies in groups
        ]
        context["close_form"] = close or CloseForm()
    if rules.can_record_decision(request.user, session):
        context["decision_form"] = decision or DecisionForm()
    return render(request, "awards/council_detail.html", context)


@login_required
def council_detail(request, councilsession_id):
    return _council_page(request, _session_or_404(request, councilsession_id))


def _post_action(request, councilsession_id, form, action, success, form_key):
    """Run `action(form)` for a valid form; on an error, the page again with the form."""
    session = _session_or_404(request, councilsession_id)
    _require_council(request, session)
    form = form(session)
    if form.is_valid():
        try:
            action(session, form)
        except ValidationError as exc:
            flash_error(request, exc)
        else:
            messages.success(request, success)
            return redirect("awards:council", councilsession_id=session.pk)
    return _council_page(request, session, **{form_key: form})


@login_required
@require_POST
def council_members(request, councilsession_id):
    return _post_action(
        request,
        councilsession_id,
        lambda session: member_formset(request.POST),
        lambda session, form: services.session_members_save(
            actor=request.user, session=session, members=form.members()
        ),
        _("The members and their attendance are saved."),
        "members",
    )


@login_required
@require_POST
def council_votes(request, councilsession_id):
    return _post_action(
        request,
        councilsession_id,
        lambda session: VotesForm(
            request.POST,
            votes=selectors.session_votes(session),
            ballots=selectors.session_ballots(session),
        ),
        lambda session, form: services.votes_record(
            actor=request.user,
            session=session,
            ballots=form.ballots,
            written=form.written,
            counts=form.counts,
        ),
        _("The ballots are saved."),
        "votes",
    )


@login_required
@require_POST
def council_close(request, councilsession_id):
    return _post_action(
        request,
        councilsession_id,
        lambda session: CloseForm(request.POST),
        lambda session, form: services.session_close(
            actor=request.user, session=session, **form.cleaned_data
        ),
        _("The council's result is recorded and the minutes numbered."),
        "close",
    )


@login_required
@require_POST
def council_decision(request, councilsession_id):
    return _post_action(
        request,
        councilsession_id,
        lambda session: DecisionForm(request.POST),
        lambda session, form: services.decision_record(
            actor=request.user, session=session, **form.cleaned_data
        ),
        _("The decision is recorded; the awards are on the units' and people's history."),
        "decision",
    )


@login_required
@require_POST
def dossier_start(request, councilsession_id):
    session = _session_or_404(request, councilsession_id)
    _require_council(request, session)
    try:
        services.dossier_start(actor=request.user, session=session)
    except ValidationError as exc:
        flash_error(request, exc)
    return redirect("awards:council", councilsession_id=session.pk)


def _job_status(request, builder: str, obj, download_url: str = "", **extra):
    """The progress fragment of the latest render of `obj` by `builder` (404 before any)."""
    job = latest_job(builder, obj.pk)
    if job is None:
        raise Http404
    return job_status_response(
        request, job, download_url=download_url, status_url=request.path, **extra
    )


@login_required
def dossier_status(request, councilsession_id):
    session = _session_or_404(request, councilsession_id)
    return _job_status(
        request, services.DOSSIER_BUILDER, session, downloads=_dossier_downloads(session)
    )


def _done_job(builder, session) -> RenderJob:
    job = latest_job(builder, session.pk)
    if job is None or job.status != RenderJob.Status.DONE:
        raise Http404
    return job


@login_required
def dossier_zip(request, councilsession_id):
    session = _session_or_404(request, councilsession_id)
    return job_file_response(_done_job(services.DOSSIER_BUILDER, session))


@login_required
def dossier_pdf(request, councilsession_id):
    """The whole dossier as one PDF: the first member of the job's ZIP."""
    from .documents import merged_member

    session = _session_or_404(request, councilsession_id)
    job = _done_job(services.DOSSIER_BUILDER, session)
    with job.file.open("rb") as handle, zipfile.ZipFile(handle) as archive:
        name = merged_member(archive)
        content = archive.read(name)
    return pdf_response(content, name, as_attachment=True)


@login_required
def dossier_docx(request, councilsession_id):
    """The dossier's documents as Word files (a ZIP), once its PDFs are done (their numbers
    are then allocated): rendered in the background like the PDFs, unsigned, for the clerk
    to edit; the user follows the job's page to its download."""
    from .documents import DOSSIER_WORD_BUILDER

    session = _session_or_404(request, councilsession_id)
    _done_job(services.DOSSIER_BUILDER, session)
    if session.submission_number_id is None:
        raise Http404
    job = render_job_start(
        actor=request.user,
        builder=DOSSIER_WORD_BUILDER,
        object_id=session.pk,
        tenant=session.tenant,
    )
    return redirect("documents:job_status", renderjob_id=job.pk)


@login_required
def decision_status(request, councilsession_id):
    session = _session_or_404(request, councilsession_id)
    return _job_status(
        request,
        services.DECISION_BUILDER,
        session,
        download_url=reverse("awards:decision_pdf", args=[session.pk]),
        docx_url=reverse("awards:decision_docx", args=[session.pk]),
    )


@login_required
def decision_pdf(request, councilsession_id):
    session = _session_or_404(request, councilsession_id)
    return job_file_response(_done_job(services.DECISION_BUILDER, session))


@login_required
def decision_docx(request, councilsession_id):
    """The decision and its annex as a Word file, once its PDF is done; unsigned."""
    from .documents import decision_filename, render_decision_docx

    session = _session_or_404(request, councilsession_id)
    _done_job(services.DECISION_BUILDER, session)
    if session.decision_number_id is None:
        raise Http404
    return docx_response(render_decision_docx(session), docx_filename(decision_filename(session)))


@login_required
def unit_history(request, unit_id):
    unit = get_visible_or_404(visible_units(request.user), pk=unit_id)
    context = {"subject": unit.name, "records": selectors.award_history(unit=unit)}
    return render(request, "awards/history.html", context)


@login_required
def person_history(request, person_id):
    person = get_visible_or_404(visible_people(request.user), pk=person_id)
    context = {
        "subject": person.full_name,
        "records": selectors.award_history(person=person),
    }
    return render(request, "awards/history.html", context)


def _conduct_person(request, person_id):
    person = get_visible_or_404(visible_people(request.user), pk=person_id)
    if not can_record_conduct(request.user, person):
        raise PermissionDenied
    return person


@login_required
def conduct_list(request, person_id):
    """The person's conduct records, newest first, and the form to add one."""
    person = _conduct_person(request, person_id)
    form = ConductForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.conduct_record_create(actor=request.user, person=person, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The conduct record is saved."))
            return redirect("awards:conduct", person_id=person.pk)
    context = {
        "person": person,
        "records": selectors.conduct_records(person),
        "form": form,
    }
    return render(request, "awards/conduct_list.html", context)


@login_required
def conduct_edit(request, conductrecord_id):
    record = get_visible_or_404(
        ConductRecord.objects.filter(person__in=visible_people(request.user)).select_related(
            "person__unit"
        ),
        pk=conductrecord_id,
    )
    person = record.person
    if not can_record_conduct(request.user, person):
        raise PermissionDenied
    form = ConductForm(request.POST or None, record=record)
    if request.method == "POST" and form.is_valid():
        try:
            services.conduct_record_update(actor=request.user, record=record, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The conduct record is saved."))
            return redirect("awards:conduct", person_id=person.pk)
    context = {"person": person, "record": record, "form": form}
    return render(request, "awards/conduct_form.html", context)


# --- Recognition of initiatives ---


def _recognition_or_404(request, recognition_id) -> Recognition:
    return get_visible_or_404(selectors.visible_recognitions(request.user), pk=recognition_id)


@login_required
def recognition_list(request):
    """The decisions recognising initiatives that the user sees, newest first."""
    unit = acting_unit(request)
    context = {
        "recognitions": selectors.visible_recognitions(request.user),
        "can_recognise": unit is not None and rules.can_recognise(request.user, unit),
        "unit": unit,
    }
    return render(request, "awards/recognition_list.html", context)


def _recognition_form(request, unit, recognition=None) -> RecognitionForm:
    return RecognitionForm(
        request.POST or None,
        initiatives=selectors.recognisable_initiatives(unit, recognition),
        recognition=recognition,
        signer_position=head_position(unit.kind.code, unit.kind.is_school).capitalize(),
    )


def _recognition_save(request, form, unit, recognition=None) -> Recognition | None:
    try:
        return services.recognition_save(
            actor=request.user, unit=unit, recognition=recognition, **form.service_arguments()
        )
    except ValidationError as exc:
        add_service_errors(form, exc)
        return None


@login_required
def recognition_create(request):
    unit = acting_unit(request)
    if unit is None or not rules.can_recognise(request.user, unit):
        raise PermissionDenied
    form = _recognition_form(request, unit)
    if request.method == "POST" and (earlier := created_earlier(request)) is not None:
        return earlier
    if request.method == "POST" and form.is_valid():
        recognition = _recognition_save(request, form, unit)
        if recognition is not None:
            url = reverse("awards:recognition", args=[recognition.pk])
            remember_created(request, url)
            messages.success(request, _("The draft decision is saved."))
            return redirect(url)
    return render(request, "awards/recognition_form.html", {"form": form, "unit": unit})


@login_required
def recognition_edit(request, recognition_id):
    recognition = _recognition_or_404(request, recognition_id)
    if not rules.can_edit_recognition(request.user, recognition):
        raise PermissionDenied
    unit = recognition.unit
    form = _recognition_form(request, unit, recognition)
    if (
        request.method == "POST"
        and form.is_valid()
        and _recognition_save(request, form, unit, recognition) is not None
    ):
        messages.success(request, _("The draft decision is saved."))
        return redirect("awards:recognition", recognition_id=recognition.pk)
    context = {"form": form, "unit": unit, "recognition": recognition}
    return render(request, "awards/recognition_form.html", context)


@login_required
def recognition_detail(request, recognition_id):
    """The decision and its annex, with what the user may do: change, issue or discard the
    draft; follow the render and download the PDF of the issued decision."""
    recognition = _recognition_or_404(request, recognition_id)
    entries = list(selectors.recognition_entries(recognition))
    context = {
        "recognition": recognition,
        "rows": [(entry, selectors.authors_of(entry.initiative)) for entry in entries],
        "can_edit": rules.can_edit_recognition(request.user, recognition),
        "can_issue": rules.can_issue_recognition(request.user, recognition),
        "can_render": rules.can_render_recognition(request.user, recognition),
        "job": latest_job(services.RECOGNITION_BUILDER, recognition.pk),
        "status_url": reverse("awards:recognition_status", args=[recognition.pk]),
        "pdf_url": reverse("awards:recognition_pdf", args=[recognition.pk]),
        "docx_url": reverse("awards:recognition_docx", args=[recognition.pk]),
    }
    return render(request, "awards/recognition_detail.html", context)


@login_required
def recognition_issue(request, recognition_id):
    """GET says what issuing does (it cannot be undone); POST issues."""
    recognition = _recognition_or_404(request, recognition_id)
    if not rules.can_issue_recognition(request.user, recognition):
        raise PermissionDenied
    back = reverse("awards:recognition", args=[recognition.pk])
    if request.method == "POST":
        try:
            recognition = services.recognition_issue(actor=request.user, recognition=recognition)
        except ValidationError as exc:
            flash_error(request, exc)
        else:
            messages.success(
                request,
                _("Decision number %(number)s is issued; its PDF is being produced.")
                % {"number": recognition.number.display},
            )
        return redirect(back)
    count = recognition.entries.count()
    context = {
        "title": _("Issue the decision recognising initiatives"),
        "lines": [
            _(
                "The decision takes the next number of the register of decisions of %(unit)s; "
                "a number once taken is never reused."
            )
            % {"unit": recognition.unit.name},
            _("%(count)d initiatives are recognised, each once: no other decision can list them.")
            % {"count": count},
            _("The PDF of the decision and its annex is produced."),
            _("The decision can no longer be changed or discarded."),
        ],
        "action": _("Issue the decision"),
        "back": back,
        "danger": False,
    }
    return render(request, "campaign/confirm.html", context)


@login_required
@require_POST
def recognition_delete(request, recognition_id):
    recognition = _recognition_or_404(request, recognition_id)
    try:
        services.recognition_delete(actor=request.user, recognition=recognition)
    except ValidationError as exc:
        flash_error(request, exc)
        return redirect("awards:recognition", recognition_id=recognition.pk)
    messages.success(request, _("The draft decision is discarded."))
    return redirect("awards:recognitions")


@login_required
@require_POST
def recognition_render(request, recognition_id):
    recognition = _recognition_or_404(request, recognition_id)
    try:
        services.recognition_render_start(actor=request.user, recognition=recognition)
    except ValidationError as exc:
        flash_error(request, exc)
    return redirect("awards:recognition", recognition_id=recognition.pk)


@login_required
def recognition_status(request, recognition_id):
    recognition = _recognition_or_404(request, recognition_id)
    return _job_status(
        request,
        services.RECOGNITION_BUILDER,
        recognition,
        download_url=reverse("awards:recognition_pdf", args=[recognition.pk]),
        docx_url=reverse("awards:recognition_docx", args=[recognition.pk]),
    )


@login_required
def recognition_pdf(request, recognition_id):
    recognition = _recognition_or_404(request, recognition_id)
    return job_file_response(_done_job(services.RECOGNITION_BUILDER, recognition))


@login_required
def recognition_docx(request, recognition_id):
    """The issued decision and its annex as a Word file, once its PDF is done; unsigned."""
    from .documents import recognition_filename, render_recognition_docx

    recognition = _recognition_or_404(request, recognition_id)
    _done_job(services.RECOGNITION_BUILDER, recognition)
    if recognition.number_id is None:
        raise Http404
    return docx_response(
        render_recognition_docx(recognition), docx_filename(recognition_filename(recognition))
    )
