"""Rendering in the state format (Nghị định 30/2020/NĐ-CP): a template extending
"documents/base.html" becomes HTML and PDF, with the bundled fonts only, in this process.

- `render_pdf`: one document → HTML and PDF.
- `render_pdf_bundle`: several documents as one PDF, each with its own letterhead.
- `pdf_text`: the text of a PDF (tests and checks).

A set rendered in several processes (`documents.render_sets`) lays its documents out with
the same pieces: `unlinked_html`, `laid_out`, `merged_pdf`, `default_base_url` and
`fetch_errors_as_render_errors`.
"""

from __future__ import annotations

import mimetypes
import subprocess
import unicodedata
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.template.loader import render_to_string
from django.templatetags.static import static

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


def default_base_url(base_url: str | None) -> str:
    """`base_url`, or the project directory: what relative URLs in a document resolve against."""
    return base_url or Path(settings.BASE_DIR).as_uri() + "/"


def unlinked_html(template_name: str, context: dict) -> str:
    """The HTML that is laid out: the stylesheet comes parsed, so it leaves out the link."""
    return render_to_string(template_name, {**context, "shared_stylesheet": True})


def laid_out(htmls: list[str], base_url: str):
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
def fetch_errors_as_render_errors():
    """A resource that cannot be loaded raises `DocumentRenderError`."""
    from weasyprint.urls import FatalURLFetchingError

    try:
        yield
    except FatalURLFetchingError as exc:  # a BaseException: turn it into an ordinary error
        raise DocumentRenderError(f"{exc} ({exc.__cause__})") from exc


def _layout(parts: list[tuple[str, dict]], base_url: str | None):
    """The HTML (standalone, linking its stylesheet) and the laid-out WeasyPrint document of
    each part."""
    htmls = [unlinked_html(template_name, context) for template_name, context in parts]
    with fetch_errors_as_render_errors():
        documents = list(laid_out(htmls, default_base_url(base_url)))
    linked = [render_to_string(template_name, context) for template_name, context in parts]
    return list(zip(linked, documents, strict=True))


def merged_pdf(documents) -> bytes:
    """The laid-out WeasyPrint documents' pages as one PDF."""
    pages = [page for document in documents for page in document.pages]
    return documents[0].copy(pages).write_pdf()


def render_pdf_bundle(
    parts: list[tuple[str, dict]], *, base_url: str | None = None
) -> RenderedDocument:
    """Several documents in one PDF, one after the other, each with its own letterhead and
    page numbers (a cover letter and the list it sends, as an annex)."""
    pairs = _layout(parts, base_url)
    return RenderedDocument(
        html="\n".join(html for html, _document in pairs),
        pdf=merged_pdf([document for _html, document in pairs]),
    )


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
