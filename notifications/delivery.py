"""Delivering notifications outside the application, never twice.

At once: one e-mail per notification whose recipient chose (or defaults to) "e-mail at
once"; its `Delivery` row, written with the notification, is claimed in a transaction that
holds it, then recorded sent once the mail server took the e-mail (core/queueing.py: sent
once, even across a database restart), so a task run twice or redelivered finds it being
sent or sent. The daily digest: each morning's run (`digests_run`, Celery beat) writes one
`Digest` per person with digest deliveries waiting, unique per (person, day), attaches those
deliveries to it and queues one e-mail per digest on commit; a second run the same day
writes nothing for that person, a person with nothing new gets nothing.

An SMTP failure is retried with a doubling delay (`retry_delay`, the reminders' settings
REMINDER_RETRY_SECONDS and REMINDER_MAX_TRIES); after the last try the row is failed and
listed for the tenant administrator (`selectors.failed_deliveries`), who can send them
again (`deliveries_retry`).

Never lost: an e-mail or digest whose task the broker did not take (Redis was away at the
commit; the request still answered, core/queueing.py) stays pending and untried;
`deliveries_requeue` (Celery beat, every OUTBOX_REQUEUE_MINUTES) queues it again once it has
waited OUTBOX_STALE_MINUTES, as the next morning's digest run does for digests.
"""

from __future__ import annotations

import datetime
import smtplib
import uuid
from dataclasses import dataclass
from functools import partial
from itertools import groupby

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import F, OuterRef, Subquery
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from core.queueing import (
    claim,
    publish_on_commit,
    reclaim_stale_sending,
    record_when_back,
    stale_q,
)

from .kinds import Channel, Kind
from .models import Delivery, DeliveryStatus, Digest, Notification

Status = DeliveryStatus

# At most this many notifications in one e-mail task queued again.
REQUEUE_CHUNK = 500


def retry_delay(retries: int) -> int:
    """Seconds before the next try of a failed send: doubling, at most an hour."""
    return min(settings.REMINDER_RETRY_SECONDS * 2**retries, 3600)


def _domain() -> str:
    return settings.DEFAULT_FROM_EMAIL.rsplit("@", 1)[-1].strip(">") or "localhost"


def _link(url: str) -> str:
    return settings.SITE_URL.rstrip("/") + url if url else ""


def notification_email(notification: Notification) -> EmailMessage:
    """The e-mail of one notification, in Vietnamese; its Message-ID is the row's."""
    with translation.override("vi"):
        text = render_to_string(
            "notifications/emails/notification.txt",
            {"notification": notification, "link": _link(notification.url)},
        )
    return EmailMessage(
        subject=notification.title,
        body=text,
        to=[notification.user.email],
        headers={"Message-ID": f"<notification-{notification.pk}@{_domain()}>"},
    )


def notifications_email(*, ids: list[int]) -> int:
    """Send the e-mail of each notification of `ids` whose e-mail delivery is pending, each
    claimed in its own transaction holding its delivery row, then recorded sent: an SMTP
    error stops the run (the task retries) with the ones before it recorded as sent. Returns
    how many went out."""
    sent = 0
    for pk in ids:
        with transaction.atomic():
            delivery = (
                Delivery.objects.select_for_update(of=("self",))
                .select_related("notification__user")
                .filter(notification_id=pk, channel=Channel.EMAIL, status=Status.PENDING)
                .first()
            )
            if delivery is None:
                continue
            row = delivery.notification
            now = timezone.now()
            if not row.user.email:
                delivery.status = Status.NO_ADDRESS
                delivery.save(update_fields=["status"])
                continue
            message = notification_email(row)
            claim(delivery, now=now)
        try:
            message.send()
        except (smtplib.SMTPException, OSError):
            # Pending again, its try taken back: `email_attempt_failed` counts it with the
            # rest of the run's, which another task may be sending meanwhile.
            record_when_back(partial(_email_refused, delivery.pk))
            raise
        record_when_back(partial(_email_sent, delivery.pk, row.pk))
        sent += 1
    return sent


def _email_refused(delivery_id: int) -> None:
    Delivery.objects.filter(pk=delivery_id, status=Status.SENDING).update(
        status=Status.PENDING, attempts=F("attempts") - 1
    )


def _email_sent(delivery_id: int, notification_id: int) -> None:
    now = timezone.now()
    Delivery.objects.filter(pk=delivery_id, status=Status.SENDING).update(
        status=Status.SENT, sent_at=now
    )
    Notification.objects.filter(pk=notification_id).update(emailed_at=now)


def email_attempt_failed(*, ids: list[int], error: str, final: bool) -> None:
    """Count a failed try on the pending e-mails of `ids`; after the last, they are failed."""
    pending = Delivery.objects.filter(
        notification_id__in=ids, channel=Channel.EMAIL, status=Status.PENDING
    )
    changes = {"attempts": F("attempts") + 1, "last_error": error[:2000]}
    if final:
        changes["status"] = Status.FAILED
    record_when_back(lambda: pending.update(**changes))


# --- The daily digest ---


@dataclass
class DigestRun:
    day: datetime.date
    digests: int = 0
    entries: int = 0
    requeued: int = 0


@transaction.atomic
def digests_run(*, day: datetime.date | None = None) -> DigestRun:
    """Write today's digests and queue their e-mails: one per person with digest deliveries
    waiting, none for a person whose digest of the day was written already. A fixed number
    of queries."""
    day = day or timezone.localdate()
    waiting = Delivery.objects.filter(
        channel=Channel.DIGEST, digest__isnull=True, status=Status.PENDING
    )
    people = dict(waiting.values_list("user_id", "tenant_id").distinct())
    result = DigestRun(day=day)
    mine: list[int] = []
    if people:
        batch = uuid.uuid4()
        Digest.objects.bulk_create(
            [
                Digest(tenant_id=tenant_id, user_id=user_id, day=day, batch=batch)
                for user_id, tenant_id in people.items()
            ],
            ignore_conflicts=True,
        )
        written = Digest.objects.filter(batch=batch)
        result.entries = waiting.filter(user_id__in=written.values("user_id")).update(
            digest_id=Subquery(written.filter(user_id=OuterRef("user_id")).values("pk")[:1])
        )
        mine = list(written.values_list("pk", flat=True))
        result.digests = len(mine)
    stale = _stale_digests()
    result.requeued = len(stale)
    _queue_digests(mine + stale)
    return result


def _stale_digests() -> list[int]:
    """The pending digests no task will come for (`core.queueing.stale_q`): the broker
    refused or lost their task, or the process died between the commit and the queueing;
    and those a dead worker left being sent."""
    pending = Digest.objects.filter(stale_q(retry_delay=retry_delay), status=Status.PENDING)
    return list(pending.values_list("pk", flat=True)) + reclaim_stale_sending(
        Digest.objects.all(), pending=Status.PENDING
    )


@dataclass
class Requeued:
    emails: int = 0
    digests: int = 0


@transaction.atomic
def deliveries_requeue() -> Requeued:
    """Queue again the e-mails "at once" and the digests no task will come for
    (`core.queueing.stale_q`: the broker was away when they were written, or lost their
    task). Celery beat runs it every few minutes. Queued twice, each is still sent once:
    the sending holds its row and sends only while it is pending."""
    emails = Delivery.objects.filter(channel=Channel.EMAIL)
    at_once = list(
        emails.filter(stale_q(retry_delay=retry_delay), status=Status.PENDING)
        .order_by("notification_id")
        .values_list("notification_id", flat=True)
    ) + reclaim_stale_sending(emails, pending=Status.PENDING, key="notification_id")
    chunks = [at_once[n : n + REQUEUE_CHUNK] for n in range(0, len(at_once), REQUEUE_CHUNK)]
    _queue_emails(chunks)
    digests = _stale_digests()
    _queue_digests(digests)
    return Requeued(emails=len(at_once), digests=len(digests))


def _queue_emails(chunks: list[list[int]]) -> None:
    from .tasks import notification_email_task

    publish_on_commit(notification_email_task, [(ids,) for ids in chunks if ids])


def _queue_digests(ids: list[int]) -> None:
    from .tasks import digest_send_task

    publish_on_commit(digest_send_task, [(pk,) for pk in ids])


def digest_email(digest: Digest, notifications: list[Notification]) -> EmailMessage:
    """One person's digest of a day, in Vietnamese: each notification's title and link,
    grouped by kind (in the order of `Kind`)."""
    order = {kind: n for n, kind in enumerate(Kind.values)}
    ordered = sorted(notifications, key=lambda n: (order.get(n.kind, len(order)), n.pk))
    with translation.override("vi"):
        groups = [
            {
                "label": str(Kind(kind).label) if kind in order else "Thông báo khác",
                "items": [{"note": note, "link": _link(note.url)} for note in items],
            }
            for kind, items in groupby(ordered, key=lambda n: n.kind)
        ]
        subject = (
            f"Tổng hợp thông báo ngày {digest.day:%d/%m/%Y}: {len(notifications)} thông báo mới"
        )
        text = render_to_string(
            "notifications/emails/digest.txt",
            {
                "digest": digest,
                "groups": groups,
                "count": len(notifications),
                "centre": _link(reverse("notifications:list")),
                "choices": _link(reverse("notifications:channels")),
            },
        )
    return EmailMessage(
        subject=subject,
        body=text,
        to=[digest.user.email],
        headers={"Message-ID": f"<digest-{digest.pk}@{_domain()}>"},
    )


def digest_send(*, digest_id: int) -> str:
    """Send one pending digest once: claimed holding its row (a second task for it,
    redelivered or queued again, waits, then finds it being sent or sent), then recorded
    sent with its entries (core/queueing.py). SMTP errors propagate."""
    with transaction.atomic():
        digest = (
            Digest.objects.select_for_update(of=("self",))
            .select_related("user")
            .filter(pk=digest_id)
            .first()
        )
        if digest is None or digest.status != Status.PENDING:
            return digest.status if digest else "missing"
        entries = Delivery.objects.filter(digest=digest)
        if not digest.user.email:
            digest.status = Status.NO_ADDRESS
            digest.save(update_fields=["status"])
            entries.update(status=Status.NO_ADDRESS)
            return digest.status
        notifications = list(Notification.objects.filter(deliveries__digest=digest))
        message = digest_email(digest, notifications) if notifications else None
        claim(digest)
    if message is not None:
        message.send()

    def record():
        now = timezone.now()
        Digest.objects.filter(pk=digest_id, status=Status.SENDING).update(
            status=Status.SENT, sent_at=now
        )
        Delivery.objects.filter(digest_id=digest_id).update(status=Status.SENT, sent_at=now)

    record_when_back(record)
    return Status.SENT


def digest_attempt_failed(*, digest_id: int, error: str, final: bool) -> None:
    """A try the mail server refused: the digest is pending again; after the last one it
    and its entries are failed."""
    claimed = Digest.objects.filter(pk=digest_id, status=Status.SENDING)
    error = error[:2000]

    def record():
        put_back = claimed.update(
            status=Status.FAILED if final else Status.PENDING, last_error=error
        )
        if put_back and final:
            Delivery.objects.filter(digest_id=digest_id).update(
                status=Status.FAILED, last_error=error
            )

    record_when_back(record)


# --- Sending again what failed ---


@transaction.atomic
def deliveries_retry(*, actor, tenant_id: int, ids: list[int]) -> int:
    """The tenant administrator sends again the failed deliveries `ids` of their tenant
    (once the address is corrected or the mail server is back): each becomes pending with
    its tries counted afresh and is queued on commit; a failed digest is sent again whole.
    Returns how many deliveries were requeued."""
    from . import rules

    if not rules.can_manage_notifications(actor, tenant_id):
        raise PermissionDenied(_("Only the tenant administrator sends notifications again."))
    failed = Delivery.objects.select_for_update().filter(
        tenant_id=tenant_id, pk__in=ids, status=Status.FAILED
    )
    rows = list(failed.values_list("pk", "notification_id", "digest_id"))
    if not rows:
        return 0
    fresh = {"status": Status.PENDING, "attempts": 0, "last_error": ""}
    digests = {digest for _pk, _n, digest in rows if digest is not None}
    if digests:
        Digest.objects.filter(pk__in=digests, status=Status.FAILED).update(**fresh)
        # The digest carries all its lines again, not only those ticked.
        Delivery.objects.filter(digest_id__in=digests, status=Status.FAILED).update(**fresh)
        _queue_digests(sorted(digests))
    at_once = [n for _pk, n, digest in rows if digest is None]
    if at_once:
        Delivery.objects.filter(pk__in=[pk for pk, _n, d in rows if d is None]).update(**fresh)
        _queue_emails([at_once])
    return len(rows)
