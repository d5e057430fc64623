"""The home page: true counts of the units below, and first what this person must do next
for the acting membership (items returned with the reviewer's comment, deadlines and reports
owed, items waiting for a decision), in a number of queries that does not grow with the tree."""

import datetime
import re

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from awards.models import Subject
from tests.factories import (
    UnitFactory,
    award_type,
    campaign,
    initiative,
    local_time,
    member,
    periodic_report,
    reporting_campaign,
)
from units.models import Role
from units.permissions import SYSTEM
from units.selectors import unit_children_with_counts

pytestmark = pytest.mark.django_db

# 20/08/2024: five days before the registration deadline of the plans below.
TODAY = local_time(2024, 8, 20, 9)
DUE = datetime.date(2024, 8, 25)


@pytest.fixture
def today():
    with time_machine.travel(TODAY, tick=False):
        yield TODAY.date()


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def _section(page: str, testid: str) -> str:
    """The text of the element marked `data-testid=testid` (up to its list's end)."""
    start = page.index(f'data-testid="{testid}"')
    return _text(page[start : page.index("</ul>", start)])


def _plan(office):
    plan = campaign(
        office,
        phases=(("Đợt 1", (2024, 4, 1), (2024, 8, 25), [("registration", (2024, 8, 25))]),),
        launch_on=datetime.date(2024, 3, 20),
    )
    return plan, plan.phases.get().deadlines.get()


def _submitted(unit, deadline, name="Mô hình một cửa điện tử"):
    from initiatives import services

    item = initiative(unit, deadline, name=name)
    services.initiative_update(
        actor=SYSTEM,
        initiative=item,
        kind="model",
        area="procedures",
        situation="Thực trạng",
        objectives="Mục tiêu",
        expected_results="Kết quả dự kiến",
    )
    return services.initiative_submit(actor=SYSTEM, initiative=item)


def _returned(unit, deadline, comment):
    from initiatives import services

    return services.initiative_return(
        actor=SYSTEM, initiative=_submitted(unit, deadline), comment=comment
    )


def _nomination_sent(school, plan):
    from awards.services import nomination_save, nomination_submit

    nomination = nomination_save(
        actor=SYSTEM,
        unit=school,
        campaign=plan,
        award_type=award_type(school.tenant, subject=Subject.COLLECTIVE),
        year=2024,
        rating="excellent",
        achievements="Hoàn thành xuất sắc nhiệm vụ năm học.",
    )
    return nomination_submit(actor=SYSTEM, nomination=nomination)


# --- Counts of the units below ---


@pytest.fixture
def nested_tree(db):
    """Sở ─┬─ Phòng A ── 4 schools
    └─ Phòng B ─┬─ school B1 ── its annex (a unit below a school)
                └─ school B2"""
    department = UnitFactory(department=True, code="SO")
    office_a = UnitFactory(parent=department, district_office=True, code="PA")
    office_b = UnitFactory(parent=department, district_office=True, code="PB")
    for n in range(4):
        UnitFactory(parent=office_a, code=f"A{n}")
    b1 = UnitFactory(parent=office_b, code="B1")
    UnitFactory(parent=b1, code="B1X", name="Điểm trường Tân Phú")
    UnitFactory(parent=office_b, code="B2")
    return {"department": department, "office_a": office_a, "office_b": office_b, "b1": b1}


def test_each_unit_below_counts_every_unit_of_its_branch(nested_tree):
    counts = {
        child.code: child.descendant_count
        for child in unit_children_with_counts(nested_tree["department"])
    }

    assert counts == {"PA": 4, "PB": 3}


def test_a_district_office_with_four_schools_says_four_on_the_department_home(client, nested_tree):
    client.force_login(member(nested_tree["department"], Role.REVIEWER))

    page = client.get(reverse("home")).content.decode()

    rows = _section(page, "units-below")
    assert "4 đơn vị cấp dưới" in rows and "3 đơn vị cấp dưới" in rows
    assert "1 đơn vị cấp dưới" not in rows
    title = _text(page[page.index('data-testid="units-below-title"') :].split("</div>")[0])
    # Two units directly below, nine at every level: the title no longer claims nine above two.
    assert "Đơn vị trực thuộc (2)" in title and "tổng cộng 9 đơn vị các cấp" in title


def test_an_office_home_lists_its_schools_under_their_true_number(client, nested_tree):
    client.force_login(member(nested_tree["office_a"], Role.REVIEWER))

    page = client.get(reverse("home")).content.decode()

    assert "Đơn vị trực thuộc (4)" in _text(page)
    assert "các cấp" not in _text(page)  # nothing deeper than the schools


# --- What to do next ---


def test_an_item_returned_heads_the_school_home_with_the_comment_and_a_link_to_fix(
    client, tree, today
):
    plan, deadline = _plan(tree["office_a"])
    item = _returned(tree["a1"], deadline, "Bổ sung số liệu khảo sát mức độ hài lòng.")
    client.force_login(member(tree["a1"], Role.UNIT_HEAD))

    page = client.get(reverse("home")).content.decode()

    returned = _section(page, "todo-returned")
    assert "Mô hình một cửa điện tử" in returned
    assert "Ý kiến của người thẩm định" in returned
    assert "Bổ sung số liệu khảo sát mức độ hài lòng." in returned
    assert reverse("initiatives:edit", kwargs={"initiative_id": item.pk}) in page
    # What to do comes before who the user is.
    assert page.index('data-testid="todo"') < page.index('data-testid="acting-unit"')


def test_the_comment_shown_is_the_latest_return(client, tree, today):
    from initiatives import services

    plan, deadline = _plan(tree["office_a"])
    item = _returned(tree["a1"], deadline, "Lần 1: thiếu mục tiêu.")
    item = services.initiative_submit(actor=SYSTEM, initiative=item)
    services.initiative_return(actor=SYSTEM, initiative=item, comment="Lần 2: thiếu kết quả.")
    client.force_login(member(tree["a1"], Role.UNIT_STAFF))

    returned = _section(client.get(reverse("home")).content.decode(), "todo-returned")

    assert "Lần 2: thiếu kết quả." in returned and "Lần 1" not in returned


def _result_report_sent(tree):
    """School A1's accepted item with its result report (Mẫu 2) sent to Phòng A."""
    from initiatives import services
    from tests.factories import accepted_initiative

    plan = campaign(
        tree["office_a"],
        phases=(
            ("Đợt 1", (2024, 4, 1), (2024, 8, 25), [("registration", (2024, 8, 25))]),
            ("Đợt 2", (2024, 8, 26), (2024, 10, 31), [("result_report", (2024, 10, 31))]),
        ),
        launch_on=datetime.date(2024, 3, 20),
    )
    registration = plan.phases.get(name="Đợt 1").deadlines.get()
    item = accepted_initiative(tree["a1"], registration, name="Sổ liên lạc điện tử")
    report = services.result_report_start(
        actor=SYSTEM, initiative=item, today=datetime.date(2024, 9, 1)
    )
    services.result_report_update(
        actor=SYSTEM,
        report=report,
        work_done="Triển khai cho 300 phụ huynh.",
        effect_before="5 ngày",
        effect_after="1 ngày",
        completion=100,
    )
    return services.result_report_submit(actor=SYSTEM, report=report)


def test_a_result_report_returned_is_on_the_school_home_with_the_comment(client, tree):
    from initiatives import services

    with time_machine.travel(local_time(2024, 10, 20, 9), tick=False):
        report = _result_report_sent(tree)
        reviewer = member(tree["office_a"], Role.REVIEWER)
        client.force_login(reviewer)
        review = _section(client.get(reverse("home")).content.decode(), "todo-review")
        assert "1 hồ sơ đang chờ thẩm định" in review and "Báo cáo kết quả" in review

        services.result_report_decide(
            actor=reviewer, report=report, accept=False, comment="Bổ sung ảnh minh chứng."
        )
        client.force_login(member(tree["a1"], Role.UNIT_STAFF))
        page = client.get(reverse("home")).content.decode()

    returned = _section(page, "todo-returned")
    assert "Sổ liên lạc điện tử" in returned and "Mẫu 2" in returned
    assert "Bổ sung ảnh minh chứng." in returned
    url = reverse("initiatives:result", kwargs={"initiative_id": report.initiative_id})
    assert url in page


def test_the_deadline_a_school_owes_shows_its_date_and_the_days_left(client, tree, today):
    _plan(tree["office_a"])
    client.force_login(member(tree["a2"], Role.UNIT_STAFF))

    due = _section(client.get(reverse("home")).content.decode(), "todo-due")

    assert "Đợt 1" in due and "hạn 25/08/2024" in due and "còn 5 ngày" in due


def test_a_deadline_met_leaves_the_list(client, tree, today):
    _plan_, deadline = _plan(tree["office_a"])
    _submitted(tree["a1"], deadline)
    client.force_login(member(tree["a1"], Role.UNIT_STAFF))

    page = client.get(reverse("home")).content.decode()

    assert 'data-testid="todo-due"' not in page
    assert "Hiện không có việc nào cần xử lý." in page


def test_a_periodic_report_to_send_is_listed_until_it_is_sent(client, tree, today):
    plan = reporting_campaign(tree["office_a"])
    client.force_login(member(tree["a1"], Role.UNIT_STAFF))

    due = _section(client.get(reverse("home")).content.decode(), "todo-due")
    assert "Báo cáo quý III năm 2024" in due and "hạn 05/09/2024" in due
    assert "còn 16 ngày" in due
    assert "06 tháng" not in due  # due 05/06, more than 60 days ago: no longer on the list

    periodic_report(
        tree["a1"],
        plan.report_schedules.get(),
        {"tthc-dung-han": (99, 100), "hai-long-tthc": (96, 100), "so-mo-hinh": (1, 1)},
        period="q3",
    )
    page = client.get(reverse("home")).content.decode()
    assert "quý III năm 2024" not in page


def test_a_late_report_says_how_late(client, tree):
    reporting_campaign(tree["office_a"], periods=("q3",))
    client.force_login(member(tree["a1"], Role.UNIT_STAFF))

    with time_machine.travel(local_time(2024, 9, 8, 9), tick=False):
        due = _section(client.get(reverse("home")).content.decode(), "todo-due")

    assert "quý III năm 2024" in due and "quá hạn 3 ngày" in due


def test_a_reviewer_sees_how_many_items_wait_per_deadline_with_the_board(client, tree, today):
    plan, deadline = _plan(tree["office_a"])
    _submitted(tree["a1"], deadline)
    _submitted(tree["a2"], deadline, name="Số hóa hồ sơ học sinh")
    client.force_login(member(tree["office_a"], Role.REVIEWER))

    page = client.get(reverse("home")).content.decode()

    review = _section(page, "todo-review")
    assert "2 hồ sơ đang chờ thẩm định" in review and "hạn 25/08/2024" in review
    assert reverse("initiatives:board", kwargs={"deadline_id": deadline.pk}) in page
    # Another office's reviewer has nothing to decide here.
    client.force_login(member(tree["office_b"], Role.REVIEWER))
    assert 'data-testid="todo-review"' not in client.get(reverse("home")).content.decode()


def test_an_award_officer_sees_the_nominations_waiting_for_the_council(client, tree, today):
    plan, _deadline = _plan(tree["office_a"])
    _nomination_sent(tree["a1"], plan)
    _nomination_sent(tree["a2"], plan)
    client.force_login(member(tree["office_a"], Role.AWARD_OFFICER))

    page = client.get(reverse("home")).content.decode()

    review = _section(page, "todo-review")
    assert "2 đề nghị khen thưởng đang chờ Hội đồng xét" in review and "năm 2024" in review
    assert reverse("awards:council_create") in page


def test_a_school_head_is_not_told_about_the_council(client, tree, today):
    plan, _deadline = _plan(tree["office_a"])
    _nomination_sent(tree["a1"], plan)
    client.force_login(member(tree["a1"], Role.UNIT_HEAD))

    page = client.get(reverse("home")).content.decode()

    assert "Hội đồng xét" not in page


# --- Queries ---


def _office_with_work(schools: int):
    """A Sở and one Phòng with `schools` schools, each with a returned item, a submitted
    one and a nomination sent; the Phòng's plan has a registration deadline and a report
    schedule."""
    department = UnitFactory(department=True)
    office = UnitFactory(parent=department, district_office=True)
    units = [UnitFactory(parent=office) for _ in range(schools)]
    plan, deadline = _plan(office)
    reporting_campaign(office)
    for n, school in enumerate(units):
        _returned(school, deadline, f"Bổ sung lần {n}")
        _submitted(school, deadline, name=f"Mô hình {n}")
        _nomination_sent(school, plan)
    return office, units[0]


def _queries(client, user) -> int:
    client.force_login(user)
    client.get(reverse("home"))  # warm: sessions, caches
    with CaptureQueriesContext(connection) as captured:
        assert client.get(reverse("home")).status_code == 200
    return len(captured)


@pytest.mark.parametrize("role", [Role.UNIT_STAFF, Role.REVIEWER, Role.AWARD_OFFICER])
def test_the_home_page_costs_the_same_queries_for_a_small_and_a_large_tree(
    client, django_assert_num_queries, role, today
):
    small_office, small_school = _office_with_work(2)
    large_office, large_school = _office_with_work(7)
    at_school = role == Role.UNIT_STAFF
    small = member(small_school if at_school else small_office, role)
    large = member(large_school if at_school else large_office, role)

    expected = _queries(client, small)

    client.force_login(large)
    client.get(reverse("home"))
    with django_assert_num_queries(expected):
        page = client.get(reverse("home")).content.decode()
    shown = "todo-returned" if at_school else "todo-review"
    assert f'data-testid="{shown}"' in page
