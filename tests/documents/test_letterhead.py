"""The letterhead breaks where a clerk breaks it, never inside a place or proper name; a
People's Committee prints no parent body unless its letterhead lines say so."""

import pytest

from documents.formatting import head_position
from documents.letterhead import letterhead_from_names, name_lines, parent_lines, unit_letterhead
from documents.services import pdf_text, render_pdf
from tests.factories import UnitFactory
from units.models import UnitKind


def printed(lines):
    return [str(line) for line in lines]


@pytest.mark.parametrize(
    ("name", "lines"),
    [
        ("Ủy ban nhân dân phường Sài Gòn", ["ỦY BAN NHÂN DÂN", "PHƯỜNG SÀI GÒN"]),
        (
            "Sở Giáo dục và Đào tạo Thành phố Hồ Chí Minh",
            ["SỞ GIÁO DỤC VÀ ĐÀO TẠO", "THÀNH PHỐ HỒ CHÍ MINH"],
        ),
        ("Ủy ban nhân dân Quận 1", ["ỦY BAN NHÂN DÂN", "QUẬN 1"]),
        ("Ủy ban nhân dân xã Ea Kar", ["ỦY BAN NHÂN DÂN", "XÃ EA KAR"]),
        # "Xã hội" is not a commune: the break comes before "phường".
        (
            "Phòng Văn hóa - Xã hội phường Sài Gòn",
            ["PHÒNG VĂN HÓA - XÃ HỘI", "PHƯỜNG SÀI GÒN"],
        ),
        ("Trường Mầm non Cô Giang", ["TRƯỜNG MẦM NON CÔ GIANG"]),
    ],
)
def test_the_name_breaks_before_its_place(name, lines):
    assert printed(name_lines(name)) == lines


def test_a_place_or_proper_name_is_kept_whole():
    place = name_lines("Ủy ban nhân dân Thành phố Hồ Chí Minh")[1]
    school = name_lines("Trường Mầm non Cô Giang")[0]

    assert place.html == '<span class="keep">THÀNH PHỐ HỒ CHÍ MINH</span>'
    assert school.html == 'TRƯỜNG MẦM NON <span class="keep">CÔ GIANG</span>'


def test_the_parent_body_is_one_line_that_may_break_only_before_its_place():
    (line,) = parent_lines("Ủy ban nhân dân Thành phố Hồ Chí Minh")

    assert line.html == 'ỦY BAN NHÂN DÂN <span class="keep">THÀNH PHỐ HỒ CHÍ MINH</span>'


def test_a_peoples_committee_known_by_name_prints_no_parent_body():
    committee = letterhead_from_names(
        "Ủy ban nhân dân Thành phố Hồ Chí Minh", "Ủy ban nhân dân phường Sài Gòn"
    )
    school = letterhead_from_names("Ủy ban nhân dân Quận 1", "Trường Mầm non Cô Giang")

    assert committee.parent == []
    assert printed(school.parent) == ["ỦY BAN NHÂN DÂN QUẬN 1"]


@pytest.mark.django_db
def test_a_peoples_committee_prints_its_parent_body_only_when_its_lines_say_so():
    ward = UnitFactory(
        name="Ủy ban nhân dân phường Sài Gòn",
        kind=UnitKind.objects.get(code="ubnd-xa"),
        parent_body_name="Ủy ban nhân dân Thành phố Hồ Chí Minh",
    )

    assert unit_letterhead(ward)["letterhead"].parent == []
    assert unit_letterhead(ward)["parent_body"] == ""

    ward.letterhead_parent_lines = "Ủy ban nhân dân\nThành phố Hồ Chí Minh"
    ward.letterhead_name_lines = "Ủy ban nhân dân phường\nSài Gòn"
    letterhead = unit_letterhead(ward)["letterhead"]

    assert printed(letterhead.parent) == ["ỦY BAN NHÂN DÂN", "THÀNH PHỐ HỒ CHÍ MINH"]
    assert printed(letterhead.body) == ["ỦY BAN NHÂN DÂN PHƯỜNG", "SÀI GÒN"]


@pytest.mark.django_db
def test_a_school_prints_its_parent_body_above_its_name():
    school = UnitFactory(name="Trường Mầm non Cô Giang", parent_body_name="Ủy ban nhân dân Quận 1")

    letterhead = unit_letterhead(school)["letterhead"]

    assert printed(letterhead.parent) == ["ỦY BAN NHÂN DÂN QUẬN 1"]
    assert printed(letterhead.body) == ["TRƯỜNG MẦM NON CÔ GIANG"]


def _letterhead_pdf(**context):
    return render_pdf(
        "documents/base.html",
        {
            "issuing_body": "Ủy ban nhân dân phường Sài Gòn",
            "parent_body": "Ủy ban nhân dân Thành phố Hồ Chí Minh",
            "number": "01/KH-UBND",
            "place_date": "Sài Gòn, ngày 10 tháng 01 năm 2026",
            "doc_title": "KẾ HOẠCH",
            "signer_position": "CHỦ TỊCH",
            **context,
        },
    ).pdf


def test_the_printed_ward_letterhead_never_splits_a_name_and_has_no_parent_body():
    lines = [line.strip() for line in pdf_text(_letterhead_pdf(), last_page=1).splitlines()]

    assert lines[0].startswith("ỦY BAN NHÂN DÂN ")
    assert lines[1].startswith("PHƯỜNG SÀI GÒN ")
    assert "THÀNH PHỐ" not in "\n".join(lines[:3])


def test_the_number_is_level_with_the_place_date_line():
    lines = pdf_text(_letterhead_pdf(), last_page=1).splitlines()

    (row,) = [line for line in lines if "Số: 01/KH-UBND" in line]
    assert "Sài Gòn, ngày 10 tháng 01 năm 2026" in row


def test_a_peoples_committee_is_signed_by_its_chair():
    assert head_position("ubnd-xa", False) == "CHỦ TỊCH"
    assert head_position("so", False) == "GIÁM ĐỐC"
    assert head_position("truong-mam-non", True) == "HIỆU TRƯỞNG"
    assert head_position("phong-vhxh", False) == "TRƯỞNG PHÒNG"
