"""Background renders: a job runs its registered builder once, stores the PDF and shows its
state; a failing builder leaves the job FAILED with the reason, never silent."""

import pytest
from django.core.exceptions import ValidationError

from documents import builders
from documents.models import RenderJob
from documents.services import RenderedDocument, render_job_start
from documents.tasks import render_document
from tests.factories import UnitFactory, UserFactory

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.7\n% test document\n"
calls = []


@builders.register("tests.documents.test_render_jobs.sample")
def build_sample(object_id, progress):
    job = RenderJob.objects.get(object_id=object_id)
    progress(40)
    calls.append((object_id, RenderJob.objects.get(pk=job.pk).progress))
    return f"ke-hoach-{object_id}.pdf", RenderedDocument(html="<p>x</p>", pdf=PDF)


@builders.register("tests.documents.test_render_jobs.broken")
def build_broken(object_id, progress):
    progress(30)
    raise RuntimeError(f"Không tìm thấy kế hoạch #{object_id}")


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    calls.clear()


@pytest.fixture
def user():
    return UserFactory(tenant=UnitFactory().tenant)


def start(user, builder="tests.documents.test_render_jobs.sample", object_id=7):
    return render_job_start(actor=user, builder=builder, object_id=object_id)


def test_a_job_waits_for_the_commit_then_renders_and_stores_the_file(
    user, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        job = start(user)
    job.refresh_from_db()
    assert job.status == RenderJob.Status.PENDING and calls == []

    callbacks[0]()

    job.refresh_from_db()
    assert job.status == RenderJob.Status.DONE
    assert job.progress == 100
    assert job.filename == "ke-hoach-7.pdf"
    assert job.finished_at is not None and job.error == ""
    assert job.tenant_id == user.tenant_id and job.requested_by == user
    assert job.task_id
    with job.file.open("rb") as stored:
        assert stored.read() == PDF
    assert calls == [(7, 40)]  # the builder's progress was visible while it ran


def test_a_finished_job_is_not_rendered_again(user, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        job = start(user)
    job.refresh_from_db()
    stored_name = job.file.name

    render_document(job.pk)

    job.refresh_from_db()
    assert len(calls) == 1
    assert job.file.name == stored_name and job.status == RenderJob.Status.DONE


def test_a_failing_builder_leaves_the_job_failed_with_the_reason(
    user, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        job = start(user, builder="tests.documents.test_render_jobs.broken", object_id=9)

    job.refresh_from_db()
    assert job.status == RenderJob.Status.FAILED
    assert job.error == "RuntimeError: Không tìm thấy kế hoạch #9"
    assert job.progress == 30
    assert not job.file
    assert job.finished_at is not None


def test_a_failed_job_can_be_run_again(user, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        job = start(user)
    RenderJob.objects.filter(pk=job.pk).update(
        status=RenderJob.Status.FAILED, error="RuntimeError: tạm thời"
    )

    render_document(job.pk)

    job.refresh_from_db()
    assert (job.status, job.error, job.progress) == (RenderJob.Status.DONE, "", 100)


def test_a_job_whose_builder_has_gone_fails_visibly(user):
    job = RenderJob.objects.create(
        tenant_id=user.tenant_id, builder="tests.documents.nothing_here.plan", object_id=1
    )

    render_document(job.pk)

    job.refresh_from_db()
    assert job.status == RenderJob.Status.FAILED
    assert job.error.startswith("LookupError: No document builder")


def test_an_unknown_builder_cannot_be_started(user):
    with pytest.raises(ValidationError):
        start(user, builder="tests.documents.test_render_jobs.missing")

    assert not RenderJob.objects.exists()


def test_a_builder_name_is_registered_once():
    with pytest.raises(ValueError):
        builders.register("tests.documents.test_render_jobs.sample")(lambda object_id, p: None)


def test_a_second_click_while_the_document_renders_follows_that_render(
    user, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        first = start(user)
        again = start(user)
        other = start(user, object_id=8)
    assert again.pk == first.pk and other.pk != first.pk
    assert len(callbacks) == 2  # one render queued per document

    callbacks[0]()
    first.refresh_from_db()
    assert first.status == RenderJob.Status.DONE
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        after = start(user)  # done: a new click renders it again
    assert after.pk != first.pk and len(callbacks) == 1


def test_a_job_stuck_waiting_for_long_no_longer_blocks_a_new_render(
    user, django_capture_on_commit_callbacks
):
    from django.utils import timezone

    from documents.jobs import UNFINISHED_JOB_REUSED_FOR

    with django_capture_on_commit_callbacks(execute=False):
        stuck = start(user)
    created = timezone.now() - UNFINISHED_JOB_REUSED_FOR - timezone.timedelta(minutes=1)
    RenderJob.objects.filter(pk=stuck.pk).update(created_at=created)

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        fresh = start(user)

    assert fresh.pk != stuck.pk and len(callbacks) == 1
