"""Conduct records entered from a person's page: the tenant administrator, the head of the
person's unit and the award officers of that unit or above add and edit them; dates are typed
day first; the eligibility rules read what was entered."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from awards import services
from awards.models import ConductRecord
from tests.factories import PersonFactory, UnitFactory, member
from units.models import Role
from units.permissions import SYSTEM

pytestmark = pytest.mark.django_db


@pytest.fixture
def person(tree):
    return PersonFactory(unit=tree["a1"], full_name="Nguyễn Văn Bình", position="Giáo viên")


def conduct_url(person):
    return reverse("awards:conduct", kwargs={"person_id": person.pk})


BREACH = {
    "kind": ConductRecord.Kind.CODE_OF_CONDUCT,
    "year": "2025",
    "description": "Quyết định số 12/QĐ-MNA1: vi phạm quy tắc ứng xử với phụ huynh",
    "decided_on": "05/06/2025",
    "closed_on": "",
}


@pytest.mark.parametrize(
    ("role", "at"),
    [
        (Role.UNIT_HEAD, "a1"),
        (Role.TENANT_ADMIN, "department"),
        (Role.AWARD_OFFICER, "office_a"),
        (Role.AWARD_OFFICER, "a1"),
    ],
)
def test_those_in_charge_add_a_record_from_the_persons_page(client, tree, person, role, at):
    client.force_login(member(tree[at], role))

    person_page = client.get(reverse("units:person_detail", kwargs={"person_id": person.pk}))
    assert conduct_url(person) in person_page.content.decode()
    response = client.post(conduct_url(person), BREACH)

    assert response.status_code == 302
    record = ConductRecord.objects.get(person=person)
    assert record.decided_on == datetime.date(2025, 6, 5)  # 5 June, never 6 May
    assert record.kind == ConductRecord.Kind.CODE_OF_CONDUCT and record.year == 2025
    assert record.tenant == person.tenant
    page = client.get(conduct_url(person)).content.decode()
    assert "05/06/2025" in page and "12/QĐ-MNA1" in page


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("head_of_another_unit", 404),
        ("staff_of_the_unit", 403),
        ("reviewer_above", 403),
        ("award_officer_of_another_district", 404),
        ("admin_of_another_tenant", 404),
    ],
)
def test_no_one_else_sees_adds_or_edits_records(client, tree, person, who, status):
    record = ConductRecord.objects.create(
        tenant=person.tenant, person=person, kind=ConductRecord.Kind.DISCIPLINE, year=2024
    )
    users = {
        "head_of_another_unit": lambda: member(tree["a2"], Role.UNIT_HEAD),
        "staff_of_the_unit": lambda: member(tree["a1"], Role.UNIT_STAFF),
        "reviewer_above": lambda: member(tree["office_a"], Role.REVIEWER),
        "award_officer_of_another_district": lambda: member(tree["office_b"], Role.AWARD_OFFICER),
        "admin_of_another_tenant": lambda: member(UnitFactory(), Role.TENANT_ADMIN),
    }
    client.force_login(users[who]())
    edit_url = reverse("awards:conduct_edit", kwargs={"conductrecord_id": record.pk})

    responses = [
        client.get(conduct_url(person)),
        client.post(conduct_url(person), BREACH),
        client.get(edit_url),
        client.post(edit_url, BREACH),
    ]

    assert [r.status_code for r in responses] == [status] * 4
    assert ConductRecord.objects.get().kind == ConductRecord.Kind.DISCIPLINE
    if status == 403:  # sees the person, not the link to their record
        page = client.get(reverse("units:person_detail", kwargs={"person_id": person.pk}))
        assert conduct_url(person) not in page.content.decode()


def test_the_service_checks_the_actor(tree, person):
    with pytest.raises(PermissionDenied):
        services.conduct_record_create(
            actor=member(tree["office_a"], Role.REVIEWER),
            person=person,
            kind=ConductRecord.Kind.HARASSMENT,
            year=2025,
        )
    assert not ConductRecord.objects.exists()


def test_closing_a_discipline_from_its_edit_page_ends_the_veto(client, tree, person):
    head = member(tree["a1"], Role.UNIT_HEAD)
    record = services.conduct_record_create(
        actor=head,
        person=person,
        kind=ConductRecord.Kind.INVESTIGATION,
        year=2024,
        decided_on=datetime.date(2024, 9, 3),
    )
    client.force_login(head)
    assert "Đang giải quyết" in client.get(conduct_url(person)).content.decode()

    response = client.post(
        reverse("awards:conduct_edit", kwargs={"conductrecord_id": record.pk}),
        {"kind": record.kind, "year": "2024", "decided_on": "03/09/2024", "closed_on": "15/1/2025"},
    )

    assert response.status_code == 302
    record.refresh_from_db()
    assert record.closed_on == datetime.date(2025, 1, 15)
    assert record.decided_on == datetime.date(2024, 9, 3)


def test_wrong_dates_and_years_are_explained_and_what_was_typed_stays(client, tree, person):
    client.force_login(member(tree["a1"], Role.UNIT_HEAD))
    next_year = str(timezone.localdate().year + 1)

    backwards = client.post(
        conduct_url(person), {**BREACH, "decided_on": "10/06/2025", "closed_on": "01/06/2025"}
    )
    future = client.post(conduct_url(person), {**BREACH, "year": next_year})
    nonsense = client.post(conduct_url(person), {**BREACH, "decided_on": "31/02/2025"})

    assert "trước ngày quyết định" in backwards.content.decode()
    assert "01/06/2025" in backwards.content.decode()
    assert next_year in future.content.decode() and "chưa đến" in future.content.decode()
    assert nonsense.status_code == 200 and "31/02/2025" in nonsense.content.decode()
    assert not ConductRecord.objects.exists()


def test_the_record_entered_makes_the_person_ineligible(tree, person):
    from awards.services import eligibility_reasons
    from tests.factories import _nomination_in

    nomination = _nomination_in(tree["department"])
    nomination.person = PersonFactory(unit=nomination.unit, full_name="Lương Thị Hoa")
    nomination.award_type.subject = "individual"
    nomination.award_type.save()
    nomination.save()
    assert eligibility_reasons(nomination) == []

    services.conduct_record_create(
        actor=SYSTEM,
        person=nomination.person,
        kind=ConductRecord.Kind.CODE_OF_CONDUCT,
        year=nomination.year,
    )

    assert any("Lương Thị Hoa" in reason for reason in eligibility_reasons(nomination))


def test_an_unknown_field_or_kind_is_refused(person):
    record = services.conduct_record_create(
        actor=SYSTEM, person=person, kind=ConductRecord.Kind.DISCIPLINE, year=2024
    )

    with pytest.raises(ValidationError):
        services.conduct_record_update(actor=SYSTEM, record=record, kind="khong-co")
    with pytest.raises(TypeError):
        services.conduct_record_update(actor=SYSTEM, record=record, person=person)
