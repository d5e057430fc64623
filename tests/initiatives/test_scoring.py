"""Scoring accepted items against the plan's criteria, assigning the reviewers who score,
and the ranking that comes out of it."""

import datetime
import re
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from campaign import services as campaign_services
from initiatives import selectors, services
from initiatives.models import ReviewAssignment, Score
from tests.factories import (
    UnitFactory,
    accepted_initiative,
    campaign,
    initiative,
    kind,
    local_time,
    member,
)
from units.models import Role
from units.permissions import SYSTEM

pytestmark = pytest.mark.django_db

D = datetime.date


@pytest.fixture
def deadline(tree):
    """Phòng A's launched plan: registration due 25/8/2024, received by Phòng A."""
    plan = campaign(tree["office_a"], launch_on=D(2024, 3, 20))
    return plan.phases.get().deadlines.get()


def criteria_of(plan, *specs):
    """Criteria given as (name, weight, max points)."""
    return [
        campaign_services.criterion_save(
            actor=SYSTEM, campaign=plan, name=name, weight=Decimal(weight), max_points=max_points
        )
        for name, weight, max_points in specs
    ]


@pytest.fixture
def criteria(deadline):
    """Legality counts twice as much as social impact, which is scored out of 20."""
    return criteria_of(
        deadline.phase.campaign, ("Tính hợp pháp", 2, 10), ("Tác động xã hội", 1, 20)
    )


def reviewers(unit, count):
    return [member(unit, Role.REVIEWER, full_name=f"Chuyên viên {i}") for i in range(count)]


def score(reviewer, item, criteria, *points):
    return services.score_save(
        actor=reviewer,
        initiative=item,
        points={criterion.pk: Decimal(p) for criterion, p in zip(criteria, points, strict=False)},
    )


def test_the_weighted_score_is_the_mean_of_the_reviewers_who_scored_every_criterion(
    tree, deadline, criteria
):
    item = accepted_initiative(tree["a1"], deadline)
    first, second, partial = reviewers(tree["office_a"], 3)

    score(first, item, criteria, 8, 10)  # (8/10·2 + 10/20·1) / 3 · 100 = 70
    score(second, item, criteria, 10, 20)  # 100
    score(partial, item, criteria, 0)  # one criterion only: not counted yet

    summary = selectors.score_summaries(deadline, [item.pk])[item.pk]
    assert summary.score == Decimal(85)
    assert summary.complete == 2
    assert selectors.weighted_result(criteria, {criteria[0].pk: 8, criteria[1].pk: 10}) == 70


def test_points_above_the_maximum_are_refused_with_a_clear_message(tree, deadline, criteria):
    item = accepted_initiative(tree["a1"], deadline)
    reviewer = member(tree["office_a"], Role.REVIEWER)

    with pytest.raises(ValidationError) as excinfo:
        score(reviewer, item, criteria, 8, 25)

    message = " ".join(excinfo.value.messages)
    assert "Tác động xã hội" in message and "20" in message
    assert not Score.objects.exists()  # the valid points of the same form are not kept either


def test_negative_points_are_refused_too(tree, deadline, criteria):
    item = accepted_initiative(tree["a1"], deadline)

    with pytest.raises(ValidationError):
        score(member(tree["office_a"], Role.REVIEWER), item, criteria, -1, 5)


def test_scoring_again_updates_the_reviewers_points_and_a_blank_clears_one(
    tree, deadline, criteria
):
    item = accepted_initiative(tree["a1"], deadline)
    reviewer = member(tree["office_a"], Role.REVIEWER)
    score(reviewer, item, criteria, 8, 10)

    services.score_save(
        actor=reviewer,
        initiative=item,
        points={criteria[0].pk: Decimal("9.5"), criteria[1].pk: None},
        comments={criteria[0].pk: "  Có văn bản pháp lý đầy đủ. "},
    )

    saved = Score.objects.get(initiative=item, reviewer=reviewer)
    assert (saved.criterion, saved.points, saved.comment) == (
        criteria[0],
        Decimal("9.5"),
        "Có văn bản pháp lý đầy đủ.",
    )


def test_a_reviewer_never_scores_their_own_units_item(tree):
    plan = campaign(
        tree["department"],
        kinds=("phong-gddt",),
        includes_issuing_unit=True,
        launch_on=D(2024, 3, 20),
    )
    deadline = plan.phases.get().deadlines.get()
    criteria = criteria_of(plan, ("Tính hợp pháp", 1, 10))
    reviewer = member(tree["department"], Role.REVIEWER)
    own = accepted_initiative(tree["department"], deadline)
    office = accepted_initiative(tree["office_a"], deadline)

    with pytest.raises(PermissionDenied):
        score(reviewer, own, criteria, 5)
    score(reviewer, office, criteria, 5)

    assert list(Score.objects.values_list("initiative_id", flat=True)) == [office.pk]


def test_a_reviewer_of_another_branch_cannot_score(tree, deadline, criteria):
    item = accepted_initiative(tree["a1"], deadline)

    with pytest.raises(PermissionDenied):
        score(member(tree["office_b"], Role.REVIEWER), item, criteria, 5, 5)
    with pytest.raises(PermissionDenied):
        score(member(tree["a1"], Role.UNIT_HEAD), item, criteria, 5, 5)


def test_only_an_item_accepted_at_this_level_is_scored(tree, deadline, criteria):
    item = initiative(tree["a1"], deadline, name="Chưa được tiếp nhận")
    services.initiative_update(
        actor=SYSTEM, initiative=item, kind="model", area="digital", situation="a", objectives="b"
    )
    services.initiative_update(actor=SYSTEM, initiative=item, expected_results="c")
    services.initiative_submit(actor=SYSTEM, initiative=item, now=local_time(2024, 8, 1))

    with pytest.raises(ValidationError):
        score(member(tree["office_a"], Role.REVIEWER), item, criteria, 5, 5)


@pytest.fixture
def levels(tree):
    """The Sở's plan, and Phòng A's plan implementing it, each with its own criterion."""
    department_plan = campaign(
        tree["department"], kinds=("phong-gddt", "truong-mam-non"), launch_on=D(2024, 3, 20)
    )
    office_plan = campaign_services.campaign_create(
        actor=SYSTEM, issuing_unit=tree["office_a"], based_on=department_plan, title="Kế hoạch"
    )
    office_plan = campaign_services.campaign_launch(
        actor=SYSTEM, campaign=office_plan, issued_on=D(2024, 3, 25)
    )
    return {
        "upper": department_plan.phases.get().deadlines.get(),
        "office": office_plan.phases.get().deadlines.get(),
        "upper_criteria": criteria_of(department_plan, ("Khả năng nhân rộng", 1, 10)),
        "office_criteria": criteria_of(office_plan, ("Tính mới, ưu điểm", 1, 10)),
    }


def test_an_item_forwarded_up_is_scored_by_the_upper_level_on_its_own_criteria(tree, levels):
    office_reviewer = member(tree["office_a"], Role.REVIEWER)
    department_reviewer = member(tree["department"], Role.REVIEWER)
    item = accepted_initiative(tree["a1"], levels["office"])
    score(office_reviewer, item, levels["office_criteria"], 6)
    consolidation = services.consolidation_create(actor=office_reviewer, deadline=levels["office"])
    services.consolidation_forward(actor=office_reviewer, consolidation=consolidation)
    services.initiative_accept(actor=department_reviewer, initiative=item)

    # The office's level is behind it now: its reviewers no longer score it.
    with pytest.raises(PermissionDenied):
        score(office_reviewer, item, levels["office_criteria"], 7)
    # The department scores on the criteria of its own plan, not on the office's.
    with pytest.raises(ValidationError):
        score(department_reviewer, item, levels["office_criteria"], 7)
    score(department_reviewer, item, levels["upper_criteria"], 9)

    upper = selectors.score_summaries(levels["upper"], [item.pk])[item.pk]
    office = selectors.score_summaries(levels["office"], [item.pk])[item.pk]
    assert (upper.score, upper.complete) == (Decimal(90), 1)
    assert (office.score, office.complete) == (Decimal(60), 1)


def test_the_ranking_puts_the_best_weighted_score_first_and_unscored_items_last(
    tree, deadline, criteria
):
    school = UnitFactory(parent=tree["office_a"], code="A3")
    from campaign.models import Participation

    Participation.objects.create(
        tenant=school.tenant, campaign=deadline.phase.campaign, unit=school
    )
    low = accepted_initiative(tree["a1"], deadline, name="Điểm thấp")
    high = accepted_initiative(tree["a2"], deadline, name="Điểm cao")
    unscored = accepted_initiative(school, deadline, name="Chưa chấm")
    reviewer = member(tree["office_a"], Role.REVIEWER)
    score(reviewer, low, criteria, 5, 10)  # 50
    score(reviewer, high, criteria, 9, 18)  # 90

    rows = selectors.ranking(deadline, reviewer)

    assert [(row.item.pk, row.rank) for row in rows] == [
        (high.pk, 1),
        (low.pk, 2),
        (unscored.pk, None),
    ]


def test_equal_scores_share_a_rank(tree, deadline, criteria):
    first = accepted_initiative(tree["a1"], deadline)
    second = accepted_initiative(tree["a2"], deadline)
    reviewer = member(tree["office_a"], Role.REVIEWER)
    for item in (first, second):
        score(reviewer, item, criteria, 7, 14)

    assert [row.rank for row in selectors.ranking(deadline, reviewer)] == [1, 1]


def test_only_reviewers_of_the_receiving_unit_can_be_assigned(tree, deadline):
    item = accepted_initiative(tree["a1"], deadline)
    chief = member(tree["office_a"], Role.REVIEWER)
    colleague = member(tree["office_a"], Role.REVIEWER)
    not_reviewers = [
        member(tree["office_a"], Role.UNIT_STAFF, full_name="Văn thư Phòng A"),
        member(tree["office_b"], Role.REVIEWER, full_name="Chuyên viên Phòng B"),
        member(tree["department"], Role.REVIEWER, full_name="Chuyên viên Sở"),
    ]

    for outsider in not_reviewers:
        with pytest.raises(ValidationError) as excinfo:
            services.assignment_set(actor=chief, initiative=item, reviewers=[colleague, outsider])
        assert outsider.full_name in " ".join(excinfo.value.messages)
    assert not ReviewAssignment.objects.exists()

    services.assignment_set(actor=chief, initiative=item, reviewers=[colleague, chief])
    assert set(ReviewAssignment.objects.values_list("reviewer_id", flat=True)) == {
        colleague.pk,
        chief.pk,
    }


def test_only_a_reviewer_of_the_receiving_unit_assigns(tree, deadline):
    item = accepted_initiative(tree["a1"], deadline)
    colleague = member(tree["office_a"], Role.REVIEWER)

    for actor in (member(tree["office_b"], Role.REVIEWER), member(tree["a1"], Role.UNIT_HEAD)):
        with pytest.raises(PermissionDenied):
            services.assignment_set(actor=actor, initiative=item, reviewers=[colleague])


def test_assigning_again_replaces_the_list(tree, deadline):
    item = accepted_initiative(tree["a1"], deadline)
    first, second, third = reviewers(tree["office_a"], 3)
    services.assignment_set(actor=first, initiative=item, reviewers=[first, second])

    services.assignment_set(actor=first, initiative=item, reviewers=[second, third])

    assert set(item.assignments.values_list("reviewer_id", flat=True)) == {second.pk, third.pk}


def test_the_board_shows_two_of_three_scores_in_and_each_reviewers_queue(
    client, tree, deadline, criteria
):
    item = accepted_initiative(tree["a1"], deadline, name="Sổ liên lạc điện tử")
    other = accepted_initiative(tree["a2"], deadline, name="Hộp thư góp ý")
    first, second, third = reviewers(tree["office_a"], 3)
    services.assignment_set(actor=first, initiative=item, reviewers=[first, second, third])
    score(first, item, criteria, 8, 10)
    score(second, item, criteria, 10, 20)
    score(third, item, criteria, 4)  # not finished

    client.force_login(third)
    url = reverse("initiatives:board", kwargs={"deadline_id": deadline.pk})
    page = client.get(url, {"items": "all"}).content.decode()

    assert re.search(rf'data-testid="scores-{item.pk}">\s*2/3\s*<', page)
    queue = page.split('data-testid="my-queue"')[1].split("</ul>")[0]
    assert "Sổ liên lạc điện tử" in queue and "Hộp thư góp ý" not in queue
    assert "1/2" in queue  # the reviewer's own progress on the criteria
    assert reverse("initiatives:ranking", kwargs={"deadline_id": deadline.pk}) in page
    # On the board too, but assigned to nobody and scored by nobody.
    assert re.search(rf'data-testid="scores-{other.pk}">\s*—\s*<', page)


def test_the_detail_page_offers_the_scoring_form_with_the_reviewers_points(
    client, tree, deadline, criteria
):
    item = accepted_initiative(tree["a1"], deadline)
    reviewer = member(tree["office_a"], Role.REVIEWER)
    score(reviewer, item, criteria, "7.5", 12)
    client.force_login(reviewer)
    url = reverse("initiatives:detail", kwargs={"initiative_id": item.pk})

    page = client.get(url).content.decode()

    assert 'data-testid="score-form"' in page
    # Shown the Vietnamese way, in a text input where a decimal comma can be typed.
    assert f'name="points_{criteria[0].pk}"' in page and 'value="7,5"' in page
    assert f"/ {criteria[1].max_points}</span>" in page
    assert 'data-testid="assignment-form"' in page

    response = client.post(
        reverse("initiatives:score", kwargs={"initiative_id": item.pk}),
        {f"points_{criteria[0].pk}": "11", f"points_{criteria[1].pk}": "12"},
        follow=True,
    )
    assert "Tính hợp pháp" in response.content.decode()  # the refusal names the criterion
    assert Score.objects.get(criterion=criteria[0]).points == Decimal("7.5")

    client.post(
        reverse("initiatives:score", kwargs={"initiative_id": item.pk}),
        {f"points_{criteria[0].pk}": "10", f"points_{criteria[1].pk}": "20"},
    )
    assert Score.objects.get(criterion=criteria[0]).points == Decimal(10)


def test_the_unit_sees_no_scoring_form_on_its_own_item(client, tree, deadline, criteria):
    item = accepted_initiative(tree["a1"], deadline)
    client.force_login(member(tree["a1"], Role.UNIT_HEAD))

    page = client.get(reverse("initiatives:detail", kwargs={"initiative_id": item.pk}))

    assert 'data-testid="score-form"' not in page.content.decode()
    response = client.post(
        reverse("initiatives:score", kwargs={"initiative_id": item.pk}),
        {f"points_{criteria[0].pk}": "10"},
    )
    assert response.status_code == 403
    assert not Score.objects.exists()


def test_assigning_from_the_detail_page(client, tree, deadline):
    item = accepted_initiative(tree["a1"], deadline)
    chief, colleague = reviewers(tree["office_a"], 2)
    client.force_login(chief)

    client.post(
        reverse("initiatives:assign", kwargs={"initiative_id": item.pk}),
        {"reviewers": [colleague.pk]},
    )

    assert list(item.assignments.values_list("reviewer_id", flat=True)) == [colleague.pk]


def test_the_ranking_page_shows_rank_item_unit_score_and_scorers(client, tree, deadline, criteria):
    item = accepted_initiative(tree["a1"], deadline, name="Sổ liên lạc điện tử")
    first, second = reviewers(tree["office_a"], 2)
    services.assignment_set(actor=first, initiative=item, reviewers=[first, second])
    score(first, item, criteria, "8.5", 10)  # (1.7 + 0.5) / 3 · 100 = 73.33…
    client.force_login(first)

    page = client.get(
        reverse("initiatives:ranking", kwargs={"deadline_id": deadline.pk})
    ).content.decode()

    row = page.split(f'data-item="{item.pk}"')[1].split("</tr>")[0]
    assert "Sổ liên lạc điện tử" in row and tree["a1"].name in row
    assert re.search(r'data-testid="score">73[,.]3<', row)
    assert "1/2" in row


def test_unit_staff_have_no_ranking(client, tree, deadline):
    client.force_login(member(tree["a1"], Role.UNIT_HEAD))

    response = client.get(reverse("initiatives:ranking", kwargs={"deadline_id": deadline.pk}))

    assert response.status_code == 403


def _scored_level(size):
    """A department whose `size` schools each have an accepted item, scored by three
    assigned reviewers on two criteria."""
    root = UnitFactory(department=True)
    schools = [UnitFactory(parent=root, kind=kind("truong-mam-non")) for _ in range(size)]
    plan = campaign(root, launch_on=D(2024, 3, 20))
    deadline = plan.phases.get().deadlines.get()
    criteria = criteria_of(plan, ("Tính hợp pháp", 2, 10), ("Tác động xã hội", 1, 10))
    team = reviewers(root, 3)
    for school in schools:
        item = accepted_initiative(school, deadline)
        services.assignment_set(actor=team[0], initiative=item, reviewers=team)
        for reviewer in team[:2]:
            score(reviewer, item, criteria, 6, 7)
    return deadline, team[0]


@pytest.mark.parametrize("url_name", ["initiatives:ranking", "initiatives:board"])
def test_ranking_and_board_cost_the_same_queries_for_2_and_10_items(
    client, django_assert_max_num_queries, url_name
):
    counts = []
    for size in (2, 10):
        deadline, reviewer = _scored_level(size)
        client.force_login(reviewer)
        url = reverse(url_name, kwargs={"deadline_id": deadline.pk})
        with django_assert_max_num_queries(30) as captured:
            page = client.get(url, {"items": "all"}).content.decode()
        assert page.count("2/3") >= size
        counts.append(len(captured))

    assert counts[0] == counts[1]
