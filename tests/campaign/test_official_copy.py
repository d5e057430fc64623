"""At launch the plan's official PDF is rendered once in the background; users follow its
progress and download the stored copy."""

import datetime

import pytest
from django.urls import reverse

from campaign.documents import PLAN_BUILDER
from documents.models import RenderJob
from documents.services import pdf_text
from tests.factories import campaign, member
from units.models import Role

pytestmark = pytest.mark.django_db


def test_launch_renders_the_official_copy_once_after_commit(
    tree, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        plan = campaign(tree["office_a"], launch_on=datetime.date(2024, 3, 20))

    assert len(callbacks) == 1
    job = RenderJob.objects.get(builder=PLAN_BUILDER, object_id=plan.pk)
    assert (job.status, job.progress) == (RenderJob.Status.DONE, 100)
    text = pdf_text(job.file.read())
    assert f"Số: {plan.number.display}" in text
    assert "DỰ THẢO" not in text


def test_the_pdf_link_serves_the_stored_copy_to_participants(
    client, tree, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        plan = campaign(tree["office_a"], launch_on=datetime.date(2024, 3, 20))
    job = RenderJob.objects.get(builder=PLAN_BUILDER, object_id=plan.pk)
    client.force_login(member(tree["a1"], Role.UNIT_HEAD))

    response = client.get(reverse("campaign:pdf", kwargs={"campaign_id": plan.pk}))

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == job.file.open("rb").read()
    detail = client.get(reverse("campaign:detail", kwargs={"campaign_id": plan.pk}))
    assert 'data-status="done"' in detail.content.decode()


def test_a_draft_pdf_is_rendered_on_the_spot_and_marked_draft(client, tree):
    plan = campaign(tree["office_a"])
    client.force_login(member(tree["office_a"], Role.REVIEWER))

    response = client.get(reverse("campaign:pdf", kwargs={"campaign_id": plan.pk}))

    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    assert "DỰ THẢO" in text
    assert f"/KH-{tree['office_a'].code}" in text  # the number is left blank until issue


def test_while_rendering_the_page_polls_the_progress(client, tree):
    plan = campaign(tree["office_a"], launch_on=datetime.date(2024, 3, 20))  # job not run
    job = RenderJob.objects.get(builder=PLAN_BUILDER, object_id=plan.pk)
    RenderJob.objects.filter(pk=job.pk).update(status=RenderJob.Status.RUNNING, progress=40)
    client.force_login(member(tree["a1"], Role.UNIT_STAFF))
    url = reverse("campaign:pdf_status", kwargs={"campaign_id": plan.pk})

    partial = client.get(url, HTTP_HX_REQUEST="true").content.decode()

    assert 'hx-trigger="every 1s"' in partial
    assert "40%" in partial
    assert "<html" not in partial


def test_a_failed_render_is_shown_not_hidden(client, tree):
    plan = campaign(tree["office_a"], launch_on=datetime.date(2024, 3, 20))
    RenderJob.objects.filter(builder=PLAN_BUILDER, object_id=plan.pk).update(
        status=RenderJob.Status.FAILED, error="OSError: disk full"
    )
    client.force_login(member(tree["office_a"], Role.REVIEWER))

    page = client.get(reverse("campaign:detail", kwargs={"campaign_id": plan.pk})).content.decode()

    assert 'data-status="failed"' in page and "disk full" in page


def test_a_users_own_jobs_are_theirs_alone(client, tree):
    from documents.services import render_job_start

    owner = member(tree["office_a"], Role.REVIEWER)
    plan = campaign(tree["office_a"])
    job = render_job_start(actor=owner, builder=PLAN_BUILDER, object_id=plan.pk)
    url = reverse("documents:job_status", kwargs={"renderjob_id": job.pk})

    client.force_login(owner)
    assert client.get(url).status_code == 200
    client.force_login(member(tree["office_a"], Role.REVIEWER))
    assert client.get(url).status_code == 404
    client.force_login(member(tree["department"], Role.TENANT_ADMIN))
    assert client.get(url).status_code == 200
