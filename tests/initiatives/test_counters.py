"""The review boards' counters (`ItemCount`) stay equal to a recount of the items whatever
sequence of transitions the services go through, and move with the transaction or not at all."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from initiatives import selectors, services
from initiatives.models import Initiative, ItemCount
from initiatives.services import counts
from tests.factories import (
    accepted_initiative,
    initiative,
    local_time,
    office_plan_under_department,
)
from units.permissions import SYSTEM

pytestmark = pytest.mark.django_db

Status = Initiative.Status
# "advance" moves an item one step on (submit, or a decision): three times as likely, for
# sequences that reach the lists.
ACTIONS = ("create", "import", "advance", "advance", "advance", "forward")
NEXT = {
    Status.DRAFT: ("submit",),
    Status.RETURNED: ("submit",),
    Status.SUBMITTED: ("accept", "return", "reject"),
}


@pytest.fixture
def levels(tree):
    """Phòng A's schools register under its plan, Phòng B's under the Sở's, which Phòng A's
    plan implements: a forwarded list moves items from the first to the second."""
    department_plan, office_plan = office_plan_under_department(tree)
    return {
        "upper": department_plan.phases.get().deadlines.get(),
        "office": office_plan.phases.get().deadlines.get(),
    }


def _registers_under(tree, levels, unit):
    return levels["office"] if unit in (tree["a1"], tree["a2"]) else levels["upper"]


def _when(deadline, late: bool) -> datetime.datetime:
    day = deadline.due_date + datetime.timedelta(days=2 if late else -1)
    return local_time(day.year, day.month, day.day, 10)


def _step(data, tree, levels, action: str) -> None:
    """One transition through the services, on an item (or list) drawn from those it fits."""
    schools = [tree["a1"], tree["a2"], tree["b1"]]
    if action in ("create", "import"):
        unit = data.draw(st.sampled_from(schools), label="unit")
        deadline = _registers_under(tree, levels, unit)
        if action == "create":
            initiative(unit, deadline, name="Mô hình")
        else:
            late = data.draw(st.booleans(), label="late")
            services.registration_import_row(
                actor=SYSTEM, deadline=deadline, unit=unit, now=_when(deadline, late), name="Sổ"
            )
        return
    if action == "forward":
        if not Initiative.objects.filter(
            review_deadline=levels["office"], status=Status.ACCEPTED
        ).exists():
            return
        listed = services.consolidation_create(actor=SYSTEM, deadline=levels["office"])
        services.consolidation_forward(actor=SYSTEM, consolidation=listed)
        return
    candidates = list(Initiative.objects.filter(status__in=NEXT).order_by("pk"))
    if not candidates:
        return
    item = data.draw(st.sampled_from(candidates), label="item")
    action = data.draw(st.sampled_from(NEXT[item.status]), label="transition")
    if action == "submit":
        services.initiative_update(
            actor=SYSTEM,
            initiative=item,
            kind="model",
            area="procedures",
            situation="Thực trạng",
            objectives="Mục tiêu",
            expected_results="Kết quả",
        )
        late = data.draw(st.booleans(), label="late")
        services.initiative_submit(
            actor=SYSTEM, initiative=item, now=_when(item.review_deadline, late)
        )
    elif action == "accept":
        services.initiative_accept(actor=SYSTEM, initiative=item)
    else:
        service = services.DECISIONS[action]
        service(actor=SYSTEM, initiative=item, comment="Bổ sung")


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_the_counters_equal_a_recount_after_every_transition(tree, levels, data):
    actions = data.draw(st.lists(st.sampled_from(ACTIONS), min_size=1, max_size=16))
    # Each example from the same tree: its writes are rolled back at the end.
    with transaction.atomic():
        for number, action in enumerate(actions):
            with transaction.atomic():
                _step(data, tree, levels, action)
            assert counts.kept() == counts.recount(), f"after {actions[: number + 1]}"
        transaction.set_rollback(True)


def test_the_board_reads_the_counters_a_recount_would_give(tree, levels):
    """Items registered at Phòng A's level and forwarded to the Sở's count on both boards:
    accepted on Phòng A's, in their own status on the Sở's (under Phòng A)."""
    office = levels["office"]
    items = [accepted_initiative(tree["a1"], office) for _ in range(3)]
    late = initiative(tree["a2"], office, name="Muộn")
    services.initiative_update(
        actor=SYSTEM, initiative=late, kind="model", area="procedures", situation="a",
        objectives="b", expected_results="c",
    )  # fmt: skip
    services.initiative_submit(actor=SYSTEM, initiative=late, now=_when(office, late=True))
    listed = services.consolidation_create(actor=SYSTEM, deadline=office)
    services.consolidation_forward(actor=SYSTEM, consolidation=listed)
    services.initiative_reject(actor=SYSTEM, initiative=items[0], comment="Trùng")
    assert counts.kept() == counts.recount()

    rows = {
        row[0]: row[1:] for row in selectors.level_counts(office)
    }  # drafts, submitted, returned, accepted, rejected, late
    assert rows == {tree["a1"].pk: (0, 0, 0, 3, 0, 0), tree["a2"].pk: (0, 1, 0, 0, 0, 1)}
    upper = {row[0]: row[1:] for row in selectors.level_counts(levels["upper"])}
    assert upper == {tree["a1"].pk: (0, 2, 0, 0, 1, 0)}


def test_a_transition_rolled_back_leaves_the_counters_as_they_were(tree, levels, monkeypatch):
    office = levels["office"]
    item = accepted_initiative(tree["a1"], office)
    submitted = initiative(tree["a2"], office, name="Chờ")
    services.initiative_update(
        actor=SYSTEM, initiative=submitted, kind="model", area="procedures", situation="a",
        objectives="b", expected_results="c",
    )  # fmt: skip
    services.initiative_submit(actor=SYSTEM, initiative=submitted, now=_when(office, False))
    before = counts.kept()
    assert sum(before.values()) == 2

    # Each fails after its counters moved: the audit event of a decision, the notice of a list.
    def fail(*args, **kwargs):
        raise ValidationError("down")

    monkeypatch.setattr("initiatives.services.registration.record_event", fail)
    with pytest.raises(ValidationError):
        services.initiative_accept(actor=SYSTEM, initiative=submitted)
    monkeypatch.setattr("initiatives.services.consolidation.tell_forwarded", fail)
    listed = services.consolidation_create(actor=SYSTEM, deadline=office)
    with pytest.raises(ValidationError):
        services.consolidation_forward(actor=SYSTEM, consolidation=listed)

    assert counts.kept() == before == counts.recount()
    item.refresh_from_db()
    assert (item.review_deadline_id, item.status) == (office.pk, Status.ACCEPTED)
    assert ItemCount.objects.filter(deadline=levels["upper"]).count() == 0
