"""Moving, dissolving and merging units (the 2025 reform removed the district level)."""

import threading

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.urls import reverse

from tests.factories import PersonFactory, UnitFactory, kind, member
from units import services
from units.models import Membership, Role, Unit, UnitChange
from units.permissions import SYSTEM

pytestmark = pytest.mark.django_db


def parent_code(unit):
    parent = Unit.objects.get_parent(Unit.objects.get(pk=unit.pk))
    return parent.code if parent else None


def test_a_moved_school_keeps_its_identity_records_and_history(tree, tenant_admin):
    head = member(tree["a1"], Role.UNIT_HEAD)
    teacher = PersonFactory(unit=tree["a1"])

    moved = services.unit_move(actor=tenant_admin, unit=tree["a1"], new_parent=tree["office_b"])

    assert moved.pk == tree["a1"].pk and parent_code(moved) == "PGD-B"
    assert Membership.objects.get(user=head).unit_id == moved.pk
    teacher.refresh_from_db()
    assert teacher.unit_id == moved.pk
    change = UnitChange.objects.get(unit=moved)
    assert (change.kind, change.old_parent, change.new_parent, change.actor) == (
        UnitChange.Kind.MOVED,
        tree["office_a"],
        tree["office_b"],
        tenant_admin,
    )


def test_a_unit_cannot_move_under_itself_or_its_own_units(tree):
    with pytest.raises(ValidationError):
        services.unit_move(actor=SYSTEM, unit=tree["office_a"], new_parent=tree["a1"])
    with pytest.raises(ValidationError):
        services.unit_move(actor=SYSTEM, unit=tree["office_a"], new_parent=tree["office_a"])


def test_only_the_tenant_admin_restructures(tree):
    reviewer = member(tree["department"], Role.REVIEWER)
    with pytest.raises(PermissionDenied):
        services.unit_move(actor=reviewer, unit=tree["a1"], new_parent=tree["office_b"])


def test_dissolving_a_district_office_moves_its_schools_to_the_new_ward(tree, tenant_admin):
    ward = UnitFactory(parent=tree["department"], kind=kind("ubnd-xa"), code="UBND-P1")
    reviewer_a = member(tree["office_a"], Role.REVIEWER)

    services.unit_dissolve(
        actor=tenant_admin,
        unit=tree["office_a"],
        children_to=ward,
        successor=ward,
        note="Nghị quyết sắp xếp đơn vị hành chính 2025",
    )

    office = Unit.objects.get(pk=tree["office_a"].pk)
    assert office.status == Unit.Status.DISSOLVED and office.successor == ward
    assert parent_code(office) == "SGDĐT"  # history still shows it where it was
    assert {parent_code(tree["a1"]), parent_code(tree["a2"])} == {"UBND-P1"}
    assert Unit.objects.get(pk=ward.pk).numchild == 2
    reviewer_a.refresh_from_db()
    from units.selectors import visible_units

    assert set(visible_units(reviewer_a).values_list("code", flat=True)) == {"PGD-A"}
    kinds = list(UnitChange.objects.filter(tenant=office.tenant).values_list("kind", flat=True))
    assert sorted(kinds) == ["dissolved", "moved", "moved"]


def test_dissolving_a_unit_with_units_below_needs_a_destination(tree):
    with pytest.raises(ValidationError, match="2"):
        services.unit_dissolve(actor=SYSTEM, unit=tree["office_a"], children_to=None)


def test_a_dissolved_unit_receives_nothing(tree):
    services.unit_dissolve(actor=SYSTEM, unit=tree["office_a"], children_to=tree["office_b"])
    with pytest.raises(ValidationError):
        services.unit_move(actor=SYSTEM, unit=tree["b1"], new_parent=tree["office_a"])


def test_merging_moves_units_and_staff_to_the_successor(tree):
    teacher = PersonFactory(unit=tree["a1"])

    services.unit_merge(actor=SYSTEM, unit=tree["a1"], into=tree["a2"])

    merged = Unit.objects.get(pk=tree["a1"].pk)
    assert merged.status == Unit.Status.DISSOLVED and merged.successor_id == tree["a2"].pk
    teacher.refresh_from_db()
    assert teacher.unit_id == tree["a2"].pk
    assert UnitChange.objects.get(unit=merged).kind == UnitChange.Kind.MERGED


def test_the_move_page_validates_and_explains_in_vietnamese(client, tree, tenant_admin):
    client.force_login(tenant_admin)
    url = reverse("units:move", kwargs={"unit_id": tree["office_a"].pk})

    response = client.post(url, {"new_parent": tree["a1"].pk, "effective_on": "2025-07-01"})

    assert response.status_code == 200
    assert "Lựa chọn" in response.content.decode()  # Django's own vi message: not a valid choice
    assert parent_code(tree["office_a"]) == "SGDĐT"

    response = client.post(url, {"new_parent": tree["office_b"].pk, "effective_on": "2025-07-01"})

    assert response.status_code == 302
    assert parent_code(tree["office_a"]) == "PGD-B"


def test_the_dissolve_page_reports_a_missing_destination(client, tree, tenant_admin):
    client.force_login(tenant_admin)
    url = reverse("units:dissolve", kwargs={"unit_id": tree["office_a"].pk})

    response = client.post(url, {"effective_on": "2025-07-01"})

    assert response.status_code == 200
    assert Unit.objects.get(pk=tree["office_a"].pk).is_active
    assert "alert-danger" in response.content.decode()


def test_a_reviewer_in_scope_may_not_restructure(client, tree):
    client.force_login(member(tree["department"], Role.REVIEWER))

    response = client.get(reverse("units:move", kwargs={"unit_id": tree["a1"].pk}))

    assert response.status_code == 403


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_additions_under_one_parent_get_distinct_paths():
    root = UnitFactory(department=True)
    school_kind = kind("truong-mam-non")
    barrier = threading.Barrier(4)
    errors = []

    def add(i):
        try:
            barrier.wait()
            services.unit_create(
                actor=SYSTEM,
                tenant=root.tenant,
                parent=root,
                code=f"C{i}",
                name=f"Trường {i}",
                kind=school_kind,
            )
        except Exception as exc:  # collected for the assertion below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=add, args=(i,)) for i in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    root.refresh_from_db()
    children = list(Unit.objects.get_children(root))
    assert len(children) == root.numchild == 4
    assert len({child.path for child in children}) == 4
