"""The notification centre: the header's badge and dropdown (htmx), and the whole page."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from core.forms import posted_ids
from units.selectors import get_visible_or_404

from . import selectors, services


@login_required
def notification_badge(request):
    return render(
        request, "notifications/_badge.html", {"unread": selectors.unread_count(request.user)}
    )


@login_required
def notification_list(request):
    """The dropdown of the header (htmx) or the whole page."""
    if request.htmx:
        context = {"notifications": selectors.recent_notifications(request.user)}
        return render(request, "notifications/_menu.html", context)
    context = {"notifications": selectors.recent_notifications(request.user, limit=200)}
    return render(request, "notifications/list.html", context)


@login_required
@require_POST
def notifications_read(request):
    ids = None if request.POST.get("all") else posted_ids(request.POST.getlist("ids"))
    services.notifications_mark_read(user=request.user, ids=ids)
    if request.htmx:
        response = notification_list(request)
        response["HX-Trigger"] = "notifications-changed"
        return response
    return redirect("notifications:list")


@login_required
def notification_open(request, notification_id):
    """Follow a notification's link, marking it read."""
    notification = get_visible_or_404(selectors.notifications_of(request.user), pk=notification_id)
    services.notifications_mark_read(user=request.user, ids=[notification.pk])
    return redirect(notification.url or "notifications:list")
