"""The number register ("Sổ đăng ký văn bản") and signing certificates in the admin: plain
Vietnamese messages, never the database constraint's, and no upload field on a certificate's
page."""

import pytest
from django.urls import reverse

from documents.models import NumberRegister, SigningCertificate
from tests.factories import FACTORY_FOR_MODEL, member
from units.models import Role

pytestmark = pytest.mark.django_db

ADD = reverse("admin:documents_numberregister_add")


@pytest.fixture
def admin_client(client, tree):
    client.force_login(member(tree["department"], Role.TENANT_ADMIN))
    return client


def test_adding_a_register_that_exists_says_to_continue_it(admin_client, tree):
    register = FACTORY_FOR_MODEL[NumberRegister](tree["department"])
    data = {"unit": register.unit_id, "doc_type": register.doc_type, "year": register.year}

    answer = admin_client.post(ADD, {**data, "last_number": 50, "_save": "Lưu"})

    html = answer.content.decode()
    assert answer.status_code == 200
    assert f"Đơn vị đã có sổ đăng ký loại văn bản này của năm {register.year}" in html
    assert "đã tồn tại" not in html
    register.refresh_from_db()
    assert register.last_number == 1


def test_a_register_continues_a_paper_one_from_the_typed_number(admin_client, tree):
    answer = admin_client.post(
        ADD,
        {
            "unit": tree["a1"].pk,
            "doc_type": "KH",
            "year": 2026,
            "last_number": 14,
            "_save": "Lưu",
        },
    )

    assert answer.status_code == 302
    assert NumberRegister.objects.get(unit=tree["a1"], doc_type="KH", year=2026).last_number == 14


def test_numbers_are_refused_in_plain_vietnamese(admin_client, tree):
    answer = admin_client.post(
        ADD,
        {"unit": tree["a1"].pk, "doc_type": "KH", "year": "năm nay", "last_number": -1},
    )

    html = answer.content.decode()
    assert "Hãy nhập số nguyên." in html
    assert "Giá trị phải lớn hơn hoặc bằng 0." in html
    assert not NumberRegister.objects.filter(unit=tree["a1"]).exists()


def test_a_certificates_page_shows_what_it_holds_and_no_upload_field(admin_client, tree):
    certificate = FACTORY_FOR_MODEL[SigningCertificate](tree["department"])

    page = admin_client.get(
        reverse("admin:documents_signingcertificate_change", args=[certificate.pk])
    )

    html = page.content.decode()
    assert page.status_code == 200
    assert certificate.signer_name in html
    assert "Hiệu lực đến" in html  # the certificate's own dates, read-only
    assert "Certificate file" not in html and "Passphrase" not in html
    assert 'name="certificate_file"' not in html
