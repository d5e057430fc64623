import pytest

from tests.factories import PersonFactory, UnitFactory, member
from units import services
from units.models import Role
from units.permissions import SYSTEM
from units.selectors import units_below, user_scope, visible_people, visible_units

pytestmark = pytest.mark.django_db


def codes(queryset):
    return set(queryset.values_list("code", flat=True))


def test_unit_staff_see_only_their_own_unit(tree):
    staff = member(tree["a1"], Role.UNIT_STAFF)
    head = member(tree["a2"], Role.UNIT_HEAD)

    assert codes(visible_units(staff)) == {"A1"}
    assert codes(visible_units(head)) == {"A2"}


def test_reviewer_at_an_office_sees_its_whole_subtree_and_nothing_of_the_sibling(tree):
    reviewer = member(tree["office_a"], Role.REVIEWER)

    assert codes(visible_units(reviewer)) == {"PGD-A", "A1", "A2"}


def test_reviewer_at_the_department_sees_every_level_below(tree):
    reviewer = member(tree["department"], Role.REVIEWER)

    assert codes(visible_units(reviewer)) == {"SGDĐT", "PGD-A", "PGD-B", "A1", "A2", "B1", "B2"}


def test_tenant_admin_sees_the_whole_tenant_and_nothing_of_another(tree, tenant_admin):
    other_tenant_school = UnitFactory()

    visible = codes(visible_units(tenant_admin))

    assert visible == {"SGDĐT", "PGD-A", "PGD-B", "A1", "A2", "B1", "B2"}
    assert other_tenant_school.code not in visible


def test_memberships_add_up(tree):
    user = member(tree["a1"], Role.UNIT_STAFF)
    services.membership_grant(actor=SYSTEM, user=user, unit=tree["office_b"], role=Role.REVIEWER)
    user.refresh_from_db()

    assert codes(visible_units(user)) == {"A1", "PGD-B", "B1", "B2"}


def test_user_without_membership_sees_nothing(tree):
    from tests.factories import UserFactory

    user = UserFactory(tenant=tree["department"].tenant)

    assert user_scope(user).is_empty
    assert not visible_units(user).exists()


def test_moving_a_school_changes_what_each_reviewer_sees(tree):
    reviewer_a = member(tree["office_a"], Role.REVIEWER)
    reviewer_b = member(tree["office_b"], Role.REVIEWER)
    teacher = PersonFactory(unit=tree["a1"])

    services.unit_move(actor=SYSTEM, unit=tree["a1"], new_parent=tree["office_b"])
    reviewer_a.refresh_from_db()
    reviewer_b.refresh_from_db()

    assert codes(visible_units(reviewer_a)) == {"PGD-A", "A2"}
    assert codes(visible_units(reviewer_b)) == {"PGD-B", "B1", "B2", "A1"}
    assert list(visible_people(reviewer_b)) == [teacher]
    assert not visible_people(reviewer_a).exists()


def _chain(root, depth, width):
    """`depth` levels below root, `width` units at each level, the first of each level
    carrying the next."""
    parent = root
    for _level in range(depth):
        children = [UnitFactory(parent=parent) for _ in range(width)]
        parent = children[0]


@pytest.mark.parametrize(("depth", "width"), [(1, 2), (3, 3), (6, 5)])
def test_all_units_below_is_one_query_whatever_the_depth_and_size(
    db, django_assert_num_queries, depth, width
):
    root = UnitFactory(department=True)
    _chain(root, depth, width)

    with django_assert_num_queries(1):
        below = list(units_below(root))

    assert len(below) == depth * width


def test_reviewer_scope_costs_the_same_queries_for_a_small_and_a_large_subtree(
    db, django_assert_num_queries
):
    small_root = UnitFactory(department=True)
    _chain(small_root, 1, 1)
    large_root = UnitFactory(department=True)
    _chain(large_root, 5, 6)
    counts = []
    for root in (small_root, large_root):
        reviewer = member(root, Role.REVIEWER)
        with django_assert_num_queries(2) as captured:  # memberships, then the units
            list(visible_units(reviewer))
        counts.append(len(captured))

    assert counts == [2, 2]


def test_unit_search_ignores_accents(client, tree):
    from django.urls import reverse

    cogiang = UnitFactory(parent=tree["office_a"], name="Trường Mầm non Cô Giang", code="MNCG")
    client.force_login(member(tree["department"], Role.REVIEWER))

    page = client.get(reverse("units:list"), {"q": "truong mam non co giang"}).content.decode()

    assert cogiang.name in page
    assert tree["a1"].name not in page
