"""The notification centre: the header's badge and dropdown (htmx), and the whole page."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.forms import posted_ids
from units.selectors import get_visible_or_404

from . import delivery, rules, selectors, services
from .forms import ChannelsForm


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


@login_required
def notification_channels(request):
    """ "Cách nhận thông báo": the person's channel for each kind."""
    if request.user.tenant_id is None:
        raise Http404
    form = ChannelsForm(request.POST or None, initial=services.channel_choices_for(request.user))
    if request.method == "POST" and form.is_valid():
        services.channel_choices_save(
            actor=request.user, user=request.user, channels=form.channels()
        )
        messages.success(request, _("Your choices were saved."))
        return redirect("notifications:channels")
    return render(request, "notifications/channels.html", {"form": form})


@login_required
def notification_settings(request):
    """The tenant administrator's page: the default channel of each kind, and the
    notification e-mails that could not be delivered."""
    tenant = request.tenant
    if tenant is None or not rules.can_manage_notifications(request.user, tenant.pk):
        raise PermissionDenied
    form = ChannelsForm(request.POST or None, initial=services.channel_defaults_for(tenant.pk))
    if request.method == "POST" and form.is_valid():
        services.channel_defaults_save(actor=request.user, tenant=tenant, channels=form.channels())
        messages.success(request, _("The default channels were saved."))
        return redirect("notifications:settings")
    context = {"form": form, "failed": selectors.failed_deliveries(tenant.pk)}
    return render(request, "notifications/settings.html", context)


@login_required
@require_POST
def notification_retry(request):
    """Send again the failed e-mails the tenant administrator ticked."""
    tenant = request.tenant
    if tenant is None:
        raise PermissionDenied
    ids = posted_ids(request.POST.getlist("ids"))
    count = delivery.deliveries_retry(actor=request.user, tenant_id=tenant.pk, ids=ids)
    if count:
        messages.success(request, _("%(count)d e-mails will be sent again.") % {"count": count})
    else:
        messages.warning(request, _("Tick the e-mails to send again."))
    return redirect("notifications:settings")
