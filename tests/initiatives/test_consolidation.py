"""Consolidating the accepted items of a level and forwarding them up the tree."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from campaign import services as campaign_services
from initiatives import selectors, services
from initiatives.models import Consolidation, Initiative
from tests.factories import (
    accepted_initiative,
    campaign,
    initiative,
    local_time,
    member,
    office_plan_under_department,
)
from units.models import Role
from units.permissions import SYSTEM

pytestmark = pytest.mark.django_db

D = datetime.date
Status = Initiative.Status


@pytest.fixture
def levels(tree):
    """The Sở's plan for the offices and schools, and Phòng A's plan implementing it."""
    department_plan, office_plan = office_plan_under_department(tree)
    return {
        "upper": department_plan.phases.get().deadlines.get(),
        "office": office_plan.phases.get().deadlines.get(),
    }


def test_the_full_path_from_a_school_to_the_department(client, tree, levels):

    head = member(tree["a1"], Role.UNIT_HEAD)
    office_reviewer = member(tree["office_a"], Role.REVIEWER)
    department_reviewer = member(tree["department"], Role.REVIEWER)
    item = initiative(tree["a1"], levels["office"], name="Sổ liên lạc điện tử")
    services.initiative_update(
        actor=head,
        initiative=item,
        kind="solution",
        area="digital",
        situation="a",
        objectives="b",
        expected_results="c",
    )
    on_time = local_time(2024, 8, 1, 9)
    services.initiative_submit(actor=head, initiative=item, now=on_time)
    services.initiative_return(actor=office_reviewer, initiative=item, comment="Thêm số liệu.")
    services.initiative_update(actor=head, initiative=item, expected_results="Giảm 50% giấy tờ.")
    services.initiative_submit(actor=head, initiative=item, now=on_time)
    services.initiative_accept(actor=office_reviewer, initiative=item)
    office_plan = levels["office"].phase.campaign
    campaign_services.criteria_from_seed_002(office_plan, actor=SYSTEM)
    criteria = list(office_plan.criteria.all())
    services.score_save(
        actor=office_reviewer, initiative=item, points={c.pk: Decimal(8) for c in criteria}
    )
    other = accepted_initiative(tree["a2"], levels["office"], name="Hộp thư góp ý")

    consolidation = services.consolidation_create(actor=office_reviewer, deadline=levels["office"])
    consolidation = services.consolidation_forward(
        actor=office_reviewer, consolidation=consolidation, issued_on=D(2024, 8, 24)
    )

    assert consolidation.number.display == "01/DS-PGD-A"
    ranked = selectors.ranking(levels["office"], office_reviewer)
    assert ranked[0].item == item and round(ranked[0].summary.score) == 80
    assert consolidation.forwarded_to == levels["upper"]
    item.refresh_from_db()
    assert (item.status, item.review_deadline) == (Status.SUBMITTED, levels["upper"])
    assert item.pk == Initiative.objects.get(name="Sổ liên lạc điện tử").pk  # same identity
    assert list(item.events.order_by("id").values_list("action", flat=True)) == [
        "create",
        "submit",
        "return",
        "resubmit",
        "accept",
        "forward",
    ]
    # The department sees both (the schools take part in its plan too: each counts under its
    # own row) and accepts one.
    rows, totals = selectors.review_board(levels["upper"], department_reviewer)
    by_unit = {r.unit.code: r.submitted for r in rows}
    assert (by_unit["A1"], by_unit["A2"], by_unit["PGD-A"]) == (1, 1, 0)
    assert totals["submitted"] == 2
    services.initiative_accept(actor=department_reviewer, initiative=item)
    assert Initiative.objects.get(pk=item.pk).status == Status.ACCEPTED
    # On the office's own board both stay accepted.
    rows, _ = selectors.review_board(levels["office"], office_reviewer)
    assert sum(r.accepted for r in rows) == 2
    client.force_login(department_reviewer)
    page = client.get(reverse("initiatives:board", kwargs={"deadline_id": levels["upper"].pk}))
    assert "Hộp thư góp ý" in page.content.decode()
    assert other.pk in {
        i.pk for i in selectors.items_to_review(levels["upper"], department_reviewer)
    }


def test_only_accepted_items_are_consolidated(tree, levels):
    accepted = accepted_initiative(tree["a1"], levels["office"], name="Được tiếp nhận")
    pending = initiative(tree["a2"], levels["office"], name="Còn nháp")

    consolidation = services.consolidation_create(actor=SYSTEM, deadline=levels["office"])

    assert list(consolidation.items.all()) == [accepted]
    with pytest.raises(ValidationError):
        services.consolidation_create(actor=SYSTEM, deadline=levels["office"], items=[pending])


def test_a_list_is_forwarded_once(tree, levels):
    accepted_initiative(tree["a1"], levels["office"])
    consolidation = services.consolidation_create(actor=SYSTEM, deadline=levels["office"])
    services.consolidation_forward(actor=SYSTEM, consolidation=consolidation)

    with pytest.raises(ValidationError):
        services.consolidation_forward(actor=SYSTEM, consolidation=consolidation)


def test_a_plan_without_an_upper_plan_cannot_forward(tree):
    plan = campaign(tree["office_a"], launch_on=D(2024, 3, 20))
    deadline = plan.phases.get().deadlines.get()
    accepted_initiative(tree["a1"], deadline)
    consolidation = services.consolidation_create(actor=SYSTEM, deadline=deadline)

    with pytest.raises(ValidationError) as excinfo:
        services.consolidation_forward(actor=SYSTEM, consolidation=consolidation)

    assert Consolidation.objects.get(pk=consolidation.pk).status == Consolidation.Status.DRAFT
    assert excinfo.value.messages


def test_the_consolidation_screen_lists_units_that_sent_nothing(client, tree, levels):
    accepted_initiative(tree["a1"], levels["office"])
    client.force_login(member(tree["office_a"], Role.REVIEWER))

    page = client.get(
        reverse("initiatives:consolidate", kwargs={"deadline_id": levels["office"].pk})
    ).content.decode()

    silent = page[page.index('data-testid="silent-units"') :]
    assert tree["a2"].name in silent and tree["a1"].name not in silent


def test_a_reviewer_of_another_office_cannot_consolidate_or_forward(client, tree, levels):
    accepted_initiative(tree["a1"], levels["office"])
    consolidation = services.consolidation_create(actor=SYSTEM, deadline=levels["office"])
    client.force_login(member(tree["office_b"], Role.REVIEWER))

    consolidate_url = reverse(
        "initiatives:consolidate", kwargs={"deadline_id": levels["office"].pk}
    )
    forward_url = reverse(
        "initiatives:consolidation_forward", kwargs={"consolidation_id": consolidation.pk}
    )
    assert client.get(consolidate_url).status_code in (403, 404)
    assert client.post(forward_url).status_code == 404
    assert Consolidation.objects.get(pk=consolidation.pk).status == Consolidation.Status.DRAFT


def test_the_forwarded_list_is_sent_with_a_numbered_cover_letter(tree, levels):
    from documents.services import pdf_text
    from initiatives.documents import render_consolidation

    accepted_initiative(tree["a1"], levels["office"], name="Hộp thư")
    consolidation = services.consolidation_create(actor=SYSTEM, deadline=levels["office"])
    consolidation = services.consolidation_forward(
        actor=SYSTEM, consolidation=consolidation, issued_on=D(2024, 8, 24)
    )

    text = " ".join(pdf_text(render_consolidation(consolidation).pdf, layout=False).split())

    assert consolidation.letter_number.display == "01/PGD-A"
    assert "Số: 01/PGD-A" in text and "V/v gửi danh sách" in text
    assert "Số: 01/DS-PGD-A" in text
    assert "Kèm theo Công văn số 01/PGD-A ngày 24 tháng 8 năm 2024" in text
    assert text.index("V/v gửi danh sách") < text.index("DANH SÁCH")


def test_the_consolidation_page_costs_the_same_queries_for_2_and_10_items(
    client, django_assert_max_num_queries
):
    from tests.factories import UnitFactory

    counts = []
    for size in (2, 10):
        root = UnitFactory(department=True)
        schools = [UnitFactory(parent=root) for _ in range(size)]
        plan = campaign(root, launch_on=D(2024, 3, 20))
        deadline = plan.phases.get().deadlines.get()
        for school in schools:
            accepted_initiative(school, deadline)
        client.force_login(member(root, Role.REVIEWER))
        url = reverse("initiatives:consolidate", kwargs={"deadline_id": deadline.pk})
        with django_assert_max_num_queries(20) as captured:
            page = client.get(url).content.decode()
        assert page.count('name="items"') == size
        counts.append(len(captured))
    assert counts[0] == counts[1]


def test_a_long_list_pdf_renders_in_the_background(
    client, tree, levels, monkeypatch, django_capture_on_commit_callbacks
):
    from initiatives import views

    monkeypatch.setattr(views, "LIST_PDF_INLINE_MAX", 1)
    accepted_initiative(tree["a1"], levels["office"], name="Một")
    accepted_initiative(tree["a2"], levels["office"], name="Hai")
    consolidation = services.consolidation_create(actor=SYSTEM, deadline=levels["office"])
    client.force_login(member(tree["office_a"], Role.REVIEWER))

    with django_capture_on_commit_callbacks(execute=True):
        response = client.get(
            reverse("initiatives:consolidation_pdf", kwargs={"consolidation_id": consolidation.pk})
        )

    assert response.status_code == 302 and "/documents/jobs/" in response.url
    assert 'data-status="done"' in client.get(response.url).content.decode()


def test_tampered_ids_get_a_message_not_a_server_error(client, tree, levels):
    accepted_initiative(tree["a1"], levels["office"])
    client.force_login(member(tree["office_a"], Role.REVIEWER))

    response = client.post(
        reverse("initiatives:consolidate", kwargs={"deadline_id": levels["office"].pk}),
        {"items": ["abc", "1; DROP TABLE"]},
        follow=True,
    )

    assert response.status_code == 200
    assert not Consolidation.objects.exists()


def test_a_long_candidate_list_is_paged_and_the_list_takes_all_but_the_unticked(
    client, tree, levels, monkeypatch
):
    from initiatives import views

    monkeypatch.setattr(views, "CANDIDATES_PER_PAGE", 2)
    monkeypatch.setattr(views, "SILENT_UNITS_SHOWN", 0)
    items = [
        accepted_initiative(tree["a1"], levels["office"], name=f"Mô hình {n}") for n in (1, 2, 3)
    ]
    client.force_login(member(tree["office_a"], Role.REVIEWER))
    url = reverse("initiatives:consolidate", kwargs={"deadline_id": levels["office"].pk})

    page = client.get(url).content.decode()

    assert page.count('name="items"') == 2 and "3 mục đã được chấp nhận" in page
    shown = [item.pk for item in items if f'name="shown" value="{item.pk}"' in page]
    assert len(shown) == 2
    assert "và 1 đơn vị khác" in page  # a2 sent nothing; none is listed by name here

    response = client.post(url, {"shown": shown, "items": shown[:1]})

    consolidation = Consolidation.objects.get()
    assert response.url == reverse(
        "initiatives:consolidation", kwargs={"consolidation_id": consolidation.pk}
    )
    listed = set(consolidation.items.values_list("pk", flat=True))
    assert listed == {item.pk for item in items} - {shown[1]}


def test_forwarding_a_list_costs_the_same_queries_for_2_and_10_items_and_keeps_the_trail(
    tree, django_assert_max_num_queries
):
    from tests.factories import UnitFactory

    counts = []
    for size in (2, 10):
        root = UnitFactory(parent=tree["department"], district_office=True)
        schools = [UnitFactory(parent=root) for _ in range(size)]
        department_plan, office_plan = office_plan_under_department({**tree, "office_a": root})
        deadline = office_plan.phases.get().deadlines.get()
        items = [accepted_initiative(school, deadline) for school in schools]
        reviewer = member(root, Role.REVIEWER)
        consolidation = services.consolidation_create(actor=reviewer, deadline=deadline)
        # 43: the board's counters add three (the items' places before and after, one upsert).
        with django_assert_max_num_queries(43) as captured:
            services.consolidation_forward(
                actor=reviewer, consolidation=consolidation, issued_on=D(2024, 8, 24)
            )
        counts.append(len(captured))
        upper = department_plan.phases.get().deadlines.get()
        for item in Initiative.objects.filter(pk__in=[i.pk for i in items]):
            assert (item.review_deadline_id, item.status) == (upper.pk, Status.SUBMITTED)
            assert item.events.filter(action="forward", actor=reviewer).count() == 1
            latest = item.history.latest()
            assert (latest.status, latest.history_user_id) == (Status.SUBMITTED, reviewer.pk)
    assert counts[0] == counts[1]


def test_a_long_list_is_shown_in_pages_numbered_as_it_prints(
    client, tree, levels, monkeypatch, django_assert_max_num_queries
):
    from initiatives import views

    monkeypatch.setattr(views, "LIST_ITEMS_PER_PAGE", 2)
    for unit, name in ((tree["a2"], "Ba"), (tree["a1"], "Một"), (tree["a1"], "Hai")):
        accepted_initiative(unit, levels["office"], name=name)
    consolidation = services.consolidation_create(actor=SYSTEM, deadline=levels["office"])
    client.force_login(member(tree["office_a"], Role.REVIEWER))
    url = reverse("initiatives:consolidation", kwargs={"consolidation_id": consolidation.pk})

    with django_assert_max_num_queries(25) as first_queries:
        first = client.get(url).content.decode()
    with django_assert_max_num_queries(25) as second_queries:
        second = client.get(url, {"page": 2}).content.decode()

    # Tree order (a1 before a2), then the order the items were made; numbers run on.
    assert "<td>1</td>" in first and "Một" in first and "<td>2</td>" in first and "Hai" in first
    assert "Ba" not in first and "trang 1 / 2" in first and "3 mục" in first
    assert "<td>3</td>" in second and "Ba" in second and "Một" not in second
    assert len(first_queries) == len(second_queries)
    assert client.get(url, {"page": "abc"}).status_code == 200  # a bad page: the first
