"""Onboarding a new body: the platform operator's one form, `manage.py create_tenant`, the
defaults a new tenant starts with, Vietnamese slugs, and the two admin pages that answered 500."""

import pytest
from django.urls import reverse

from tests.factories import PersonFactory, UserFactory, member
from units.models import Membership, Person, Role, User

pytestmark = pytest.mark.django_db


@pytest.fixture
def operator():
    return UserFactory(tenant=None, is_staff=True, is_superuser=True, username="van-hanh")


def _inline(prefix="memberships", rows=()):
    data = {
        f"{prefix}-TOTAL_FORMS": str(len(rows)),
        f"{prefix}-INITIAL_FORMS": "0",
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }
    for index, (unit, role) in enumerate(rows):
        data[f"{prefix}-{index}-unit"] = unit.pk
        data[f"{prefix}-{index}-role"] = role
    return data


# --- The two server errors of issue 16 ---


def test_the_operator_adds_a_tenants_first_administrator_with_a_role(client, tree, operator):
    client.force_login(operator)
    tenant = tree["department"].tenant

    response = client.post(
        reverse("admin:units_user_add"),
        {
            "username": "qt.so",
            "full_name": "Phạm Thị Quản Trị",
            "email": "qt@example.edu.vn",
            "password1": "Mot-mat-khau-dai-9",
            "password2": "Mot-mat-khau-dai-9",
            "tenant": tenant.pk,
            **_inline(rows=[(tree["department"], Role.TENANT_ADMIN)]),
        },
    )

    assert response.status_code == 302, response.content.decode()[:3000]
    user = User.objects.get(username="qt.so")
    assert user.tenant == tenant
    assert Membership.objects.get(user=user).role == Role.TENANT_ADMIN


def test_a_role_in_another_tenant_is_a_form_error_not_a_server_error(client, tree, operator):
    client.force_login(operator)

    response = client.post(
        reverse("admin:units_user_add"),
        {
            "username": "qt.lac",
            "full_name": "Người Lạc",
            "password1": "Mot-mat-khau-dai-9",
            "password2": "Mot-mat-khau-dai-9",
            "tenant": "",
            **_inline(rows=[(tree["department"], Role.TENANT_ADMIN)]),
        },
    )

    assert response.status_code == 200
    assert "đơn vị sử dụng" in response.content.decode()
    assert not User.objects.filter(username="qt.lac").exists()


def test_the_operator_changing_a_users_tenant_under_their_roles_is_refused(client, tree, operator):
    from tests.factories import UnitFactory

    user = member(tree["a1"], Role.UNIT_STAFF)
    membership = Membership.objects.get(user=user)
    other = UnitFactory(department=True).tenant
    client.force_login(operator)

    response = client.post(
        reverse("admin:units_user_change", args=[user.pk]),
        {
            "username": user.username,
            "full_name": user.full_name,
            "email": "",
            "tenant": other.pk,
            "is_active": "on",
            "memberships-TOTAL_FORMS": "1",
            "memberships-INITIAL_FORMS": "1",
            "memberships-MIN_NUM_FORMS": "0",
            "memberships-MAX_NUM_FORMS": "1000",
            "memberships-0-id": membership.pk,
            "memberships-0-user": user.pk,
            "memberships-0-unit": tree["a1"].pk,
            "memberships-0-role": Role.UNIT_STAFF,
        },
    )

    assert response.status_code == 200
    assert "Người dùng và đơn vị thuộc các đơn vị sử dụng khác nhau" in response.content.decode()
    user.refresh_from_db()
    assert user.tenant == tree["a1"].tenant


def test_a_tenant_admin_adds_a_staff_member(client, tree, tenant_admin):
    client.force_login(tenant_admin)
    url = reverse("admin:units_person_add")
    page = client.get(url)
    assert page.status_code == 200
    assert 'name="tenant"' not in page.content.decode()

    response = client.post(
        url,
        {
            "unit": tree["a1"].pk,
            "full_name": "Đỗ Thị Mai",
            "position": "Giáo viên",
            "email": "",
            "citizen_id": "079186001234",
            "user": "",
        },
    )

    assert response.status_code == 302, response.content.decode()[:3000]
    assert Person.objects.get(full_name="Đỗ Thị Mai").tenant == tenant_admin.tenant


def test_a_citizen_id_already_in_the_tenant_is_a_form_error(client, tree, tenant_admin):
    PersonFactory(unit=tree["a2"], citizen_id="079186001234")
    client.force_login(tenant_admin)

    response = client.post(
        reverse("admin:units_person_add"),
        {
            "unit": tree["a1"].pk,
            "full_name": "Đỗ Thị Mai",
            "citizen_id": "079186001234",
        },
    )

    assert response.status_code == 200
    assert not Person.objects.filter(full_name="Đỗ Thị Mai").exists()
    assert "số định danh" in response.content.decode().lower()


def test_the_demo_tenant_admin_adds_a_staff_member(client):
    from units.demo import load_demo

    load_demo()
    admin = User.objects.get(username="quan-1-admin")
    client.force_login(admin)
    school = admin.tenant.units.exclude(memberships__user=admin).last()
    assert client.get(reverse("admin:units_person_add")).status_code == 200

    response = client.post(
        reverse("admin:units_person_add"),
        {"unit": school.pk, "full_name": "Nguyễn Văn Mới", "position": "Nhân viên"},
    )

    assert response.status_code == 302, response.content.decode()[:3000]
    assert Person.objects.get(full_name="Nguyễn Văn Mới").tenant == admin.tenant


def test_the_operator_cannot_put_a_unit_under_another_tenants_parent(client, tree, operator):
    from tests.factories import UnitFactory, kind

    other = UnitFactory(department=True)
    client.force_login(operator)

    response = client.post(
        reverse("admin:units_unit_add"),
        {
            "parent": tree["office_a"].pk,
            "tenant": other.tenant.pk,
            "name": "Trường Mầm non Lạc Chỗ",
            "code": "MNLC",
            "kind": kind("truong-mam-non").pk,
        },
    )

    assert response.status_code == 200
    assert "thuộc đơn vị sử dụng khác" in response.content.decode()
    assert not other.tenant.units.filter(code="MNLC").exists()


# --- Slugs ---


@pytest.mark.parametrize(
    ("name", "slug"),
    [
        ("Phường Sài Gòn", "phuong-sai-gon"),
        ("Sở GD&ĐT tỉnh Lào Cai", "so-gd-dt-tinh-lao-cai"),
        ("  Ủy ban nhân dân xã Đắk Ơ ", "uy-ban-nhan-dan-xa-dak-o"),
        ("Tỷ lệ hồ sơ (%) đúng hạn", "ty-le-ho-so-dung-han"),
        ("!!!", ""),
    ],
)
def test_a_slug_folds_vietnamese(name, slug):
    from core.text import slugify_vi

    assert slugify_vi(name) == slug


def test_a_long_slug_is_cut_between_words():
    from core.text import slugify_vi

    assert slugify_vi("Phường Sài Gòn", 8) == "phuong-s"
    assert slugify_vi("Phường Sài Gòn", 7) == "phuong"


def test_the_tenant_change_form_folds_an_empty_short_name(client, tree, operator):
    tenant = tree["department"].tenant
    client.force_login(operator)

    response = client.post(
        reverse("admin:units_tenant_change", args=[tenant.pk]),
        {"name": "Phường Sài Gòn", "slug": "", "is_active": "on"},
    )

    assert response.status_code == 302, response.content.decode()[:3000]
    tenant.refresh_from_db()
    assert tenant.slug == "phuong-sai-gon"


# --- The platform operator's one form ---

ONBOARD = {
    "name": "Phường Sài Gòn",
    "slug": "",
    "root_name": "Ủy ban nhân dân phường Sài Gòn",
    "root_code": "UBND-PSG",
    "root_place_name": "Sài Gòn",
    "root_parent_body_name": "Ủy ban nhân dân Thành phố Hồ Chí Minh",
    "root_email": "ubnd.psg@example.gov.vn",
    "admin_username": "psg-admin",
    "admin_full_name": "Trần Thị Thu Trang",
    "admin_email": "trang@example.gov.vn",
    "admin_password1": "Phuong-SaiGon-2026",
    "admin_password2": "Phuong-SaiGon-2026",
}


def _onboard_data(**changes):
    from tests.factories import kind

    return {**ONBOARD, "root_kind": kind("ubnd-xa").pk, **changes}


def _written():
    from awards.models import AwardType
    from campaign.models import KpiIndicator
    from units.models import Tenant, Unit

    return (
        Tenant.objects.count(),
        Unit.objects.count(),
        User.objects.count(),
        Membership.objects.count(),
        KpiIndicator.objects.count(),
        AwardType.objects.count(),
    )


def test_the_operator_sets_up_a_tenant_its_root_and_its_administrator_in_one_form(client, operator):
    from awards.models import AwardSettings, AwardType
    from campaign.models import KpiIndicator, ReminderSettings
    from units.models import Tenant, Unit

    client.force_login(operator)
    url = reverse("admin:units_tenant_add")
    page = client.get(url).content.decode()
    for name in [*ONBOARD, "root_kind"]:
        assert f'name="{name}"' in page, name

    response = client.post(url, _onboard_data())

    assert response.status_code == 302, response.content.decode()[:3000]
    tenant = Tenant.objects.get(slug="phuong-sai-gon")
    assert tenant.name == "Phường Sài Gòn"
    root = Unit.objects.get(tenant=tenant)
    assert (root.name, root.code, root.kind.code, root.depth) == (
        "Ủy ban nhân dân phường Sài Gòn",
        "UBND-PSG",
        "ubnd-xa",
        1,
    )
    assert root.place_name == "Sài Gòn"
    admin = User.objects.get(username="psg-admin")
    assert admin.tenant == tenant and admin.is_staff and not admin.is_superuser
    assert admin.check_password("Phuong-SaiGon-2026")
    assert Membership.objects.get(user=admin).role == Role.TENANT_ADMIN
    assert Membership.objects.get(user=admin).unit == root
    assert KpiIndicator.objects.filter(tenant=tenant).count() == 10
    assert ReminderSettings.objects.filter(tenant=tenant).exists()
    assert AwardSettings.objects.filter(tenant=tenant).exists()
    names = set(AwardType.objects.filter(tenant=tenant).values_list("name", flat=True))
    assert "Giấy khen của Chủ tịch Ủy ban nhân dân phường Sài Gòn" in names
    assert {
        "Lao động tiên tiến",
        "Chiến sĩ thi đua cơ sở",
        "Tập thể lao động tiên tiến",
        "Tập thể lao động xuất sắc",
    } <= names
    follow = client.get(response["Location"]).content.decode()
    assert "psg-admin" in follow


def test_the_default_award_types_fit_a_ward(client, operator):
    from awards.models import AwardType, Rating, Subject

    client.force_login(operator)
    client.post(reverse("admin:units_tenant_add"), _onboard_data())

    types = {
        (t.name, t.subject): t for t in AwardType.objects.filter(tenant__slug="phuong-sai-gon")
    }
    certificate = types[
        ("Giấy khen của Chủ tịch Ủy ban nhân dân phường Sài Gòn", Subject.INDIVIDUAL)
    ]
    assert certificate.conferring_authority == "Chủ tịch Ủy ban nhân dân phường Sài Gòn"
    assert "Tờ trình đề nghị khen thưởng của cấp trình khen thưởng" in certificate.dossier_parts
    assert ("Giấy khen của Chủ tịch Ủy ban nhân dân phường Sài Gòn", Subject.COLLECTIVE) in types
    emulation = types[("Chiến sĩ thi đua cơ sở", Subject.INDIVIDUAL)]
    assert emulation.initiative_rule == "recognised"  # issue 19: recognised by a decision
    assert emulation.conferring_authority == "Chủ tịch Ủy ban nhân dân phường Sài Gòn"
    excellent = types[("Tập thể lao động xuất sắc", Subject.COLLECTIVE)]
    assert excellent.min_rating == Rating.EXCELLENT
    assert excellent.conferring_authority == ("Chủ tịch Ủy ban nhân dân Thành phố Hồ Chí Minh")


@pytest.mark.parametrize(
    ("kind_code", "root_name", "parent_body", "certificate", "authority"),
    [
        (
            "so",
            "Sở Giáo dục và Đào tạo tỉnh Điện Biên",
            "Ủy ban nhân dân tỉnh Điện Biên",
            "Giấy khen của Giám đốc Sở Giáo dục và Đào tạo tỉnh Điện Biên",
            "Giám đốc Sở Giáo dục và Đào tạo tỉnh Điện Biên",
        ),
        (
            "phong-vhxh",
            "Phòng Văn hóa - Xã hội",
            "Ủy ban nhân dân xã Tà Xùa",
            "Giấy khen của Chủ tịch Ủy ban nhân dân xã Tà Xùa",
            "Chủ tịch Ủy ban nhân dân xã Tà Xùa",
        ),
        (
            "phong-gddt",
            "Phòng Giáo dục và Đào tạo huyện Cần Giờ",
            "Ủy ban nhân dân huyện Cần Giờ",
            "Giấy khen của Chủ tịch Ủy ban nhân dân huyện Cần Giờ",
            "Chủ tịch Ủy ban nhân dân huyện Cần Giờ",
        ),
        (
            "truong-tieu-hoc",
            "Trường Tiểu học Kim Đồng",
            "Ủy ban nhân dân phường Bến Thành",
            "Giấy khen của Chủ tịch Ủy ban nhân dân phường Bến Thành",
            "Chủ tịch Ủy ban nhân dân phường Bến Thành",
        ),
    ],
)
def test_default_award_types_follow_the_kind_of_body(
    kind_code, root_name, parent_body, certificate, authority
):
    from awards.defaults import award_types_ensure
    from awards.models import AwardType
    from tests.factories import UnitFactory, kind

    root = UnitFactory(kind=kind(kind_code), name=root_name, parent_body_name=parent_body)

    award_types_ensure(tenant=root.tenant, root=root)
    award_types_ensure(tenant=root.tenant, root=root)  # idempotent

    types = AwardType.objects.filter(tenant=root.tenant)
    # A Sở (or a province) also proposes "Chiến sĩ thi đua cấp tỉnh", voted by secret ballot.
    assert types.count() == (7 if kind_code == "so" else 6)
    if kind_code == "so":
        provincial = types.get(name="Chiến sĩ thi đua cấp tỉnh")
        assert provincial.conferring_authority == f"Chủ tịch {parent_body}"
        assert (provincial.vote_threshold, provincial.secret_ballot) == (90, True)
    assert types.get(name=certificate, subject="individual").conferring_authority == authority
    assert types.get(name="Lao động tiên tiến").conferring_authority == authority


def test_the_tenant_defaults_are_idempotent_and_keep_the_administrators_edits():
    from awards.models import AwardType
    from campaign.models import KpiIndicator, ReminderSettings
    from tests.factories import UnitFactory
    from units.services import tenant_defaults_create

    root = UnitFactory()
    tenant_defaults_create(tenant=root.tenant, root=root)
    KpiIndicator.objects.filter(tenant=root.tenant, code="so-mo-hinh").update(name="Số mô hình")
    AwardType.objects.filter(tenant=root.tenant).first().delete()
    ReminderSettings.objects.filter(tenant=root.tenant).update(offsets=[5])

    tenant_defaults_create(tenant=root.tenant, root=root)

    assert KpiIndicator.objects.filter(tenant=root.tenant).count() == 10
    assert KpiIndicator.objects.get(tenant=root.tenant, code="so-mo-hinh").name == "Số mô hình"
    assert ReminderSettings.objects.get(tenant=root.tenant).offsets == [5]
    assert AwardType.objects.filter(tenant=root.tenant).count() == 6


def test_the_new_administrator_signs_in_and_sees_their_tenants_admin(client, operator):
    client.force_login(operator)
    client.post(reverse("admin:units_tenant_add"), _onboard_data())
    client.logout()

    signed_in = client.post(
        reverse("login"), {"username": "psg-admin", "password": "Phuong-SaiGon-2026"}
    )
    assert signed_in.status_code == 302
    units = client.get(reverse("admin:units_unit_changelist"))

    assert units.status_code == 200
    assert "Ủy ban nhân dân phường Sài Gòn" in units.content.decode()
    assert client.get(reverse("admin:units_tenant_add")).status_code == 403


def test_a_tenant_admin_cannot_reach_the_onboarding_form(client, tenant_admin):
    from units.models import Tenant

    client.force_login(tenant_admin)
    before = Tenant.objects.count()

    assert client.get(reverse("admin:units_tenant_add")).status_code == 403
    assert client.post(reverse("admin:units_tenant_add"), _onboard_data()).status_code == 403
    assert Tenant.objects.count() == before


def _errors_of(response) -> str:
    import re

    html = response.content.decode()
    return " ".join(re.findall(r'<ul class="errorlist[^"]*"[^>]*>(.*?)</ul>', html, re.S))


@pytest.mark.parametrize(
    ("changes", "field", "words"),
    [
        ({"name": ""}, "name", "bắt buộc"),
        ({"root_name": ""}, "root_name", "bắt buộc"),
        ({"root_code": "ubnd psg"}, "root_code", "chữ in hoa"),
        ({"root_kind": ""}, "root_kind", "bắt buộc"),
        ({"root_place_name": ""}, "root_place_name", "bắt buộc"),
        ({"root_parent_body_name": ""}, "root_parent_body_name", "bắt buộc"),
        ({"root_email": "khong-phai-thu"}, "root_email", "địa chỉ email hợp lệ"),
        ({"admin_username": ""}, "admin_username", "bắt buộc"),
        ({"admin_username": "tên có dấu cách"}, "admin_username", "tên đăng nhập hợp lệ"),
        ({"admin_full_name": ""}, "admin_full_name", "bắt buộc"),
        ({"admin_email": ""}, "admin_email", "bắt buộc"),
        ({"admin_password1": "", "admin_password2": ""}, "admin_password1", "bắt buộc"),
        ({"admin_password2": "Khac-Hoan-Toan-99"}, "admin_password2", "không giống nhau"),
        ({"admin_password1": "123", "admin_password2": "123"}, "admin_password1", "10 ký tự"),
        ({"slug": "Phường Sài Gòn"}, "slug", "phuong-sai-gon"),
        ({"name": "!!!"}, "slug", "tên viết tắt"),
    ],
)
def test_every_onboarding_error_is_named_in_vietnamese_and_nothing_is_written(
    client, operator, changes, field, words
):
    client.force_login(operator)
    before = _written()

    response = client.post(reverse("admin:units_tenant_add"), _onboard_data(**changes))

    assert response.status_code == 200
    errors = _errors_of(response)
    assert words in errors.lower(), errors
    assert f'name="{field}"' in response.content.decode()
    assert _written() == before
    # What was typed is kept.
    assert 'value="Ủy ban nhân dân phường Sài Gòn"' in response.content.decode() or (
        changes.get("root_name") == ""
    )


def test_a_taken_short_name_names_its_tenant(client, tree, operator):
    from units.models import Tenant

    Tenant.objects.filter(pk=tree["department"].tenant_id).update(slug="phuong-sai-gon")
    client.force_login(operator)
    before = _written()

    response = client.post(reverse("admin:units_tenant_add"), _onboard_data())

    assert response.status_code == 200
    errors = _errors_of(response)
    assert "phuong-sai-gon" in errors and tree["department"].tenant.name in errors
    assert _written() == before


def test_a_taken_username_is_named(client, operator):
    UserFactory(username="PSG-Admin")
    client.force_login(operator)
    before = _written()

    response = client.post(reverse("admin:units_tenant_add"), _onboard_data())

    assert response.status_code == 200
    assert "psg-admin" in _errors_of(response).lower()
    assert _written() == before


def test_the_change_page_is_a_plain_tenant_form(client, tree, operator):
    client.force_login(operator)

    page = client.get(
        reverse("admin:units_tenant_change", args=[tree["department"].tenant_id])
    ).content.decode()

    assert 'name="slug"' in page and 'name="root_name"' not in page


# --- manage.py create_tenant ---


def test_create_tenant_sets_up_the_same_as_the_form(monkeypatch):
    from io import StringIO

    from django.core.management import call_command

    from campaign.models import KpiIndicator
    from units.models import Tenant

    monkeypatch.setenv("CREATE_TENANT_PASSWORD", "Xa-TaXua-Son-La-2026")
    out = StringIO()

    call_command(
        "create_tenant",
        "--name=Xã Tà Xùa",
        "--root-name=Ủy ban nhân dân xã Tà Xùa",
        "--root-code=UBND-TX",
        "--root-kind=ubnd-xa",
        "--root-place-name=Tà Xùa",
        "--root-parent-body-name=Ủy ban nhân dân tỉnh Sơn La",
        "--admin-username=taxua-admin",
        "--admin-full-name=Sùng A Páo",
        "--admin-email=pao@example.gov.vn",
        stdout=out,
    )

    tenant = Tenant.objects.get(slug="xa-ta-xua")
    admin = User.objects.get(username="taxua-admin")
    assert admin.tenant == tenant and admin.check_password("Xa-TaXua-Son-La-2026")
    assert Membership.objects.get(user=admin).role == Role.TENANT_ADMIN
    assert KpiIndicator.objects.filter(tenant=tenant).count() == 10
    text = out.getvalue()
    assert "xa-ta-xua" in text and "taxua-admin" in text and "UBND-TX" in text


def test_create_tenant_explains_what_is_wrong_and_writes_nothing():
    from django.core.management import CommandError, call_command

    before = _written()

    with pytest.raises(CommandError) as raised:
        call_command(
            "create_tenant",
            "--name=Xã Tà Xùa",
            "--root-name=Ủy ban nhân dân xã Tà Xùa",
            "--root-code=ubnd tx",
            "--root-kind=ubnd-xa",
            "--admin-username=taxua-admin",
            "--admin-full-name=Sùng A Páo",
            "--password=123",
        )

    message = str(raised.value)
    assert "--root-code" in message and "--password" in message
    assert _written() == before


def test_create_tenant_names_the_unit_kinds_when_one_is_unknown():
    from django.core.management import CommandError, call_command

    with pytest.raises(CommandError, match="ubnd-xa"):
        call_command(
            "create_tenant",
            "--name=X",
            "--root-name=Y",
            "--root-code=Y",
            "--root-kind=khong-co",
            "--admin-username=u",
            "--admin-full-name=U",
            "--password=Xa-TaXua-Son-La-2026",
        )
