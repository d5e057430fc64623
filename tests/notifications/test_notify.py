"""notify(): the rows are written in the caller's transaction, what leaves the database (the
e-mail) goes out only once that transaction commits, and never twice."""

import pytest
from django.core import mail
from django.db import transaction

from notifications.delivery import notifications_email
from notifications.models import Notification
from notifications.selectors import recent_notifications, unread_count
from notifications.services import Message, notifications_mark_read, notify, notify_each
from tests.factories import TenantFactory, UserFactory
from units.permissions import SYSTEM, MissingActor

pytestmark = pytest.mark.django_db


@pytest.fixture
def people():
    tenant = TenantFactory()
    return {
        "tenant": tenant,
        "head": UserFactory(tenant=tenant, email="hieutruong@thcs-a.edu.vn"),
        "staff": UserFactory(tenant=tenant, email="canbo@thcs-a.edu.vn"),
        "no_address": UserFactory(tenant=tenant, email=""),
        "reviewer": UserFactory(tenant=tenant, email="chuyenvien@pgd.vn"),
    }


def _returned(people, users, **options):
    return notify(
        users,
        actor=people["reviewer"],
        tenant=people["tenant"],
        kind="initiative_returned",
        title="Mẫu 1 của trường được trả lại để bổ sung",
        body="Thiếu minh chứng kết quả thực hiện.",
        url="/initiatives/7/",
        **options,
    )


def test_notify_writes_one_row_per_person_in_the_callers_transaction(people):
    recipients = [people["head"], people["staff"].pk, people["head"]]
    with transaction.atomic():
        created = _returned(people, recipients)
        assert Notification.objects.count() == 2
    assert len(created) == 2
    row = Notification.objects.get(user=people["head"])
    assert (row.tenant, row.kind, row.actor, row.url) == (
        people["tenant"],
        "initiative_returned",
        people["reviewer"],
        "/initiatives/7/",
    )
    assert row.read_at is None and row.emailed_at is None


def test_the_email_goes_out_only_when_the_transaction_commits(
    people, django_capture_on_commit_callbacks
):
    users = [people["head"], people["staff"], people["no_address"]]
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        _returned(people, users, email=True)
        assert Notification.objects.count() == 3
    # Written, but nothing has left yet: the e-mail waits for the commit.
    assert len(callbacks) == 1
    assert mail.outbox == []
    callbacks[0]()
    assert sorted(message.to[0] for message in mail.outbox) == [
        "canbo@thcs-a.edu.vn",
        "hieutruong@thcs-a.edu.vn",
    ]
    message = mail.outbox[0]
    assert message.subject == "Mẫu 1 của trường được trả lại để bổ sung"
    assert "Thiếu minh chứng kết quả thực hiện." in message.body
    assert "/initiatives/7/" in message.body
    # Only those with an address were e-mailed; the other is told in the application.
    assert Notification.objects.filter(emailed_at__isnull=False).count() == 2


def test_a_rolled_back_transaction_writes_nothing_and_sends_nothing(
    people, django_capture_on_commit_callbacks
):
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        _returned(people, [people["head"], people["staff"]], email=True)
        raise RuntimeError("the transition failed after notifying")
    assert callbacks == []
    assert not Notification.objects.exists()
    assert mail.outbox == []


def test_in_app_only_queues_nothing(people, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        _returned(people, [people["head"]])
    assert callbacks == []
    assert mail.outbox == []
    assert Notification.objects.filter(user=people["head"]).exists()


def test_a_repeated_or_redelivered_email_task_sends_each_email_once(
    people, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        created = _returned(people, [people["head"], people["staff"]], email=True)
    assert len(mail.outbox) == 2
    assert notifications_email(ids=[row.pk for row in created]) == 0
    assert len(mail.outbox) == 2


def test_notify_without_an_actor_refuses(people):
    with pytest.raises(MissingActor):
        notify([people["head"]], actor=None, tenant=people["tenant"], kind="x", title="x")
    assert not Notification.objects.exists()


def test_the_system_notifies_with_no_author(people):
    (row,) = notify([people["head"]], actor=SYSTEM, tenant=people["tenant"], kind="x", title="x")
    assert row.actor is None


def test_many_messages_cost_one_insert(people, django_assert_num_queries):
    others = UserFactory.create_batch(30, tenant=people["tenant"])
    messages = [
        Message(users=[user], tenant=people["tenant"].pk, kind="plan_launched", title=f"KH {n}")
        for n, user in enumerate(others)
    ]
    with django_assert_num_queries(1):
        created = notify_each(messages, actor=SYSTEM)
    assert len(created) == 30


def test_the_centre_counts_lists_and_marks_only_the_users_own(people):
    _returned(people, [people["head"], people["staff"]])
    _returned(people, [people["head"]])
    assert unread_count(people["head"]) == 2
    assert [n.user_id for n in recent_notifications(people["head"])] == [people["head"].pk] * 2
    others = list(Notification.objects.filter(user=people["staff"]).values_list("pk", flat=True))
    assert notifications_mark_read(user=people["head"], ids=others) == 0
    assert unread_count(people["staff"]) == 1
    assert notifications_mark_read(user=people["head"]) == 2
    assert unread_count(people["head"]) == 0
