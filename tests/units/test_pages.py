import pytest
from django.core.management import call_command
from django.urls import reverse

from tests.factories import PASSWORD, UnitFactory, UserFactory, member
from units.demo import DEMO_TENANTS
from units.models import Membership, Person, Role, Tenant, Unit, User

pytestmark = pytest.mark.django_db


def test_logging_in_lands_on_the_home_page_of_the_unit(client, tree):
    reviewer = member(tree["office_a"], Role.REVIEWER, username="pgd.a")

    response = client.post(
        reverse("login"), {"username": "pgd.a", "password": PASSWORD}, follow=True
    )

    page = response.content.decode()
    assert response.redirect_chain[-1][0] == reverse("home")
    assert tree["office_a"].name in page
    assert "Cán bộ thẩm định" in page  # the role, in Vietnamese by default
    assert tree["a1"].name in page and tree["a2"].name in page  # the units below
    assert tree["b1"].name not in page
    assert reviewer.is_authenticated


def test_vietnamese_is_the_default_whatever_the_browser_asks_for(client):
    page = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()

    assert 'lang="vi"' in page and "Đăng nhập" in page


def test_a_wrong_password_is_explained_in_vietnamese(client, tree):
    member(tree["a1"], Role.UNIT_STAFF, username="gv.a1")

    response = client.post(reverse("login"), {"username": "gv.a1", "password": "sai"})

    assert response.status_code == 200
    page = response.content.decode()
    assert "Đăng nhập" in page
    assert "mật khẩu chính xác" in page  # Django's own Vietnamese: fill in the correct password


def test_anonymous_visitors_are_sent_to_the_login_page(client):
    response = client.get(reverse("home"))

    assert response.status_code == 302 and response.url.startswith(reverse("login"))


def test_english_is_available(client, tree):
    client.force_login(member(tree["a1"], Role.UNIT_STAFF))

    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    page = client.get(reverse("home")).content.decode()

    assert "Your role" in page and "Unit staff" in page


def test_unit_staff_see_their_unit_only_and_no_admin_links(client, tree):
    client.force_login(member(tree["a1"], Role.UNIT_STAFF))

    page = client.get(reverse("home")).content.decode()

    assert tree["a1"].name in page
    assert reverse("units:import") not in page
    assert reverse("admin:index") not in page
    assert client.get(reverse("units:detail", kwargs={"unit_id": tree["a2"].pk})).status_code == 404


def test_the_tenant_admin_navigation_offers_import_and_administration(client, tenant_admin):
    client.force_login(tenant_admin)

    page = client.get(reverse("home")).content.decode()

    assert reverse("units:import") in page and reverse("admin:index") in page


def test_a_user_with_two_roles_switches_the_unit_they_act_for(client, tree):
    user = member(tree["a1"], Role.UNIT_HEAD)
    second = Membership.objects.create(
        user=user, unit=tree["office_b"], role=Role.REVIEWER, tenant=tree["office_b"].tenant
    )
    client.force_login(user)

    client.post(reverse("membership_switch"), {"membership": second.pk})
    page = client.get(reverse("home")).content.decode()

    assert 'data-testid="acting-unit">' + tree["office_b"].name in page


def test_a_user_without_any_role_is_told_so(client, tree):
    client.force_login(UserFactory(tenant=tree["department"].tenant))

    assert "chưa được gắn" in client.get(reverse("home")).content.decode()


def _queries_for_page(client, assert_max_queries, url_name, root):
    client.force_login(member(root, Role.REVIEWER))
    with assert_max_queries(15) as captured:
        assert client.get(reverse(url_name)).status_code == 200
    return len(captured)


def _department(offices, schools_each):
    root = UnitFactory(department=True)
    for _ in range(offices):
        office = UnitFactory(parent=root, district_office=True)
        for _ in range(schools_each):
            UnitFactory(parent=office)
    return root


@pytest.mark.parametrize("url_name", ["home", "units:list"])
def test_page_queries_do_not_grow_with_the_subtree(client, django_assert_max_num_queries, url_name):
    small = _queries_for_page(client, django_assert_max_num_queries, url_name, _department(1, 1))
    large = _queries_for_page(client, django_assert_max_num_queries, url_name, _department(8, 8))

    assert small == large


def test_load_demo_is_idempotent_and_gives_every_role_in_every_tenant(capsys):
    call_command("load_demo")
    first = (
        Tenant.objects.count(),
        Unit.objects.count(),
        User.objects.count(),
        Person.objects.count(),
    )
    call_command("load_demo")
    second = (
        Tenant.objects.count(),
        Unit.objects.count(),
        User.objects.count(),
        Person.objects.count(),
    )

    assert first == second
    assert first[0] == len(DEMO_TENANTS) == 5
    for demo in DEMO_TENANTS:
        roles = set(
            Membership.objects.filter(tenant__slug=demo.slug).values_list("role", flat=True)
        )
        assert roles == set(Role.values)
    output = capsys.readouterr().out
    assert "lao-cai-admin" in output and "Mật khẩu" in output
    assert Unit.objects.get(tenant__slug="quan-1", code="MNCG").name == "Trường Mầm non Cô Giang"
