"""Document numbers: per unit, per year, per type, in the issuing transaction, never reused."""

import datetime
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, transaction

from documents.models import DocumentType, IssuedNumber, NumberRegister
from documents.services import number_allocate, number_register_continue
from tests.factories import UnitFactory, UserFactory
from units import services as unit_services
from units.permissions import SYSTEM

pytestmark = pytest.mark.django_db

DAY = datetime.date(2024, 3, 20)


def allocate(unit, doc_type=DocumentType.PLAN, issued_on=DAY, **kwargs):
    return number_allocate(
        actor=SYSTEM, unit=unit, doc_type=doc_type, issued_on=issued_on, **kwargs
    )


@pytest.fixture
def school():
    return UnitFactory(code="MNCG")


def test_numbers_start_at_01_and_follow_each_other(school):
    user = UserFactory(tenant=school.tenant)

    first = number_allocate(
        actor=user, unit=school, doc_type=DocumentType.PLAN, issued_on=DAY, summary="Kế hoạch"
    )
    second = allocate(school)

    assert (first.number, second.number) == (1, 2)
    assert (first.display, second.display) == ("01/KH-MNCG", "02/KH-MNCG")
    assert (first.year, first.unit_code, first.issued_by, first.summary) == (
        2024,
        "MNCG",
        user,
        "Kế hoạch",
    )
    assert first.tenant_id == school.tenant_id
    assert NumberRegister.objects.get(unit=school, year=2024, doc_type="KH").last_number == 2


def test_numbering_restarts_on_the_first_of_january(school):
    allocate(school, issued_on=datetime.date(2024, 12, 30))
    last_of_2024 = allocate(school, issued_on=datetime.date(2024, 12, 31))

    first_of_2025 = allocate(school, issued_on=datetime.date(2025, 1, 1))

    assert last_of_2024.number == 2
    assert (first_of_2025.number, first_of_2025.year) == (1, 2025)
    # and the old year's register goes on where it was (a late entry for 2024)
    assert allocate(school, issued_on=datetime.date(2024, 12, 31)).number == 3


def test_each_document_type_has_its_own_counter(school):
    plans = [allocate(school, DocumentType.PLAN) for _ in range(2)]
    submission = allocate(school, DocumentType.SUBMISSION)
    letter = allocate(school, DocumentType.LETTER)

    assert [p.display for p in plans] == ["01/KH-MNCG", "02/KH-MNCG"]
    assert submission.display == "01/TTr-MNCG"
    assert letter.display == "01/MNCG"


def test_each_unit_has_its_own_counter(school):
    other = UnitFactory(parent=None, code="MNSC")
    allocate(school)
    allocate(school)

    assert allocate(other).display == "01/KH-MNSC"
    assert allocate(school).display == "03/KH-MNCG"


def test_an_issued_number_keeps_the_unit_code_of_its_day(school):
    issued = allocate(school)
    unit_services.unit_update(actor=SYSTEM, unit=school, code="MNCG2")

    issued.refresh_from_db()

    assert issued.display == "01/KH-MNCG"
    assert allocate(school).display == "02/KH-MNCG2"


def test_a_rolled_back_issue_does_not_consume_its_number(school):
    with pytest.raises(RuntimeError), transaction.atomic():
        allocate(school)
        raise RuntimeError("the document failed to issue")

    assert allocate(school).number == 1
    assert IssuedNumber.objects.filter(unit=school).count() == 1


def test_a_dissolved_unit_cannot_allocate_a_number(school):
    allocate(school)
    unit_services.unit_dissolve(actor=SYSTEM, unit=school, children_to=None)

    with pytest.raises(ValidationError):
        allocate(school)

    assert NumberRegister.objects.get(unit=school).last_number == 1
    assert IssuedNumber.objects.filter(unit=school).count() == 1


def test_an_unknown_document_type_is_refused(school):
    with pytest.raises(ValidationError):
        allocate(school, doc_type="XYZ")

    assert not NumberRegister.objects.exists()


def test_allocating_takes_a_fixed_number_of_queries(school, django_assert_num_queries):
    allocate(school)

    # unit status, locked register, update, insert, plus the savepoint pair of the atomic block
    with django_assert_num_queries(6):
        allocate(school)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_allocations_get_distinct_consecutive_numbers():
    school = UnitFactory(code="MNCG")
    barrier = threading.Barrier(4)
    numbers, errors = [], []

    def issue():
        try:
            barrier.wait()
            with transaction.atomic():
                numbers.append(allocate(school).number)
        except Exception as exc:  # collected for the assertion below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=issue) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert sorted(numbers) == [1, 2, 3, 4]
    assert NumberRegister.objects.get(unit=school).last_number == 4
    assert sorted(IssuedNumber.objects.values_list("number", flat=True)) == [1, 2, 3, 4]


def test_a_register_continues_from_the_paper_register_and_never_goes_back(db):
    unit = UnitFactory(department=True)
    number_register_continue(
        actor=SYSTEM, unit=unit, doc_type=DocumentType.PLAN, year=2023, last_number=111
    )

    issued = number_allocate(
        actor=SYSTEM, unit=unit, doc_type=DocumentType.PLAN, issued_on=datetime.date(2023, 4, 28)
    )

    assert issued.number == 112
    with pytest.raises(ValidationError):
        number_register_continue(
            actor=SYSTEM, unit=unit, doc_type=DocumentType.PLAN, year=2023, last_number=100
        )


def test_the_admin_continues_a_paper_register_but_never_backwards(client, tenant_admin, tree):
    from django.urls import reverse

    client.force_login(tenant_admin)
    url = reverse("admin:documents_numberregister_add")
    data = {"unit": tree["a1"].pk, "doc_type": DocumentType.PLAN, "year": 2023, "last_number": 111}

    assert client.post(url, data).status_code == 302
    issued = number_allocate(
        actor=SYSTEM,
        unit=tree["a1"],
        doc_type=DocumentType.PLAN,
        issued_on=datetime.date(2023, 4, 28),
    )
    assert issued.number == 112

    register = NumberRegister.objects.get(unit=tree["a1"])
    change = reverse("admin:documents_numberregister_change", args=[register.pk])
    response = client.post(change, {"last_number": 50})
    assert response.status_code == 200
    assert "không thể lùi lại" in response.content.decode()
    register.refresh_from_db()
    assert register.last_number == 112
