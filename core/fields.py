"""Dates and decimals as Vietnamese staff type them, for every form and import.

Dates: every Django date field, the admin's date widgets and its calendar read the input
formats of config/formats (FORMAT_MODULE_PATH): dd/mm/yyyy, d/m/yyyy and yyyy-mm-dd, never
month first, in Vietnamese and in English. What is left here is the widget of an
`<input type="date">`, which must be given yyyy-mm-dd whatever the language (the browser shows
it in its own way and sends yyyy-mm-dd back), and the reading of a date cell of an Excel import.

Decimals: "95,5" and "95.5" are both 95.5, in both languages. A decimal field uses a text input
with a decimal keypad (`inputmode="decimal"`), because in an `<input type="number">` a comma
either cannot be typed or is sent as an empty value, which would clear a score silently.
Admins use `DECIMAL_OVERRIDES` as their `formfield_overrides`.
"""

from __future__ import annotations

import datetime
import decimal
import re

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import formats
from django.utils.translation import gettext as _

ISO_DATE = "%Y-%m-%d"


class DateInput(forms.DateInput):
    """A browser date picker: its value is always yyyy-mm-dd, which every date field reads."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format=ISO_DATE)


# --- Decimals ---

_NUMBER = re.compile(r"[+-]?[\d.,]*\d[\d.,]*")
_SPACES = re.compile(r"[\s\u00a0\u202f]")


_GROUPED = {sep: re.compile(r"\d{1,3}(?:" + re.escape(sep) + r"\d{3})+") for sep in ",."}


def _grouped(text: str, separator: str) -> bool:
    return _GROUPED[separator].fullmatch(text) is not None


def decimal_text(text: str) -> str | None:
    """The number typed, written with a decimal point, or None if it is not a number.

    A single comma or a single point is the decimal separator ("95,5", "95.5"). With both,
    the last one is ("1.234,5", "1,234.5") and the other must group thousands. The same
    separator more than once can only group thousands ("1.234.567"). Spaces are ignored.
    Anything else is not read at all, so a field answers "enter a number" instead of
    guessing."""
    text = _SPACES.sub("", text)
    if not _NUMBER.fullmatch(text):
        return None
    sign = text[0] if text[0] in "+-" else ""
    body = text[len(sign) :]
    if "," in body and "." in body:
        point = "," if body.rfind(",") > body.rfind(".") else "."
        group = "." if point == "," else ","
        whole, _sep, fraction = body.rpartition(point)
        if point in whole or not _grouped(whole, group):
            return None
        return f"{sign}{whole.replace(group, '')}.{fraction}"
    for separator in ",.":
        count = body.count(separator)
        if count == 1:
            return sign + body.replace(separator, ".")
        if count > 1:
            return sign + body.replace(separator, "") if _grouped(body, separator) else None
    return text


def decimal_display(value) -> str:
    """A number as the current language writes it, without trailing zeros: 95,5 / 95.5."""
    number = decimal.Decimal(str(value))
    if number == number.to_integral_value():
        text = f"{number.quantize(decimal.Decimal(1)):f}"
    else:
        text = f"{number.normalize():f}"
    return text.replace(".", formats.get_format("DECIMAL_SEPARATOR"))


class DecimalInput(forms.TextInput):
    """A text input with the phone's decimal keypad, so a comma can be typed; a number value
    is shown the way the language writes it."""

    def __init__(self, attrs=None):
        super().__init__({"inputmode": "decimal", "autocomplete": "off", **(attrs or {})})

    def format_value(self, value):
        if isinstance(value, decimal.Decimal | float | int) and not isinstance(value, bool):
            return decimal_display(value)
        return super().format_value(value)


class DecimalField(forms.DecimalField):
    """A decimal read with a comma or a point (see `decimal_text`)."""

    widget = DecimalInput

    def to_python(self, value):
        if isinstance(value, str) and value.strip():
            value = decimal_text(value) or value
        return super().to_python(value)


DECIMAL_OVERRIDES = {
    models.DecimalField: {"form_class": DecimalField, "widget": DecimalInput},
}


# --- Excel imports ---


def date_from_cell(value) -> datetime.date | None:
    """The date in an Excel cell: a real date cell as it is; text typed dd/mm/yyyy, d/m/yyyy
    or yyyy-mm-dd read day first (never month first); the text a date cell becomes once an
    import turned cells into text ("2026-06-05 00:00:00") too. Empty is None; anything else
    raises a ValidationError whose message quotes the cell, for the row's errors."""
    if value is None:
        return None
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    text = str(value).strip()
    if not text:
        return None
    if not isinstance(value, int | float):
        # Dates are read day first whatever the language the import runs in.
        for name in ("DATE_INPUT_FORMATS", "DATETIME_INPUT_FORMATS"):
            for fmt in formats.get_format(name, lang="vi"):
                try:
                    # A calendar day, read with no time zone: only its date is kept.
                    return datetime.datetime.strptime(text, fmt).date()  # noqa: DTZ007
                except ValueError:
                    continue
    raise ValidationError(
        _('"%(value)s" is not a date: write it as day/month/year, e.g. 05/06/2026.')
        % {"value": text}
    )
