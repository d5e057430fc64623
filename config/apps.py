"""The platform's names for the third-party apps the platform operator sees in the admin
(django-axes, django-otp): Vietnamese, like the rest of it."""

from axes.apps import AppConfig as AxesAppConfig
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_totp.apps import DefaultConfig as OtpTotpAppConfig


class AxesConfig(AxesAppConfig):
    verbose_name = _("Login protection")


class OtpTotpConfig(OtpTotpAppConfig):
    verbose_name = _("Second factor")

    def ready(self):
        super().ready()
        # After the admin's autodiscovery (django.contrib.admin comes first in INSTALLED_APPS).
        from . import admin_platform  # noqa: F401
