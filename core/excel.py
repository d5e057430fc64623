"""The look of every workbook the platform writes (the consolidated list, the KPI table):
Times New Roman as clerks type by hand, thin borders, wrapped text; and the cell helpers of a
streamed (write-only) sheet."""

from __future__ import annotations

from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils.exceptions import IllegalCharacterError
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

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


class _StyledCell(Cell):
    """A write-only cell whose style is set once: its style id is looked up then, not hashed
    again each time the cell is written (once per row when it is refilled)."""

    __slots__ = ("style_id",)


def styled_cell(sheet, font, alignment, border=None) -> Cell:
    """A cell of a streamed sheet with its style set once, to be refilled row after row.
    Its style is fixed: change it and the cell is still written with the old one."""
    cell = _StyledCell(sheet, row=1, column=1)
    cell.font = font
    cell.alignment = alignment
    if border is not None:
        cell.border = border
    cell.style_id = sheet.parent._cell_styles.add(cell._style)
    return cell


class _StreamedSheet(WriteOnlyWorksheet):
    """A write-only sheet that takes ready cells as they are. openpyxl's own first tries each
    appended cell as a value (a failed conversion, an exception and its message per cell),
    then replaces the styled cell by a new one after writing it: two thirds of the time of a
    long styled table."""

    def _values_to_row(self, values, row_idx):
        for column, value in enumerate(values, 1):
            if value is None:
                continue
            cell = value if isinstance(value, Cell) else WriteOnlyCell(self, value)
            cell.column = column
            cell.row = row_idx
            if cell.hyperlink is not None:
                cell.hyperlink.ref = cell.coordinate
            yield cell


def streamed_sheet(workbook, title: str) -> WriteOnlyWorksheet:
    """A new sheet of a write-only workbook, for rows of `styled_cell`s and plain values."""
    sheet = _StreamedSheet(parent=workbook, title=title)
    workbook._add_sheet(sheet)
    return sheet


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
