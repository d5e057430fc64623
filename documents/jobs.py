"""Background render jobs: a registered builder (`documents.builders`) renders one object
into a file while the user follows the job's progress.

- `render_job_start`: queue a builder's render once the caller's transaction commits: a Celery
  task, or without a broker a background thread of this process (`documents.background`). A
  second start while the same document waits or renders follows that job.
- `render_job_recover`: queue again, or fail, a job whose background thread is gone; send
  again a job the broker did not take (it was away when the job was queued).
"""

from __future__ import annotations

import datetime
import uuid

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from core.queueing import publish
from units.permissions import Actor, as_user

from . import background, builders
from .models import RenderJob
from .tasks import render_document

# How long a waiting or running job of the same document is followed instead of starting
# another one.
UNFINISHED_JOB_REUSED_FOR = datetime.timedelta(minutes=15)


@transaction.atomic
def render_job_start(*, actor: Actor, builder: str, object_id: int, tenant=None) -> RenderJob:
    """Queue the background render of `object_id` by the registered `builder`.

    The render starts once the caller's transaction commits, in a Celery worker, or without
    a broker in a thread of this process (never inside the request); the user follows the
    job's status and progress. `tenant` defaults to the actor's (pass it when the system
    renders).
    """
    if not builders.is_registered(builder):
        raise ValidationError(_("Unknown document: %(name)s.") % {"name": builder})
    tenant_id = tenant.pk if tenant is not None else getattr(actor, "tenant_id", None)
    if tenant_id is None:
        raise ValidationError(_("A render job needs a tenant."))
    unfinished = (
        RenderJob.objects.filter(
            tenant_id=tenant_id,
            builder=builder,
            object_id=object_id,
            status__in=(RenderJob.Status.PENDING, RenderJob.Status.RUNNING),
            created_at__gte=timezone.now() - UNFINISHED_JOB_REUSED_FOR,
        )
        .order_by("-pk")
        .first()
    )
    if unfinished is not None and not background.abandoned(unfinished):
        # A second click while the same document renders follows that render; a job stuck
        # longer than UNFINISHED_JOB_REUSED_FOR (a lost broker message) no longer blocks one.
        return unfinished
    in_thread = background.enabled()
    job = RenderJob.objects.create(
        tenant_id=tenant_id,
        requested_by=as_user(actor),
        builder=builder,
        object_id=object_id,
        task_id=str(uuid.uuid4()),
        runner=background.runner() if in_thread else "",
        heartbeat_at=timezone.now() if in_thread else None,
    )
    _queue_on_commit(job, in_thread)
    return job


def _queue_on_commit(job: RenderJob, in_thread: bool) -> None:
    if in_thread:
        transaction.on_commit(lambda: background.submit(job.pk))
    else:
        transaction.on_commit(lambda: _publish(job.pk, job.task_id))


def _publish(job_id: int, task_id: str) -> None:
    """Send the job to the workers; a broker that is away leaves it pending with no task id,
    which tells the job's next poll to send it again (`render_job_recover`)."""
    if not publish(render_document, (job_id,), task_id=task_id):
        RenderJob.objects.filter(
            pk=job_id, task_id=task_id, status=RenderJob.Status.PENDING
        ).update(task_id="")


def unpublished(job: RenderJob) -> bool:
    """A job for the workers whose message the broker never took (`_publish`)."""
    return job.status == RenderJob.Status.PENDING and not job.runner and not job.task_id


# A job whose thread was lost is queued again this many times, then failed: a document
# that brings its process down (out of memory) must not do so on every poll.
RENDER_RESTARTS_MAX = 1


def render_job_recover(*, job: RenderJob) -> RenderJob:
    """The job as it now is, after queueing it again (or failing it, once it has been
    queued again RENDER_RESTARTS_MAX times) if it waits or renders in a background thread
    that is gone: its process stopped; or after sending it to the workers again if the
    broker was away when it was queued (it is not counted as a restart). Called on each
    poll of the job's status; only one poll takes the job over."""
    if unpublished(job):
        with transaction.atomic():
            waiting = RenderJob.objects.filter(
                pk=job.pk, task_id="", runner="", status=RenderJob.Status.PENDING
            )
            if waiting.update(task_id=str(uuid.uuid4())):
                job.refresh_from_db()
                _queue_on_commit(job, in_thread=False)
        job.refresh_from_db()
        return job
    if not background.abandoned(job):
        return job  # no query: the poll of a job that renders costs nothing more
    with transaction.atomic():
        _render_job_take_over(job)
    job.refresh_from_db()
    return job


def _render_job_take_over(job: RenderJob) -> None:
    unchanged = RenderJob.objects.filter(pk=job.pk, runner=job.runner, status=job.status)
    if job.restarts < RENDER_RESTARTS_MAX:
        in_thread = background.enabled()
        if unchanged.update(
            status=RenderJob.Status.PENDING,
            progress=0,
            restarts=F("restarts") + 1,
            runner=background.runner() if in_thread else "",
            heartbeat_at=timezone.now() if in_thread else None,
            task_id=str(uuid.uuid4()),
        ):
            job.refresh_from_db()
            _queue_on_commit(job, in_thread)
    else:
        unchanged.update(
            status=RenderJob.Status.FAILED,
            error=_("The server stopped while it rendered this document: produce it again."),
            finished_at=timezone.now(),
        )
