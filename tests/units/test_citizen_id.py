import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from tests.factories import PersonFactory, UnitFactory, member
from units.models import Role, Unit
from units.validators import validate_citizen_id

FULL_NUMBER = "079185002468"


@pytest.mark.parametrize("value", ["079185002468", "001099123456", "010203000001"])
def test_valid_numbers_pass(value):
    validate_citizen_id(value)


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("07918500246", "citizen_id_length"),
        ("0791850024681", "citizen_id_length"),
        ("07918500246A", "citizen_id_not_digits"),
        ("079 85002468", "citizen_id_not_digits"),
        ("０７９１８５００２４６８", "citizen_id_not_digits"),  # full-width digits
        ("079299002468", "citizen_id_birth_year"),  # born 2099
    ],
)
def test_wrong_numbers_are_refused_with_a_reason(value, code):
    with pytest.raises(ValidationError) as excinfo:
        validate_citizen_id(value)
    assert excinfo.value.code == code


@pytest.fixture
def person(db):
    department = UnitFactory(department=True)
    school = UnitFactory(parent=department)
    return PersonFactory(unit=school, citizen_id=FULL_NUMBER)


@pytest.mark.parametrize(
    ("role", "at"),
    [
        (Role.UNIT_STAFF, "school"),
        (Role.UNIT_HEAD, "school"),
        (Role.REVIEWER, "department"),
        (Role.AWARD_OFFICER, "department"),
    ],
)
def test_the_page_shows_the_number_masked_to_everyone_but_the_tenant_admin(
    client, person, role, at
):
    unit = person.unit if at == "school" else Unit.objects.get_root(person.unit)
    client.force_login(member(unit, role))

    page = client.get(
        reverse("units:person_detail", kwargs={"person_id": person.pk})
    ).content.decode()

    assert FULL_NUMBER not in page
    assert person.masked_citizen_id in page
    assert person.masked_citizen_id.endswith("468")


def test_the_tenant_admin_sees_the_full_number(client, person):
    client.force_login(member(Unit.objects.get_root(person.unit), Role.TENANT_ADMIN))

    page = client.get(
        reverse("units:person_detail", kwargs={"person_id": person.pk})
    ).content.decode()

    assert FULL_NUMBER in page


def test_the_unit_page_never_shows_the_number(client, person):
    client.force_login(member(person.unit, Role.UNIT_HEAD))

    page = client.get(reverse("units:detail", kwargs={"unit_id": person.unit.pk})).content.decode()

    assert person.full_name in page
    assert FULL_NUMBER not in page


def test_a_number_is_unique_within_a_tenant(person):
    duplicate = PersonFactory.build(unit=person.unit, tenant=person.tenant, citizen_id=FULL_NUMBER)
    with pytest.raises(ValidationError):
        duplicate.full_clean()
