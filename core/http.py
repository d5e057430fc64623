"""What views answer, the same way everywhere: a PDF or a workbook to download, a service's
refusal shown as a message, the unit the user acts for."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.utils.http import content_disposition_header

from .files import DOCX, PDF, XLSX


def acting_unit(request):
    """The unit of the request's acting membership (`request.membership`, set by the
    middleware), or None for a user acting for no unit."""
    membership = request.membership or None
    return membership.unit if membership else None


def error_text(exc) -> str:
    """The messages of a ValidationError (or the text of a PermissionDenied) as one line."""
    return " ".join(getattr(exc, "messages", [str(exc)]))


def flash_error(request, exc) -> None:
    """A service's refusal as an error message on the next page."""
    messages.error(request, error_text(exc))


def file_response(content: bytes, *, content_type: str, filename: str, as_attachment: bool):
    response = HttpResponse(content, content_type=content_type)
    # An ASCII name is written filename="..."; any other as RFC 6266's filename*=utf-8''...
    response["Content-Disposition"] = content_disposition_header(as_attachment, filename)
    return response


def pdf_response(content: bytes, filename: str, *, as_attachment: bool = False) -> HttpResponse:
    """A PDF shown in the browser (or downloaded, `as_attachment`) under `filename`."""
    return file_response(
        content, content_type=PDF.content_type, filename=filename, as_attachment=as_attachment
    )


def docx_filename(pdf_filename: str) -> str:
    """The Word file's name beside a PDF's: "ke-hoach-05-KH-MNCG.pdf" → "….docx"."""
    return pdf_filename.removesuffix(".pdf") + ".docx"


def docx_response(content: bytes, filename: str) -> HttpResponse:
    """A Word document downloaded under `filename`."""
    return file_response(
        content, content_type=DOCX.content_type, filename=filename, as_attachment=True
    )


def xlsx_response(content: bytes, filename: str) -> HttpResponse:
    """A workbook downloaded under `filename`."""
    return file_response(
        content, content_type=XLSX.content_type, filename=filename, as_attachment=True
    )
