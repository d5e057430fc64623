"""Vietnamese: dates dd/mm/yyyy, decimal comma (Django's vi locale lacks the input formats)."""

from config.formats.daymonth import *  # noqa: F403

DECIMAL_SEPARATOR = ","
THOUSAND_SEPARATOR = "."
NUMBER_GROUPING = 3
