"""The consolidated list as an Excel workbook, in the layout clerks type by hand.

    PHÒNG GIÁO DỤC VÀ ĐÀO TẠO ...                       (merged across the table, bold)
    DANH SÁCH MÔ HÌNH, GIẢI PHÁP, SÁNG KIẾN VỀ CẢI CÁCH HÀNH CHÍNH
    <campaign title> – <phase> năm <year>
    (Kèm theo Danh sách số 01/DS-PGD-A ngày 24/8/2024)   (once the list has a number)

    STT | Đơn vị | Tên ... | Loại | Lĩnh vực CCHC | Người phụ trách | Tóm tắt | Kết quả
    1   | ...

The items are read in one query, whatever their number, and streamed to a write-only sheet, so
memory stays flat on long lists; every printed label is Vietnamese whatever the user's language,
as the list is sent to another body.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from io import BytesIO

from django.db.models import QuerySet
from django.utils.translation import override
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.cell_range import CellRange
from openpyxl.worksheet.worksheet import Worksheet

from core.excel import (
    BOLD,
    BORDER,
    CENTRED,
    FONT,
    TITLE_FONT,
    TOP_CENTRED,
    TOP_LEFT,
    set_value,
    streamed_sheet,
    styled_cell,
)
from documents.formatting import vn_date_short

from .models import Consolidation, Initiative

LIST_TITLE = "DANH SÁCH MÔ HÌNH, GIẢI PHÁP, SÁNG KIẾN VỀ CẢI CÁCH HÀNH CHÍNH"

# (header, column width in characters)
COLUMNS = (
    ("STT", 6),
    ("Đơn vị", 28),
    ("Tên mô hình, giải pháp, sáng kiến", 40),
    ("Loại", 14),
    ("Lĩnh vực CCHC", 26),
    ("Người phụ trách", 22),
    ("Tóm tắt nội dung", 55),
    ("Kết quả dự kiến / Kết quả", 45),
)


def consolidation_items(consolidation: Consolidation) -> QuerySet[Initiative]:
    """The list's items with their unit and person in charge, ordered by unit (tree order)
    then id: one query, only the columns the list prints."""
    return (
        Initiative.objects.filter(consolidations=consolidation)
        .select_related("unit", "person_in_charge")
        .only(
            "id",
            "name",
            "kind",
            "area",
            "situation",
            "objectives",
            "expected_results",
            "unit__name",
            "unit__path",
            "person_in_charge__full_name",
        )
        .order_by("unit__path", "id")
    )


def phase_context(consolidation: Consolidation) -> str:
    """The short context of the list: "Đợt 1 năm 2024", or just "Năm 2024" when the phase's
    name already says the year."""
    deadline = consolidation.deadline
    name = deadline.phase.name.strip()
    year = str(deadline.due_date.year)
    if not name:
        return f"Năm {year}"
    return name if year in name else f"{name} năm {year}"


def item_summary(item: Initiative) -> str:
    """The summary column: the objectives, else the current situation."""
    return _summary(item.objectives, item.situation)


def _summary(objectives: str | None, situation: str | None) -> str:
    return (objectives or "").strip() or (situation or "").strip()


def _title_lines(consolidation: Consolidation) -> list[str]:
    campaign = consolidation.deadline.phase.campaign
    context = phase_context(consolidation)
    phase = consolidation.deadline.phase.name.strip()
    # The phase's year is left out when the title already says it.
    if str(consolidation.deadline.due_date.year) in campaign.title:
        context = phase
    line = f"{campaign.title} – {context}" if context else campaign.title
    lines = [consolidation.unit.name.upper(), LIST_TITLE, line]
    if consolidation.number_id:
        number = consolidation.number
        lines.append(
            f"(Kèm theo Danh sách số {number.display} ngày {vn_date_short(number.issued_on)})"
        )
    return lines


def consolidation_workbook(consolidation: Consolidation) -> bytes:
    """The list as .xlsx bytes: title rows, then a bordered table of every item, frozen below
    its header, printed landscape on A4 fitted to the width, the header repeated on each page.
    """
    with override("vi"):
        return _workbook(consolidation)


def _workbook(consolidation: Consolidation) -> bytes:
    # get_FOO_display() translates every choice on each call: the labels are looked up once.
    kinds, areas = _labels("kind"), _labels("area")
    # Plain values, not model instances: building 90,000 instances took an eighth of the
    # export of a province.
    rows = consolidation_items(consolidation).values_list(*_ITEM_COLUMNS).iterator(2000)
    printed = (_printed(row, kinds, areas) for row in rows)
    return _list_workbook(_title_lines(consolidation), printed)


_ITEM_COLUMNS = (
    "unit__name",
    "name",
    "kind",
    "area",
    "person_in_charge__full_name",
    "objectives",
    "situation",
    "expected_results",
)


def _labels(field: str) -> dict[str, str]:
    return {value: str(label) for value, label in Initiative._meta.get_field(field).flatchoices}


def _printed(row: tuple, kinds: dict[str, str], areas: dict[str, str]) -> tuple:
    """The printed columns of an item (its `_ITEM_COLUMNS`) after its number."""
    unit, name, kind, area, person, objectives, situation, expected = row
    return (
        unit,
        name,
        kinds.get(kind, kind),
        areas.get(area, area),
        person or "",
        _summary(objectives, situation),
        expected.strip(),
    )


def _list_workbook(title_lines: list[str], rows: Iterable[Sequence]) -> bytes:
    """The workbook of the list from its title lines and each item's printed values after its
    number. Write-only: rows go to disk as they come, so a list of any length fits in memory.
    """
    workbook = Workbook(write_only=True)
    workbook.properties.title = LIST_TITLE.capitalize()
    sheet = streamed_sheet(workbook, "Danh sách")
    width = len(COLUMNS)
    last_column = get_column_letter(width)
    header_row = len(title_lines) + 2  # the titles, then an empty row
    # A streamed sheet writes its columns and panes before the first row.
    for column, (_label, column_width) in enumerate(COLUMNS, start=1):
        sheet.column_dimensions[get_column_letter(column)].width = column_width
    sheet.freeze_panes = f"A{header_row + 1}"
    sheet.print_title_rows = f"{header_row}:{header_row}"
    sheet.page_setup.orientation = Worksheet.ORIENTATION_LANDSCAPE
    sheet.page_setup.paperSize = Worksheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_options.horizontalCentered = True
    sheet.page_margins.left = sheet.page_margins.right = 0.4
    sheet.page_margins.top = sheet.page_margins.bottom = 0.6

    italic = Font(name="Times New Roman", size=12, italic=True)
    for index, line in enumerate(title_lines):
        title = styled_cell(sheet, TITLE_FONT if index < 3 else italic, CENTRED)
        sheet.append([set_value(title, line)])
        # A write-only sheet has no merge_cells(): the range is only recorded for the writer.
        sheet.merged_cells.add(
            CellRange(min_col=1, max_col=width, min_row=index + 1, max_row=index + 1)
        )
    sheet.append([])
    sheet.append(
        [set_value(styled_cell(sheet, BOLD, CENTRED, BORDER), label) for label, _w in COLUMNS]
    )

    # One styled cell per column, refilled for every row: append() writes a row's cells
    # before it returns, and styling a cell costs far more than writing it.
    cells = [
        styled_cell(sheet, FONT, TOP_CENTRED if column in (1, 4) else TOP_LEFT, BORDER)
        for column in range(1, width + 1)
    ]
    number_cell, value_cells = cells[0], cells[1:]
    count = 0
    for count, values in enumerate(rows, start=1):
        number_cell.value = count
        sheet.append([number_cell, *map(set_value, value_cells, values)])

    sheet.print_area = f"A1:{last_column}{header_row + count}"
    output = BytesIO()
    workbook.save(output)
    return output.getvalue()
