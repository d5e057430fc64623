"""A private Redis for the tests that stop it: `redis-server` (the same program as the shared
one, from the distribution's package) on a free port of 127.0.0.1, without persistence, so
that stopping it is what a restart of a Redis without a disk does: it refuses connections
while down and comes back empty.

`Blackhole` is the other way Redis goes away: a port that accepts a connection (the kernel
does it) and never answers, as a host that drops packets after a failover does.
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import time

import pytest

from tests.processes import free_port, stop_process


class RedisServer:
    def __init__(self, directory, port: int | None = None):
        self.directory = directory
        self.port = port or free_port()
        self.process: subprocess.Popen | None = None

    def url(self, db: int = 0) -> str:
        return f"redis://127.0.0.1:{self.port}/{db}"

    def start(self, timeout: float = 10) -> RedisServer:
        program = shutil.which("redis-server")
        if program is None:
            pytest.fail("redis-server is not installed (apt-get install redis-server)")
        self.process = subprocess.Popen(
            [
                program,
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(self.directory),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"redis-server exited with {self.process.returncode}")
            if self.answers():
                return self
            time.sleep(0.05)
        self.stop()
        raise RuntimeError(f"redis-server did not answer on port {self.port} within {timeout} s")

    def answers(self) -> bool:
        import redis

        try:
            return bool(redis.Redis(port=self.port, socket_connect_timeout=0.5).ping())
        except redis.RedisError:
            return False

    def stop(self) -> None:
        stop_process(self.process, timeout=10)
        self.process = None


class Blackhole:
    """A listening socket nobody reads: connections are accepted by the kernel, commands
    are never answered."""

    def __init__(self):
        self.socket = socket.socket()
        self.socket.bind(("127.0.0.1", 0))
        self.socket.listen(64)
        self.port = self.socket.getsockname()[1]

    def url(self, db: int = 0) -> str:
        return f"redis://127.0.0.1:{self.port}/{db}"

    def close(self) -> None:
        self.socket.close()
