"""The official-document engine's public functions: what other apps import, and only that.

A thin façade: each function lives in the module of its concept, and this module re-exports
it, so `from documents.services import render_pdf` keeps working while the modules behind it
change. Keep it small and stable; code inside `documents` imports the concept modules.

- Numbering (`documents.numbering`): `number_allocate` gives the next number of a unit's
  register inside the issuing transaction; `number_register_continue` starts a register from
  the unit's paper register.
- Rendering in the state format, Nghị định 30/2020/NĐ-CP (`documents.rendering`):
  `render_pdf` turns a template extending "documents/base.html" into a `RenderedDocument`
  (HTML and PDF, bundled fonts only); `render_pdf_bundle` puts several documents in one PDF;
  `pdf_text` reads a PDF's text back (tests and checks); `DocumentRenderError` is raised when
  a resource cannot be loaded or a render process dies.
- Word (`documents.docx`): `render_docx` / `render_docx_bundle` give the same template (and
  so the same wording) as an editable .docx in the state format.
- Render sets (`documents.render_sets`): `render_pdf_set` gives several documents as one PDF
  each and merged, a long set laid out by several forked processes (DOCUMENT_RENDER_PROCESSES).
- Background render jobs (`documents.jobs`): `render_job_start` queues a registered builder
  (see `documents.builders`). Its progress page, `documents.views.job_status_response`, also
  recovers a job whose background thread is gone.
"""

from __future__ import annotations

from .docx import render_docx, render_docx_bundle
from .jobs import render_job_start
from .numbering import number_allocate, number_register_continue
from .render_sets import render_pdf_set
from .rendering import (
    DocumentRenderError,
    RenderedDocument,
    pdf_text,
    render_pdf,
    render_pdf_bundle,
)

__all__ = [
    "DocumentRenderError",
    "RenderedDocument",
    "number_allocate",
    "number_register_continue",
    "pdf_text",
    "render_docx",
    "render_docx_bundle",
    "render_job_start",
    "render_pdf",
    "render_pdf_bundle",
    "render_pdf_set",
]
