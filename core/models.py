"""Abstract models shared by the apps above; core itself has no table."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class CheckedFile(models.Model):
    """An uploaded file whose type was read from its bytes (`core.files.check_upload`),
    stored under its SHA-256 and served only through a permission-checked view: evidence in
    `initiatives`, report attachments in `reports`. Each concrete model adds its own `file`
    field, with an `upload_to` of its app."""

    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("type"), max_length=100)
    size = models.PositiveBigIntegerField(_("size (bytes)"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    has_macros = models.BooleanField(
        _("contains macros"),
        default=False,
        help_text=_("An office file carrying macros (VBA, Basic): shown with a warning."),
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        abstract = True

    def __str__(self):
        return self.original_name
