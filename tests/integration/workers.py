"""Real `celery worker` processes for the integration tests: on the test's database and a
real Redis broker, with the project's app in the test process pointed at the same broker."""

import os
import subprocess
import sys
import time
from contextlib import contextmanager

from django.conf import settings
from django.db import connection

from config.celery import app
from tests.conftest import TEST_REDIS_URL
from tests.processes import stop_process


@contextmanager
def app_on_broker(queue: str, broker_url: str = TEST_REDIS_URL):
    """The project's Celery app, eager in tests, sends to the real Redis and `queue`."""
    saved = {
        key: app.conf[key] for key in ("task_always_eager", "broker_url", "task_default_queue")
    }
    app.conf.update(task_always_eager=False, broker_url=broker_url, task_default_queue=queue)
    app._pool = None
    app.amqp._producer_pool = None
    try:
        yield
    finally:
        # The connections stay in kombu's process-wide pools, reused by the next such test.
        app._pool = None
        app.amqp._producer_pool = None
        app.conf.update(saved)


def database_url(port: int | None = None) -> str:
    """The test's database as a DATABASE_URL, for a process of its own; through
    127.0.0.1:`port` when given (a `stack.TcpGate` in front of it)."""
    db = connection.settings_dict
    host, port = ("127.0.0.1", port) if port else (db["HOST"] or "127.0.0.1", db["PORT"] or 5432)
    return f"postgres://{db['USER']}:{db['PASSWORD']}@{host}:{port}/{db['NAME']}"


@contextmanager
def worker_behind_a_gate(workers):
    """Start a worker that reaches the test's database through a `stack.TcpGate` the test
    closes and opens (the database away for it alone); yields the gate, closed at the end."""
    from tests.integration.stack import TcpGate

    gate = TcpGate.to_the_test_database().open()
    workers.start(DATABASE_URL=database_url(port=gate.port))
    try:
        yield gate
    finally:
        gate.close()


def service_env(queue: str) -> dict[str, str]:
    """What a process of its own needs to work on the test's database and on the test
    Redis broker's `queue`."""
    return {
        "DATABASE_URL": database_url(),
        "CELERY_BROKER_URL": TEST_REDIS_URL,
        "CELERY_RESULT_BACKEND": "",
        "CELERY_TASK_DEFAULT_QUEUE": queue,
    }


class Workers:
    """Starts worker processes (`pool`: solo, or prefork with one child) on `queue`, each
    with the environment given here and at its start; logs in `log_dir`."""

    def __init__(self, queue: str, log_dir, *, pool: str = "solo", include=(), **env):
        self.queue, self.log_dir, self.pool, self.env = queue, log_dir, pool, env
        self.include = list(include)  # modules the workers import as well (-I)
        self.processes = []

    def start(self, **extra_env) -> subprocess.Popen:
        env = {**os.environ, **service_env(self.queue), **self.env, **extra_env}
        log = open(self.log_path(len(self.processes)), "wb")  # noqa: SIM115
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "config",
                "worker",
                f"--pool={self.pool}",
                *(["--concurrency=1"] if self.pool == "prefork" else []),
                "-Q",
                self.queue,
                *(["-I", ",".join(self.include)] if self.include else []),
                "--without-gossip",
                "--without-mingle",
                "--without-heartbeat",
                "-l",
                "INFO",
            ],
            env=env,
            cwd=settings.BASE_DIR,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        self.processes.append(process)
        return process

    def log_path(self, index: int):
        return self.log_dir / f"worker-{index}.log"

    def wait_ready(self, index: int = -1, timeout: float = 60) -> None:
        """Wait until worker `index` consumes its queue: it logs "celery@<host> ready."."""
        process, log = self.processes[index], self.log_path(index % len(self.processes))
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if " ready." in log.read_text(errors="replace"):
                return
            if process.poll() is not None:
                break
            time.sleep(0.2)
        raise AssertionError(
            f"worker {index} not ready (exit code {process.poll()}):\n"
            + log.read_text(errors="replace")[-4000:]
        )

    def stop_all(self):
        for process in self.processes:
            if process.poll() is None:
                stop_process(process, timeout=20)
        for path in sorted(self.log_dir.glob("worker-*.log")):
            print(path.name, path.read_text(errors="replace")[-4000:])
