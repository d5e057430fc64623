"""Registrations collected offline, imported from Excel by the receiving unit: a dry run
lists every bad row; nothing is written unless the whole sheet is valid."""

import datetime
from io import BytesIO

import pytest
from django.core.exceptions import PermissionDenied
from openpyxl import Workbook

from initiatives import services
from initiatives.models import Initiative
from initiatives.resources import COLUMNS, SHEET
from tests.factories import PersonFactory, campaign, member
from units.models import Role

pytestmark = pytest.mark.django_db

D = datetime.date


def workbook(rows):
    book = Workbook()
    sheet = book.active
    sheet.title = SHEET
    sheet.append(list(COLUMNS.values()))
    for row in rows:
        sheet.append(row)
    buffer = BytesIO()
    book.save(buffer)
    buffer.seek(0)
    return buffer


def row(code, name, person="", kind="Giải pháp", area="Cải cách thủ tục hành chính"):
    return [code, name, kind, area, person, "Thực trạng", "Mục tiêu", "", "Kết quả", ""]


@pytest.fixture
def deadline(tree):
    plan = campaign(tree["office_a"], launch_on=D(2024, 3, 20))
    return plan.phases.get().deadlines.get()


def test_a_valid_sheet_registers_each_row_as_submitted(tree, deadline):
    PersonFactory(unit=tree["a1"], full_name="Lê Thị Hạnh")
    reviewer = member(tree["office_a"], Role.REVIEWER)

    report = services.registrations_import(
        actor=reviewer,
        deadline=deadline,
        file=workbook([row("A1", "Số hóa hồ sơ", "le thi hanh"), row("A2", "Hộp thư góp ý")]),
        dry_run=False,
    )

    assert report.written, report.error_rows
    items = Initiative.objects.order_by("name")
    assert [(i.unit.code, i.status) for i in items] == [("A2", "submitted"), ("A1", "submitted")]
    first = Initiative.objects.get(name="Số hóa hồ sơ")
    assert first.person_in_charge.full_name == "Lê Thị Hạnh" and first.kind == "solution"
    assert first.versions.count() == 1
    assert first.events.filter(action="submit", actor=reviewer).exists()


def test_bad_rows_are_all_reported_and_nothing_is_written(tree, deadline):
    reviewer = member(tree["office_a"], Role.REVIEWER)
    rows = [
        row("A1", "Đúng"),  # row 2
        row("B1", "Trường không tham gia"),  # row 3
        row("A2", "", kind="Loại lạ"),  # row 4
        row("A2", "Người lạ", person="Không Có Ai"),  # row 5
    ]

    report = services.registrations_import(
        actor=reviewer, deadline=deadline, file=workbook(rows), dry_run=False
    )

    assert {r.row_number for r in report.error_rows} == {3, 4, 5}
    assert not Initiative.objects.exists()


def test_a_dry_run_writes_nothing(tree, deadline):
    report = services.registrations_import(
        actor=member(tree["office_a"], Role.REVIEWER),
        deadline=deadline,
        file=workbook([row("A1", "Thử")]),
        dry_run=True,
    )

    assert not report.has_errors and report.count(SHEET, "new") == 1
    assert not Initiative.objects.exists()


def test_only_a_reviewer_of_the_receiving_unit_imports(tree, deadline):
    with pytest.raises(PermissionDenied):
        services.registrations_import(
            actor=member(tree["a1"], Role.UNIT_HEAD), deadline=deadline, file=workbook([])
        )


def test_the_import_page_previews_then_imports(client, tree, deadline):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    client.force_login(member(tree["office_a"], Role.REVIEWER))
    url = reverse("initiatives:import", kwargs={"deadline_id": deadline.pk})
    upload = SimpleUploadedFile("dang-ky.xlsx", workbook([row("A1", "Sổ liên lạc")]).getvalue())

    preview = client.post(url, {"step": "preview", "file": upload})
    assert 'data-testid="import-preview"' in preview.content.decode()
    assert not Initiative.objects.exists()

    confirmed = client.post(url, {"step": "confirm"})
    assert confirmed.status_code == 302
    assert Initiative.objects.get().name == "Sổ liên lạc"
