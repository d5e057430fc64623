"""Checked uploads (evidence, report attachments): what a file really is, read from its
bytes, never from its name.

An .exe renamed "ke-hoach.pdf" starts with "MZ", not "%PDF-", and is refused; office files
are ZIP or OLE2 containers, recognised by what they contain. An office file with macros is
accepted (a unit's own spreadsheet may have them) but flagged, and shown with a warning.
"""

from __future__ import annotations

import hashlib
import logging
import zipfile
from dataclasses import dataclass

logger = logging.getLogger(__name__)

OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


@dataclass(frozen=True)
class FileType:
    content_type: str
    extension: str
    label: str


PDF = FileType("application/pdf", "pdf", "PDF")
PNG = FileType("image/png", "png", "PNG")
JPEG = FileType("image/jpeg", "jpg", "JPEG")
GIF = FileType("image/gif", "gif", "GIF")
WEBP = FileType("image/webp", "webp", "WebP")
DOCX = FileType(
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx", "Word"
)
XLSX = FileType(
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx", "Excel"
)
PPTX = FileType(
    "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "pptx",
    "PowerPoint",
)
OLE_OFFICE = FileType("application/x-ole-storage", "doc", "Word/Excel 97-2003")
ODF = {
    "application/vnd.oasis.opendocument.text": FileType(
        "application/vnd.oasis.opendocument.text", "odt", "ODF"
    ),
    "application/vnd.oasis.opendocument.spreadsheet": FileType(
        "application/vnd.oasis.opendocument.spreadsheet", "ods", "ODF"
    ),
    "application/vnd.oasis.opendocument.presentation": FileType(
        "application/vnd.oasis.opendocument.presentation", "odp", "ODF"
    ),
}
ACCEPTED_LABELS = "PDF, PNG, JPEG, GIF, WebP, Word, Excel, PowerPoint, ODF"


def detect(upload) -> FileType | None:
    """The type of `upload` (a file object) from its content, or None if it is not one of
    the accepted kinds. The file is left at position 0."""
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head[:6] in (b"GIF87a", b"GIF89a"):
        return GIF
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return WEBP
    if head.startswith(OLE2):
        return OLE_OFFICE
    if head.startswith(b"PK\x03\x04"):
        return _zip_office(upload)
    return None


def _zip_office(upload) -> FileType | None:
    try:
        with zipfile.ZipFile(upload) as archive:
            names = set(archive.namelist())
            if "mimetype" in names:
                return ODF.get(archive.read("mimetype").decode("ascii", "replace").strip())
            if "[Content_Types].xml" in names:
                prefixes = {name.split("/", 1)[0] for name in names}
                if "word" in prefixes:
                    return DOCX
                if "xl" in prefixes:
                    return XLSX
                if "ppt" in prefixes:
                    return PPTX
    except (zipfile.BadZipFile, OSError, ValueError):
        return None
    finally:
        upload.seek(0)
    return None


# Where office files keep macros: OOXML's vbaProject.bin (.docm, .xlsm, .pptm, or a renamed
# one), ODF's Basic/ and Scripts/ folders, and the VBA storages of a 97-2003 (OLE2) file,
# whose directory names are UTF-16.
ZIP_MACRO_PARTS = ("vbaProject.bin", "vbaProjectSignature.bin")
ZIP_MACRO_FOLDERS = ("Basic/", "Scripts/")
OLE_MACRO_NAMES = tuple(name.encode("utf-16-le") for name in ("_VBA_PROJECT", "Macros", "VBA"))


def has_macros(upload, file_type: FileType) -> bool:
    """Whether an office file carries macros. The file is left at position 0."""
    try:
        if file_type is OLE_OFFICE:
            upload.seek(0)
            content = upload.read()
            return any(name in content for name in OLE_MACRO_NAMES)
        if file_type in (DOCX, XLSX, PPTX) or file_type in ODF.values():
            with zipfile.ZipFile(upload) as archive:
                for name in archive.namelist():
                    if name.rsplit("/", 1)[-1] in ZIP_MACRO_PARTS or name.startswith(
                        ZIP_MACRO_FOLDERS
                    ):
                        return True
                if "[Content_Types].xml" in archive.namelist():
                    return b"macroEnabled" in archive.read("[Content_Types].xml")
        return False
    except (zipfile.BadZipFile, OSError, ValueError):
        return False
    finally:
        upload.seek(0)


def sha256_of(upload) -> str:
    digest = hashlib.sha256()
    upload.seek(0)
    for chunk in iter(lambda: upload.read(1024 * 1024), b""):
        digest.update(chunk)
    upload.seek(0)
    return digest.hexdigest()


def object_store_errors() -> tuple[type[Exception], ...]:
    """What the S3 client raises when the object store does not answer or refuses (connection,
    timeout, missing bucket, denied)."""
    from botocore.exceptions import BotoCoreError, ClientError

    return (BotoCoreError, ClientError)


def check_upload(upload) -> FileType:
    """The upload's type, read from its bytes, once its size is within `EVIDENCE_MAX_MB`;
    a message for the user otherwise (evidence and report attachments alike)."""
    from django.conf import settings
    from django.core.exceptions import ValidationError
    from django.utils.translation import gettext as _

    limit = settings.EVIDENCE_MAX_BYTES
    if upload.size > limit:
        raise ValidationError(
            _("The file is %(size)s MB; the limit is %(limit)s MB.")
            % {"size": f"{upload.size / 1048576:.1f}", "limit": limit // 1048576}
        )
    file_type = detect(upload)
    if file_type is None:
        raise ValidationError(
            _('"%(name)s" is not an accepted file (%(types)s), whatever its name says.')
            % {"name": upload.name, "types": ACCEPTED_LABELS}
        )
    return file_type


def store_checked(stored, upload, *, actor, fallback_stem: str):
    """Check `upload`, fill `stored` (a `core.models.CheckedFile`) from it, keep the bytes
    under their SHA-256 (never the user's file name) and save it."""
    from django.core.exceptions import ValidationError
    from django.utils.text import get_valid_filename
    from django.utils.translation import gettext as _

    file_type = check_upload(upload)
    stored.original_name = (
        get_valid_filename(upload.name)[:255] or f"{fallback_stem}.{file_type.extension}"
    )
    stored.content_type = file_type.content_type
    stored.has_macros = has_macros(upload, file_type)
    stored.size = upload.size
    stored.sha256 = sha256_of(upload)
    stored.uploaded_by = actor
    stored.full_clean(exclude=["file", "uploaded_by"])
    try:
        stored.file.save(f"{stored.sha256[:16]}.{file_type.extension}", upload, save=False)
    except (OSError, *object_store_errors()) as exc:
        # The store is down or full: the user's other input is kept by the caller (the
        # error is a form error), and nothing is written for a file that is not there.
        logger.warning("file store refused an upload", exc_info=True)
        raise ValidationError(
            _(
                "The file could not be stored: the file store is not answering. What you "
                "typed is kept; choose the file again and send it in a few minutes."
            )
        ) from exc
    stored.save()
    return stored


def download_response(stored):
    """The file as a download under its original name (after the caller's permission
    check: files are never served from a public media URL)."""
    from django.http import FileResponse

    return FileResponse(
        stored.file.open("rb"),
        as_attachment=True,
        filename=stored.original_name,
        content_type=stored.content_type,
    )
