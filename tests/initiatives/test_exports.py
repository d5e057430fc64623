"""The two exports of a consolidated list: the clerk's Excel workbook and the ND30 PDF."""

import datetime
from io import BytesIO

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from campaign import services as campaign_services
from documents import builders
from documents.services import pdf_text
from initiatives import services
from initiatives.documents import (
    CONSOLIDATION_BUILDER,
    consolidation_context,
    consolidation_filename,
    render_consolidation,
)
from initiatives.exports import (
    COLUMNS,
    LIST_TITLE,
    _list_workbook,
    consolidation_workbook,
    item_summary,
)
from initiatives.models import Consolidation, Initiative
from tests.factories import PersonFactory, campaign, initiative
from units.permissions import SYSTEM

pytestmark = pytest.mark.django_db

D = datetime.date
Status = Initiative.Status
HEADERS = [label for label, _width in COLUMNS]


def on(day):
    """A moment on the given date, local time."""
    return datetime.datetime(
        day.year, day.month, day.day, 10, tzinfo=timezone.get_default_timezone()
    )


@pytest.fixture
def levels(tree):
    """The Sở's launched plan for offices and schools, and Phòng A's plan implementing it."""
    parent = campaign(
        tree["department"], kinds=("phong-gddt", "truong-mam-non"), launch_on=D(2024, 3, 20)
    )
    child = campaign_services.campaign_create(
        actor=SYSTEM,
        issuing_unit=tree["office_a"],
        based_on=parent,
        title="Thực hiện phong trào thi đua “Cải cách hành chính” năm 2024",
    )
    child = campaign_services.campaign_launch(
        actor=SYSTEM, campaign=child, issued_on=D(2024, 3, 25)
    )
    return {
        "upper": parent.phases.get().deadlines.get(),
        "office": child.phases.get().deadlines.get(),
    }


def submitted(unit, deadline, name, person=None, **fields):
    """An item registered, completed and submitted on time under `deadline`."""
    item = initiative(unit, deadline)
    services.initiative_update(
        actor=SYSTEM,
        initiative=item,
        name=name,
        kind=fields.get("kind", "solution"),
        area=fields.get("area", "digital"),
        situation=fields.get("situation", f"Thực trạng của {name}."),
        objectives=fields.get("objectives", f"Mục tiêu của {name}."),
        expected_results=fields.get("expected_results", f"Kết quả của {name}."),
        person_in_charge=person,
    )
    return services.initiative_submit(actor=SYSTEM, initiative=item, now=on(D(2024, 8, 1)))


def accepted(unit, deadline, name, person=None, **fields):
    item = submitted(unit, deadline, name, person, **fields)
    return services.initiative_accept(actor=SYSTEM, initiative=item)


@pytest.fixture
def listed(tree, levels):
    """Three accepted items of schools A1 and A2 (made out of order), plus one rejected and
    one still waiting for review, which stay off the list."""
    deadline = levels["office"]
    teacher = PersonFactory(unit=tree["a2"], full_name="Lê Thị Hoa")
    second = accepted(
        tree["a2"],
        deadline,
        "Hộp thư góp ý",
        teacher,
        kind="model",
        area="satisfaction",
        objectives="Lắng nghe ý kiến phụ huynh mọi lúc.",
    )
    first = accepted(tree["a1"], deadline, "Sổ liên lạc điện tử", kind="solution", area="digital")
    rejected = submitted(tree["a1"], deadline, "Mô hình bị loại")
    services.initiative_reject(actor=SYSTEM, initiative=rejected, comment="Trùng nội dung.")
    submitted(tree["a2"], deadline, "Mô hình chưa xét")
    third = accepted(
        tree["a2"],
        deadline,
        "Số hóa hồ sơ tuyển sinh",
        kind="initiative",
        area="procedures",
        expected_results="100% hồ sơ tiếp nhận trực tuyến.",
    )
    consolidation = services.consolidation_create(actor=SYSTEM, deadline=deadline)
    return {"consolidation": consolidation, "items": [first, second, third]}


def fresh(consolidation):
    return Consolidation.objects.get(pk=consolidation.pk)


def open_book(data: bytes):
    return load_workbook(BytesIO(data))


def open_sheet(data: bytes):
    return open_book(data).active


def header_row_of(sheet) -> int:
    return next(row[0].row for row in sheet.iter_rows() if row[0].value == "STT")


def test_the_workbook_holds_the_accepted_items_in_the_clerks_layout(tree, listed):
    book = open_book(consolidation_workbook(fresh(listed["consolidation"])))
    sheet = book.active

    assert book.properties.title == LIST_TITLE.capitalize()
    assert book.sheetnames == ["Danh sách"]

    assert sheet["A1"].value == tree["office_a"].name.upper()
    assert sheet["A2"].value == LIST_TITLE
    assert sheet["A3"].value.startswith("Thực hiện phong trào thi đua")
    assert "Đợt 1" in sheet["A3"].value
    merged = {str(r) for r in sheet.merged_cells.ranges}
    assert {"A1:H1", "A2:H2", "A3:H3"} <= merged
    assert sheet["A1"].font.b and sheet["A1"].alignment.horizontal == "center"
    header = header_row_of(sheet)
    assert header == 5  # no number yet: titles, an empty row, the header
    assert sheet["A4"].value is None
    assert [c.value for c in sheet[header]] == HEADERS
    assert all(c.font.b and c.alignment.wrap_text and c.border.top.style for c in sheet[header])
    rows = [[c.value for c in row] for row in sheet.iter_rows(min_row=header + 1)]
    assert rows == [
        [
            1,
            tree["a1"].name,
            "Sổ liên lạc điện tử",
            "Giải pháp",
            "Xây dựng, phát triển Chính phủ điện tử, Chính phủ số",
            None,
            "Mục tiêu của Sổ liên lạc điện tử.",
            "Kết quả của Sổ liên lạc điện tử.",
        ],
        [
            2,
            tree["a2"].name,
            "Hộp thư góp ý",
            "Mô hình",
            "Sự hài lòng của người dân, tổ chức",
            "Lê Thị Hoa",
            "Lắng nghe ý kiến phụ huynh mọi lúc.",
            "Kết quả của Hộp thư góp ý.",
        ],
        [
            3,
            tree["a2"].name,
            "Số hóa hồ sơ tuyển sinh",
            "Sáng kiến",
            "Cải cách thủ tục hành chính",
            None,
            "Mục tiêu của Số hóa hồ sơ tuyển sinh.",
            "100% hồ sơ tiếp nhận trực tuyến.",
        ],
    ]
    names = {row[2] for row in rows}
    assert "Mô hình bị loại" not in names and "Mô hình chưa xét" not in names
    assert sheet.freeze_panes == f"A{header + 1}"
    assert sheet.print_title_rows == f"${header}:${header}"
    assert sheet.page_setup.orientation == "landscape"
    assert str(sheet.page_setup.paperSize) == str(sheet.PAPERSIZE_A4)
    assert sheet.sheet_properties.pageSetUpPr.fitToPage
    assert sheet.page_setup.fitToWidth == 1 and sheet.page_setup.fitToHeight == 0
    assert sheet.column_dimensions["C"].width >= 30
    assert [sheet.column_dimensions[letter].width for letter in "ABCDEFGH"] == [
        width for _label, width in COLUMNS
    ]
    assert sheet.print_area == "'Danh sách'!$A$1:$H$8"
    assert sheet.print_options.horizontalCentered
    margins = sheet.page_margins
    assert (margins.left, margins.right, margins.top, margins.bottom) == (0.4, 0.4, 0.6, 0.6)
    assert sheet.cell(header + 3, 8).border.bottom.style == "thin"
    first = sheet[header + 1]
    assert all(c.font.name == "Times New Roman" and not c.font.b for c in first)
    assert all(c.border.left.style == "thin" and c.alignment.vertical == "top" for c in first)
    # The number and the kind centred, the texts left; an empty cell keeps its border.
    assert [c.alignment.horizontal for c in first] == ["center", "left", "left", "center"] + [
        "left"
    ] * 4
    assert first[5].value is None and first[5].border.top.style == "thin"


def test_a_forwarded_list_names_its_number_under_the_title(tree, listed):
    consolidation = services.consolidation_forward(
        actor=SYSTEM, consolidation=listed["consolidation"], issued_on=D(2024, 8, 24)
    )

    sheet = open_sheet(consolidation_workbook(fresh(consolidation)))

    assert sheet["A4"].value == "(Kèm theo Danh sách số 01/DS-PGD-A ngày 24/8/2024)"
    assert "A4:H4" in {str(r) for r in sheet.merged_cells.ranges}
    assert sheet["A4"].font.i and not sheet["A4"].font.b
    header = header_row_of(sheet)
    assert header == 6
    assert sheet["A5"].value is None
    assert sheet.freeze_panes == "A7"
    assert sheet.print_title_rows == "$6:$6"
    assert sheet.print_area == "'Danh sách'!$A$1:$H$9"
    assert [sheet.cell(r, 3).value for r in range(header + 1, sheet.max_row + 1)] == [
        "Sổ liên lạc điện tử",
        "Hộp thư góp ý",
        "Số hóa hồ sơ tuyển sinh",
    ]


def test_the_summary_is_the_objectives_else_the_situation():
    assert item_summary(Initiative(objectives=" Mục tiêu. ", situation="Thực trạng.")) == (
        "Mục tiêu."
    )
    assert item_summary(Initiative(objectives="", situation="Thực trạng.")) == "Thực trạng."


def test_text_that_looks_like_a_formula_stays_text(tree, levels):
    accepted(tree["a1"], levels["office"], '=HYPERLINK("http://x","y")', expected_results="#N/A")
    consolidation = services.consolidation_create(actor=SYSTEM, deadline=levels["office"])

    sheet = open_sheet(consolidation_workbook(consolidation))

    name = sheet.cell(header_row_of(sheet) + 1, 3)
    assert name.data_type == "s" and name.value == '=HYPERLINK("http://x","y")'
    results = sheet.cell(header_row_of(sheet) + 1, 8)
    assert results.data_type == "s" and results.value == "#N/A"


def test_control_characters_are_dropped_and_long_text_cut_to_what_excel_keeps(tree, levels):
    accepted(tree["a1"], levels["office"], "Sổ liên\x07 lạc\x1b điện tử", objectives="ý" * 40_000)
    consolidation = services.consolidation_create(actor=SYSTEM, deadline=levels["office"])

    sheet = open_sheet(consolidation_workbook(consolidation))

    row = sheet[header_row_of(sheet) + 1]
    assert row[2].value == "Sổ liên lạc điện tử"
    assert row[6].value == "ý" * 32_767


def one_line(text: str) -> str:
    return " ".join(text.split())


def test_the_pdf_of_a_draft_list(tree, listed):
    document = render_consolidation(fresh(listed["consolidation"]))
    text = one_line(pdf_text(document.pdf, layout=False))

    assert "DANH SÁCH" in text
    assert "Mô hình, giải pháp, sáng kiến về cải cách hành chính" in text
    assert "Đợt 1 năm 2024" in text
    for item in listed["items"]:
        assert item.name in text
    assert "Mô hình bị loại" not in text and "Mô hình chưa xét" not in text
    assert "Tổng cộng: 3 mô hình, giải pháp, sáng kiến." in text
    assert "DỰ THẢO" in text
    assert "/DS-PGD-A" in text
    assert f"Kính gửi: {tree['department'].name}" in text  # the issuer of the upper plan
    assert "TRƯỞNG PHÒNG" in text
    assert '<table class="data">' in document.html
    assert document.html.count('<td class="stt">') == 3


def test_the_pdf_of_a_forwarded_list_carries_its_number_and_addressee(tree, listed):
    consolidation = services.consolidation_forward(
        actor=SYSTEM, consolidation=listed["consolidation"], issued_on=D(2024, 8, 24)
    )
    consolidation = fresh(consolidation)

    document = render_consolidation(consolidation)
    text = one_line(pdf_text(document.pdf, layout=False))

    assert "Số: 01/DS-PGD-A" in text
    assert "Quận 1, ngày 24 tháng 8 năm 2024" in text
    assert f"Kính gửi: {tree['department'].name}" in text
    assert "DỰ THẢO" not in text
    for item in listed["items"]:
        assert item.name in text
    assert "Tổng cộng: 3 mô hình, giải pháp, sáng kiến." in text
    context = consolidation_context(consolidation)
    assert context["kinh_gui"] == [tree["department"].name]
    assert context["recipients"] == ["Như trên", "Lưu: VT."]
    assert consolidation_filename(consolidation) == "danh-sach-01-DS-PGD-A.pdf"


def test_the_background_builder_renders_the_list(listed):
    consolidation = listed["consolidation"]
    progress = []

    filename, document = builders.get(CONSOLIDATION_BUILDER)(consolidation.pk, progress.append)

    assert filename == f"danh-sach-du-thao-{consolidation.pk}.pdf"
    assert document.pdf.startswith(b"%PDF") and progress


def test_a_list_without_an_upper_plan_has_no_addressee(tree):
    plan = campaign(tree["office_a"], launch_on=D(2024, 3, 20))
    deadline = plan.phases.get().deadlines.get()
    accepted(tree["a1"], deadline, "Sổ liên lạc điện tử")
    consolidation = services.consolidation_create(actor=SYSTEM, deadline=deadline)

    context = consolidation_context(fresh(consolidation))

    assert context["kinh_gui"] == []
    assert context["draft"] and context["number"] == ""
    assert context["number_placeholder"] == "      /DS-PGD-A"


def count_workbook_queries(consolidation, django_assert_max_num_queries) -> int:
    with django_assert_max_num_queries(10) as captured:
        consolidation_workbook(fresh(consolidation))
    return len(captured)


def test_the_workbook_needs_the_same_queries_for_3_or_12_items(
    tree, levels, django_assert_max_num_queries
):
    deadline = levels["office"]
    for index in range(3):
        accepted(tree["a1"], deadline, f"Mô hình {index + 1}", PersonFactory(unit=tree["a1"]))
    small = services.consolidation_create(actor=SYSTEM, deadline=deadline)
    for index in range(12):
        school = tree["a1"] if index % 2 else tree["a2"]
        accepted(school, deadline, f"Giải pháp {index + 1}", PersonFactory(unit=school))
    # The first three are still accepted at this level: choose the twelve new ones.
    large = services.consolidation_create(
        actor=SYSTEM,
        deadline=deadline,
        items=Initiative.objects.filter(name__startswith="Giải pháp"),
    )
    assert (small.items.count(), large.items.count()) == (3, 12)

    small_queries = count_workbook_queries(small, django_assert_max_num_queries)
    large_queries = count_workbook_queries(large, django_assert_max_num_queries)

    assert small_queries == large_queries
    assert len(open_sheet(consolidation_workbook(fresh(large)))["C"]) == 5 + 12


def test_a_long_list_keeps_every_row_and_its_styles():
    """The streamed table refills the same styled cells row after row: each row is written
    with its own values, numbered, and every row (the last too) has the table's look."""
    printed = [
        (f"Trường số {n}", f"Mô hình {n}", "Mô hình", "Cải cách thể chế", "", f"Tóm tắt {n}", "")
        for n in range(1, 1201)
    ]

    sheet = open_sheet(_list_workbook(["PHÒNG A", LIST_TITLE, "Năm 2024"], iter(printed)))

    header = header_row_of(sheet)
    assert all(c.font.b and c.border.top.style == "thin" for c in sheet[header])
    rows = list(sheet.iter_rows(min_row=header + 1))
    assert len(rows) == 1200
    assert [[c.value for c in row] for row in rows] == [
        [n, *[value or None for value in values]] for n, values in enumerate(printed, start=1)
    ]
    for row in (rows[0], rows[599], rows[-1]):
        assert row[0].data_type == "n" and isinstance(row[0].value, int)
        assert all(c.font.name == "Times New Roman" and not c.font.b for c in row)
        assert all(c.border.bottom.style == "thin" for c in row)
        assert [c.alignment.horizontal for c in row] == ["center", "left", "left", "center"] + [
            "left"
        ] * 4
    assert sheet.print_area == f"'Danh sách'!$A$1:$H${header + 1200}"
