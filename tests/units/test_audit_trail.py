"""The audit trail: every change to a domain model is kept with who made it and when, and the
tenant administrator reads it, field by field, for the tenant's data only."""

import datetime

import pytest
from django.urls import reverse

from awards.models import Nomination, Subject
from tests.factories import PersonFactory, UnitFactory, award_type, campaign, member
from units.models import Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def nomination_edited(client, tree):
    """A school head creates a nomination from the page, then changes its achievements."""
    plan = campaign(tree["office_a"], launch_on=datetime.date(2024, 3, 20))
    award = award_type(tree["a1"].tenant, name="Lao động tiên tiến", subject=Subject.INDIVIDUAL)
    teacher = PersonFactory(unit=tree["a1"], full_name="Phạm Thu Hà")
    head = member(tree["a1"], Role.UNIT_HEAD, full_name="Hiệu trưởng Lê Văn An")
    client.force_login(head)
    data = {
        "campaign": plan.pk,
        "award_type": award.pk,
        "person": teacher.pk,
        "year": 2024,
        "rating": "excellent",
        "achievements": "Giáo viên dạy giỏi cấp quận.",
    }
    assert client.post("/awards/new/", data).status_code == 302
    nomination = Nomination.objects.get()
    data["achievements"] = "Giáo viên dạy giỏi cấp thành phố."
    assert client.post(f"/awards/{nomination.pk}/", data).status_code == 302
    return nomination


def test_each_change_keeps_who_and_when(nomination_edited):
    history = list(nomination_edited.history.order_by("history_date"))
    assert [h.history_type for h in history] == ["+", "~"]
    assert {h.history_user.full_name for h in history} == {"Hiệu trưởng Lê Văn An"}
    assert history[0].achievements == "Giáo viên dạy giỏi cấp quận."


def test_the_tenant_administrator_reads_the_changes_field_by_field(client, tree, nomination_edited):
    client.force_login(member(tree["department"], Role.TENANT_ADMIN))
    page = client.get(reverse("units:audit"))
    text = page.content.decode()
    assert page.status_code == 200
    assert "Hiệu trưởng Lê Văn An" in text
    assert "Giáo viên dạy giỏi cấp quận." in text and "Giáo viên dạy giỏi cấp thành phố." in text
    entries = page.context["entries"]
    change = next(e for e in entries if e.kind == "~" and e.model_name == "đề nghị khen thưởng")
    assert [c[0] for c in change.changes] == ["thành tích"]

    only = client.get(reverse("units:audit"), {"model": "awards.nomination"}).context["entries"]
    assert {e.model_name for e in only} == {"đề nghị khen thưởng"} and len(only) == 2


def test_another_tenant_and_other_roles_see_nothing_of_it(client, tree, nomination_edited):
    other_admin = member(UnitFactory(department=True), Role.TENANT_ADMIN)
    client.force_login(other_admin)
    entries = client.get(reverse("units:audit")).context["entries"]
    assert all("Phạm Thu Hà" not in e.object_label for e in entries)
    assert not any(e.who == "Hiệu trưởng Lê Văn An" for e in entries)

    for role in (Role.UNIT_HEAD, Role.REVIEWER, Role.AWARD_OFFICER):
        client.force_login(member(tree["office_a"], role))
        assert client.get(reverse("units:audit")).status_code == 403
