"""The tenant administrator manages units and users in the admin, within their tenant."""

import pytest
from django.urls import reverse

from tests.factories import UnitFactory, kind, member
from units.models import Membership, Role, Unit, User

pytestmark = pytest.mark.django_db


def test_the_admin_adds_a_unit_under_a_parent_through_the_tree(client, tree, tenant_admin):
    client.force_login(tenant_admin)
    url = reverse("admin:units_unit_add")
    assert client.get(url).status_code == 200

    response = client.post(
        url,
        {
            "parent": tree["office_a"].pk,
            "name": "Trường Mầm non Hoa Lan",
            "code": "MNHL",
            "kind": kind("truong-mam-non").pk,
            "place_name": "Quận 1",
            "parent_body_name": "Ủy ban nhân dân Quận 1",
            "ownership": "public",
            "email": "",
        },
    )

    assert response.status_code == 302, response.content.decode()[:2000]
    school = Unit.objects.get(code="MNHL")
    assert school.tenant == tree["office_a"].tenant
    assert Unit.objects.get_parent(school) == tree["office_a"]
    assert Unit.objects.get(pk=tree["office_a"].pk).numchild == 3


def test_a_bad_short_code_is_explained_in_vietnamese(client, tree, tenant_admin):
    client.force_login(tenant_admin)

    response = client.post(
        reverse("admin:units_unit_add"),
        {
            "parent": tree["office_a"].pk,
            "name": "Trường X",
            "code": "mn x",
            "kind": kind("truong-mam-non").pk,
        },
    )

    assert response.status_code == 200
    assert "chữ in hoa" in response.content.decode()
    assert not Unit.objects.filter(name="Trường X").exists()


def test_a_code_already_used_in_the_tenant_is_refused_not_crashed(client, tree, tenant_admin):
    client.force_login(tenant_admin)

    response = client.post(
        reverse("admin:units_unit_add"),
        {
            "parent": tree["office_a"].pk,
            "name": "Trường trùng mã",
            "code": "A1",
            "kind": kind("truong-mam-non").pk,
        },
    )

    assert response.status_code == 200
    assert "đã dùng mã này" in response.content.decode()


def test_the_parent_choices_hold_only_the_admins_tenant(client, tree, tenant_admin):
    foreign = UnitFactory(department=True, name="Sở của tỉnh khác")
    client.force_login(tenant_admin)

    page = client.get(reverse("admin:units_unit_add")).content.decode()

    assert tree["office_a"].name in page
    assert foreign.name not in page


def test_the_admin_creates_a_user_with_a_role(client, tree, tenant_admin):
    client.force_login(tenant_admin)

    response = client.post(
        reverse("admin:units_user_add"),
        {
            "username": "gv.a1",
            "full_name": "Lê Văn Giáo",
            "email": "gv@example.edu.vn",
            "password1": "Mot-mat-khau-dai-9",
            "password2": "Mot-mat-khau-dai-9",
            "memberships-TOTAL_FORMS": "1",
            "memberships-INITIAL_FORMS": "0",
            "memberships-MIN_NUM_FORMS": "0",
            "memberships-MAX_NUM_FORMS": "1000",
            "memberships-0-unit": tree["a1"].pk,
            "memberships-0-role": Role.UNIT_STAFF,
        },
    )

    assert response.status_code == 302, response.content.decode()[:3000]
    user = User.objects.get(username="gv.a1")
    assert user.tenant == tenant_admin.tenant
    assert not user.is_staff and not user.is_superuser
    assert Membership.objects.get(user=user).unit == tree["a1"]


def test_a_tenant_admin_cannot_grant_platform_rights(client, tree, tenant_admin):
    client.force_login(tenant_admin)
    staff = member(tree["a1"], Role.UNIT_STAFF)

    page = client.get(reverse("admin:units_user_change", args=[staff.pk])).content.decode()

    assert 'name="is_superuser"' not in page
    assert 'name="tenant"' not in page


@pytest.mark.parametrize(
    "role", [Role.REVIEWER, Role.UNIT_HEAD, Role.UNIT_STAFF, Role.AWARD_OFFICER]
)
def test_other_roles_have_no_admin(client, tree, role):
    user = member(tree["department"], role)
    user.is_staff = True  # even if someone ticked it by mistake
    user.save()
    client.force_login(user)

    response = client.get(reverse("admin:units_unit_changelist"))

    assert response.status_code in (302, 403)
