"""Each service stopped and started again under a small load of logged-in users (issue 23,
item 6): PostgreSQL, Redis, then the object store, each a private process of this test
(tests/integration/stack.py), never the machine's shared ones.

The load, for ~10 s per service: two heads of school open the home page and the list,
register a Mẫu 1 and submit it; the office's reviewer opens the review board and returns
each submitted item (an e-mail at once to the school's head, sent by the Celery worker to
the SMTP receiver here); a third head saves Mẫu 2 with a new evidence file each time (to
the S3 store). The service is stopped ~2.5 s in and started again ~3.5 s later; the load
goes on ~4 s; then the worker drains.

Counted per service: requests sent, answers by kind (2xx/3xx, the 503 maintenance page,
any other 5xx by its page's title, connection errors), the form errors among the 2xx
(an upload the store refused), rows lost (an answer that said "done" whose rows are not
all in the database afterwards), half-applied items (a submitted item without its version
or event, a return without its notification, a board counter that disagrees with the
items), e-mails doubled (the same notification received twice) and lost (a return the
reviewer was told was recorded whose e-mail never came). Asserted: no row lost or half
applied, no e-mail doubled or lost, every failure is the maintenance page or a form
error (never Django's 500 page, never a dropped connection), and once the service is back
the pages answer 200 by themselves: no process was restarted, no gunicorn worker replaced.

The drain stands in for Celery beat's periodic re-queue of the e-mails the broker never
took (notifications.deliveries_requeue, every OUTBOX_REQUEUE_MINUTES in production): it
sends that task every few seconds, with OUTBOX_STALE_MINUTES=0.

The figures go to a JSON file (FAULT_FIGURES, else the test's temporary folder) and one
line per service to the terminal, whatever pytest's capture.
"""

from __future__ import annotations

import contextlib
import email
import email.policy
import hashlib
import json
import os
import queue
import re
import shutil
import sys
import threading
import time
import uuid
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from http.client import HTTPConnection, HTTPException
from http.cookies import SimpleCookie
from urllib.parse import urlencode

import pytest
from aiosmtpd.controller import Controller
from django.conf import settings
from django.contrib import messages as message_levels
from django.contrib.messages.storage.cookie import CookieStorage
from django.db import connection
from django.http import HttpRequest

from tests.conftest import REQUIRE_SERVICES
from tests.integration.stack import (
    AppProcesses,
    PrivatePostgres,
    PrivateRedis,
    free_port,
    get,
    postgres_bin_dir,
    wait_until,
)
from tests.objectstore import ACCESS_KEY, ObjectStore
from tests.objectstore import SECRET_KEY as STORE_SECRET

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.redis,
    # Only so that pytest-django makes the migrated test database, whose schema the private
    # cluster copies (the test itself reads and writes the private cluster alone).
    pytest.mark.django_db,
]

MAINTENANCE = "Hệ thống đang bảo trì"
STORE_REFUSED = "kho lưu trữ tệp không trả lời"
BUCKET = "cchc-faults"
CSRF = "faultsCsrfSecret0123456789abcdef"  # 32 letters and digits: a valid CSRF secret
PDF_HEAD = b"%PDF-1.4\n1 0 obj<<>>endobj\n"
# The script of each scenario, in seconds: load alone, service away, load after the return.
BEFORE_STOP, AWAY, AFTER_RETURN = 2.5, 3.5, 4.0
DRAIN_SECONDS = 30
# Beat's periodic re-queue of what the broker did not take (notifications/tasks.py), run by
# the drain every few seconds rather than every OUTBOX_REQUEUE_MINUTES.
REQUEUE_TASK = "notifications.deliveries_requeue"
REQUEUE_EVERY = 5
THINK_SECONDS = 0.1


# --- What the answers were ---


@dataclass
class Answer:
    status: int = 0
    location: str = ""
    body: str = ""
    cookies: dict = field(default_factory=dict)
    error: str = ""
    started: float = 0.0

    @property
    def kind(self) -> str:
        if self.error:
            return f"connection error: {self.error}"
        if self.status == 302 and self.location.startswith("/login/"):
            return "302 to the login page"  # the session was lost
        if self.status < 400:
            return "2xx/3xx"
        if self.status == 503 and MAINTENANCE in self.body:
            return "503 maintenance page"
        title = re.search(r"<title>(.*?)</title>", self.body, re.S)
        return f"{self.status} {title.group(1).strip() if title else self.body[:80]!r}"


@dataclass
class Ledger:
    """What the load sent and what the server said was done, for one scenario."""

    answers: list[Answer] = field(default_factory=list)
    form_errors: Counter = field(default_factory=Counter)
    created: set[int] = field(default_factory=set)
    submitted: dict[int, str] = field(default_factory=dict)  # item → its name
    returned: dict[int, str] = field(default_factory=dict)  # item → its name
    uploads: list[tuple[str, float]] = field(default_factory=list)  # (sha256, answered at)
    typed_text_lost: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, answer: Answer) -> Answer:
        with self.lock:
            self.answers.append(answer)
        return answer

    def form_error(self, what: str) -> None:
        with self.lock:
            self.form_errors[what] += 1


def flashed_levels(answer: Answer) -> list[int]:
    """The levels of the messages the answer flashed (the `messages` cookie, signed with
    the servers' SECRET_KEY, which is this process's)."""
    data = answer.cookies.get("messages")
    if not data:
        return []
    decoded = CookieStorage(HttpRequest())._decode(data) or []
    return [m.level for m in decoded if hasattr(m, "level")]


class Browser:
    """One logged-in user: their session cookie and a CSRF secret sent as cookie and
    header, as the pages' htmx does. A new connection per request (gunicorn's sync workers
    close each one)."""

    def __init__(self, port: int, session: str, ledger: Ledger):
        self.port, self.ledger = port, ledger
        self.cookie = f"sessionid={session}; csrftoken={CSRF}"

    def _send(self, method: str, path: str, body: bytes | None, content_type: str) -> Answer:
        answer = Answer(started=time.monotonic())
        headers = {"Cookie": self.cookie}
        if method == "POST":
            headers |= {"X-CSRFToken": CSRF, "Content-Type": content_type}
        connection = HTTPConnection("127.0.0.1", self.port, timeout=30)
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            answer.status = response.status
            answer.location = response.getheader("Location", "")
            answer.body = response.read().decode(errors="replace")
            for header in response.msg.get_all("Set-Cookie") or []:
                jar = SimpleCookie()
                jar.load(header)
                answer.cookies.update({name: morsel.value for name, morsel in jar.items()})
        except (OSError, HTTPException) as exc:
            answer.error = type(exc).__name__
        finally:
            connection.close()
        return self.ledger.add(answer)

    def get(self, path: str) -> Answer:
        return self._send("GET", path, None, "")

    def post(self, path: str, fields: dict) -> Answer:
        return self._send(
            "POST", path, urlencode(fields).encode(), "application/x-www-form-urlencoded"
        )

    def post_file(self, path: str, fields: dict, name: str, filename: str, content: bytes):
        boundary = uuid.uuid4().hex
        parts = [
            f'--{boundary}\r\nContent-Disposition: form-data; name="{key}"\r\n\r\n{value}\r\n'
            for key, value in fields.items()
        ]
        body = (
            "".join(parts).encode()
            + (
                f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; '
                f'filename="{filename}"\r\nContent-Type: application/pdf\r\n\r\n'
            ).encode()
        )
        body += content + f"\r\n--{boundary}--\r\n".encode()
        return self._send("POST", path, body, f"multipart/form-data; boundary={boundary}")


# --- The load ---


class Load:
    """The users of one scenario, each a thread looping until `stop()`."""

    def __init__(self, port: int, tenant: dict, ledger: Ledger, tag: str):
        self.port, self.tenant, self.ledger, self.tag = port, tenant, ledger, tag
        self.halt = threading.Event()
        self.to_review: queue.Queue[int] = queue.Queue()
        self.threads = [
            threading.Thread(target=self.head, args=(n, head), daemon=True)
            for n, head in enumerate(tenant["heads"], 1)
        ]
        self.threads.append(threading.Thread(target=self.reviewer, daemon=True))
        self.threads.append(threading.Thread(target=self.uploader, daemon=True))

    def start(self) -> None:
        for thread in self.threads:
            thread.start()

    def stop(self) -> None:
        self.halt.set()
        for thread in self.threads:
            thread.join(timeout=60)

    def pause(self) -> None:
        self.halt.wait(THINK_SECONDS)

    def head(self, n: int, head: dict) -> None:
        """Registers a Mẫu 1 and submits it, again and again."""
        user = Browser(self.port, head["session"], self.ledger)
        deadline = self.tenant["deadline"]
        attempt = 0
        while not self.halt.is_set():
            user.get("/")
            user.get("/initiatives/")
            created = user.post(f"/initiatives/new/{deadline}/", {})
            draft = re.fullmatch(r"/initiatives/(\d+)/edit/", created.location)
            if created.status == 302 and draft:
                item = int(draft.group(1))
                with self.ledger.lock:
                    self.ledger.created.add(item)
                attempt += 1
                name = f"Mô hình {self.tag} {n}-{attempt}"
                sent = user.post(
                    f"/initiatives/{item}/edit/",
                    {
                        "name": name,
                        "kind": "model",
                        "area": "procedures",
                        "situation": "Hồ sơ còn nộp bằng giấy",
                        "objectives": "Nộp hồ sơ trực tuyến",
                        "steps": "Bước 1; bước 2",
                        "expected_results": "Giảm một nửa thời gian",
                        "scope": "Toàn trường",
                        "person_in_charge": str(head["person"]),
                        "authors": str(head["person"]),
                        "submit": "",
                    },
                )
                if sent.status == 302 and sent.location == f"/initiatives/{item}/":
                    with self.ledger.lock:
                        self.ledger.submitted[item] = name
                    self.to_review.put(item)
                elif sent.status == 200:
                    self.ledger.form_error("Mẫu 1 refused")
            self.pause()

    def reviewer(self) -> None:
        """Opens the board and returns each submitted item, with a comment."""
        user = Browser(self.port, self.tenant["reviewer"]["session"], self.ledger)
        deadline = self.tenant["deadline"]
        while not self.halt.is_set():
            user.get(f"/initiatives/board/{deadline}/")
            try:
                item = self.to_review.get(timeout=THINK_SECONDS)
            except queue.Empty:
                continue
            answer = user.post(
                f"/initiatives/{item}/decide/",
                {"decision": "return", "comment": "Bổ sung số liệu minh chứng"},
            )
            if answer.status == 302 and message_levels.SUCCESS in flashed_levels(answer):
                with self.ledger.lock:
                    self.ledger.returned[item] = self.ledger.submitted[item]
            elif answer.status == 302:
                self.ledger.form_error("return refused")
            else:
                self.to_review.put(item)  # not done: the reviewer tries again
            self.pause()

    def uploader(self) -> None:
        """Saves Mẫu 2 with a new evidence file each time."""
        head = self.tenant["uploader"]
        user = Browser(self.port, head["session"], self.ledger)
        path = f"/initiatives/{head['initiative']}/result/"
        attempt = 0
        while not self.halt.is_set():
            user.get(path)
            attempt += 1
            typed = f"Đã triển khai ở 3 lớp, lần {self.tag} {attempt}"
            content = PDF_HEAD + f"% {self.tag} {attempt} {uuid.uuid4()}\n%%EOF\n".encode()
            answer = user.post_file(
                path,
                {
                    "work_done": typed,
                    "effect_after": "Giảm 80% giấy tờ",
                    "completion": "90",
                    "evidence_kind": "plan",
                },
                "evidence_file",
                "ke-hoach.pdf",
                content,
            )
            if answer.status == 302:
                with self.ledger.lock:
                    self.ledger.uploads.append(
                        (hashlib.sha256(content).hexdigest(), time.monotonic())
                    )
            elif answer.status == 200:
                self.ledger.form_error("upload refused")
                if STORE_REFUSED not in answer.body or typed not in answer.body:
                    with self.ledger.lock:
                        self.ledger.typed_text_lost += 1
            self.pause()


# --- The stack, once for the three scenarios ---


class SmtpReceiver:
    """Counts the messages it receives per (recipient, subject)."""

    def __init__(self):
        self.lock = threading.Lock()
        self.received: Counter[tuple[str, str]] = Counter()

    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        subject = " ".join(str(message["subject"]).split())
        with self.lock:
            for recipient in envelope.rcpt_tos:
                self.received[(recipient.lower(), subject)] += 1
        return "250 OK"

    def snapshot(self) -> Counter:
        with self.lock:
            return Counter(self.received)


@dataclass
class Stack:
    postgres: PrivatePostgres
    redis: PrivateRedis
    store: ObjectStore
    app: AppProcesses
    smtp: SmtpReceiver
    tenant: dict
    figures: dict
    figures_path: str


def _missing_tools() -> str | None:
    if postgres_bin_dir() is None:
        return "no PostgreSQL server programs (initdb, pg_ctl): apt-get install postgresql"
    if shutil.which("redis-server") is None:
        return "no redis-server: apt-get install redis-server"
    return None


@pytest.fixture(scope="module")
def stack(tmp_path_factory, django_db_setup, django_db_blocker):
    missing = _missing_tools()
    if missing and REQUIRE_SERVICES:
        pytest.fail(f"REQUIRE_SERVICES=1 but {missing}")
    if missing:
        pytest.skip(missing)
    folder = tmp_path_factory.mktemp("faults")
    began = time.monotonic()
    postgres = PrivatePostgres(postgres_bin_dir())
    redis = PrivateRedis(folder / "redis")
    store = ObjectStore()
    receiver = SmtpReceiver()
    smtp = Controller(receiver, hostname="127.0.0.1", port=free_port())
    smtp.start()
    app = None
    steps: dict[str, float] = {}

    def step(name: str) -> None:
        steps[name] = round(time.monotonic() - began - sum(steps.values()), 1)

    try:
        postgres.init()
        postgres.start()
        postgres.create_app_database()
        redis.start()
        store.start()
        store.client().create_bucket(Bucket=BUCKET)
        step("services")
        env = {
            **os.environ,
            "DEBUG": "False",
            # This process's key: the test reads the messages cookie the servers sign.
            "SECRET_KEY": settings.SECRET_KEY,
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "SECURE_SSL_REDIRECT": "False",
            "SECURE_COOKIES": "False",
            "SECURE_HSTS_SECONDS": "0",
            "DATABASE_URL": postgres.url,
            "CONN_MAX_AGE": "60",
            "CACHE_URL": redis.url(2),
            "CELERY_BROKER_URL": redis.url(0),
            "CELERY_RESULT_BACKEND": redis.url(1),
            # A task a worker took and never acknowledged comes back within the drain (3600
            # in production; only the wait differs).
            "CELERY_BROKER_TRANSPORT_OPTIONS": json.dumps({"visibility_timeout": 20}),
            "CELERY_TASK_DEFAULT_QUEUE": "celery",
            "S3_BUCKET": BUCKET,
            "S3_ENDPOINT_URL": store.url,
            "S3_ACCESS_KEY": ACCESS_KEY,
            "S3_SECRET_KEY": STORE_SECRET,
            "S3_TIMEOUT_SECONDS": "2",
            "MEDIA_ROOT": str(folder / "media-unused"),
            "EMAIL_URL": f"smtp://127.0.0.1:{smtp.port}",
            "EMAIL_TIMEOUT": "10",
            "DEFAULT_FROM_EMAIL": "CCHC thi đua <no-reply@thidua.example.gov.vn>",
            "SITE_URL": "https://thidua.example.gov.vn",
            "REMINDER_RETRY_SECONDS": "1",
            # Pending e-mails are re-queued as soon as the drain asks (requeue_now).
            "OUTBOX_STALE_MINUTES": "0",
            "LOG_LEVEL": "WARNING",
            "LOG_FORMAT": "plain",
            "SENTRY_DSN": "",
            "FAST_PASSWORD_HASHER": "True",
            "PYTHONUNBUFFERED": "1",
        }
        app = AppProcesses(env, folder)
        # The schema as pytest-django's migrate left it in the test database, copied in
        # seconds (gunicorn is ready only once /readyz finds every migration applied), and
        # the rows of the data migrations as serialized then (for serialized_rollback).
        postgres.copy_schema(connection.settings_dict)
        seed = folder / "seed.json"
        with django_db_blocker.unblock():
            seed.write_text(
                getattr(connection, "_test_serialized_contents", None)
                or connection.creation.serialize_db_to_string()
            )
        step("schema")
        # No broker there: the plan's PDF is rendered in that process, before the load.
        setup = {
            **env,
            "CELERY_BROKER_URL": "",
            "DOCUMENT_RENDER_THREADS": "0",
            "FAULT_SEED": str(seed),
        }
        printed = AppProcesses(setup, folder).run_module("tests.integration.fault_setup")
        tenant = json.loads(printed.strip().splitlines()[-1])
        step("tenant")
        app.start()
        warm_up(app.port, tenant)
        step("processes")
        figures_path = os.environ.get("FAULT_FIGURES") or str(folder / "fault-figures.json")
        figures = {
            "setup_seconds": round(time.monotonic() - began, 1),
            "setup_steps": steps,
            "scenarios": {},
        }
        sys.__stdout__.write(f"\nfaults · setup {figures['setup_seconds']} s: {steps}\n")
        yield Stack(postgres, redis, store, app, receiver, tenant, figures, figures_path)
    finally:
        if app is not None:
            app.stop()
            for name in ("gunicorn", "worker"):
                print(f"--- {name} log ---\n{app.log_tail(name)}")
        smtp.stop()
        store.stop()
        redis.stop()
        postgres.cleanup()


def warm_up(port: int, tenant: dict) -> None:
    """Each page of the load once per gunicorn worker (or so), not counted: a worker's
    first page loads the views and compiles the templates."""
    ledger = Ledger()
    deadline = tenant["deadline"]
    pages = [(head["session"], "/") for head in tenant["heads"]]
    pages += [(tenant["heads"][0]["session"], "/initiatives/")]
    pages += [(tenant["reviewer"]["session"], f"/initiatives/board/{deadline}/")]
    pages += [
        (tenant["uploader"]["session"], f"/initiatives/{tenant['uploader']['initiative']}/result/")
    ]
    for _ in range(2):
        for session, path in pages:
            Browser(port, session, ledger).get(path)
    assert {a.kind for a in ledger.answers} == {"2xx/3xx"}, Counter(a.kind for a in ledger.answers)


# --- Checks, read as PostgreSQL's superuser (every tenant's rows) ---


def returned_subject(name: str) -> str:
    """The e-mail (and notification) of a returned Mẫu 1 (initiatives/services/notices.py)."""
    return f"Mẫu 1 “{name}” được trả lại để bổ sung"


def expected_emails(stack: Stack, ledger: Ledger) -> set[tuple[str, str]]:
    """What each acknowledged return owes: an e-mail to its school's head."""
    head_of = {head["unit"]: head["email"] for head in stack.tenant["heads"]}
    with stack.postgres.connect() as db:
        units = dict(
            db.execute(
                "SELECT id, unit_id FROM initiatives_initiative WHERE id = ANY(%s)",
                [list(ledger.returned)],
            ).fetchall()
        )
    return {
        (head_of.get(units.get(item), "?"), returned_subject(name))
        for item, name in ledger.returned.items()
    }


def pending_emails(stack: Stack, tag: str) -> int:
    """E-mails of the scenario's items written and not sent (whatever the answers said)."""
    with stack.postgres.connect() as db:
        return db.execute(
            "SELECT count(*) FROM notifications_delivery d "
            "JOIN campaign_notification n ON n.id = d.notification_id "
            "WHERE d.channel = 'email' AND d.status IN ('pending', 'sending') AND n.title LIKE %s",
            [f"%Mô hình {tag} %"],
        ).fetchone()[0]


def requeue_now(stack: Stack) -> None:
    """What Celery beat does every OUTBOX_REQUEUE_MINUTES (with OUTBOX_STALE_MINUTES=0 here):
    queue again the e-mails whose task the broker never took or that failed with the
    service away. Sent from here so that the drain need not wait for beat's next tick; a
    worker that does not know the task (a branch without it) drops the message."""
    from celery import Celery

    # Not the current app: the project's app stays the one the other tests' tasks use.
    with Celery("faults-beat", broker=stack.redis.url(0), set_as_current=False) as beat:
        beat.send_task(REQUEUE_TASK, queue="celery")


def drain(stack: Stack, ledger: Ledger, tag: str) -> float:
    """Waits, DRAIN_SECONDS at most, until no e-mail is pending and every acknowledged
    return's e-mail has arrived, queueing the pending ones again every few seconds as beat
    would; the seconds it took (what never came is counted after)."""
    began = time.monotonic()
    wanted = expected_emails(stack, ledger)
    nudged = [0.0]

    def drained() -> bool:
        received = stack.smtp.snapshot()
        if pending_emails(stack, tag) == 0 and all(received[key] for key in wanted):
            return True
        if time.monotonic() - nudged[0] > REQUEUE_EVERY:
            nudged[0] = time.monotonic()
            requeue_now(stack)
        return False

    with contextlib.suppress(TimeoutError):  # what never came is counted after
        wait_until(drained, timeout=DRAIN_SECONDS, what="the worker's e-mails", every=0.3)
    return round(time.monotonic() - began, 1)


def rows_check(stack: Stack, ledger: Ledger) -> tuple[list[str], list[str], dict[str, str]]:
    """(rows lost, half-applied items, evidence key by SHA-256): every acknowledged change
    must be found whole; whatever the answers said, every item must be whole and the
    board's counters must equal the items."""
    deadline = stack.tenant["deadline"]
    with stack.postgres.connect() as db:
        items = {
            pk: (status, version, name, unit, late)
            for pk, status, version, name, unit, late in db.execute(
                "SELECT id, status, version, name, unit_id, is_late "
                "FROM initiatives_initiative WHERE deadline_id = %s",
                [deadline],
            )
        }
        versions = Counter(
            pk for (pk,) in db.execute("SELECT initiative_id FROM initiatives_initiativeversion")
        )
        events: dict[int, Counter] = defaultdict(Counter)
        for pk, action in db.execute(
            "SELECT initiative_id, action FROM initiatives_initiativeevent"
        ):
            events[pk][action] += 1
        counters = {
            (unit, status, late): n
            for unit, status, late, n in db.execute(
                "SELECT unit_id, status, is_late, items FROM initiatives_itemcount "
                "WHERE deadline_id = %s AND items <> 0",
                [deadline],
            )
        }
        told = Counter(
            title
            for (title,) in db.execute(
                "SELECT title FROM campaign_notification WHERE kind = 'initiative_returned'"
            )
        )
        evidence = dict(db.execute("SELECT sha256, file FROM initiatives_evidence").fetchall())

    lost = [f"draft {pk}: not found" for pk in ledger.created if pk not in items]
    for pk, name in ledger.submitted.items():
        status, _version, saved = items.get(pk, (None, 0, None, None, None))[:3]
        if status not in ("submitted", "returned") or saved != name:
            lost.append(f"item {pk} submitted as {name!r}: {status} {saved!r}")
    for pk, name in ledger.returned.items():
        if items.get(pk, (None,))[0] != "returned" or not events[pk]["return"]:
            lost.append(f"item {pk} returned: {items.get(pk)}, events {dict(events[pk])}")
        if not told[returned_subject(name)]:
            lost.append(f"item {pk} returned: no notification")
    lost += [f"evidence {sha[:12]}: no row" for sha, _ in ledger.uploads if sha not in evidence]

    half = []
    for pk, (status, version, name, _unit, _late) in items.items():
        sent = events[pk]["submit"] + events[pk]["resubmit"]
        returns = events[pk]["return"]
        if status == "draft" and (version or versions[pk] or sent):
            half.append(f"draft {pk} v{version}: {versions[pk]} versions, {sent} sent")
        if status != "draft" and not (version and versions[pk] == version == sent):
            half.append(f"item {pk} {status} v{version}: {versions[pk]} versions, {sent} sent")
        notified = told[returned_subject(name)]
        if (status == "returned") != bool(returns) or notified != returns:
            half.append(f"item {pk} {status}: {returns} returns, {notified} notifications")
    actual = Counter((unit, status, late) for status, _v, _n, unit, late in items.values())
    if dict(actual) != counters:
        half.append(f"board counters {counters} differ from the items {dict(actual)}")
    return lost, half, evidence


def all_objects_kept(stack: Stack, ledger: Ledger, evidence: dict) -> tuple[list[str], int]:
    """(acknowledged evidence rows without their object, uploads that cannot be checked)."""
    keys = set(stack.store.keys(BUCKET))
    missing = [
        f"evidence {sha[:12]}: no object {evidence[sha]}"
        for sha, _ in ledger.uploads
        if sha in evidence and evidence[sha] not in keys
    ]
    return missing, 0


def emails_check(stack: Stack, ledger: Ledger, tag: str) -> dict:
    received = stack.smtp.snapshot()
    mine = {key: n for key, n in received.items() if f"Mô hình {tag} " in key[1]}
    owed = expected_emails(stack, ledger)
    return {
        "received": sum(mine.values()),
        "doubled": sum(n - 1 for n in mine.values() if n > 1),
        "lost": sorted(f"{to}: {subject}" for to, subject in owed if not received[(to, subject)]),
        "pending_after_drain": pending_emails(stack, tag),
    }


def report(stack: Stack, name: str, figures: dict) -> None:
    """Into the JSON file, and one line to the terminal whatever pytest captures."""
    stack.figures["scenarios"][name] = figures
    with open(stack.figures_path, "w") as out:
        json.dump(stack.figures, out, ensure_ascii=False, indent=2)
    answers = ", ".join(f"{kind} {n}" for kind, n in figures["answers"].items())
    done = figures["acknowledged"]
    line = (
        f"faults · {name}: {figures['requests']} requests ({answers}; form errors "
        f"{sum(figures['form_errors'].values())}); done {done['submits']} submits, "
        f"{done['returns']} returns, {done['uploads']} uploads; rows lost "
        f"{figures['rows_lost']}, half-applied {figures['half_applied']}; e-mails "
        f"{figures['emails']['received']} received, {figures['emails']['doubled']} doubled, "
        f"{len(figures['emails']['lost'])} lost; 200 again {figures['recovered_after_s']} s "
        f"after the restart; drained in {figures['drain_s']} s"
    )
    sys.__stdout__.write(f"\n{line}\n")
    sys.__stdout__.flush()


# --- The scenarios ---


def run_scenario(stack: Stack, name: str, stop_service, start_service, objects_check=None):
    """The load, the service stopped at BEFORE_STOP and started again AWAY seconds later,
    the load AFTER_RETURN seconds more; then the drain and the counts."""
    began = time.monotonic()
    ledger = Ledger()
    workers_before = stack.app.web_workers()
    load = Load(stack.app.port, stack.tenant, ledger, name)
    away = False
    load.start()
    try:
        time.sleep(BEFORE_STOP)
        stopped_at = time.monotonic()
        away = True
        stop_service()
        time.sleep(max(0.0, AWAY - (time.monotonic() - stopped_at)))
        start_service()
        away = False
        back_at = time.monotonic()
        time.sleep(AFTER_RETURN)
    finally:
        load.stop()
        if away:
            start_service()

    # The pages answer again by themselves: nothing was restarted but the service.
    cookie = {"Cookie": f"sessionid={stack.tenant['heads'][0]['session']}"}
    wait_until(
        lambda: all(
            get(stack.app.port, path, headers=cookie)[0] == 200
            for path in ("/", "/initiatives/", "/readyz")
        ),
        timeout=20,
        what=f"the pages once {name} was back",
    )
    first_ok = min(
        (a.started for a in ledger.answers if a.started >= back_at and a.kind == "2xx/3xx"),
        default=time.monotonic(),
    )
    drained_in = drain(stack, ledger, name)
    lost, half, evidence = rows_check(stack, ledger)
    missing, unverifiable = (objects_check or all_objects_kept)(stack, ledger, evidence)
    emails = emails_check(stack, ledger, name)
    figures = {
        "requests": len(ledger.answers),
        "answers": dict(Counter(a.kind for a in ledger.answers).most_common()),
        "answers_once_back": dict(
            Counter(a.kind for a in ledger.answers if a.started >= back_at).most_common()
        ),
        "form_errors": dict(ledger.form_errors),
        "typed_text_lost": ledger.typed_text_lost,
        "acknowledged": {
            "drafts": len(ledger.created),
            "submits": len(ledger.submitted),
            "returns": len(ledger.returned),
            "uploads": len(ledger.uploads),
            "uploads_not_checkable": unverifiable,
        },
        "rows_lost": len(lost) + len(missing),
        "half_applied": len(half),
        "emails": emails,
        "recovered_after_s": round(max(0.0, first_ok - back_at), 1),
        "drain_s": drained_in,
        "web_workers_replaced": sorted(workers_before - stack.app.web_workers()),
        "processes_alive": stack.app.alive(),
        "details": {"lost": (lost + missing)[:20], "half": half[:20]},
        "seconds": round(time.monotonic() - began, 1),
    }
    report(stack, name, figures)
    return figures


def assert_survived(figures: dict) -> None:
    failures = {kind: n for kind, n in figures["answers"].items() if kind != "2xx/3xx"}
    assert set(failures) <= {"503 maintenance page"}, failures
    assert figures["typed_text_lost"] == 0
    assert figures["rows_lost"] == 0, figures["details"]["lost"]
    assert figures["half_applied"] == 0, figures["details"]["half"]
    assert figures["emails"]["doubled"] == 0
    assert figures["emails"]["lost"] == []
    assert figures["emails"]["pending_after_drain"] == 0  # every e-mail written was sent
    assert figures["web_workers_replaced"] == []
    assert all(figures["processes_alive"].values()), figures["processes_alive"]
    done = figures["acknowledged"]
    assert done["submits"] and done["returns"] and done["uploads"], done


def test_postgresql_stopped_and_started_again(stack):
    figures = run_scenario(stack, "postgresql", stack.postgres.stop, stack.postgres.start)

    assert figures["answers"].get("503 maintenance page"), "nobody noticed the stop"
    assert_survived(figures)


def test_redis_stopped_and_started_again(stack):
    figures = run_scenario(stack, "redis", stack.redis.stop, stack.redis.start)

    assert_survived(figures)


def test_object_store_stopped_and_started_again(stack):
    """Last: moto keeps its objects in memory, so the store comes back without the files
    and the bucket (MinIO keeps both on disk). The bucket is made again at once; an upload
    acknowledged before the stop is looked for among the keys listed just before it, one
    sent once the store was back in the store; one acknowledged between the listing and
    the stop cannot be checked (counted apart)."""
    marks: dict = {"listed_at": 0.0, "back_at": float("inf"), "keys": set()}

    def stop():
        marks["listed_at"] = time.monotonic()
        marks["keys"] = set(stack.store.keys(BUCKET))
        stack.store.stop()

    def start():
        stack.store.start()
        stack.store.client().create_bucket(Bucket=BUCKET)
        marks["back_at"] = time.monotonic()

    def objects_check(stack, ledger, evidence):
        now = set(stack.store.keys(BUCKET))
        missing, unverifiable = [], 0
        for sha, answered in ledger.uploads:
            if sha not in evidence:
                continue  # counted as a lost row
            if answered < marks["listed_at"]:
                kept = evidence[sha] in marks["keys"]
            elif answered > marks["back_at"]:
                kept = evidence[sha] in now
            else:
                unverifiable += 1
                continue
            if not kept:
                missing.append(f"evidence {sha[:12]}: no object {evidence[sha]}")
        return missing, unverifiable

    figures = run_scenario(stack, "object store", stop, start, objects_check)

    assert figures["form_errors"].get("upload refused"), "no upload met the stopped store"
    assert_survived(figures)
