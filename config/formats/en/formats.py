"""English as Vietnamese staff use it: dates still dd/mm/yyyy (never month first); numbers
shown with a decimal point, while decimal fields read a comma too (core.fields)."""

from config.formats.daymonth import *  # noqa: F403

DECIMAL_SEPARATOR = "."
THOUSAND_SEPARATOR = ","
NUMBER_GROUPING = 3
