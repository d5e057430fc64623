"""The campaign plan as an official document (Kế hoạch), in the state format.

The body is composed here from the plan's fields, in the order the seed plans use; empty
parts are left out and the rest numbered I, II, III... The timetable section is written from
the phases and deadlines, each date as the source plan wrote it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from documents import builders
from documents.formatting import place_date_line, vn_date, vn_date_short
from documents.models import DOCUMENT_TITLES, DocumentType, RenderJob
from documents.selectors import latest_job
from documents.services import RenderedDocument, render_pdf

from .models import REPORT_PERIOD_TITLES, Campaign, DateStyle, KpiIndicator, ParticipantType
from .selectors import schedule_occurrences


@dataclass
class Part:
    title: str = ""
    paragraphs: list[str] = field(default_factory=list)
    parts: list[Part] = field(default_factory=list)

    def __bool__(self):
        return bool(self.paragraphs or any(self.parts))


def _lines(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def _numbered(parts: list[Part], style: str) -> list[Part]:
    """Keep the non-empty parts and number them "1." / "a)" as plans do."""
    kept = [p for p in parts if p]
    for index, part in enumerate(kept):
        label = f"{index + 1}." if style == "1" else f"{'abcdefghik'[index]})"
        part.title = f"{label} {part.title}"
    return kept


def date_as_written(day, style: str) -> str:
    return vn_date(day).removeprefix("ngày ") if style == DateStyle.LONG else vn_date_short(day)


def _targets(campaign: Campaign) -> Part:
    """Targets as "- name: ≥ 95%.", grouped under "a) Đối với tập thể" / "b) Đối với cá nhân"
    when the plan sets them per participant type (seed 004)."""
    groups: dict[str, list[str]] = {}
    for target in campaign.targets.all():
        line = (
            f"- {target.indicator.name}: {target.get_comparator_display()} {target.display_value}."
        )
        groups.setdefault(target.participant_type, []).append(line)
    if set(groups) <= {ParticipantType.ALL}:
        return Part("CHỈ TIÊU", groups.get(ParticipantType.ALL, []))
    parts = [
        Part("Chung", groups.get(ParticipantType.ALL, [])),
        Part("Đối với tập thể", groups.get(ParticipantType.COLLECTIVE, [])),
        Part("Đối với cá nhân", groups.get(ParticipantType.INDIVIDUAL, [])),
    ]
    return Part("CHỈ TIÊU", parts=_numbered(parts, "a"))


def _timetable(campaign: Campaign) -> Part:
    parts = []
    for phase in campaign.phases.all():
        paragraphs = _lines(phase.description)
        for deadline in phase.deadlines.all():
            what = deadline.description or deadline.get_kind_display()
            line = f"{what} trước ngày {date_as_written(deadline.due_date, deadline.date_style)}"
            if deadline.contact_email:
                line += f" (email: {deadline.contact_email})"
            paragraphs.append(line + ".")
        period = f"từ {vn_date_short(phase.start_date)} đến {vn_date_short(phase.end_date)}"
        parts.append(Part(f"{phase.name} ({period})", paragraphs))
    for schedule in campaign.report_schedules.all():
        dues = [
            f"{REPORT_PERIOD_TITLES[period]}: trước ngày {vn_date_short(due)}"
            for period, _year, due in schedule_occurrences(
                schedule, campaign.start_date, campaign.end_date
            )
        ]
        receiver = f" gửi {schedule.receiving_unit.name}" if schedule.receiving_unit_id else ""
        parts.append(Part(schedule.name, [f"Gửi báo cáo{receiver}: " + "; ".join(dues) + "."]))
    return Part("TIẾN ĐỘ THỰC HIỆN", parts=_numbered(parts, "1"))


def plan_sections(campaign: Campaign) -> list[Part]:
    """The numbered sections of the plan (the caller numbers them I, II, III...)."""
    sections = [
        Part(
            "MỤC ĐÍCH, YÊU CẦU",
            parts=_numbered(
                [
                    Part("Mục đích", _lines(campaign.purpose)),
                    Part("Yêu cầu", _lines(campaign.requirements)),
                ],
                "1",
            ),
        ),
        _targets(campaign),
        Part(
            "ĐỐI TƯỢNG, NỘI DUNG, GIẢI PHÁP THI ĐUA",
            parts=_numbered(
                [
                    Part(
                        "Đối tượng thi đua",
                        parts=_numbered(
                            [
                                Part("Tập thể", _lines(campaign.participants_collective)),
                                Part("Cá nhân", _lines(campaign.participants_individual)),
                            ],
                            "a",
                        ),
                    ),
                    Part(
                        "Nội dung thi đua",
                        parts=_numbered(
                            [
                                Part("Đối với tập thể", _lines(campaign.content_collective)),
                                Part("Đối với cá nhân", _lines(campaign.content_individual)),
                            ],
                            "a",
                        ),
                    ),
                    Part("Giải pháp thực hiện phong trào thi đua", _lines(campaign.solutions)),
                ],
                "1",
            ),
        ),
        Part(
            "HÌNH THỨC, TIÊU CHUẨN VÀ THỦ TỤC KHEN THƯỞNG",
            parts=_numbered(
                [
                    Part("Hình thức khen thưởng", _lines(campaign.award_forms)),
                    Part("Tiêu chuẩn khen thưởng", _lines(campaign.award_criteria)),
                    Part("Thủ tục, hồ sơ đề nghị khen thưởng", _lines(campaign.award_procedure)),
                ],
                "1",
            ),
        ),
        _timetable(campaign),
        Part("TỔ CHỨC THỰC HIỆN", _lines(campaign.implementation)),
    ]
    return [section for section in sections if section]


def plan_context(campaign: Campaign) -> dict:
    unit = campaign.issuing_unit
    number = campaign.number.display if campaign.number_id else ""
    issued_on = campaign.issued_on
    recipients = _lines(campaign.recipients)
    if not any(line.lstrip("- ").startswith("Lưu") for line in recipients):
        recipients.append("Lưu: VT.")
    return {
        "campaign": campaign,
        "parent_body": unit.parent_body_name,
        "issuing_body": unit.name,
        "number": number,
        "number_placeholder": f"      /{DocumentType.PLAN}-{unit.code}",
        "place_date": place_date_line(unit.place_name, issued_on) if issued_on else "",
        "doc_title": DOCUMENT_TITLES[DocumentType.PLAN],
        "summary": campaign.title,
        "legal_basis": _lines(campaign.legal_basis),
        "introduction": _lines(campaign.introduction),
        "sections": plan_sections(campaign),
        "closing": _lines(campaign.closing),
        "recipients": [line.lstrip("- ").strip() for line in recipients],
        "signer_authority": campaign.signer_authority,
        "signer_position": campaign.signer_position,
        "signer_name": campaign.signer_name,
        "draft": not campaign.is_launched,
        "percent": KpiIndicator.Measure.PERCENT,
    }


def render_plan(campaign: Campaign) -> RenderedDocument:
    return render_pdf("campaign/plan_pdf.html", plan_context(campaign))


PLAN_BUILDER = "campaign.documents.plan"


@builders.register(PLAN_BUILDER)
def build_plan(campaign_id: int, progress) -> tuple[str, RenderedDocument]:
    """The issued plan's official PDF, rendered once in the background at launch."""
    campaign = Campaign.objects.select_related("issuing_unit", "number").get(pk=campaign_id)
    progress(10)
    return plan_filename(campaign), render_plan(campaign)


def plan_filename(campaign: Campaign) -> str:
    number = campaign.number.display.replace("/", "-") if campaign.number_id else "du-thao"
    return f"ke-hoach-{number}.pdf"


def official_copy(campaign: Campaign) -> RenderJob | None:
    """The latest render of the plan's official PDF: a launched plan's only (a draft is
    rendered on the spot, marked as a draft). One query."""
    return latest_job(PLAN_BUILDER, campaign.pk) if campaign.is_launched else None
