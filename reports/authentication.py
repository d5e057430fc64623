"""Who calls the API: a key issued for one unit (`Authorization: Bearer <key>`). Kept apart
from `reports.api` because REST framework imports these classes from its settings while its
own views are still being imported."""

import datetime

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions, permissions
from rest_framework.authentication import BaseAuthentication, get_authorization_header

from units.rls import set_tenant, system_scope

from .models import ApiToken
from .services import api_key_digest


class ApiClient:
    """The caller behind a key: authenticated, and nothing else a user would be."""

    is_authenticated = True
    is_anonymous = False

    def __init__(self, token: ApiToken):
        self.token = token


class UnitKeyAuthentication(BaseAuthentication):
    def authenticate(self, request):
        words = get_authorization_header(request).split()
        if not words or words[0].lower() != b"bearer":
            return None
        if len(words) != 2:
            raise exceptions.AuthenticationFailed(_("Give the key after “Bearer”."))
        # The key says which tenant the call is for: it is looked up across tenants, then the
        # rest of the call works as that tenant (row-level security, units.rls).
        with system_scope():
            token = (
                ApiToken.objects.select_related("unit")
                .filter(key_hash=api_key_digest(words[1].decode(errors="replace")))
                .filter(revoked_at__isnull=True)
                .first()
            )
        if token is None:
            raise exceptions.AuthenticationFailed(_("Unknown or revoked key."))
        set_tenant(token.tenant_id)
        now = timezone.now()
        if token.last_used_at is None or now - token.last_used_at > datetime.timedelta(minutes=5):
            ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        return ApiClient(token), token

    def authenticate_header(self, request):
        return 'Bearer realm="cchc"'


class HoldsUnitKey(permissions.BasePermission):
    def has_permission(self, request, view):
        return isinstance(request.auth, ApiToken)
