"""The optional second factor (TOTP, django-otp) of award officers and tenant administrators,
who sign and send the tenant's documents: an authenticator app's six-digit code after the
password, once they have turned it on."""

from __future__ import annotations

import base64
import io
from base64 import b32encode

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from .models import Role, User
from .permissions import has_role

# Set at login (and when the factor is turned on or off): whether this session owes a code.
SESSION_KEY = "second_factor_required"


def may_use(user: User) -> bool:
    return user.is_authenticated and has_role(user, Role.AWARD_OFFICER, Role.TENANT_ADMIN)


def is_on(user: User) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def pending_device(user: User) -> TOTPDevice:
    """The device being set up (a new secret until it is confirmed with a code)."""
    if not may_use(user):
        raise PermissionDenied
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    return device or TOTPDevice.objects.create(
        user=user, name=_("Authenticator app"), confirmed=False
    )


def secret_of(device: TOTPDevice) -> str:
    """The secret as people type it into an app: base32 in groups of four."""
    text = b32encode(device.bin_key).decode()
    return " ".join(text[i : i + 4] for i in range(0, len(text), 4))


def qr_data_uri(device: TOTPDevice) -> str:
    """The setup QR code as an SVG data URI (no inline script, no network)."""
    import qrcode
    import qrcode.image.svg

    image = qrcode.make(device.config_url, image_factory=qrcode.image.svg.SvgPathImage)
    buffer = io.BytesIO()
    image.save(buffer)
    return "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue()).decode()


def _check(device: TOTPDevice, token: str) -> None:
    token = (token or "").replace(" ", "")
    if not (token.isdigit() and len(token) == device.digits and device.verify_token(token)):
        raise ValidationError(_("The code is wrong or has expired: enter the one shown now."))


@transaction.atomic
def turn_on(*, user: User, token: str) -> TOTPDevice:
    device = pending_device(user)
    _check(device, token)
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    return device


@transaction.atomic
def turn_off(*, user: User, token: str) -> None:
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        return
    _check(device, token)
    TOTPDevice.objects.filter(user=user).delete()


def verify(*, user: User, token: str) -> TOTPDevice:
    """The confirmed device the code belongs to; `ValidationError` otherwise."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        raise ValidationError(_("The second factor is not turned on."))
    _check(device, token)
    return device
