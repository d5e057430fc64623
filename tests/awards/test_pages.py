"""A school head nominates from the browser-facing pages and reads why a nomination is not
eligible; other units never see it."""

import datetime

import pytest

from awards.models import ConductRecord, Nomination, Subject
from tests.factories import PersonFactory, award_type, campaign, member
from units.models import Role
from units.permissions import SYSTEM

pytestmark = pytest.mark.django_db


@pytest.fixture
def setting(tree):
    plan = campaign(tree["office_a"], launch_on=datetime.date(2024, 3, 20))
    award = award_type(tree["a1"].tenant, name="Lao động tiên tiến", subject=Subject.INDIVIDUAL)
    teacher = PersonFactory(unit=tree["a1"], full_name="Phạm Thu Hà")
    return {"plan": plan, "award": award, "teacher": teacher}


def test_the_head_nominates_a_teacher_and_sees_why_she_is_not_eligible(client, tree, setting):
    ConductRecord.objects.create(
        tenant=tree["a1"].tenant,
        person=setting["teacher"],
        kind=ConductRecord.Kind.CODE_OF_CONDUCT,
        year=2024,
    )
    client.force_login(member(tree["a1"], Role.UNIT_HEAD))

    answer = client.post(
        "/awards/new/",
        {
            "campaign": setting["plan"].pk,
            "award_type": setting["award"].pk,
            "person": setting["teacher"].pk,
            "year": 2024,
            "rating": "excellent",
            "achievements": "Giáo viên dạy giỏi cấp quận.",
        },
        follow=True,
    )

    page = answer.content.decode()
    assert 'data-testid="ineligible"' in page
    assert "Phạm Thu Hà vi phạm quy tắc ứng xử" in page
    nomination = Nomination.objects.get()
    client.post(f"/awards/{nomination.pk}/submit/")
    nomination.refresh_from_db()
    assert nomination.status == "draft"


def test_a_missing_achievement_is_refused_with_the_field_kept(client, tree, setting):
    client.force_login(member(tree["a1"], Role.UNIT_HEAD))

    answer = client.post(
        "/awards/new/",
        {
            "campaign": setting["plan"].pk,
            "award_type": setting["award"].pk,
            "year": "hai",
            "rating": "good",
        },
    )

    assert answer.status_code == 200
    assert not Nomination.objects.exists()
    form = answer.context["form"]
    assert set(form.errors) == {"year", "achievements"}


def test_staff_cannot_nominate_and_another_school_sees_nothing(client, tree, setting):
    from awards.services import nomination_save

    nomination = nomination_save(
        actor=SYSTEM,
        unit=tree["a1"],
        campaign=setting["plan"],
        award_type=setting["award"],
        person=setting["teacher"],
        year=2024,
        rating="good",
        achievements="Thành tích",
    )
    client.force_login(member(tree["a1"], Role.UNIT_STAFF))
    assert client.get("/awards/new/").status_code == 403
    client.force_login(member(tree["a2"], Role.UNIT_HEAD))
    assert client.get(f"/awards/{nomination.pk}/").status_code == 404
    assert "Phạm Thu Hà" not in client.get("/awards/").content.decode()
    client.force_login(member(tree["office_a"], Role.AWARD_OFFICER))
    assert "Phạm Thu Hà" in client.get("/awards/").content.decode()
