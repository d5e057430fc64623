"""Signing certificates: the tenant administrator's upload (checked with its passphrase, in
Vietnamese when wrong), the replacement of the one in use, and the signer's failures."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from documents.models import SigningCertificate
from documents.signing import SigningError, UnitSigner, unit_signer, verify_pdf
from tests.factories import signing_certificate, signing_pkcs12

pytestmark = pytest.mark.django_db

ADD_URL = reverse("admin:documents_signingcertificate_add")


def upload(client, unit, data, passphrase):
    return client.post(
        ADD_URL,
        {
            "unit": unit.pk,
            "signer_name": "Nguyễn Văn Ký",
            "signer_position": "Trưởng phòng",
            "certificate_file": SimpleUploadedFile("chung-thu.p12", data),
            "passphrase": passphrase,
        },
    )


def test_the_administrator_uploads_a_certificate_and_a_new_one_replaces_it(
    client, tenant_admin, tree
):
    client.force_login(tenant_admin)
    office = tree["office_a"]
    first, _ = signing_pkcs12("Chứng thư cũ")
    second, trusted = signing_pkcs12("Phòng Giáo dục và Đào tạo A")

    assert upload(client, office, first, "mat-khau").status_code == 302
    assert upload(client, office, second, "mat-khau").status_code == 302

    certificates = SigningCertificate.objects.filter(unit=office).order_by("pk")
    assert [c.is_active for c in certificates] == [False, True]
    assert "Phòng Giáo dục và Đào tạo A" in certificates[1].subject
    # The passphrase is not stored as typed.
    assert b"mat-khau" not in bytes(certificates[1].passphrase_encrypted)

    signer = unit_signer(office)
    signed = signer.sign(_tiny_pdf(), reason="Kiểm tra", location="Quận 1")
    [state] = verify_pdf(signed, trust_roots=[trusted])
    assert state.ok and "Phòng Giáo dục và Đào tạo A" in state.signer


@pytest.mark.parametrize(
    ("data", "passphrase"),
    [(None, "sai-mat-khau"), (b"not a certificate", "mat-khau")],
    ids=["wrong passphrase", "not a PKCS#12 file"],
)
def test_a_wrong_passphrase_or_file_is_explained_and_nothing_is_stored(
    client, tenant_admin, tree, data, passphrase
):
    client.force_login(tenant_admin)
    data = data or signing_pkcs12()[0]

    page = upload(client, tree["office_a"], data, passphrase)

    assert page.status_code == 200
    assert "Tệp không phải chứng thư số PKCS#12 (.p12, .pfx), hoặc mật khẩu không đúng." in (
        page.content.decode()
    )
    assert not SigningCertificate.objects.exists()


def test_an_expired_certificate_cannot_sign(tree):
    certificate, _trusted = signing_certificate(tree["office_a"])
    certificate.valid_until = certificate.uploaded_at - datetime.timedelta(days=1)
    with pytest.raises(SigningError, match="đã hết hạn"):
        UnitSigner(certificate)


def test_a_unit_without_a_certificate_signs_nothing(tree):
    assert unit_signer(tree["office_a"]) is None


def _tiny_pdf() -> bytes:
    from weasyprint import HTML

    return HTML(string="<p>Tờ trình</p>").write_pdf()
