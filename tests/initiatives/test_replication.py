"""An upper level recommends an exemplary model; other units read it and record in their own
result report that they replicate it."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from initiatives import services
from initiatives.models import InitiativeEvent
from tests.factories import accepted_initiative, campaign, member
from units.models import Role
from units.permissions import SYSTEM

pytestmark = pytest.mark.django_db

D = datetime.date
PHASES = (
    ("Đợt 1", (2024, 4, 1), (2024, 8, 25), [("registration", (2024, 8, 25))]),
    ("Đợt 2", (2024, 8, 26), (2024, 10, 31), [("result_report", (2024, 10, 31))]),
)


@pytest.fixture
def plan(tree):
    return campaign(tree["office_a"], phases=PHASES, launch_on=D(2024, 3, 20))


@pytest.fixture
def model(tree, plan):
    registration = plan.phases.get(name="Đợt 1").deadlines.get()
    return accepted_initiative(tree["a1"], registration, name="Sổ liên lạc điện tử")


def test_the_upper_level_recommends_and_another_school_adopts(client, tree, plan, model):
    reviewer = member(tree["office_a"], Role.REVIEWER)
    services.initiative_recommend(actor=reviewer, initiative=model)
    assert InitiativeEvent.objects.filter(initiative=model, action="recommend").exists()

    # A school of the other office reads it...
    other_head = member(tree["b1"], Role.UNIT_HEAD)
    client.force_login(other_head)
    listing = client.get(reverse("initiatives:recommended")).content.decode()
    assert "Sổ liên lạc điện tử" in listing
    assert (
        client.get(reverse("initiatives:detail", kwargs={"initiative_id": model.pk})).status_code
        == 200
    )

    # ...and A2 (same office, own item) records the adoption in its Mẫu 2.
    registration = plan.phases.get(name="Đợt 1").deadlines.get()
    own = accepted_initiative(tree["a2"], registration, name="Nhân rộng sổ liên lạc")
    report = services.result_report_start(actor=SYSTEM, initiative=own, today=D(2024, 9, 1))
    head_a2 = member(tree["a2"], Role.UNIT_HEAD)
    client.force_login(head_a2)
    client.post(
        reverse("initiatives:result_adopt", kwargs={"initiative_id": own.pk}),
        {"adopted_from": model.pk},
    )
    report.refresh_from_db()
    assert report.adopted_from == model
    assert model.adoptions.count() == 1


def test_the_schools_own_reviewer_level_cannot_recommend_its_own_item(tree, plan):
    # The school's own plan, received by the school itself.
    school_plan = campaign(
        tree["a1"], kinds=(), includes_issuing_unit=True, phases=PHASES, launch_on=D(2024, 3, 20)
    )
    item = accepted_initiative(tree["a1"], school_plan.phases.get(name="Đợt 1").deadlines.get())

    with pytest.raises(PermissionDenied):
        services.initiative_recommend(actor=member(tree["a1"], Role.REVIEWER), initiative=item)


def test_only_an_accepted_item_is_recommended_once(tree, model):
    reviewer = member(tree["office_a"], Role.REVIEWER)
    services.initiative_recommend(actor=reviewer, initiative=model)

    with pytest.raises(ValidationError):
        services.initiative_recommend(actor=reviewer, initiative=model)


def test_a_report_cannot_adopt_an_item_that_is_not_recommended(tree, plan, model):
    registration = plan.phases.get(name="Đợt 1").deadlines.get()
    own = accepted_initiative(tree["a2"], registration)
    report = services.result_report_start(actor=SYSTEM, initiative=own, today=D(2024, 9, 1))

    with pytest.raises(ValidationError):
        services.result_report_adopt(actor=SYSTEM, report=report, model=model)


def test_the_replication_list_costs_the_same_queries_for_1_and_5_models(
    client, tree, plan, django_assert_max_num_queries
):
    registration = plan.phases.get(name="Đợt 1").deadlines.get()
    reviewer = member(tree["office_a"], Role.REVIEWER)
    client.force_login(member(tree["b1"], Role.UNIT_HEAD))
    counts = []
    for batch in (1, 4):
        for n in range(batch):
            item = accepted_initiative(tree["a1"], registration, name=f"Mô hình {batch}-{n}")
            services.initiative_recommend(actor=reviewer, initiative=item)
        with django_assert_max_num_queries(15) as captured:
            client.get(reverse("initiatives:recommended"))
        counts.append(len(captured))
    assert counts[0] == counts[1]


def test_a_tampered_model_id_is_not_found_not_a_server_error(client, tree, plan, model):
    report = services.result_report_start(actor=SYSTEM, initiative=model, today=D(2024, 9, 1))
    client.force_login(member(tree["a1"], Role.UNIT_HEAD))

    response = client.post(
        reverse("initiatives:result_adopt", kwargs={"initiative_id": model.pk}),
        {"adopted_from": "x' OR 1=1"},
    )

    assert response.status_code == 404
    report.refresh_from_db()
    assert report.adopted_from is None
