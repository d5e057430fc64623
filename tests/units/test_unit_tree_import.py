from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from tests.factories import UnitFactory, member
from units import services
from units.models import Membership, Role, Unit, User
from units.permissions import SYSTEM
from units.resources import UNIT_COLUMNS, UNITS_SHEET, USER_COLUMNS, USERS_SHEET

pytestmark = pytest.mark.django_db

UNIT_HEADER = list(UNIT_COLUMNS.values())
USER_HEADER = list(USER_COLUMNS.values())

THREE_LEVELS = [
    # code, name, parent, kind, place, parent body, ownership, email
    [
        "SGDĐT",
        "Sở Giáo dục và Đào tạo tỉnh Lào Cai",
        "",
        "so",
        "Lào Cai",
        "UBND tỉnh Lào Cai",
        "",
        "",
    ],
    [
        "PGD-BX",
        "Phòng Giáo dục và Đào tạo huyện Bát Xát",
        "SGDĐT",
        "Phòng Giáo dục và Đào tạo (đến 30/6/2025)",
        "Bát Xát",
        "",
        "",
        "",
    ],
    ["MNBX", "Trường Mầm non Bát Xát", "PGD-BX", "truong-mam-non", "Bát Xát", "", "Công lập", ""],
    [
        "THBX",
        "Trường Tiểu học Bát Xát",
        "PGD-BX",
        "Trường tiểu học",
        "Bát Xát",
        "",
        "Tư thục",
        "thbx@example.edu.vn",
    ],
]
USERS = [
    ["admin.laocai", "Nguyễn Văn Quản", "", "SGDĐT", "Quản trị hệ thống", ""],
    ["ht.mnbx", "Lò Thị Mai", "mai@example.edu.vn", "mnbx", "unit_head", "Mat-khau-rat-manh-9"],
]


def workbook(unit_rows, user_rows=None, unit_header=UNIT_HEADER):
    book = Workbook()
    sheet = book.active
    sheet.title = UNITS_SHEET
    sheet.append(unit_header)
    for row in unit_rows:
        sheet.append(row)
    if user_rows is not None:
        users = book.create_sheet(USERS_SHEET)
        users.append(USER_HEADER)
        for row in user_rows:
            users.append(row)
    buffer = BytesIO()
    book.save(buffer)
    buffer.seek(0)
    return buffer


@pytest.fixture
def tenant(db):
    from tests.factories import TenantFactory

    return TenantFactory()


def test_a_valid_file_imports_a_three_level_tree_with_its_users(tenant):
    report = services.unit_tree_import(
        actor=SYSTEM, tenant=tenant, file=workbook(THREE_LEVELS, USERS), dry_run=False
    )

    assert report.written, report.error_rows
    department = Unit.objects.get(tenant=tenant, code="SGDĐT")
    office = Unit.objects.get(tenant=tenant, code="PGD-BX")
    school = Unit.objects.get(tenant=tenant, code="THBX")
    assert Unit.objects.get_parent(department) is None
    assert Unit.objects.get_parent(office) == department
    assert Unit.objects.get_parent(school) == office
    assert school.depth == 3
    assert school.ownership == Unit.Ownership.PRIVATE
    assert school.kind.code == "truong-tieu-hoc"
    assert office.kind.code == "phong-gddt"
    head = User.objects.get(username="ht.mnbx")
    assert head.tenant == tenant and head.check_password("Mat-khau-rat-manh-9")
    assert Membership.objects.get(user=head).unit.code == "MNBX"
    admin = User.objects.get(username="admin.laocai")
    assert admin.memberships.get().role == Role.TENANT_ADMIN and admin.is_staff
    assert not admin.has_usable_password()


def test_children_listed_before_their_parents_still_import(tenant):
    report = services.unit_tree_import(
        actor=SYSTEM, tenant=tenant, file=workbook(list(reversed(THREE_LEVELS))), dry_run=False
    )

    assert report.written, report.error_rows
    assert Unit.objects.get(code="MNBX", tenant=tenant).depth == 3


def test_a_dry_run_reports_what_would_happen_and_writes_nothing(tenant):
    report = services.unit_tree_import(
        actor=SYSTEM, tenant=tenant, file=workbook(THREE_LEVELS, USERS), dry_run=True
    )

    assert not report.has_errors
    assert report.count(UNITS_SHEET, "new") == 4
    assert report.count(USERS_SHEET, "new") == 2
    assert not Unit.objects.filter(tenant=tenant).exists()
    assert not User.objects.filter(tenant=tenant).exists()


def test_a_file_with_bad_rows_imports_nothing_and_reports_each_bad_row(tenant):
    rows = [
        *THREE_LEVELS,
        ["MNX", "Trường Mầm non X", "KHONG-CO", "truong-mam-non", "", "", "", ""],  # row 6
        ["MNBX", "Trường Mầm non trùng mã", "PGD-BX", "truong-mam-non", "", "", "", ""],  # row 7
        ["MNY", "", "PGD-BX", "truong-mam-non", "", "", "", ""],  # row 8
        ["MNZ", "Trường Mầm non Z", "PGD-BX", "loai-la", "", "", "", ""],  # row 9
    ]

    report = services.unit_tree_import(
        actor=SYSTEM, tenant=tenant, file=workbook(rows, USERS), dry_run=False
    )

    assert not report.written
    errors = {row.row_number: " ".join(row.errors) for row in report.error_rows}
    assert set(errors) == {6, 7, 8, 9}
    assert "KHONG-CO" in errors[6]
    assert "MNBX" in errors[7]
    assert UNIT_COLUMNS["name"] in errors[8]
    assert "loai-la" in errors[9]
    assert not Unit.objects.filter(tenant=tenant).exists()
    assert not User.objects.filter(tenant=tenant).exists()


def test_bad_user_rows_also_stop_the_whole_import(tenant):
    users = [
        *USERS,
        ["gv.x", "Giáo viên X", "", "KHONG-CO", "unit_staff", ""],
        ["gv.y", "Giáo viên Y", "", "MNBX", "hiệu phó", "123"],
    ]

    report = services.unit_tree_import(
        actor=SYSTEM, tenant=tenant, file=workbook(THREE_LEVELS, users), dry_run=False
    )

    errors = {(row.sheet, row.row_number): " ".join(row.errors) for row in report.error_rows}
    assert set(errors) == {(USERS_SHEET, 4), (USERS_SHEET, 5)}
    assert "KHONG-CO" in errors[(USERS_SHEET, 4)]
    assert "hiệu phó" in errors[(USERS_SHEET, 5)]
    assert not Unit.objects.filter(tenant=tenant).exists()


def test_a_username_taken_in_another_tenant_is_refused(tenant):
    UnitFactory(department=True)
    other = User.objects.create(username="ht.mnbx")

    report = services.unit_tree_import(
        actor=SYSTEM, tenant=tenant, file=workbook(THREE_LEVELS, USERS), dry_run=False
    )

    assert [row.row_number for row in report.error_rows] == [3]
    other.refresh_from_db()
    assert other.tenant is None


def test_a_missing_column_or_a_file_that_is_not_excel_is_reported(tenant):
    missing = services.unit_tree_import(
        actor=SYSTEM, tenant=tenant, file=workbook([], unit_header=UNIT_HEADER[:2]), dry_run=True
    )
    garbage = services.unit_tree_import(
        actor=SYSTEM, tenant=tenant, file=BytesIO(b"MZ\x90\x00 not a workbook"), dry_run=True
    )

    assert UNIT_COLUMNS["parent_code"] in missing.file_errors[0]
    assert garbage.file_errors and not garbage.rows


def test_an_existing_unit_is_updated_not_duplicated(tenant):
    services.unit_tree_import(
        actor=SYSTEM, tenant=tenant, file=workbook(THREE_LEVELS), dry_run=False
    )
    renamed = [row[:] for row in THREE_LEVELS]
    renamed[2][1] = "Trường Mầm non Bát Xát (tên mới)"

    report = services.unit_tree_import(
        actor=SYSTEM, tenant=tenant, file=workbook(renamed), dry_run=False
    )

    assert report.written
    assert report.count(UNITS_SHEET, "update") == 4
    assert Unit.objects.get(tenant=tenant, code="MNBX").name.endswith("(tên mới)")
    assert Unit.objects.filter(tenant=tenant).count() == 4


def _upload(name="cay-don-vi.xlsx", content=None):
    content = content if content is not None else workbook(THREE_LEVELS[1:], USERS[1:]).getvalue()
    return SimpleUploadedFile(name, content)


def test_the_import_page_previews_then_imports_on_confirmation(client):
    root = UnitFactory(department=True, code="SGDĐT")
    client.force_login(member(root, Role.TENANT_ADMIN))
    url = reverse("units:import")

    preview = client.post(url, {"step": "preview", "file": _upload()})

    assert preview.status_code == 200
    assert 'data-testid="import-preview"' in preview.content.decode()
    assert not Unit.objects.filter(tenant=root.tenant, code="MNBX").exists()

    confirmed = client.post(url, {"step": "confirm"})

    assert confirmed.status_code == 302
    assert Unit.objects.get(tenant=root.tenant, code="MNBX").depth == 3


def test_the_import_page_lists_bad_rows_in_vietnamese(client):
    root = UnitFactory(department=True, code="SGDĐT")
    client.force_login(member(root, Role.TENANT_ADMIN))
    bad = workbook([["MNX", "", "KHONG-CO", "truong-mam-non", "", "", "", ""]]).getvalue()

    response = client.post(
        reverse("units:import"), {"step": "preview", "file": _upload(content=bad)}
    )

    page = response.content.decode()
    assert 'data-testid="import-errors"' in page
    assert "KHONG-CO" in page
    assert "Không có đơn vị cấp trên mã KHONG-CO" in page


def test_the_import_page_refuses_other_extensions_with_a_message(client):
    root = UnitFactory(department=True)
    client.force_login(member(root, Role.TENANT_ADMIN))

    response = client.post(
        reverse("units:import"), {"step": "preview", "file": _upload("a.csv", b"x")}
    )

    assert response.status_code == 200
    assert ".xlsx" in response.content.decode()


@pytest.mark.parametrize(
    "role", [Role.REVIEWER, Role.UNIT_HEAD, Role.UNIT_STAFF, Role.AWARD_OFFICER]
)
def test_only_the_tenant_administrator_may_import(client, role):
    root = UnitFactory(department=True)
    client.force_login(member(root, role))

    assert client.get(reverse("units:import")).status_code == 403
    assert client.get(reverse("units:import_template")).status_code == 403


def test_the_blank_workbook_has_the_columns_the_import_reads(client):
    root = UnitFactory(department=True)
    client.force_login(member(root, Role.TENANT_ADMIN))

    response = client.get(reverse("units:import_template"))

    book = load_workbook(BytesIO(response.content))
    assert [c.value for c in book[UNITS_SHEET][1]] == UNIT_HEADER
    assert [c.value for c in book[USERS_SHEET][1]] == USER_HEADER
