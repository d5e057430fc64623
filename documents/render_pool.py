"""The layout of a set of documents, in this process or in several forked ones.

The parent renders the templates (database, translations) and forks workers that only run
WeasyPrint and `finish`; each lays out a contiguous run of the documents and returns their
PDFs and the run as one PDF. `documents.render_sets` joins the runs' PDFs into the merged one,
so nothing is laid out twice and each run's fonts are embedded once.

- `render_runs`: lay out a set's HTML as runs, here or side by side in forked processes
  (DOCUMENT_RENDER_PROCESSES); a worker uses no database and dies with its parent.
"""

from __future__ import annotations

import ctypes
import multiprocessing
import os
import signal
import sys
import tempfile
import threading
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass

from django.conf import settings
from django.db import connections
from django.utils.translation import gettext as _

from .rendering import DocumentRenderError, fetch_errors_as_render_errors, laid_out, merged_pdf

# Below this many documents the set is laid out in this process: starting the workers and
# joining their PDFs would cost more than it saves.
PARALLEL_MIN_PARTS = 8


@dataclass(frozen=True)
class _SetJob:
    htmls: list[str]  # without the stylesheet's link (`rendering.unlinked_html`)
    base_url: str
    finish: Callable[[int, bytes], bytes] | None


@dataclass(frozen=True)
class RunResult:
    """What one process gives back for its run of documents."""

    pdfs: list[bytes]  # each document's, finished
    page_counts: list[int]
    titles: list[str]
    pdf: bytes  # the run's documents as one PDF, unfinished


def _render_run(job: _SetJob, start: int, stop: int, document_done) -> RunResult:
    documents, pdfs = [], []
    with fetch_errors_as_render_errors():
        documents_laid_out = laid_out(job.htmls[start:stop], job.base_url)
        for index, document in enumerate(documents_laid_out, start=start):
            pdf = document.write_pdf()
            pdfs.append(job.finish(index, pdf) if job.finish is not None else pdf)
            documents.append(document)
            document_done()
        merged = merged_pdf(documents)
    return RunResult(
        pdfs=pdfs,
        page_counts=[len(document.pages) for document in documents],
        titles=[document.metadata.title or "" for document in documents],
        pdf=merged,
    )


def _render_processes(part_count: int) -> int:
    """How many processes lay out a set of `part_count` documents: the setting
    DOCUMENT_RENDER_PROCESSES (0: one per core, at most 4), or only this one for a short set
    or where processes cannot be forked safely."""
    configured = settings.DOCUMENT_RENDER_PROCESSES or min(os.cpu_count() or 1, 4)
    if part_count < PARALLEL_MIN_PARTS or "fork" not in multiprocessing.get_all_start_methods():
        return 1
    # A fork copies only the calling thread: a lock another thread held at that moment would
    # stay locked in the child for ever. A request thread of a threaded web server rendering
    # eagerly renders alone; Celery's prefork children, where renders run in production, run
    # their tasks in the main thread.
    if threading.current_thread() is not threading.main_thread():
        return 1
    return max(1, min(configured, part_count))


def _runs(htmls: list[str], count: int) -> list[tuple[int, int]]:
    """`count` contiguous runs (start, stop) of about equal work, the HTML's length standing
    in for the layout time (the minutes and the list are longer than a report)."""
    total = sum(len(html) for html in htmls)
    runs: list[tuple[int, int]] = []
    start = size = 0
    for index, html in enumerate(htmls[:-1]):
        size += len(html)
        if len(runs) < count - 1 and size >= total * (len(runs) + 1) / count:
            runs.append((start, index + 1))
            start = index + 1
    runs.append((start, len(htmls)))
    return runs


# Set in each worker by `_render_worker_start`, inherited from the parent by fork.
_worker_job: _SetJob | None = None
_worker_done = None  # the queue that counts finished documents for the parent's progress


def _die_with_parent(parent_pid: int) -> None:
    """Linux kills this process when the thread that forked it ends (PR_SET_PDEATHSIG): a
    Celery worker killed in the middle of a dossier leaves no render processes behind."""
    if sys.platform.startswith("linux"):
        pr_set_pdeathsig = 1
        ctypes.CDLL(None, use_errno=True).prctl(pr_set_pdeathsig, int(signal.SIGKILL), 0, 0, 0)
    if os.getppid() != parent_pid:  # the parent died before the line above
        os._exit(1)


def _refuse_queries(execute, sql, params, many, context):
    raise RuntimeError("A render worker must not use the database: its connection is the parent's.")


def _render_worker_start(job: _SetJob, parent_pid: int, temp_dir: str, done) -> None:
    global _worker_job, _worker_done
    _die_with_parent(parent_pid)
    # Inherited handlers are the parent's (Celery's); the parent stops the workers itself.
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # WeasyPrint's font folders, which a worker's exit would not remove: the parent removes
    # this folder once the workers are gone.
    tempfile.tempdir = temp_dir
    # The inherited connections' sockets are the parent's: a query here would interleave
    # with its traffic. A worker never closes them either (it ends with os._exit).
    for connection in connections.all():
        connection.execute_wrappers.append(_refuse_queries)
    _worker_job, _worker_done = job, done


def _render_worker_run(start: int, stop: int) -> RunResult:
    assert _worker_job is not None and _worker_done is not None  # set by _render_worker_start
    return _render_run(_worker_job, start, stop, lambda: _worker_done.put(1))


@contextmanager
def _children_allowed():
    """Let a daemonic process (a Celery prefork child) start the workers: multiprocessing
    refuses, because a daemonic process might exit without waiting for its children. Here
    they are waited for before the render returns, and die with their parent anyway."""
    config = multiprocessing.current_process()._config  # type: ignore[attr-defined]
    daemonic = config.get("daemon", False)
    config["daemon"] = False
    try:
        yield
    finally:
        config["daemon"] = daemonic


def _render_runs_forked(
    job: _SetJob, runs: list[tuple[int, int]], document_done
) -> list[RunResult]:
    from concurrent.futures import FIRST_EXCEPTION, ProcessPoolExecutor, wait
    from concurrent.futures.process import BrokenProcessPool

    context = multiprocessing.get_context("fork")
    done = context.SimpleQueue()  # written synchronously: all is there once a run returns

    def count_done():
        while not done.empty():
            done.get()
            document_done()

    with tempfile.TemporaryDirectory(prefix="render-") as temp_dir, _children_allowed():
        pool = ProcessPoolExecutor(
            max_workers=len(runs),
            mp_context=context,
            initializer=_render_worker_start,
            initargs=(job, os.getpid(), temp_dir, done),
        )
        try:
            futures = [pool.submit(_render_worker_run, start, stop) for start, stop in runs]
            pending = set(futures)
            while pending:
                _finished, pending = wait(pending, timeout=0.05, return_when=FIRST_EXCEPTION)
                count_done()
                if any(f.done() and f.exception() is not None for f in futures):
                    break
            results = [future.result() for future in futures]  # raises a worker's error
        except BrokenProcessPool as exc:
            raise DocumentRenderError(_("A render process stopped unexpectedly.")) from exc
        finally:
            pool.shutdown(wait=True, cancel_futures=True)
            done.close()
    return results


def render_runs(
    htmls: list[str],
    *,
    base_url: str,
    finish: Callable[[int, bytes], bytes] | None,
    document_done: Callable[[], None],
) -> list[RunResult]:
    """Lay out `htmls` (without the stylesheet's link, `rendering.unlinked_html`) as
    contiguous runs, in order: one run in this process for a short set, else one per forked
    process. `finish(index, pdf)` gives the PDF to keep of each document (it may run in a
    forked process); `document_done()` is called as each document is finished."""
    job = _SetJob(htmls=htmls, base_url=base_url, finish=finish)
    processes = _render_processes(len(htmls))
    if processes == 1:
        return [_render_run(job, 0, len(htmls), document_done)]
    return _render_runs_forked(job, _runs(job.htmls, processes), document_done)
