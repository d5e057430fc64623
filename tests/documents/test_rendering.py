"""The state format as it comes out of the PDF: read the text and the fonts back."""

import datetime
import re
import subprocess
import unicodedata
from pathlib import Path

import pytest
from django.conf import settings
from django.template.loader import render_to_string
from django.test import override_settings

from documents.formatting import number_placeholder, place_date_line
from documents.services import DocumentRenderError, pdf_text, render_pdf

TEMPLATES_DIR = Path(__file__).parent / "templates"
PLACE_DATE = place_date_line("Quận 1", datetime.date(2023, 4, 28))


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def squeeze(text: str) -> str:
    """Layout text with runs of spaces made single, for phrases that a layout may pad."""
    return re.sub(r"[ \t]+", " ", text)


def context(**overrides):
    return {
        "parent_body": "Ủy ban nhân dân Quận 1",
        "issuing_body": "Trường Mầm non Cô Giang",
        "number": "112/KH-MNCG",
        "number_placeholder": number_placeholder("KH", "MNCG"),
        "place_date": PLACE_DATE,
        "doc_title": "KẾ HOẠCH",
        "summary": "Phát động phong trào thi đua về cải cách hành chính\nnăm 2023",
        "recipients": ["UBND Quận 1", "Phòng GD&ĐT Quận 1", "Lưu: VT."],
        "signer_authority": "",
        "signer_position": "Hiệu trưởng",
        "signer_name": "Nguyễn Thị Hồng Vân",
        "sections": ["MỤC ĐÍCH, YÊU CẦU", "NỘI DUNG", "TỔ CHỨC THỰC HIỆN"],
        "paragraphs": range(4),
        **overrides,
    }


@pytest.fixture(scope="module")
def test_templates():
    engine = {**settings.TEMPLATES[0], "DIRS": [*settings.TEMPLATES[0]["DIRS"], TEMPLATES_DIR]}
    with override_settings(TEMPLATES=[engine]):
        yield


@pytest.fixture(scope="module")
def plan(test_templates):
    """A three-page plan, rendered once for the tests below."""
    return render_pdf("documents_tests/plan.html", context())


@pytest.fixture(scope="module")
def pages(plan):
    return pdf_text(plan.pdf).split("\f")


def first_line(page: str) -> str:
    return next(line.strip() for line in page.splitlines() if line.strip())


def test_the_letterhead_reads_as_the_state_format(plan):
    text = pdf_text(plan.pdf, last_page=1)

    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
    assert "Độc lập - Tự do - Hạnh phúc" in text
    assert "ỦY BAN NHÂN DÂN QUẬN 1" in text
    assert "TRƯỜNG MẦM NON CÔ GIANG" in text
    assert "Số: 112/KH-MNCG" in text
    assert nfc("Quận 1, ngày 28 tháng 4 năm 2023") in text
    assert "KẾ HOẠCH" in text
    assert "Phát động phong trào thi đua về cải cách hành chính" in text


def test_the_letterhead_is_two_columns(plan):
    lines = pdf_text(plan.pdf, last_page=1).splitlines()
    # the parent body and the national title share the first line, issuing body and motto
    # the second: two columns side by side, not stacked
    assert re.search(r"ỦY BAN NHÂN DÂN QUẬN 1\s+CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", lines[0])
    assert re.search(r"TRƯỜNG MẦM NON CÔ GIANG\s+Độc lập - Tự do - Hạnh phúc", lines[1])


def test_the_place_date_line_keeps_every_diacritic(plan):
    text = pdf_text(plan.pdf, last_page=1)

    assert nfc(PLACE_DATE) in text
    assert unicodedata.is_normalized("NFC", text)


def test_the_closing_has_recipients_and_signature(pages):
    last = squeeze(pages[-2] if pages[-1].strip() == "" else pages[-1])

    assert "Nơi nhận:" in last
    for line in ("- UBND Quận 1;", "- Phòng GD&ĐT Quận 1;", "- Lưu: VT."):
        assert line in last
    assert "HIỆU TRƯỞNG" in last
    assert "Nguyễn Thị Hồng Vân" in last


def test_sections_are_numbered_in_roman(plan):
    text = pdf_text(plan.pdf)

    for heading in ("I. MỤC ĐÍCH, YÊU CẦU", "II. NỘI DUNG", "III. TỔ CHỨC THỰC HIỆN"):
        assert heading in text


def test_only_the_bundled_liberation_serif_is_embedded(plan, tmp_path):
    path = tmp_path / "plan.pdf"
    path.write_bytes(plan.pdf)

    output = subprocess.run(["pdffonts", path], capture_output=True, text=True, check=True)

    rows = output.stdout.splitlines()[2:]
    names = {row.split()[0].split("+", 1)[1] for row in rows}
    assert names == {
        "Liberation-Serif-Bundled",
        "Liberation-Serif-Bundled-Bold",
        "Liberation-Serif-Bundled-Italic",
        "Liberation-Serif-Bundled-Bold-Italic",
    }
    assert all(row.split()[-5] == "yes" for row in rows)  # the "emb" column


def test_page_numbers_start_on_page_two(pages):
    pages = [page for page in pages if page.strip()]
    assert len(pages) >= 2

    assert first_line(pages[0]).startswith("ỦY BAN NHÂN DÂN QUẬN 1")
    assert first_line(pages[1]) == "2"
    if len(pages) > 2:
        assert first_line(pages[2]) == "3"


def test_the_html_is_returned_with_the_pdf(plan):
    assert plan.pdf.startswith(b"%PDF-")
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in plan.html
    assert "css/nd30.css" in plan.html


def test_a_draft_has_a_blank_number_and_says_so_on_every_page(test_templates):
    draft = render_pdf("documents_tests/plan.html", context(number="", draft=True))

    pages = [page for page in pdf_text(draft.pdf).split("\f") if page.strip()]

    assert re.search(r"Số:\s{3,}/KH-MNCG", pages[0])
    assert "112/KH-MNCG" not in pages[0]
    assert all("DỰ THẢO" in page for page in pages)


def test_an_issued_document_is_not_marked_draft(pages):
    assert not any("DỰ THẢO" in page for page in pages)


def test_kinh_gui_lists_each_recipient_on_its_own_line(test_templates):
    document = render_pdf(
        "documents/base.html",
        context(
            doc_title="TỜ TRÌNH",
            summary="Về việc đề nghị tặng Giấy khen",
            kinh_gui=["Ủy ban nhân dân Quận 1", "Phòng Nội vụ Quận 1"],
        ),
    )

    text = pdf_text(document.pdf)

    assert re.search(r"Kính gửi:\s+- Ủy ban nhân dân Quận 1;\n\s+- Phòng Nội vụ Quận 1\.", text)


def test_a_single_kinh_gui_recipient_is_on_the_same_line():
    html = render_to_string("documents/base.html", context(kinh_gui=["Ủy ban nhân dân Quận 1"]))

    assert "Kính gửi: Ủy ban nhân dân Quận 1." in html


def test_a_letter_has_no_type_line_and_its_summary_goes_under_the_number():
    html = render_to_string(
        "documents/base.html",
        context(number="12/MNCG", doc_title="", summary="V/v báo cáo kết quả"),
    )

    assert 'class="doc-title"' not in html
    assert '<div class="letter-summary">V/v báo cáo kết quả</div>' in html


def test_a_document_cannot_fetch_anything_but_static_files(test_templates):
    # No network and no silent fallback: a resource outside static stops the render.
    with pytest.raises(DocumentRenderError):
        render_pdf("documents_tests/external_image.html", context())
