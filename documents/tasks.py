"""Celery tasks of the document engine. They only run services and builders."""

from __future__ import annotations

import logging

from celery import shared_task
from django.core.files.base import ContentFile
from django.utils import timezone

from units.rls import tenant_scope

from . import builders
from .models import RenderJob

logger = logging.getLogger(__name__)


@shared_task(name="documents.render_document")
def render_document(job_id: int) -> str:
    """Run the builder of render job `job_id` and store its PDF in the job's file.

    Idempotent: a job already DONE is left alone, so a redelivered task does nothing. Any
    error marks the job FAILED with its text for the user to see; the task itself then ends
    normally, so a broken document is never retried forever.
    """
    job = RenderJob.objects.filter(pk=job_id).first()
    if job is None:
        logger.warning("Render job %s no longer exists.", job_id)
        return "missing"
    if job.status == RenderJob.Status.DONE:
        return job.status
    job.status, job.progress, job.error, job.finished_at = RenderJob.Status.RUNNING, 0, "", None
    job.save(update_fields=["status", "progress", "error", "finished_at"])

    def progress(percent: int) -> None:
        # 100 is set only once the file is stored.
        value = max(0, min(99, int(percent)))
        RenderJob.objects.filter(pk=job.pk).update(progress=value)

    try:
        build = builders.get(job.builder)
        with tenant_scope(job.tenant_id):  # the document sees its tenant's rows only
            filename, document = build(job.object_id, progress)
        if job.file:  # left by an earlier attempt that did not finish
            job.file.delete(save=False)
        # A builder returns a rendered document, or plain bytes for other files (a ZIP).
        content = document if isinstance(document, bytes) else document.pdf
        job.file.save(filename, ContentFile(content), save=False)
    except Exception as exc:
        logger.exception("Render job %s (%s #%s) failed.", job.pk, job.builder, job.object_id)
        job.status = RenderJob.Status.FAILED
        job.error = f"{type(exc).__name__}: {exc}"
        job.finished_at = timezone.now()
        job.save(update_fields=["status", "error", "finished_at"])
        return job.status
    job.filename = filename
    job.status = RenderJob.Status.DONE
    job.progress = 100
    job.finished_at = timezone.now()
    job.save(update_fields=["file", "filename", "status", "progress", "finished_at"])
    return job.status
