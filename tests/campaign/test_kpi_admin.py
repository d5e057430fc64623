"""A new KPI indicator needs no invented ASCII slug: its code is made from the Vietnamese name,
unique in the tenant, still editable, and a bad typed code is refused in Vietnamese."""

import pytest
from django.urls import reverse

from campaign.admin_forms import code_from_name
from campaign.models import KpiIndicator
from tests.factories import UnitFactory, UserFactory, member
from units.models import Role

pytestmark = pytest.mark.django_db

ADD = reverse("admin:campaign_kpiindicator_add")


@pytest.fixture
def admin_client(client, tree):
    client.force_login(member(tree["department"], Role.TENANT_ADMIN))
    return client


def _indicator(**fields):
    return {
        "name": "Tỷ lệ hồ sơ đúng hạn",
        "code": "",
        "measure": "percent",
        "numerator_label": "Số hồ sơ đúng hạn",
        "denominator_label": "Tổng số hồ sơ",
        "_save": "Lưu",
        **fields,
    }


def test_the_code_is_folded_from_the_vietnamese_name():
    assert code_from_name("Tỷ lệ hồ sơ đúng hạn") == "ty-le-ho-so-dung-han"
    assert code_from_name("Đơn vị ứng dụng chữ ký số (100%)") == "don-vi-ung-dung-chu-ky-so-100"
    assert code_from_name("!!!") == "chi-tieu"
    assert len(code_from_name("Tỷ lệ " * 40)) <= 64


def test_a_new_indicator_left_without_code_gets_one_from_its_name(admin_client, tree):
    answer = admin_client.post(ADD, _indicator())

    assert answer.status_code == 302
    indicator = KpiIndicator.objects.get(name="Tỷ lệ hồ sơ đúng hạn")
    assert indicator.code == "ty-le-ho-so-dung-han"
    assert indicator.tenant == tree["department"].tenant


def test_a_second_indicator_of_the_same_name_gets_the_next_suffix(admin_client, tree):
    for _ in range(3):
        assert admin_client.post(ADD, _indicator()).status_code == 302

    codes = set(
        KpiIndicator.objects.filter(tenant=tree["department"].tenant).values_list("code", flat=True)
    )
    assert {"ty-le-ho-so-dung-han", "ty-le-ho-so-dung-han-2", "ty-le-ho-so-dung-han-3"} <= codes


def test_another_tenants_code_does_not_count(admin_client, tree):
    other = UnitFactory(department=True)
    KpiIndicator.objects.create(tenant=other.tenant, code="ty-le-ho-so-dung-han", name="Khác")

    admin_client.post(ADD, _indicator())

    mine = KpiIndicator.objects.get(tenant=tree["department"].tenant, name="Tỷ lệ hồ sơ đúng hạn")
    assert mine.code == "ty-le-ho-so-dung-han"


def test_a_typed_code_is_kept(admin_client):
    admin_client.post(ADD, _indicator(code="tthc-dung-han-2026"))

    assert KpiIndicator.objects.get(name="Tỷ lệ hồ sơ đúng hạn").code == "tthc-dung-han-2026"


def test_a_typed_code_with_accents_is_refused_in_vietnamese_with_a_suggestion(admin_client):
    answer = admin_client.post(ADD, _indicator(code="Tỷ lệ đúng hạn"))

    html = answer.content.decode()
    assert answer.status_code == 200
    assert "không dấu" in html and "ty-le-dung-han" in html
    assert "Enter a valid" not in html
    assert 'value="Tỷ lệ đúng hạn"' in html  # what was typed is kept
    assert not KpiIndicator.objects.exists()


def test_a_typed_code_already_used_in_the_tenant_is_refused(admin_client, tree):
    KpiIndicator.objects.create(tenant=tree["department"].tenant, code="tthc", name="Thủ tục")

    answer = admin_client.post(ADD, _indicator(code="tthc"))

    assert answer.status_code == 200
    assert "tthc-2" in answer.content.decode()
    assert KpiIndicator.objects.count() == 1


def test_editing_keeps_the_code_and_an_emptied_code_is_made_again(admin_client, tree):
    indicator = KpiIndicator.objects.create(
        tenant=tree["department"].tenant, code="ma-cu", name="Tỷ lệ hài lòng"
    )
    url = reverse("admin:campaign_kpiindicator_change", args=[indicator.pk])

    admin_client.post(url, _indicator(name="Tỷ lệ hài lòng của người dân", code="ma-cu"))
    indicator.refresh_from_db()
    assert (indicator.name, indicator.code) == ("Tỷ lệ hài lòng của người dân", "ma-cu")

    admin_client.post(url, _indicator(name="Tỷ lệ hài lòng của người dân", code=""))
    indicator.refresh_from_db()
    assert indicator.code == "ty-le-hai-long-cua-nguoi-dan"


def test_the_platform_operator_gets_the_code_unique_in_the_chosen_tenant(client, tree):
    tenant = tree["department"].tenant
    KpiIndicator.objects.create(tenant=tenant, code="ty-le-ho-so-dung-han", name="Cũ")
    client.force_login(UserFactory(tenant=None, is_staff=True, is_superuser=True))

    answer = client.post(ADD, _indicator(tenant=tenant.pk))

    assert answer.status_code == 302
    assert KpiIndicator.objects.get(name="Tỷ lệ hồ sơ đúng hạn").code == "ty-le-ho-so-dung-han-2"
