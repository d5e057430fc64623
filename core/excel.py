"""The look of every workbook the platform writes (the consolidated list, the KPI table):
Times New Roman as clerks type by hand, thin borders, wrapped text; and the cell helpers of a
streamed (write-only) sheet."""

from __future__ import annotations

from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils.exceptions import IllegalCharacterError

# Excel keeps at most this many characters in a cell.
CELL_LIMIT = 32_767

THIN = Side(style="thin", color="000000")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
FONT = Font(name="Times New Roman", size=12)
BOLD = Font(name="Times New Roman", size=12, bold=True)
TITLE_FONT = Font(name="Times New Roman", size=13, bold=True)
CENTRED = Alignment(horizontal="center", vertical="center", wrap_text=True)
TOP_CENTRED = Alignment(horizontal="center", vertical="top", wrap_text=True)
TOP_LEFT = Alignment(horizontal="left", vertical="top", wrap_text=True)


def excel_text(value) -> str:
    """A string Excel stores as typed: no control characters, within the cell limit."""
    return ILLEGAL_CHARACTERS_RE.sub("", str(value or ""))[:CELL_LIMIT]


def styled_cell(sheet, font, alignment, border=None) -> WriteOnlyCell:
    """A cell of a write-only sheet with its style set once, to be refilled row after row."""
    cell = WriteOnlyCell(sheet)
    cell.font = font
    cell.alignment = alignment
    if border is not None:
        cell.border = border
    return cell


def set_value(cell, value):
    """Put a value in a (reused) cell, users' text kept as typed: "=HYPERLINK(...)" in a name
    is not a formula, nor "#N/A" an error."""
    try:
        # openpyxl scans each string for control characters and cuts it to the cell limit
        # anyway: the text is cleaned only when that scan refuses it, not scanned twice.
        cell.value = value
    except IllegalCharacterError:
        cell.value = excel_text(value)
    if cell.data_type in ("f", "e"):
        cell.data_type = "s"
    return cell
