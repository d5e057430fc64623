"""The change log in the user's words: choice labels, Có/Không, local time to the minute,
dates dd/mm/yyyy, the document's number rather than an id, no row for a save that changed
nothing, pages of older changes, and a number of queries that does not grow with the rows."""

import datetime
import re

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from campaign import services as campaign_services
from campaign.models import Campaign
from tests.factories import PersonFactory, UnitFactory, campaign, initiative, local_time, member
from units import services as unit_services
from units.models import Person, Role
from units.permissions import SYSTEM

pytestmark = pytest.mark.django_db


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).replace("&gt;", ">")


def _log(client, **params) -> str:
    response = client.get(reverse("units:audit"), params)
    assert response.status_code == 200
    return _text(response.content.decode())


@pytest.fixture
def admin_client(client, tree):
    client.force_login(member(tree["department"], Role.TENANT_ADMIN))
    return client


@pytest.fixture
def launched(tree):
    """Phòng A's plan, drafted, told to refuse late items, and launched at 9:05 on
    20/03/2024, Vietnam time (02:05 UTC)."""
    with time_machine.travel(local_time(2024, 3, 20, 9, 5), tick=False):
        plan = campaign(tree["office_a"])
        campaign_services.campaign_update(actor=SYSTEM, campaign=plan, closes_at_deadline=True)
        return campaign_services.campaign_launch(
            actor=SYSTEM, campaign=plan, issued_on=datetime.date(2024, 3, 20)
        )


def test_a_launch_reads_as_the_user_says_it(admin_client, launched):
    text = _log(admin_client, model="campaign.campaign")

    assert "Dự thảo → Đã ban hành" in text
    assert "draft" not in text and "launched" not in text
    # The document's number, not the id of its register row.
    assert f"— → {launched.number.display}" in text
    assert "20/03/2024 09:05" in text  # local time, to the minute
    assert "02:05" not in text and ":00." not in text  # no UTC, no seconds or microseconds
    assert "— → 20/03/2024" in text  # the issue date, day first


def test_a_yes_no_field_reads_co_khong(admin_client, launched):
    text = _log(admin_client, model="campaign.campaign")

    assert "Không → Có" in text
    assert "False" not in text and "True" not in text


def test_a_choice_set_from_nothing_shows_its_label(admin_client, tree):
    from initiatives import services

    item = initiative(tree["a1"], name="Một cửa điện tử")
    services.initiative_update(actor=SYSTEM, initiative=item, area="institutions")

    text = _log(admin_client, model="initiatives.initiative")

    assert "— → Cải cách thể chế" in text and "institutions" not in text


def test_codes_kept_in_a_json_field_read_as_their_labels(admin_client, tree):
    plan = campaign(tree["office_a"], phases=())
    schedule = campaign_services.report_schedule_save(
        actor=SYSTEM, campaign=plan, periods=["q1"], due_day=5, receiving_unit=tree["office_a"]
    )
    campaign_services.report_schedule_save(
        actor=SYSTEM, campaign=plan, schedule=schedule, periods=["q1", "year"]
    )

    text = _log(admin_client, model="campaign.reportschedule")

    assert "Quý I → Quý I, Cả năm" in text and "year" not in text


def test_a_related_row_is_named_not_numbered(admin_client, tree):
    person = PersonFactory(unit=tree["a1"], full_name="Lê Thị Mai")
    unit_services.person_move(actor=SYSTEM, person=person, unit=tree["a2"], note="Điều động")

    text = _log(admin_client, model="units.person")

    assert f"{tree['a1'].name} → {tree['a2'].name}" in text


def test_a_save_that_changed_nothing_shows_no_row(admin_client, tree):
    person = PersonFactory(unit=tree["a1"], full_name="Lê Thị Mai")
    Person.objects.get(pk=person.pk).save()  # a history row with nothing changed
    assert person.history.count() == 2

    response = admin_client.get(reverse("units:audit"), {"model": "units.person"})

    entries = response.context["entries"]
    assert [e.kind for e in entries] == ["+"]
    assert "badge text-bg-secondary" not in response.content.decode()  # no "sửa" badge


def test_older_changes_come_in_pages(admin_client, tree):
    from units import views

    person = PersonFactory(unit=tree["a1"], full_name="Tên 0")
    for n in range(1, views.AUDIT_PAGE + 5):
        unit_services.person_update(actor=SYSTEM, person=person, full_name=f"Tên {n}")

    first = admin_client.get(reverse("units:audit"), {"model": "units.person"})
    assert len(first.context["entries"]) == views.AUDIT_PAGE
    cursor = first.context["next_before"]
    assert cursor and "Cũ hơn" in first.content.decode()

    second = admin_client.get(reverse("units:audit"), {"model": "units.person", "before": cursor})
    older = second.context["entries"]
    assert len(older) == 5 and older[-1].kind == "+"
    assert "Mới nhất" in second.content.decode()


def test_a_tampered_cursor_starts_from_the_newest(admin_client, tree):
    PersonFactory(unit=tree["a1"])

    response = admin_client.get(reverse("units:audit"), {"before": "2024-13-45T99:99"})

    assert response.status_code == 200 and response.context["entries"]


def _tenant_with_edits(changes: int):
    """A tenant whose admin's log holds `changes` edits of people (name and unit, a
    related row to name) and of a plan's yes/no field."""
    department = UnitFactory(department=True)
    school_a = UnitFactory(parent=department)
    school_b = UnitFactory(parent=department)
    plan = campaign(department)
    people = [PersonFactory(unit=school_a) for _ in range(changes)]
    for n, person in enumerate(people):
        unit_services.person_move(actor=SYSTEM, person=person, unit=school_b, note=f"Lần {n}")
        campaign_services.campaign_update(
            actor=SYSTEM, campaign=plan, closes_at_deadline=bool(n % 2 == 0)
        )
    return member(department, Role.TENANT_ADMIN)


def _queries(client, user, **params) -> tuple[int, int]:
    client.force_login(user)
    client.get(reverse("units:audit"), params)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(reverse("units:audit"), params)
    return len(captured), len(response.context["entries"])


@pytest.mark.parametrize("model", ["", "units.person"])
def test_the_log_costs_the_same_queries_for_5_and_50_rows(client, db, model):
    few = _tenant_with_edits(5)
    many = _tenant_with_edits(50)

    few_queries, few_rows = _queries(client, few, model=model)
    many_queries, many_rows = _queries(client, many, model=model)

    assert few_rows < many_rows
    assert few_queries == many_queries


def test_every_row_is_in_the_campaigns_tenant_only(admin_client, tree, launched):
    other = member(UnitFactory(department=True), Role.TENANT_ADMIN)
    admin_client.force_login(other)

    assert launched.number.display not in _log(admin_client)
    assert Campaign.objects.filter(pk=launched.pk).exists()
