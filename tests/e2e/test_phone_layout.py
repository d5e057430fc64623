"""A principal's and a staff member's pages on a 360 and a 390 px phone, filled with the
long Vietnamese a real plan carries (a school year's plan title, deadline sentences, e-mail
addresses, school names): the page is never wider than the screen and no element sticks out
of it. Screenshots of the plan page and of Mẫu 1 at 360 px are saved for people to look at."""

import datetime
import re

import pytest
import time_machine
from playwright.sync_api import expect

from campaign import services as campaign_services
from campaign.models import Deadline, DeadlineKind
from initiatives import services
from tests.e2e.conftest import _page, log_in, shot, watched
from tests.factories import VIETNAM, PersonFactory, UnitFactory, campaign, local_time, member
from units.models import Role
from units.permissions import SYSTEM

pytestmark = [
    pytest.mark.browser,
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

WIDTHS = (360, 390)
TODAY = datetime.date(2026, 9, 15)

TITLE = (
    "Kế hoạch phát động phong trào thi đua “Đẩy mạnh cải cách hành chính, chuyển đổi số và "
    "xây dựng trường học thân thiện, học sinh tích cực” trong các cơ sở giáo dục mầm non, "
    "tiểu học và trung học cơ sở trên địa bàn thành phố Buôn Ma Thuột, năm học 2025–2026"
)
OFFICE = "Phòng Giáo dục và Đào tạo thành phố Buôn Ma Thuột"
SCHOOL = "Trường Mầm non Tuổi Thơ phường Tân Lợi, thành phố Buôn Ma Thuột, tỉnh Đắk Lắk"
EMAIL = "vanthu.phonggiaoducvadaotao.buonmathuot@daklak.edu.vn"
SENTENCE = (
    "Các đơn vị gửi bản đăng ký mô hình, giải pháp, sáng kiến cải cách hành chính (Mẫu 1) "
    "kèm danh sách tác giả về {office} qua hệ thống quản lý văn bản và điều hành"
)
LONG_NAME = (
    "Ứng dụng phần mềm quản lý hồ sơ trẻ và sổ liên lạc điện tử giúp phụ huynh theo dõi "
    "tình hình học tập, sức khỏe của trẻ hằng ngày tại Trường Mầm non Tuổi Thơ"
)
COMMENT = (
    "Đề nghị nhà trường bổ sung số liệu trước và sau khi áp dụng (tỷ lệ phụ huynh sử dụng sổ "
    "liên lạc điện tử theo từng tháng), nêu rõ kinh phí thực hiện và khả năng nhân rộng."
)

# Every element whose box reaches past the viewport's left or right edge, as
# "tag.class “text” left–right", for the failure message. Hidden elements (no box) and
# Bootstrap's screen-reader-only text (clipped to 1 px on purpose) do not count.
OVERFLOWING = """() => {
    const width = document.documentElement.clientWidth;
    const out = [];
    for (const el of document.body.querySelectorAll("*")) {
        if (el.closest(".visually-hidden, .visually-hidden-focusable")) continue;
        const box = el.getBoundingClientRect();
        if (box.width === 0 || box.height === 0) continue;
        if (box.right > width + 0.5 || box.left < -0.5) {
            const text = (el.innerText || el.value || "").trim().slice(0, 40);
            out.push(`${el.tagName.toLowerCase()}.${[...el.classList].join(".")} “${text}” `
                + `${Math.round(box.left)}–${Math.round(box.right)}`);
        }
    }
    return out;
}"""


@pytest.fixture
def school_year(db, settings, tmp_path):
    """A city office's school-year plan in three phases, as of mid-September 2026: phase 1
    and 2 (last school year) are over with their deadlines; phase 3 has its registration
    open and its result report and summary to come. A school of the city has four
    initiatives: returned with a comment, accepted with its result report begun, submitted,
    and a draft."""
    settings.MEDIA_ROOT = tmp_path
    with at(TODAY):  # the history reads as of the day the pages are opened
        return _school_year()


def _school_year():
    department = UnitFactory(department=True, name="Sở Giáo dục và Đào tạo tỉnh Đắk Lắk")
    office = UnitFactory(parent=department, district_office=True, name=OFFICE)
    school = UnitFactory(parent=office, name=SCHOOL)
    neighbour = UnitFactory(parent=office, name="Trường Mầm non Hoa Phượng phường Thành Nhất")
    plan = campaign(
        office,
        title=TITLE,
        start=datetime.date(2025, 9, 1),
        end=datetime.date(2026, 12, 31),
        phases=(
            (
                "Đợt 1 (học kỳ I năm học 2025–2026)",
                (2025, 9, 15),
                (2025, 12, 31),
                [("registration", (2025, 11, 20)), ("result_report", (2025, 12, 25))],
            ),
            (
                "Đợt 2 (học kỳ II năm học 2025–2026)",
                (2026, 1, 5),
                (2026, 6, 30),
                [("registration", (2026, 3, 31)), ("award_proposal", (2026, 6, 15))],
            ),
            (
                "Đợt 3 (học kỳ I năm học 2026–2027)",
                (2026, 8, 1),
                (2026, 12, 15),
                [
                    ("registration", (2026, 10, 20)),
                    ("result_report", (2026, 11, 30)),
                    ("summary", (2026, 12, 10)),
                ],
            ),
        ),
    )
    for phase in plan.phases.all():
        for deadline in phase.deadlines.all():
            campaign_services.deadline_save(
                actor=SYSTEM,
                phase=phase,
                deadline=deadline,
                description=SENTENCE.format(office=OFFICE),
                contact_email=EMAIL,
            )
    campaign_services.report_schedule_save(
        actor=SYSTEM,
        campaign=plan,
        name="Báo cáo kết quả thực hiện phong trào thi đua cải cách hành chính, chuyển đổi số",
        periods=["h1", "year"],
        due_day=15,
        receiving_unit=office,
    )
    plan = campaign_services.campaign_launch(
        actor=SYSTEM, campaign=plan, issued_on=datetime.date(2025, 9, 10)
    )
    deadlines = {
        (d.phase.order, d.kind): d
        for d in Deadline.objects.filter(phase__campaign=plan).select_related("phase")
    }
    PersonFactory(unit=school, full_name="Nguyễn Thị Thanh Hương", position="Hiệu trưởng")
    head = member(school, Role.UNIT_HEAD, username="hieu-truong", full_name="Nguyễn Thị Mai")
    staff = member(school, Role.UNIT_STAFF, username="can-bo", full_name="Lê Văn Khánh")
    reviewer = member(office, Role.REVIEWER, full_name="Trần Quốc Bảo")

    def filled(deadline, name, **fields):
        item = services.initiative_create(
            actor=SYSTEM, deadline=deadline, unit=school, name=name, **fields
        )
        return services.initiative_update(
            actor=SYSTEM,
            initiative=item,
            kind="model",
            area="procedures",
            situation="Phụ huynh nhận thông báo bằng giấy, chậm và hay thất lạc. " * 4,
            objectives="Mọi phụ huynh nhận thông báo trong ngày qua điện thoại.",
            steps="Tháng 9: khảo sát; tháng 10: tập huấn; tháng 11: triển khai toàn trường.",
            expected_results="95% phụ huynh dùng sổ liên lạc điện tử.",
            scope="Nhân rộng cho các trường mầm non trên địa bàn thành phố.",
        )

    def submitted(item, day):
        return services.initiative_submit(
            actor=SYSTEM, initiative=item, now=local_time(day.year, day.month, day.day)
        )

    open_registration = deadlines[(3, DeadlineKind.REGISTRATION)]
    returned = submitted(filled(open_registration, LONG_NAME), datetime.date(2026, 9, 8))
    returned = services.initiative_return(actor=reviewer, initiative=returned, comment=COMMENT)

    spring = deadlines[(2, DeadlineKind.REGISTRATION)]
    accepted = submitted(
        filled(spring, "Số hóa hồ sơ tuyển sinh trực tuyến và trả kết quả qua Cổng dịch vụ công"),
        datetime.date(2026, 3, 27),
    )
    accepted = services.initiative_accept(actor=reviewer, initiative=accepted)
    services.result_report_start(actor=SYSTEM, initiative=accepted, today=TODAY)

    submitted(
        filled(open_registration, "Thanh toán học phí không dùng tiền mặt qua ứng dụng ngân hàng"),
        datetime.date(2026, 9, 14),
    )
    services.initiative_create(actor=SYSTEM, deadline=open_registration, unit=school)
    # Another school's model, recommended by the city: offered to replicate on Mẫu 2.
    model = services.initiative_create(
        actor=SYSTEM, deadline=spring, unit=neighbour, name=LONG_NAME.replace("Tuổi Thơ", "Hoa")
    )
    services.initiative_update(
        actor=SYSTEM,
        initiative=model,
        kind="model",
        area="procedures",
        situation="Thực trạng",
        objectives="Mục tiêu",
        expected_results="Kết quả dự kiến",
    )
    submitted(model, datetime.date(2026, 3, 20))
    services.initiative_accept(actor=reviewer, initiative=model)
    services.initiative_recommend(actor=reviewer, initiative=model)
    return {
        "plan": plan,
        "head": head,
        "staff": staff,
        "reviewer": reviewer,
        "returned": returned,
        "accepted": accepted,
    }


def phone_page(browser, width):
    """A phone `width` px wide, touch and all (the conftest's phone is 390 px), whose pages
    axe-core checks as the conftest's do (`page.a11y.assert_clean()` before closing)."""
    page = _page(
        browser,
        viewport={"width": width, "height": 800},
        device_scale_factor=2,
        is_mobile=True,
        has_touch=True,
    )
    return watched(page, f"phone {width}")


def measure(page, url) -> list[str]:
    page.goto(url)
    page.wait_for_load_state("networkidle")
    problems = []
    width = page.evaluate("document.documentElement.clientWidth")
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    if scroll_width > width:
        problems.append(f"scrollWidth {scroll_width} > {width}")
    problems += page.evaluate(OVERFLOWING)[:8]
    return problems


def at(day):
    # The live server runs in this process: its clock moves with the test's.
    return time_machine.travel(datetime.datetime.combine(day, datetime.time(9), VIETNAM))


@pytest.mark.parametrize("who", ["head", "staff"])
def test_a_schools_pages_fit_a_360_and_a_390_px_phone(
    live_server, browser, _axe_before_actions, school_year, who
):
    base = live_server.url
    user = school_year[who]
    returned, accepted = school_year["returned"], school_year["accepted"]
    pages = {  # name in the screenshots: address
        "home": "/",
        "plan": f"/campaigns/{school_year['plan'].pk}/",
        "initiatives": "/initiatives/",
        "returned-initiative": f"/initiatives/{returned.pk}/",
        "mau-1": f"/initiatives/{returned.pk}/edit/",
        "mau-2": f"/initiatives/{accepted.pk}/result/",
    }
    failures = []
    with at(TODAY):
        for width in WIDTHS:
            page = phone_page(browser, width)
            log_in(page, base, user.username)
            for name, url in pages.items():
                for problem in measure(page, base + url):
                    failures.append(f"{width} px, {name}: {problem}")
                if who == "head" and width == 360:
                    shot(page, f"phone-360-{name}")
            assert page.csp_refusals == []
            page.a11y.assert_clean()
            page.context.close()
    assert not failures, "\n".join(failures)


def test_the_plan_page_folds_past_deadlines_and_offers_no_late_registration(
    live_server, browser, _axe_before_actions, school_year
):
    base = live_server.url
    with at(TODAY):
        page = phone_page(browser, 360)
        log_in(page, base, "hieu-truong")
        page.goto(f"{base}/campaigns/{school_year['plan'].pk}/")
        past = page.locator("details[data-testid=past-deadlines]")
        assert past.locator("summary").inner_text().startswith("Các hạn đã qua")
        assert not past.evaluate("el => el.open")
        # Four deadlines are over (two per phase of last school year); none can be registered.
        assert past.locator("[data-testid=deadline]").count() == 4
        assert past.get_by_role("button", name="Đăng ký mô hình, giải pháp").count() == 0
        # The open registration is on top, with its button; the two to come follow it.
        current = page.locator("[data-testid=current-deadlines] [data-testid=deadline]")
        assert current.count() == 3
        assert "20/10/2026" in current.first.inner_text()
        assert current.first.get_by_role("button", name="Đăng ký mô hình, giải pháp").is_visible()
        past.locator("summary").click()
        assert past.locator("[data-testid=deadline]").first.is_visible()
        assert page.evaluate(OVERFLOWING) == []
        shot(page, "phone-360-plan-past-deadlines")
        page.a11y.assert_clean()
        page.context.close()


def test_the_issuers_draft_plan_fits_a_360_px_phone(live_server, browser, _axe_before_actions, db):
    office = UnitFactory(district_office=True, name=OFFICE)
    UnitFactory(parent=office, name=SCHOOL)
    plan = campaign(office, title=TITLE)
    reviewer = member(office, Role.REVIEWER, username="chuyen-vien")
    base = live_server.url
    page = phone_page(browser, 360)
    log_in(page, base, reviewer.username)
    problems = measure(page, f"{base}/campaigns/{plan.pk}/")
    for button in page.locator("#edit-schedule .accordion-button").all():
        button.click()
        # Measured once the section has finished opening, not after a guessed pause.
        section = button.get_attribute("data-bs-target")
        expect(page.locator(section)).to_have_class(re.compile(r"\bshow\b"))
        expect(page.locator("#edit-schedule .collapsing")).to_have_count(0)
        problems += page.evaluate(OVERFLOWING)[:8]
    shot(page, "phone-360-draft-plan")
    assert not problems, "\n".join(problems)
    page.a11y.assert_clean()
    page.context.close()


def test_the_initiative_list_is_four_columns_side_by_side_on_a_desktop(
    live_server, page, school_year
):
    with at(TODAY):
        log_in(page, live_server.url, "can-bo")
        page.goto(f"{live_server.url}/initiatives/")
        rows = page.locator("[data-testid=initiative-row]")
        assert rows.count() == 5
        for row in rows.all():
            columns = [
                box
                for box in (cell.bounding_box() for cell in row.locator(":scope > div").all())
                if box is not None and box["width"] > 0
            ]
            assert len(columns) == 4
            lefts = [box["x"] for box in columns]
            assert lefts == sorted(lefts) and len(set(lefts)) == 4
