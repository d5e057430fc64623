"""Who still owes what for a deadline (the providers behind reminders): the board's rule for
registrations, Mẫu 2 for result reports, and the same answer when asked about one unit."""

import datetime

import pytest

from campaign import obligations
from campaign import services as campaign_services
from initiatives import services
from tests.factories import accepted_initiative, campaign, initiative, kind, local_time
from units.permissions import SYSTEM

pytestmark = pytest.mark.django_db

D = datetime.date


def owing(deadline, unit_ids=None) -> set[int]:
    return obligations.owed([deadline], unit_ids)[deadline.pk].owing


def test_a_forwarded_item_counts_for_the_office_and_its_school_at_the_upper_level(tree):
    department_plan = campaign(
        tree["department"], kinds=("phong-gddt", "truong-mam-non"), launch_on=D(2024, 3, 20)
    )
    office_plan = campaign_services.campaign_launch(
        actor=SYSTEM,
        campaign=campaign_services.campaign_create(
            actor=SYSTEM, issuing_unit=tree["office_a"], based_on=department_plan, title="Phòng A"
        ),
        issued_on=D(2024, 3, 25),
    )
    upper = department_plan.phases.get().deadlines.get()
    office = office_plan.phases.get().deadlines.get()
    accepted_initiative(tree["a1"], office)
    initiative(tree["b1"], upper, name="Bản nháp")  # a draft sends nothing
    services.consolidation_forward(
        actor=SYSTEM,
        consolidation=services.consolidation_create(actor=SYSTEM, deadline=office),
    )

    expected_owing = {tree[code].pk for code in ("office_b", "a2", "b1", "b2")}
    assert owing(upper) == expected_owing
    assert obligations.owed([upper])[upper.pk].expected == {
        tree[code].pk for code in ("office_a", "office_b", "a1", "a2", "b1", "b2")
    }
    for code in ("office_a", "office_b", "a1", "a2", "b1", "b2"):
        unit_id = tree[code].pk
        assert obligations.still_owes(upper, unit_id) == (unit_id in expected_owing), code


def test_a_unit_owes_mau_2_for_each_accepted_item_until_it_is_submitted(tree):
    plan = campaign(
        tree["office_a"],
        phases=(
            ("Đợt 1", (2024, 4, 1), (2024, 8, 25), [("registration", (2024, 8, 25))]),
            ("Đợt 2", (2024, 8, 26), (2024, 10, 31), [("result_report", (2024, 10, 31))]),
        ),
        launch_on=D(2024, 3, 20),
    )
    registration = plan.phases.get(name="Đợt 1").deadlines.get()
    results = plan.phases.get(name="Đợt 2").deadlines.get()
    item = accepted_initiative(tree["a1"], registration)
    accepted_initiative(tree["a2"], registration)
    initiative(tree["a2"], registration, name="Chưa nộp")  # a draft owes no Mẫu 2

    assert owing(results) == {tree["a1"].pk, tree["a2"].pk}

    report = services.result_report_start(actor=SYSTEM, initiative=item, today=D(2024, 9, 1))
    assert owing(results) == {tree["a1"].pk, tree["a2"].pk}  # a draft Mẫu 2 is not sent
    services.result_report_update(
        actor=SYSTEM, report=report, work_done="Đã làm", effect_after="Kết quả", completion=90
    )
    services.result_report_submit(actor=SYSTEM, report=report, now=local_time(2024, 10, 1))

    assert owing(results) == {tree["a2"].pk}
    assert owing(results, {tree["a1"].pk}) == set()
    assert obligations.owed([results])[results.pk].expected == {tree["a1"].pk, tree["a2"].pk}


def test_a_unit_owes_its_own_plan_until_it_launches_one_based_on_the_campaign(tree):
    plan = campaign(
        tree["department"],
        kinds=("phong-gddt",),
        phases=(("Năm 2024", (2024, 1, 1), (2024, 12, 31), [("plan_submission", (2024, 4, 15))]),),
        launch_on=D(2024, 3, 20),
    )
    deadline = plan.phases.get().deadlines.get()
    assert owing(deadline) == {tree["office_a"].pk, tree["office_b"].pk}

    campaign_services.campaign_launch(
        actor=SYSTEM,
        campaign=campaign_services.campaign_create(
            actor=SYSTEM,
            issuing_unit=tree["office_a"],
            based_on=plan,
            title="Kế hoạch Phòng A",
            participant_kinds=[kind("truong-mam-non")],
        ),
        issued_on=D(2024, 4, 1),
    )

    assert owing(deadline) == {tree["office_b"].pk}


def test_a_school_sent_its_own_plan_by_launching_it(tree):
    plan = campaign(
        tree["a1"],
        kinds=(),
        includes_issuing_unit=True,
        phases=(("Năm 2024", (2024, 1, 1), (2024, 12, 31), [("plan_submission", (2024, 3, 21))]),),
        launch_on=D(2024, 3, 1),
    )
    deadline = plan.phases.get().deadlines.get()

    assert obligations.owed([deadline])[deadline.pk].expected == set()
    assert owing(deadline) == set()


def test_kinds_no_app_keeps_are_not_reminded():
    assert {"registration", "result_report", "plan_submission"} <= set(
        obligations.remindable_kinds()
    )
    assert "summary" not in obligations.remindable_kinds()
