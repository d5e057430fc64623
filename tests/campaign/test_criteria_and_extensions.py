"""The plan's scoring criteria, and deadline extensions granted to one unit."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import translation

from campaign import services
from campaign.models import DeadlineExtension, EvaluationCriterion
from campaign.selectors import closes_at_for, due_date_for
from initiatives import services as initiative_services
from initiatives.models import Initiative
from tests.factories import accepted_initiative, campaign, initiative, local_time, member
from units.models import Role
from units.permissions import SYSTEM

pytestmark = pytest.mark.django_db

D = datetime.date


@pytest.fixture
def plan(tree):
    """Phòng A's launched plan (period 2024): registration due 25/8/2024, to Phòng A."""
    return campaign(tree["office_a"], launch_on=D(2024, 3, 20))


@pytest.fixture
def deadline(plan):
    return plan.phases.get().deadlines.get()


# --- Criteria -------------------------------------------------------------------------------


def test_the_issuer_adds_criteria_in_order_with_weight_and_maximum(tree, plan):
    issuer = member(tree["office_a"], Role.REVIEWER)

    first = services.criterion_save(
        actor=issuer, campaign=plan, name=" Tính hợp pháp ", weight=Decimal(2), max_points=10
    )
    second = services.criterion_save(
        actor=issuer, campaign=plan, name="Tác động xã hội", weight=Decimal("0.5"), max_points=20
    )

    assert [(c.name, c.order, c.weight, c.max_points) for c in plan.criteria.all()] == [
        ("Tính hợp pháp", 1, Decimal(2), 10),
        ("Tác động xã hội", 2, Decimal("0.5"), 20),
    ]
    assert (first.order, second.order) == (1, 2)


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ({"weight": Decimal(0), "max_points": 10}, "weight"),
        ({"weight": Decimal(-1), "max_points": 10}, "weight"),
        ({"weight": Decimal(1), "max_points": 0}, "maximum"),
    ],
)
def test_a_criterion_needs_a_positive_weight_and_at_least_one_point(plan, fields, expected):
    with translation.override("en"), pytest.raises(ValidationError) as excinfo:
        services.criterion_save(actor=SYSTEM, campaign=plan, name="Tính mới", **fields)

    assert expected in " ".join(excinfo.value.messages).lower()
    assert not plan.criteria.exists()


def test_only_the_issuing_unit_changes_the_criteria(tree, plan):
    for outsider in (
        member(tree["office_b"], Role.REVIEWER),
        member(tree["office_a"], Role.UNIT_STAFF),
        member(tree["a1"], Role.UNIT_HEAD),
    ):
        with pytest.raises(PermissionDenied):
            services.criterion_save(
                actor=outsider, campaign=plan, name="Tính mới", weight=1, max_points=10
            )


def test_a_criterion_already_scored_against_can_no_longer_change_but_others_can_be_added(
    tree, plan, deadline
):
    issuer = member(tree["office_a"], Role.REVIEWER)
    scored = services.criterion_save(
        actor=issuer, campaign=plan, name="Tính hợp pháp", weight=1, max_points=10
    )
    item = accepted_initiative(tree["a1"], deadline)
    initiative_services.score_save(actor=issuer, initiative=item, points={scored.pk: 7})

    with pytest.raises(ValidationError):
        services.criterion_save(actor=issuer, campaign=plan, criterion=scored, max_points=100)
    with pytest.raises(ValidationError):
        services.criterion_delete(actor=issuer, criterion=scored)
    services.criterion_save(
        actor=issuer, campaign=plan, name="Tác động xã hội", weight=1, max_points=10
    )

    scored.refresh_from_db()
    assert scored.max_points == 10
    assert plan.criteria.count() == 2


def test_an_unscored_criterion_can_be_changed_and_removed(tree, plan):
    issuer = member(tree["office_a"], Role.REVIEWER)
    criterion = services.criterion_save(
        actor=issuer, campaign=plan, name="Tính mới", weight=1, max_points=10
    )

    services.criterion_save(actor=issuer, campaign=plan, criterion=criterion, weight=3)
    assert EvaluationCriterion.objects.get(pk=criterion.pk).weight == 3
    services.criterion_delete(actor=issuer, criterion=criterion)
    assert not plan.criteria.exists()


def test_a_cancelled_plans_criteria_are_frozen(tree):
    draft = campaign(tree["office_a"])
    services.campaign_cancel(actor=SYSTEM, campaign=draft)

    with pytest.raises(ValidationError):
        services.criterion_save(
            actor=SYSTEM, campaign=draft, name="Tính mới", weight=1, max_points=5
        )


def test_the_five_criteria_of_seed_002_in_one_go(plan):
    created = services.criteria_from_seed_002(plan, actor=SYSTEM)
    again = services.criteria_from_seed_002(plan, actor=SYSTEM)  # a double click adds nothing

    assert len(created) == 5 and again == []
    assert [(c.name, c.weight, c.max_points) for c in plan.criteria.all()] == [
        ("Tính hợp pháp", 1, 10),
        ("Giải quyết được vấn đề", 1, 10),
        ("Tác động xã hội", 1, 10),
        ("Tính mới, ưu điểm", 1, 10),
        ("Khả năng phát triển trong tương lai", 1, 10),
    ]


def test_the_plan_page_offers_the_seed_criteria_then_lists_them(client, tree, plan):
    client.force_login(member(tree["office_a"], Role.REVIEWER))
    url = reverse("campaign:detail", kwargs={"campaign_id": plan.pk})
    assert 'data-testid="criteria-seed"' in client.get(url).content.decode()

    client.post(reverse("campaign:criteria_seed", kwargs={"campaign_id": plan.pk}))
    client.post(
        reverse("campaign:criterion_add", kwargs={"campaign_id": plan.pk}),
        {
            "criterion-name": "Mức độ nhân rộng",
            "criterion-weight": "2",
            "criterion-max_points": "5",
        },
    )

    page = client.get(url).content.decode()
    card = page.split('data-testid="criteria"')[1].split("</ul>")[0]
    assert "Khả năng phát triển trong tương lai" in card and "Mức độ nhân rộng" in card
    assert 'data-testid="criteria-seed"' not in page
    assert plan.criteria.count() == 6


def test_a_refused_criterion_shows_why_on_the_form(client, tree, plan):
    client.force_login(member(tree["office_a"], Role.REVIEWER))

    response = client.post(
        reverse("campaign:criterion_add", kwargs={"campaign_id": plan.pk}),
        {"criterion-name": "Tính mới", "criterion-weight": "0", "criterion-max_points": "10"},
    )

    assert response.status_code == 200
    assert "alert-danger" in response.content.decode()
    assert not plan.criteria.exists()


def test_a_school_sees_the_criteria_but_cannot_add_any(client, tree, plan):
    services.criteria_from_seed_002(plan, actor=SYSTEM)
    client.force_login(member(tree["a1"], Role.UNIT_HEAD))

    page = client.get(reverse("campaign:detail", kwargs={"campaign_id": plan.pk})).content
    response = client.post(
        reverse("campaign:criterion_add", kwargs={"campaign_id": plan.pk}),
        {"name": "Tính mới", "weight": "1", "max_points": "10"},
    )

    assert "Tính hợp pháp" in page.decode()
    assert reverse("campaign:criterion_add", kwargs={"campaign_id": plan.pk}) not in page.decode()
    assert response.status_code == 403
    assert plan.criteria.count() == 5


def test_removing_a_criterion_from_the_plan_page(client, tree, plan):
    criterion = services.criterion_save(
        actor=SYSTEM, campaign=plan, name="Tính mới", weight=1, max_points=10
    )
    client.force_login(member(tree["office_a"], Role.REVIEWER))

    client.post(
        reverse("campaign:criterion_delete", kwargs={"campaign_id": plan.pk}),
        {"criterion": criterion.pk},
    )

    assert not plan.criteria.exists()


# --- Deadline extensions ----------------------------------------------------------------------


def complete(item):
    return initiative_services.initiative_update(
        actor=SYSTEM,
        initiative=item,
        name="Sổ liên lạc điện tử",
        kind="solution",
        area="digital",
        situation="a",
        objectives="b",
        expected_results="c",
    )


def test_an_extension_makes_a_submission_after_the_due_date_on_time_for_that_unit_only(
    tree, deadline
):
    reviewer = member(tree["office_a"], Role.REVIEWER)
    services.deadline_extend(
        actor=reviewer,
        deadline=deadline,
        unit=tree["a1"],
        due_date=D(2024, 8, 31),
        reason="Trường bị ngập do bão, mất điện nhiều ngày.",
    )
    after_the_due_date = local_time(2024, 8, 28, 10)

    extended = initiative_services.initiative_submit(
        actor=SYSTEM, initiative=complete(initiative(tree["a1"], deadline)), now=after_the_due_date
    )
    other = initiative_services.initiative_submit(
        actor=SYSTEM, initiative=complete(initiative(tree["a2"], deadline)), now=after_the_due_date
    )
    after_the_extension = initiative_services.initiative_submit(
        actor=SYSTEM,
        initiative=complete(initiative(tree["a1"], deadline)),
        now=local_time(2024, 9, 1, 0, 0),
    )

    assert not extended.is_late
    assert other.is_late
    assert after_the_extension.is_late
    assert due_date_for(deadline, tree["a1"]) == D(2024, 8, 31)
    assert closes_at_for(deadline, tree["a2"]) == deadline.closes_at


def test_a_plan_closed_at_the_deadline_still_takes_the_extended_units_item(tree, plan, deadline):
    plan.closes_at_deadline = True
    plan.save()
    services.deadline_extend(
        actor=SYSTEM, deadline=deadline, unit=tree["a1"], due_date=D(2024, 8, 31), reason="Bão."
    )
    late_day = local_time(2024, 8, 28, 10)

    initiative_services.initiative_submit(
        actor=SYSTEM, initiative=complete(initiative(tree["a1"], deadline)), now=late_day
    )
    refused = complete(initiative(tree["a2"], deadline))
    with pytest.raises(ValidationError):
        initiative_services.initiative_submit(actor=SYSTEM, initiative=refused, now=late_day)

    assert list(Initiative.objects.values_list("unit__code", "status").order_by("unit__code")) == [
        ("A1", "submitted"),
        ("A2", "draft"),
    ]


@pytest.mark.parametrize("reason", ["", "   "])
def test_an_extension_needs_a_reason(tree, deadline, reason):
    with translation.override("en"), pytest.raises(ValidationError) as excinfo:
        services.deadline_extend(
            actor=SYSTEM, deadline=deadline, unit=tree["a1"], due_date=D(2024, 8, 31), reason=reason
        )

    assert "reason" in " ".join(excinfo.value.messages).lower()
    assert not DeadlineExtension.objects.exists()


@pytest.mark.parametrize("due_date", [D(2024, 8, 25), D(2024, 8, 1), D(2025, 1, 5)])
def test_the_new_date_is_after_the_deadline_and_within_the_plans_period(tree, deadline, due_date):
    with pytest.raises(ValidationError):
        services.deadline_extend(
            actor=SYSTEM, deadline=deadline, unit=tree["a1"], due_date=due_date, reason="Bão."
        )


def test_only_a_reviewer_of_the_receiving_unit_or_the_tenant_admin_extends(
    tree, deadline, tenant_admin
):
    for outsider in (member(tree["office_b"], Role.REVIEWER), member(tree["a1"], Role.UNIT_HEAD)):
        with pytest.raises(PermissionDenied):
            services.deadline_extend(
                actor=outsider,
                deadline=deadline,
                unit=tree["a1"],
                due_date=D(2024, 9, 5),
                reason="x",
            )

    services.deadline_extend(
        actor=tenant_admin, deadline=deadline, unit=tree["a1"], due_date=D(2024, 9, 5), reason="x"
    )
    assert DeadlineExtension.objects.get().granted_by == tenant_admin


def test_a_unit_outside_the_plan_gets_no_extension(tree, deadline):
    with pytest.raises(ValidationError):
        services.deadline_extend(
            actor=SYSTEM, deadline=deadline, unit=tree["b1"], due_date=D(2024, 9, 5), reason="x"
        )


def test_extending_again_replaces_the_date_and_reason(tree, deadline):
    for day, reason in ((D(2024, 8, 31), "Bão."), (D(2024, 9, 10), "Bão kéo dài.")):
        services.deadline_extend(
            actor=SYSTEM, deadline=deadline, unit=tree["a1"], due_date=day, reason=reason
        )

    extension = DeadlineExtension.objects.get()
    assert (extension.due_date, extension.reason) == (D(2024, 9, 10), "Bão kéo dài.")


def test_the_board_grants_an_extension_and_shows_it_on_the_units_row(client, tree, deadline):
    client.force_login(member(tree["office_a"], Role.REVIEWER))
    board = reverse("initiatives:board", kwargs={"deadline_id": deadline.pk})
    extend = reverse(
        "initiatives:extend", kwargs={"deadline_id": deadline.pk, "unit_id": tree["a1"].pk}
    )
    assert extend in client.get(board).content.decode()

    refused = client.post(extend, {"due_date": "2024-08-31", "reason": " "})
    assert refused.status_code == 200 and not DeadlineExtension.objects.exists()
    response = client.post(extend, {"due_date": "2024-08-31", "reason": "Mất điện do bão."})

    assert response.status_code == 302
    page = client.get(board).content.decode()
    row = page.split('data-unit="A1"')[1].split("</tr>")[0]
    assert 'data-testid="extension"' in row and "31/08/2024" in row
    other_row = page.split('data-unit="A2"')[1].split("</tr>")[0]
    assert 'data-testid="extension"' not in other_row


def test_unit_staff_cannot_open_the_extension_page(client, tree, deadline):
    client.force_login(member(tree["a1"], Role.UNIT_HEAD))

    response = client.get(
        reverse("initiatives:extend", kwargs={"deadline_id": deadline.pk, "unit_id": tree["a1"].pk})
    )

    assert response.status_code == 403
