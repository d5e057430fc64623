"""Login defences: repeated failures lock the account name for a while (not the address, not
other accounts), a success clears the count; passwords must be long and mixed, said in
Vietnamese, on the change form and when an account is created."""

import datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse

from tests.factories import PASSWORD, UnitFactory, member
from units import services
from units.models import Role
from units.permissions import SYSTEM

pytestmark = pytest.mark.django_db


def log_in(client, username, password):
    return client.post(reverse("login"), {"username": username, "password": password})


@pytest.fixture
def staff():
    unit = UnitFactory()
    return member(unit, Role.UNIT_STAFF, username="giao-vu"), member(unit, username="ke-toan")


def test_five_failures_lock_the_account_then_it_opens_again(client, staff):
    clerk, colleague = staff
    start = datetime.datetime(2026, 12, 2, 8, 0, tzinfo=datetime.UTC)
    with time_machine.travel(start, tick=False):
        for _ in range(4):
            assert log_in(client, "giao-vu", "sai-mat-khau").status_code == 200
        assert log_in(client, "giao-vu", "sai-mat-khau").status_code == 429  # the fifth

        locked = log_in(client, "giao-vu", PASSWORD)  # the right password, too late
        assert locked.status_code == 429
        assert "khóa trong 15 phút" in locked.content.decode()
        assert "_auth_user_id" not in client.session
        # Another account, from the same address, is not affected.
        assert log_in(client, "ke-toan", PASSWORD).status_code == 302

    with time_machine.travel(start + datetime.timedelta(minutes=16), tick=False):
        client.logout()
        assert log_in(client, "giao-vu", PASSWORD).status_code == 302


def test_a_success_clears_the_failures(client, staff):
    for _ in range(4):
        log_in(client, "giao-vu", "sai-mat-khau")
    assert log_in(client, "giao-vu", PASSWORD).status_code == 302
    client.logout()
    for _ in range(4):
        log_in(client, "giao-vu", "sai-mat-khau")
    assert log_in(client, "giao-vu", PASSWORD).status_code == 302


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("Ngan-1", "Mật khẩu phải có ít nhất 10 ký tự"),
        ("matkhaudailamroi", "ít nhất ba loại"),
        ("12345678901234", "hoàn toàn là số"),
    ],
)
def test_weak_passwords_are_refused_with_the_reason(client, staff, password, message):
    client.force_login(staff[0])
    page = client.post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password1": password, "new_password2": password},
    )
    assert page.status_code == 200
    assert message in page.content.decode()
    staff[0].refresh_from_db()
    assert staff[0].check_password(PASSWORD)


def test_a_strong_password_is_accepted(client, staff):
    client.force_login(staff[0])
    new = "Thi-dua-CCHC-2026"
    response = client.post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password1": new, "new_password2": new},
    )
    assert response.status_code == 302
    staff[0].refresh_from_db()
    assert staff[0].check_password(new)


def test_an_account_is_not_created_with_a_weak_password():
    tenant = UnitFactory().tenant
    with pytest.raises(ValidationError, match="ít nhất ba loại"):
        services.user_create(
            actor=SYSTEM, tenant=tenant, username="moi", full_name="Mới", password="matkhaurattdai"
        )
