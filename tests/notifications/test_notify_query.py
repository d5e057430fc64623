"""`notify_query`: the recipients given as a query of user ids, the notifications and their
deliveries written by two INSERT … SELECT statements whatever their number, with the same
rules as `notify` (the actor left out, one per person, each by their channel, e-mails on
commit only)."""

import pytest
from django.core import mail

from notifications.kinds import DEFAULT_CHANNELS, Channel, Kind
from notifications.models import ChannelDefault, Delivery, Notification
from notifications.services import channel_choices_save, notify_query
from tests.factories import UnitFactory, member
from tests.queries import assert_query_count
from units import rls
from units.models import Membership, Role
from units.permissions import SYSTEM
from units.selectors import unit_people_query, unit_people_users

pytestmark = pytest.mark.django_db


def _units(count: int, people: int = 2):
    top = UnitFactory(department=True)
    units = [UnitFactory(parent=top) for _ in range(count)]
    for unit in units:
        for n in range(people):
            member(unit, Role.UNIT_HEAD if n == 0 else Role.UNIT_STAFF, email=f"{unit.pk}-{n}@x.vn")
    return top, units


def _tell(units, *, actor=SYSTEM, kind=Kind.PLAN_LAUNCHED, email=True):
    return notify_query(
        unit_people_query([u.pk for u in units]),
        actor=actor,
        tenant=units[0].tenant_id,
        kind=kind,
        title="Kế hoạch số 12/KH-PGDĐT đã ban hành",
        body="Nội dung",
        url="/campaigns/5/",
        email=email,
    )


def test_everyone_once_but_the_actor_with_the_same_text(django_capture_on_commit_callbacks):
    top, units = _units(3)
    actor = Membership.objects.filter(unit=units[0], role=Role.UNIT_HEAD).get().user
    # A person in two of the units is told once.
    twice = member(units[1], Role.UNIT_STAFF)
    Membership.objects.create(tenant=units[2].tenant, unit=units[2], user=twice, role="unit_staff")
    member(units[0], Role.UNIT_STAFF, is_active=False)
    member(top, Role.UNIT_HEAD)  # above the units, not of them

    with django_capture_on_commit_callbacks(execute=True):
        told = _tell(units, actor=actor)

    expected = sorted(
        {pk for users in unit_people_users(units).values() for pk in users} - {actor.pk}
    )
    assert told == len(expected) == 3 * 2 - 1 + 1
    assert sorted(Notification.objects.values_list("user_id", flat=True)) == expected
    note = Notification.objects.first()
    assert (note.kind, note.title, note.body, note.url) == (
        Kind.PLAN_LAUNCHED,
        "Kế hoạch số 12/KH-PGDĐT đã ban hành",
        "Nội dung",
        "/campaigns/5/",
    )
    assert note.actor == actor and note.tenant_id == units[0].tenant_id and note.created_at
    assert note.read_at is None and note.reminder_id is None
    # plan_launched goes to the digest by default: no e-mail now, one digest row each.
    assert DEFAULT_CHANNELS[Kind.PLAN_LAUNCHED] == Channel.DIGEST
    assert mail.outbox == []
    assert sorted(Delivery.objects.values_list("user_id", "channel", "status")) == [
        (pk, Channel.DIGEST, "pending") for pk in expected
    ]


def test_each_by_their_choice_else_the_tenants_default_else_the_platforms(
    django_capture_on_commit_callbacks,
):
    _top, units = _units(3, people=1)
    heads = [Membership.objects.get(unit=u).user for u in units]
    channel_choices_save(actor=heads[0], user=heads[0], channels={"deadline_extended": "app"})
    channel_choices_save(actor=heads[1], user=heads[1], channels={"deadline_extended": "digest"})
    # Another kind's default and another tenant's change nothing.
    ChannelDefault.objects.create(tenant=units[0].tenant, kind="plan_launched", channel="app")
    ChannelDefault.objects.create(
        tenant=UnitFactory().tenant, kind="deadline_extended", channel="app"
    )

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        _tell(units, kind=Kind.DEADLINE_EXTENDED)
    assert mail.outbox == []  # nothing before the commit
    assert sorted(Delivery.objects.values_list("user_id", "channel")) == [
        (heads[1].pk, Channel.DIGEST),
        (heads[2].pk, Channel.EMAIL),  # the platform's default for the kind
    ]
    for callback in callbacks:
        callback()
    assert [m.to for m in mail.outbox] == [[heads[2].email]]

    # The tenant's default for the kind, under each person's own choice.
    Notification.objects.all().delete()
    ChannelDefault.objects.create(tenant=units[0].tenant, kind="deadline_extended", channel="app")
    with django_capture_on_commit_callbacks(execute=True):
        _tell(units, kind=Kind.DEADLINE_EXTENDED)
    assert list(Delivery.objects.values_list("user_id", "channel")) == [
        (heads[1].pk, Channel.DIGEST)
    ]
    assert len(mail.outbox) == 1


def test_without_email_no_delivery_and_nobody_costs_one_query():
    _top, units = _units(2)
    with assert_query_count(1):
        assert _tell(units, email=False) == 4
    assert not Delivery.objects.exists()
    nobody = [UnitFactory()]
    with assert_query_count(1):
        assert _tell(nobody) == 0


@pytest.mark.parametrize("count", [3, 30])
def test_two_statements_for_few_or_many(count):
    _top, units = _units(count)
    with assert_query_count(2, f"{count} units"):
        assert _tell(units) == 2 * count
    assert Delivery.objects.count() == 2 * count


@pytest.mark.postgres
def test_under_row_level_security_it_writes_and_reads_the_tenants_rows_only(
    django_capture_on_commit_callbacks,
):
    _top, units = _units(2)
    _other_top, other = _units(1)
    assert other[0].tenant_id != units[0].tenant_id
    head = Membership.objects.get(unit=units[1], role=Role.UNIT_HEAD).user
    channel_choices_save(actor=head, user=head, channels={"plan_launched": "email"})

    # As a request of the tenant does: the other tenant's people are not even seen.
    with rls.tenant_scope(units[0].tenant_id), django_capture_on_commit_callbacks(execute=True):
        assert _tell(units + other) == 4
    assert set(Notification.objects.values_list("tenant_id", flat=True)) == {units[0].tenant_id}
    assert Delivery.objects.filter(channel=Channel.EMAIL).get().user == head
    assert [m.to for m in mail.outbox] == [[head.email]]
