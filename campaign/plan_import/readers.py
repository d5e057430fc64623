"""A plan's file (.docx, .doc or PDF) as the ordered list of its lines.

A Word file is read body paragraphs and table cells in document order (a real letterhead is a
borderless two-column table); a manual line break inside a paragraph starts a new line, a tab
is kept as "\\t" (the extractor splits "Số: 112/KH-MNCG<tab>Quận 1, ngày …" on it), and manual
numbering ("1.", "a)", "- ") stays as typed. A .doc goes through LibreOffice first, a PDF through
pdftotext. Nothing leaves the machine.
"""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
import tempfile
import unicodedata
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .doc (and .xls…) compound file
PDF_MAGIC = b"%PDF-"
EXE_MAGICS = (b"MZ", b"\x7fELF", b"\xcf\xfa\xed\xfe", b"#!")

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


class PlanFileError(ValidationError):
    """The file cannot be read as a plan; the message is for the clerk."""


def read_paragraphs(file: str | os.PathLike[str] | IO[bytes], name: str = "") -> list[str]:
    """The non-blank lines of the plan in `file` (a path or an open binary file, e.g. an
    UploadedFile; `name` only helps the messages), in document order."""
    data = _read_limited(file)
    head = data[:8]
    if not data.strip():
        raise PlanFileError(_("The file is empty: there is no text to read."), code="empty")
    if head.startswith(EXE_MAGICS):
        raise PlanFileError(
            _(
                "This file is a program, not a Word document or a PDF: it was refused. "
                "Upload the plan as .docx, .doc or .pdf."
            ),
            code="program",
        )
    if head.startswith(ZIP_MAGIC):
        lines = _docx_lines(data)
    elif head.startswith(OLE_MAGIC):
        lines = _docx_lines(_doc_to_docx(data))
    elif head.startswith(PDF_MAGIC):
        lines = _pdf_lines(data)
    else:
        raise PlanFileError(_corrupt_message(), code="corrupt")
    lines = [line for line in (_clean(line) for line in lines) if line]
    if not lines:
        raise PlanFileError(_("The document is empty: there is no text to read."), code="empty")
    return lines


def _corrupt_message() -> str:
    return _(
        "The file is damaged or is not a Word document (.docx, .doc) or a PDF: it cannot be "
        "read. Open it in Word, save it again as .docx and upload that copy."
    )


def _read_limited(file: str | os.PathLike[str] | IO[bytes]) -> bytes:
    limit = settings.PLAN_IMPORT_MAX_BYTES
    if isinstance(file, (str, os.PathLike)):
        size = Path(file).stat().st_size
        if size > limit:
            raise _too_large(limit)
        return Path(file).read_bytes()
    declared = getattr(file, "size", None)
    if declared is not None and declared > limit:
        raise _too_large(limit)
    if hasattr(file, "seek"):
        file.seek(0)
    data = file.read(limit + 1)
    if len(data) > limit:
        raise _too_large(limit)
    return data


def _too_large(limit: int) -> PlanFileError:
    return PlanFileError(
        _("The file is larger than %(limit)s MB: it cannot be read.")
        % {"limit": limit // (1024 * 1024)},
        code="too_large",
    )


def _clean(line: str) -> str:
    # Composed characters ("ỳ", not "y" and a combining grave, as some PDFs give them);
    # non-breaking and other odd spaces become spaces; tabs are kept, runs of spaces are not.
    line = unicodedata.normalize("NFC", line)
    line = re.sub(r"[\u00a0\u2002\u2003\u2009\u200b\ufeff]", " ", line)
    line = re.sub(r" *\t[ \t]*", "\t", line)
    return re.sub(r" {2,}", " ", line).strip(" \t")


# --- .docx -----------------------------------------------------------------------------------


def _docx_lines(data: bytes) -> list[str]:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            if "word/document.xml" not in archive.namelist():
                raise PlanFileError(_corrupt_message(), code="corrupt")
            archive.testzip()
        import docx  # python-docx; imported here so the module loads without it

        document = docx.Document(io.BytesIO(data))
    except PlanFileError:
        raise
    except Exception as error:  # zipfile.BadZipFile, lxml errors, KeyError…
        raise PlanFileError(_corrupt_message(), code="corrupt") from error
    reader = _DocxReader(document)
    lines = list(reader.blocks(document.element.body))
    # Some offices put the letterhead in the first page's header: read it first when it holds
    # one (a running header with a page number does not).
    section = document.sections[0] if document.sections else None
    if section is not None:
        header = section.first_page_header if section.different_first_page_header_footer else None
        for part in (header, section.header):
            if part is None or part.is_linked_to_previous:
                continue
            header_lines = [line for line in reader.blocks(part._element) if line.strip()]
            if any(re.search(r"(?i)\bSố\s*:|CỘNG HÒA", line) for line in header_lines):
                return header_lines + lines
    return lines


class _DocxReader:
    """Walks a document's blocks; writes out Word's automatic numbering ("I.", "1.", "a)",
    bullets as "-") in front of the paragraphs that carry it, as if it had been typed."""

    def __init__(self, document) -> None:
        self.levels: dict[tuple[str, int], tuple[str, str, int]] = {}  # format, text, start
        self.counters: dict[str, dict[int, int]] = {}
        self.style_numbering: dict[str, tuple[str, int]] = {}
        try:
            numbering = document.part.numbering_part.element
        except (KeyError, NotImplementedError, AttributeError):
            numbering = None
        if numbering is not None:
            abstract = {
                item.get(W + "abstractNumId"): item
                for item in numbering.iterchildren(W + "abstractNum")
            }
            for num in numbering.iterchildren(W + "num"):
                reference = num.find(W + "abstractNumId")
                if reference is None or reference.get(W + "val") not in abstract:
                    continue
                for level in abstract[reference.get(W + "val")].iterchildren(W + "lvl"):
                    self.levels[(num.get(W + "numId"), int(level.get(W + "ilvl", "0")))] = (
                        _val(level, "numFmt") or "decimal",
                        _val(level, "lvlText") or "",
                        int(_val(level, "start") or "1"),
                    )
        for style in document.styles.element.iterchildren(W + "style"):
            num_pr = style.find(f"{W}pPr/{W}numPr")
            if num_pr is not None:
                num_id = _val(num_pr, "numId")
                if num_id:
                    self.style_numbering[style.get(W + "styleId")] = (
                        num_id,
                        int(_val(num_pr, "ilvl") or "0"),
                    )

    def blocks(self, container) -> Iterator[str]:
        """Paragraphs and tables of a body or a table cell, in order."""
        for child in container.iterchildren():
            if child.tag == W + "p":
                yield from (self.number(child) + _paragraph_text(child)).split("\n")
            elif child.tag == W + "tbl":
                # Row by row, cell by cell: a letterhead's left cell (the bodies, the number)
                # comes before its right one (the national motto, the place and date).
                for row in child.iterchildren(W + "tr"):
                    for cell in row.iterchildren(W + "tc"):
                        yield from self.blocks(cell)
            elif child.tag == W + "sdt":  # content control: its content is a body of its own
                content = child.find(W + "sdtContent")
                if content is not None:
                    yield from self.blocks(content)

    def number(self, paragraph) -> str:
        num_pr = paragraph.find(f"{W}pPr/{W}numPr")
        if num_pr is not None:
            num_id, level = _val(num_pr, "numId"), int(_val(num_pr, "ilvl") or "0")
        else:
            style = paragraph.find(f"{W}pPr/{W}pStyle")
            found = self.style_numbering.get(style.get(W + "val")) if style is not None else None
            if found is None:
                return ""
            num_id, level = found
        if not num_id or num_id == "0" or (num_id, level) not in self.levels:
            return ""
        if not _paragraph_text(paragraph).strip():
            return ""
        number_format, text, start = self.levels[(num_id, level)]
        counters = self.counters.setdefault(num_id, {})
        counters[level] = counters.get(level, start - 1) + 1
        for deeper in [key for key in counters if key > level]:
            del counters[deeper]
        if number_format == "bullet":
            return "- "
        if number_format == "none":
            return ""

        def value(match: re.Match[str]) -> str:
            index = int(match.group(1)) - 1
            fmt = self.levels.get((num_id, index), ("decimal", "", 1))[0]
            count = counters.get(index, self.levels.get((num_id, index), ("", "", 1))[2])
            return _format_number(count, fmt)

        return re.sub(r"%(\d)", value, text) + " "


def _val(element, name: str) -> str | None:
    child = element.find(W + name)
    return child.get(W + "val") if child is not None else None


def _format_number(count: int, number_format: str) -> str:
    if number_format in ("upperRoman", "lowerRoman"):
        numerals = [(10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")]
        text = ""
        for size, numeral in numerals:
            while count >= size:
                text, count = text + numeral, count - size
        return text if number_format == "upperRoman" else text.lower()
    if number_format in ("lowerLetter", "upperLetter"):
        letter = "abcdefghijklmnopqrstuvwxyz"[(count - 1) % 26]
        return letter if number_format == "lowerLetter" else letter.upper()
    return str(count)


def _paragraph_text(paragraph) -> str:
    parts: list[str] = []
    for element in paragraph.iter(W + "t", W + "tab", W + "br", W + "cr", W + "noBreakHyphen"):
        # Text inside a text box nested in this paragraph belongs to that box's paragraphs,
        # which iter() also reaches: keep it, it is rare and in order.
        if element.tag == W + "t":
            parts.append(element.text or "")
        elif element.tag == W + "tab":
            # A tab stop definition (w:tabs/w:tab in the paragraph properties) is not text.
            if element.getparent().tag != W + "tabs":
                parts.append("\t")
        elif element.tag == W + "noBreakHyphen":
            parts.append("-")
        else:
            parts.append("\n")
    return "".join(parts)


# --- .doc ------------------------------------------------------------------------------------


def _doc_to_docx(data: bytes) -> bytes:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        raise PlanFileError(
            _(
                "This is an old Word file (.doc) and LibreOffice, which converts it, is not "
                "installed on the server. Open it in Word, save it as .docx and upload that copy."
            ),
            code="doc_unsupported",
        )
    with tempfile.TemporaryDirectory(prefix="plan-import-") as directory:
        source = Path(directory) / "plan.doc"
        source.write_bytes(data)
        profile = Path(directory) / "profile"
        try:
            subprocess.run(
                [
                    soffice,
                    f"-env:UserInstallation={profile.as_uri()}",
                    "--headless",
                    "--convert-to",
                    "docx",
                    "--outdir",
                    directory,
                    str(source),
                ],
                check=True,
                capture_output=True,
                timeout=settings.PLAN_IMPORT_CONVERT_TIMEOUT,
            )
            return (Path(directory) / "plan.docx").read_bytes()
        except (subprocess.SubprocessError, OSError) as error:
            raise PlanFileError(
                _(
                    "LibreOffice could not convert this .doc file; it may be damaged. Open it in "
                    "Word, save it as .docx and upload that copy."
                ),
                code="doc_failed",
            ) from error


# --- PDF -------------------------------------------------------------------------------------

# A line that starts a paragraph of its own: a heading, a numbered or bulleted item.
_PARAGRAPH_START = re.compile(
    r"^(?:[IVX]+\.|\d+(?:\.\d+)*\.\s|[a-zđ][.)]\s|[-–+•*]\s|Căn cứ|Thực hiện|Đợt \d|Số:|Nơi nhận)",
    re.IGNORECASE,
)
_PARAGRAPH_END = re.compile(r"[.;:!?]$|\./\.$")
# The letterhead's two columns, set side by side by `pdftotext -layout`.
_COLUMN_GAP = re.compile(r" {4,}")
# The document's kind, centred under the letterhead, ends it.
_KIND_LINE = re.compile(r"^\s*(?:KẾ HOẠCH|QUYẾT ĐỊNH|BÁO CÁO|TỜ TRÌNH|CÔNG VĂN|THÔNG BÁO)\b")
_LETTERHEAD_LINES = 15
# A line this far in is centred (a title), not the continuation of a sentence.
_CENTRED_INDENT = 8


def _pdf_lines(data: bytes) -> list[str]:
    pdftotext = shutil.which("pdftotext")
    if pdftotext is None:
        raise PlanFileError(
            _("PDF files cannot be read on this server (pdftotext is not installed)."),
            code="pdf_unsupported",
        )
    try:
        result = subprocess.run(
            [pdftotext, "-layout", "-enc", "UTF-8", "-", "-"],
            input=data,
            check=True,
            capture_output=True,
            timeout=settings.PLAN_IMPORT_CONVERT_TIMEOUT,
        )
    except (subprocess.SubprocessError, OSError) as error:
        raise PlanFileError(_corrupt_message(), code="corrupt") from error
    text = result.stdout.decode("utf-8", errors="replace")
    if not text.strip():
        raise PlanFileError(
            _(
                "This PDF has no text layer (it is a scanned image): upload the Word file of "
                "the plan instead."
            ),
            code="no_text",
        )
    return _join_wrapped(text.replace("\f", "\n").splitlines())


def _join_wrapped(raw: list[str]) -> list[str]:
    """Printed lines back into paragraphs: a line continues the previous one unless that one
    ended a sentence, or this one starts a heading or an item or is centred, or the previous
    one is a short upper-case heading. The letterhead, side by side before the document's
    kind, is read column by column."""
    kind_at = next(
        (i for i, line in enumerate(raw[:_LETTERHEAD_LINES]) if _KIND_LINE.match(line)), None
    )
    paragraphs: list[str] = []
    body = raw
    if kind_at is not None and any(_COLUMN_GAP.search(line.strip()) for line in raw[:kind_at]):
        paragraphs.extend(_letterhead(raw[:kind_at]))
        body = raw[kind_at:]
    current = ""
    for raw_line in body:
        line = raw_line.strip()
        if not line:
            if current:
                paragraphs.append(current)
            current = ""
            continue
        centred = len(raw_line) - len(raw_line.lstrip(" ")) >= _CENTRED_INDENT
        heading = current.upper() == current and len(current) < 60
        if (
            current
            and not centred
            and not heading
            and not _PARAGRAPH_END.search(current)
            and not _PARAGRAPH_START.match(line)
        ):
            current = f"{current} {line}"
        else:
            if current:
                paragraphs.append(current)
            current = line
    if current:
        paragraphs.append(current)
    return paragraphs


def _letterhead(raw: list[str]) -> list[str]:
    """The two columns of a letterhead set side by side, left column first; a column's
    upper-case lines wrapped over two lines ("TRƯỜNG MẦM NON" / "HOA SEN") are joined."""
    split: list[tuple[str, str, int]] = []  # left text, right text, where the right starts
    for line in raw:
        line = line.rstrip()
        indent = len(line) - len(line.lstrip())
        gap = _COLUMN_GAP.search(line, indent)
        if gap:
            split.append((line[: gap.start()].strip(), line[gap.end() :].strip(), gap.end()))
        elif line.strip():
            split.append((line.strip(), "", -indent))  # one column; side decided below
    # Where the right column starts: the nearest start seen on a two-column line.
    boundary = min((start for _l, _r, start in split if start > 0), default=0)
    columns: tuple[list[str], list[str]] = ([], [])
    for left, right, start in split:
        if start > 0:
            columns[0].append(left)
            columns[1].append(right)
        else:
            columns[1 if boundary and -start >= boundary - 2 else 0].append(left)
    lines: list[str] = []
    for column in columns:
        joined: list[str] = []
        for text in column:
            # The issuing body wraps after the parent body (its first line); the national
            # name wraps too ("… VIỆT" / "NAM").
            if (
                joined
                and text.upper() == text
                and joined[-1].upper() == joined[-1]
                and len(joined) >= (2 if column is columns[0] else 1)
                and not re.match(r"(?i)số\s*:", joined[-1])
                and not re.match(r"(?i)số\s*:", text)
            ):
                joined[-1] = f"{joined[-1]} {text}"
            else:
                joined.append(text)
        lines.extend(joined)
    return lines
