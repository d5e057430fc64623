"""No user ever reaches another tenant's object.

The walk covers every URL pattern of the project that takes an object id: a kwarg named
`<model>_id` (e.g. `unit_id`, `person_id`) names the model, `FACTORY_FOR_MODEL` makes an
instance in the other tenant. A new object URL whose model has no factory fails the walk, so
later apps are covered as soon as they add URLs.
"""

import datetime

import pytest
from django.apps import apps
from django.contrib import admin
from django.urls import reverse

from tests.factories import FACTORY_FOR_MODEL, UnitFactory, member
from tests.urlwalk import MODELS_BY_KWARG, object_url_patterns, page_patterns
from units.models import Role
from units.permissions import SYSTEM

pytestmark = pytest.mark.django_db

OBJECT_URLS = object_url_patterns()


def test_the_walk_finds_the_object_urls():
    names = {name for name, _ in OBJECT_URLS}
    assert {"units:detail", "units:person_detail", "units:move"} <= names


@pytest.mark.parametrize(("url_name", "kwarg_names"), OBJECT_URLS, ids=[n for n, _ in OBJECT_URLS])
def test_object_urls_of_another_tenant_answer_404(client, url_name, kwarg_names):
    home_root = UnitFactory(department=True)
    foreign_root = UnitFactory(department=True)
    kwargs = {}
    owner = None
    for kwarg in kwarg_names:
        model = MODELS_BY_KWARG.get(kwarg)
        assert model is not None, f"{url_name}: name the kwarg <model>_id, not {kwarg!r}"
        make = FACTORY_FOR_MODEL.get(model)
        assert make is not None, f"add a builder for {model.__name__} to FACTORY_FOR_MODEL"
        made = make(foreign_root)
        # A personal object (a notification) comes with the one user who may open it.
        made, owner = made if isinstance(made, tuple) else (made, owner)
        kwargs[kwarg] = made.pk
    url = reverse(url_name, kwargs=kwargs)

    # In its own tenant the object is found (the page, a redirect, 403 for a role that may
    # not act on it, or 405 for a POST-only action): the 404s below are about the tenant,
    # not a broken URL.
    client.force_login(owner or member(foreign_root, Role.TENANT_ADMIN))
    owner_get = client.get(url).status_code
    assert owner_get != 404 or client.post(url).status_code != 404
    for role in Role.values:
        client.force_login(member(home_root, role))
        post = client.post(url)
        assert post.status_code == 404, f"{role} POST {url}"
        get = client.get(url)
        # A POST-only action answers 405 to every GET, revealing nothing.
        assert get.status_code == (405 if owner_get == 405 else 404), f"{role} GET {url}"


TENANT_ADMIN_MODELS = [
    model for model in admin.site._registry if any(f.name == "tenant" for f in model._meta.fields)
]


@pytest.mark.parametrize("model", TENANT_ADMIN_MODELS, ids=lambda m: m.__name__)
def test_admin_shows_a_tenant_administrator_nothing_of_another_tenant(client, model):
    from units.models import Unit, UnitChange, User

    home_root = UnitFactory(department=True)
    foreign_root = UnitFactory(department=True)
    foreign_child = UnitFactory(parent=foreign_root, name="Trường của đơn vị khác")
    foreign = {
        Unit: foreign_child,
        User: member(foreign_child, Role.UNIT_STAFF, full_name="Người dùng đơn vị khác"),
    }
    if model is UnitChange:
        from units import services

        other_office = UnitFactory(parent=foreign_root, district_office=True)
        services.unit_move(actor=SYSTEM, unit=foreign_child, new_parent=other_office)
        foreign[UnitChange] = UnitChange.objects.get(unit=foreign_child)
    obj = foreign.get(model) or FACTORY_FOR_MODEL[model](foreign_child)
    opts = model._meta
    client.force_login(member(home_root, Role.TENANT_ADMIN))

    changelist = client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"))
    assert changelist.status_code == 200
    assert str(obj) not in changelist.content.decode()
    for view in ("change", "delete", "history"):
        response = client.get(
            reverse(f"admin:{opts.app_label}_{opts.model_name}_{view}", args=[obj.pk])
        )
        assert response.status_code in (302, 403, 404), f"{view}: {response.status_code}"
        assert str(obj) not in response.content.decode()


PLAIN_PAGES = [name for name, kwargs in page_patterns() if not kwargs]


@pytest.fixture
def secret_tenant():
    """Another tenant whose every name says "bí mật": a department, a school, a person, an
    initiative, a nomination, a periodic report."""
    from tests.factories import (
        PersonFactory,
        accepted_initiative,
        campaign,
        reporting_campaign,
    )

    root = UnitFactory(department=True, name="Sở Bí Mật")
    school = UnitFactory(parent=root, name="Trường Bí Mật")
    PersonFactory(unit=school, full_name="Người Bí Mật")
    plan = campaign(root, title="Kế hoạch bí mật", launch_on=datetime.date(2024, 3, 20))
    accepted_initiative(school, plan.phases.get().deadlines.get(), name="Mô hình bí mật")
    for model in (apps.get_model("awards.Nomination"), apps.get_model("reports.PeriodicReport")):
        FACTORY_FOR_MODEL[model](root)
    reporting_campaign(root, title="Báo cáo bí mật")
    return root


def test_the_secret_tenants_own_administrator_sees_its_names(client, secret_tenant):
    """The marker the walk below looks for is on the pages of its own tenant."""
    client.force_login(member(secret_tenant, Role.TENANT_ADMIN))
    assert "bí mật" in client.get(reverse("units:list")).content.decode().lower()
    assert "bí mật" in client.get(reverse("initiatives:list")).content.decode().lower()


@pytest.mark.parametrize("url_name", PLAIN_PAGES)
def test_no_page_shows_anything_of_another_tenant(client, secret_tenant, url_name):
    """GET and an empty POST (a form refused or a 405), as every role."""
    home_root = UnitFactory(department=True)
    office = UnitFactory(parent=home_root, district_office=True)
    for role in Role.values:
        for unit in (home_root, office):
            client.force_login(member(unit, role))
            for method in (client.get, client.post):
                page = method(reverse(url_name))
                assert page.status_code < 500, f"{role} at {unit} {method.__name__} {url_name}"
                body = page.content.decode(errors="replace").lower()
                assert "bí mật" not in body, f"{role} at {unit} {method.__name__} {url_name}"
