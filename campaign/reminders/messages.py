"""The words of a reminder: its e-mail (always in Vietnamese, plain text and HTML) and its
in-app notification (in the site's language)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from campaign.models import ReminderLog
from documents.formatting import vn_date
from notifications.services import Message
from units.models import Unit

from .topics import Topic

if TYPE_CHECKING:
    from .planning import Planned

Kind = ReminderLog.Kind


def no_address_error() -> str:
    """Why an e-mail could not go (recorded on its log row), in the site's language."""
    with translation.override(settings.LANGUAGE_CODE):
        return _(
            "No e-mail address: the unit has no head or staff with an e-mail, nor one of its own."
        )


def _site(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def message_context(log: ReminderLog) -> dict:
    topic = Topic.of(log)
    campaign = topic.campaign
    context = {
        "log": log,
        "campaign": campaign,
        "what": topic.what,
        "phase_name": topic.phase_name,
        "unit": log.unit,
        "receiver": topic.receiver,
        "owed": topic.owed_phrase,
        "due": vn_date(log.due_date),
        "days_left": log.offset,
        "days_late": max(-log.offset, 0),
        "plan_number": campaign.number.display if campaign.number else "",
        "plan_subject": subject_after_ve(campaign.title),
        "plan_issued": vn_date(campaign.issued_on) if campaign.issued_on else "",
    }
    if log.kind == Kind.DIGEST:
        late_ids = log.detail.get("late", [])
        names = Unit.objects.in_bulk(late_ids)
        context["late_units"] = [names[pk] for pk in late_ids if pk in names]
        context["expected"] = log.detail.get("expected", 0)
        context["link"] = _site(topic.board_url())
    else:
        context["link"] = _site(topic.unit_url())
    return context


def subject_after_ve(title: str) -> str:
    """A plan's summary as it reads after "về ...": "Phát động phong trào" becomes "phát
    động phong trào"; an acronym ("CCHC ...") keeps its capitals."""
    if len(title) > 1 and title[0].isupper() and title[1].islower():
        return title[0].lower() + title[1:]
    return title


def _subject(context: dict) -> str:
    log, what = context["log"], context["what"]
    if log.kind == Kind.DIGEST:
        return (
            f"{len(context['late_units'])}/{context['expected']} đơn vị chưa nộp: {what}, "
            f"hạn {context['due']}"
        )
    if log.kind == Kind.OVERDUE:
        return f"Quá hạn: {what}, hạn {context['due']}"
    return f"Nhắc hạn: {what}, hạn {context['due']}"


def reminder_email(log: ReminderLog) -> EmailMultiAlternatives:
    """The e-mail of one log row, always in Vietnamese, plain text and HTML. Its Message-ID
    is the row's, so a mail system can tell a copy from a second message."""
    with translation.override("vi"):
        context = message_context(log)
        context["subject"] = _subject(context)
        name = "digest" if log.kind == Kind.DIGEST else "reminder"
        text = render_to_string(f"campaign/emails/{name}.txt", context)
        html = render_to_string(f"campaign/emails/{name}.html", context)
    domain = settings.DEFAULT_FROM_EMAIL.rsplit("@", 1)[-1].strip(">") or "localhost"
    message = EmailMultiAlternatives(
        subject=context["subject"],
        body=text,
        to=log.recipients,
        headers={"Message-ID": f"<reminder-{log.pk}-{log.batch}@{domain}>"},
    )
    message.attach_alternative(html, "text/html")
    return message


def notification_of(plan: Planned) -> Message:
    """The in-app notification of an in-app reminder, to the users it lists."""
    return Message(
        users=plan.log.recipients,
        tenant=plan.log.tenant_id,
        kind="reminder",
        reminder_id=plan.log.pk,
        **_notification_text(plan),
    )


def _notification_text(plan: Planned) -> dict:
    """Title, body and link of an in-app notification, in the site's language."""
    with translation.override(settings.LANGUAGE_CODE):
        return _notification_text_now(plan)


def _notification_text_now(plan: Planned) -> dict:
    log, topic = plan.log, plan.topic
    what = topic.what
    if log.kind == Kind.DIGEST:
        title = _("%(late)d of %(expected)d units still owe: %(what)s") % {
            "late": len(plan.late_units),
            "expected": plan.expected,
            "what": what,
        }
        url = topic.board_url()
    else:
        if log.kind == Kind.OVERDUE:
            title = _("Overdue: %(what)s") % {"what": what}
        else:
            title = _("Due %(date)s: %(what)s") % {"date": vn_date(log.due_date), "what": what}
        url = topic.unit_url()
    body = f"{topic.campaign.title} · {plan.unit_name}"
    return {"title": title[:500], "body": body, "url": url}
