"""A private production-shaped stack for the fault test (tests/integration/test_faults.py):
its own PostgreSQL cluster, Redis server, S3 store (moto's), gunicorn and Celery worker and
beat, each a real process on 127.0.0.1 that the test may stop and start again without
touching the machine's shared PostgreSQL and Redis, which the rest of the suite uses.

- PostgreSQL: `initdb` into a temporary folder (as the `postgres` user when the tests run
  as root, as in CI: PostgreSQL refuses to run as root), a port and a socket folder of its
  own, trust authentication on 127.0.0.1; the app connects as `cchc`, not a superuser
  (row-level security binds it); the checks connect as `postgres` through the socket.
  Its schema is the migrated test database's, copied (`copy_schema`). `fsync=off` only
  spares the disk: a stop is a clean shutdown, which writes everything.
- Redis: append-only file on, as in docker-compose: a restarted Redis keeps the queued
  tasks (a broker that forgot its queue on restart would lose work whatever the app does).
- gunicorn: 2 sync workers, persistent database connections (CONN_MAX_AGE=60), as
  docker-compose serves; one Celery worker (prefork, one child) and beat.
- `TcpGate`: a forwarder the test closes and opens, a service away for one process only.
"""

from __future__ import annotations

import contextlib
import glob
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from http.client import HTTPConnection
from pathlib import Path

from tests.processes import free_port, stop_process

ROOT = Path(__file__).resolve().parents[2]


def wait_until(condition, *, timeout: float, what: str, every: float = 0.1):
    """Polls `condition` until it returns something true; fails after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            result = condition()
        except Exception:  # not up yet: any error means "poll again"
            result = None
        if result:
            return result
        if time.monotonic() > deadline:
            raise TimeoutError(f"{what}: not within {timeout} s")
        time.sleep(every)


class TcpGate:
    """A TCP forwarder from a port of 127.0.0.1 to `target` that can be closed (new
    connections refused, open ones cut) and opened again on the same port: a service away
    for the one process that connects through it, the others untouched."""

    def __init__(self, host: str, port: int):
        self.target = (host, port)
        self.port = free_port()
        self.server: socket.socket | None = None
        self.open_sockets: set[socket.socket] = set()
        self.lock = threading.Lock()

    @classmethod
    def to_the_test_database(cls) -> TcpGate:
        from django.db import connection

        db = connection.settings_dict
        return cls(db["HOST"] or "127.0.0.1", int(db["PORT"] or 5432))

    def open(self) -> TcpGate:
        server = socket.socket()
        server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        server.bind(("127.0.0.1", self.port))
        server.listen(16)
        self.server = server
        threading.Thread(target=self._accept, args=(server,), daemon=True).start()
        return self

    def _accept(self, server: socket.socket) -> None:
        while True:
            try:
                client, _ = server.accept()
                upstream = socket.create_connection(self.target, timeout=5)
            except OSError:
                return
            upstream.settimeout(None)
            with self.lock:
                self.open_sockets |= {client, upstream}
            for source, sink in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pump, args=(source, sink), daemon=True).start()

    def _pump(self, source: socket.socket, sink: socket.socket) -> None:
        try:
            while data := source.recv(65536):
                sink.sendall(data)
        except OSError:
            pass
        finally:
            for end in (source, sink):
                with contextlib.suppress(OSError):
                    end.shutdown(socket.SHUT_RDWR)

    def close(self) -> None:
        if self.server is not None:
            with contextlib.suppress(OSError):
                self.server.shutdown(socket.SHUT_RDWR)
            self.server.close()
            self.server = None
        with self.lock:
            cut, self.open_sockets = self.open_sockets, set()
        for end in cut:
            with contextlib.suppress(OSError):
                end.shutdown(socket.SHUT_RDWR)
            end.close()


def postgres_bin_dir() -> Path | None:
    """PostgreSQL's server programs: PG_BIN, else Debian's newest /usr/lib/postgresql/N/bin,
    else wherever `initdb` is on the PATH."""
    if os.environ.get("PG_BIN"):
        return Path(os.environ["PG_BIN"])
    found = sorted(
        glob.glob("/usr/lib/postgresql/*/bin/initdb"),
        key=lambda p: int(p.split("/")[4]) if p.split("/")[4].isdigit() else 0,
    )
    if found:
        return Path(found[-1]).parent
    initdb = shutil.which("initdb")
    return Path(initdb).resolve().parent if initdb else None


class PrivatePostgres:
    """A PostgreSQL cluster of this test's own, in a temporary folder."""

    def __init__(self, bin_dir: Path):
        self.bin_dir = bin_dir
        self.as_root = os.geteuid() == 0
        # Not under pytest's tmp_path: that is private to root, and the server runs as
        # `postgres`, which must reach its folder.
        self.root = Path(tempfile.mkdtemp(prefix="cchc-faults-pg-"))
        self.data = self.root / "data"
        self.log = self.root / "postgresql.log"
        self.port = free_port()
        if self.as_root:
            shutil.chown(self.root, "postgres", "postgres")

    def _run(self, program: str, *args: str, timeout: float = 120) -> None:
        command = [str(self.bin_dir / program), *args]
        if self.as_root:
            command = ["runuser", "-u", "postgres", "--", *command]
        result = subprocess.run(command, capture_output=True, text=True, timeout=timeout)
        if result.returncode != 0:
            raise RuntimeError(f"{program} {' '.join(args)}: {result.stderr}{result.stdout}")

    def init(self) -> None:
        self._run(
            "initdb",
            "-D",
            str(self.data),
            "-U",
            "postgres",
            "-A",
            "trust",
            "-E",
            "UTF8",
            "--locale=C.UTF-8",
            "--no-sync",
        )

    def start(self) -> None:
        options = (
            f"-p {self.port} -k {self.root} -c listen_addresses=127.0.0.1 -c fsync=off "
            "-c full_page_writes=off"
        )
        self._run(
            "pg_ctl",
            "-D",
            str(self.data),
            "-l",
            str(self.log),
            "-w",
            "-t",
            "60",
            "-o",
            options,
            "start",
        )

    def stop(self) -> None:
        """A fast shutdown: open sessions are ended, their transactions rolled back."""
        self._run("pg_ctl", "-D", str(self.data), "-m", "fast", "-w", "-t", "60", "stop")

    def running(self) -> bool:
        return (self.data / "postmaster.pid").exists()

    def connect(self, dbname: str = "cchc"):
        """A superuser's connection through the socket (the checks see every tenant)."""
        import psycopg

        return psycopg.connect(
            host=str(self.root), port=self.port, user="postgres", dbname=dbname, autocommit=True
        )

    def create_app_database(self) -> None:
        with self.connect("postgres") as admin:
            admin.execute("CREATE ROLE cchc LOGIN PASSWORD 'cchc' NOSUPERUSER NOBYPASSRLS")
            admin.execute("CREATE DATABASE cchc OWNER cchc")

    def copy_schema(self, source: dict) -> None:
        """The schema of `source` (a Django settings_dict: the test database pytest-django
        migrated) and its record of applied migrations into `cchc` here, owned by `cchc` as
        after a migrate: pg_dump and psql take ~2 s where `manage.py migrate` takes ~25 s.
        The rows the data migrations wrote are not copied (tests empty the tables between
        them): `fault_setup` loads them as serialized when the database was made."""
        env = {**os.environ, "PGPASSWORD": source["PASSWORD"] or ""}
        connect = [
            "-h",
            source["HOST"] or "127.0.0.1",
            "-p",
            str(source["PORT"] or 5432),
            "-U",
            source["USER"],
        ]
        dumps = {
            self.root / "schema.sql": ["--schema-only"],
            self.root / "migrations.sql": ["--data-only", "--table=django_migrations"],
        }
        for path, what in dumps.items():
            self._client(
                "pg_dump", "--no-owner", "--no-privileges", *what, *connect, "-f", str(path),
                source["NAME"], env=env,
            )  # fmt: skip
        for path in dumps:
            self._client(
                "psql", "-v", "ON_ERROR_STOP=1", "-q", "-h", str(self.root), "-p", str(self.port),
                "-U", "cchc", "-d", "cchc", "-f", str(path), env=env,
            )  # fmt: skip

    def _client(self, program: str, *args: str, env: dict) -> None:
        command = [str(self.bin_dir / program), *args]
        result = subprocess.run(command, env=env, capture_output=True, text=True, timeout=120)
        if result.returncode != 0:
            raise RuntimeError(f"{program}: {result.stderr[-3000:]}")

    @property
    def url(self) -> str:
        return f"postgres://cchc:cchc@127.0.0.1:{self.port}/cchc"

    def cleanup(self) -> None:
        if self.running():
            with contextlib.suppress(Exception):
                self._run("pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "stop")
        shutil.rmtree(self.root, ignore_errors=True)


class PrivateRedis:
    """A redis-server of this test's own (append-only file on, as in docker-compose)."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.folder.mkdir(parents=True, exist_ok=True)
        self.port = free_port()
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        self.process = subprocess.Popen(
            [
                shutil.which("redis-server") or "redis-server",
                "--bind",
                "127.0.0.1",
                "--port",
                str(self.port),
                "--save",
                "",
                "--appendonly",
                "yes",
                "--dir",
                str(self.folder),
                "--logfile",
                str(self.folder / "redis.log"),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        wait_until(self.ping, timeout=20, what="the private redis-server")

    def ping(self) -> bool:
        import redis

        return bool(redis.Redis(port=self.port, socket_connect_timeout=0.5).ping())

    def stop(self) -> None:
        """SIGTERM: Redis writes its append-only file and exits, as `docker stop` does."""
        stop_process(self.process)
        self.process = None

    def url(self, db: int) -> str:
        return f"redis://127.0.0.1:{self.port}/{db}"


def get(port: int, path: str, *, timeout: float = 10, headers: dict | None = None):
    connection = HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        connection.request("GET", path, headers=headers or {})
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


class AppProcesses:
    """gunicorn (2 workers), one Celery worker and beat, on the given environment; logs in
    `folder`."""

    def __init__(self, env: dict[str, str], folder: Path):
        self.env = env
        self.folder = folder
        self.port = free_port()
        self.processes: dict[str, subprocess.Popen] = {}

    def _start(self, name: str, *args: str, **env: str) -> subprocess.Popen:
        log = open(self.folder / f"{name}.log", "wb")  # noqa: SIM115  (the process keeps it)
        process = subprocess.Popen(
            [sys.executable, "-m", *args],
            env={**self.env, **env},
            cwd=ROOT,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        self.processes[name] = process
        return process

    def run_module(self, module: str, timeout: float = 180) -> str:
        result = subprocess.run(
            [sys.executable, "-m", module],
            env=self.env,
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=timeout,
        )
        if result.returncode != 0:
            raise RuntimeError(f"{module}: {result.stderr[-4000:]}")
        return result.stdout

    def start(self) -> None:
        self._start(
            "gunicorn",
            "gunicorn",
            "config.wsgi:application",
            "--workers",
            "2",
            "--bind",
            f"127.0.0.1:{self.port}",
            "--log-level",
            "warning",
        )
        # INFO: the worker's lines say what it did with each task (and when it is ready).
        self._start(
            "worker",
            "celery",
            "-A",
            "config",
            "worker",
            "-l",
            "INFO",
            "--concurrency",
            "1",
            "--without-gossip",
            "--without-mingle",
            LOG_LEVEL="INFO",
        )
        self._start(
            "beat",
            "celery",
            "-A",
            "config",
            "beat",
            "-l",
            "INFO",
            "--schedule",
            str(self.folder / "celerybeat-schedule"),
            LOG_LEVEL="INFO",
        )
        wait_until(
            lambda: get(self.port, "/readyz")[0] == 200, timeout=60, what="gunicorn's /readyz"
        )
        wait_until(
            lambda: b"ready." in (self.folder / "worker.log").read_bytes(),
            timeout=60,
            what="the Celery worker",
        )

    def web_workers(self) -> set[int]:
        """The pids of gunicorn's workers (a worker the master replaced has a new pid)."""
        master = self.processes["gunicorn"].pid
        children = Path(f"/proc/{master}/task/{master}/children")
        return {int(pid) for pid in children.read_text().split()} if children.exists() else set()

    def alive(self) -> dict[str, bool]:
        return {name: process.poll() is None for name, process in self.processes.items()}

    def stop(self) -> None:
        for process in self.processes.values():
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
        for process in self.processes.values():
            stop_process(process, timeout=20)

    def log_tail(self, name: str, size: int = 3000) -> str:
        path = self.folder / f"{name}.log"
        return path.read_text(errors="replace")[-size:] if path.exists() else ""
