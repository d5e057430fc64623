"""The campaign plan as an official document (Kế hoạch), in the state format.

The body is composed here from the plan's fields, in the order the seed plans use; empty
parts are left out and the rest numbered I, II, III... The timetable section is written from
the phases and deadlines, each date as the source plan wrote it. A deadline with the clerk's
own sentence prints it verbatim before "trước ngày …"; without one, the kind's sentence in the
seeds' wording names the receiving unit and reads as one sentence ("Đăng ký … (theo Mẫu 1) gửi
về Phòng … trước ngày 15/3/2026 (email: …)."); a report schedule is one sentence too ("Gửi báo
cáo quý I, 06 tháng, quý III, cả năm về Phòng … trước ngày 05/3, 05/6, 05/9, 05/12."). A target
reads "… đạt từ 98% trở lên." / "… đạt 100%." / "… không quá 5.". Phases named "Đợt 1",
"Giai đoạn 2" number themselves: the timetable then prints no "1." before them.
tests/campaign/test_seed_prose.py measures how much of the seeds' own sentences this reaches.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from documents import builders
from documents.formatting import place_date_line, vn_date, vn_date_short
from documents.letterhead import unit_letterhead
from documents.models import DOCUMENT_TITLES, DocumentType, RenderJob
from documents.selectors import latest_job
from documents.services import RenderedDocument, render_docx, render_pdf

from .models import (
    REPORT_PERIOD_TITLES,
    Campaign,
    DateStyle,
    Deadline,
    DeadlineKind,
    KpiIndicator,
    KpiTarget,
    ParticipantType,
    Phase,
    ReportPeriod,
    ReportSchedule,
)
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
    """Keep the non-empty parts and number them "1." / "a)" as plans do ("" leaves them
    unnumbered: their titles number themselves, "Đợt 1")."""
    kept = [p for p in parts if p]
    if style:
        for index, part in enumerate(kept):
            label = f"{index + 1}." if style == "1" else f"{'abcdefghik'[index]})"
            part.title = f"{label} {part.title}"
    return kept


def date_as_written(day, style: str) -> str:
    return vn_date(day).removeprefix("ngày ") if style == DateStyle.LONG else vn_date_short(day)


def target_sentence(target: KpiTarget) -> str:
    """A target as plans word it: "Tỷ lệ … đạt từ 98% trở lên.", "… đạt 100%.", "… không
    quá 5." (seeds 000, 001 and 004)."""
    phrase = target.phrase
    if phrase.startswith("từ "):
        phrase = f"đạt {phrase}"
    return f"{target.indicator.name} {phrase}."


def _targets(campaign: Campaign) -> Part:
    """Targets one sentence each, grouped under "a) Đối với tập thể" / "b) Đối với cá nhân"
    when the plan sets them per participant type (seed 004)."""
    groups: dict[str, list[str]] = {}
    for target in campaign.targets.all():
        groups.setdefault(target.participant_type, []).append(f"- {target_sentence(target)}")
    if set(groups) <= {ParticipantType.ALL}:
        return Part("CHỈ TIÊU", groups.get(ParticipantType.ALL, []))
    parts = [
        Part("Chung", groups.get(ParticipantType.ALL, [])),
        Part("Đối với tập thể", groups.get(ParticipantType.COLLECTIVE, [])),
        Part("Đối với cá nhân", groups.get(ParticipantType.INDIVIDUAL, [])),
    ]
    return Part("CHỈ TIÊU", parts=_numbered(parts, "a"))


# What is due, by kind, when the clerk typed no sentence of their own: the words before
# "gửi về <receiving unit> trước ngày <date>", in the seeds' own wording ("đăng ký các giải
# pháp, mô hình, sáng kiến tiêu biểu", seeds 000 and 003; "báo cáo kết quả … đã đăng ký",
# seeds 002, 003 and 004). A summary due before the last phase is a "sơ kết" of its stage
# (seed 003), the last one a "tổng kết".
DEADLINE_WORDING = {
    DeadlineKind.REGISTRATION: (
        "Đăng ký các giải pháp, mô hình, sáng kiến tiêu biểu về cải cách hành chính năm "
        "{year} của cơ quan, đơn vị (theo Mẫu 1)"
    ),
    DeadlineKind.RESULT_REPORT: (
        "Báo cáo kết quả thực hiện các giải pháp, mô hình, sáng kiến tiêu biểu đã đăng ký "
        "theo Mẫu 2"
    ),
    DeadlineKind.AWARD_PROPOSAL: (
        "Tổ chức tổng kết, đánh giá kết quả phong trào thi đua năm {year}, tiến hành khen "
        "thưởng theo thẩm quyền và hoàn thành hồ sơ đề nghị khen thưởng"
    ),
    DeadlineKind.SUMMARY: "Báo cáo tổng kết phong trào thi đua",
    DeadlineKind.PLAN_SUBMISSION: "Xây dựng kế hoạch của đơn vị",
    DeadlineKind.PERIODIC_REPORT: "Báo cáo định kỳ kết quả thực hiện",
}
STAGE_SUMMARY = "Báo cáo sơ kết giai đoạn {stage}"


def deadline_sentence(deadline: Deadline, stage: int | None = None) -> str:
    """One deadline as one sentence. The clerk's own sentence (the seeds' stored prose) prints
    as typed, then the date; without one, the kind's wording names the receiving unit:
    "Đăng ký … (theo Mẫu 1) gửi về Phòng Văn hóa - Xã hội trước ngày 15/3/2026 (email: …).".
    `stage`: the position of the deadline's phase when it is not the plan's last."""
    date = date_as_written(deadline.due_date, deadline.date_style)
    what = deadline.description.strip().rstrip(".;,: ")
    if not what:
        if deadline.kind == DeadlineKind.SUMMARY and stage is not None:
            what = STAGE_SUMMARY.format(stage=stage)
        else:
            wording = DEADLINE_WORDING.get(deadline.kind, deadline.get_kind_display())
            what = wording.format(year=deadline.due_date.year)
        if deadline.receiving_unit_id:
            what += f" gửi về {deadline.receiving_unit.name}"
    line = f"{what} trước ngày {date}"
    if deadline.contact_email:
        line += f" (email: {deadline.contact_email})"
    return line + "."


def _day_month(day) -> str:
    """ "05/3", "01/02": a yearly date as plans write it (seed 001)."""
    return vn_date_short(day).rsplit("/", 1)[0]


# The reports of a schedule as seed 001 lists them ("quý I, 06 tháng, quý III, cả năm").
_PERIOD_WORDS = {**REPORT_PERIOD_TITLES, ReportPeriod.YEAR: "cả năm"}


def schedule_sentence(schedule: ReportSchedule, start, end) -> str:
    """A report schedule as one sentence: "Gửi báo cáo quý I, 06 tháng, quý III, cả năm về
    Phòng … trước ngày 05/3, 05/6, 05/9, 05/12." ("… hằng năm" when the plan spans years)."""
    occurrences = list(schedule_occurrences(schedule, start, end))
    periods = [_PERIOD_WORDS[p] for p in schedule.periods]
    receiver = f" về {schedule.receiving_unit.name}" if schedule.receiving_unit_id else ""
    days = ", ".join(dict.fromkeys(_day_month(due) for _period, _year, due in occurrences))
    yearly = " hằng năm" if start.year != end.year else ""
    return f"Gửi báo cáo {', '.join(periods)}{receiver} trước ngày {days}{yearly}."


# A phase whose name numbers it ("Đợt 1", "Giai đoạn 2: …") prints unnumbered, as seeds 003
# and 004 do: "1. Đợt 1" would number it twice.
_SELF_NUMBERED = re.compile(r"^(đợt|giai đoạn|bước|phần)\s+(\d+|[ivxlc]+)\b", re.IGNORECASE)


def _phase_title(phase: Phase, self_numbered: bool) -> str:
    start, end = vn_date_short(phase.start_date), vn_date_short(phase.end_date)
    if self_numbered and ":" not in phase.name:
        return f"{phase.name}: Từ ngày {start} đến ngày {end}"
    return f"{phase.name} (từ {start} đến {end})"


def _timetable(campaign: Campaign) -> Part:
    phases = list(campaign.phases.all())
    self_numbered = bool(phases) and all(_SELF_NUMBERED.match(p.name.strip()) for p in phases)
    parts = []
    for position, phase in enumerate(phases, start=1):
        stage = position if position < len(phases) else None
        paragraphs = _lines(phase.description)
        paragraphs += [deadline_sentence(d, stage) for d in phase.deadlines.all()]
        parts.append(Part(_phase_title(phase, self_numbered), paragraphs))
    for schedule in campaign.report_schedules.all():
        sentence = schedule_sentence(schedule, campaign.start_date, campaign.end_date)
        parts.append(Part(schedule.name, [sentence]))
    return Part("TIẾN ĐỘ THỰC HIỆN", parts=_numbered(parts, "" if self_numbered else "1"))


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
        **unit_letterhead(unit),
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


def render_plan_docx(campaign: Campaign) -> bytes:
    """The plan as an editable Word file: the PDF's template and context."""
    return render_docx("campaign/plan_pdf.html", plan_context(campaign))


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
