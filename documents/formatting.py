"""How official documents write dates, numbers and section labels (Nghị định 30/2020/NĐ-CP).

Pure functions, no database: every app that prints a document uses these, so each rule lives
in one place. Everything returned here is printed on the document, hence in Vietnamese.
"""

from __future__ import annotations

import datetime

# A letter (công văn) has no type code: its number is "12/MNCG", not "12/CV-MNCG".
LETTER_CODE = "CV"

_ROMAN = (
    (1000, "M"),
    (900, "CM"),
    (500, "D"),
    (400, "CD"),
    (100, "C"),
    (90, "XC"),
    (50, "L"),
    (40, "XL"),
    (10, "X"),
    (9, "IX"),
    (5, "V"),
    (4, "IV"),
    (1, "I"),
)


def _day(d: datetime.date) -> str:
    """Day of month, with a leading zero below 10."""
    return f"{d.day:02d}"


def _month(d: datetime.date) -> str:
    """Month, with a leading zero for January and February only."""
    return f"{d.month:02d}" if d.month < 3 else str(d.month)


def vn_date_long(d: datetime.date) -> str:
    """The date as written after "ngày": "05 tháng 01 năm 2024", "28 tháng 4 năm 2023"."""
    return f"{_day(d)} tháng {_month(d)} năm {d.year}"


def vn_date(d: datetime.date) -> str:
    """The date line of a document: "ngày 05 tháng 01 năm 2024", "ngày 28 tháng 4 năm 2023".

    Days below 10 and the months 1 and 2 take a leading zero; the other months do not.
    """
    return f"ngày {vn_date_long(d)}"


def vn_date_short(d: datetime.date) -> str:
    """The numeric date used in the body of plans: "05/10/2023", "01/02/2024", "16/9/2023".

    Same leading-zero rule as `vn_date`: the day always has two digits, the month only for
    January and February.
    """
    return f"{_day(d)}/{_month(d)}/{d.year}"


def place_date_line(place: str, d: datetime.date) -> str:
    """The place-and-date line under the motto: "Quận 1, ngày 28 tháng 4 năm 2023".

    Without a place, just the date ("ngày 28 tháng 4 năm 2023").
    """
    place = (place or "").strip()
    return f"{place}, {vn_date(d)}" if place else vn_date(d)


def document_number(number: int, doc_type: str, unit_code: str) -> str:
    """The number of an issued document: "05/KH-MNCG", "112/KH-MNCG"; a letter: "12/MNCG".

    Numbers below 10 take a leading zero; "/" between the number and the codes, "-" between
    the type code and the unit code, no spaces.
    """
    if number < 1:
        raise ValueError(f"A document number starts at 1, got {number}.")
    if str(doc_type) == LETTER_CODE:
        return f"{number:02d}/{unit_code}"
    return f"{number:02d}/{doc_type}-{unit_code}"


def number_placeholder(doc_type: str, unit_code: str) -> str:
    """What a draft prints after "Số:": blanks for the number, then the codes: "      /KH-MNCG".

    The number is written in by hand or allocated on issue, so the blanks are kept.
    """
    codes = unit_code if str(doc_type) == LETTER_CODE else f"{doc_type}-{unit_code}"
    return f"      /{codes}"


def roman(n: int) -> str:
    """Roman numeral for section headings: 1 → "I", 4 → "IV", 9 → "IX", 14 → "XIV"."""
    if n < 1:
        raise ValueError(f"Roman numerals start at 1, got {n}.")
    out = []
    for value, letters in _ROMAN:
        count, n = divmod(n, value)
        out.append(letters * count)
    return "".join(out)


def recipient_lines(items: list[str]) -> list[str]:
    """Recipient lines of "Nơi nhận:" or "Kính gửi:": "- Sở GD&ĐT;" ... the last one ending
    with a full stop ("- Lưu: VT, MNCG.").

    Leading dashes and trailing punctuation typed by users are normalised; blank items dropped.
    """
    cleaned = [item.strip().lstrip("-–").strip().rstrip(";.,").strip() for item in items]
    cleaned = [item for item in cleaned if item]
    return [
        f"- {item}{'.' if index == len(cleaned) - 1 else ';'}" for index, item in enumerate(cleaned)
    ]


# The title of a unit's head by kind of unit: a school's principal, a department's director,
# a People's Committee's chair (a ward's Tờ trình is signed by its Chủ tịch); anything else is
# a division ("Phòng").
HEAD_POSITION_BY_KIND = {
    "so": "GIÁM ĐỐC",
    "bo": "BỘ TRƯỞNG",
    "ubnd-tinh": "CHỦ TỊCH",
    "ubnd-huyen": "CHỦ TỊCH",
    "ubnd-xa": "CHỦ TỊCH",
}
DEFAULT_HEAD_POSITION = "TRƯỞNG PHÒNG"
SCHOOL_HEAD_POSITION = "HIỆU TRƯỞNG"


def head_position(kind_code: str, is_school: bool) -> str:
    """ "HIỆU TRƯỞNG", "GIÁM ĐỐC", "CHỦ TỊCH" or "TRƯỞNG PHÒNG": who signs for a unit of this
    kind."""
    if is_school:
        return SCHOOL_HEAD_POSITION
    return HEAD_POSITION_BY_KIND.get(kind_code, DEFAULT_HEAD_POSITION)
