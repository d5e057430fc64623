"""Several nodes of the app on this machine, as production runs them on several: gunicorn
processes each with a MEDIA_ROOT of its own, a Celery worker and beat, all on the test's
PostgreSQL database, the test Redis (broker and cache) and one S3 bucket; and a browser that
speaks plain HTTP to any of them with one cookie jar.

Every process logs to a file of the cluster's folder; `Cluster.logs()` gives the end of each
for an assertion's message. Readiness is observed (a node's /readyz answers 200, the worker
logs "ready.", beat writes its schedule), never waited for by the clock.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
import uuid
from dataclasses import dataclass, field
from http.client import HTTPConnection, HTTPMessage
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

from django.conf import settings

from tests.integration.workers import Workers, service_env
from tests.processes import free_port

READY_TIMEOUT = 45


def production_env() -> dict[str, str]:
    """Production's settings (DEBUG off, persistent connections, JSON logs) for processes
    answering plain HTTP on 127.0.0.1, with this process's SECRET_KEY: every node and worker
    must share it (sessions; the signing passphrases stored encrypted with it)."""
    return {
        "DEBUG": "False",
        "SECRET_KEY": settings.SECRET_KEY,
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "False",
        "SECURE_COOKIES": "False",
        "CONN_MAX_AGE": "60",
        "LOG_FORMAT": "json",
    }


@dataclass
class WebNode:
    """One gunicorn process (its workers share its port and its MEDIA_ROOT)."""

    name: str
    port: int
    media_root: Path
    process: subprocess.Popen
    log: Path

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"


class Cluster:
    """Web nodes, one Celery worker and one beat, all started with `env` (on top of this
    process's environment and of the test database and broker queue `queue`)."""

    def __init__(self, folder: Path, *, queue: str, env: dict[str, str]):
        self.folder, self.queue = folder, queue
        self.env = {**service_env(queue), **env}
        self.nodes: list[WebNode] = []
        self.beat: subprocess.Popen | None = None
        # The worker's MEDIA_ROOT too is a folder of its own, that nothing should fill.
        self.worker_media = self.media_folder("worker")
        self.workers = Workers(
            queue, folder, pool="prefork", **self.env, MEDIA_ROOT=str(self.worker_media)
        )
        self.beat_schedule, self.beat_log = folder / "beat-schedule", self.log_path("beat")

    def media_folder(self, name: str) -> Path:
        folder = self.folder / f"media-{name}"
        folder.mkdir()
        return folder

    def _spawn(self, name: str, args: list[str], **extra_env) -> subprocess.Popen:
        log = self.log_path(name)
        with open(log, "wb") as handle:
            process = subprocess.Popen(
                args,
                env={**os.environ, **self.env, **extra_env},
                cwd=settings.BASE_DIR,
                stdout=handle,
                stderr=subprocess.STDOUT,
            )
        return process

    def log_path(self, name: str) -> Path:
        return self.folder / f"{name}.log"

    def start_web(self, name: str, *, workers: int = 2, **env) -> WebNode:
        """Node `name` on a free port, with a MEDIA_ROOT of its own (and `env` on top)."""
        port, media_root = free_port(), self.media_folder(name)
        process = self._spawn(
            f"web-{name}",
            [
                sys.executable,
                "-m",
                "gunicorn",
                "config.wsgi:application",
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                str(workers),
                # The workers fork from a process that loaded the app once (cheaper to
                # start; and what is made at import must survive the fork).
                "--preload",
                # Its own control socket: gunicorn's default ($XDG_RUNTIME_DIR or
                # ~/.gunicorn/gunicorn.ctl) is one path for every instance of the user.
                "--control-socket",
                str(self.folder / f"web-{name}.ctl"),
            ],
            MEDIA_ROOT=str(media_root),
            **env,
        )
        node = WebNode(name, port, media_root, process, self.log_path(f"web-{name}"))
        self.nodes.append(node)
        return node

    def start_worker(self) -> None:
        self.workers.start()

    def start_beat(self) -> None:
        self.beat = self._spawn(
            "beat",
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "config",
                "beat",
                "-l",
                "INFO",
                "--schedule",
                str(self.beat_schedule),
            ],
        )

    # --- readiness ---

    def wait_ready(self, timeout: float = READY_TIMEOUT) -> None:
        """Every node answers /readyz with 200 (database, migrations, cache, broker and
        bucket reachable), the worker consumes, beat has its schedule."""
        deadline = time.monotonic() + timeout
        for node in self.nodes:
            self._wait(deadline, f"{node.name}'s /readyz", node.process, lambda n=node: _ready(n))
        self.workers.wait_ready(timeout=max(1.0, deadline - time.monotonic()))
        if self.beat is not None:
            self._wait(deadline, "beat with its schedule", self.beat, self._beat_started)

    def _beat_started(self) -> bool:
        """Beat logged its start and wrote its schedule file (named by the dbm module)."""
        return "beat: Starting" in self.beat_log.read_text(errors="replace") and any(
            self.folder.glob(f"{self.beat_schedule.name}*")
        )

    def _wait(self, deadline: float, what: str, process: subprocess.Popen, condition) -> None:
        while time.monotonic() < deadline:
            if condition():
                return
            if process.poll() is not None:
                raise AssertionError(f"{what}: exited with {process.returncode}\n{self.logs()}")
            time.sleep(0.2)
        raise AssertionError(f"timed out waiting for {what}\n{self.logs()}")

    def dead(self) -> list[str]:
        """The processes that are no longer running."""
        processes = [(node.name, node.process) for node in self.nodes]
        processes += [(f"worker-{i}", p) for i, p in enumerate(self.workers.processes)]
        processes += [("beat", self.beat)] if self.beat is not None else []
        return [name for name, process in processes if process.poll() is not None]

    def report(self, *facts) -> str:
        """`facts`, then the end of every process's log: an assertion's message."""
        return " ".join(map(str, facts)) + "\n" + self.logs()

    def logs(self, tail: int = 3000) -> str:
        logs = [node.log for node in self.nodes] + [self.beat_log]
        logs += [self.workers.log_path(i) for i in range(len(self.workers.processes))]
        return "\n".join(
            f"--- {log.name}\n{log.read_text(errors='replace')[-tail:]}"
            for log in logs
            if log.exists()
        )

    def stop_all(self) -> None:
        """Stops everything at once: gunicorn quickly (SIGQUIT: nothing is in flight any
        more), beat and the worker as usual (SIGTERM); then prints every log (pytest shows
        them when the test failed)."""
        processes = [node.process for node in self.nodes]
        for process in processes:
            if process.poll() is None:
                process.send_signal(signal.SIGQUIT)
        others = [*([self.beat] if self.beat is not None else []), *self.workers.processes]
        for process in others:
            if process.poll() is None:
                process.terminate()
        for process in processes + others:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        print(self.logs())


def _ready(node: WebNode) -> bool:
    try:
        connection = HTTPConnection("127.0.0.1", node.port, timeout=5)
        connection.request("GET", "/readyz")
        status = connection.getresponse().status
        connection.close()
    except OSError:
        return False
    return status == 200


# --- a browser over plain HTTP ---


@dataclass
class Answer:
    status: int
    headers: HTTPMessage
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", "replace")

    @property
    def location(self) -> str:
        return self.headers.get("Location", "")

    def csrf_token(self) -> str:
        found = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', self.text)
        assert found, f"no CSRF token in the page ({self.status})"
        return found.group(1)


@dataclass
class Browser:
    """One browser's cookies, sent to whichever node it asks (a load balancer may send each
    request anywhere). Redirects are not followed: the test reads each answer."""

    cookies: dict[str, str] = field(default_factory=dict)

    def get(self, node: WebNode, path: str) -> Answer:
        return self.request(node, "GET", path)

    def post(self, node: WebNode, path: str, fields: dict, files: dict | None = None) -> Answer:
        """POST a form, as urlencoded or, with `files` ({name: (filename, bytes, type)}),
        as multipart/form-data."""
        if files:
            body, content_type = _multipart(fields, files)
        else:
            body, content_type = urlencode(fields).encode(), "application/x-www-form-urlencoded"
        # A browser says where a POST comes from; Django compares it with the host asked.
        headers = {"Content-Type": content_type, "Origin": node.url}
        return self.request(node, "POST", path, body=body, headers=headers)

    def submit(self, node: WebNode, page: str, action: str, fields: dict, files=None) -> Answer:
        """Open `page` on `node` and send its form to `action` there with its CSRF token."""
        opened = self.get(node, page)
        assert opened.status == 200, (page, opened.status, opened.location)
        fields = {"csrfmiddlewaretoken": opened.csrf_token(), **fields}
        return self.post(node, action, fields, files)

    def log_in(self, node: WebNode, username: str, password: str) -> Answer:
        return self.submit(
            node, "/login/", "/login/", {"username": username, "password": password, "next": ""}
        )

    def request(self, node, method, path, *, body=None, headers=None) -> Answer:
        headers = dict(headers or {})
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        connection = HTTPConnection("127.0.0.1", node.port, timeout=60)
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            answer = Answer(response.status, response.headers, response.read())
        finally:
            connection.close()
        for header in answer.headers.get_all("Set-Cookie") or []:
            cookie: SimpleCookie = SimpleCookie()
            cookie.load(header)
            for name, morsel in cookie.items():
                if morsel.value == "" or morsel["max-age"] == "0":
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = morsel.value
        return answer


def _multipart(fields: dict, files: dict) -> tuple[bytes, str]:
    boundary = uuid.uuid4().hex
    parts = [
        f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
        for name, value in fields.items()
    ]
    for name, (filename, content, content_type) in files.items():
        head = (
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; '
            f'filename="{filename}"\r\nContent-Type: {content_type}\r\n\r\n'
        )
        parts.append(head.encode() + content + b"\r\n")
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"
