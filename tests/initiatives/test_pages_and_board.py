"""The pages of registration and review: autosave, what a refused submission keeps, the
review board's counts, search and query budget."""

import datetime

import pytest
import time_machine
from django.urls import reverse

from initiatives import services
from initiatives.models import Initiative
from tests.factories import UnitFactory, campaign, initiative, kind, local_time, member
from units.models import Role
from units.permissions import SYSTEM

pytestmark = pytest.mark.django_db

D = datetime.date


@pytest.fixture
def deadline(tree):
    plan = campaign(tree["office_a"], launch_on=D(2024, 3, 20))
    return plan.phases.get().deadlines.get()


def test_a_principal_registers_from_the_campaign_page(client, tree, deadline):
    client.force_login(member(tree["a1"], Role.UNIT_HEAD))
    # While the registration is open (a past deadline offers no register button).
    with time_machine.travel(local_time(2024, 6, 1)):
        page = client.get(
            reverse("campaign:detail", kwargs={"campaign_id": deadline.phase.campaign_id})
        )
    assert (
        reverse("initiatives:create", kwargs={"deadline_id": deadline.pk}) in page.content.decode()
    )

    response = client.post(reverse("initiatives:create", kwargs={"deadline_id": deadline.pk}))

    item = Initiative.objects.get(unit=tree["a1"])
    assert response.url == reverse("initiatives:edit", kwargs={"initiative_id": item.pk})
    assert item.status == Initiative.Status.DRAFT


def test_the_draft_saves_as_the_user_types(client, tree, deadline):
    item = initiative(tree["a1"], deadline)
    client.force_login(member(tree["a1"], Role.UNIT_STAFF))

    response = client.post(
        reverse("initiatives:autosave", kwargs={"initiative_id": item.pk}),
        {"name": "Sổ liên lạc điện tử", "situation": "Đang viết dở"},
        HTTP_HX_REQUEST="true",
    )

    assert response.status_code == 200
    assert "autosave-status" in response.content.decode()
    item.refresh_from_db()
    assert (item.name, item.situation) == ("Sổ liên lạc điện tử", "Đang viết dở")


def test_a_refused_submission_keeps_what_was_typed(client, tree, deadline):
    item = initiative(tree["a1"], deadline)
    client.force_login(member(tree["a1"], Role.UNIT_HEAD))

    response = client.post(
        reverse("initiatives:edit", kwargs={"initiative_id": item.pk}),
        {"name": "Một tên rất riêng", "situation": "Nội dung đã gõ", "submit": "1"},
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert "Một tên rất riêng" in page and "Nội dung đã gõ" in page
    assert "Điền đủ trước khi nộp" in page
    item.refresh_from_db()
    assert item.status == Initiative.Status.DRAFT and item.name == "Một tên rất riêng"


def _submit(item, day):
    services.initiative_update(
        actor=SYSTEM,
        initiative=item,
        name=item.name or "Mô hình",
        kind="model",
        area="digital",
        situation="x",
        objectives="y",
        expected_results="z",
    )
    return services.initiative_submit(
        actor=SYSTEM,
        initiative=item,
        now=local_time(day.year, day.month, day.day, 9),
    )


def test_the_board_shows_who_submitted_who_is_late_and_who_has_nothing(client, tree, deadline):
    cogiang = UnitFactory(parent=tree["office_a"], name="Trường Mầm non Cô Giang", code="MNCG")
    from campaign.models import Participation

    Participation.objects.create(
        tenant=cogiang.tenant, campaign=deadline.phase.campaign, unit=cogiang
    )
    _submit(initiative(tree["a1"], deadline, name="Đúng hạn"), D(2024, 8, 1))
    _submit(initiative(tree["a2"], deadline, name="Trễ hạn"), D(2024, 9, 1))
    initiative(cogiang, deadline, name="Nháp")
    client.force_login(member(tree["office_a"], Role.REVIEWER))
    url = reverse("initiatives:board", kwargs={"deadline_id": deadline.pk})

    page = client.get(url).content.decode()

    assert 'data-testid="total-submitted">2<' in page
    assert 'data-testid="total-late">1<' in page
    assert 'data-testid="total-draft">1<' in page
    found = client.get(url, {"q": "truong mam non co giang"}).content.decode()
    assert 'data-unit="MNCG"' in found and 'data-unit="A1"' not in found
    late_only = client.get(url, {"state": "late"}).content.decode()
    assert 'data-unit="A2"' in late_only and 'data-unit="A1"' not in late_only


def test_the_board_reads_its_units_a_page_at_a_time_with_the_totals_of_all(
    client, deadline, tree, monkeypatch
):
    """The page's rows come from SQL a page at a time: each unit once across the pages,
    in tree order, each with its own counts, the state filter paging over the matching
    units only, and the cards counting every unit."""
    from initiatives import views

    monkeypatch.setattr(views, "UNITS_PER_PAGE", 2)
    from campaign.models import Participation

    extra = []
    for number in range(3):
        school = UnitFactory(parent=tree["office_a"], code=f"MN{number}")
        Participation.objects.create(
            tenant=school.tenant, campaign=deadline.phase.campaign, unit=school
        )
        extra.append(school)
    _submit(initiative(tree["a1"], deadline), D(2024, 8, 1))
    _submit(initiative(tree["a2"], deadline), D(2024, 9, 1))
    _submit(initiative(tree["a2"], deadline), D(2024, 8, 1))
    initiative(extra[0], deadline)
    client.force_login(member(tree["office_a"], Role.REVIEWER))
    url = reverse("initiatives:board", kwargs={"deadline_id": deadline.pk})

    pages = [client.get(url, {"page": n}).context for n in (1, 2, 3)]

    shown = [row.unit.code for page in pages for row in page["rows"]]
    codes = {"A1", "A2", *(school.code for school in extra)}
    assert sorted(shown) == sorted(codes) and len(shown) == len(codes)
    paths = [row.unit.path for page in pages for row in page["rows"]]
    assert paths == sorted(paths)
    rows = {row.unit.code: row for page in pages for row in page["rows"]}
    assert (rows["A1"].submitted, rows["A1"].late) == (1, 0)
    assert (rows["A2"].submitted, rows["A2"].late, rows["A2"].state) == (2, 1, "late")
    assert (rows["MN0"].drafts, rows["MN0"].state) == (1, "draft")
    totals = pages[0]["totals"]
    assert (totals["units"], totals["submitted"], totals["late"], totals["drafts"]) == (
        len(codes),
        3,
        1,
        1,
    )
    assert (totals["units_nothing"], totals["units_draft"], totals["units_late"]) == (2, 1, 1)
    nothing = client.get(url, {"state": "nothing"}).context["rows"]
    assert sorted(row.unit.code for row in nothing) == ["MN1", "MN2"]
    assert (nothing.paginator.count, nothing.paginator.num_pages) == (2, 1)


def test_bulk_accept_from_the_board(client, tree, deadline):
    items = [
        _submit(initiative(unit, deadline), D(2024, 8, 1)) for unit in (tree["a1"], tree["a2"])
    ]
    client.force_login(member(tree["office_a"], Role.REVIEWER))

    client.post(
        reverse("initiatives:board_decide", kwargs={"deadline_id": deadline.pk}),
        {"items": [i.pk for i in items], "decision": "accept", "comment": ""},
    )

    assert set(Initiative.objects.values_list("status", flat=True)) == {"accepted"}


def test_unit_staff_have_no_board(client, tree, deadline):
    client.force_login(member(tree["a1"], Role.UNIT_HEAD))

    response = client.get(reverse("initiatives:board", kwargs={"deadline_id": deadline.pk}))

    assert response.status_code == 403


def test_initiative_search_ignores_accents(client, tree, deadline):
    initiative(tree["a1"], deadline, name="Ứng dụng chữ ký số trong giải quyết hồ sơ")
    initiative(tree["a2"], deadline, name="Hộp thư góp ý")
    client.force_login(member(tree["office_a"], Role.REVIEWER))

    page = client.get(reverse("initiatives:list"), {"q": "chu ky so"}).content.decode()

    assert "Ứng dụng chữ ký số" in page and "Hộp thư góp ý" not in page


def test_search_finds_an_item_by_what_an_edit_changed(client, tree, deadline):
    from tests.factories import PersonFactory

    item = initiative(tree["a1"], deadline, name="Hộp thư góp ý")
    in_charge = PersonFactory(unit=tree["a1"], full_name="Trần Thị Thu")
    author = PersonFactory(unit=tree["a1"], full_name="Lê Văn Đức")
    services.initiative_update(
        actor=SYSTEM,
        initiative=item,
        name="Sổ liên lạc điện tử",
        person_in_charge=in_charge,
        authors=[author],
    )
    client.force_login(member(tree["a1"], Role.UNIT_HEAD))
    url = reverse("initiatives:list")

    for query in ("so lien lac", "tran thi thu", "le van duc"):
        assert "Sổ liên lạc điện tử" in client.get(url, {"q": query}).content.decode(), query
    assert "Sổ liên lạc điện tử" not in client.get(url, {"q": "hop thu"}).content.decode()
    services.initiative_update(actor=SYSTEM, initiative=item, authors=[])
    assert "Sổ liên lạc" not in client.get(url, {"q": "le van duc"}).content.decode()


def test_the_board_costs_the_same_queries_whatever_the_number_of_units(
    client, django_assert_max_num_queries
):
    counts = []
    for size in (2, 12):
        root = UnitFactory(department=True)
        schools = [UnitFactory(parent=root, kind=kind("truong-mam-non")) for _ in range(size)]
        plan = campaign(root, launch_on=D(2024, 3, 20))
        deadline = plan.phases.get().deadlines.get()
        for school in schools:
            _submit(initiative(school, deadline), D(2024, 8, 1))
        client.force_login(member(root, Role.REVIEWER))
        url = reverse("initiatives:board", kwargs={"deadline_id": deadline.pk})
        with django_assert_max_num_queries(25) as captured:
            response = client.get(url)
        assert response.content.decode().count("data-unit=") == size
        counts.append(len(captured))

    assert counts[0] == counts[1]


def test_the_initiative_list_comes_in_pages_newest_first(client, tree, deadline, monkeypatch):
    from initiatives import views

    monkeypatch.setattr(views, "LIST_PAGE", 2)
    for name in ("Thứ nhất", "Thứ hai", "Thứ ba"):
        initiative(tree["a1"], deadline, name=name)
    client.force_login(member(tree["a1"], Role.UNIT_HEAD))
    url = reverse("initiatives:list")

    first = client.get(url).content.decode()
    second = client.get(url, {"page": "2"}).content.decode()

    assert "Thứ ba" in first and "Thứ hai" in first and "Thứ nhất" not in first
    assert "page=2" in first and "page=1" not in first
    assert "Thứ nhất" in second and "Thứ ba" not in second and "page=1" in second
    for tampered in ("abc", "-3", "0", "99999999999999999999"):
        page = client.get(url, {"page": tampered})
        assert page.status_code == 200
    assert "Thứ ba" in client.get(url, {"page": "abc"}).content.decode()
