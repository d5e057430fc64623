"""Health for a load balancer and an operator, and what a user sees when the database is gone.

- `/healthz`: the process answers; touches nothing.
- `/readyz`: the database answers and its migrations are applied, the cache, the Celery broker
  and the file storage answer. 200 when all do, 503 otherwise.

Both answer `{"status": "ok"|"fail", "checks": {...}}` and nothing more: no version, host name
or error text (the reason goes to the log). They are answered by a middleware near the top of
the stack, before the host check, the HTTPS redirect, the session, the user, the tenant, the
second factor, django-axes and CSRF: a probe comes by plain HTTP to the node's own address
with no cookie, and must not touch the session table.

`server_error` is the project's handler500: when the exception is the database being
unreachable (refused on connect, or the connection lost mid-request) or the object store not
answering (a download while it is down), it answers the standalone 503 maintenance page with
Retry-After instead, and discards the broken connection so that the next request connects
afresh once PostgreSQL is back. It goes by the
exception's class, OperationalError or InterfaceError, so the other "try again later" errors
of that class (a statement timeout, a deadlock, SQLite's "database is locked") answer the
same page; the error is logged (and sent to Sentry) either way. A caller of the JSON API
(paths under /api/) gets the same status with `{"detail": ...}` instead of a page.

The cache check asks the Redis cache's `probe` (core/cache.py), which raises where pages
would quietly miss; the cache's and the broker's socket timeouts bound how long a Redis that
drops packets holds the probe.
"""

from __future__ import annotations

import logging
import sys

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, InterfaceError, OperationalError, connections
from django.http import HttpResponse, JsonResponse
from django.template import loader
from django.utils.translation import gettext as _
from django.views.defaults import server_error as django_server_error

logger = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = 60
STORAGE_PROBE_KEY = "health/probe"
BROKER_TIMEOUT_SECONDS = 2
DATABASE_UNAVAILABLE = (OperationalError, InterfaceError)
# The read-only JSON API's paths (config/urls.py).
API_PREFIX = "/api/"

# Once the migrations are found applied, they stay so for the life of the process (a newer
# release's migrations come with a newer process): loading the graph costs ~100 ms.
_migrations_applied = False


def _discard_broken_connections() -> None:
    """Closes each connection an error went through (Django marks them), so that the next
    request opens a new one instead of failing on a dead socket."""
    for conn in connections.all(initialized_only=True):
        if conn.errors_occurred:
            conn.close()


def check_database() -> str:
    conn = connections[DEFAULT_DB_ALIAS]
    with conn.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return "ok"


def check_migrations() -> str:
    global _migrations_applied
    if not _migrations_applied:
        from django.db.migrations.executor import MigrationExecutor

        executor = MigrationExecutor(connections[DEFAULT_DB_ALIAS])
        plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
        _migrations_applied = not plan
    return "ok" if _migrations_applied else "fail"


def check_cache() -> str:
    """The cache keeps a key. A cache that falls back when Redis is away (core/cache.py)
    is asked through its `probe`, which raises instead of missing; its socket timeouts bound
    the wait on a Redis that drops packets."""
    from django.core.cache import cache

    probe = getattr(cache, "probe", None)
    if probe is not None:
        probe()
        return "ok"
    cache.set("health:probe", "1", 10)
    return "ok" if cache.get("health:probe") == "1" else "fail"


def check_broker() -> str:
    url = settings.CELERY_BROKER_URL
    if getattr(settings, "CELERY_TASK_ALWAYS_EAGER", False) or url.startswith("memory://"):
        return "eager"  # tasks run in the web process: no broker to reach
    from kombu import Connection

    options = {
        "socket_connect_timeout": BROKER_TIMEOUT_SECONDS,
        "socket_timeout": BROKER_TIMEOUT_SECONDS,
        "max_retries": 0,
    }
    with Connection(
        url, connect_timeout=BROKER_TIMEOUT_SECONDS, transport_options=options
    ) as broker:
        broker.connect()
    return "ok"


def check_storage() -> str:
    from django.core.files.storage import default_storage

    default_storage.exists(STORAGE_PROBE_KEY)
    return "ok"


READINESS_CHECKS = {
    "database": check_database,
    "migrations": check_migrations,
    "cache": check_cache,
    "broker": check_broker,
    "storage": check_storage,
}


def _answer(checks: dict[str, str]) -> JsonResponse:
    healthy = all(result != "fail" for result in checks.values())
    response = JsonResponse(
        {"status": "ok" if healthy else "fail", "checks": checks}, status=200 if healthy else 503
    )
    response["Cache-Control"] = "no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def healthz(request) -> JsonResponse:
    return _answer({})


def readyz(request) -> JsonResponse:
    checks: dict[str, str] = {}
    for name, check in READINESS_CHECKS.items():
        if name == "migrations" and checks.get("database") == "fail":
            checks[name] = "fail"
            continue
        try:
            checks[name] = check()
        except Exception:
            logger.warning("readiness check %s failed", name, exc_info=True)
            checks[name] = "fail"
    if checks["database"] == "fail":
        _discard_broken_connections()
    return _answer(checks)


class HealthCheckMiddleware:
    """Answers /healthz and /readyz (GET or HEAD) before the rest of the stack; see the
    module's docstring for why a middleware rather than URLs."""

    VIEWS = {"/healthz": healthz, "/readyz": readyz}

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        view = self.VIEWS.get(request.path_info)
        if view is None or request.method not in ("GET", "HEAD"):
            return self.get_response(request)
        return view(request)


def service_unavailable(exc: BaseException | None) -> bool:
    """The database or the object store did not answer (a download while the store is
    down): try again later, nothing is wrong with the request."""
    from core.files import object_store_errors

    return isinstance(exc, (*DATABASE_UNAVAILABLE, *object_store_errors()))


def is_api(request) -> bool:
    """A caller of the JSON API (reports/api.py), which reads JSON, not a page."""
    return request.path_info.startswith(API_PREFIX)


def server_error(request, *args, **kwargs) -> HttpResponse:
    """handler500: the maintenance page when the database or the object store is
    unreachable, else Django's (our 500.html); an API caller gets the same statuses with a
    JSON `{"detail": ...}` instead of a page. Called inside the `except` that caught the
    error, so sys.exc_info() holds it."""
    unavailable = service_unavailable(sys.exc_info()[1])
    if unavailable:
        _discard_broken_connections()
    if is_api(request):
        return _api_error(unavailable)
    if not unavailable:
        return django_server_error(request, *args, **kwargs)
    # Rendered with no request: no context processor may reach the session or the user.
    body = loader.get_template("503.html").render()
    response = HttpResponse(body, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


def _api_error(unavailable: bool) -> JsonResponse:
    if unavailable:
        detail = _("The service is temporarily unavailable, try again in a few minutes.")
        response = JsonResponse({"detail": str(detail)}, status=503)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    else:
        response = JsonResponse({"detail": str(_("A server error occurred."))}, status=500)
    response["Cache-Control"] = "no-store"
    return response
