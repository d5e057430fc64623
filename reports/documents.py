"""The periodic report as an official document: "BÁO CÁO Kết quả thực hiện công tác cải cách
hành chính quý I năm 2024", for one unit (its figures and its results per task area) or
consolidated for a subtree (the totals, then one line per unit below). A report leaves the
platform unnumbered ("Số:      /BC-<code>"): the unit numbers it from its register when it
signs the paper copy, as it does today."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import override

from documents.formatting import number_placeholder, place_date_line, vn_date
from documents.letterhead import unit_letterhead
from documents.models import DOCUMENT_TITLES, DocumentType
from documents.services import RenderedDocument, render_docx, render_pdf
from initiatives.models import CchcArea
from units.models import Unit

from .models import PeriodicReport, figure_value, receiving_unit_of
from .selectors import Attainment, Rollup
from .services import period_title

TEMPLATE = "reports/report_pdf.html"
SUBJECT = "Kết quả thực hiện công tác cải cách hành chính {period}"


def _signer_position(unit: Unit) -> str:
    if unit.kind.is_school:
        return "HIỆU TRƯỞNG"
    return {"so": "GIÁM ĐỐC"}.get(unit.kind.code, "TRƯỞNG PHÒNG")


def _number_text(value, percent: bool) -> str:
    if value is None:
        return "Không áp dụng"
    if not percent:
        return _count(int(value))
    text = f"{value:.2f}".rstrip("0").rstrip(".").replace(".", ",")
    return f"{text}%"


def _count(value) -> str:
    """ "316.364": thousands grouped with dots, as Vietnamese documents write them."""
    return "" if value is None else f"{value:,}".replace(",", ".")


def _verdict(meets) -> str:
    return "" if meets is None else ("Đạt" if meets else "Chưa đạt")


def _basis(schedule) -> str:
    plan = schedule.campaign
    number = f" số {plan.number.display}" if plan.number_id else ""
    issued = f" {vn_date(plan.issued_on)}" if plan.issued_on else ""
    title = plan.title[:1].lower() + plan.title[1:]
    return f"Thực hiện Kế hoạch{number}{issued} của {plan.issuing_unit.name} về {title}"


def _addressee(unit: Unit, schedule) -> list[str]:
    """The receiving unit; when the unit itself receives (its consolidated report), the
    issuer of the plan its plan implements, if any."""
    receiving = receiving_unit_of(schedule)
    if receiving.pk != unit.pk:
        return [receiving.name]
    upper = schedule.campaign.based_on
    return [upper.issuing_unit.name] if upper is not None else []


def _letterhead(unit: Unit, schedule, period: str, day) -> dict:
    return {
        **unit_letterhead(unit),
        "number": "",
        "number_placeholder": number_placeholder(DocumentType.REPORT, unit.code),
        "place_date": place_date_line(unit.place_name, day),
        "doc_title": DOCUMENT_TITLES[DocumentType.REPORT],
        "summary": SUBJECT.format(period=period),
        "kinh_gui": _addressee(unit, schedule),
        "recipients": ["Như trên", f"Lưu: VT, {unit.code}."],
        "signer_authority": "",
        "signer_position": _signer_position(unit),
        "signer_name": "",
    }


def report_context(report: PeriodicReport) -> dict:
    """One unit's report: its figures against the targets, then its results per area."""
    period = period_title(report.year, report.period)
    day = timezone.localtime(report.submitted_at).date() if report.submitted_at else None
    rows = []
    for row in report.figures.select_related("target__indicator").order_by("target_id"):
        indicator = row.target.indicator
        percent = indicator.measure == "percent"
        value = figure_value(indicator.measure, row.numerator, row.denominator)
        rows.append(
            {
                "name": indicator.name,
                "numerator": _count(row.numerator),
                "denominator": _count(row.denominator) if percent else "",
                "value": _number_text(value, percent),
                "target": row.target.phrase,
                "verdict": _verdict(None if value is None else row.target.is_met_by(value)),
            }
        )
    with override("vi"):
        areas = [(str(label), report.narratives.get(area, "")) for area, label in CchcArea.choices]
    return {
        **_letterhead(report.unit, report.schedule, period, day or timezone.localdate()),
        "opening": f"{_basis(report.schedule)}, {report.unit.name} báo cáo kết quả thực hiện "
        f"công tác cải cách hành chính {period} như sau:",
        "rows": rows,
        "areas": [(label, text) for label, text in areas if text],
        "draft": report.status != PeriodicReport.Status.SUBMITTED,
    }


def _attainment_row(attainment: Attainment) -> dict:
    applies = attainment.value is not None
    return {
        "name": attainment.target.indicator.name,
        "numerator": _count(attainment.numerator) if applies else "",
        "denominator": _count(attainment.denominator) if applies and attainment.is_percent else "",
        "value": _number_text(attainment.value, attainment.is_percent),
        "target": attainment.target.phrase,
        "verdict": _verdict(attainment.meets),
        "meeting": (
            f"{attainment.meeting}/{attainment.applicable}" if attainment.applicable else "—"
        ),
    }


def rollup_context(result: Rollup) -> dict:
    """The subtree's consolidated report: totals per target, then each unit below."""
    period = period_title(result.year, result.period)
    node = result.node
    return {
        **_letterhead(node, result.schedule, period, timezone.localdate()),
        "opening": f"{_basis(result.schedule)}, {node.name} tổng hợp kết quả thực hiện công "
        f"tác cải cách hành chính {period} của {result.total.reported}/{result.total.expected} "
        "đơn vị đã báo cáo như sau:",
        "rows": [_attainment_row(a) for a in result.total.attainments],
        "consolidated": True,
        "units": [
            {
                "name": row.unit.name,
                "reported": f"{row.reported}/{row.expected}",
                "values": [_number_text(a.value, a.is_percent) for a in row.attainments],
            }
            for row in result.rows
        ],
        "targets": [a.target.indicator.name for a in result.total.attainments],
        "missing": [unit.name for unit in result.missing],
        "missing_more": max(result.total.missing - len(result.missing), 0),
        "draft": False,
    }


def render_report(report: PeriodicReport) -> RenderedDocument:
    return render_pdf(TEMPLATE, report_context(report))


def render_rollup(result: Rollup) -> RenderedDocument:
    return render_pdf(TEMPLATE, rollup_context(result))


def render_report_docx(report: PeriodicReport) -> bytes:
    return render_docx(TEMPLATE, report_context(report))


def render_rollup_docx(result: Rollup) -> bytes:
    return render_docx(TEMPLATE, rollup_context(result))
