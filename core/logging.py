"""Logs an operator can use: one line per request, a request id that follows the request into
the Celery tasks it queues, JSON when `LOG_FORMAT=json`, and Sentry when `SENTRY_DSN` is set.

The request id lives in a context variable (not a thread-local), so it is right in threads,
in eager tasks run inside the request and in a worker's task alike. It is taken from a sane
incoming `X-Request-ID` (a proxy's) or made up, and echoed in the response's header.

A request's line names ids only — the user's and the tenant's, never a name or an e-mail —
and the path without its query string, which may carry what was searched for."""

from __future__ import annotations

import contextvars
import datetime
import json
import logging
import re
import time
import traceback
import uuid

REQUEST_ID_HEADER = "X-Request-ID"
# The Celery message header that carries the request id to the worker.
TASK_HEADER = "cchc_request_id"
SANE_REQUEST_ID = re.compile(r"^[A-Za-z0-9._:-]{8,64}$")

request_id_var: contextvars.ContextVar[str | None] = contextvars.ContextVar(
    "request_id", default=None
)
request_logger = logging.getLogger("cchc.request")


def current_request_id() -> str | None:
    return request_id_var.get()


def new_request_id(incoming: str | None = None) -> str:
    """The incoming id when it looks like one (a proxy's), else a fresh one."""
    if incoming and SANE_REQUEST_ID.match(incoming):
        return incoming
    return uuid.uuid4().hex


class RequestLogMiddleware:
    """Outermost: sets the request id for everything below and writes the request's line
    once the response is made (whatever made it: a view, an error page, the health checks).

    It reads the tenant and the user only when TenantMiddleware has already resolved them,
    so that writing the line never queries the database (which may be what failed)."""

    QUIET_PATHS = frozenset({"/healthz", "/readyz"})

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request_id = new_request_id(request.headers.get(REQUEST_ID_HEADER))
        token = request_id_var.set(request_id)
        started = time.perf_counter()
        try:
            response = self.get_response(request)
            response[REQUEST_ID_HEADER] = request_id
            duration_ms = round((time.perf_counter() - started) * 1000, 1)
            # Probes every few seconds would drown the rest; a failing probe is logged.
            if request.path not in self.QUIET_PATHS or response.status_code >= 400:
                request_logger.info(
                    "%s %s %s %.1fms",
                    request.method,
                    request.path,
                    response.status_code,
                    duration_ms,
                    extra={"fields": request_fields(request, response, duration_ms)},
                )
            return response
        finally:
            request_id_var.reset(token)


def request_fields(request, response, duration_ms: float) -> dict:
    fields = {
        "method": request.method,
        "path": request.path,
        "status": response.status_code,
        "duration_ms": duration_ms,
        "tenant_id": None,
        "tenant": None,
        "user_id": None,
    }
    if "tenant" in request.__dict__:  # TenantMiddleware ran: the user is already loaded
        tenant = request.tenant
        if tenant is not None:
            fields["tenant_id"], fields["tenant"] = tenant.pk, tenant.slug
        # A page's user, or an API key's caller (reports.authentication: no user, the key's
        # id); None when a key was refused.
        user = getattr(request, "user", None)
        if getattr(user, "is_authenticated", False):
            fields["user_id"] = getattr(user, "pk", None)
            token = getattr(user, "token", None)
            if token is not None:
                fields["api_token_id"] = token.pk
    return fields


class RequestIdFilter(logging.Filter):
    """Gives every record the request id (or "-") for the plain format."""

    def filter(self, record):
        record.request_id = request_id_var.get() or "-"
        return True


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time (UTC), level, logger, message, request id, the
    record's `fields` (the request line's) and the exception's traceback if any."""

    def format(self, record):
        entry = {
            "time": datetime.datetime.fromtimestamp(record.created, tz=datetime.UTC).isoformat(
                timespec="milliseconds"
            ),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": request_id_var.get(),
        }
        entry.update(getattr(record, "fields", None) or {})
        if record.exc_info:
            entry["exception"] = "".join(traceback.format_exception(*record.exc_info)).rstrip()
        return json.dumps(entry, ensure_ascii=False, default=str)


# Celery: the request id goes with the task in its message headers, and the worker sets it
# for the task's run (connected in core.apps).
_task_tokens: dict[str, contextvars.Token] = {}


def put_request_id_in_task_headers(sender=None, headers=None, **kwargs):
    request_id = request_id_var.get()
    if request_id and headers is not None:
        headers.setdefault(TASK_HEADER, request_id)


def set_request_id_for_task(sender=None, task_id=None, task=None, **kwargs):
    request = getattr(task, "request", None)
    request_id = getattr(request, TASK_HEADER, None) or (
        (getattr(request, "headers", None) or {}).get(TASK_HEADER)
    )
    # An eager task runs inside the request, whose id is already set.
    if request_id and task_id:
        _task_tokens[task_id] = request_id_var.set(request_id)


def clear_request_id_after_task(sender=None, task_id=None, **kwargs):
    token = _task_tokens.pop(task_id, None) if task_id else None
    if token is not None:
        request_id_var.reset(token)


def init_sentry(dsn: str, *, environment: str | None = None) -> None:
    """Errors of requests and tasks to Sentry, without personal data (no user, no cookies,
    no request bodies)."""
    import sentry_sdk
    from sentry_sdk.integrations.celery import CeleryIntegration
    from sentry_sdk.integrations.django import DjangoIntegration

    sentry_sdk.init(
        dsn=dsn,
        environment=environment,
        integrations=[DjangoIntegration(), CeleryIntegration()],
        send_default_pii=False,
        # Neither what was typed into a form nor a frame's variables: both may hold
        # personal data.
        max_request_body_size="never",
        include_local_variables=False,
        traces_sample_rate=0,
    )
