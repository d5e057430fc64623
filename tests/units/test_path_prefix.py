"""`path__startswith` (every "units below" query): the same rows on every database, and on
PostgreSQL a range on the path's pattern index even under row-level security, where a LIKE
could not use it (its function is not leakproof) and read the units of every tenant."""

import re

import pytest
from django.db import connection, transaction

from tests.factories import UnitFactory
from units import rls
from units.models import Unit
from units.selectors import under_paths, units_below


@pytest.fixture
def tree():
    root = UnitFactory(department=True)
    district = UnitFactory(parent=root, district_office=True)
    schools = [UnitFactory(parent=district) for _ in range(3)]
    other = UnitFactory(department=True)  # another tenant
    UnitFactory(parent=other)
    return root, district, schools


@pytest.mark.django_db
def test_a_path_prefix_matches_the_subtree_and_nothing_else(tree):
    root, district, schools = tree
    assert set(units_below(district)) == set(schools)
    assert set(units_below(root, include_self=True)) == {root, district, *schools}
    assert set(Unit.objects.filter(under_paths([district.path], "path"))) == {
        district,
        *schools,
    }


@pytest.mark.django_db
def test_a_path_prefix_is_literal(tree):
    _root, district, _schools = tree
    # LIKE's wildcards mean themselves, as Django's startswith promises.
    assert not Unit.objects.filter(path__startswith=district.path[:-1] + "_").exists()
    assert not Unit.objects.filter(path__startswith=district.path[:-1] + "%").exists()
    assert Unit.objects.filter(path__startswith=district.path[:-1]).exists()


def _plan(queryset) -> str:
    """The plan as the tenant's request would run it, sequential scans off so that the few
    rows of a test database do not hide whether an index can serve the condition."""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        return queryset.explain()


def _pattern_index() -> str:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname FROM pg_indexes WHERE tablename = 'units_unit' AND indexdef LIKE %s",
            ["%(path varchar_pattern_ops)%"],
        )
        names = [row[0] for row in cursor.fetchall()]
    assert len(names) == 1, names
    return names[0]


@pytest.mark.postgres
@pytest.mark.django_db
def test_a_path_prefix_uses_the_pattern_index_under_row_level_security(tree):
    _root, district, _schools = tree
    index = _pattern_index()
    # The prefix alone (no tenant condition, whose own index would do on so few rows).
    below = Unit.objects.filter(path__startswith=district.path)
    with rls.tenant_scope(district.tenant_id):
        assert below.count() == 4  # the policy is on and lets them through
        plan = _plan(below)
    assert re.search(rf"Index Scan (using|on) {index}", plan), plan
    # The prefix is the index condition, not a filter on every row of the table.
    assert f"Index Cond: (((path)::text ~>=~ '{district.path}'::text)" in plan, plan
    assert "~~" not in plan, plan  # no LIKE left


@pytest.mark.postgres
@pytest.mark.django_db
def test_a_path_prefix_through_a_join_uses_the_pattern_index(tree):
    from units.models import Membership

    _root, district, _schools = tree
    index = _pattern_index()
    with rls.tenant_scope(district.tenant_id):
        plan = _plan(Membership.objects.filter(unit__path__startswith=district.path))
    assert re.search(rf"Index Scan (using|on) {index}", plan), plan
    assert f"Index Cond: (((path)::text ~>=~ '{district.path}'::text)" in plan, plan
