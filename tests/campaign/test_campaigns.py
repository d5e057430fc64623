import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from campaign import services
from campaign.models import Campaign, Deadline, Participation
from campaign.selectors import due_items, schedule_occurrences
from tests.factories import UnitFactory, campaign, kind, member
from units.models import Role
from units.permissions import SYSTEM

pytestmark = pytest.mark.django_db

D = datetime.date


def test_launching_issues_the_next_number_and_records_who_takes_part(tree):
    plan = campaign(tree["office_a"], launch_on=D(2024, 3, 20))

    assert plan.is_launched
    assert plan.number.display == f"01/KH-{tree['office_a'].code}"
    assert set(
        Participation.objects.filter(campaign=plan).values_list("unit__code", flat=True)
    ) == {
        "A1",
        "A2",
    }


def test_numbers_follow_each_other_and_restart_in_a_new_year(tree):
    office = tree["office_a"]
    first = campaign(office, launch_on=D(2024, 3, 20))
    second = campaign(office, title="Kế hoạch thứ hai năm 2024", launch_on=D(2024, 5, 2))
    next_year = campaign(
        office,
        title="Kế hoạch năm 2025",
        start=D(2025, 1, 1),
        end=D(2025, 12, 31),
        phases=(("Đợt 1", (2025, 2, 1), (2025, 6, 30), [("registration", (2025, 6, 30))]),),
        launch_on=D(2025, 1, 6),
    )

    assert [p.number.number for p in (first, second, next_year)] == [1, 2, 1]


def test_a_cancelled_draft_never_consumes_a_number(tree):
    office = tree["office_a"]
    draft = campaign(office)
    services.campaign_cancel(actor=SYSTEM, campaign=draft)

    launched = campaign(office, title="Kế hoạch chính thức", launch_on=D(2024, 3, 20))

    assert Campaign.objects.get(pk=draft.pk).number is None
    assert launched.number.number == 1


def test_a_participating_school_sees_the_campaign_and_its_deadlines(client, tree):
    plan = campaign(tree["office_a"], launch_on=D(2024, 3, 20))
    client.force_login(member(tree["a1"], Role.UNIT_HEAD))

    detail = client.get(reverse("campaign:detail", kwargs={"campaign_id": plan.pk}))

    assert detail.status_code == 200
    assert "25/8/2024" in detail.content.decode()


def test_a_school_outside_the_subtree_gets_404(client, tree):
    plan = campaign(tree["office_a"], launch_on=D(2024, 3, 20))
    client.force_login(member(tree["b1"], Role.UNIT_HEAD))

    response = client.get(reverse("campaign:detail", kwargs={"campaign_id": plan.pk}))

    assert response.status_code == 404
    assert plan.title not in client.get(reverse("campaign:list")).content.decode()


def test_a_division_receiving_the_schools_forms_sees_the_plan_it_does_not_take_part_in(
    client, tree
):
    # The Sở's plan for the schools, whose Mẫu 1 go to a division with no school below it
    # (as a Sở's Phòng TCCB receives them): it takes no part, yet its reviewer must open it.
    division = UnitFactory(parent=tree["department"], district_office=True, code="TCCB")
    other_division = UnitFactory(parent=tree["department"], district_office=True, code="VP")
    plan = campaign(tree["department"], phases=())
    phase = services.phase_save(
        actor=SYSTEM, campaign=plan, name="Đợt 1", start_date=D(2024, 4, 1), end_date=D(2024, 8, 25)
    )
    services.deadline_save(
        actor=SYSTEM,
        phase=phase,
        kind="registration",
        due_date=D(2024, 8, 25),
        receiving_unit=division,
    )
    plan = services.campaign_launch(actor=SYSTEM, campaign=plan, issued_on=D(2024, 3, 20))
    assert not plan.participations.filter(unit=division).exists()
    url = reverse("campaign:detail", kwargs={"campaign_id": plan.pk})

    client.force_login(member(division, Role.REVIEWER))
    assert client.get(url).status_code == 200
    assert plan.title in client.get(reverse("campaign:list")).content.decode()
    client.force_login(member(other_division, Role.REVIEWER))
    assert client.get(url).status_code == 404


def test_a_draft_is_visible_to_its_issuer_but_not_to_the_schools(client, tree):
    plan = campaign(tree["office_a"])
    url = reverse("campaign:detail", kwargs={"campaign_id": plan.pk})

    client.force_login(member(tree["a1"], Role.UNIT_HEAD))
    assert client.get(url).status_code == 404
    client.force_login(member(tree["office_a"], Role.REVIEWER))
    assert client.get(url).status_code == 200
    client.force_login(member(tree["department"], Role.REVIEWER))
    assert client.get(url).status_code == 200


def test_the_school_home_page_shows_its_next_deadlines_and_days_left(client, tree):
    today = timezone.localdate()
    plan = campaign(
        tree["office_a"],
        start=D(today.year, 1, 1),
        end=D(today.year + 1, 12, 31),
        phases=(
            (
                "Đợt 1",
                (today.year, 1, 1),
                (today.year + 1, 6, 30),
                [("registration", (today + datetime.timedelta(days=3)).timetuple()[:3])],
            ),
        ),
        launch_on=D(today.year, 1, 1),
    )
    client.force_login(member(tree["a1"], Role.UNIT_STAFF))

    page = client.get(reverse("home")).content.decode()

    assert plan.title in page
    assert "còn 3 ngày" in page


def test_phases_and_deadlines_follow_the_calendar(tree):
    plan = campaign(
        tree["office_a"],
        phases=(
            ("Đợt 1", (2024, 4, 1), (2024, 8, 25), [("registration", (2024, 8, 25))]),
            ("Đợt 2", (2024, 8, 26), (2024, 10, 31), [("result_report", (2024, 10, 31))]),
        ),
    )
    first, second = plan.phases.order_by("start_date")
    deadline = Deadline.objects.get(phase=first)

    assert first.state_on(D(2024, 8, 25)) == "current"
    assert second.state_on(D(2024, 8, 25)) == "upcoming"
    assert first.state_on(D(2024, 8, 26)) == "past"
    assert deadline.is_open_on(D(2024, 8, 25)) and not deadline.is_open_on(D(2024, 8, 26))
    # The end of a deadline is local midnight after its date, in Asia/Ho_Chi_Minh.
    assert deadline.closes_at.isoformat() == "2024-08-26T00:00:00+07:00"


def test_a_quarterly_schedule_gives_the_four_dues_of_seed_001(tree):
    plan = campaign(tree["office_a"], start=D(2023, 1, 1), end=D(2023, 12, 31), phases=())
    schedule = services.report_schedule_save(
        actor=SYSTEM, campaign=plan, periods=["q1", "h1", "q3", "year"], due_day=5
    )

    dues = [
        due
        for _period, _year, due in schedule_occurrences(schedule, plan.start_date, plan.end_date)
    ]

    assert dues == [D(2023, 3, 5), D(2023, 6, 5), D(2023, 9, 5), D(2023, 12, 5)]
    items = due_items([Campaign.objects.get(pk=plan.pk)], since=D(2023, 6, 1))
    assert [item.due_date for item in items] == dues[1:]


def test_duplicating_for_next_year_shifts_everything_into_a_draft(tree):
    services.kpi_catalogue_ensure(tree["office_a"].tenant)
    plan = campaign(tree["office_a"], launch_on=D(2024, 3, 20))
    from campaign.models import KpiIndicator

    services.kpi_catalogue_ensure(plan.tenant)

    copy = services.campaign_duplicate(actor=SYSTEM, campaign=plan, months=12)

    assert copy.is_draft and copy.number is None
    assert copy.title.endswith("năm 2025")
    assert (copy.start_date, copy.end_date) == (D(2025, 1, 1), D(2025, 12, 31))
    assert list(
        Deadline.objects.filter(phase__campaign=copy).values_list("due_date", flat=True)
    ) == [D(2025, 8, 25)]
    assert set(copy.participant_kinds.values_list("code", flat=True)) == {"truong-mam-non"}
    assert services.schedule_errors(copy) == []
    assert KpiIndicator.objects.filter(tenant=plan.tenant).exists()


def test_a_child_plan_starts_from_the_parents_schedule_and_basis_line(tree):
    parent = campaign(tree["department"], kinds=("phong-gddt",), launch_on=D(2024, 3, 20))

    child = services.campaign_create(
        actor=SYSTEM, issuing_unit=tree["office_a"], based_on=parent, title="Kế hoạch của Phòng"
    )

    assert child.based_on == parent
    assert child.legal_basis.startswith(
        f"Căn cứ Kế hoạch số 01/KH-SGDĐT ngày 20 tháng 3 năm 2024 của {tree['department'].name}"
    )
    assert [d.due_date for d in Deadline.objects.filter(phase__campaign=child)] == [D(2024, 8, 25)]
    assert Deadline.objects.get(phase__campaign=child).receiving_unit == tree["office_a"]
    assert list(child.participant_kinds.values_list("code", flat=True)) == ["phong-gddt"]


def test_a_plan_cannot_be_based_on_a_sibling_units_plan(tree):
    from django.core.exceptions import ValidationError

    sibling_plan = campaign(tree["office_b"], launch_on=D(2024, 3, 20))

    with pytest.raises(ValidationError):
        services.campaign_create(
            actor=SYSTEM, issuing_unit=tree["a1"], based_on=sibling_plan, title="Kế hoạch trường"
        )


def test_only_the_issuers_reviewer_or_head_creates_plans(client, tree):
    client.force_login(member(tree["office_a"], Role.UNIT_STAFF))
    assert client.get(reverse("campaign:create")).status_code == 403

    client.force_login(member(tree["office_a"], Role.REVIEWER))
    response = client.post(
        reverse("campaign:create"),
        {
            "title": "Phát động thi đua CCHC năm 2024",
            "start_date": "2024-01-01",
            "end_date": "2024-12-31",
            "participant_kinds": [kind("truong-mam-non").pk],
        },
    )
    assert response.status_code == 302
    created = Campaign.objects.get(title="Phát động thi đua CCHC năm 2024")
    assert created.issuing_unit == tree["office_a"] and created.is_draft


def test_the_create_form_explains_a_reversed_period(client, tree):
    client.force_login(member(tree["office_a"], Role.REVIEWER))

    response = client.post(
        reverse("campaign:create"),
        {"title": "Kế hoạch", "start_date": "2024-12-31", "end_date": "2024-01-01"},
    )

    assert response.status_code == 200
    assert "kết thúc trước khi bắt đầu" in response.content.decode()


def _plans(office, count):
    for i in range(count):
        campaign(office, title=f"Kế hoạch số {i}", launch_on=D(2024, 3, 20))


@pytest.mark.parametrize("url_name", ["campaign:list", "home"])
def test_lists_cost_the_same_queries_for_1_and_6_plans(
    client, django_assert_max_num_queries, url_name
):
    counts = []
    for plans in (1, 6):
        root = UnitFactory(department=True)
        school = UnitFactory(parent=root)
        _plans(root, plans)
        client.force_login(member(school, Role.UNIT_HEAD))
        with django_assert_max_num_queries(20) as captured:
            page = client.get(reverse(url_name)).content.decode()
        assert "Kế hoạch số 0" in page
        counts.append(len(captured))
    assert counts[0] == counts[1]


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_plans_launched_at_once_by_one_unit_get_different_numbers():
    import threading

    from django.db import connection

    root = UnitFactory(department=True)
    UnitFactory(parent=root)
    drafts = [campaign(root, title=f"Kế hoạch {i}") for i in range(2)]
    barrier = threading.Barrier(2)
    errors = []

    def launch(draft):
        try:
            barrier.wait()
            services.campaign_launch(actor=SYSTEM, campaign=draft, issued_on=D(2024, 3, 20))
        except Exception as exc:  # collected for the assertion below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=launch, args=(draft,)) for draft in drafts]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    numbers = sorted(
        Campaign.objects.filter(pk__in=[d.pk for d in drafts]).values_list(
            "number__number", flat=True
        )
    )
    assert numbers == [1, 2]


@pytest.mark.parametrize(
    ("comparator", "value", "phrase"),
    [
        ("gte", 95, "từ 95% trở lên"),
        ("gte", 100, "đạt 100%"),
        ("lte", 5, "không quá 5%"),
        ("eq", 98.5, "đạt 98,5%"),
    ],
)
def test_targets_are_printed_as_plans_write_them(tree, comparator, value, phrase):
    from decimal import Decimal

    from campaign.models import KpiIndicator

    services.kpi_catalogue_ensure(tree["office_a"].tenant)
    plan = campaign(tree["office_a"])
    indicator = KpiIndicator.objects.get(tenant=plan.tenant, code="tthc-dung-han")

    target = services.target_save(
        actor=SYSTEM,
        campaign=plan,
        indicator=indicator,
        comparator=comparator,
        value=Decimal(str(value)),
    )

    assert target.phrase == phrase
