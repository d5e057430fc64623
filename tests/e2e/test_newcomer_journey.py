"""A body that is not in the demo sets itself up and runs its first plan, through the pages only.

From an empty database (migrations only, then the operator's `createsuperuser` as the README
says): the platform operator creates the tenant of a commune created by the 2025 reform in
another province, its top unit and its first administrator in one form; the administrator fills
in the blank workbook downloaded from the page (a bad file first: every bad row named, nothing
written), records a staff member's breach of the code of conduct, types the commune's 2026 plan
with a deadline after its phase (flagged, nothing saved), corrects it and launches it; a school's
head bases the school's plan on it with a registration date after the commune's (refused, the
sentence naming both dates) and registers an initiative under the commune's plan on a phone.
No ORM shortcut, no demo data: the database is read only to check what the pages did.
"""

import datetime
import io
import re

import openpyxl
import pytest
import time_machine
from django.core.management import call_command
from playwright.sync_api import expect

from awards.models import AwardType, ConductRecord
from campaign.models import Campaign, Deadline, KpiIndicator
from initiatives.models import Initiative
from tests.e2e.conftest import shot
from tests.factories import VIETNAM
from units.models import Membership, Person, Role, Tenant, Unit, User

pytestmark = [
    pytest.mark.browser,
    pytest.mark.postgres,
    # serialized_rollback: the unit kinds of the data migration are there, as on a new install,
    # and the flush afterwards leaves the next transactional test its own snapshot.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

OPERATOR_PASSWORD = "VanHanh@2026!"
ADMIN_PASSWORD = "Cafe-BuonMa#Thuot26"
HEAD_PASSWORD = "HieuTruong@2026"

ROOT = {
    "name": "Ủy ban nhân dân xã Ea Kar",
    "code": "UBND-EAKAR",
    "place": "Ea Kar",
    "parent_body": "Ủy ban nhân dân tỉnh Đắk Lắk",
}
OFFICE_CODE = "VHXH-EAKAR"
SCHOOL_CODE = "MN-HOASEN"
SCHOOL = "Trường Mầm non Hoa Sen"


def at(day: datetime.date):
    # The live server runs in this process: its clock moves with the test's.
    return time_machine.travel(datetime.datetime.combine(day, datetime.time(9), VIETNAM))


def _units_rows(bad: bool) -> list[list[str]]:
    office_kind = "Phòng Văn hóa - Xã hội"
    rows = [
        [
            OFFICE_CODE,
            "Phòng Văn hóa - Xã hội xã Ea Kar",
            ROOT["code"],
            office_kind,
            "Ea Kar",
            ROOT["name"],
            "",
            "vhxh.eakar@daklak.gov.vn",
        ],
        [
            SCHOOL_CODE,
            SCHOOL,
            # A typo in the parent's code: the row is named, nothing is written.
            "VHXH-EAKR" if bad else ROOT["code"],
            "Trường mầm non",
            "Ea Kar",
            ROOT["name"],
            "Công lập",
            "mnhoasen.eakar@daklak.edu.vn",
        ],
        [
            "TH-NGUYENDU",
            "Trường Tiểu học Nguyễn Du",
            ROOT["code"],
            "Trường tiểu hoc cơ sở" if bad else "Trường tiểu học",
            "Ea Kar",
            ROOT["name"],
            "Công lập",
            "",
        ],
    ]
    return rows


def _users_rows(bad: bool) -> list[list[str]]:
    return [
        ["vhxh.eakar", "Y Blim Niê", "yblim@daklak.gov.vn", OFFICE_CODE, "Cán bộ thẩm định", ""],
        [
            "ht.hoasen",
            "H'Hen Niê",
            "hhen@daklak.edu.vn",
            SCHOOL_CODE,
            "Thủ trưởng đơn vị",
            "123" if bad else HEAD_PASSWORD,
        ],
    ]


def _staff_rows(bad: bool) -> list[list[str]]:
    return [
        [SCHOOL_CODE, "H'Hen Niê", "Hiệu trưởng", "hhen@daklak.edu.vn", "", "ht.hoasen"],
        [
            SCHOOL_CODE,
            "Nguyễn Thị Ánh Tuyết",
            "Giáo viên",
            "",
            # Twelve digits with a birth year in the future: refused.
            "066399001234" if bad else "066190001234",
            "",
        ],
        [SCHOOL_CODE, "Trần Văn Đức", "Kế toán", "", "", ""],
    ]


def _workbook(template: bytes, *, bad: bool) -> bytes:
    """The downloaded blank workbook with its example rows replaced by the commune's."""
    book = openpyxl.load_workbook(io.BytesIO(template))
    for title, rows in (
        ("Đơn vị", _units_rows(bad)),
        ("Người dùng", _users_rows(bad)),
        ("Cán bộ", _staff_rows(bad)),
    ):
        sheet = book[title]
        sheet.delete_rows(2, sheet.max_row)
        for row in rows:
            sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _xlsx(data: bytes, name: str) -> dict:
    mime = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    return {"name": name, "mimeType": mime, "buffer": data}


def log_in(page, base, username, password):
    page.goto(f"{base}/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("button[type=submit]")
    page.wait_for_url(f"{base}/")


def test_a_new_commune_sets_itself_up_and_runs_its_first_plan(
    live_server, page, phone, monkeypatch, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    base = live_server.url
    assert not Tenant.objects.exists() and not User.objects.exists()
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", OPERATOR_PASSWORD)
    call_command(
        "createsuperuser", interactive=False, username="van-hanh", email="vanhanh@example.gov.vn"
    )

    with at(datetime.date(2026, 2, 9)):
        # 1. The platform operator sets up the tenant in one form.
        page.goto(f"{base}/admin/login/")
        page.fill("input[name=username]", "van-hanh")
        page.fill("input[name=password]", OPERATOR_PASSWORD)
        page.click("input[type=submit]")
        page.goto(f"{base}/admin/units/tenant/add/")
        page.fill("[name=name]", "Xã Ea Kar, tỉnh Đắk Lắk")
        page.fill("[name=root_name]", ROOT["name"])
        page.fill("[name=root_code]", ROOT["code"])
        page.select_option("[name=root_kind]", label="Ủy ban nhân dân xã, phường")
        page.fill("[name=root_place_name]", ROOT["place"])
        page.fill("[name=root_parent_body_name]", ROOT["parent_body"])
        page.fill("[name=admin_username]", "quantri.eakar")
        page.fill("[name=admin_full_name]", "Hoàng Thị Thu Hà")
        page.fill("[name=admin_email]", "quantri@eakar.daklak.gov.vn")
        page.fill("[name=admin_password1]", ADMIN_PASSWORD)
        page.fill("[name=admin_password2]", "Cafe-BuonMa#Thuot25")  # mistyped once
        page.click("input[name=_save]")
        expect(page.locator(".errornote")).to_be_visible()
        # What was typed is kept; only the passwords are asked again.
        assert page.input_value("[name=root_name]") == ROOT["name"]
        assert not Tenant.objects.exists()
        page.fill("[name=admin_password1]", ADMIN_PASSWORD)
        page.fill("[name=admin_password2]", ADMIN_PASSWORD)
        shot(page, "newcomer-1-onboarding")
        page.click("input[name=_save]")
        expect(page.locator(".messagelist")).to_be_visible()
        tenant = Tenant.objects.get()
        assert tenant.slug == "xa-ea-kar-tinh-dak-lak"
        root = Unit.objects.get(tenant=tenant)
        assert (root.name, root.kind.code) == (ROOT["name"], "ubnd-xa")
        assert Membership.objects.get(user__username="quantri.eakar").role == Role.TENANT_ADMIN
        # Ready to edit: the KPI catalogue and the commune's award types.
        assert KpiIndicator.objects.filter(tenant=tenant).count() >= 10
        assert AwardType.objects.filter(tenant=tenant, name__contains="xã Ea Kar").exists()

        page.get_by_role("button", name="Đăng xuất").click()
        expect(page.get_by_role("heading", name="Đăng nhập")).to_be_visible()

        # 2. Its administrator loads the units, users and staff from the blank workbook.
        log_in(page, base, "quantri.eakar", ADMIN_PASSWORD)
        page.goto(f"{base}/units/import/")
        with page.expect_download() as download:
            page.get_by_role("link", name="Tải về tệp Excel mẫu").click()
        template = open(download.value.path(), "rb").read()  # noqa: SIM115

        page.set_input_files("[name=file]", _xlsx(_workbook(template, bad=True), "don-vi.xlsx"))
        page.get_by_role("button", name="Kiểm tra tệp").click()
        errors = page.get_by_test_id("import-errors")
        expect(errors).to_be_visible()
        rows = errors.locator("tbody tr")
        # Every bad row named: the parent typo, the unknown kind, the weak password, the
        # citizen ID with a future birth year.
        # The school's own row and every row that names it (its head's account and its three
        # staff, one with an ID whose birth year is 2099).
        expect(rows).to_have_count(6)
        text = errors.inner_text()
        for needle in ("VHXH-EAKR", "tiểu hoc cơ sở", "ít nhất 10 ký tự", "2099", "Trần Văn Đức"):
            assert needle in text
        assert Unit.objects.filter(tenant=tenant).count() == 1
        assert not Person.objects.exists() and User.objects.count() == 2
        shot(page, "newcomer-2-import-errors")

        page.set_input_files("[name=file]", _xlsx(_workbook(template, bad=False), "don-vi.xlsx"))
        page.get_by_role("button", name="Kiểm tra tệp").click()
        expect(page.get_by_test_id("import-preview")).to_be_visible()
        page.get_by_role("button", name="Nhập dữ liệu").click()
        expect(page.locator("main")).to_contain_text("Đã nhập")
        assert Unit.objects.filter(tenant=tenant).count() == 4
        assert Person.objects.filter(tenant=tenant).count() == 3

        # 3. A breach of the code of conduct, recorded from the teacher's page.
        school = Unit.objects.get(tenant=tenant, code=SCHOOL_CODE)
        page.goto(f"{base}/units/{school.pk}/")
        page.get_by_role("link", name="Nguyễn Thị Ánh Tuyết").click()
        # Only the administrator sees the full ID.
        expect(page.locator("main")).to_contain_text("066190001234")
        page.get_by_role("link", name="Kỷ luật, vi phạm").click()
        page.select_option("[name=kind]", value=ConductRecord.Kind.CODE_OF_CONDUCT)
        page.fill("[name=year]", "2026")
        page.fill("[name=description]", "Vi phạm quy tắc ứng xử với phụ huynh ngày 20/01/2026.")
        page.fill("[name=decided_on]", "2026-02-05")
        page.get_by_role("button", name="Lưu").click()
        expect(page.get_by_test_id("conduct-records")).to_contain_text("05/02/2026")
        record = ConductRecord.objects.get()
        assert record.decided_on == datetime.date(2026, 2, 5)
        assert record.person.full_name == "Nguyễn Thị Ánh Tuyết"

        # 4. The commune's 2026 plan, typed in; a deadline after its phase is flagged.
        page.goto(f"{base}/campaigns/new/")
        page.fill("[name=title]", "Phát động phong trào thi đua “Cải cách hành chính” năm 2026")
        page.fill("[name=start_date]", "2026-01-01")
        page.fill("[name=end_date]", "2026-12-31")
        page.get_by_label("Trường mầm non").check()
        page.get_by_label("Trường tiểu học", exact=True).check()
        page.get_by_role("button", name="Lưu").click()
        expect(page.locator("main")).to_contain_text("Đã tạo dự thảo kế hoạch")
        plan = Campaign.objects.get()

        def add_to_schedule(opener, section, path, fields):
            page.get_by_role("button", name=opener).click()
            # Filled and sent once the accordion has opened: a click computed while it still
            # moved (Bootstrap's collapse transition) could land beside the button, and
            # nothing was sent.
            expect(page.locator(section)).to_have_class(re.compile(r"\bshow\b"))
            expect(page.locator("#edit-schedule .collapsing")).to_have_count(0)
            for name, value in fields.items():
                field = page.locator(f"{section} [name={name}]")
                if field.evaluate("node => node.tagName") == "SELECT":
                    field.select_option(value=value)
                else:
                    field.fill(value)
            # The next step waits for the server's answer to this post: a click while it is
            # still under way would cancel it on a slow machine.
            with page.expect_response(lambda r: r.request.method == "POST" and path in r.url):
                page.locator(section).get_by_role("button", name="Thêm").click()

        add_to_schedule(
            "Thêm đợt",
            "#add-phase",
            "/phases/new/",
            {
                "phase-name": "Đợt 1",
                "phase-start_date": "2026-02-01",
                "phase-end_date": "2026-10-31",
            },
        )
        expect(page.get_by_test_id("phase")).to_have_count(1)

        def vn_day(iso):
            day = datetime.date.fromisoformat(iso)
            return f"{day.day:02d}/{day.month}/{day.year}"

        def add_deadline(kind, due):
            add_to_schedule(
                "Thêm hạn",
                "#add-deadline",
                "/deadlines/new/",
                {"deadline-kind": kind, "deadline-due_date": due},
            )
            expect(page.locator("main")).to_contain_text(vn_day(due))

        add_deadline("registration", "2026-03-15")
        # The award proposals typed for 10/11 in a phase that ends on 31/10.
        add_deadline("award_proposal", "2026-11-10")
        expect(page.locator("main")).to_contain_text("10/11/2026")
        expect(page.locator("main")).to_contain_text("31/10/2026")
        shot(page, "newcomer-3-deadline-flagged")
        assert list(Deadline.objects.values_list("kind", flat=True)) == ["registration"]
        page.goto(f"{base}/campaigns/{plan.pk}/")
        add_deadline("award_proposal", "2026-10-30")
        expect(page.locator("main")).to_contain_text("30/10/2026")
        assert Deadline.objects.filter(phase__campaign=plan).count() == 2

        # Launching asks first and says what it does.
        page.get_by_test_id("launch").click()
        expect(page.get_by_test_id("confirm-lines")).to_contain_text("số")
        expect(page.get_by_test_id("confirm-units")).to_contain_text(SCHOOL)
        shot(page, "newcomer-4-launch-confirm")
        # Issued in January: no deadline of the plan comes before its date of issue.
        page.fill("[name=issued_on]", "2026-01-20")
        page.get_by_test_id("confirm-button").click()
        expect(page.get_by_test_id("campaign-number")).to_be_visible()
        plan.refresh_from_db()
        assert plan.is_launched and plan.number
        assert plan.participations.filter(unit=school).exists()

    with at(datetime.date(2026, 2, 12)):
        # 5. The school's head bases the school's plan on it, with a registration date after
        # the commune's: refused, both dates named.
        log_in(phone, base, "ht.hoasen", HEAD_PASSWORD)
        phone.goto(f"{base}/campaigns/new/")
        phone.select_option("#prefill-based-on", value=str(plan.pk))
        phone.get_by_role("button", name="Điền sẵn").first.click()
        # Title, period and the "Căn cứ" line come from the commune's plan.
        assert "Cải cách hành chính" in phone.input_value("[name=title]")
        assert str(plan.number) in phone.input_value("[name=legal_basis]")
        phone.get_by_role("button", name="Lưu").click()
        expect(phone.locator("main")).to_contain_text("Đã tạo dự thảo kế hoạch")
        school_plan = Campaign.objects.get(issuing_unit=school)
        registration = Deadline.objects.get(phase__campaign=school_plan, kind="registration")
        phone.goto(f"{base}/campaigns/deadlines/{registration.pk}/edit/")
        phone.fill("[name=due_date]", "2026-03-20")
        phone.get_by_role("button", name="Lưu").click()
        expect(phone.locator("main")).to_contain_text(re.compile(r"20/0?3/2026"))
        expect(phone.locator("main")).to_contain_text(re.compile(r"15/0?3/2026"))
        shot(phone, "newcomer-5-late-deadline-refused")
        registration.refresh_from_db()
        assert registration.due_date <= datetime.date(2026, 3, 15)

        # 6. The head registers an initiative under the commune's plan, on the phone.
        phone.goto(f"{base}/campaigns/{plan.pk}/")
        phone.get_by_role("button", name="Đăng ký mô hình, giải pháp").click()
        phone.fill("[name=name]", "Tiếp nhận hồ sơ nhập học trực tuyến cho trẻ mầm non")
        phone.select_option("[name=kind]", index=1)
        phone.select_option("[name=area]", index=1)
        for field in ("situation", "objectives", "steps", "expected_results", "scope"):
            phone.fill(f"[name={field}]", f"Nội dung phần {field} của Mẫu 1.")
        phone.get_by_role("button", name="Nộp", exact=True).click()
        expect(phone.locator("main")).to_contain_text("Đã nộp")
        shot(phone, "newcomer-6-registered")
        item = Initiative.objects.get()
        assert item.unit == school and item.status == Initiative.Status.SUBMITTED
        assert not item.is_late
        width = phone.evaluate("document.documentElement.scrollWidth")
        assert width <= 390
