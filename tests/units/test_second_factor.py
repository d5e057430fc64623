"""The optional second factor of award officers and tenant administrators: turned on with a
code from the QR code's secret, then asked after the password at each login; a wrong code
keeps the user out; other roles cannot turn it on; those without it log in as before."""

import pytest
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.factories import PASSWORD, UnitFactory, member
from units.models import Role

pytestmark = pytest.mark.django_db


def code(device: TOTPDevice, ahead: int = 0) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = totp.time + ahead * device.step
    return f"{totp.token():06d}"


def log_in(client, username):
    return client.post(reverse("login"), {"username": username, "password": PASSWORD})


@pytest.fixture
def officer():
    return member(UnitFactory(department=True), Role.AWARD_OFFICER, username="thi-dua")


def test_an_officer_turns_it_on_and_each_login_then_asks_for_the_code(client, officer, settings):
    # django-otp makes the user wait after a wrong code (1 s, doubling); not this test.
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    log_in(client, "thi-dua")
    page = client.get(reverse("two_factor"))
    assert page.status_code == 200
    assert (
        'data-testid="qr" ' in page.content.decode()
        or "data:image/svg+xml" in page.content.decode()
    )
    device = TOTPDevice.objects.get(user=officer, confirmed=False)

    wrong = client.post(reverse("two_factor"), {"token": "000000"}, follow=True)
    assert "Mã không đúng hoặc đã hết hạn" in wrong.content.decode()
    assert not TOTPDevice.objects.filter(confirmed=True).exists()

    client.post(reverse("two_factor"), {"token": code(device)})
    assert TOTPDevice.objects.get(user=officer).confirmed
    client.logout()

    log_in(client, "thi-dua")
    blocked = client.get(reverse("awards:list"))
    assert blocked.status_code == 302
    assert blocked.url.startswith(reverse("two_factor_verify"))
    assert client.get(reverse("units:list")).status_code == 302  # every page, not only one

    refused = client.post(reverse("two_factor_verify"), {"token": "123456", "next": "/awards/"})
    assert "Mã không đúng hoặc đã hết hạn" in refused.content.decode()
    assert client.get(reverse("awards:list")).status_code == 302

    device.refresh_from_db()
    passed = client.post(
        reverse("two_factor_verify"), {"token": code(device, ahead=1), "next": "/awards/"}
    )
    assert passed.status_code == 302 and passed.url == "/awards/"
    assert client.get(reverse("awards:list")).status_code == 200


def test_other_roles_cannot_turn_it_on_and_logins_without_it_are_unchanged(client):
    unit = UnitFactory()
    member(unit, Role.UNIT_HEAD, username="hieu-truong")
    log_in(client, "hieu-truong")
    assert client.get(reverse("two_factor")).status_code == 403
    assert client.get(reverse("home")).status_code == 200
