"""The consolidated KPI table as an Excel workbook, in the layout a clerk types by hand:

    <NODE NAME>                                                    (bold, merged)
    BẢNG TỔNG HỢP KẾT QUẢ THỰC HIỆN CHỈ TIÊU CẢI CÁCH HÀNH CHÍNH
    Báo cáo quý I năm 2024 — <campaign title>

    STT | Đơn vị | Số đơn vị | Đã báo cáo | <indicator 1, target> ............ | ...
        |        |           |            | Tử số | Mẫu số | Tỷ lệ (%) | Đạt   |
    1   | Phòng A| 2         | 2          | 196   | 200    | 98,00     | Đạt   |
    ...
        | Tổng cộng ...

The figures are those of `reports.selectors.rollup`, so the sheet equals the dashboard.
Labels are Vietnamese whatever the user's language: the table is sent to another body.
"""

from __future__ import annotations

from io import BytesIO

from openpyxl import Workbook
from openpyxl.utils import get_column_letter

from core.excel import BOLD, BORDER, CENTRED, FONT, TITLE_FONT, TOP_LEFT

from .selectors import Attainment, Rollup, RollupRow

TABLE_TITLE = "BẢNG TỔNG HỢP KẾT QUẢ THỰC HIỆN CHỈ TIÊU CẢI CÁCH HÀNH CHÍNH"
FIXED = (("STT", 6), ("Đơn vị", 34), ("Số đơn vị", 10), ("Đã báo cáo", 10))
PER_TARGET = (("Tử số", 10), ("Mẫu số", 10), ("Tỷ lệ (%)", 10), ("Đạt chỉ tiêu", 11))
HEADER_ROW = 5


def verdict(attainment: Attainment) -> str:
    if attainment.meets is None:
        return "" if attainment.value is not None else "Không áp dụng"
    return "Đạt" if attainment.meets else "Chưa đạt"


def _figures(attainment: Attainment) -> list:
    value = attainment.value
    if not attainment.is_percent:
        return [
            attainment.numerator if value is not None else None,
            None,
            None,
            verdict(attainment),
        ]
    return [
        attainment.numerator if value is not None else None,
        attainment.denominator if value is not None else None,
        float(value) if value is not None else None,
        verdict(attainment),
    ]


def rollup_workbook(result: Rollup, period_title: str) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Tổng hợp chỉ tiêu"
    width = len(FIXED) + len(PER_TARGET) * len(result.targets)
    for row, (text, font) in enumerate(
        (
            (result.node.name.upper(), BOLD),
            (TABLE_TITLE, TITLE_FONT),
            (f"Báo cáo {period_title} — {result.schedule.campaign.title}", FONT),
        ),
        start=1,
    ):
        sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=width)
        cell = sheet.cell(row=row, column=1, value=text)
        cell.font, cell.alignment = font, CENTRED

    for column, (header, size) in enumerate(FIXED, start=1):
        sheet.merge_cells(
            start_row=HEADER_ROW, start_column=column, end_row=HEADER_ROW + 1, end_column=column
        )
        sheet.cell(row=HEADER_ROW, column=column, value=header)
        sheet.column_dimensions[get_column_letter(column)].width = size
    for index, target in enumerate(result.targets):
        first = len(FIXED) + 1 + index * len(PER_TARGET)
        sheet.merge_cells(
            start_row=HEADER_ROW,
            start_column=first,
            end_row=HEADER_ROW,
            end_column=first + len(PER_TARGET) - 1,
        )
        sheet.cell(row=HEADER_ROW, column=first, value=f"{target.indicator.name} ({target.phrase})")
        for offset, (header, size) in enumerate(PER_TARGET):
            sheet.cell(row=HEADER_ROW + 1, column=first + offset, value=header)
            sheet.column_dimensions[get_column_letter(first + offset)].width = size

    def write(row_number: int, number, row: RollupRow, name: str) -> None:
        values = [number, name, row.expected, row.reported]
        for attainment in row.attainments:
            values += _figures(attainment)
        for column, value in enumerate(values, start=1):
            sheet.cell(row=row_number, column=column, value=value)

    first_data = HEADER_ROW + 2
    for number, row in enumerate(result.rows, start=1):
        write(first_data + number - 1, number, row, row.unit.name)
    last = first_data + len(result.rows)
    write(last, None, result.total, "Tổng cộng")

    for row in sheet.iter_rows(min_row=HEADER_ROW, max_row=last, max_col=width):
        for cell in row:
            cell.border = BORDER
            cell.font = BOLD if cell.row in (HEADER_ROW, HEADER_ROW + 1, last) else FONT
            cell.alignment = TOP_LEFT if cell.column == 2 and cell.row > HEADER_ROW + 1 else CENTRED
            if isinstance(cell.value, float):
                cell.number_format = "0.00"
    sheet.freeze_panes = sheet.cell(row=first_data, column=3)
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
