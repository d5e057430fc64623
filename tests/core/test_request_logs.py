"""Logs an operator can use: one line per request with its id, tenant, user id, status and
duration (no names, no e-mails, no query string); the id echoed in X-Request-ID and carried to
the Celery tasks the request queues; JSON with LOG_FORMAT=json; Sentry only with SENTRY_DSN."""

import gzip
import json
import logging
import os
import subprocess
import sys
import textwrap
import threading
import uuid
import zlib
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from celery import Celery
from django.conf import settings
from django.urls import include, path

from core.logging import JsonFormatter, current_request_id, request_id_var
from tests.conftest import TEST_REDIS_URL
from tests.core.ops_probe import request_id_probe
from tests.factories import member
from units.models import Role


def _queue_probe(request):
    from django.http import JsonResponse

    return JsonResponse({"task_saw": request_id_probe.delay().get(timeout=5)})


urlpatterns = [
    path("test-queue-probe/", _queue_probe),
    path("", include("config.urls")),
]


def request_lines(caplog) -> list[logging.LogRecord]:
    return [record for record in caplog.records if record.name == "cchc.request"]


@pytest.mark.django_db
def test_each_request_logs_one_line_with_ids_and_no_personal_data(client, tree, caplog):
    user = member(tree["a1"], Role.UNIT_HEAD, email="hieu.truong@example.vn")
    client.force_login(user)
    caplog.set_level(logging.INFO, logger="cchc.request")

    response = client.get("/initiatives/?q=Nguyễn+Văn+An")

    assert response.status_code == 200
    (line,) = request_lines(caplog)
    request_id = response["X-Request-ID"]
    assert len(request_id) == 32
    assert line.fields == {
        "method": "GET",
        "path": "/initiatives/",
        "status": 200,
        "duration_ms": line.fields["duration_ms"],
        "tenant_id": tree["a1"].tenant_id,
        "tenant": tree["a1"].tenant.slug,
        "user_id": user.pk,
    }
    assert line.fields["duration_ms"] > 0
    token = request_id_var.set(request_id)  # as while the line was written
    try:
        entry = json.loads(JsonFormatter().format(line))
    finally:
        request_id_var.reset(token)
    assert entry["request_id"] == request_id and entry["logger"] == "cchc.request"
    text = json.dumps(entry, ensure_ascii=False)
    for personal in ("hieu.truong", user.username, user.get_full_name() or "x" * 40, "Nguyễn"):
        assert personal not in text


@pytest.mark.django_db
def test_a_sane_incoming_request_id_is_kept_and_a_strange_one_replaced(client, caplog):
    caplog.set_level(logging.INFO, logger="cchc.request")

    kept = client.get("/login/", HTTP_X_REQUEST_ID="lb-7f3a9c2e-0001")
    replaced = client.get("/login/", HTTP_X_REQUEST_ID="<script>alert(1)</script>")

    assert kept["X-Request-ID"] == "lb-7f3a9c2e-0001"
    assert replaced["X-Request-ID"] != "<script>alert(1)</script>"
    assert len(replaced["X-Request-ID"]) == 32
    first, second = request_lines(caplog)
    assert first.fields["user_id"] is None and first.fields["tenant_id"] is None
    assert current_request_id() is None  # reset once the request is answered


@pytest.mark.django_db
def test_an_eager_task_runs_under_the_request_id(client, settings):
    settings.ROOT_URLCONF = __name__

    response = client.get("/test-queue-probe/")

    assert response.json()["task_saw"] == response["X-Request-ID"]


@pytest.fixture
def json_worker(tmp_path):
    """A real worker on Redis, logging JSON, with the probe task."""
    queue = f"request-id-{uuid.uuid4().hex[:8]}"
    log = tmp_path / "worker.log"
    env = {
        **os.environ,
        "CELERY_BROKER_URL": TEST_REDIS_URL,
        "CELERY_RESULT_BACKEND": TEST_REDIS_URL,
        "LOG_FORMAT": "json",
    }
    with open(log, "wb") as output:
        worker = subprocess.Popen(
            [
                *(sys.executable, "-m", "celery", "-A", "config", "worker", "--pool=solo"),
                *("-Q", queue, "-I", "tests.core.ops_probe", "-l", "INFO"),
                *("--without-gossip", "--without-mingle", "--without-heartbeat"),
            ],
            env=env,
            cwd=settings.BASE_DIR,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    # Not made the current app: the shared tasks of later tests must stay on the eager one.
    client = Celery(
        "request-id-client", broker=TEST_REDIS_URL, backend=TEST_REDIS_URL, set_as_current=False
    )
    try:
        yield client, queue, log
    finally:
        client.close()
        worker.terminate()
        worker.wait(timeout=30)


@pytest.mark.redis
def test_a_queued_task_carries_the_request_id_into_the_worker_logs(json_worker):
    client, queue, log = json_worker
    token = request_id_var.set("req-from-the-web-0042")  # as RequestLogMiddleware does
    try:
        result = client.send_task("tests.request_id_probe", queue=queue)
    finally:
        request_id_var.reset(token)

    assert result.get(timeout=60) == "req-from-the-web-0042"
    lines = [json.loads(line) for line in log.read_text().splitlines() if line.startswith("{")]
    probe = [entry for entry in lines if entry["message"] == "probe ran"]
    assert probe and probe[0]["request_id"] == "req-from-the-web-0042"


# A process of its own for each Sentry case: sentry_sdk.init patches Django and Celery for
# the life of the process. It serves one failing view through the test client.
SCRIPT = textwrap.dedent(
    """
    import django, sentry_sdk
    from django.urls import path

    def boom(request):
        raise RuntimeError("lỗi thử nghiệm")

    urlpatterns = [path("boom/", boom)]
    django.setup()
    from django.test import Client
    from django.test.utils import override_settings

    with override_settings(ROOT_URLCONF="__main__"):
        status = Client(raise_request_exception=False).get("/boom/?cccd=079185000001").status_code
    sentry_sdk.flush(timeout=10)
    print("RESULT", status, sentry_sdk.get_client().is_active())
    """
)


class Envelopes(BaseHTTPRequestHandler):
    received: list[bytes] = []

    def do_POST(self):
        body = self.rfile.read(int(self.headers["Content-Length"]))
        encoding = self.headers.get("Content-Encoding", "")
        if encoding == "gzip":
            body = gzip.decompress(body)
        elif encoding == "deflate":
            body = zlib.decompress(body)
        elif encoding == "br":  # sentry-sdk's choice when brotli is installed
            import brotli

            body = brotli.decompress(body)
        self.received.append(body)
        self.send_response(200)
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def sentry_server():
    Envelopes.received = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), Envelopes)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server.server_address[1], Envelopes.received
    finally:
        server.shutdown()
        server.server_close()


def run_site(**env) -> tuple[str, str]:
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DATABASE_URL": "sqlite://:memory:",
        "DEBUG": "False",
        "SECRET_KEY": "test-only",
        "ALLOWED_HOSTS": "testserver",
        "SECURE_SSL_REDIRECT": "False",
        "PYTHONWARNINGS": "ignore",
        "SENTRY_DSN": "",
        **env,
    }
    run = subprocess.run(
        [sys.executable, "-c", SCRIPT],
        env=environment,
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert "RESULT" in run.stdout, run.stderr
    return run.stdout, run.stderr


def test_with_a_dsn_a_view_error_reaches_sentry_without_personal_data(sentry_server):
    port, received = sentry_server

    stdout, _ = run_site(SENTRY_DSN=f"http://publickey@127.0.0.1:{port}/1")

    assert "RESULT 500 True" in stdout
    items = [json.loads(line) for body in received for line in body.decode().splitlines()]
    (event,) = [item for item in items if "exception" in item]
    (error,) = event["exception"]["values"]
    assert error["type"] == "RuntimeError" and error["value"] == "lỗi thử nghiệm"
    assert "user" not in event or "ip_address" not in event["user"]
    request = event.get("request", {})
    assert "cookies" not in request and not request.get("data")  # no form, no cookie


def test_without_a_dsn_nothing_is_initialised(sentry_server):
    stdout, _ = run_site()

    assert "RESULT 500 False" in stdout
    assert sentry_server[1] == []


def test_log_format_json_writes_one_json_object_per_line(sentry_server):
    _, stderr = run_site(LOG_FORMAT="json")

    entries = [json.loads(line) for line in stderr.splitlines() if line.strip()]
    (request,) = [entry for entry in entries if entry["logger"] == "cchc.request"]
    assert request["path"] == "/boom/" and request["status"] == 500
    assert request["request_id"] and request["user_id"] is None
    (error,) = [entry for entry in entries if entry["logger"] == "django.request"]
    assert "RuntimeError" in error["exception"]
