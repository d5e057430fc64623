"""A set of documents laid out by several forked processes gives the same PDFs as one
process; a worker's failure fails the render; the workers use no database, leave no
temporary files and die with their parent."""

import io
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.test import override_settings
from pyhanko.pdf_utils.reader import PdfFileReader

from documents.services import DocumentRenderError, pdf_text, render_pdf_set
from documents.signing import SigningError
from tests.documents.test_rendering import TEMPLATES_DIR, context
from units.models import Unit

PLAN = "documents_tests/plan.html"


@pytest.fixture(autouse=True)
def test_templates():
    engine = {**settings.TEMPLATES[0], "DIRS": [*settings.TEMPLATES[0]["DIRS"], TEMPLATES_DIR]}
    with override_settings(TEMPLATES=[engine]):
        yield


def plans(count: int) -> list[tuple[str, dict]]:
    """`count` plans of one to three pages, each with its own number."""
    return [
        (PLAN, context(number=f"{index + 1}/KH-MNCG", paragraphs=range(1 + index % 3 * 3)))
        for index in range(count)
    ]


def render(processes: int, parts, **kwargs):
    with override_settings(DOCUMENT_RENDER_PROCESSES=processes):
        return render_pdf_set(parts, **kwargs)


def pages_of(pdf: bytes) -> list[str]:
    return pdf_text(pdf).split("\f")[:-1]


def bookmarks(pdf: bytes) -> list[tuple[str, int]]:
    """The merged PDF's outline: (title, page number from 1) per entry."""
    reader = PdfFileReader(io.BytesIO(pdf))
    pages = [
        reader.find_page_for_modification(i)[0].idnum
        for i in range(int(reader.root["/Pages"]["/Count"]))
    ]
    entries = []
    item = reader.root["/Outlines"].get("/First")
    while item is not None:
        item = item.get_object()
        page = item["/Dest"].raw_get(0)
        entries.append((str(item["/Title"]), pages.index(page.idnum) + 1))
        item = item.get("/Next")
    return entries


def test_several_processes_give_the_same_documents_and_merged_pdf_as_one():
    parts = plans(10)

    serial, serial_merged = render(1, parts)
    parallel, parallel_merged = render(3, parts)

    assert [pdf_text(d.pdf) for d in parallel] == [pdf_text(d.pdf) for d in serial]
    assert [d.html for d in parallel] == [d.html for d in serial]
    assert pdf_text(parallel_merged) == pdf_text(serial_merged)
    # The merged PDF is every document's pages, in order.
    separate_pages = [page for d in serial for page in pages_of(d.pdf)]
    assert pages_of(parallel_merged) == separate_pages
    assert len(separate_pages) > 10  # some plans run over a page
    last_first_page = len(separate_pages) - len(pages_of(serial[-1].pdf))
    assert "Số: 1/KH-MNCG" in separate_pages[0]
    assert "Số: 10/KH-MNCG" in separate_pages[last_first_page]


def test_the_merged_pdf_has_a_bookmark_on_the_first_page_of_each_document():
    parts = plans(9)
    titles = [f"Kế hoạch số {index + 1}" for index in range(9)]

    separate, merged = render(2, parts, titles=titles)

    first_pages = [1]
    for document in separate[:-1]:
        first_pages.append(first_pages[-1] + len(pages_of(document.pdf)))
    assert bookmarks(merged) == list(zip(titles, first_pages, strict=True))
    # Without titles, each document's HTML title.
    assert bookmarks(render(2, parts)[1])[1] == ("KẾ HOẠCH 2/KH-MNCG", first_pages[1])


def test_a_missing_resource_in_a_worker_fails_the_render_as_a_document_render_error():
    parts = [*plans(9), ("documents_tests/external_image.html", context())]

    with pytest.raises(DocumentRenderError, match="Only static files"):
        render(2, parts)


def test_a_signing_failure_in_a_worker_reaches_the_caller_as_it_was_raised():
    def finish(index, pdf):
        if index == 8:
            raise SigningError("Chứng thư số đã hết hạn.")
        return pdf

    with pytest.raises(SigningError, match="Chứng thư số đã hết hạn."):
        render(2, plans(10), finish=finish)


def test_the_setting_1_renders_in_this_process():
    seen = []

    def finish(index, pdf):
        seen.append(os.getpid())
        return pdf

    render(1, plans(10), finish=finish)

    assert seen == [os.getpid()] * 10


def test_a_short_set_is_rendered_in_this_process_whatever_the_setting():
    separate, _merged = render(4, plans(3), finish=lambda index, pdf: str(os.getpid()).encode())

    assert {d.pdf for d in separate} == {str(os.getpid()).encode()}


def test_a_request_thread_renders_in_its_own_process():
    """A threaded web server rendering eagerly: a fork there could inherit a held lock."""
    import threading

    found = []

    def request_thread():
        separate, _merged = render(
            2, plans(10), finish=lambda index, pdf: str(os.getpid()).encode()
        )
        found.extend(d.pdf for d in separate)

    thread = threading.Thread(target=request_thread)
    thread.start()
    thread.join()

    assert found == [str(os.getpid()).encode()] * 10


def test_several_processes_finish_each_document_in_another_process():
    # What `finish` returns is the document's PDF: here, the id of the process it ran in.
    separate, merged = render(2, plans(10), finish=lambda index, pdf: str(os.getpid()).encode())

    workers = [int(d.pdf) for d in separate]
    assert len(set(workers)) == 2 and os.getpid() not in workers
    assert workers == sorted(workers, key=workers.index)  # each worker takes a contiguous run
    assert "Số: 1/KH-MNCG" in pages_of(merged)[0]  # the merged PDF is not finished


def test_progress_counts_each_document_once_up_to_the_total():
    calls = []

    render(3, plans(12), progress=lambda done, total: calls.append((done, total)))

    assert calls == [(done, 12) for done in range(1, 13)]


@pytest.mark.django_db
def test_a_worker_cannot_use_the_database_and_the_callers_connection_keeps_working(tree):
    def finish(index, pdf):
        Unit.objects.count()
        return pdf

    with pytest.raises(RuntimeError, match="must not use the database"):
        render(2, plans(10), finish=finish)

    assert Unit.objects.filter(pk=tree["a1"].pk).exists()


def test_the_workers_temporary_font_folders_are_removed(monkeypatch, tmp_path):
    import tempfile

    temp = tmp_path / "temp"
    temp.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(temp))

    render(2, plans(10))

    assert list(temp.iterdir()) == []


CHILD = """
import os, sys, time
import django
django.setup()
from django.conf import settings
from django.test import override_settings
from documents.services import render_pdf_set
from tests.documents.test_parallel_rendering import plans, TEMPLATES_DIR

def finish(index, pdf):
    with open(os.path.join(sys.argv[1], str(os.getpid())), "w"):
        pass
    time.sleep(120)

engine = {**settings.TEMPLATES[0], "DIRS": [*settings.TEMPLATES[0]["DIRS"], TEMPLATES_DIR]}
with override_settings(TEMPLATES=[engine], DOCUMENT_RENDER_PROCESSES=2):
    render_pdf_set(plans(10), finish=finish)
"""


def running(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except FileNotFoundError:
        return False
    return state != "Z"


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="PR_SET_PDEATHSIG is Linux's")
def test_the_workers_die_when_their_parent_is_killed(tmp_path):
    started = tmp_path / "started"
    started.mkdir()
    # A killed parent cannot remove its temporary folder: keep it in the test's.
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings", "TMPDIR": str(tmp_path)}
    parent = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(started)], cwd=settings.BASE_DIR, env=env
    )
    try:
        deadline = time.monotonic() + 60
        while len(list(started.iterdir())) < 2 and time.monotonic() < deadline:
            time.sleep(0.1)
        workers = [int(path.name) for path in started.iterdir()]
        assert len(workers) == 2 and all(running(pid) for pid in workers)

        parent.send_signal(signal.SIGKILL)
        parent.wait(timeout=10)

        deadline = time.monotonic() + 10
        while any(running(pid) for pid in workers) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not any(running(pid) for pid in workers)
    finally:
        parent.kill()
        parent.wait()
        for pid in [int(path.name) for path in started.iterdir()]:
            if running(pid):  # left behind: do not let a failure leave processes running
                os.kill(pid, signal.SIGKILL)
