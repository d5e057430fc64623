from urllib.parse import quote

from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.shortcuts import redirect
from django.urls import resolve, reverse
from django.urls.exceptions import Resolver404
from django.utils import translation
from django.utils.functional import SimpleLazyObject

from . import rls, two_factor
from .selectors import user_memberships

ACTING_MEMBERSHIP_SESSION_KEY = "acting_membership_id"


def acting_membership(request):
    """The membership the user acts under now: the one chosen in the session, else the first
    (by tree order, so the highest unit)."""
    memberships = user_memberships(request.user)
    chosen = request.session.get(ACTING_MEMBERSHIP_SESSION_KEY)
    for membership in memberships:
        if membership.pk == chosen:
            return membership
    return memberships[0] if memberships else None


class TenantMiddleware:
    """Sets `request.tenant` (the user's tenant, or None) and `request.membership` (lazily),
    and binds the request's database work to that tenant (PostgreSQL row-level security,
    `units.rls`): the platform superuser works as the system, anyone else as their tenant,
    an anonymous visitor as nobody."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        request.tenant = user.tenant if user.is_authenticated and user.tenant_id else None
        request.membership = SimpleLazyObject(lambda: acting_membership(request))
        platform = user.is_authenticated and user.is_superuser and user.tenant_id is None
        with rls.scope(
            tenant_id=user.tenant_id if user.is_authenticated else None, all_tenants=platform
        ):
            return self.get_response(request)


class DefaultLanguageMiddleware(LocaleMiddleware):
    """Vietnamese unless the user chose otherwise (the language cookie set by the switcher).

    Django's LocaleMiddleware would follow the browser's Accept-Language, and most browsers in
    offices here are set to English, so the UI would greet Vietnamese staff in English."""

    def process_request(self, request):
        language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if language not in dict(settings.LANGUAGES):
            language = settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()


class SecondFactorMiddleware:
    """A user who turned on the second factor reaches nothing but the code page (and logging
    out, switching language) until the code of this session is given."""

    ALLOWED = ("two_factor_verify", "logout", "set_language")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        owes_code = request.session.get(two_factor.SESSION_KEY)
        if user.is_authenticated and owes_code and not user.is_verified():
            try:
                name = resolve(request.path_info).url_name
            except Resolver404:
                name = None
            if name not in self.ALLOWED:
                target = reverse("two_factor_verify")
                return redirect(f"{target}?next={quote(request.get_full_path())}")
        return self.get_response(request)
