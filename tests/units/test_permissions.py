"""The vocabulary of units/permissions.py and the explicit system actor."""

import pytest
from django.core.exceptions import PermissionDenied

from tests.factories import PersonFactory, UnitFactory, member
from units import rules, services
from units.models import Role, Unit, UnitChange
from units.permissions import (
    SYSTEM,
    MissingActor,
    as_user,
    officer_over,
    reviewed_units,
    reviews_at,
    works_at,
)

pytestmark = pytest.mark.django_db


def test_a_service_given_no_actor_refuses_instead_of_acting_as_the_system(tree):
    with pytest.raises(MissingActor):
        services.unit_create(actor=None, tenant=tree["department"].tenant, name="Trường mới")
    with pytest.raises(MissingActor):
        rules.can_manage_staff(None, tree["a1"])
    assert not Unit.objects.filter(name="Trường mới").exists()


def test_the_system_acts_and_records_no_user(tree):
    services.unit_move(actor=SYSTEM, unit=tree["a2"], new_parent=tree["office_b"])
    change = UnitChange.objects.get(unit=tree["a2"])
    assert change.actor is None
    assert as_user(SYSTEM) is None


def test_a_user_acts_as_themself_and_a_school_head_cannot_restructure(tree, tenant_admin):
    services.unit_move(actor=tenant_admin, unit=tree["a2"], new_parent=tree["office_b"])
    assert UnitChange.objects.get(unit=tree["a2"]).actor == tenant_admin
    head = member(tree["a1"], Role.UNIT_HEAD)
    with pytest.raises(PermissionDenied):
        services.unit_move(actor=head, unit=tree["a1"], new_parent=tree["office_b"])


@pytest.mark.parametrize(
    "where, role",
    [
        ("office_a", Role.REVIEWER),
        ("department", Role.REVIEWER),
        ("department", Role.TENANT_ADMIN),
        ("a1", Role.UNIT_HEAD),
        ("office_a", Role.AWARD_OFFICER),
    ],
)
def test_the_list_of_reviewed_units_is_exactly_where_reviews_at_says_yes(tree, where, role):
    user = member(tree[where], role)
    other_tenant = UnitFactory(department=True)
    listed = set(Unit.objects.filter(reviewed_units(user)).values_list("pk", flat=True))
    everyone = [*tree.values(), other_tenant]
    assert listed == {unit.pk for unit in everyone if reviews_at(user, unit)}
    if role == Role.REVIEWER and where == "office_a":
        assert listed == {tree["office_a"].pk, tree["a1"].pk, tree["a2"].pk}
    if role in (Role.UNIT_HEAD, Role.AWARD_OFFICER):
        assert listed == set()


def test_staff_write_for_their_own_unit_and_officers_cover_the_units_below(tree):
    head = member(tree["a1"], Role.UNIT_HEAD)
    assert works_at(head, tree["a1"]) and not works_at(head, tree["a2"])
    officer = member(tree["office_a"], Role.AWARD_OFFICER)
    assert officer_over(officer, tree["a1"]) and not officer_over(officer, tree["b1"])
    # An award officer records conduct below their unit, not beside it.
    assert rules.can_record_conduct(officer, PersonFactory(unit=tree["a2"]))
    assert not rules.can_record_conduct(officer, PersonFactory(unit=tree["b2"]))
