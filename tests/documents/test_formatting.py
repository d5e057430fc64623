"""The writing rules of Nghị định 30/2020 (DOMAIN.md): dates, numbers, section numerals."""

import datetime

import pytest
from django.template import engines

from documents.formatting import (
    document_number,
    number_placeholder,
    place_date_line,
    recipient_lines,
    roman,
    vn_date,
    vn_date_long,
    vn_date_short,
)
from documents.models import DocumentType, IssuedNumber


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        ((2024, 1, 5), "ngày 05 tháng 01 năm 2024"),  # day < 10 and January: both padded
        ((2023, 4, 28), "ngày 28 tháng 4 năm 2023"),  # months from March on: not padded
        ((2024, 2, 1), "ngày 01 tháng 02 năm 2024"),  # February padded
        ((2023, 1, 18), "ngày 18 tháng 01 năm 2023"),
        ((2023, 3, 9), "ngày 09 tháng 3 năm 2023"),
        ((2023, 9, 30), "ngày 30 tháng 9 năm 2023"),
        ((2023, 10, 10), "ngày 10 tháng 10 năm 2023"),
        ((2023, 12, 31), "ngày 31 tháng 12 năm 2023"),
    ],
)
def test_vn_date_pads_days_below_ten_and_only_january_and_february(day, expected):
    assert vn_date(datetime.date(*day)) == expected
    assert vn_date_long(datetime.date(*day)) == expected.removeprefix("ngày ")


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        ((2023, 9, 16), "16/9/2023"),
        ((2023, 10, 5), "05/10/2023"),
        ((2024, 2, 1), "01/02/2024"),
        ((2024, 8, 25), "25/8/2024"),
        ((2025, 2, 15), "15/02/2025"),
        ((2025, 1, 9), "09/01/2025"),
        ((2024, 11, 5), "05/11/2024"),
    ],
)
def test_vn_date_short_follows_the_same_padding_rule(day, expected):
    assert vn_date_short(datetime.date(*day)) == expected


def test_place_date_line_puts_the_place_before_the_date():
    assert (
        place_date_line("Quận 1", datetime.date(2023, 4, 28)) == "Quận 1, ngày 28 tháng 4 năm 2023"
    )
    assert place_date_line("Nhà Bè", datetime.date(2024, 1, 5)) == (
        "Nhà Bè, ngày 05 tháng 01 năm 2024"
    )


def test_place_date_line_without_a_place_is_just_the_date():
    assert place_date_line("  ", datetime.date(2024, 2, 3)) == "ngày 03 tháng 02 năm 2024"


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        ((5, "KH", "MNCG"), "05/KH-MNCG"),
        ((112, "KH", "MNCG"), "112/KH-MNCG"),
        ((10, "TTr", "MNSC"), "10/TTr-MNSC"),
        ((1, DocumentType.MINUTES, "MNCG"), "01/BB-MNCG"),
        ((12, "CV", "MNCG"), "12/MNCG"),  # a letter has no type code
        ((3, DocumentType.LETTER, "UBND-VX"), "03/UBND-VX"),
    ],
)
def test_document_number(args, expected):
    assert document_number(*args) == expected


def test_there_is_no_document_number_zero():
    with pytest.raises(ValueError):
        document_number(0, "KH", "MNCG")


def test_issued_number_display_uses_the_same_rule():
    plan = IssuedNumber(number=5, doc_type=DocumentType.PLAN, unit_code="MNCG")
    letter = IssuedNumber(number=12, doc_type=DocumentType.LETTER, unit_code="MNCG")

    assert plan.display == str(plan) == "05/KH-MNCG"
    assert letter.display == "12/MNCG"


def test_a_draft_number_keeps_blanks_before_the_codes():
    assert number_placeholder("KH", "MNCG") == "      /KH-MNCG"
    assert number_placeholder("CV", "MNCG") == "      /MNCG"


@pytest.mark.parametrize(
    ("n", "expected"),
    [(1, "I"), (2, "II"), (3, "III"), (4, "IV"), (5, "V"), (6, "VI"), (9, "IX")]
    + [(10, "X"), (14, "XIV"), (19, "XIX"), (40, "XL"), (2024, "MMXXIV")],
)
def test_roman(n, expected):
    assert roman(n) == expected


def test_roman_numerals_start_at_one():
    with pytest.raises(ValueError):
        roman(0)


def test_recipient_lines_end_with_semicolons_and_a_final_full_stop():
    typed = ["- UBND Quận 1", "Phòng GD&ĐT Quận 1;", "  ", "Lưu: VT, MNCG."]

    assert recipient_lines(typed) == [
        "- UBND Quận 1;",
        "- Phòng GD&ĐT Quận 1;",
        "- Lưu: VT, MNCG.",
    ]


def test_template_filters():
    template = engines["django"].from_string(
        "{% load documents %}{{ d|vn_date }}|{{ d|vn_date_short }}|{{ 4|roman }}|"
        "{{ name|upper_vn }}|{{ none|vn_date }}"
    )

    rendered = template.render({"d": datetime.date(2024, 1, 5), "name": "Trường Mầm non Cô Giang"})

    assert rendered == "ngày 05 tháng 01 năm 2024|05/01/2024|IV|TRƯỜNG MẦM NON CÔ GIANG|"
