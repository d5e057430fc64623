"""When PostgreSQL is unreachable — refused on connect, or the connection lost mid-request —
pages answer the Vietnamese maintenance page (503, Retry-After), not Django's "Server Error
(500)"; the broken connection is discarded, so the next request once the database is back
succeeds; and a write the loss interrupted leaves nothing behind (ATOMIC_REQUESTS)."""

import socket
import subprocess

import psycopg
import pytest
from django.db import OperationalError, connection
from django.template import loader
from django.test import Client
from django.urls import include, path

from tests.factories import UnitFactory, member
from tests.test_html_valid import vnu as vnu_checker  # noqa: F401  (a fixture)
from units.models import Role, Unit

MAINTENANCE = "Hệ thống đang bảo trì, vui lòng thử lại sau ít phút"
written_by_the_view: list[int] = []


def terminate_own_backend() -> None:
    """Ends this process's PostgreSQL session from another connection, as a database restart
    would: the same role may end its own sessions, no superuser needed."""
    pid = connection.connection.info.backend_pid
    db = connection.settings_dict
    with psycopg.connect(
        host=db["HOST"] or "127.0.0.1",
        port=db["PORT"] or 5432,
        user=db["USER"],
        password=db["PASSWORD"],
        dbname=db["NAME"],
        autocommit=True,
    ) as other:
        other.execute("SELECT pg_terminate_backend(%s)", [pid])


def _database_gone(request):
    raise OperationalError("could not connect to server: Connection refused")


def _crash(request):
    raise RuntimeError("a bug")


def _write_then_lose_the_connection(request):
    unit = UnitFactory(parent=request.membership.unit, code="NUA-CHUNG")
    written_by_the_view.append(unit.pk)
    terminate_own_backend()
    Unit.objects.filter(pk=unit.pk).update(name="never")  # the connection is gone
    raise AssertionError("unreachable")


urlpatterns = [
    path("test-db-gone/", _database_gone),
    path("api/v1/test-db-gone/", _database_gone),
    path("api/v1/test-crash/", _crash),
    path("test-crash/", _crash),
    path("test-half-write/", _write_then_lose_the_connection),
    path("", include("config.urls")),
]
handler500 = "core.health.server_error"  # as config.urls


@pytest.fixture(autouse=True)
def production(settings):
    settings.DEBUG = False
    settings.ROOT_URLCONF = __name__


@pytest.fixture
def browser():
    """A client that gets the error page, as a browser does, instead of the exception."""
    return Client(raise_request_exception=False)


def assert_maintenance_page(response):
    page = response.content.decode()
    assert response.status_code == 503
    assert response["Retry-After"] == "60"
    assert MAINTENANCE in page and 'lang="vi"' in page
    assert "Server Error" not in page and "OperationalError" not in page
    assert "Thi đua CCHC" in page and "vendor/bootstrap/bootstrap.min.css" in page


@pytest.mark.django_db
def test_a_database_error_answers_the_maintenance_page(browser):
    assert_maintenance_page(browser.get("/test-db-gone/"))


@pytest.mark.django_db
def test_an_api_caller_gets_json_not_the_maintenance_page(browser):
    response = browser.get("/api/v1/test-db-gone/", HTTP_ACCEPT="application/json")

    assert response.status_code == 503
    assert response["Content-Type"] == "application/json"
    assert response["Retry-After"] == "60"
    assert response.json() == {"detail": "Hệ thống đang bảo trì, vui lòng thử lại sau ít phút."}
    crash = browser.get("/api/v1/test-crash/")
    assert crash.status_code == 500
    assert crash.json() == {"detail": "Đã xảy ra lỗi máy chủ."}


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_real_api_answers_json_503_while_postgresql_refuses(browser, tree):
    from reports import services as report_services
    from units.permissions import SYSTEM

    _token, key = report_services.api_token_create(
        actor=SYSTEM, unit=tree["office_a"], name="Hệ thống báo cáo của Sở"
    )
    port = connection.settings_dict["PORT"]
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        closed = probe.getsockname()[1]
    connection.close()
    connection.settings_dict["PORT"] = closed
    try:
        response = browser.get("/api/v1/campaigns/", HTTP_AUTHORIZATION=f"Bearer {key}")
    finally:
        connection.settings_dict["PORT"] = port

    assert response.status_code == 503
    assert "detail" in response.json() and "OperationalError" not in response.content.decode()
    assert browser.get("/api/v1/campaigns/", HTTP_AUTHORIZATION=f"Bearer {key}").status_code == 200


@pytest.mark.django_db
def test_another_error_still_answers_the_500_page(browser):
    response = browser.get("/test-crash/")

    assert response.status_code == 500
    assert MAINTENANCE not in response.content.decode()


@pytest.mark.django_db
def test_a_database_error_before_the_view_answers_the_maintenance_page(browser, monkeypatch):
    def session_table_gone(self):
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr("django.contrib.sessions.backends.db.SessionStore.load", session_table_gone)
    browser.cookies["sessionid"] = "x" * 32

    assert_maintenance_page(browser.get("/"))


def test_the_maintenance_page_needs_no_request_and_no_database():
    # No `db` fixture: pytest-django fails any database access in this test.
    page = loader.get_template("503.html").render()

    assert MAINTENANCE in page and "<main" in page and "<h1" in page


def test_the_maintenance_page_is_valid_html(tmp_path, request):
    vnu = request.getfixturevalue("vnu_checker")  # skips without Java or the checker
    page = tmp_path / "503.html"
    page.write_text(loader.get_template("503.html").render())

    run = subprocess.run([*vnu, "--format", "text", str(page)], capture_output=True, text=True)

    assert run.returncode == 0, run.stderr + run.stdout


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_lost_connection_answers_503_then_the_next_request_recovers(browser, tree):
    browser.force_login(member(tree["a1"], Role.UNIT_STAFF))
    assert browser.get("/").status_code == 200

    terminate_own_backend()  # the connection the next request would reuse

    assert_maintenance_page(browser.get("/"))
    assert browser.get("/").status_code == 200


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_refused_connection_answers_503_until_postgresql_is_back(browser, tree):
    browser.force_login(member(tree["a1"], Role.UNIT_STAFF))
    port = connection.settings_dict["PORT"]
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        closed = probe.getsockname()[1]
    connection.close()
    connection.settings_dict["PORT"] = closed
    try:
        first, second = browser.get("/"), browser.get("/initiatives/")
    finally:
        connection.settings_dict["PORT"] = port

    assert_maintenance_page(first)
    assert_maintenance_page(second)
    assert browser.get("/").status_code == 200


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_write_interrupted_by_the_loss_leaves_no_row(browser, tree):
    written_by_the_view.clear()
    browser.force_login(member(tree["a1"], Role.UNIT_HEAD))

    response = browser.post("/test-half-write/")

    assert_maintenance_page(response)
    assert len(written_by_the_view) == 1  # the row was inserted before the loss...
    assert not Unit.objects.filter(pk=written_by_the_view[0]).exists()  # ...and rolled back
    assert not Unit.objects.filter(code="NUA-CHUNG").exists()
    assert browser.get("/").status_code == 200
