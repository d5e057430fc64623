"""Long renders without a broker: background threads of the web process.

Without CELERY_BROKER_URL, Celery runs a task eagerly, inside the request that queues it: a
dossier of 50 nominees would freeze the officer's page for its whole render. Here the job goes
instead, once the request's transaction has committed, to a queue that at most
DOCUMENT_RENDER_THREADS daemon threads of the process serve: the request answers at once and
the page polls the job's progress, as with Celery. The thread runs the Celery task's own
function (`documents.tasks.render_document`), so a failure is left on the job the same way.
With a broker, Celery workers render and nothing here runs.

Database: each thread has its own connection (Django's are per thread), closed after each job.
On SQLite a write waits while a request holds the write lock (the busy timeout); the tests'
in-memory database (a shared cache) answers "locked" at once instead, so the thread's
statements are tried again for as long as the busy timeout would wait (`wait_when_locked`).

A process that exits (a restart, a crash, a deployment) takes its threads with it. So a job
records the process that has it as its `runner` ("host:pid:token"), and while the job waits
or renders that process writes the job's `heartbeat_at` every few seconds. `abandoned(job)`
says the job has lost its thread: it is this process's but no thread has it, its process is
gone from this host, or its heartbeat has stopped. The job's next poll then queues it again
or fails it (`documents.jobs.render_job_recover`).
"""

from __future__ import annotations

import datetime
import logging
import os
import queue
import socket
import threading
import time
import uuid

from django.conf import settings
from django.db import OperationalError, connection, connections
from django.utils import timezone

from .models import RenderJob
from .tasks import render_document

logger = logging.getLogger(__name__)

# How often a process says it still has its jobs, and how long a silence means it has not
# (well above SQLite's 20 s busy timeout, which may hold a heartbeat back).
HEARTBEAT_SECONDS = 5
STALE_SECONDS = 60
# How long a statement refused as "locked" is tried again (SQLite's busy timeout).
LOCK_WAIT_SECONDS = 20


class _Process:
    """This process's queue, threads and jobs (a forked child starts its own)."""

    def __init__(self):
        self.token = uuid.uuid4().hex[:12]
        self.runner = f"{socket.gethostname()}:{os.getpid()}:{self.token}"
        self.queue: queue.SimpleQueue[int] = queue.SimpleQueue()
        self.workers: list[threading.Thread] = []
        self.heartbeat: threading.Thread | None = None
        self.active: set[int] = set()  # queued or rendering here
        self.rendering = 0
        self.beating = False
        self.changed = threading.Condition()


_process = _Process()


def _after_fork_in_child():
    global _process
    _process = _Process()


os.register_at_fork(after_in_child=_after_fork_in_child)


def enabled() -> bool:
    """Whether a render job goes to a thread of this process: no broker (Celery eager) and
    DOCUMENT_RENDER_THREADS above 0."""
    return bool(render_document.app.conf.task_always_eager) and (
        settings.DOCUMENT_RENDER_THREADS > 0
    )


def runner() -> str:
    """The name a job queued here records as its `runner`."""
    return _process.runner


def submit(job_id: int) -> None:
    """Queue job `job_id` to this process's render threads (call it once the job's row has
    been committed). It waits while all DOCUMENT_RENDER_THREADS threads render."""
    process = _process
    with process.changed:
        process.active.add(job_id)
        process.queue.put(job_id)
        process.workers = [worker for worker in process.workers if worker.is_alive()]
        if len(process.workers) < max(1, settings.DOCUMENT_RENDER_THREADS):
            worker = threading.Thread(target=_serve, args=(process,), name="render", daemon=True)
            worker.start()
            process.workers.append(worker)
        if process.heartbeat is None or not process.heartbeat.is_alive():
            process.heartbeat = threading.Thread(
                target=_beat, args=(process,), name="render-heartbeat", daemon=True
            )
            process.heartbeat.start()
        process.changed.notify_all()


def _serve(process: _Process) -> None:
    while True:
        job_id = process.queue.get()
        with process.changed:  # the setting holds even if it was lowered since
            process.changed.wait_for(
                lambda: process.rendering < max(1, settings.DOCUMENT_RENDER_THREADS)
            )
            process.rendering += 1
        try:
            with connection.execute_wrapper(wait_when_locked):
                render_document(job_id)
        except Exception:
            # The task marks a failing document itself; this is the database failing under
            # it. The job stays pending or running without a thread: its next poll sees it.
            logger.exception("The background render of job %s stopped.", job_id)
        finally:
            connections.close_all()
            with process.changed:
                process.rendering -= 1
                process.active.discard(job_id)
                process.changed.notify_all()


def _beat(process: _Process) -> None:
    while True:
        with process.changed:
            while not process.active:
                process.changed.wait()
            job_ids = list(process.active)
            process.beating = True
        try:
            with connection.execute_wrapper(wait_when_locked):
                RenderJob.objects.filter(
                    pk__in=job_ids,
                    runner=process.runner,
                    status__in=[RenderJob.Status.PENDING, RenderJob.Status.RUNNING],
                ).update(heartbeat_at=timezone.now())
        except Exception:
            logger.exception("The render jobs' heartbeat could not be written.")
        finally:
            connections.close_all()
            with process.changed:
                process.beating = False
                process.changed.notify_all()
        time.sleep(HEARTBEAT_SECONDS)


def wait_until_idle(timeout: float) -> bool:
    """Wait until this process renders nothing and queues nothing (tests, shutdown); False
    if it still does after `timeout` seconds."""
    process = _process
    with process.changed:
        return process.changed.wait_for(
            lambda: not process.active and not process.beating, timeout=timeout
        )


def _process_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process
        return True
    return True


def abandoned(job) -> bool:
    """Whether `job`, waiting or rendering in a background thread, has lost that thread."""
    if job.status not in (job.Status.PENDING, job.Status.RUNNING) or not job.runner:
        return False
    host, _, rest = job.runner.partition(":")
    pid, _, token = rest.partition(":")
    silence = timezone.now() - job.heartbeat_at if job.heartbeat_at else datetime.timedelta.max
    if token == _process.token:
        with _process.changed:
            if job.pk in _process.active:
                return False
        # Queued just after its transaction committed: give that moment.
        return silence > datetime.timedelta(seconds=2 * HEARTBEAT_SECONDS)
    if host == socket.gethostname() and pid.isdigit() and not _process_alive(int(pid)):
        return True
    return silence > datetime.timedelta(seconds=STALE_SECONDS)


def wait_when_locked(execute, sql, params, many, context):
    """An execute wrapper (`connection.execute_wrapper`): a statement SQLite refuses because
    another connection holds a lock is tried again, for up to LOCK_WAIT_SECONDS. Other
    databases wait for locks themselves."""
    if context["connection"].vendor != "sqlite":
        return execute(sql, params, many, context)
    deadline = time.monotonic() + LOCK_WAIT_SECONDS
    delay = 0.002
    while True:
        try:
            return execute(sql, params, many, context)
        except OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() > deadline:
                raise
        time.sleep(delay)
        delay = min(delay * 2, 0.05)
