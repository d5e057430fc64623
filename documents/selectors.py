"""Reads of the document engine."""

from django.db.models import QuerySet

from units.models import User
from units.permissions import is_tenant_admin

from .models import RenderJob


def visible_render_jobs(user: User) -> QuerySet[RenderJob]:
    """A user follows and downloads the jobs they started; the tenant administrator all of the
    tenant's. Jobs the system starts (a plan's official copy at launch) are served by the
    owning app's own views, behind that object's permission."""
    if user.tenant_id is None:
        return RenderJob.objects.none()
    jobs = RenderJob.objects.filter(tenant_id=user.tenant_id)
    return jobs if is_tenant_admin(user) else jobs.filter(requested_by=user)


def latest_job(builder: str, object_id: int) -> RenderJob | None:
    return RenderJob.objects.filter(builder=builder, object_id=object_id).order_by("-pk").first()
