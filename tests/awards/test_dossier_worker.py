"""The dossier rendered by a real Celery prefork worker on a real Redis broker: the pool's
children are daemonic, yet the dossier's documents are laid out and signed by processes
forked from one of them, and the child's database connection survives its workers."""

import io
import os
import subprocess
import sys
import time
import uuid
import zipfile

import pytest
from django.conf import settings
from django.db import connection

from awards import documents as award_documents
from awards import services
from config.celery import app
from documents.models import RenderJob
from documents.signing import verify_pdf
from tests.conftest import TEST_REDIS_URL
from tests.factories import council, signing_certificate

pytestmark = [
    pytest.mark.redis,
    pytest.mark.postgres,  # the worker process must reach the test's database
    # Committed rows (the worker reads them); the unit kinds of the data migration restored.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def prefork_worker(tmp_path):
    """A `celery worker --pool=prefork` on the test's database and its own queue, with the
    project's app in this process pointed at the same broker."""
    queue = f"dossier-{uuid.uuid4().hex[:8]}"
    db = connection.settings_dict
    env = {
        **os.environ,
        "DATABASE_URL": (
            f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST'] or '127.0.0.1'}:"
            f"{db['PORT'] or 5432}/{db['NAME']}"
        ),
        "CELERY_BROKER_URL": TEST_REDIS_URL,
        "CELERY_RESULT_BACKEND": "",
        "CELERY_TASK_DEFAULT_QUEUE": queue,
        "DOCUMENT_RENDER_PROCESSES": "2",
        "MEDIA_ROOT": str(settings.MEDIA_ROOT),
    }
    log_path = tmp_path / "worker.log"
    with open(log_path, "wb") as log:
        worker = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "config",
                "worker",
                "--pool=prefork",
                "--concurrency=1",
                "-Q",
                queue,
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
    saved = {
        key: app.conf[key] for key in ("task_always_eager", "broker_url", "task_default_queue")
    }
    app.conf.update(task_always_eager=False, broker_url=TEST_REDIS_URL, task_default_queue=queue)
    app._pool = None
    app.amqp._producer_pool = None
    try:
        yield log_path
    finally:
        app._pool = None
        app.amqp._producer_pool = None
        app.conf.update(saved)
        worker.terminate()
        try:
            worker.wait(timeout=30)
        except subprocess.TimeoutExpired:
            worker.kill()
            worker.wait()
        print(log_path.read_text(errors="replace")[-4000:])


def test_a_prefork_worker_renders_and_signs_the_dossier_in_its_own_processes(tree, prefork_worker):
    office = tree["office_a"]
    session = council(office)  # 19 documents: enough to be laid out in two processes
    trusted = signing_certificate(office, "Phòng Giáo dục và Đào tạo A")[1]

    job = services.dossier_start(actor=None, session=session)
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        job.refresh_from_db()
        if job.status in (RenderJob.Status.DONE, RenderJob.Status.FAILED):
            break
        time.sleep(0.5)

    # Without its daemonic flag lifted the child could not fork ("daemonic processes are
    # not allowed to have children"), and the job would be FAILED with that reason.
    assert job.status == RenderJob.Status.DONE, job.error
    assert job.progress == 100
    with job.file.open("rb") as handle:
        archive = zipfile.ZipFile(io.BytesIO(handle.read()))
    assert len(archive.namelist()) == 1 + 19
    for name in (
        award_documents.merged_member(archive),
        "19 Tóm tắt thành tích - Giáo viên Thứ 8.pdf",
    ):
        [state] = verify_pdf(archive.read(name), trust_roots=[trusted])
        assert state.ok and state.covers_whole_file
    log = prefork_worker.read_text(errors="replace")
    assert "succeeded" in log and "daemonic" not in log
