"""What the dashboard's charts draw: the figures its tables print, with full labels, the
values as text (printed on the bars: 99,6 % and 100 % read apart even where the bars look
alike) and colours by meaning.

Colours are named as Bootstrap's (`success`, `warning`, `danger`, `primary`), the names of
the badges: the browser takes each from the badge's own style (static/js/charts.js), so a
status is drawn in the colour of its badge on the review board and in the item lists
(templates/initiatives/_status.html), whatever the palette. A chart with nothing to draw is
marked `empty`; the page then says "Chưa có dữ liệu" instead of drawing an empty axis.
"""

from __future__ import annotations

from decimal import Decimal

from django.utils.formats import get_format, number_format
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from campaign.models import KpiIndicator

# An initiative's status as its badge shows it; drafts are never charted.
STATUS_COLOURS = {
    "submitted": "primary",
    "returned": "warning",
    "accepted": "success",
    "rejected": "danger",
}
# "Late" on the review board and the lists is an amber badge; it never shares a chart
# with "returned".
LATE_COLOUR = "warning"
MET_COLOUR, BELOW_COLOUR = "success", "danger"


def number_text(value: Decimal | int | float) -> str:
    """A figure as Vietnamese writes it: decimal comma, thousands with dots, no trailing
    zeros and no rounding beyond the two decimals kept ("99,6", "100", "1.234")."""
    text = f"{Decimal(value):f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    whole, _dot, decimals = text.partition(".")
    whole = number_format(int(whole), force_grouping=True)
    return whole + (get_format("DECIMAL_SEPARATOR") + decimals if decimals else "")


def percent_text(value: Decimal | int | float) -> str:
    """ "99,6 %" (with a no-break space) in Vietnamese, "99.6%" in English."""
    return _("%(number)s%%") % {"number": number_text(value)}


def _float(value) -> float | None:
    return None if value is None else float(value)


def _attainment_chart(attainments) -> dict:
    percent = [a for a in attainments if a.is_percent]
    return {
        "empty": all(a.value is None for a in percent),
        "labels": [a.target.indicator.name for a in percent],
        "values": [_float(a.value) for a in percent],
        "texts": [
            _("not applicable") if a.value is None else percent_text(a.value) for a in percent
        ],
        "targets": [_float(a.target.value) for a in percent],
        "colours": [BELOW_COLOUR if a.meets is False else MET_COLOUR for a in percent],
    }


def _trend_chart(targets, trend) -> dict:
    """One small chart per percentage target, its periods side by side."""
    series = []
    for target in targets:
        if target.indicator.measure != KpiIndicator.Measure.PERCENT:
            continue
        found = [
            next((a for a in attainments if a.target.pk == target.pk), None)
            for _label, attainments in trend
        ]
        values = [None if a is None else a.value for a in found]
        series.append(
            {
                "label": target.indicator.name,
                "phrase": target.phrase,
                "target": _float(target.value),
                "empty": all(v is None for v in values),
                "values": [_float(v) for v in values],
                "texts": ["" if v is None else percent_text(v) for v in values],
                "colours": [
                    BELOW_COLOUR if a is not None and a.meets is False else MET_COLOUR
                    for a in found
                ],
            }
        )
    return {
        "empty": all(s["empty"] for s in series),
        "periods": [capfirst(label) for label, _attainments in trend],
        "series": series,
    }


def _areas_chart(by_area, statuses) -> dict:
    totals = [area["total"] for area in by_area]
    return {
        "empty": not any(totals),
        "labels": [str(area["label"]) for area in by_area],
        "series": [
            {
                "status": value,
                "label": str(label),
                "colour": STATUS_COLOURS[value],
                "values": [area["by_status"].get(value, 0) for area in by_area],
                "texts": [number_text(area["by_status"].get(value, 0)) for area in by_area],
            }
            for value, label in statuses
        ],
        "totals": totals,
        "total_texts": [number_text(n) for n in totals],
        # The same figures as a table, the chart's text alternative: (area, counts by
        # status, total), 0 written out.
        "table": [
            (
                str(area["label"]),
                [number_text(area["by_status"].get(value, 0)) for value, _label in statuses],
                number_text(area["total"]),
            )
            for area in by_area
        ],
    }


def dashboard_charts(result, trend, by_area, statuses) -> dict:
    """The data of the dashboard's three charts (the page's json_script): the attainment
    of each percentage target, its trend across periods, and the initiatives per CCHC area
    and status (`statuses`: (value, label) pairs, drafts left out)."""
    return {
        "percent": _("%(number)s%%") % {"number": ""},
        "words": {"attainment": _("Attainment"), "target": _("Target"), "total": _("Total")},
        "attainment": _attainment_chart(result.total.attainments),
        "trend": _trend_chart(result.targets, trend),
        "areas": _areas_chart(by_area, statuses),
    }
