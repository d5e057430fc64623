"""The official-document engine every app uses: number allocation, PDF rendering in the state
format (Nghị định 30/2020/NĐ-CP) and background render jobs.

Keep this module small and stable: other apps import these functions.

- `number_allocate`: the next number of a unit's register, inside the issuing transaction.
- `number_register_continue`: start a register from the unit's paper register.
- `render_pdf`: a template extending "documents/base.html" → HTML and PDF, bundled fonts only.
- `render_pdf_bundle` / `render_pdf_set`: several documents as one PDF / also one PDF each
  (a long set laid out by several forked processes, DOCUMENT_RENDER_PROCESSES).
- `pdf_text`: the text of a PDF (tests and checks).
- `render_job_start`: queue a registered builder (see `documents.builders`): a Celery task,
  or without a broker a background thread of this process (`documents.background`).
- `render_job_recover`: queue again, or fail, a job whose background thread is gone.
"""

from __future__ import annotations

import ctypes
import datetime
import io
import itertools
import mimetypes
import multiprocessing
import os
import signal
import subprocess
import sys
import tempfile
import threading
import unicodedata
import uuid
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connections, transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.utils import timezone
from django.utils.translation import gettext as _

from units.models import Unit, User

from . import background, builders
from .models import DocumentType, IssuedNumber, NumberRegister, RenderJob
from .tasks import render_document


def _locked_register(unit: Unit, year: int, doc_type: str) -> NumberRegister:
    """The register row, created if missing, locked until the caller's transaction ends."""
    key = {"unit": unit, "year": year, "doc_type": doc_type}
    register = NumberRegister.objects.select_for_update().filter(**key).first()
    if register is None:
        try:
            # A savepoint: if another transaction created the row first, only this insert
            # is undone and the caller's transaction goes on.
            with transaction.atomic():
                NumberRegister.objects.create(tenant_id=unit.tenant_id, **key)
        except IntegrityError:
            pass
        register = NumberRegister.objects.select_for_update().get(**key)
    return register


@transaction.atomic
def number_register_continue(
    *, actor: User | None, unit: Unit, doc_type: str, year: int, last_number: int
) -> NumberRegister:
    """Let the register continue from the unit's paper register: a unit that starts using
    the platform in the middle of a year has already issued documents, and its next one must
    take the next number. A number already given here is never given again."""
    from units.selectors import is_tenant_admin

    if actor is not None and not actor.is_superuser and not is_tenant_admin(actor, unit.tenant_id):
        raise PermissionDenied(_("Only the tenant administrator can set a number register."))
    register = _locked_register(unit, year, doc_type)
    if last_number < register.last_number:
        raise ValidationError(
            _(
                "Number %(number)02d of %(year)d has already been issued; "
                "the register cannot go back."
            )
            % {"number": register.last_number, "year": year}
        )
    register.last_number = last_number
    register.save(update_fields=["last_number"])
    return register


@transaction.atomic
def number_allocate(
    *,
    actor: User | None,
    unit: Unit,
    doc_type: str,
    issued_on: datetime.date,
    summary: str = "",
) -> IssuedNumber:
    """Give the next number of `unit`'s register for `doc_type` in the year of `issued_on`.

    Call it in the transaction that issues the document (it joins it): if that transaction
    rolls back, the number is not consumed. The register row is locked until the caller's
    transaction ends, so concurrent issues of the same unit and type queue and get consecutive
    numbers. The register is per year, so numbering restarts at 01 on 1 January.
    """
    if doc_type not in DocumentType.values:
        raise ValidationError(_("Unknown document type: %(type)s.") % {"type": doc_type})
    status = Unit.objects.filter(pk=unit.pk).values_list("status", flat=True).get()
    if status != Unit.Status.ACTIVE:
        raise ValidationError(
            _("%(unit)s is dissolved and can no longer issue documents.") % {"unit": unit}
        )
    register = _locked_register(unit, issued_on.year, doc_type)
    register.last_number += 1
    register.save(update_fields=["last_number"])
    return IssuedNumber.objects.create(
        tenant_id=unit.tenant_id,
        unit=unit,
        year=issued_on.year,
        doc_type=doc_type,
        number=register.last_number,
        unit_code=unit.code,
        issued_on=issued_on,
        summary=summary[:500],
        issued_by=actor,
    )


# The state format's stylesheet, which "documents/base.html" links.
STYLESHEET = "css/nd30.css"


@dataclass(frozen=True)
class RenderedDocument:
    """A rendered document: the HTML (for previews and tests) and the PDF bytes."""

    html: str
    pdf: bytes


class DocumentRenderError(Exception):
    """A resource the document needs (its stylesheet, a font) could not be loaded, or a
    render process died."""


def _static_path(url: str) -> Path | None:
    """The file behind a static URL ("/static/css/nd30.css", also as file:///static/... once
    resolved against a base URL), or None."""
    prefix = "/" + urlsplit(settings.STATIC_URL).path.strip("/") + "/"
    path = unquote(urlsplit(url).path)
    if not path.startswith(prefix):
        return None
    name = path.removeprefix(prefix)
    found = finders.find(name)
    if found:
        return Path(found)
    if staticfiles_storage.exists(name):  # collected (and possibly hashed) in production
        return Path(staticfiles_storage.path(name))
    return None


def _url_fetcher():
    """A WeasyPrint fetcher that serves static files from disk and refuses everything else
    (no network, no arbitrary files): the output depends only on the project's own files.
    Any failure stops the render instead of silently falling back to a system font."""
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class StaticOnlyFetcher(URLFetcher):
        def fetch(self, url, headers=None):
            if url.startswith("data:"):
                return super().fetch(url, headers)
            path = _static_path(url)
            if path is None:
                raise ValueError(f"Only static files can be used in documents: {url}")
            content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
            if content_type.startswith("text/"):
                content_type += "; charset=utf-8"
            # The original URL is kept so relative URLs in a stylesheet resolve to static too.
            return URLFetcherResponse(
                url, path.read_bytes(), headers={"Content-Type": content_type}
            )

    return StaticOnlyFetcher(fail_on_errors=True)


def render_pdf(
    template_name: str, context: dict, *, base_url: str | None = None
) -> RenderedDocument:
    """Render `template_name` (normally extending "documents/base.html") to HTML and PDF.

    Stylesheets and fonts are referenced with `{% static %}` and read from the project's
    static files, never from the network or the system's fonts, so every machine produces
    the same PDF. `base_url` resolves other relative URLs (default: the project directory).
    """
    return render_pdf_bundle([(template_name, context)], base_url=base_url)


def _base_url(base_url: str | None) -> str:
    return base_url or Path(settings.BASE_DIR).as_uri() + "/"


def _unlinked_html(template_name: str, context: dict) -> str:
    """The HTML that is laid out: the stylesheet comes parsed, so it leaves out the link."""
    return render_to_string(template_name, {**context, "shared_stylesheet": True})


def _laid_out(htmls: list[str], base_url: str):
    """The WeasyPrint document of each HTML, one by one.

    The state-format stylesheet and its fonts are parsed once for all of them (about a
    quarter of a short document's time)."""
    from weasyprint import CSS, HTML
    from weasyprint.text.fonts import FontConfiguration

    fetcher = _url_fetcher()
    font_config = FontConfiguration()
    stylesheet = CSS(
        url=urljoin(base_url, static(STYLESHEET)), url_fetcher=fetcher, font_config=font_config
    )
    for html in htmls:
        yield HTML(string=html, base_url=base_url, url_fetcher=fetcher).render(
            stylesheets=[stylesheet], font_config=font_config
        )


@contextmanager
def _fetch_errors_as_render_errors():
    from weasyprint.urls import FatalURLFetchingError

    try:
        yield
    except FatalURLFetchingError as exc:  # a BaseException: turn it into an ordinary error
        raise DocumentRenderError(f"{exc} ({exc.__cause__})") from exc


def _layout(parts: list[tuple[str, dict]], base_url: str | None):
    """The HTML (standalone, linking its stylesheet) and the laid-out WeasyPrint document of
    each part."""
    htmls = [_unlinked_html(template_name, context) for template_name, context in parts]
    with _fetch_errors_as_render_errors():
        documents = list(_laid_out(htmls, _base_url(base_url)))
    linked = [render_to_string(template_name, context) for template_name, context in parts]
    return list(zip(linked, documents, strict=True))


def _merged_pdf(documents) -> bytes:
    pages = [page for document in documents for page in document.pages]
    return documents[0].copy(pages).write_pdf()


def render_pdf_bundle(
    parts: list[tuple[str, dict]], *, base_url: str | None = None
) -> RenderedDocument:
    """Several documents in one PDF, one after the other, each with its own letterhead and
    page numbers (a cover letter and the list it sends, as an annex)."""
    laid_out = _layout(parts, base_url)
    return RenderedDocument(
        html="\n".join(html for html, _document in laid_out),
        pdf=_merged_pdf([document for _html, document in laid_out]),
    )


# --- A set of documents, laid out in several processes -------------------------------------
#
# The parent renders the templates (database, translations) and forks workers that only run
# WeasyPrint and `finish`; each lays out a contiguous run of the documents and returns their
# PDFs and the run as one PDF. The runs' PDFs are joined into the merged one, so nothing is
# laid out twice and each run's fonts are embedded once.

# Below this many documents the set is laid out in this process: starting the workers and
# joining their PDFs would cost more than it saves.
PARALLEL_MIN_PARTS = 8


@dataclass(frozen=True)
class _SetJob:
    htmls: list[str]  # without the stylesheet's link (`_unlinked_html`)
    base_url: str
    finish: Callable[[int, bytes], bytes] | None


@dataclass(frozen=True)
class _RunResult:
    pdfs: list[bytes]  # each document's, finished
    page_counts: list[int]
    titles: list[str]
    pdf: bytes  # the run's documents as one PDF, unfinished


def _render_run(job: _SetJob, start: int, stop: int, document_done) -> _RunResult:
    documents, pdfs = [], []
    with _fetch_errors_as_render_errors():
        laid_out = _laid_out(job.htmls[start:stop], job.base_url)
        for index, document in enumerate(laid_out, start=start):
            pdf = document.write_pdf()
            pdfs.append(job.finish(index, pdf) if job.finish is not None else pdf)
            documents.append(document)
            document_done()
        merged = _merged_pdf(documents)
    return _RunResult(
        pdfs=pdfs,
        page_counts=[len(document.pages) for document in documents],
        titles=[document.metadata.title or "" for document in documents],
        pdf=merged,
    )


def _render_processes(part_count: int) -> int:
    """How many processes lay out a set of `part_count` documents: the setting
    DOCUMENT_RENDER_PROCESSES (0: one per core, at most 4), or only this one for a short set
    or where processes cannot be forked safely."""
    configured = settings.DOCUMENT_RENDER_PROCESSES or min(os.cpu_count() or 1, 4)
    if part_count < PARALLEL_MIN_PARTS or "fork" not in multiprocessing.get_all_start_methods():
        return 1
    # A fork copies only the calling thread: a lock another thread held at that moment would
    # stay locked in the child for ever. A request thread of a threaded web server rendering
    # eagerly renders alone; Celery's prefork children, where renders run in production, run
    # their tasks in the main thread.
    if threading.current_thread() is not threading.main_thread():
        return 1
    return max(1, min(configured, part_count))


def _runs(htmls: list[str], count: int) -> list[tuple[int, int]]:
    """`count` contiguous runs (start, stop) of about equal work, the HTML's length standing
    in for the layout time (the minutes and the list are longer than a report)."""
    total = sum(len(html) for html in htmls)
    runs, start, size = [], 0, 0
    for index, html in enumerate(htmls[:-1]):
        size += len(html)
        if len(runs) < count - 1 and size >= total * (len(runs) + 1) / count:
            runs.append((start, index + 1))
            start = index + 1
    runs.append((start, len(htmls)))
    return runs


# Set in each worker by `_render_worker_start`, inherited from the parent by fork.
_worker_job: _SetJob | None = None
_worker_done = None  # the queue that counts finished documents for the parent's progress


def _die_with_parent(parent_pid: int) -> None:
    """Linux kills this process when the thread that forked it ends (PR_SET_PDEATHSIG): a
    Celery worker killed in the middle of a dossier leaves no render processes behind."""
    if sys.platform.startswith("linux"):
        pr_set_pdeathsig = 1
        ctypes.CDLL(None, use_errno=True).prctl(pr_set_pdeathsig, int(signal.SIGKILL), 0, 0, 0)
    if os.getppid() != parent_pid:  # the parent died before the line above
        os._exit(1)


def _refuse_queries(execute, sql, params, many, context):
    raise RuntimeError("A render worker must not use the database: its connection is the parent's.")


def _render_worker_start(job: _SetJob, parent_pid: int, temp_dir: str, done) -> None:
    global _worker_job, _worker_done
    _die_with_parent(parent_pid)
    # Inherited handlers are the parent's (Celery's); the parent stops the workers itself.
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # WeasyPrint's font folders, which a worker's exit would not remove: the parent removes
    # this folder once the workers are gone.
    tempfile.tempdir = temp_dir
    # The inherited connections' sockets are the parent's: a query here would interleave
    # with its traffic. A worker never closes them either (it ends with os._exit).
    for connection in connections.all():
        connection.execute_wrappers.append(_refuse_queries)
    _worker_job, _worker_done = job, done


def _render_worker_run(start: int, stop: int) -> _RunResult:
    return _render_run(_worker_job, start, stop, lambda: _worker_done.put(1))


@contextmanager
def _children_allowed():
    """Let a daemonic process (a Celery prefork child) start the workers: multiprocessing
    refuses, because a daemonic process might exit without waiting for its children. Here
    they are waited for before the render returns, and die with their parent anyway."""
    config = multiprocessing.current_process()._config
    daemonic = config.get("daemon", False)
    config["daemon"] = False
    try:
        yield
    finally:
        config["daemon"] = daemonic


def _render_runs_forked(
    job: _SetJob, runs: list[tuple[int, int]], document_done
) -> list[_RunResult]:
    from concurrent.futures import FIRST_EXCEPTION, ProcessPoolExecutor, wait
    from concurrent.futures.process import BrokenProcessPool

    context = multiprocessing.get_context("fork")
    done = context.SimpleQueue()  # written synchronously: all is there once a run returns

    def count_done():
        while not done.empty():
            done.get()
            document_done()

    with tempfile.TemporaryDirectory(prefix="render-") as temp_dir, _children_allowed():
        pool = ProcessPoolExecutor(
            max_workers=len(runs),
            mp_context=context,
            initializer=_render_worker_start,
            initargs=(job, os.getpid(), temp_dir, done),
        )
        try:
            futures = [pool.submit(_render_worker_run, start, stop) for start, stop in runs]
            pending = futures
            while pending:
                _finished, pending = wait(pending, timeout=0.05, return_when=FIRST_EXCEPTION)
                count_done()
                if any(f.done() and f.exception() is not None for f in futures):
                    break
            results = [future.result() for future in futures]  # raises a worker's error
        except BrokenProcessPool as exc:
            raise DocumentRenderError(_("A render process stopped unexpectedly.")) from exc
        finally:
            pool.shutdown(wait=True, cancel_futures=True)
            done.close()
    return results


def _joined_pdf(pdfs: list[bytes], bookmarks: list[tuple[str, int]]) -> bytes:
    """The PDFs one after the other, with an outline entry (title, first page index) per
    document. The first PDF's information (title, producer) is kept."""
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.generic import pdf_name
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.pdf_utils.writer import PdfFileWriter

    writer = PdfFileWriter(stream_xrefs=False)
    tree_ref = writer.root.raw_get("/Pages")
    tree = tree_ref.get_object()
    for index, pdf in enumerate(pdfs):
        reader = PdfFileReader(io.BytesIO(pdf))
        if index == 0:
            writer.set_info(writer.import_object(reader.trailer_view.raw_get("/Info")))
        # Each PDF's page tree, imported whole (its fonts once), becomes a branch of ours.
        branch_ref = writer.import_object(reader.root.raw_get("/Pages"))
        branch = branch_ref.get_object()
        branch[pdf_name("/Parent")] = tree_ref
        tree["/Kids"].append(branch_ref)
        tree[pdf_name("/Count")] = generic.NumberObject(tree["/Count"] + branch["/Count"])

    outline_ref = writer.add_object(
        generic.DictionaryObject({pdf_name("/Type"): pdf_name("/Outlines")})
    )
    items = []
    for title, page_index in bookmarks:
        page_ref, _resources = writer.find_page_for_modification(page_index)
        item = generic.DictionaryObject(
            {
                pdf_name("/Title"): generic.TextStringObject(title),
                pdf_name("/Parent"): outline_ref,
                pdf_name("/Dest"): generic.ArrayObject([page_ref, pdf_name("/Fit")]),
            }
        )
        items.append(writer.add_object(item))
    for previous, following in itertools.pairwise(items):
        previous.get_object()[pdf_name("/Next")] = following
        following.get_object()[pdf_name("/Prev")] = previous
    if items:
        outline = outline_ref.get_object()
        outline[pdf_name("/First")], outline[pdf_name("/Last")] = items[0], items[-1]
        outline[pdf_name("/Count")] = generic.NumberObject(len(items))
        writer.root[pdf_name("/Outlines")] = outline_ref
        writer.root[pdf_name("/PageMode")] = pdf_name("/UseOutlines")
    output = io.BytesIO()
    writer.write(output)
    return output.getvalue()


def render_pdf_set(
    parts: list[tuple[str, dict]],
    *,
    base_url: str | None = None,
    progress: Callable[[int, int], None] | None = None,
    finish: Callable[[int, bytes], bytes] | None = None,
    titles: list[str] | None = None,
) -> tuple[list[RenderedDocument], bytes]:
    """Each document as its own PDF and all of them merged into one, each laid out once (a
    dossier: separate files and the whole set).

    A long set is laid out by several processes side by side (DOCUMENT_RENDER_PROCESSES).
    `finish(index, pdf)` returns the PDF of document `index` to keep, e.g. signed; it may run
    in a forked process, so it must not use the database. The merged PDF is not finished.
    It has a bookmark per document: `titles`, by default each document's HTML title.
    `progress(done, total)` counts the finished documents.
    """
    total = len(parts)
    done = 0

    def document_done():
        nonlocal done
        done += 1
        if progress is not None:
            progress(done, total)

    job = _SetJob(
        htmls=[_unlinked_html(template_name, context) for template_name, context in parts],
        base_url=_base_url(base_url),
        finish=finish,
    )
    processes = _render_processes(total)
    if processes == 1:
        results = [_render_run(job, 0, total, document_done)]
    else:
        results = _render_runs_forked(job, _runs(job.htmls, processes), document_done)

    pdfs = [pdf for result in results for pdf in result.pdfs]
    page_counts = [count for result in results for count in result.page_counts]
    titles = titles or [title for result in results for title in result.titles]
    first_pages = [sum(page_counts[:index]) for index in range(total)]
    separate = [
        RenderedDocument(html=render_to_string(template_name, context), pdf=pdf)
        for (template_name, context), pdf in zip(parts, pdfs, strict=True)
    ]
    merged = _joined_pdf(
        [result.pdf for result in results], list(zip(titles, first_pages, strict=True))
    )
    return separate, merged


def pdf_text(
    pdf: bytes,
    *,
    first_page: int | None = None,
    last_page: int | None = None,
    layout: bool = True,
    box: tuple[int, int, int, int] | None = None,
) -> str:
    """The text of a PDF (poppler's `pdftotext`), in NFC: as laid out on the page, or with
    `layout=False` in reading order. `box` = (x, y, width, height) in points reads only that
    area, e.g. one column of the letterhead.

    Pages are separated by form feeds ("\\f"); `first_page`/`last_page` limit the range.
    """
    command = ["pdftotext", *(["-layout"] if layout else []), "-enc", "UTF-8"]
    if box is not None:
        for flag, value in zip(("-x", "-y", "-W", "-H"), box, strict=True):
            command += [flag, str(value)]
    if first_page is not None:
        command += ["-f", str(first_page)]
    if last_page is not None:
        command += ["-l", str(last_page)]
    result = subprocess.run(
        [*command, "-", "-"], input=pdf, capture_output=True, check=True, timeout=60
    )
    return unicodedata.normalize("NFC", result.stdout.decode("utf-8"))


# How long a waiting or running job of the same document is followed instead of starting
# another one.
UNFINISHED_JOB_REUSED_FOR = datetime.timedelta(minutes=15)


@transaction.atomic
def render_job_start(*, actor: User | None, builder: str, object_id: int, tenant=None) -> RenderJob:
    """Queue the background render of `object_id` by the registered `builder`.

    The render starts once the caller's transaction commits, in a Celery worker, or without
    a broker in a thread of this process (never inside the request); the user follows the
    job's status and progress. `tenant` defaults to the actor's (pass it when the system
    renders).
    """
    if not builders.is_registered(builder):
        raise ValidationError(_("Unknown document: %(name)s.") % {"name": builder})
    tenant_id = tenant.pk if tenant is not None else getattr(actor, "tenant_id", None)
    if tenant_id is None:
        raise ValidationError(_("A render job needs a tenant."))
    unfinished = (
        RenderJob.objects.filter(
            tenant_id=tenant_id,
            builder=builder,
            object_id=object_id,
            status__in=(RenderJob.Status.PENDING, RenderJob.Status.RUNNING),
            created_at__gte=timezone.now() - UNFINISHED_JOB_REUSED_FOR,
        )
        .order_by("-pk")
        .first()
    )
    if unfinished is not None and not background.abandoned(unfinished):
        # A second click while the same document renders follows that render; a job stuck
        # longer than UNFINISHED_JOB_REUSED_FOR (a lost broker message) no longer blocks one.
        return unfinished
    in_thread = background.enabled()
    job = RenderJob.objects.create(
        tenant_id=tenant_id,
        requested_by=actor,
        builder=builder,
        object_id=object_id,
        task_id=str(uuid.uuid4()),
        runner=background.runner() if in_thread else "",
        heartbeat_at=timezone.now() if in_thread else None,
    )
    _queue_on_commit(job, in_thread)
    return job


def _queue_on_commit(job: RenderJob, in_thread: bool) -> None:
    if in_thread:
        transaction.on_commit(lambda: background.submit(job.pk))
    else:
        transaction.on_commit(lambda: render_document.apply_async((job.pk,), task_id=job.task_id))


# A job whose thread was lost is queued again this many times, then failed: a document
# that brings its process down (out of memory) must not do so on every poll.
RENDER_RESTARTS_MAX = 1


def render_job_recover(*, job: RenderJob) -> RenderJob:
    """The job as it now is, after queueing it again (or failing it, once it has been
    queued again RENDER_RESTARTS_MAX times) if it waits or renders in a background thread
    that is gone: its process stopped. Called on each poll of the job's status; only one
    poll takes the job over."""
    if not background.abandoned(job):
        return job  # no query: the poll of a job that renders costs nothing more
    with transaction.atomic():
        _render_job_take_over(job)
    job.refresh_from_db()
    return job


def _render_job_take_over(job: RenderJob) -> None:
    unchanged = RenderJob.objects.filter(pk=job.pk, runner=job.runner, status=job.status)
    if job.restarts < RENDER_RESTARTS_MAX:
        in_thread = background.enabled()
        if unchanged.update(
            status=RenderJob.Status.PENDING,
            progress=0,
            restarts=F("restarts") + 1,
            runner=background.runner() if in_thread else "",
            heartbeat_at=timezone.now() if in_thread else None,
            task_id=str(uuid.uuid4()),
        ):
            job.refresh_from_db()
            _queue_on_commit(job, in_thread)
    else:
        unchanged.update(
            status=RenderJob.Status.FAILED,
            error=_("The server stopped while it rendered this document: produce it again."),
            finished_at=timezone.now(),
        )
