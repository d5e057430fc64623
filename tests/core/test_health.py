"""/healthz and /readyz: unauthenticated, answered before the host check, the HTTPS redirect,
the session, the tenant and CSRF; a fixed shape that reveals nothing; 503 when a dependency
does not answer."""

import json
import socket

import pytest
from django.db import connection
from django.test import Client

from core import health

CHECKS = {"database", "migrations", "cache", "broker", "storage"}


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(autouse=True)
def _migrations_not_yet_checked(monkeypatch):
    monkeypatch.setattr(health, "_migrations_applied", False)


def test_healthz_answers_without_the_database_a_host_or_https(settings):
    # No `db` fixture: pytest-django fails any database access in this test.
    settings.ALLOWED_HOSTS = ["thidua.example.gov.vn"]
    settings.SECURE_SSL_REDIRECT = True
    client = Client(enforce_csrf_checks=True)

    response = client.get("/healthz", HTTP_HOST="10.0.0.7:8000")

    assert response.status_code == 200
    assert response.json() == {"status": "ok", "checks": {}}
    assert response["Cache-Control"] == "no-store"
    assert "Set-Cookie" not in response.headers


@pytest.mark.django_db
def test_readyz_checks_each_dependency_and_says_nothing_else(settings, client):
    settings.ALLOWED_HOSTS = ["thidua.example.gov.vn"]
    settings.SECURE_SSL_REDIRECT = True

    response = client.get("/readyz", HTTP_HOST="10.0.0.7:8000")

    assert response.status_code == 200
    body = response.json()
    assert body == {
        "status": "ok",
        "checks": {
            "database": "ok",
            "migrations": "ok",
            "cache": "ok",
            "broker": "eager",  # the tests' settings: tasks run in the caller
            "storage": "ok",
        },
    }


@pytest.mark.django_db
def test_readyz_checks_the_migrations_once_then_remembers(client, monkeypatch):
    assert client.get("/readyz").status_code == 200

    def graph_must_not_load(*args, **kwargs):
        raise AssertionError("the migration graph was loaded again")

    monkeypatch.setattr("django.db.migrations.executor.MigrationExecutor", graph_must_not_load)
    assert client.get("/readyz").json()["checks"]["migrations"] == "ok"


@pytest.mark.django_db
def test_readyz_fails_while_a_migration_is_not_applied(client):
    with connection.cursor() as cursor:
        cursor.execute(
            "DELETE FROM django_migrations WHERE id = (SELECT max(id) FROM django_migrations)"
        )

    response = client.get("/readyz")

    assert response.status_code == 503
    assert response.json()["status"] == "fail"
    assert response.json()["checks"]["migrations"] == "fail"
    assert response.json()["checks"]["database"] == "ok"


@pytest.mark.django_db
def test_an_unreachable_broker_fails_readiness_without_saying_why(client, settings):
    settings.CELERY_TASK_ALWAYS_EAGER = False
    settings.CELERY_BROKER_URL = f"redis://127.0.0.1:{closed_port()}/0"

    response = client.get("/readyz")

    assert response.status_code == 503
    assert response.json()["checks"]["broker"] == "fail"
    assert set(response.json()["checks"]) == CHECKS
    text = response.content.decode()
    assert "127.0.0.1" not in text and "Error" not in text and "refused" not in text


@pytest.mark.redis
@pytest.mark.django_db
def test_a_reachable_redis_broker_passes(client, settings):
    from tests.conftest import TEST_REDIS_URL

    settings.CELERY_TASK_ALWAYS_EAGER = False
    settings.CELERY_BROKER_URL = TEST_REDIS_URL

    assert client.get("/readyz").json()["checks"]["broker"] == "ok"


@pytest.mark.django_db
def test_an_unreachable_cache_fails_readiness(client, settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{closed_port()}/0",
        }
    }

    response = client.get("/readyz")

    assert response.status_code == 503
    assert response.json()["checks"]["cache"] == "fail"
    assert response.json()["checks"]["database"] == "ok"


@pytest.mark.django_db
def test_a_failing_storage_fails_readiness(client, monkeypatch):
    from django.core.files.storage import default_storage

    def unreachable(name):
        raise OSError("mount gone")

    monkeypatch.setattr(default_storage, "exists", unreachable)

    response = client.get("/readyz")

    assert response.status_code == 503
    assert response.json()["checks"]["storage"] == "fail"
    assert "mount" not in response.content.decode()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_readyz_fails_while_postgresql_is_unreachable_and_recovers(client):
    assert client.get("/readyz").status_code == 200
    port = connection.settings_dict["PORT"]
    connection.close()
    connection.settings_dict["PORT"] = closed_port()
    try:
        response = client.get("/readyz")
    finally:
        connection.close()
        connection.settings_dict["PORT"] = port

    assert response.status_code == 503
    assert response.json()["checks"]["database"] == "fail"
    assert response.json()["checks"]["cache"] == "ok"
    assert "OperationalError" not in json.dumps(response.json())
    assert client.get("/readyz").status_code == 200
