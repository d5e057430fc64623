"""The dossier rendered by a real Celery prefork worker on a real Redis broker: the pool's
children are daemonic, yet the dossier's documents are laid out and signed by processes
forked from one of them, and the child's database connection survives its workers."""

import io
import time
import uuid
import zipfile

import pytest
from django.conf import settings

from awards import documents as award_documents
from awards import services
from documents.models import RenderJob
from documents.signing import verify_pdf
from tests.factories import council, signing_certificate
from tests.integration.workers import Workers, app_on_broker
from units.permissions import SYSTEM

pytestmark = [
    pytest.mark.redis,
    pytest.mark.postgres,  # the worker process must reach the test's database
    # Committed rows (the worker reads them); the unit kinds of the data migration restored.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def prefork_worker(tmp_path):
    """A `celery worker --pool=prefork` on the test's database and its own queue, with the
    project's app in this process pointed at the same broker: its log's path."""
    queue = f"dossier-{uuid.uuid4().hex[:8]}"
    workers = Workers(
        queue,
        tmp_path,
        pool="prefork",
        DOCUMENT_RENDER_PROCESSES="2",
        MEDIA_ROOT=str(settings.MEDIA_ROOT),
    )
    with app_on_broker(queue):
        workers.start()
        yield workers.log_path(0)
        workers.stop_all()


def test_a_prefork_worker_renders_and_signs_the_dossier_in_its_own_processes(tree, prefork_worker):
    office = tree["office_a"]
    session = council(office)  # 19 documents: enough to be laid out in two processes
    trusted = signing_certificate(office, "Phòng Giáo dục và Đào tạo A")[1]

    job = services.dossier_start(actor=SYSTEM, session=session)
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
