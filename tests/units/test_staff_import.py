"""The "Cán bộ" sheet of the unit-tree workbook: the same preview, every bad row named with its
Excel row number, all or nothing; a re-import finds people by citizen ID, else by unit, full
name and e-mail."""

from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from tests.factories import PersonFactory, TenantFactory, UnitFactory, member
from units import services
from units.models import Person, Role, Unit, User
from units.permissions import SYSTEM
from units.resources import (
    STAFF_COLUMNS,
    STAFF_SHEET,
    UNIT_COLUMNS,
    UNITS_SHEET,
    USER_COLUMNS,
    USERS_SHEET,
)
from units.workbook import unit_tree_template

pytestmark = pytest.mark.django_db

UNITS = [
    ["UBND-PSG", "Ủy ban nhân dân phường Sài Gòn", "", "ubnd-xa", "Sài Gòn", "", "", ""],
    ["VHXH-PSG", "Phòng Văn hóa - Xã hội phường Sài Gòn", "UBND-PSG", "phong-vhxh", "", "", "", ""],
    ["MNHM", "Trường Mầm non Họa Mi", "VHXH-PSG", "truong-mam-non", "Sài Gòn", "", "", ""],
]
USERS = [["ht.mnhm", "Võ Thị Ngọc Bích", "bich.vtn@example.edu.vn", "MNHM", "unit_head", ""]]
STAFF = [
    # unit, full name, position, e-mail, citizen ID, username
    ["MNHM", "Võ Thị Ngọc Bích", "Hiệu trưởng", "bich.vtn@example.edu.vn", "", "ht.mnhm"],
    ["MNHM", "Huỳnh Thị Kim Oanh", "Giáo viên", "oanh.htk@example.edu.vn", "079186001234", ""],
    ["mnhm", "Trương Văn Lộc", "Bảo vệ", "", "", ""],
]


def workbook(units=UNITS, users=USERS, staff=STAFF, staff_header=None):
    book = Workbook()
    sheet = book.active
    sheet.title = UNITS_SHEET
    sheet.append(list(UNIT_COLUMNS.values()))
    for row in units:
        sheet.append(row)
    if users is not None:
        sheet = book.create_sheet(USERS_SHEET)
        sheet.append(list(USER_COLUMNS.values()))
        for row in users:
            sheet.append(row)
    if staff is not None:
        sheet = book.create_sheet(STAFF_SHEET)
        sheet.append(staff_header or list(STAFF_COLUMNS.values()))
        for row in staff:
            sheet.append(row)
    buffer = BytesIO()
    book.save(buffer)
    buffer.seek(0)
    return buffer


@pytest.fixture
def tenant():
    return TenantFactory()


def run(tenant, file, dry_run=False):
    return services.unit_tree_import(actor=SYSTEM, tenant=tenant, file=file, dry_run=dry_run)


def test_units_users_and_staff_import_together_and_link_the_account(tenant):
    report = run(tenant, workbook())

    assert report.written, [(r.sheet, r.row_number, r.errors) for r in report.error_rows]
    assert report.count(STAFF_SHEET, "new") == 3
    school = Unit.objects.get(tenant=tenant, code="MNHM")
    people = {p.full_name: p for p in Person.objects.filter(unit=school)}
    assert set(people) == {"Võ Thị Ngọc Bích", "Huỳnh Thị Kim Oanh", "Trương Văn Lộc"}
    assert people["Võ Thị Ngọc Bích"].user == User.objects.get(username="ht.mnhm")
    assert people["Huỳnh Thị Kim Oanh"].citizen_id == "079186001234"
    assert all(p.tenant == tenant and p.is_active for p in people.values())


def test_bad_staff_rows_are_each_named_and_nothing_is_written(tenant):
    staff = [
        *STAFF,  # rows 2-4
        ["KHONG-CO", "Đinh Văn Nam", "Giáo viên", "", "", ""],  # row 5: unknown unit
        ["MNHM", "", "Giáo viên", "", "", ""],  # row 6: no name
        ["MNHM", "Mai Thị Hạnh", "Giáo viên", "", "07918600123", ""],  # row 7: 11 digits
        ["MNHM", "Tạ Văn Phúc", "Giáo viên", "", "079186001234", ""],  # row 8: ID twice
        ["MNHM", "Lý Thị Thảo", "Giáo viên", "", "", "khong.co"],  # row 9: unknown account
        ["MNHM", "Trương Văn Lộc", "Bảo vệ", "", "", ""],  # row 10: row 4 again
        ["MNHM", "Cao Thị Xuân", "Giáo viên", "khong-phai-email", "", ""],  # row 11
    ]

    report = run(tenant, workbook(staff=staff))

    assert not report.written
    errors = {r.row_number: " ".join(r.errors) for r in report.error_rows if r.sheet == STAFF_SHEET}
    assert set(errors) == {5, 6, 7, 8, 9, 10, 11}
    assert "KHONG-CO" in errors[5]
    assert "Họ và tên" in errors[6]
    assert "Số định danh cá nhân" in errors[7] and "11" in errors[7]
    assert "Số định danh cá nhân" in errors[8]
    assert "khong.co" in errors[9]
    assert "hai lần" in errors[10]
    assert "Email" in errors[11]
    assert not Unit.objects.filter(tenant=tenant).exists()
    assert not Person.objects.filter(tenant=tenant).exists()
    assert not User.objects.filter(tenant=tenant).exists()


def test_the_gender_column_reads_nu_and_nam_and_names_a_bad_value(tenant):
    staff = [
        [*STAFF[0], "Nữ"],
        [*STAFF[1], "NỮ"],
        [*STAFF[2], "nam"],
        ["MNHM", "Phan Thị Hoa", "Giáo viên", "", "", "", "Khác"],  # row 5
    ]
    report = run(tenant, workbook(staff=staff))

    errors = {r.row_number: " ".join(r.errors) for r in report.error_rows if r.sheet == STAFF_SHEET}
    assert list(errors) == [5] and "“Khác” không phải giới tính: ghi Nữ hoặc Nam." in errors[5]

    report = run(tenant, workbook(staff=staff[:3]))
    assert report.written
    genders = dict(Person.objects.filter(tenant=tenant).values_list("full_name", "gender"))
    assert genders == {
        "Võ Thị Ngọc Bích": "female",
        "Huỳnh Thị Kim Oanh": "female",
        "Trương Văn Lộc": "male",
    }
    # An empty cell keeps what is recorded.
    run(tenant, workbook(staff=[STAFF[0]]))
    assert Person.objects.get(full_name="Võ Thị Ngọc Bích").gender == "female"


def test_a_reimport_updates_people_found_by_citizen_id_or_by_unit_name_and_email(tenant):
    run(tenant, workbook())
    oanh = Person.objects.get(citizen_id="079186001234")
    loc = Person.objects.get(full_name="Trương Văn Lộc")
    again = [
        # found by citizen ID although the name was corrected
        ["MNHM", "Huỳnh Thị Kim Oanh (Tổ trưởng)", "Tổ trưởng chuyên môn", "", "079186001234", ""],
        # found by unit, name (case and spacing aside) and e-mail; gets its ID
        ["MNHM", "trương  văn lộc", "Bảo vệ", "", "001099123456", ""],
        ["MNHM", "Nguyễn Hoàng Phương Thảo", "Nhân viên y tế", "", "", ""],
    ]

    report = run(tenant, workbook(users=None, staff=again))

    assert report.written, [(r.row_number, r.errors) for r in report.error_rows]
    assert report.count(STAFF_SHEET, "update") == 2 and report.count(STAFF_SHEET, "new") == 1
    oanh.refresh_from_db()
    loc.refresh_from_db()
    assert oanh.position == "Tổ trưởng chuyên môn"
    assert loc.citizen_id == "001099123456"
    assert Person.objects.filter(tenant=tenant).count() == 4


def test_a_reimport_never_moves_a_person_nor_erases_their_id(tenant):
    run(tenant, workbook())
    UnitFactory(parent=Unit.objects.get(tenant=tenant, code="VHXH-PSG"), code="THHM")
    moved = [["THHM", "Huỳnh Thị Kim Oanh", "Giáo viên", "", "079186001234", ""]]
    same = [["MNHM", "Huỳnh Thị Kim Oanh", "Giáo viên", "oanh.htk@example.edu.vn", "", ""]]

    refused = run(tenant, workbook(units=[], users=None, staff=moved))
    kept = run(tenant, workbook(units=[], users=None, staff=same))

    assert [r.row_number for r in refused.error_rows] == [2]
    assert "Chuyển công tác" in " ".join(refused.error_rows[0].errors)
    assert kept.written
    oanh = Person.objects.get(full_name="Huỳnh Thị Kim Oanh")
    assert oanh.unit.code == "MNHM" and oanh.citizen_id == "079186001234"


def test_a_citizen_id_typed_as_a_number_gets_its_leading_zero_back(tenant):
    staff = [["MNHM", "Huỳnh Thị Kim Oanh", "Giáo viên", "", 79186001234, ""]]

    report = run(tenant, workbook(users=None, staff=staff))

    assert report.written, [r.errors for r in report.error_rows]
    assert Person.objects.get(tenant=tenant).citizen_id == "079186001234"


def test_an_account_linked_to_another_person_is_refused(tenant):
    run(tenant, workbook())
    staff = [
        ["MNHM", "Đoàn Minh Quân", "Giáo viên", "", "", ""],
        ["MNHM", "Phí Thị Duyên", "Giáo viên", "", "", "ht.mnhm"],
    ]

    report = run(tenant, workbook(units=[], users=None, staff=staff))

    assert [r.row_number for r in report.error_rows] == [3]
    assert "Võ Thị Ngọc Bích" in " ".join(report.error_rows[0].errors)
    assert not Person.objects.filter(full_name="Đoàn Minh Quân").exists()


def test_the_staff_sheet_needs_its_columns(tenant):
    report = run(tenant, workbook(staff=[], staff_header=["Họ và tên"]), dry_run=True)

    assert STAFF_COLUMNS["unit_code"] in report.file_errors[0]


def test_the_blank_workbook_has_a_staff_sheet_that_imports(tenant):
    book = load_workbook(BytesIO(unit_tree_template()))

    assert book.sheetnames[:3] == [UNITS_SHEET, USERS_SHEET, STAFF_SHEET]
    header = [cell.value for cell in book[STAFF_SHEET][1]]
    assert header == list(STAFF_COLUMNS.values())
    report = run(tenant, BytesIO(unit_tree_template()))
    assert report.written, [(r.sheet, r.row_number, r.errors) for r in report.error_rows]
    assert Person.objects.filter(tenant=tenant, full_name="Lê Văn Đức").exists()


def test_the_page_previews_bad_staff_rows_then_imports_a_good_file(client):
    root = UnitFactory(department=True, code="SGDĐT")
    PersonFactory(unit=root, citizen_id="079186001234")
    client.force_login(member(root, Role.TENANT_ADMIN))
    url = reverse("units:import")
    units = [["MNHM", "Trường Mầm non Họa Mi", "SGDĐT", "truong-mam-non", "", "", "", ""]]
    bad = workbook(units=units, staff=STAFF)  # Oanh's ID is taken: row 3

    preview = client.post(
        url, {"step": "preview", "file": SimpleUploadedFile("can-bo.xlsx", bad.getvalue())}
    )

    html = preview.content.decode()
    assert 'data-testid="import-errors"' in html
    assert "Cán bộ" in html and "<td>3</td>" in html and "Huỳnh Thị Kim Oanh" in html
    assert not Unit.objects.filter(code="MNHM").exists()
    assert 'name="step" value="confirm"' not in html  # nothing to confirm
    assert 'data-testid="import-errors"' in client.post(url, {"step": "confirm"}).content.decode()
    assert not Person.objects.filter(full_name="Trương Văn Lộc").exists()

    good = workbook(units=units, staff=[STAFF[0], STAFF[2]])
    preview = client.post(
        url, {"step": "preview", "file": SimpleUploadedFile("can-bo.xlsx", good.getvalue())}
    )
    assert 'data-testid="import-preview"' in preview.content.decode()
    assert not Person.objects.filter(full_name="Trương Văn Lộc").exists()
    confirmed = client.post(url, {"step": "confirm"}, follow=True)

    assert "2 cán bộ" in confirmed.content.decode()
    school = Unit.objects.get(tenant=root.tenant, code="MNHM")
    assert set(school.people.values_list("full_name", flat=True)) == {
        "Võ Thị Ngọc Bích",
        "Trương Văn Lộc",
    }
