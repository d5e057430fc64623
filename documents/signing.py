"""PAdES signatures (pyHanko) on the PDFs a unit issues, with the unit's own certificate.

- `certificate_read`: check an uploaded PKCS#12 and its passphrase (messages in the UI's words).
- `certificate_save`: store it for the unit (the tenant administrator's action).
- `active_certificate`: the unit's certificate in use, or None.
- `unit_signer`: a signer for one render: `signer.sign(pdf, reason=..., location=...)`.
- `signature_context`: what the document prints in its signature block, signed or not.
- `verify_pdf`: the state of every signature of a PDF (tests, support).

A document is signed invisibly (the cryptographic signature) and shows who signed it and when
in its signature block, printed by the document template in the document's own fonts
(Nghị định 30/2020: signer, time "giờ phút giây" in Vietnam time, ISO 8601). Without a
certificate the document is produced unsigned and says so.
"""

from __future__ import annotations

import base64
import datetime
import hashlib
import io
from dataclasses import dataclass

from cryptography.fernet import Fernet, InvalidToken
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.serialization import pkcs12
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign import fields, signers
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko_certvalidator import ValidationContext

from units.models import Unit, User
from units.permissions import administers, as_user

from .models import SigningCertificate

# A CMS signature with an RSA-4096 key and a chain of three certificates fits in 12 KB.
SIGNATURE_BYTES = 16 * 1024


class SigningError(Exception):
    """The unit's certificate cannot be used (its passphrase no longer decrypts, it expired)."""


def _fernet() -> Fernet:
    digest = hashlib.sha256(b"documents.signing:" + settings.SECRET_KEY.encode()).digest()
    return Fernet(base64.urlsafe_b64encode(digest))


@dataclass(frozen=True)
class CertificateInfo:
    subject: str
    valid_until: datetime.datetime


def certificate_read(data: bytes, passphrase: str) -> CertificateInfo:
    """The subject and expiry of a PKCS#12 file; `ValidationError` saying what is wrong."""
    try:
        key, cert, _others = pkcs12.load_key_and_certificates(data, passphrase.encode() or None)
    except (ValueError, TypeError):
        raise ValidationError(
            _("The file is not a PKCS#12 certificate (.p12, .pfx), or the passphrase is wrong.")
        ) from None
    if key is None or cert is None:
        raise ValidationError(_("The file holds no private key with its certificate."))
    valid_until = cert.not_valid_after_utc
    if valid_until <= timezone.now():
        raise ValidationError(
            _("The certificate expired on %(date)s.")
            % {"date": timezone.localtime(valid_until).strftime("%d/%m/%Y")}
        )
    return CertificateInfo(subject=cert.subject.rfc4514_string(), valid_until=valid_until)


@transaction.atomic
def certificate_save(
    *,
    actor: User | None,
    unit: Unit,
    data: bytes,
    passphrase: str,
    signer_name: str,
    signer_position: str,
) -> SigningCertificate:
    """Store the unit's certificate; it replaces the one in use."""

    if not administers(actor, unit.tenant_id):
        raise PermissionDenied(_("Only the tenant administrator uploads signing certificates."))
    info = certificate_read(data, passphrase)
    SigningCertificate.objects.filter(unit=unit, is_active=True).update(is_active=False)
    return SigningCertificate.objects.create(
        tenant_id=unit.tenant_id,
        unit=unit,
        pkcs12=data,
        passphrase_encrypted=_fernet().encrypt(passphrase.encode()),
        signer_name=signer_name.strip(),
        signer_position=signer_position.strip(),
        subject=info.subject[:500],
        valid_until=info.valid_until,
        uploaded_by=as_user(actor),
    )


def active_certificate(unit: Unit) -> SigningCertificate | None:
    return SigningCertificate.objects.filter(unit=unit, is_active=True).order_by("-pk").first()


class _KeptKeySigner(signers.SimpleSigner):
    """pyHanko parses the private key again for every signature it makes (about 40 ms for an
    RSA key, twice per document); a dossier signs a hundred documents, so the parsed key is
    kept for the signer's life."""

    _parsed_key = None

    def sign_raw(self, data: bytes, digest_algorithm: str) -> bytes:
        from cryptography.hazmat.primitives.asymmetric.padding import PKCS1v15
        from cryptography.hazmat.primitives.asymmetric.rsa import RSAPrivateKey
        from pyhanko.sign.general import get_pyca_cryptography_hash

        mechanism = self.get_signature_mechanism_for_digest(digest_algorithm).signature_algo
        if self._parsed_key is None:
            self._parsed_key = serialization.load_der_private_key(
                self.signing_key.dump(), password=None
            )
        if mechanism == "rsassa_pkcs1v15" and isinstance(self._parsed_key, RSAPrivateKey):
            hash_algorithm = get_pyca_cryptography_hash(digest_algorithm)
            return self._parsed_key.sign(data, PKCS1v15(), hash_algorithm)
        return super().sign_raw(data, digest_algorithm)


class UnitSigner:
    """Signs PDFs with one certificate; `signed_at` is the time its documents print."""

    def __init__(self, certificate: SigningCertificate):
        self.certificate = certificate
        try:
            passphrase = _fernet().decrypt(bytes(certificate.passphrase_encrypted))
        except InvalidToken:
            raise SigningError(
                _(
                    "The passphrase of the signing certificate of %(unit)s can no longer be "
                    "read (the server's secret key changed): upload the certificate again."
                )
                % {"unit": certificate.unit}
            ) from None
        if certificate.valid_until <= timezone.now():
            raise SigningError(
                _("The signing certificate of %(unit)s has expired.") % {"unit": certificate.unit}
            )
        loaded = signers.SimpleSigner.load_pkcs12_data(
            bytes(certificate.pkcs12), other_certs=(), passphrase=passphrase or None
        )
        if loaded is None:
            raise SigningError(_("The signing certificate cannot be read."))
        self._signer = _KeptKeySigner(
            signing_cert=loaded.signing_cert,
            signing_key=loaded.signing_key,
            cert_registry=loaded.cert_registry,
        )
        self.signed_at = timezone.localtime()

    def sign(self, pdf: bytes, *, reason: str, location: str) -> bytes:
        metadata = signers.PdfSignatureMetadata(
            field_name="Signature",
            subfilter=fields.SigSeedSubFilter.PADES,
            name=self.certificate.signer_name,
            reason=reason,
            location=location,
        )
        writer = IncrementalPdfFileWriter(io.BytesIO(pdf))
        # Room for the signature reserved up front: pyHanko would otherwise sign once more,
        # as a dry run, to measure it.
        return signers.sign_pdf(
            writer, metadata, signer=self._signer, bytes_reserved=SIGNATURE_BYTES
        ).getvalue()


def unit_signer(unit: Unit) -> UnitSigner | None:
    """A signer with the unit's certificate, or None when it has none (unsigned documents)."""
    certificate = active_certificate(unit)
    return UnitSigner(certificate) if certificate is not None else None


def signature_context(signer: UnitSigner | None) -> dict:
    """The document template's keys for its signature block: who signed and when, or that
    the copy is unsigned."""
    if signer is None:
        return {"unsigned": True}
    return {
        "e_signature": {
            "name": signer.certificate.signer_name,
            "position": signer.certificate.signer_position,
            "time": signer.signed_at.replace(microsecond=0).isoformat(),
        }
    }


@dataclass(frozen=True)
class SignatureState:
    signer: str
    intact: bool  # the signed bytes are unchanged
    valid: bool  # the signature over them is mathematically correct
    trusted: bool  # the certificate chains to a trusted root
    covers_whole_file: bool
    ok: bool  # all of it: what a reader should rely on


def verify_pdf(pdf: bytes, trust_roots=()) -> list[SignatureState]:
    """Every embedded signature of `pdf` with its state. `trust_roots` are `cryptography`
    certificates to trust (the unit's own certificate for a self-issued one)."""
    from asn1crypto import x509 as asn1_x509

    roots = [
        asn1_x509.Certificate.load(cert.public_bytes(serialization.Encoding.DER))
        for cert in trust_roots
    ]
    context = ValidationContext(trust_roots=roots, allow_fetching=False)
    reader = PdfFileReader(io.BytesIO(pdf))
    states = []
    for embedded in reader.embedded_signatures:
        status = validate_pdf_signature(embedded, context)
        states.append(
            SignatureState(
                signer=embedded.signer_cert.subject.human_friendly,
                intact=status.intact,
                valid=status.valid,
                trusted=status.trusted,
                covers_whole_file=status.coverage is not None
                and status.coverage.name == "ENTIRE_FILE",
                ok=status.bottom_line,
            )
        )
    return states
