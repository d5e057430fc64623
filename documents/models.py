"""Official-document numbering and background renders, shared by every app.

Numbers follow Nghị định 30/2020/NĐ-CP: per issuing unit, per calendar year, per document
type, restarting at 01 on 1 January, never reused. A number is allocated only in the
transaction that issues the document, so a draft that is cancelled never consumes one.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from units.models import Tenant, Unit

from .formatting import document_number


class DocumentType(models.TextChoices):
    """Type codes of Phụ lục III (value) and the type line printed on the document (label is
    the user-facing name; `DOCUMENT_TITLES` has the printed line). A letter (công văn) has no
    type code: its number is "12/UBND-VX"."""

    PLAN = "KH", _("Plan")
    SUBMISSION = "TTr", _("Submission")
    MINUTES = "BB", _("Minutes")
    REPORT = "BC", _("Report")
    DECISION = "QĐ", _("Decision")
    NOTICE = "TB", _("Notice")
    GUIDANCE = "HD", _("Guidance")
    LIST = "DS", _("List")
    LETTER = "CV", _("Letter")


# Printed in Vietnamese whatever the UI language: the document is the state's.
DOCUMENT_TITLES = {
    DocumentType.PLAN: "KẾ HOẠCH",
    DocumentType.SUBMISSION: "TỜ TRÌNH",
    DocumentType.MINUTES: "BIÊN BẢN",
    DocumentType.REPORT: "BÁO CÁO",
    DocumentType.DECISION: "QUYẾT ĐỊNH",
    DocumentType.NOTICE: "THÔNG BÁO",
    DocumentType.GUIDANCE: "HƯỚNG DẪN",
    DocumentType.LIST: "DANH SÁCH",
    DocumentType.LETTER: "",
}


class NumberRegister(models.Model):
    """The last number given for one unit, year and type; locked while allocating."""

    tenant = models.ForeignKey(Tenant, on_delete=models.PROTECT, verbose_name=_("tenant"))
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, verbose_name=_("unit"))
    year = models.PositiveSmallIntegerField(_("year"))
    doc_type = models.CharField(_("document type"), max_length=8, choices=DocumentType.choices)
    last_number = models.PositiveIntegerField(_("last number"), default=0)

    class Meta:
        verbose_name = _("number register")
        verbose_name_plural = _("number registers")
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "year", "doc_type"], name="number_register_unique"
            ),
        ]

    def __str__(self):
        return f"{self.unit.code} {self.doc_type} {self.year}: {self.last_number}"


class IssuedNumber(models.Model):
    """One number given to one issued document (sổ đăng ký văn bản đi)."""

    tenant = models.ForeignKey(Tenant, on_delete=models.PROTECT, verbose_name=_("tenant"))
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="issued_numbers", verbose_name=_("unit")
    )
    year = models.PositiveSmallIntegerField(_("year"))
    doc_type = models.CharField(_("document type"), max_length=8, choices=DocumentType.choices)
    number = models.PositiveIntegerField(_("number"))
    # The unit code as it was on the day of issue: codes may change, documents do not.
    unit_code = models.CharField(_("unit code"), max_length=40)
    issued_on = models.DateField(_("issued on"))
    summary = models.CharField(_("summary"), max_length=500, blank=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        verbose_name=_("issued by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("issued number")
        verbose_name_plural = _("issued numbers")
        ordering = ["-year", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "year", "doc_type", "number"], name="issued_number_unique"
            ),
        ]

    def __str__(self):
        return self.display

    @property
    def display(self) -> str:
        """ "112/KH-MNCG"; numbers below 10 take a leading zero ("05/KH-MNCG")."""
        return document_number(self.number, self.doc_type, self.unit_code)


class RenderJob(models.Model):
    """A PDF rendered in the background, with progress the user can watch: by a Celery
    worker, or without a broker by a thread of the web process (`documents.background`)."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting")
        RUNNING = "running", _("Rendering")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    tenant = models.ForeignKey(Tenant, on_delete=models.PROTECT, verbose_name=_("tenant"))
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        verbose_name=_("requested by"),
    )
    # What to render, as the dotted path of a registered document builder and its argument.
    builder = models.CharField(_("document"), max_length=200)
    object_id = models.PositiveBigIntegerField(_("object id"))
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.PENDING
    )
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    file = models.FileField(_("file"), upload_to="documents/%Y/%m/", blank=True)
    filename = models.CharField(_("file name"), max_length=255, blank=True)
    error = models.TextField(_("error"), blank=True)
    task_id = models.CharField(_("task id"), max_length=64, blank=True)
    # A job queued to a background thread (no broker): the process that has it
    # ("host:pid:token"), the last time that process said it was still at it, and how many
    # times the job was queued again because its process had stopped. Blank with Celery.
    runner = models.CharField(_("rendering process"), max_length=200, blank=True)
    heartbeat_at = models.DateTimeField(_("last sign of life"), null=True, blank=True)
    restarts = models.PositiveSmallIntegerField(_("restarts"), default=0)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        verbose_name = _("render job")
        verbose_name_plural = _("render jobs")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.builder}#{self.object_id} ({self.get_status_display()})"


class SigningCertificate(models.Model):
    """A unit's signing certificate (PKCS#12), uploaded by the tenant administrator: the
    documents the unit issues are signed with it (PAdES). The passphrase is kept encrypted
    with a key derived from SECRET_KEY, since background renders sign without a person."""

    tenant = models.ForeignKey(Tenant, on_delete=models.PROTECT, verbose_name=_("tenant"))
    unit = models.ForeignKey(
        Unit,
        on_delete=models.PROTECT,
        related_name="signing_certificates",
        verbose_name=_("unit"),
    )
    pkcs12 = models.BinaryField(_("certificate file (PKCS#12)"))
    passphrase_encrypted = models.BinaryField(_("encrypted passphrase"), blank=True)
    signer_name = models.CharField(_("signer's name"), max_length=255)
    signer_position = models.CharField(_("signer's position"), max_length=255)
    subject = models.CharField(_("certificate subject"), max_length=500, editable=False)
    valid_until = models.DateTimeField(_("valid until"), editable=False)
    is_active = models.BooleanField(_("in use"), default=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    history = HistoricalRecords(excluded_fields=["pkcs12", "passphrase_encrypted"])

    class Meta:
        verbose_name = _("signing certificate")
        verbose_name_plural = _("signing certificates")
        ordering = ["unit", "-uploaded_at"]

    def __str__(self):
        return f"{self.unit} — {self.signer_name}"
