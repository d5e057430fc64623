"""The cache in Redis, which no page waits on for long and no page fails for.

`FallbackRedisCache` is Django's `RedisCache` (the one django-environ picks for a `redis://`
CACHE_URL) with two changes:

- its sockets give up after `socket_connect_timeout` / `socket_timeout` seconds (0.5 s by
  default; CACHE_SOCKET_TIMEOUT), so a Redis that drops packets costs a request at most that
  long instead of hanging it;
- a Redis that does not answer (refused, timed out, gone mid-command) makes a read a miss
  (the default) and a write do nothing. The cache only ever holds what can be computed again,
  so the page computes it. After a failure the process leaves Redis alone for
  `down_seconds` (5 s by default; CACHE_DOWN_SECONDS): the requests of that moment miss at
  once instead of each paying the timeout, then the next call tries again. One WARNING when
  a failure burst begins, one INFO when Redis answers again, not a line per call.

The readiness check must still see the failure: `probe()` writes and reads a key without the
fallback and raises what Redis did (`core.health.check_cache`).

Only Redis's connection errors fall back; a wrong command or value still raises (a bug).
"""

from __future__ import annotations

import logging
import threading
import time
from typing import Any

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache

logger = logging.getLogger(__name__)

SOCKET_TIMEOUT_SECONDS = 0.5
DOWN_SECONDS = 5.0
PROBE_KEY = "health:probe"


class _Outage:
    """Whether the Redis at one location is held to be down, shared by the threads of the
    process (Django gives each thread its own cache object)."""

    def __init__(self):
        self.lock = threading.Lock()
        self.down_until = 0.0
        self.failing = False

    def skip(self) -> bool:
        return self.failing and time.monotonic() < self.down_until

    def failed(self, location: str, exc: BaseException, down_seconds: float) -> None:
        with self.lock:
            first = not self.failing
            self.failing = True
            self.down_until = time.monotonic() + down_seconds
        if first:
            logger.warning(
                "The cache at %s does not answer (%s): pages go on without it, trying it "
                "again every %g s.",
                _safe(location),
                type(exc).__name__,
                down_seconds,
            )

    def answered(self, location: str) -> None:
        if not self.failing:
            return
        with self.lock:
            was, self.failing, self.down_until = self.failing, False, 0.0
        if was:
            logger.info("The cache at %s answers again.", _safe(location))


_outages: dict[str, _Outage] = {}
_outages_lock = threading.Lock()


def _outage_of(location: str) -> _Outage:
    with _outages_lock:
        return _outages.setdefault(location, _Outage())


def _safe(location: str) -> str:
    """The location without a password (redis://:secret@host/0 → redis://host/0)."""
    scheme, sep, rest = location.partition("://")
    return f"{scheme}{sep}{rest.rpartition('@')[2]}" if sep else location


def _connection_errors() -> tuple[type[BaseException], ...]:
    import redis

    return (redis.exceptions.ConnectionError, redis.exceptions.TimeoutError)


class FallbackRedisCache(RedisCache):
    """Django's RedisCache that misses, and drops writes, while Redis does not answer (see
    the module's docstring). OPTIONS: redis-py's `socket_connect_timeout` and
    `socket_timeout` (default SOCKET_TIMEOUT_SECONDS), and `down_seconds` (DOWN_SECONDS)."""

    def __init__(self, server, params):
        options = dict(params.get("OPTIONS") or {})
        self.down_seconds = float(options.pop("down_seconds", DOWN_SECONDS))
        options.setdefault("socket_connect_timeout", SOCKET_TIMEOUT_SECONDS)
        options.setdefault("socket_timeout", SOCKET_TIMEOUT_SECONDS)
        super().__init__(server, {**params, "OPTIONS": options})
        self.location = server if isinstance(server, str) else ",".join(server)
        self._outage = _outage_of(self.location)
        self._errors = _connection_errors()

    def _call(self, fallback: Any, method: str, *args, **kwargs) -> Any:
        if self._outage.skip():
            return fallback
        try:
            result = getattr(super(), method)(*args, **kwargs)
        except self._errors as exc:
            self._outage.failed(self.location, exc, self.down_seconds)
            return fallback
        self._outage.answered(self.location)
        return result

    def probe(self) -> None:
        """Write and read a key, raising what Redis does: for the readiness check, which
        must see an outage that pages do not."""
        try:
            super().set(PROBE_KEY, "1", 10)
            found = super().get(PROBE_KEY)
        except self._errors as exc:
            self._outage.failed(self.location, exc, self.down_seconds)
            raise
        self._outage.answered(self.location)
        if found != "1":
            raise RuntimeError("the cache did not keep the probe's key")

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call(False, "add", key, value, timeout, version)

    def get(self, key, default=None, version=None):
        return self._call(default, "get", key, default, version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call(None, "set", key, value, timeout, version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call(False, "touch", key, timeout, version)

    def delete(self, key, version=None):
        return self._call(False, "delete", key, version)

    def get_many(self, keys, version=None):
        return self._call({}, "get_many", keys, version)

    def has_key(self, key, version=None):
        return self._call(False, "has_key", key, version)

    def incr(self, key, delta=1, version=None):
        missing = object()
        value = self._call(missing, "incr", key, delta, version)
        if value is missing:  # as for a key that is not there
            raise ValueError(f"Key '{key}' not found.")
        return value

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call(list(data), "set_many", data, timeout, version)

    def delete_many(self, keys, version=None):
        return self._call(None, "delete_many", keys, version)

    def clear(self):
        return self._call(False, "clear")
