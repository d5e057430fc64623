"""Every showing of a full personal identification number is logged (who, when, whose, where),
and the tenant administrator, nobody else, reads the log."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from documents import legal
from tests.factories import PersonFactory, UnitFactory, member
from units import services
from units.models import CitizenIdView, Role

pytestmark = pytest.mark.django_db

LOG = reverse("units:citizen_id_views")


@pytest.fixture
def department(db):
    return UnitFactory(department=True)


@pytest.fixture
def school(department):
    return UnitFactory(parent=department)


@pytest.fixture
def admin(department):
    return member(department, Role.TENANT_ADMIN, full_name="Quản Trị Viên")


@pytest.fixture
def head(school):
    return member(school, Role.UNIT_HEAD, full_name="Hiệu Trưởng")


@pytest.fixture
def teacher(school):
    return PersonFactory(unit=school, full_name="Nguyễn Thị Thu Hà", citizen_id="079185002468")


def _person_page(person):
    return reverse("units:person_detail", kwargs={"person_id": person.pk})


def _unit_page(unit):
    return reverse("units:detail", kwargs={"unit_id": unit.pk})


def test_the_tenant_admin_opening_a_person_page_writes_one_row(client, admin, teacher):
    client.force_login(admin)

    page = client.get(_person_page(teacher)).content.decode()

    assert teacher.citizen_id in page
    view = CitizenIdView.objects.get()
    assert (view.tenant_id, view.person, view.viewer, view.place) == (
        teacher.tenant_id,
        teacher,
        admin,
        CitizenIdView.Place.PERSON_PAGE,
    )
    assert view.viewed_at is not None


def test_the_edit_form_showing_the_full_number_is_logged_but_saving_is_not(client, admin, teacher):
    client.force_login(admin)
    url = reverse("units:person_edit", kwargs={"person_id": teacher.pk})

    assert teacher.citizen_id in client.get(url).content.decode()
    client.post(url, {"full_name": teacher.full_name, "citizen_id": teacher.citizen_id})

    assert list(CitizenIdView.objects.values_list("place", flat=True)) == [
        CitizenIdView.Place.PERSON_FORM
    ]


def test_the_unit_page_writes_one_row_per_person_shown_in_constant_queries(client, admin, school):
    PersonFactory.create_batch(3, unit=school)
    PersonFactory(unit=school, citizen_id="")  # no number: nothing shown, nothing logged
    client.force_login(admin)
    client.get(_unit_page(school))  # warm the session
    CitizenIdView.objects.all().delete()
    with CaptureQueriesContext(connection) as few:
        client.get(_unit_page(school))
    assert CitizenIdView.objects.count() == 3

    PersonFactory.create_batch(37, unit=school)
    CitizenIdView.objects.all().delete()
    with CaptureQueriesContext(connection) as many:
        client.get(_unit_page(school))

    assert len(many.captured_queries) == len(few.captured_queries)
    assert CitizenIdView.objects.count() == 40
    assert set(CitizenIdView.objects.values_list("place", flat=True)) == {
        CitizenIdView.Place.STAFF_LIST
    }


def test_a_head_who_sees_masked_numbers_writes_nothing(client, head, teacher, school):
    client.force_login(head)

    person_page = client.get(_person_page(teacher)).content.decode()
    unit_page = client.get(_unit_page(school)).content.decode()

    assert teacher.citizen_id not in person_page + unit_page
    assert teacher.masked_citizen_id in person_page
    assert not CitizenIdView.objects.exists()


def test_the_log_shows_the_views_to_the_tenant_admin_newest_first(client, admin, teacher, school):
    other = PersonFactory(unit=school, full_name="Lê Văn Đức")
    services.citizen_id_views_record(viewer=admin, people=[teacher], place="person_page")
    services.citizen_id_views_record(viewer=admin, people=[other], place="staff_list")
    client.force_login(admin)

    page = client.get(LOG)
    html = page.content.decode()

    assert page.status_code == 200
    assert "Nhật ký xem số định danh cá nhân" in html
    # The intro names the law that asks for the log, from the registry.
    assert legal.short(legal.LAW_PERSONAL_DATA) in html
    assert legal.short(legal.DECREE_PERSONAL_DATA) in html
    assert html.index("Lê Văn Đức") < html.index("Nguyễn Thị Thu Hà")  # newest first
    assert "Quản Trị Viên" in html and "Danh sách nhân sự của đơn vị" in html
    assert teacher.citizen_id not in html  # the log names people, not their numbers


def test_the_log_filters_by_person_and_by_user(client, admin, teacher, school, department):
    other = PersonFactory(unit=school, full_name="Lê Văn Đức")
    second_admin = member(department, Role.TENANT_ADMIN, full_name="Phó Quản Trị")
    services.citizen_id_views_record(viewer=admin, people=[teacher], place="person_page")
    services.citizen_id_views_record(viewer=second_admin, people=[other], place="person_page")
    client.force_login(admin)

    def rows(**params):
        html = client.get(LOG, params).content.decode()
        table = html[html.index('data-testid="citizen-id-views"') :]
        return [name for name in ("Nguyễn Thị Thu Hà", "Lê Văn Đức") if name in table]

    assert rows() == ["Nguyễn Thị Thu Hà", "Lê Văn Đức"]
    assert rows(person=teacher.pk) == ["Nguyễn Thị Thu Hà"]
    assert rows(viewer=second_admin.pk) == ["Lê Văn Đức"]
    assert rows(person=teacher.pk, viewer=second_admin.pk) == []
    assert rows(person="x' OR 1", viewer="-1") == ["Nguyễn Thị Thu Hà", "Lê Văn Đức"]


def test_the_log_comes_in_pages_in_constant_queries(client, admin, school):
    people = PersonFactory.create_batch(3, unit=school)
    services.citizen_id_views_record(viewer=admin, people=people, place="staff_list")
    client.force_login(admin)
    client.get(LOG)
    with CaptureQueriesContext(connection) as few:
        client.get(LOG)

    many = PersonFactory.create_batch(60, unit=school)
    services.citizen_id_views_record(viewer=admin, people=many, place="staff_list")
    with CaptureQueriesContext(connection) as full:
        first = client.get(LOG).content.decode()
    second = client.get(LOG, {"page": "2"}).content.decode()

    assert len(full.captured_queries) == len(few.captured_queries)
    assert first.count('href="?person=') == 50
    assert second.count('href="?person=') == 13


def test_the_person_page_links_the_admin_to_the_persons_log(client, admin, head, teacher):
    client.force_login(admin)
    assert f"{LOG}?person={teacher.pk}" in client.get(_person_page(teacher)).content.decode()
    client.force_login(head)
    assert LOG not in client.get(_person_page(teacher)).content.decode()


@pytest.mark.parametrize(
    ("role", "at"),
    [
        (Role.UNIT_HEAD, "school"),
        (Role.UNIT_STAFF, "school"),
        (Role.REVIEWER, "department"),
        (Role.AWARD_OFFICER, "department"),
    ],
)
def test_nobody_but_the_tenant_admin_reads_the_log(
    client, admin, teacher, school, department, role, at
):
    services.citizen_id_views_record(viewer=admin, people=[teacher], place="person_page")
    client.force_login(member(school if at == "school" else department, role))

    page = client.get(LOG)

    assert page.status_code == 403
    assert "Nguyễn Thị Thu Hà" not in page.content.decode()


def test_another_tenants_admin_sees_nothing_of_this_log(client, admin, teacher):
    services.citizen_id_views_record(viewer=admin, people=[teacher], place="person_page")
    foreign_admin = member(UnitFactory(department=True), Role.TENANT_ADMIN)
    client.force_login(foreign_admin)

    for params in ({}, {"person": teacher.pk}, {"viewer": admin.pk}):
        page = client.get(LOG, params)
        html = page.content.decode()
        assert page.status_code == 200
        assert "Nguyễn Thị Thu Hà" not in html and "Quản Trị Viên" not in html


def test_the_admin_sites_person_form_is_logged_too(client, admin, teacher):
    client.force_login(admin)

    page = client.get(reverse("admin:units_person_change", args=[teacher.pk]))

    assert page.status_code == 200 and teacher.citizen_id in page.content.decode()
    view = CitizenIdView.objects.get()
    assert (view.person, view.viewer, view.place) == (
        teacher,
        admin,
        CitizenIdView.Place.ADMIN_FORM,
    )


def test_the_change_log_shows_a_changed_number_masked(client, admin, teacher):
    services.person_update(actor=admin, person=teacher, citizen_id="001099123456")
    client.force_login(admin)

    html = client.get(reverse("units:audit"), {"model": "units.person"}).content.decode()

    assert "079185002468" not in html and "001099123456" not in html
    assert "•••••••••468" in html and "•••••••••456" in html
