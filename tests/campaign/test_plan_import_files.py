"""The files a clerk uploads: Word files as clerks make them, a PDF, an old .doc, and the files
to refuse with a Vietnamese message (corrupt, a renamed program, empty, too large)."""

import io
import shutil
import zipfile
from pathlib import Path

import docx
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.utils import translation

from campaign.plan_import.extract import extract_plan
from campaign.plan_import.readers import PlanFileError, read_paragraphs

PLANS = Path(__file__).resolve().parent.parent / "fixtures" / "plans"


def _refusal(file, name="plan.docx"):
    with translation.override("vi"), pytest.raises(PlanFileError) as caught:
        read_paragraphs(file, name)
    return caught.value.code, caught.value.messages[0]


def test_the_letterhead_table_is_read_cell_by_cell_before_the_body():
    lines = read_paragraphs(PLANS / "003.docx")
    assert lines[:7] == [
        "ỦY BAN NHÂN DÂN QUẬN GÒ VẤP",
        "PHÒNG GIÁO DỤC VÀ ĐÀO TẠO",
        "Số: 308/KH-GDĐT",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Gò Vấp, ngày 14 tháng 5 năm 2020",
        "KẾ HOẠCH",
    ]


def test_line_breaks_split_a_paragraph_and_tabs_are_kept():
    document = docx.Document(str(PLANS / "000.docx"))
    # The fixture holds a manual line break inside a cell and a paragraph.
    assert "<w:br/>" in document.tables[0].rows[0].cells[0]._tc.xml
    lines = read_paragraphs(PLANS / "000.docx")
    assert lines[:2] == ["UBND HUYỆN NHÀ BÈ", "TRƯỜNG MẦM NON SƠN CA"]
    assert "Tờ trình đề nghị khen thưởng của cấp trình khen thưởng." in lines
    assert "Số: /KH-MNHP\tQuận 8, ngày tháng năm 2023" in read_paragraphs(PLANS / "001.docx")


def test_an_uploaded_file_object_reads_like_a_path():
    upload = SimpleUploadedFile("ke-hoach.docx", (PLANS / "004.docx").read_bytes())
    assert read_paragraphs(upload, upload.name) == read_paragraphs(PLANS / "004.docx")


def test_automatic_fields_of_a_word_file_are_not_text():
    document = docx.Document()
    paragraph = document.add_paragraph("Báo cáo kết quả trước ngày 05/3/2024")
    paragraph.paragraph_format.tab_stops.add_tab_stop(docx.shared.Cm(8))
    buffer = io.BytesIO()
    document.save(buffer)
    assert read_paragraphs(io.BytesIO(buffer.getvalue())) == [
        "Báo cáo kết quả trước ngày 05/3/2024"
    ]


def test_a_pdf_with_a_text_layer_goes_through_pdftotext(tmp_path):
    if shutil.which("pdftotext") is None:
        pytest.skip("poppler-utils is not installed")
    from weasyprint import HTML

    html = """<html><body style="font-family: 'DejaVu Serif'; font-size: 13pt">
    <p>TRƯỜNG MẦM NON HOA SEN</p><p>Số: 7/KH-MNHS</p>
    <p>KẾ HOẠCH</p><p>Thi đua cải cách hành chính năm 2024</p>
    <p>- Đợt 1: Từ ngày 01/3/2024 đến ngày 30/6/2024.</p>
    <p>+ Đăng ký các mô hình, giải pháp, sáng kiến gửi về Phòng Nội vụ trước ngày 25 tháng 3
    năm 2024.</p>
    <p>- Tỷ lệ hồ sơ giải quyết đúng hạn đạt 98% trở lên.</p></body></html>"""
    path = tmp_path / "plan.pdf"
    HTML(string=html).write_pdf(path)
    lines = read_paragraphs(path)
    assert "Số: 7/KH-MNHS" in lines
    plan = extract_plan(lines)
    assert [(d.value.kind, d.value.due.isoformat()) for d in plan.deadlines] == [
        ("registration", "2024-03-25")
    ]
    assert [t.value.indicator_code for t in plan.targets] == ["tthc-dung-han"]


def test_a_doc_file_without_libreoffice_is_refused_with_a_clear_message(monkeypatch):
    # The compound-file signature of Word 97-2003; LibreOffice taken off the PATH.
    monkeypatch.setattr(shutil, "which", lambda name: None)
    data = bytes.fromhex("d0cf11e0a1b11ae1") + b"\0" * 512
    code, message = _refusal(io.BytesIO(data), "ke-hoach.doc")
    assert code == "doc_unsupported"
    assert "LibreOffice" in message and "lưu dưới dạng .docx" in message


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_a_doc_file_is_converted_with_libreoffice(tmp_path):
    import subprocess

    subprocess.run(
        [
            "soffice",
            "--headless",
            "--convert-to",
            "doc",
            "--outdir",
            str(tmp_path),
            str(PLANS / "004.docx"),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    lines = read_paragraphs(tmp_path / "004.doc")
    assert [d.value.due.isoformat() for d in extract_plan(lines).deadlines] == [
        "2024-08-25",
        "2024-10-31",
        "2024-11-05",
    ]


def test_a_corrupt_file_is_refused():
    data = (PLANS / "004.docx").read_bytes()[:5000]  # a truncated download
    code, message = _refusal(io.BytesIO(data))
    assert code == "corrupt"
    assert message.startswith("Tệp bị hỏng hoặc không phải văn bản Word")


def test_a_zip_that_is_not_a_word_file_is_refused():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
    code, message = _refusal(io.BytesIO(buffer.getvalue()))
    assert code == "corrupt"
    assert "không đọc được" in message


def test_random_bytes_are_refused():
    code, _message = _refusal(io.BytesIO(b"\x00\x01 not a document " * 50))
    assert code == "corrupt"


def test_a_renamed_program_is_refused():
    program = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00" + b"\x00" * 4000 + b"This program cannot be run"
    code, message = _refusal(io.BytesIO(program), "ke-hoach.docx")
    assert code == "program"
    assert message.startswith("Tệp này là một chương trình, không phải văn bản Word hay PDF")


def test_an_empty_document_is_refused():
    document = docx.Document()
    document.add_paragraph("   ")
    document.add_table(rows=1, cols=2)
    buffer = io.BytesIO()
    document.save(buffer)
    code, message = _refusal(io.BytesIO(buffer.getvalue()))
    assert code == "empty"
    assert message == "Văn bản trống, không có nội dung để đọc."
    code, message = _refusal(io.BytesIO(b""))
    assert message == "Tệp trống, không có nội dung để đọc."


def test_a_50_mb_file_is_refused_before_it_is_read(tmp_path):
    path = tmp_path / "big.docx"
    with path.open("wb") as file:
        file.write(b"PK\x03\x04")
        file.truncate(50 * 1024 * 1024)
    code, message = _refusal(path)
    assert code == "too_large"
    assert message == "Tệp lớn hơn 20 MB nên không đọc được."
    with path.open("rb") as file:  # an open file without a declared size
        assert _refusal(file)[0] == "too_large"


@override_settings(PLAN_IMPORT_MAX_BYTES=1024 * 1024)
def test_the_size_limit_is_a_setting():
    upload = SimpleUploadedFile("ke-hoach.docx", b"PK\x03\x04" + b"\0" * (2 * 1024 * 1024))
    code, message = _refusal(upload)
    assert code == "too_large"
    assert "1 MB" in message


def test_a_letterhead_in_the_page_header_is_read_first():
    document = docx.Document()
    header = document.sections[0].header
    header.is_linked_to_previous = False
    header.paragraphs[0].text = "TRƯỜNG MẦM NON HOA SEN"
    header.add_paragraph("Số: 9/KH-MNHS\tQuận 3, ngày 02 tháng 02 năm 2024")
    document.add_paragraph("KẾ HOẠCH")
    document.add_paragraph("- Đăng ký thi đua trước ngày 01/3/2024.")
    buffer = io.BytesIO()
    document.save(buffer)
    plan = extract_plan(read_paragraphs(io.BytesIO(buffer.getvalue())))
    assert plan.number.value == "9/KH-MNHS"
    assert plan.issued_on.value.isoformat() == "2024-02-02"
    assert [d.value.due.isoformat() for d in plan.deadlines] == ["2024-03-01"]


@pytest.mark.django_db
def test_read_plan_matches_targets_against_the_tenants_catalogue_and_saves_nothing():
    from campaign.models import Campaign, Deadline, KpiIndicator
    from campaign.plan_import import read_plan
    from campaign.services import kpi_catalogue_ensure
    from tests.factories import TenantFactory

    tenant = TenantFactory()
    kpi_catalogue_ensure(tenant)
    KpiIndicator.objects.filter(tenant=tenant, code="chu-ky-so").delete()
    upload = SimpleUploadedFile("ke-hoach.docx", (PLANS / "004.docx").read_bytes())
    plan = read_plan(upload, upload.name, tenant=tenant)
    codes = [t.value.indicator_code for t in plan.targets]
    assert "tthc-dung-han" in codes and "chu-ky-so" not in codes
    signature = [t.value for t in plan.targets if "chữ ký số" in t.value.indicator_text]
    proposed = [t for t in signature if not t.indicator_code]
    assert proposed and all(t.proposed_name.startswith("Tỷ lệ ") for t in proposed)
    assert Campaign.objects.count() == 0 and Deadline.objects.count() == 0


def test_words_automatic_numbering_is_written_out_as_if_typed():
    document = docx.Document()
    document.add_paragraph("KẾ HOẠCH")
    document.add_paragraph("Thi đua năm 2024")
    document.add_paragraph("Đợt 1: Từ 01/4/2024 đến hết ngày 25/8/2024.", style="List Number")
    document.add_paragraph("Đăng ký các mô hình trước ngày 25/8/2024.", style="List Bullet")
    document.add_paragraph("Đợt 2: Từ 26/8/2024 đến 31/10/2024.", style="List Number")
    buffer = io.BytesIO()
    document.save(buffer)
    lines = read_paragraphs(io.BytesIO(buffer.getvalue()))
    assert lines[2:] == [
        "1. Đợt 1: Từ 01/4/2024 đến hết ngày 25/8/2024.",
        "- Đăng ký các mô hình trước ngày 25/8/2024.",
        "2. Đợt 2: Từ 26/8/2024 đến 31/10/2024.",
    ]
    plan = extract_plan(lines)
    assert [p.value.name for p in plan.phases] == ["Đợt 1", "Đợt 2"]
    assert [(d.value.kind, d.value.phase) for d in plan.deadlines] == [("registration", "Đợt 1")]


def _seed_as_pdf(seed: str, path: Path) -> Path:
    """The seed's lines printed to PDF as an office prints it: the letterhead a borderless
    two-column table, then the body, justified paragraphs wrapping over lines."""
    import html

    from weasyprint import HTML

    lines = read_paragraphs(PLANS / f"{seed}.docx")
    kind_at = next(i for i, line in enumerate(lines) if line.startswith(("KẾ HOẠCH", "KE HOACH")))
    head = lines[:kind_at]
    middle = 2 if seed == "001" else len(head) // 2

    def escape(text):
        return html.escape(text).replace("\t", "&emsp;&emsp;")

    cells = ["<br>".join(escape(text) for text in part) for part in (head[:middle], head[middle:])]
    body = "".join(f"<p style='text-align: justify'>{escape(text)}</p>" for text in lines[kind_at:])
    HTML(
        string=f"""<html><body style="font-family: 'DejaVu Serif'; font-size: 13pt">
        <table style="width: 100%"><tr><td style="text-align: center; width: 40%">{cells[0]}</td>
        <td style="text-align: center">{cells[1]}</td></tr></table>{body}</body></html>"""
    ).write_pdf(path)
    return path


@pytest.mark.parametrize("seed", ["000", "001", "002", "003", "004"])
def test_a_seed_printed_to_pdf_imports_as_its_word_file(seed, tmp_path):
    if shutil.which("pdftotext") is None:
        pytest.skip("poppler-utils is not installed")

    def essentials(plan):
        return (
            plan.number.value if plan.number else None,
            plan.issued_on.value if plan.issued_on else None,
            [(d.value.kind, d.value.due, d.value.phase) for d in plan.deadlines],
            [(p.value.name, p.value.start, p.value.end) for p in plan.phases],
            [(t.value.value, t.value.comparator, t.value.indicator_code) for t in plan.targets],
            [s.value for s in plan.schedules],
            [problem.problem for problem in plan.all_problems()],
        )

    from_word = extract_plan(read_paragraphs(PLANS / f"{seed}.docx"))
    from_pdf = extract_plan(read_paragraphs(_seed_as_pdf(seed, tmp_path / f"{seed}.pdf")))
    assert essentials(from_pdf) == essentials(from_word)


def test_the_committed_seed_word_files_are_what_the_script_builds(tmp_path):
    import importlib.util

    spec = importlib.util.spec_from_file_location("make_seed_docx", PLANS / "make_seed_docx.py")
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)
    for seed in ["000", "001", "002", "003", "004"]:
        built = script.build(seed, tmp_path)
        assert read_paragraphs(built) == read_paragraphs(PLANS / f"{seed}.docx")
