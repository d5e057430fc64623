"""What the phone layout of the initiative pages must keep: a returned item says why at the
top of its page, and every card of the list carries its status."""

import datetime

import pytest
from django.urls import reverse

from initiatives import services
from tests.factories import campaign, initiative, local_time, member
from units.models import Role
from units.permissions import SYSTEM

pytestmark = pytest.mark.django_db


@pytest.fixture
def returned(tree):
    plan = campaign(tree["office_a"], launch_on=datetime.date(2024, 3, 20))
    deadline = plan.phases.get().deadlines.get()
    item = initiative(tree["a1"], deadline, name="Sổ liên lạc điện tử")
    services.initiative_update(
        actor=SYSTEM,
        initiative=item,
        kind="model",
        area="procedures",
        situation="Thực trạng",
        objectives="Mục tiêu",
        expected_results="Kết quả",
    )
    services.initiative_submit(actor=SYSTEM, initiative=item, now=local_time(2024, 8, 1))
    reviewer = member(tree["office_a"], Role.REVIEWER)
    services.initiative_return(actor=reviewer, initiative=item, comment="Bổ sung số liệu.")
    services.initiative_submit(actor=SYSTEM, initiative=item, now=local_time(2024, 8, 2))
    return services.initiative_return(
        actor=reviewer, initiative=item, comment="Nêu rõ kinh phí thực hiện."
    )


def test_a_returned_item_shows_the_latest_comment_above_its_content(client, tree, returned):
    client.force_login(member(tree["a1"], Role.UNIT_HEAD))

    page = client.get(reverse("initiatives:detail", args=[returned.pk])).content.decode()

    top, _history = page.split('data-testid="history"')
    alert = top.split('data-testid="return-comment"')[1].split("</div>")[0]
    assert "Nêu rõ kinh phí thực hiện." in alert and "Bổ sung số liệu." not in alert
    assert top.count('data-testid="return-comment"') == 1


def test_an_accepted_item_shows_no_return_comment(client, tree, returned):
    services.initiative_submit(actor=SYSTEM, initiative=returned, now=local_time(2024, 8, 3))
    services.initiative_accept(actor=SYSTEM, initiative=returned)
    client.force_login(member(tree["a1"], Role.UNIT_HEAD))

    page = client.get(reverse("initiatives:detail", args=[returned.pk])).content.decode()

    assert 'data-testid="return-comment"' not in page


def test_each_card_of_the_list_carries_its_status(client, tree, returned):
    initiative(tree["a1"], returned.deadline, name="Hộp thư góp ý")
    client.force_login(member(tree["a1"], Role.UNIT_STAFF))

    page = client.get(reverse("initiatives:list")).content.decode()

    rows = page.split('data-testid="initiative-row"')[1:]
    assert len(rows) == 2
    assert all('data-testid="status"' in row for row in rows)
    assert "Trả lại để chỉnh sửa" in page and "Dự thảo" in page
