"""Staff in the app: the unit's page lists its people; the tenant administrator and the unit's
head add, edit and deactivate them; moving is the administrator's; citizen IDs stay masked."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import PersonFactory, UnitFactory, campaign, member
from units import services
from units.models import Person, Role
from units.permissions import SYSTEM

pytestmark = pytest.mark.django_db

FULL_ID = "079185002468"
MASKED = "•••••••••468"


@pytest.fixture
def school(tree):
    return tree["a1"]


@pytest.fixture
def head(school):
    return member(school, Role.UNIT_HEAD)


@pytest.fixture
def teacher(school):
    return PersonFactory(
        unit=school,
        full_name="Nguyễn Thị Thu Hà",
        position="Giáo viên",
        email="ha.ntt@example.edu.vn",
        citizen_id=FULL_ID,
    )


def page(client, name, **kwargs):
    return client.get(reverse(name, kwargs=kwargs))


# --- The unit's page -------------------------------------------------------------------------


def test_the_unit_page_lists_its_staff_with_masked_ids_and_accounts(client, school, head, teacher):
    PersonFactory(unit=school, full_name="Lê Văn Đức", user=head, citizen_id="")
    client.force_login(head)

    html = page(client, "units:detail", unit_id=school.pk).content.decode()

    assert "Nguyễn Thị Thu Hà" in html and "ha.ntt@example.edu.vn" in html
    assert MASKED in html and FULL_ID not in html
    assert "Lê Văn Đức" in html
    assert html.count("<td>Có</td>") == 1  # one of the two has an account


def test_the_tenant_admin_sees_full_ids_on_the_unit_page(client, school, tenant_admin, teacher):
    client.force_login(tenant_admin)

    html = page(client, "units:detail", unit_id=school.pk).content.decode()

    assert FULL_ID in html


def test_people_who_have_left_show_only_when_asked(client, school, head, teacher):
    services.person_deactivate(actor=SYSTEM, person=teacher)
    client.force_login(head)
    url = reverse("units:detail", kwargs={"unit_id": school.pk})

    assert "Nguyễn Thị Thu Hà" not in client.get(url).content.decode()
    assert "Nguyễn Thị Thu Hà" in client.get(url, {"former": "1"}).content.decode()


def test_a_long_staff_list_comes_in_pages(client, school, head):
    PersonFactory.create_batch(51, unit=school, citizen_id="")
    last = PersonFactory(unit=school, full_name="Vũ Thị Yến", citizen_id="")
    client.force_login(head)
    url = reverse("units:detail", kwargs={"unit_id": school.pk})

    first = client.get(url).content.decode()
    second = client.get(url, {"page": "2"}).content.decode()

    assert "Vũ Thị Yến" not in first and "Vũ Thị Yến" in second
    assert last.full_name in second
    assert client.get(url, {"page": "x' OR 1"}).status_code == 200


def test_the_unit_page_issues_the_same_queries_for_3_or_40_people(
    client, school, tenant_admin, django_assert_num_queries
):
    PersonFactory.create_batch(3, unit=school)
    client.force_login(tenant_admin)
    url = reverse("units:detail", kwargs={"unit_id": school.pk})
    client.get(url)  # warm the session
    with CaptureQueriesContext(connection) as few:
        client.get(url)

    PersonFactory.create_batch(37, unit=school)
    with django_assert_num_queries(len(few.captured_queries)):
        response = client.get(url)
    assert response.content.decode().count('href="/units/people/') >= 40


# --- Who may do what -------------------------------------------------------------------------


def test_the_head_adds_a_person_to_their_unit(client, school, head):
    client.force_login(head)

    response = client.post(
        reverse("units:person_create", kwargs={"unit_id": school.pk}),
        {
            "full_name": "  Trần   Thị Mỹ Dung ",
            "position": "Phó Hiệu trưởng",
            "email": "dung.ttm@example.edu.vn",
            "citizen_id": "079 185 002 469",
            "gender": "female",
        },
    )

    assert response.status_code == 302
    person = Person.objects.get(unit=school, full_name="Trần Thị Mỹ Dung")
    assert person.citizen_id == "079185002469" and person.is_active
    assert person.gender == "female"
    assert person.history.get().history_user == head
    page = client.get(reverse("units:person_detail", kwargs={"person_id": person.pk}))
    assert 'data-testid="gender">Nữ<' in page.content.decode()


def test_the_tenant_admin_adds_a_person_with_an_account(client, school, tenant_admin):
    account = member(school, Role.UNIT_STAFF, username="gv.dung")
    client.force_login(tenant_admin)

    client.post(
        reverse("units:person_create", kwargs={"unit_id": school.pk}),
        {"full_name": "Trần Thị Mỹ Dung", "user": account.pk},
    )

    assert Person.objects.get(full_name="Trần Thị Mỹ Dung").user == account


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("head_of_another_unit", 404),
        ("staff_of_the_unit", 403),
        ("reviewer_above", 403),
        ("award_officer_above", 403),
        ("admin_of_another_tenant", 404),
    ],
)
def test_no_one_else_adds_edits_moves_or_deactivates(client, tree, school, teacher, who, status):
    users = {
        "head_of_another_unit": lambda: member(tree["a2"], Role.UNIT_HEAD),
        "staff_of_the_unit": lambda: member(school, Role.UNIT_STAFF),
        "reviewer_above": lambda: member(tree["office_a"], Role.REVIEWER),
        "award_officer_above": lambda: member(tree["office_a"], Role.AWARD_OFFICER),
        "admin_of_another_tenant": lambda: member(UnitFactory(), Role.TENANT_ADMIN),
    }
    client.force_login(users[who]())

    responses = [
        client.get(reverse("units:person_create", kwargs={"unit_id": school.pk})),
        client.post(
            reverse("units:person_create", kwargs={"unit_id": school.pk}), {"full_name": "X"}
        ),
        client.get(reverse("units:person_edit", kwargs={"person_id": teacher.pk})),
        client.post(
            reverse("units:person_edit", kwargs={"person_id": teacher.pk}), {"full_name": "X"}
        ),
        client.post(reverse("units:person_deactivate", kwargs={"person_id": teacher.pk})),
        client.post(reverse("units:person_reactivate", kwargs={"person_id": teacher.pk})),
        client.post(
            reverse("units:person_move", kwargs={"person_id": teacher.pk}),
            {"unit": tree["a2"].pk, "confirmed": "1"},
        ),
    ]

    assert [r.status_code for r in responses] == [status] * len(responses)
    teacher.refresh_from_db()
    assert teacher.full_name == "Nguyễn Thị Thu Hà" and teacher.is_active
    assert teacher.unit == school
    assert not Person.objects.filter(full_name="X").exists()


def test_the_services_check_the_actor_too(tree, school, teacher):
    other_head = member(tree["a2"], Role.UNIT_HEAD)
    head = member(school, Role.UNIT_HEAD)

    with pytest.raises(PermissionDenied):
        services.person_create(actor=other_head, unit=school, full_name="Đặng Văn Khoa")
    with pytest.raises(PermissionDenied):
        services.person_update(actor=other_head, person=teacher, position="Tổ trưởng")
    with pytest.raises(PermissionDenied):
        services.person_deactivate(actor=other_head, person=teacher)
    with pytest.raises(PermissionDenied):
        services.person_move(actor=head, person=teacher, unit=tree["a2"])
    with pytest.raises(PermissionDenied):  # accounts are the administrator's
        services.person_update(actor=head, person=teacher, user=member(school))


def test_the_page_shows_each_button_only_to_those_who_may_use_it(
    client, tree, school, head, tenant_admin, teacher
):
    url = reverse("units:person_detail", kwargs={"person_id": teacher.pk})
    edit = reverse("units:person_edit", kwargs={"person_id": teacher.pk})
    move = reverse("units:person_move", kwargs={"person_id": teacher.pk})

    client.force_login(member(tree["office_a"], Role.REVIEWER))
    html = client.get(url).content.decode()
    assert edit not in html and move not in html and MASKED in html

    client.force_login(head)
    html = client.get(url).content.decode()
    assert edit in html and move not in html

    client.force_login(tenant_admin)
    html = client.get(url).content.decode()
    assert edit in html and move in html and FULL_ID in html


# --- Editing and citizen IDs -----------------------------------------------------------------


def test_the_head_never_sees_the_full_id_in_the_form_and_an_empty_field_keeps_it(
    client, head, teacher
):
    client.force_login(head)
    url = reverse("units:person_edit", kwargs={"person_id": teacher.pk})

    html = client.get(url).content.decode()
    assert FULL_ID not in html and MASKED in html

    response = client.post(url, {"full_name": teacher.full_name, "position": "Tổ trưởng"})
    assert response.status_code == 302
    teacher.refresh_from_db()
    assert teacher.citizen_id == FULL_ID and teacher.position == "Tổ trưởng"


def test_the_head_may_type_a_new_id_and_then_sees_it_masked(client, head, teacher):
    client.force_login(head)
    url = reverse("units:person_edit", kwargs={"person_id": teacher.pk})

    client.post(url, {"full_name": teacher.full_name, "citizen_id": "001099123456"})

    teacher.refresh_from_db()
    assert teacher.citizen_id == "001099123456"
    assert "001099123456" not in client.get(url).content.decode()


def test_the_admin_sees_the_full_id_in_the_form_and_may_clear_it(client, tenant_admin, teacher):
    client.force_login(tenant_admin)
    url = reverse("units:person_edit", kwargs={"person_id": teacher.pk})

    assert FULL_ID in client.get(url).content.decode()
    client.post(url, {"full_name": teacher.full_name, "citizen_id": ""})

    teacher.refresh_from_db()
    assert teacher.citizen_id == ""


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("07918500246", "gồm 12 chữ số"),
        ("07918500246A", "chỉ được gồm các chữ số"),
        ("079299002468", "2099"),
    ],
)
def test_a_wrong_id_is_explained_in_vietnamese_and_the_form_keeps_what_was_typed(
    client, school, head, typed, message
):
    client.force_login(head)

    response = client.post(
        reverse("units:person_create", kwargs={"unit_id": school.pk}),
        {"full_name": "Hoàng Thị Lan", "position": "Giáo viên", "citizen_id": typed},
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert message in html
    assert "Hoàng Thị Lan" in html and typed in html
    assert not Person.objects.filter(full_name="Hoàng Thị Lan").exists()


def test_an_id_is_unique_in_the_tenant_but_not_across_tenants(client, tree, head, teacher):
    client.force_login(head)

    response = client.post(
        reverse("units:person_create", kwargs={"unit_id": teacher.unit.pk}),
        {"full_name": "Hoàng Thị Lan", "citizen_id": FULL_ID},
    )

    assert "đã được ghi cho một cán bộ khác" in response.content.decode()
    other_tenant = UnitFactory()
    assert services.person_create(
        actor=SYSTEM, unit=other_tenant, full_name="Hoàng Thị Lan", citizen_id=FULL_ID
    ).pk


def test_an_account_links_to_one_person_only(school, teacher):
    account = member(school)
    services.person_update(actor=SYSTEM, person=teacher, user=account)

    with pytest.raises(ValidationError) as excinfo:
        services.person_create(actor=SYSTEM, unit=school, full_name="Lê Văn Đức", user=account)

    assert "user" in excinfo.value.message_dict


# --- Moving and leaving ----------------------------------------------------------------------


def test_moving_asks_first_then_moves_and_keeps_the_history(client, tree, tenant_admin, teacher):
    client.force_login(tenant_admin)
    url = reverse("units:person_move", kwargs={"person_id": teacher.pk})
    choice = {"unit": tree["b1"].pk, "note": "Quyết định số 45/QĐ-UBND ngày 02/01/2026"}

    first = client.post(url, choice)
    teacher.refresh_from_db()
    assert first.status_code == 200 and teacher.unit == tree["a1"]
    assert 'name="confirmed"' in first.content.decode()

    second = client.post(url, {**choice, "confirmed": "1"})
    teacher.refresh_from_db()
    assert second.status_code == 302 and teacher.unit == tree["b1"]
    latest = teacher.history.latest()
    assert latest.history_change_reason.startswith("Quyết định số 45")
    assert latest.history_user == tenant_admin
    html = client.get(reverse("units:person_detail", kwargs={"person_id": teacher.pk}))
    assert "Quyết định số 45" in html.content.decode()


def test_a_person_moves_only_to_an_active_unit_of_the_tenant(tree, teacher):
    gone = UnitFactory(parent=tree["office_b"])
    services.unit_dissolve(actor=SYSTEM, unit=gone, children_to=None)

    with pytest.raises(ValidationError):
        services.person_move(actor=SYSTEM, person=teacher, unit=gone)
    with pytest.raises(ValidationError):
        services.person_move(actor=SYSTEM, person=teacher, unit=UnitFactory())
    with pytest.raises(ValidationError):
        services.person_move(actor=SYSTEM, person=teacher, unit=teacher.unit)


def test_deactivating_asks_first_and_reactivating_brings_the_person_back(client, head, teacher):
    client.force_login(head)
    url = reverse("units:person_deactivate", kwargs={"person_id": teacher.pk})

    confirm = client.get(url)
    teacher.refresh_from_db()
    assert confirm.status_code == 200 and teacher.is_active
    assert "Nguyễn Thị Thu Hà" in confirm.content.decode()

    client.post(url, {"note": "Nghỉ hưu từ 01/01/2026"})
    teacher.refresh_from_db()
    assert not teacher.is_active
    assert teacher.history.latest().history_change_reason == "Nghỉ hưu từ 01/01/2026"

    client.post(reverse("units:person_reactivate", kwargs={"person_id": teacher.pk}))
    teacher.refresh_from_db()
    assert teacher.is_active


def test_a_person_of_a_dissolved_unit_comes_back_only_after_a_move(tree, teacher):
    services.person_deactivate(actor=SYSTEM, person=teacher)
    services.unit_dissolve(actor=SYSTEM, unit=tree["a1"], children_to=None)

    with pytest.raises(ValidationError):
        services.person_reactivate(actor=SYSTEM, person=teacher)
    services.person_move(actor=SYSTEM, person=teacher, unit=tree["a2"])
    assert services.person_reactivate(actor=SYSTEM, person=teacher).is_active


def test_no_one_is_added_to_a_dissolved_unit(tree):
    services.unit_dissolve(actor=SYSTEM, unit=tree["b2"], children_to=None)

    with pytest.raises(ValidationError):
        services.person_create(actor=SYSTEM, unit=tree["b2"], full_name="Đỗ Thị Hồng")


# --- People who have left in the choices of new records --------------------------------------


def test_people_who_have_left_are_not_offered_as_nominees_but_stay_on_their_nomination(
    client, tree, school, head, teacher
):
    from awards.models import Subject
    from awards.services import nomination_save
    from tests.factories import award_type

    plan = campaign(tree["department"], launch_on=datetime.date(2024, 3, 20))
    award = award_type(school.tenant, subject=Subject.INDIVIDUAL)
    nomination = nomination_save(
        actor=SYSTEM,
        unit=school,
        campaign=plan,
        award_type=award,
        person=teacher,
        year=2024,
        rating="excellent",
        achievements="Hoàn thành xuất sắc nhiệm vụ",
    )
    stays = PersonFactory(unit=school, full_name="Phan Văn Tâm")
    services.person_deactivate(actor=SYSTEM, person=teacher)
    client.force_login(head)

    new_form = client.get(reverse("awards:create")).content.decode()
    assert "Phan Văn Tâm" in new_form and "Nguyễn Thị Thu Hà" not in new_form
    old = client.get(reverse("awards:detail", kwargs={"nomination_id": nomination.pk}))
    assert "Nguyễn Thị Thu Hà" in old.content.decode()
    teacher.refresh_from_db()
    with pytest.raises(ValidationError):
        nomination_save(
            actor=SYSTEM,
            unit=school,
            campaign=plan,
            award_type=award,
            person=teacher,
            year=2024,
            rating="excellent",
            achievements="Hoàn thành xuất sắc nhiệm vụ",
        )
    assert stays.is_active


def test_people_who_have_left_are_not_offered_as_authors_of_a_new_initiative(school, teacher):
    from initiatives.forms import InitiativeForm

    services.person_deactivate(actor=SYSTEM, person=teacher)
    PersonFactory(unit=school, full_name="Phan Văn Tâm")

    offered = {p.full_name for p in InitiativeForm(unit=school).fields["authors"].queryset}

    assert offered == {"Phan Văn Tâm"}
