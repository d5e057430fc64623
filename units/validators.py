import re

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

UNIT_CODE_RE = re.compile(r"^[A-ZĐ0-9]+(?:-[A-ZĐ0-9]+)*$")


def validate_unit_code(value: str) -> None:
    """A short code as it appears in document numbers: capitals, digits and Đ, groups joined
    by "-" (Nghị định 30/2020: "112/KH-MNCG", "12/UBND-VX")."""
    if not UNIT_CODE_RE.match(value or ""):
        raise ValidationError(
            _(
                'The short code "%(value)s" may contain only capital letters, digits and '
                '"-" between groups, e.g. MNCG or GDĐT.'
            ),
            code="invalid_unit_code",
            params={"value": value},
        )


def validate_citizen_id(value: str) -> None:
    """Số định danh cá nhân (Luật Căn cước 2023): 12 digits; digits 1–3 the province code,
    digit 4 the century and sex (0/1 for the 1900s, 2/3 for the 2000s, ...), digits 5–6 the
    last two digits of the birth year. A number that puts the birth year in the future is a
    typo."""
    if not value.isascii() or not value.isdigit():
        raise ValidationError(
            _("The personal identification number may contain digits only."),
            code="citizen_id_not_digits",
        )
    if len(value) != 12:
        raise ValidationError(
            _("The personal identification number has 12 digits; this one has %(count)d."),
            code="citizen_id_length",
            params={"count": len(value)},
        )
    birth_year = 1900 + 100 * (int(value[3]) // 2) + int(value[4:6])
    if birth_year > timezone.localdate().year:
        raise ValidationError(
            _("This number gives the birth year %(year)d, which has not come yet."),
            code="citizen_id_birth_year",
            params={"year": birth_year},
        )


class CharacterClassesValidator:
    """A password mixes at least three of: lower-case letters, capitals, digits, other
    characters (an AUTH_PASSWORD_VALIDATORS entry)."""

    CLASSES = (str.islower, str.isupper, str.isdigit, lambda c: not c.isalnum())

    def __init__(self, min_classes: int = 3):
        self.min_classes = min_classes

    def validate(self, password, user=None):
        used = sum(any(test(c) for c in password) for test in self.CLASSES)
        if used < self.min_classes:
            raise ValidationError(self.get_help_text(), code="password_too_plain")

    def get_help_text(self):
        return _(
            "Your password must mix at least three of: small letters, capital letters, "
            "digits, other characters."
        )


class MinimumLengthValidator:
    """At least `min_length` characters. Django's own validator has no Vietnamese message for
    this rule, so the rule is restated here in words the UI translates."""

    def __init__(self, min_length: int = 10):
        self.min_length = min_length

    def validate(self, password, user=None):
        if len(password) < self.min_length:
            raise ValidationError(self.get_help_text(), code="password_too_short")

    def get_help_text(self):
        return _("Your password must be at least %(count)d characters long.") % {
            "count": self.min_length
        }
