import mimetypes

from django.contrib.auth.decorators import login_required
from django.http import FileResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from units.selectors import get_visible_or_404

from .jobs import render_job_recover
from .models import RenderJob
from .selectors import visible_render_jobs


def job_file_response(job: RenderJob) -> FileResponse:
    content_type = mimetypes.guess_type(job.filename)[0] or "application/octet-stream"
    return FileResponse(job.file.open("rb"), filename=job.filename, content_type=content_type)


def job_status_response(
    request, job: RenderJob, download_url: str, status_url: str, downloads=(), docx_url=""
):
    """The progress of a job: a partial that htmx polls while it runs, or the whole page.
    `downloads` ((label, url), ...) replaces the single PDF link when a job offers several;
    `docx_url` adds the Word file's button beside the PDF's once the job is done.
    A job whose background thread is gone is queued again or failed here (each poll)."""
    job = render_job_recover(job=job)
    template = "documents/_job_status.html" if request.htmx else "documents/job_status.html"
    context = {
        "job": job,
        "download_url": download_url,
        "status_url": status_url,
        "downloads": downloads,
        "docx_url": docx_url,
    }
    return render(request, template, context)


@login_required
def job_status(request, renderjob_id):
    job = get_visible_or_404(visible_render_jobs(request.user), pk=renderjob_id)
    download_url = reverse("documents:job_download", kwargs={"renderjob_id": job.pk})
    downloads = ()
    if job.filename and not job.filename.endswith(".pdf"):  # a ZIP (of Word files)
        downloads = [(_("Download %(name)s") % {"name": job.filename}, download_url)]
    return job_status_response(
        request, job, download_url=download_url, status_url=request.path, downloads=downloads
    )


@login_required
def job_download(request, renderjob_id):
    job = get_visible_or_404(
        visible_render_jobs(request.user).filter(status=RenderJob.Status.DONE), pk=renderjob_id
    )
    return job_file_response(job)
