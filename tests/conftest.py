"""Shared fixtures, and the rule for tests that need a real service.

A test marked `postgres`, `redis` or `browser` is skipped when that service is absent, unless
REQUIRE_SERVICES=1 (as in CI), where an absent service fails the test instead.
"""

import os

import pytest
from django.conf import settings

from tests.factories import UnitFactory, member
from units.models import Role

REQUIRE_SERVICES = os.environ.get("REQUIRE_SERVICES") == "1"
CHROMIUM = os.environ.get("CHROMIUM", "/usr/lib/chromium/chromium")
TEST_REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


def _missing_service(name: str) -> str | None:
    if name == "postgres":
        engine = settings.DATABASES["default"]["ENGINE"]
        return None if "postgresql" in engine else "DATABASE_URL is not PostgreSQL"
    if name == "redis":
        import redis

        try:
            redis.Redis.from_url(TEST_REDIS_URL, socket_connect_timeout=1).ping()
        except redis.RedisError as exc:
            return f"Redis at {TEST_REDIS_URL} is unreachable: {exc}"
    if name == "browser" and not os.path.exists(CHROMIUM):
        return f"no chromium at {CHROMIUM} (apt-get install chromium)"
    return None


@pytest.fixture(autouse=True)
def _require_marked_services(request):
    for name in ("postgres", "redis", "browser"):
        if request.node.get_closest_marker(name) is None:
            continue
        reason = _missing_service(name)
        if reason and REQUIRE_SERVICES:
            pytest.fail(f"REQUIRE_SERVICES=1 but {reason}")
        if reason:
            pytest.skip(reason)


@pytest.fixture(autouse=True)
def _celery_join_flag_reset():
    """Celery's eager mode marks "inside a task" with one process-wide flag; eager tasks run
    from two threads at once (the concurrency tests launch plans in threads, each queueing
    its PDF) can leave it set, and every later `result.get()` would then refuse to block."""
    from celery._state import _set_task_join_will_block

    yield
    _set_task_join_will_block(False)


@pytest.fixture(autouse=True)
def _renders_in_the_request(settings):
    """Render jobs run inside the request that queues them (eager Celery), so a test finds
    the file once the view has answered; `background_renders` gives a test real threads."""
    settings.DOCUMENT_RENDER_THREADS = 0


@pytest.fixture
def background_renders(settings):
    """Render jobs run in background threads, as in the embedded mode: the view answers
    before the render ends. The test's own connection waits while a render thread writes
    (the in-memory database answers "locked" at once where a file would wait), and the test
    ends only once the threads are idle, before its database is emptied."""
    from django.db import connection

    from documents import background

    settings.DOCUMENT_RENDER_THREADS = 2
    connection.execute_wrappers.append(background.wait_when_locked)
    yield
    try:
        assert background.wait_until_idle(timeout=120), "a background render never ended"
    finally:
        connection.execute_wrappers.remove(background.wait_when_locked)


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    """Files the tests store (rendered PDFs, uploads) go to a temporary folder."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache: ids and frozen clocks repeat between tests, so
    a key built from them could otherwise find another test's values."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def tree(db):
    """A department with two district offices, each with two schools:

    Sở ─┬─ Phòng A ─┬─ school A1
        │           └─ school A2
        └─ Phòng B ─┬─ school B1
                    └─ school B2
    """
    department = UnitFactory(department=True, code="SGDĐT")
    office_a = UnitFactory(parent=department, district_office=True, code="PGD-A")
    office_b = UnitFactory(parent=department, district_office=True, code="PGD-B")
    return {
        "department": department,
        "office_a": office_a,
        "office_b": office_b,
        "a1": UnitFactory(parent=office_a, code="A1"),
        "a2": UnitFactory(parent=office_a, code="A2"),
        "b1": UnitFactory(parent=office_b, code="B1"),
        "b2": UnitFactory(parent=office_b, code="B2"),
    }


@pytest.fixture
def tenant_admin(tree):
    return member(tree["department"], Role.TENANT_ADMIN)


@pytest.fixture(scope="session")
def object_store():
    """A real S3-compatible server (moto's) on 127.0.0.1 for the whole run."""
    from tests.objectstore import ObjectStore

    store = ObjectStore().start()
    yield store
    store.stop()


@pytest.fixture
def s3_storage(object_store, settings):
    """The default storage is a fresh bucket of `object_store` for this test; yields the
    bucket's name. MEDIA_ROOT points nowhere useful, so a file written to local disk by
    mistake is not found."""
    bucket, entry = object_store.bucket()
    settings.STORAGES = {**settings.STORAGES, "default": entry}
    settings.MEDIA_ROOT = "/nonexistent-media-root"
    return bucket
