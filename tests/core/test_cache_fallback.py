"""The Redis cache falls back (core/cache.py): against a real, private Redis that the test
stops and starts (tests/redisserver.py), reads miss and writes do nothing while it is away,
without an error, a long wait or a flood of log lines, and it is used again once it is back;
a Redis that drops packets costs its socket timeout, not a hung request. The readiness check
still sees the outage."""

import json
import logging
import os
import subprocess
import sys
import time

import pytest
from django.core.cache import cache

from core import health
from tests.factories import member
from tests.redisserver import Blackhole, RedisServer
from units.models import Role

pytestmark = pytest.mark.redis  # redis-server, the program, must be installed

DOWN_SECONDS = 0.3


def fallback_cache(location: str, **options) -> dict:
    return {
        "default": {
            "BACKEND": "core.cache.FallbackRedisCache",
            "LOCATION": location,
            "OPTIONS": {"down_seconds": DOWN_SECONDS, **options},
        }
    }


@pytest.fixture
def redis_server(tmp_path):
    server = RedisServer(tmp_path).start()
    yield server
    server.stop()


@pytest.fixture
def cached_in(redis_server, settings):
    settings.CACHES = fallback_cache(redis_server.url(1))
    return redis_server


@pytest.fixture(autouse=True)
def _migrations_not_yet_checked(monkeypatch):
    monkeypatch.setattr(health, "_migrations_applied", False)


def timed(call):
    started = time.monotonic()
    value = call()
    return value, time.monotonic() - started


def wait_until(condition, timeout=10):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.05)
    raise AssertionError("timed out")


def test_a_redis_cache_url_gets_the_fallback_with_short_timeouts():
    code = (
        "import django, json; django.setup(); from django.conf import settings; "
        "print(json.dumps(settings.CACHES['default']))"
    )
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "CACHE_URL": "redis://:s3cret@127.0.0.1:6379/2?timeout=60",
        "CACHE_SOCKET_TIMEOUT": "0.8",
    }
    run = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    )

    entry = json.loads(run.stdout.strip().splitlines()[-1])
    assert entry["BACKEND"] == "core.cache.FallbackRedisCache"
    assert entry["LOCATION"] == "redis://:s3cret@127.0.0.1:6379/2"
    assert entry["timeout"] == 60  # django-environ's parsing is kept
    assert entry["OPTIONS"] == {
        "socket_connect_timeout": 0.8,
        "socket_timeout": 0.8,
        "down_seconds": 5.0,
    }


def test_reads_miss_and_writes_do_nothing_while_redis_is_down_then_it_is_used_again(
    cached_in, caplog
):
    cache.set("plan:7", "Kế hoạch số 7")
    assert cache.get("plan:7") == "Kế hoạch số 7"

    cached_in.stop()
    caplog.set_level(logging.INFO, logger="core.cache")
    value, took = timed(lambda: cache.get("plan:7", "tính lại"))
    assert value == "tính lại" and took < 1.0
    for n in range(50):  # a burst of requests while it is down: no error, no wait
        cache.set(f"figure:{n}", n)
        assert cache.get(f"figure:{n}") is None
    assert cache.get_or_set("dashboard", lambda: "computed") == "computed"
    assert cache.add("lock", 1) is False and cache.delete("plan:7") is False
    assert cache.get_many(["a", "b"]) == {} and cache.set_many({"a": 1}) == ["a"]
    with pytest.raises(ValueError):
        cache.incr("counter")
    warnings = [r for r in caplog.records if r.levelno == logging.WARNING]
    assert len(warnings) == 1, [r.getMessage() for r in caplog.records]
    assert "does not answer" in warnings[0].getMessage()

    cached_in.start()  # the same port, empty (no persistence)

    def kept() -> bool:  # once the fallback's pause is over, it is used again
        cache.set("plan:7", "lại có")
        return cache.get("plan:7") == "lại có"

    wait_until(kept, timeout=DOWN_SECONDS + 5)
    assert any("answers again" in r.getMessage() for r in caplog.records)


@pytest.mark.django_db
def test_a_redis_that_drops_packets_costs_its_timeout_not_a_hung_request(settings, client):
    hole = Blackhole()
    try:
        settings.CACHES = fallback_cache(hole.url(), socket_connect_timeout=0.3, socket_timeout=0.3)

        value, took = timed(lambda: cache.get("plan:7", "tính lại"))
        assert value == "tính lại" and took < 1.5
        _, took = timed(lambda: [cache.get("x") for _ in range(20)])
        assert took < 0.5  # the pause after a failure: later calls do not wait again

        response, took = timed(lambda: client.get("/readyz"))
    finally:
        hole.close()
    assert response.status_code == 503
    assert response.json()["checks"]["cache"] == "fail"
    assert took < 3


@pytest.mark.django_db
def test_pages_answer_and_readyz_says_the_cache_failed_while_redis_is_down(cached_in, client, tree):
    client.force_login(member(tree["a1"], Role.UNIT_HEAD))
    assert client.get("/readyz").json()["checks"]["cache"] == "ok"

    cached_in.stop()
    assert client.get("/").status_code == 200
    assert client.get("/initiatives/").status_code == 200
    down = client.get("/readyz")
    assert down.status_code == 503
    assert down.json()["checks"] == {**down.json()["checks"], "cache": "fail", "database": "ok"}

    cached_in.start()
    wait_until(lambda: client.get("/readyz").status_code == 200)
    assert client.get("/").status_code == 200
