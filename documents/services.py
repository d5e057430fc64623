"""The official-document engine every app uses: number allocation, PDF rendering in the state
format (Nghị định 30/2020/NĐ-CP) and background render jobs.

Keep this module small and stable: other apps import these functions.

- `number_allocate`: the next number of a unit's register, inside the issuing transaction.
- `number_register_continue`: start a register from the unit's paper register.
- `render_pdf`: a template extending "documents/base.html" → HTML and PDF, bundled fonts only.
- `render_pdf_bundle` / `render_pdf_set`: several documents as one PDF / also one PDF each.
- `pdf_text`: the text of a PDF (tests and checks).
- `render_job_start`: queue a registered builder (see `documents.builders`) as a Celery task.
"""

from __future__ import annotations

import datetime
import mimetypes
import subprocess
import unicodedata
import uuid
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.utils.translation import gettext as _

from units.models import Unit, User

from . import builders
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
    """A resource the document needs (its stylesheet, a font) could not be loaded."""


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


def _layout(parts: list[tuple[str, dict]], base_url: str | None, progress=None):
    """The HTML (standalone, linking its stylesheet) and the laid-out WeasyPrint document of
    each part.

    The state-format stylesheet and its fonts are parsed once for all the parts (about a
    quarter of a short document's time), so the copy that is laid out leaves out its link."""
    from weasyprint import CSS, HTML
    from weasyprint.text.fonts import FontConfiguration
    from weasyprint.urls import FatalURLFetchingError

    base_url = base_url or Path(settings.BASE_DIR).as_uri() + "/"
    fetcher = _url_fetcher()
    font_config = FontConfiguration()
    laid_out = []
    try:
        stylesheet = CSS(
            url=urljoin(base_url, static(STYLESHEET)), url_fetcher=fetcher, font_config=font_config
        )
        for index, (template_name, context) in enumerate(parts, start=1):
            unlinked = render_to_string(template_name, {**context, "shared_stylesheet": True})
            document = HTML(string=unlinked, base_url=base_url, url_fetcher=fetcher).render(
                stylesheets=[stylesheet], font_config=font_config
            )
            laid_out.append((render_to_string(template_name, context), document))
            if progress is not None:
                progress(index, len(parts))
    except FatalURLFetchingError as exc:  # a BaseException: turn it into an ordinary error
        raise DocumentRenderError(f"{exc} ({exc.__cause__})") from exc
    return laid_out


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


def render_pdf_set(
    parts: list[tuple[str, dict]], *, base_url: str | None = None, progress=None
) -> tuple[list[RenderedDocument], bytes]:
    """Each document as its own PDF and all of them merged into one, laid out once (a
    dossier: separate files and the whole set). `progress(done, total)` follows the layout,
    the slow part."""
    laid_out = _layout(parts, base_url, progress)
    separate = [
        RenderedDocument(html=html, pdf=document.write_pdf()) for html, document in laid_out
    ]
    return separate, _merged_pdf([document for _html, document in laid_out])


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


@transaction.atomic
def render_job_start(*, actor: User | None, builder: str, object_id: int, tenant=None) -> RenderJob:
    """Queue the background render of `object_id` by the registered `builder`.

    The task starts once the caller's transaction commits; the user follows the job's status
    and progress. `tenant` defaults to the actor's (pass it when the system renders).
    """
    if not builders.is_registered(builder):
        raise ValidationError(_("Unknown document: %(name)s.") % {"name": builder})
    tenant_id = tenant.pk if tenant is not None else getattr(actor, "tenant_id", None)
    if tenant_id is None:
        raise ValidationError(_("A render job needs a tenant."))
    job = RenderJob.objects.create(
        tenant_id=tenant_id,
        requested_by=actor,
        builder=builder,
        object_id=object_id,
        task_id=str(uuid.uuid4()),
    )
    transaction.on_commit(lambda: render_document.apply_async((job.pk,), task_id=job.task_id))
    return job
