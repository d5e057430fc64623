"""The platform operator's admin of the third-party apps, in Vietnamese.

- Authenticator apps (django-otp TOTP devices) are enrolled by their users on "Xác thực hai
  bước"; the operator only looks a device up and deletes it when its phone is lost, so the user
  can enrol again. The device's secret key is never shown.
- Groups and Django permissions are not how this platform grants rights (a membership gives a
  role at a unit), so their admin, a list of English permission names, is removed.
- django-axes keeps its own admin (its labels are translated in locale/vi).

A tenant administrator has none of these: they are the platform's, not a tenant's.
"""

from django.contrib import admin
from django.contrib.auth.models import Group
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_totp.models import TOTPDevice

# django-otp names its model in plain English; the same English under gettext changes nothing
# for migrations (they compare the untranslated text) and lets locale/vi name it.
TOTPDevice._meta.verbose_name = _("TOTP device")
TOTPDevice._meta.verbose_name_plural = _("TOTP devices")

# The tab's title, the page's header and the index's title: Django's own read "Trang web
# admin Django", "Quản trị Django" and "Site quản trị hệ thống." (with its stray full stop).
admin.site.site_title = _("CCHC emulation administration")
admin.site.site_header = _("CCHC emulation administration")
admin.site.index_title = _("What you can manage")

if admin.site.is_registered(Group):
    admin.site.unregister(Group)
if admin.site.is_registered(TOTPDevice):
    admin.site.unregister(TOTPDevice)


@admin.register(TOTPDevice)
class AuthenticatorAdmin(admin.ModelAdmin):
    fields = ("device_user", "device_name", "device_confirmed", "device_created", "device_used")
    list_display = readonly_fields = fields
    list_select_related = ("user",)
    search_fields = ("user__username", "user__full_name", "user__email")
    search_help_text = _("Search by username, full name or e-mail.")
    ordering = ("user__username", "id")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description=_("user"), ordering="user__username")
    def device_user(self, obj):
        return obj.user

    @admin.display(description=_("device name"))
    def device_name(self, obj):
        return obj.name

    @admin.display(description=_("confirmed"), boolean=True)
    def device_confirmed(self, obj):
        return obj.confirmed

    @admin.display(description=_("created at"), ordering="created_at")
    def device_created(self, obj):
        return obj.created_at

    @admin.display(description=_("last used at"), ordering="last_used_at")
    def device_used(self, obj):
        return obj.last_used_at
