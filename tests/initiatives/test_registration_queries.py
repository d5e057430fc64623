"""The deadline evening: every head of school types in Mẫu 1 (an autosave every few seconds)
and submits it in the last hour. Both requests run a pinned number of queries; the autosave
writes one UPDATE and a change-log row only when a typing burst starts (TYPING_BURST); the
submit saves and submits in one UPDATE on one lock.

A count that changes on purpose is re-pinned here with the reason; one that grows is a bug."""

import datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import connection
from django.urls import reverse

from campaign import services as campaign_services
from core.text import fold
from initiatives import services
from initiatives.models import Initiative
from initiatives.services.registration import TYPING_BURST
from tests.factories import PersonFactory, campaign, initiative, local_time, member
from tests.queries import assert_query_count
from units.models import Role
from units.permissions import SYSTEM

pytestmark = pytest.mark.django_db

D = datetime.date

# Session, user, tenant; SAVEPOINT (the request's transaction, inside the test's); the user's
# memberships; the item locked with its unit, its authors; the people the form names (one
# query for the person in charge and the authors); SAVEPOINT; its authors (to set them); the
# last change-log row; UPDATE; RELEASE twice. Before: 15 (the item read again to lock it),
# and before that 18 (the item with every join of its page, a query per people field, the
# person in charge checked twice, UPDATE of every column and a change-log row each time).
AUTOSAVE_QUERIES = 14
# The same, with the change-log row of a typing burst's first autosave.
AUTOSAVE_FIRST_QUERIES = AUTOSAVE_QUERIES + 1
# Session, user, tenant; SAVEPOINT; memberships; the item locked with its unit, deadline and
# plan, its authors; the people named; SAVEPOINT; its authors (none to add here); the unit's
# extension; one UPDATE of the typed text and the submission; its change-log row, frozen
# version and event; RELEASE twice; and the boards' counters moved (where the item counted
# before and after, one upsert: initiatives.services.counts). Before: 21 (the item read
# again to lock it), and before that 29 (saved, then locked and submitted), without the
# counters.
SUBMIT_QUERIES = 20


def _expected(count: int) -> int:
    """PostgreSQL adds the tenant's row-level security setting (read, set, reset: units/rls.py)."""
    return count + (3 if connection.vendor == "postgresql" else 0)


@pytest.fixture
def deadline(tree):
    plan = campaign(tree["office_a"], launch_on=D(2024, 3, 20))
    return plan.phases.get().deadlines.get()


@pytest.fixture
def typing(client, tree, deadline):
    """A head of school with a draft naming two people of the school, logged in."""
    head = member(tree["a1"], Role.UNIT_HEAD)
    item = initiative(tree["a1"], deadline)
    people = [PersonFactory(unit=tree["a1"]) for _ in range(2)]
    item.authors.set(people)
    client.force_login(head)
    fields = {
        "name": "Sổ liên lạc điện tử",
        "kind": "model",
        "area": "digital",
        "situation": "Thực trạng",
        "objectives": "Mục tiêu",
        "expected_results": "Kết quả",
        "person_in_charge": str(people[0].pk),
        "authors": [str(p.pk) for p in people],
    }
    return head, item, people, fields


def _autosave(client, item, fields, **changes):
    url = reverse("initiatives:autosave", kwargs={"initiative_id": item.pk})
    return client.post(url, fields | changes, HTTP_HX_REQUEST="true")


def test_an_autosave_runs_a_pinned_number_of_queries(client, typing):
    head, item, people, fields = typing
    with time_machine.travel(local_time(2024, 6, 1, 9), tick=False):
        with assert_query_count(_expected(AUTOSAVE_FIRST_QUERIES), "first autosave"):
            first = _autosave(client, item, fields, steps="Bước 1")
        with assert_query_count(_expected(AUTOSAVE_QUERIES), "autosave while typing"):
            second = _autosave(client, item, fields, steps="Bước 1, bước 2")

    assert (first.status_code, second.status_code) == (200, 200)
    assert 'data-testid="autosave-status"' in second.content.decode()
    item.refresh_from_db()
    assert item.steps == "Bước 1, bước 2"
    assert item.person_in_charge == people[0]
    assert set(item.authors.all()) == set(people)
    assert fold(people[1].full_name) in item.search_text


def test_a_typing_burst_leaves_one_change_log_row_per_user_and_ten_minutes(client, tree, typing):
    head, item, _people, fields = typing
    start = local_time(2024, 6, 1, 9)
    with time_machine.travel(start, tick=False):
        for n in range(3):
            _autosave(client, item, fields, steps=f"Bước {n}")
    with time_machine.travel(start + TYPING_BURST / 2, tick=False):
        _autosave(client, item, fields, steps="Bước 3")
    with time_machine.travel(start + TYPING_BURST * 2, tick=False):
        _autosave(client, item, fields, steps="Bước 4")  # a new burst
        staff = member(tree["a1"], Role.UNIT_STAFF)
        client.force_login(staff)
        _autosave(client, item, fields, steps="Bước 5")  # another user's burst

    rows = list(item.history.order_by("history_id").values_list("history_user_id", "steps"))
    # Created (by the system), then each burst's first autosave with its text.
    assert rows == [(None, ""), (head.pk, "Bước 0"), (head.pk, "Bước 4"), (staff.pk, "Bước 5")]
    assert Initiative.objects.get(pk=item.pk).steps == "Bước 5"  # the live row: every save


def test_saving_the_draft_with_the_button_always_writes_its_change_log_row(client, typing):
    _head, item, _people, fields = typing
    url = reverse("initiatives:edit", kwargs={"initiative_id": item.pk})
    with time_machine.travel(local_time(2024, 6, 1, 9), tick=False):
        _autosave(client, item, fields, steps="Bước 1")
        client.post(url, fields | {"steps": "Bước 2"})

    rows = item.history.order_by("-history_id").values_list("steps", flat=True)
    assert list(rows) == ["Bước 2", "Bước 1", ""]


def test_a_submission_runs_a_pinned_number_of_queries_and_writes_each_row_once(client, typing):
    head, item, people, fields = typing
    url = reverse("initiatives:edit", kwargs={"initiative_id": item.pk})
    with (
        time_machine.travel(local_time(2024, 6, 1, 9), tick=False),
        assert_query_count(_expected(SUBMIT_QUERIES), "submit"),
    ):
        response = client.post(url, fields | {"steps": "Bước cuối", "submit": "1"})

    assert response.url == reverse("initiatives:detail", kwargs={"initiative_id": item.pk})
    item.refresh_from_db()
    assert (item.status, item.version, item.is_late) == ("submitted", 1, False)
    assert item.steps == "Bước cuối" and set(item.authors.all()) == set(people)
    version = item.versions.get()
    assert version.data["steps"] == "Bước cuối"
    assert version.data["person_in_charge"] == people[0].full_name
    assert sorted(version.data["authors"]) == sorted(p.full_name for p in people)
    assert version.submitted_by == head
    # One change-log row with the typed text and the new status, after the creation's.
    assert list(item.history.order_by("-history_id").values_list("status", "steps")) == [
        ("submitted", "Bước cuối"),
        ("draft", ""),
    ]
    assert sorted(item.events.values_list("action", flat=True)) == ["create", "submit"]


def test_a_late_submission_refused_by_the_plan_keeps_what_was_typed(tree):
    with time_machine.travel(local_time(2024, 3, 20, 9), tick=False):
        plan = campaign(tree["office_a"])
        campaign_services.campaign_update(actor=SYSTEM, campaign=plan, closes_at_deadline=True)
        plan = campaign_services.campaign_launch(
            actor=SYSTEM, campaign=plan, issued_on=D(2024, 3, 20)
        )
        deadline = plan.phases.get().deadlines.get()
        head = member(tree["a1"], Role.UNIT_HEAD)
        item = initiative(tree["a1"], deadline)

    with pytest.raises(ValidationError):
        services.initiative_save_and_submit(
            actor=head,
            initiative=item,
            now=local_time(2024, 12, 1, 9),
            name="Mô hình gõ muộn",
            kind="model",
            area="digital",
            situation="x",
            objectives="y",
            expected_results="z",
        )

    item.refresh_from_db()
    assert (item.status, item.name, item.version) == ("draft", "Mô hình gõ muộn", 0)
    assert not item.versions.exists() and not item.events.filter(action="submit").exists()
