"""Without a broker, a render job runs in a background thread of the web process, with its
own database connection: the view answers at once, the status shows the progress to the
end and the file is served; a failure stays on the job; at most DOCUMENT_RENDER_THREADS
render at once; a job whose thread was lost with its process is queued again on its next
poll, then failed. With a broker the job goes to Celery as before."""

import datetime
import subprocess
import sys
import threading
import time

import pytest
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from awards import services as award_services
from documents import background, builders
from documents.models import RenderJob
from documents.services import RenderedDocument, pdf_text, render_job_start
from documents.tasks import render_document
from tests.factories import UnitFactory, council, member
from units.models import Role

PDF = b"%PDF-1.7\n% background test document\n"
DEADLINE = 120  # seconds: only a broken render waits this long; a passing one returns early
gate = threading.Event()


@builders.register("tests.documents.test_background_renders.gated")
def build_gated(object_id, progress):
    """Waits, at 50%, until the test opens the gate."""
    progress(50)
    if not gate.wait(DEADLINE):
        raise TimeoutError("the gate was never opened")
    return f"van-ban-{object_id}.pdf", RenderedDocument(html="", pdf=PDF)


@builders.register("tests.documents.test_background_renders.quick")
def build_quick(object_id, progress):
    progress(60)
    return f"van-ban-{object_id}.pdf", RenderedDocument(html="", pdf=PDF)


@builders.register("tests.documents.test_background_renders.broken")
def build_broken(object_id, progress):
    progress(30)
    raise RuntimeError(f"Thiếu dữ liệu của hồ sơ #{object_id}")


@pytest.fixture(autouse=True)
def _gate_closed():
    gate.clear()
    yield
    gate.set()  # a thread still waiting ends, whatever the test's outcome


def poll(client, url, *, until=("done", "failed")):
    """The status view, as htmx polls it, until the job is in one of `until`; returns the
    last partial and the progress values seen on the way."""
    seen = []
    give_up = time.monotonic() + DEADLINE
    while True:
        response = client.get(url, headers={"HX-Request": "true"})
        assert response.status_code == 200
        job = response.context["job"]
        seen.append((job.status, job.progress))
        if job.status in until:
            return response.content.decode(), seen
        assert time.monotonic() < give_up, f"still {seen[-1]} after {DEADLINE} s"
        time.sleep(0.1)


def wait_for(predicate, what):
    give_up = time.monotonic() + DEADLINE
    while not predicate():
        assert time.monotonic() < give_up, f"never: {what}"
        time.sleep(0.05)


def start(user, builder, object_id=5):
    with transaction.atomic():  # the thread takes the job once this commits
        return render_job_start(
            actor=user,
            builder=f"tests.documents.test_background_renders.{builder}",
            object_id=object_id,
        )


def status(job):
    job.refresh_from_db()
    return job.status


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_dossier_view_answers_before_the_render_and_the_status_shows_it_to_the_download(
    tree, client, background_renders
):
    session = council(tree["office_a"], collectives=3, individuals=2)
    client.force_login(member(tree["office_a"], Role.AWARD_OFFICER))

    response = client.post(reverse("awards:dossier_start", args=[session.pk]))

    assert response.status_code == 302
    job = RenderJob.objects.get(builder=award_services.DOSSIER_BUILDER)
    assert job.status in (RenderJob.Status.PENDING, RenderJob.Status.RUNNING)
    assert job.runner == background.runner()
    page = client.get(response["Location"]).content.decode()
    assert 'data-testid="job-status"' in page and 'data-hx-trigger="every 1s"' in page

    partial, seen = poll(client, reverse("awards:dossier_status", args=[session.pk]))

    assert seen[-1] == ("done", 100), partial
    assert any(state in ("pending", "running") and progress < 100 for state, progress in seen)
    progresses = [progress for _state, progress in seen]
    assert progresses == sorted(progresses)  # the bar only moves forward
    assert "data-hx-get" not in partial  # polling stops once done
    pdf_url = reverse("awards:dossier_pdf", args=[session.pk])
    assert f'href="{pdf_url}"' in partial
    download = client.get(pdf_url)
    assert download["Content-Type"] == "application/pdf"
    text = " ".join(pdf_text(download.content, layout=False).split())
    assert "TỜ TRÌNH" in text and "BIÊN BẢN" in text


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_failing_render_in_a_thread_leaves_the_job_failed_with_the_reason_on_its_page(
    tree, client, background_renders
):
    officer = member(tree["office_a"], Role.AWARD_OFFICER)
    client.force_login(officer)

    job = start(officer, "broken", object_id=9)

    partial, seen = poll(client, reverse("documents:job_status", args=[job.pk]))
    assert seen[-1] == ("failed", 30)
    assert "Thiếu dữ liệu của hồ sơ #9" in partial
    job.refresh_from_db()
    assert job.error == "RuntimeError: Thiếu dữ liệu của hồ sơ #9" and not job.file


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_no_more_renders_run_at_once_than_the_setting_allows_and_waiting_jobs_stay_alive(
    tree, settings, background_renders
):
    settings.DOCUMENT_RENDER_THREADS = 1
    officer = member(tree["office_a"], Role.AWARD_OFFICER)

    first, second = start(officer, "gated", 1), start(officer, "gated", 2)

    wait_for(lambda: RenderJob.objects.get(pk=first.pk).progress == 50, "first at 50%")
    time.sleep(0.3)  # room for a second render to start, were it allowed to
    assert (status(second), second.progress) == (RenderJob.Status.PENDING, 0)
    # Its process keeps saying it has the waiting job, so no poll takes it over.
    created = second.heartbeat_at
    wait_for(lambda: RenderJob.objects.get(pk=second.pk).heartbeat_at > created, "heartbeat")
    assert not background.abandoned(RenderJob.objects.get(pk=second.pk))

    gate.set()

    wait_for(lambda: status(second) == RenderJob.Status.DONE, "second done")
    assert status(first) == RenderJob.Status.DONE
    with second.file.open("rb") as stored:
        assert stored.read() == PDF


def dead_process_runner() -> str:
    """The runner name of a process of this host that has exited."""
    process = subprocess.Popen([sys.executable, "-c", "pass"])
    process.wait()  # reaped: its pid is free
    host = background.runner().split(":")[0]
    return f"{host}:{process.pid}:0123456789ab"


def orphan(user, *, status, restarts=0, **fields):
    return RenderJob.objects.create(
        tenant_id=user.tenant_id,
        requested_by=user,
        builder="tests.documents.test_background_renders.quick",
        object_id=4,
        status=status,
        progress=40 if status == RenderJob.Status.RUNNING else 0,
        heartbeat_at=timezone.now(),
        restarts=restarts,
        **fields,
    )


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_job_whose_process_exited_is_queued_again_on_its_next_poll_and_finishes(
    tree, client, background_renders
):
    officer = member(tree["office_a"], Role.AWARD_OFFICER)
    client.force_login(officer)
    job = orphan(officer, status=RenderJob.Status.RUNNING, runner=dead_process_runner())

    partial, seen = poll(client, reverse("documents:job_status", args=[job.pk]))

    assert seen[0][0] == "pending"  # the first poll took it over
    assert seen[-1] == ("done", 100), partial
    job.refresh_from_db()
    assert job.restarts == 1 and job.runner == background.runner()
    with job.file.open("rb") as stored:
        assert stored.read() == PDF


@pytest.mark.django_db
def test_a_job_lost_again_after_its_restart_fails_with_a_message_to_produce_it_again(tree, client):
    officer = member(tree["office_a"], Role.AWARD_OFFICER)
    client.force_login(officer)
    job = orphan(officer, status=RenderJob.Status.RUNNING, runner=dead_process_runner(), restarts=1)

    page = client.get(reverse("documents:job_status", args=[job.pk])).content.decode()

    job.refresh_from_db()
    assert job.status == RenderJob.Status.FAILED and job.finished_at is not None
    assert "Máy chủ đã dừng trong khi đang tạo văn bản này" in page


@pytest.mark.django_db
def test_a_job_of_a_living_process_is_left_alone_until_its_heartbeat_stops(tree, client):
    officer = member(tree["office_a"], Role.AWARD_OFFICER)
    client.force_login(officer)
    # Another machine (no process to look up): only its heartbeat tells.
    job = orphan(officer, status=RenderJob.Status.RUNNING, runner="may-khac:123:0123456789ab")
    url = reverse("documents:job_status", args=[job.pk])

    client.get(url)
    assert (status(job), job.restarts) == (RenderJob.Status.RUNNING, 0)

    RenderJob.objects.filter(pk=job.pk).update(
        heartbeat_at=timezone.now() - datetime.timedelta(seconds=background.STALE_SECONDS + 1),
        restarts=1,
    )
    client.get(url)
    assert status(job) == RenderJob.Status.FAILED


@pytest.mark.django_db
def test_a_job_of_this_process_that_no_thread_has_is_abandoned_after_a_moment(tree):
    officer = member(tree["office_a"], Role.AWARD_OFFICER)
    job = orphan(officer, status=RenderJob.Status.PENDING, runner=background.runner())

    assert not background.abandoned(job)  # just queued: its thread takes it at the commit
    job.heartbeat_at -= datetime.timedelta(seconds=2 * background.HEARTBEAT_SECONDS + 1)
    assert background.abandoned(job)
    job.status = RenderJob.Status.DONE
    assert not background.abandoned(job)


@pytest.mark.django_db
def test_with_a_broker_the_job_goes_to_celery_and_no_thread_takes_it(
    settings, django_capture_on_commit_callbacks
):
    settings.DOCUMENT_RENDER_THREADS = 2
    user = member(UnitFactory(), Role.UNIT_HEAD)
    app = render_document.app
    eager = app.conf.task_always_eager
    app.conf.task_always_eager = False  # the test settings' broker is in memory
    try:
        with django_capture_on_commit_callbacks(execute=True):
            job = render_job_start(
                actor=user, builder="tests.documents.test_background_renders.quick", object_id=3
            )
    finally:
        app.conf.task_always_eager = eager

    job.refresh_from_db()
    assert (job.status, job.runner, job.heartbeat_at) == (RenderJob.Status.PENDING, "", None)
    assert not background.abandoned(job)
