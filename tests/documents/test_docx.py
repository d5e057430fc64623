"""Every official document as a Word file: it opens with python-docx and carries the words of
the product's PDF, and LibreOffice (when installed; required with REQUIRE_SERVICES=1, as in
CI) turns it into a PDF whose text has the same number, dates, title, deadlines and signer.

The documents are made once for the module (rolled back at its end) and converted by one
LibreOffice run: its start costs seconds, each file then a fraction of one.
"""

from __future__ import annotations

import datetime
import io
import re
import shutil
import subprocess
import unicodedata
import zipfile
from collections import Counter
from dataclasses import dataclass

import pytest
from docx import Document
from docx.oxml.ns import qn
from docx.shared import Mm

from awards import documents as award_documents
from awards import services as award_services
from campaign import documents as plan_documents
from documents.docx import render_docx
from documents.services import pdf_text
from initiatives import documents as list_documents
from reports import documents as report_documents
from reports import selectors as report_selectors
from tests.conftest import REQUIRE_SERVICES

pytestmark = pytest.mark.django_db

D = datetime.date


@dataclass
class Sample:
    name: str
    parts: list[tuple[str, dict]]  # the templates and contexts both files come from
    docx: bytes
    pdf: bytes  # the product's own PDF
    extra: tuple[str, ...] = ()  # further words both must show (rows, other signers)

    def words(self, pdf_text: str) -> list[str]:
        """The words to find in both files: each part's, and the extra ones. A template
        with its own signatures (the minutes) shows no `signer_position`: left out then."""
        found = [*self.extra]
        for _template, context in self.parts:
            found += expected_words(context)
            position = (context.get("signer_position") or "").upper()
            if position and position in pdf_text:
                found.append(position)
        return found


def one_line(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split())


def docx_text(data: bytes) -> str:
    """Every paragraph's text, table cells and headers included, in document order."""
    document = Document(io.BytesIO(data))
    lines = []
    for paragraph in document.element.body.iter(qn("w:p")):
        pieces = []
        for node in paragraph.iter(qn("w:t"), qn("w:br"), qn("w:tab")):
            pieces.append(node.text or "" if node.tag == qn("w:t") else " ")
        lines.append("".join(pieces))
    return one_line("\n".join(lines))


def expected_words(context: dict) -> list[str]:
    """What a document shows of its context: number, place-date, type and summary, signer's
    name."""
    words = []
    if context.get("number"):
        words.append(f"Số: {context['number']}")
    for key in ("place_date", "signer_name"):
        if context.get(key):
            words.append(context[key])
    if context.get("doc_title"):
        words.append(context["doc_title"].upper())
    if context.get("summary") and context.get("doc_title"):
        words.append(one_line(context["summary"]))
    return words


def dates_in(text: str) -> Counter:
    """Every date the text writes, long ("ngày 5 tháng 3 năm 2024") or short (15/3/2024)."""
    long = re.findall(r"ngày \d{1,2} tháng \d{1,2} năm \d{4}", text)
    short = re.findall(r"(?<![\d/])\d{1,2}/\d{1,2}(?:/\d{4})?(?![\d/])", text)
    return Counter(long + short)


def numbers_in(text: str) -> Counter:
    """The numbers given ("Số: 01/QĐ-PGD-A"; a draft's blank one is not read)."""
    return Counter(re.findall(r"Số: (\d+/\S+)", text))


# --- The documents -------------------------------------------------------------------------


def _tree():
    from tests.factories import UnitFactory

    department = UnitFactory(department=True, code="SGDĐT")
    office_a = UnitFactory(parent=department, district_office=True, code="PGD-A")
    return {
        "department": department,
        "office_a": office_a,
        "a1": UnitFactory(parent=office_a, code="A1"),
        "a2": UnitFactory(parent=office_a, code="A2"),
    }


def _plan(tree) -> Sample:
    from tests.factories import campaign

    plan = campaign(
        tree["office_a"],
        phases=(
            (
                "Đợt 1",
                (2024, 4, 1),
                (2024, 8, 25),
                [("registration", (2024, 5, 15)), ("result_report", (2024, 8, 25))],
            ),
        ),
        launch_on=D(2024, 3, 20),
        signer_position="Trưởng phòng",
        signer_name="Nguyễn Văn Trưởng",
    )
    parts = [("campaign/plan_pdf.html", plan_documents.plan_context(plan))]
    return Sample(
        "plan",
        parts,
        plan_documents.render_plan_docx(plan),
        plan_documents.render_plan(plan).pdf,
    )


def _consolidation(tree) -> Sample:
    from initiatives import services
    from tests.factories import accepted_initiative, office_plan_under_department
    from units.permissions import SYSTEM

    _upper, plan = office_plan_under_department(tree)
    deadline = plan.phases.get().deadlines.get()
    for unit, name in ((tree["a1"], "Sổ liên lạc điện tử"), (tree["a2"], "Hộp thư góp ý")):
        accepted_initiative(unit, deadline, name=name)
    consolidation = services.consolidation_create(actor=SYSTEM, deadline=deadline)
    consolidation = services.consolidation_forward(
        actor=SYSTEM, consolidation=consolidation, issued_on=D(2024, 8, 24)
    )
    consolidation = type(consolidation).objects.get(pk=consolidation.pk)
    return Sample(
        "consolidation",
        list_documents.consolidation_parts(consolidation),
        list_documents.render_consolidation_docx(consolidation),
        list_documents.render_consolidation(consolidation).pdf,
    )


def _awards(tree) -> list[Sample]:
    """The dossier's Tờ trình, minutes, list and two achievement reports; the decision."""
    from tests.factories import council
    from units.permissions import SYSTEM

    session = council(tree["office_a"], collectives=1, individuals=2)
    award_services.dossier_start(actor=SYSTEM, session=session)  # numbers; no job runs
    _name, archive = award_documents.build_dossier(session.pk, lambda _percent: None)
    pdfs = zipfile.ZipFile(io.BytesIO(archive))
    session = award_documents._session(session.pk)
    samples = []
    parts = award_documents.dossier_parts(session, None)
    words = zipfile.ZipFile(io.BytesIO(award_documents.render_dossier_docx(session)))
    assert [name.removesuffix(".docx") for name in words.namelist()] == [
        part.filename.removesuffix(".pdf") for part in parts
    ]
    for part in parts[:4] + parts[-1:]:  # the three and a collective's, a person's report
        stem = part.filename.removesuffix(".pdf")
        extra = ()
        if "chair" in part.context:  # the minutes: the secretary and the chair sign
            extra = ("THƯ KÝ", "CHỦ TỊCH HỘI ĐỒNG", part.context["chair"].full_name)
        if "rows" in part.context:
            extra = tuple(str(row["nominee"]) for row in part.context["rows"] if "nominee" in row)
        samples.append(
            Sample(
                stem,
                [(part.template, part.context)],
                words.read(stem + ".docx"),
                pdfs.read(part.filename),
                extra,
            )
        )
    session = award_services.decision_record(
        actor=SYSTEM, session=session, decided_on=D(2024, 10, 15)
    )
    _name, pdf = award_documents.build_decision(session.pk, lambda _percent: None)
    samples.append(
        Sample(
            "award decision",
            award_documents.decision_parts(award_documents._session(session.pk), None),
            award_documents.render_decision_docx(session),
            pdf,
        )
    )
    return samples


def _recognition(tree) -> Sample:
    from awards.services import recognition_issue, recognition_save
    from tests.factories import PersonFactory, applied_initiative, plan_with_results
    from units.permissions import SYSTEM

    plan = plan_with_results(tree["office_a"])
    author = PersonFactory(unit=tree["a1"], full_name="Lê Thị Sáng")
    items = [
        applied_initiative(tree["a1"], plan, name="Tuyển sinh trực tuyến", authors=[author]),
        applied_initiative(tree["a2"], plan, name="Ký số hồ sơ kế toán"),
    ]
    recognition = recognition_save(
        actor=SYSTEM,
        unit=tree["office_a"],
        year=2024,
        decided_on=D(2024, 11, 15),
        signer_position="Trưởng phòng",
        signer_name="Trần Văn Trưởng",
        entries=[(item, f"Hiệu quả của {item.name}") for item in items],
    )
    recognition = recognition_issue(actor=SYSTEM, recognition=recognition)
    _name, pdf = award_documents.build_recognition(recognition.pk, lambda _percent: None)
    return Sample(
        "recognition decision",
        award_documents.recognition_parts(award_documents._recognition(recognition.pk), None),
        award_documents.render_recognition_docx(recognition),
        pdf,
    )


def _reports(tree) -> list[Sample]:
    from tests.factories import periodic_report, reporting_campaign

    schedule = reporting_campaign(tree["office_a"]).report_schedules.get()
    report = periodic_report(
        tree["a1"],
        schedule,
        {"tthc-dung-han": (196, 200), "hai-long-tthc": (19, 20), "so-mo-hinh": (2, None)},
    )
    report.narratives = {"procedures": "Niêm yết công khai 100% thủ tục."}
    report.save()
    rollup = report_selectors.rollup(schedule, 2024, "q1", tree["office_a"])
    return [
        Sample(
            "report",
            [(report_documents.TEMPLATE, report_documents.report_context(report))],
            report_documents.render_report_docx(report),
            report_documents.render_report(report).pdf,
        ),
        Sample(
            "rollup report",
            [(report_documents.TEMPLATE, report_documents.rollup_context(rollup))],
            report_documents.render_rollup_docx(rollup),
            report_documents.render_rollup(rollup).pdf,
        ),
    ]


@pytest.fixture(scope="module")
def samples(django_db_setup, django_db_blocker):
    from django.db import transaction

    with django_db_blocker.unblock(), transaction.atomic():
        tree = _tree()
        made = [
            _plan(tree),
            _consolidation(tree),
            *_awards(tree),
            _recognition(tree),
            *_reports(tree),
        ]
        transaction.set_rollback(True)
    return {sample.name: sample for sample in made}


# --- python-docx -----------------------------------------------------------------------------


def test_every_document_opens_with_python_docx_and_carries_the_pdfs_words(samples):
    assert len(samples) == 11
    for sample in samples.values():
        text = docx_text(sample.docx)
        pdf = one_line(pdf_text(sample.pdf, layout=False))
        for words in sample.words(pdf):
            assert words in pdf, (sample.name, words)  # the check means something
            assert words in text, (sample.name, words)
        assert numbers_in(text) == numbers_in(pdf), sample.name
        assert dates_in(text) == dates_in(pdf), sample.name


def test_the_plans_deadlines_and_the_lists_rows_are_in_the_word_file(samples):
    plan = docx_text(samples["plan"].docx)
    assert "15/5/2024" in plan and "25/8/2024" in plan
    assert "Số: 01/KH-PGD-A" in plan and "KẾ HOẠCH" in plan
    assert "TRƯỞNG PHÒNG Nguyễn Văn Trưởng" in plan
    consolidation = docx_text(samples["consolidation"].docx)
    assert "Sổ liên lạc điện tử" in consolidation and "Hộp thư góp ý" in consolidation
    assert "Tổng cộng: 2 mô hình, giải pháp, sáng kiến." in consolidation
    recognition = docx_text(samples["recognition decision"].docx)
    assert "1 Tuyển sinh trực tuyến Lê Thị Sáng" in recognition
    # No digital-signature box: the Word file is the copy edited before signing.
    assert "Bản điện tử chưa ký số" not in docx_text(samples["01 Tờ trình 01-TTr-PGD-A"].docx)


def test_the_page_is_a4_with_the_state_formats_margins_and_times_new_roman(samples):
    document = Document(io.BytesIO(samples["plan"].docx))
    for section in document.sections:
        assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
        assert round(section.top_margin.mm) == 20 and round(section.bottom_margin.mm) == 20
        assert round(section.left_margin.mm) == 30 and round(section.right_margin.mm) == 15
        assert section.different_first_page_header_footer  # page numbers from page 2
    assert document.styles["Normal"].font.name == "Times New Roman"
    sizes = {run.font.size.pt for p in document.paragraphs for run in p.runs if run.font.size}
    assert 14 in sizes and sizes <= {11, 12, 12.5, 13, 13.5, 14}
    # The letterhead: a borderless table of two columns, the motto underlined.
    letterhead = document.tables[0]
    assert len(letterhead.columns) == 2
    assert letterhead.cell(0, 1).paragraphs[0].text == "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    motto = letterhead.cell(0, 1).paragraphs[1].runs[0]
    assert motto.text == "Độc lập - Tự do - Hạnh phúc" and motto.font.underline
    borders = letterhead._tbl.tblPr.find(qn("w:tblBorders"))
    assert {b.get(qn("w:val")) for b in borders} == {"nil"}
    # Nơi nhận and the signature: the last table, borderless, two columns.
    closing = document.tables[-1]
    assert closing.cell(0, 0).paragraphs[0].text == "Nơi nhận:"
    assert closing.cell(0, 1).paragraphs[-1].text == "Nguyễn Văn Trưởng"


def test_a_list_is_a_bordered_table_and_an_annex_starts_a_section_of_its_own(samples):
    document = Document(io.BytesIO(samples["recognition decision"].docx))
    assert len(document.sections) == 2  # the decision, then its annex on a new page
    annex = next(t for t in document.tables if t.cell(0, 0).text == "STT")
    assert [cell.text for cell in annex.rows[0].cells] == [
        "STT",
        "Tên sáng kiến",
        "Tác giả",
        "Đơn vị",
        "Hiệu quả, phạm vi ảnh hưởng",
    ]
    assert len(annex.rows) == 3
    borders = annex._tbl.tblPr.find(qn("w:tblBorders"))
    assert {b.get(qn("w:val")) for b in borders} == {"single"}
    widths = [column.width for column in annex.columns]
    assert abs(sum(widths) - Mm(165)) < Mm(1) and widths[0] < widths[1]  # 7 % and 28 %
    # The minutes' header spans two rows and two columns, as in the PDF.
    minutes = Document(io.BytesIO(samples["02 Biên bản 01-BB-PGD-A"].docx))
    ballots = next(t for t in minutes.tables if t.cell(0, 0).text == "STT")
    assert ballots.cell(0, 2).text == "Tại cuộc họp" and ballots.cell(1, 2).text == "Đồng ý"
    assert ballots.cell(1, 0).text == "STT"  # merged down


def test_a_draft_says_so_in_its_header_and_keeps_its_blank_number():
    context = {
        "issuing_body": "Phòng Giáo dục và Đào tạo A",
        "parent_body": "Ủy ban nhân dân Quận 1",
        "number": "",
        "number_placeholder": "      /KH-PGD-A",
        "place_date": "Quận 1, ngày      tháng      năm 2024",
        "doc_title": "Kế hoạch",
        "summary": "Thử",
        "signer_position": "Trưởng phòng",
        "signer_name": "",
        "draft": True,
        "legal_basis": ["Căn cứ <b>thử</b>;"],
    }
    document = Document(io.BytesIO(render_docx("campaign/plan_pdf.html", context)))
    section = document.sections[0]
    assert "DỰ THẢO" in section.first_page_header.paragraphs[0].text
    assert "DỰ THẢO" in section.header.paragraphs[0].text
    number = document.tables[0].cell(1, 0).paragraphs[0].text
    assert number == "Số:       /KH-PGD-A"  # the spaces kept for the number written by hand
    assert "Căn cứ <b>thử</b>;" in docx_text(render_docx("campaign/plan_pdf.html", context))


# --- LibreOffice ---------------------------------------------------------------------------


def _soffice() -> str:
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if found is None:
        reason = "LibreOffice (soffice) is not installed: apt-get install libreoffice-writer-nogui"
        if REQUIRE_SERVICES:
            pytest.fail(f"REQUIRE_SERVICES=1 but {reason}")
        pytest.skip(reason)
    return found


def test_libreoffice_turns_each_word_file_into_a_pdf_that_reads_as_the_products(samples, tmp_path):
    soffice = _soffice()
    names = {}
    for index, sample in enumerate(samples.values()):
        path = tmp_path / f"{index:02d}.docx"
        path.write_bytes(sample.docx)
        names[sample.name] = path
    subprocess.run(
        [
            soffice,
            f"-env:UserInstallation=file://{tmp_path}/profile",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path / "out"),
            *map(str, names.values()),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    for name, path in names.items():
        sample = samples[name]
        theirs = one_line(
            pdf_text((tmp_path / "out" / f"{path.stem}.pdf").read_bytes(), layout=False)
        )
        ours = one_line(pdf_text(sample.pdf, layout=False))
        for words in sample.words(ours):
            assert words in theirs, (name, words)
        assert numbers_in(theirs) == numbers_in(ours), name
        assert dates_in(theirs) == dates_in(ours), name
    plan = one_line(pdf_text((tmp_path / "out" / f"{names['plan'].stem}.pdf").read_bytes()))
    assert "15/5/2024" in plan and "25/8/2024" in plan
