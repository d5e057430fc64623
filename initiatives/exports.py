"""The consolidated list as an Excel workbook, in the layout clerks type by hand.

    PHÒNG GIÁO DỤC VÀ ĐÀO TẠO ...                       (merged across the table, bold)
    DANH SÁCH MÔ HÌNH, GIẢI PHÁP, SÁNG KIẾN VỀ CẢI CÁCH HÀNH CHÍNH
    <campaign title> – <phase> năm <year>
    (Kèm theo Danh sách số 01/DS-PGD-A ngày 24/8/2024)   (once the list has a number)

    STT | Đơn vị | Tên ... | Loại | Lĩnh vực CCHC | Người phụ trách | Tóm tắt | Kết quả
    1   | ...

The items are read in one query, whatever their number; every printed label is Vietnamese
whatever the user's language, as the list is sent to another body.
"""

from __future__ import annotations

from io import BytesIO

from django.db.models import QuerySet
from django.utils.translation import override
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter

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

# Excel keeps at most this many characters in a cell.
_CELL_LIMIT = 32_767

THIN = Side(style="thin", color="000000")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
FONT = Font(name="Times New Roman", size=12)
BOLD = Font(name="Times New Roman", size=12, bold=True)
TITLE_FONT = Font(name="Times New Roman", size=13, bold=True)
CENTRED = Alignment(horizontal="center", vertical="center", wrap_text=True)
TOP_CENTRED = Alignment(horizontal="center", vertical="top", wrap_text=True)
TOP_LEFT = Alignment(horizontal="left", vertical="top", wrap_text=True)


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
    return (item.objectives or "").strip() or (item.situation or "").strip()


def _text(value) -> str:
    """A string Excel stores as typed: no control characters, within the cell limit."""
    return ILLEGAL_CHARACTERS_RE.sub("", str(value or ""))[:_CELL_LIMIT]


def _put(sheet, row: int, column: int, value, font, alignment, border=None):
    cell = sheet.cell(row=row, column=column, value=value)
    if isinstance(value, str) and value.startswith("="):
        # Users' text, never a formula ("=HYPERLINK(...)" typed in a name stays text).
        cell.data_type = "s"
    cell.font = font
    cell.alignment = alignment
    if border is not None:
        cell.border = border
    return cell


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
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Danh sách"
    workbook.properties.title = LIST_TITLE.capitalize()
    width = len(COLUMNS)
    last_column = get_column_letter(width)

    row = 0
    for index, line in enumerate(_title_lines(consolidation)):
        row += 1
        font = TITLE_FONT if index < 3 else Font(name="Times New Roman", size=12, italic=True)
        _put(sheet, row, 1, _text(line), font, CENTRED)
        sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=width)
    row += 1  # an empty row between the titles and the table

    header_row = row + 1
    for column, (label, column_width) in enumerate(COLUMNS, start=1):
        _put(sheet, header_row, column, label, BOLD, CENTRED, BORDER)
        sheet.column_dimensions[get_column_letter(column)].width = column_width

    row = header_row
    for number, item in enumerate(consolidation_items(consolidation).iterator(2000), start=1):
        row += 1
        person = item.person_in_charge.full_name if item.person_in_charge_id else ""
        values = (
            number,
            _text(item.unit.name),
            _text(item.name),
            item.get_kind_display(),
            item.get_area_display(),
            _text(person),
            _text(item_summary(item)),
            _text(item.expected_results.strip()),
        )
        for column, value in enumerate(values, start=1):
            alignment = TOP_CENTRED if column in (1, 4) else TOP_LEFT
            _put(sheet, row, column, value, FONT, alignment, BORDER)

    sheet.freeze_panes = f"A{header_row + 1}"
    sheet.print_title_rows = f"{header_row}:{header_row}"
    sheet.print_area = f"A1:{last_column}{row}"
    sheet.page_setup.orientation = sheet.ORIENTATION_LANDSCAPE
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_options.horizontalCentered = True
    sheet.page_margins.left = sheet.page_margins.right = 0.4
    sheet.page_margins.top = sheet.page_margins.bottom = 0.6

    output = BytesIO()
    workbook.save(output)
    return output.getvalue()
