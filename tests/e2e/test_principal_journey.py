"""The principal's journey on a phone: find the plan, register an initiative (Mẫu 1) and send
it before the deadline; once it is accepted and the result phase has begun, file the result
report (Mẫu 2) with evidence, where a refused file keeps everything typed."""

import datetime

import pytest
import time_machine
from playwright.sync_api import expect

from initiatives import services
from initiatives.models import Evidence, Initiative, ResultReport
from tests.e2e.conftest import log_in, shot
from tests.factories import VIETNAM, PersonFactory, campaign, member
from units.models import Role

# On PostgreSQL: the form's autosave and its submit reach the server together, which an
# in-memory SQLite shared between threads answers with "table is locked".
pytestmark = [
    pytest.mark.browser,
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
EXE_BYTES = b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 64


@pytest.fixture
def school_year(tree, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    plan = campaign(
        tree["office_a"],
        title="Phát động phong trào thi đua “Cải cách hành chính” năm 2026",
        start=datetime.date(2026, 1, 1),
        end=datetime.date(2026, 12, 31),
        phases=(
            ("Đợt 1", (2026, 4, 1), (2026, 8, 25), [("registration", (2026, 8, 25))]),
            ("Đợt 2", (2026, 8, 26), (2026, 10, 31), [("result_report", (2026, 10, 31))]),
        ),
        launch_on=datetime.date(2026, 3, 20),
    )
    PersonFactory(unit=tree["a1"], full_name="Nguyễn Thị Mai")
    member(tree["a1"], Role.UNIT_HEAD, username="hieu-truong-a1")
    return {"plan": plan, "reviewer": member(tree["office_a"], Role.REVIEWER)}


def at(day: datetime.date):
    # The live server runs in this process: its clock moves with the test's.
    return time_machine.travel(datetime.datetime.combine(day, datetime.time(9), VIETNAM))


def test_a_principal_registers_on_a_phone_and_later_reports_the_results(
    live_server, phone, school_year
):
    base = live_server.url
    plan = school_year["plan"]
    with at(datetime.date(2026, 8, 10)):
        log_in(phone, base, "hieu-truong-a1")
        # The home page says what is due and leads to the plan.
        assert "25/8/2026" in phone.inner_text("main") or "25/08/2026" in phone.inner_text("main")
        phone.get_by_role("link", name=plan.title).first.click()
        phone.get_by_role("button", name="Đăng ký mô hình, giải pháp").click()

        phone.fill("[name=name]", "Sổ liên lạc điện tử cho phụ huynh")
        phone.select_option("[name=kind]", index=1)
        phone.select_option("[name=area]", index=1)
        for field in ("situation", "objectives", "steps", "expected_results", "scope"):
            phone.fill(f"[name={field}]", f"Nội dung phần {field} của Mẫu 1.")
        shot(phone, "principal-1-registration")
        phone.get_by_role("button", name="Nộp", exact=True).click()
        expect(phone.locator("main")).to_contain_text("Đã nộp")
        item = Initiative.objects.get()
        assert item.status == Initiative.Status.SUBMITTED and not item.is_late
        shot(phone, "principal-2-submitted")

    services.initiative_accept(actor=school_year["reviewer"], initiative=item)

    with at(datetime.date(2026, 9, 10)):
        log_in(phone, base, "hieu-truong-a1")  # a month later: a new session
        phone.goto(f"{base}/initiatives/{item.pk}/")
        phone.get_by_role("link", name="Báo cáo kết quả (Mẫu 2)").click()
        phone.get_by_role("button", name="Bắt đầu báo cáo kết quả").click()
        phone.fill("[name=work_done]", "Triển khai sổ liên lạc điện tử cho 12 lớp.")
        phone.fill("[name=effect_before]", "Phụ huynh nhận thông báo giấy: 60%.")
        phone.fill("[name=effect_after]", "Phụ huynh nhận thông báo kịp thời: 98%.")
        phone.fill("[name=impact]", "Giảm giấy tờ, tăng tương tác.")
        phone.fill("[name=replication]", "Chưa nhân rộng.")
        phone.fill("[name=difficulties]", "Không.")
        phone.fill("[name=completion]", "100")
        phone.select_option("[name=evidence_kind]", index=1)
        # An executable renamed .pdf: refused, and nothing typed is lost.
        phone.set_input_files(
            "[name=evidence_file]",
            {"name": "ke-hoach.pdf", "mimeType": "application/pdf", "buffer": EXE_BYTES},
        )
        phone.get_by_role("button", name="Lưu nháp").click()
        expect(phone.locator("main")).to_contain_text("ke-hoach.pdf")
        assert phone.input_value("[name=effect_after]") == "Phụ huynh nhận thông báo kịp thời: 98%."
        assert not Evidence.objects.exists()
        shot(phone, "principal-3-refused-file")

        phone.select_option("[name=evidence_kind]", index=1)
        phone.set_input_files(
            "[name=evidence_file]",
            {"name": "ke-hoach.pdf", "mimeType": "application/pdf", "buffer": PDF_BYTES},
        )
        phone.get_by_role("button", name="Nộp", exact=True).click()
        expect(phone.locator("main")).to_contain_text("Đã nộp")
        report = ResultReport.objects.get()
        assert report.status == "submitted" and report.effect_after.endswith("98%.")
        assert Evidence.objects.get().original_name == "ke-hoach.pdf"
        shot(phone, "principal-4-result-submitted")
