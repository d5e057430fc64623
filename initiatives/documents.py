"""The consolidated list as an official document (Danh sách, "DS"), in the state format.

A list being prepared prints as a draft ("DỰ THẢO", "Số:       /DS-<code>", today's date);
once forwarded it carries the number of the unit's register and its date, and is addressed
("Kính gửi") to the unit that receives it above.
"""

from __future__ import annotations

import re
import unicodedata

from django.utils import timezone
from django.utils.translation import override

from documents import builders
from documents.formatting import head_position, number_placeholder, place_date_line, vn_date
from documents.letterhead import unit_letterhead
from documents.models import DOCUMENT_TITLES, DocumentType
from documents.services import (
    RenderedDocument,
    render_docx_bundle,
    render_pdf,
    render_pdf_bundle,
)

from .exports import consolidation_items, item_summary, phase_context
from .models import Consolidation

TEMPLATE = "initiatives/consolidation_pdf.html"
SUBJECT = "Mô hình, giải pháp, sáng kiến về cải cách hành chính"


def _addressee(consolidation: Consolidation) -> list[str]:
    """Who the list goes to: the receiving unit above once forwarded, else the issuer of the
    plan this plan implements, else nobody (the list stays in the unit)."""
    if consolidation.forwarded_to_id and consolidation.forwarded_to.receiving_unit_id:
        return [consolidation.forwarded_to.receiving_unit.name]
    upper = consolidation.deadline.phase.campaign.based_on
    if upper is not None:
        return [upper.issuing_unit.name]
    return []


def _signer(consolidation: Consolidation) -> tuple[str, str]:
    """(authority, position): the plan's own signing line when the consolidating unit issued
    the plan, else the usual head of such a unit, "TRƯỞNG PHÒNG" by default."""
    unit = consolidation.unit
    campaign = consolidation.deadline.phase.campaign
    if campaign.issuing_unit_id == unit.pk and campaign.signer_position.strip():
        return campaign.signer_authority.strip(), campaign.signer_position.strip()
    return "", head_position(unit.kind.code, unit.kind.is_school)


def _opening(consolidation: Consolidation, context: str) -> str:
    """ "Thực hiện Kế hoạch số 05/KH-SGDĐT ngày ... của ... về ..., <unit> tổng hợp danh sách
    ... như sau:" — the plan cited is the upper plan when there is one."""
    campaign = consolidation.deadline.phase.campaign
    plan = campaign.based_on or campaign
    number = f" số {plan.number.display}" if plan.number_id else ""
    issued = f" {vn_date(plan.issued_on)}" if plan.issued_on else ""
    basis = f"Thực hiện Kế hoạch{number}{issued} của {plan.issuing_unit.name} về {plan.title}, "
    when = context[:1].lower() + context[1:]
    return (
        f"{basis}{consolidation.unit.name} tổng hợp danh sách mô hình, giải pháp, sáng kiến "
        f"về cải cách hành chính {when} của các đơn vị đã được xét chọn như sau:"
    )


def consolidation_context(consolidation: Consolidation) -> dict:
    """The context of the list's template: the letterhead, the table rows and the closing."""
    unit = consolidation.unit
    number = consolidation.number if consolidation.number_id else None
    forwarded = consolidation.status == Consolidation.Status.FORWARDED
    issued_on = number.issued_on if number is not None else timezone.localdate()
    context = phase_context(consolidation)
    with override("vi"):
        rows = [
            {
                "number": index,
                "unit": item.unit.name,
                "name": item.name,
                "kind": item.get_kind_display(),
                "area": item.get_area_display(),
                "person_in_charge": (
                    item.person_in_charge.full_name if item.person_in_charge_id else ""
                ),
                "summary": item_summary(item),
                "expected_results": item.expected_results.strip(),
            }
            for index, item in enumerate(consolidation_items(consolidation), start=1)
        ]
    authority, position = _signer(consolidation)
    return {
        "consolidation": consolidation,
        **unit_letterhead(unit),
        "number": number.display if number is not None else "",
        "number_placeholder": number_placeholder(DocumentType.LIST, unit.code),
        "place_date": place_date_line(unit.place_name, issued_on),
        "doc_title": DOCUMENT_TITLES[DocumentType.LIST],
        "summary": f"{SUBJECT}\n{context}",
        "kinh_gui": _addressee(consolidation),
        "opening": _opening(consolidation, context),
        "rows": rows,
        "total_line": f"Tổng cộng: {len(rows)} mô hình, giải pháp, sáng kiến.",
        "recipients": ["Như trên", "Lưu: VT."],
        "signer_authority": authority,
        "signer_position": position,
        "signer_name": "",
        "draft": not forwarded,
    }


LETTER_TEMPLATE = "initiatives/cover_letter_pdf.html"


def cover_letter_context(consolidation: Consolidation, list_context: dict) -> dict:
    """The công văn that sends the list: "V/v ...", "Kính gửi", one paragraph, the list as
    its annex."""
    unit = consolidation.unit
    letter = consolidation.letter_number if consolidation.letter_number_id else None
    count = len(list_context["rows"])
    return {
        **{
            key: list_context[key]
            for key in (
                "parent_body",
                "issuing_body",
                "letterhead",
                "place_date",
                "kinh_gui",
                "draft",
            )
        },
        "number": letter.display if letter is not None else "",
        "number_placeholder": number_placeholder(DocumentType.LETTER, unit.code),
        "doc_title": "",
        "summary": "V/v gửi danh sách mô hình, giải pháp, sáng kiến\nvề cải cách hành chính",
        "paragraphs": [
            list_context["opening"].removesuffix(" như sau:") + ".",
            f"{unit.name} gửi kèm theo Danh sách gồm {count} mô hình, giải pháp, sáng kiến "
            "đã được xét chọn, kính đề nghị xem xét, tổng hợp./.",
        ],
        "recipients": ["Như trên", "Lưu: VT."],
        "signer_authority": list_context["signer_authority"],
        "signer_position": list_context["signer_position"],
        "signer_name": "",
    }


def consolidation_parts(consolidation: Consolidation) -> list[tuple[str, dict]]:
    """The cover letter, then the list as its annex: templates and contexts."""
    list_context = consolidation_context(consolidation)
    letter = consolidation.letter_number if consolidation.letter_number_id else None
    if letter is not None:
        list_context["annex_line"] = (
            f"(Kèm theo Công văn số {letter.display} {vn_date(letter.issued_on)} "
            f"của {consolidation.unit.name})"
        )
    letter_context = cover_letter_context(consolidation, list_context)
    if letter is not None:
        list_context["kinh_gui"] = []  # an annex is addressed by its letter
    return [(LETTER_TEMPLATE, letter_context), (TEMPLATE, list_context)]


def render_consolidation(consolidation: Consolidation) -> RenderedDocument:
    """The cover letter, then the list as its annex, in one PDF."""
    return render_pdf_bundle(consolidation_parts(consolidation))


def render_consolidation_docx(consolidation: Consolidation) -> bytes:
    """The same cover letter and list as one Word file, the list in a section of its own."""
    return render_docx_bundle(consolidation_parts(consolidation))


def consolidation_filename(consolidation: Consolidation) -> str:
    """ "danh-sach-01-DS-PGD-A.pdf"; a draft: "danh-sach-du-thao-<id>.pdf". ASCII only."""
    if not consolidation.number_id:
        return f"danh-sach-du-thao-{consolidation.pk}.pdf"
    display = consolidation.number.display.replace("đ", "d").replace("Đ", "D")
    ascii_only = unicodedata.normalize("NFKD", display).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^A-Za-z0-9]+", "-", ascii_only).strip("-")
    return f"danh-sach-{slug}.pdf"


CONSOLIDATION_BUILDER = "initiatives.documents.consolidation"


@builders.register(CONSOLIDATION_BUILDER)
def build_consolidation(consolidation_id: int, progress) -> tuple[str, RenderedDocument]:
    """The list's PDF, rendered in the background (long lists take a while)."""
    consolidation = Consolidation.objects.select_related(
        "unit__kind",
        "deadline__phase__campaign__based_on__issuing_unit",
        "deadline__phase__campaign__based_on__number",
        "forwarded_to__receiving_unit",
        "number",
    ).get(pk=consolidation_id)
    progress(10)
    return consolidation_filename(consolidation), render_consolidation(consolidation)


FORM_TEMPLATE = "initiatives/form_pdf.html"
# Mẫu 1 and Mẫu 2: what the unit head signs, section by section.
REGISTRATION_SECTIONS = (
    ("Thực trạng và sự cần thiết", "situation"),
    ("Mục tiêu", "objectives"),
    ("Các bước thực hiện và tiến độ", "steps"),
    ("Kết quả dự kiến", "expected_results"),
    ("Phạm vi áp dụng và khả năng nhân rộng", "scope"),
)
RESULT_SECTIONS = (
    ("Nội dung đã thực hiện", "work_done"),
    ("Tình hình trước khi áp dụng", "effect_before"),
    ("Hiệu quả sau khi áp dụng", "effect_after"),
    ("Tác động", "impact"),
    ("Việc nhân rộng", "replication"),
    ("Khó khăn, vướng mắc", "difficulties"),
)


def _form_context(initiative, form_label, title, sections, source) -> dict:
    unit = initiative.unit
    with override("vi"):
        facts = [
            ("Tên", initiative.name),
            ("Loại", initiative.get_kind_display()),
            ("Lĩnh vực", initiative.get_area_display()),
            (
                "Người phụ trách",
                initiative.person_in_charge.full_name if initiative.person_in_charge_id else "",
            ),
            ("Tác giả", ", ".join(p.full_name for p in initiative.authors.all())),
        ]
    return {
        **unit_letterhead(unit),
        "number": "",
        "number_placeholder": "",
        "place_date": place_date_line(unit.place_name, timezone.localdate()),
        "doc_title": title,
        "summary": initiative.campaign.title,
        "form_label": form_label,
        "facts": [(label, value) for label, value in facts if value],
        "sections": [
            (label, [line for line in (getattr(source, field) or "").splitlines() if line.strip()])
            for label, field in sections
        ],
        "recipients": [],
        "signer_authority": "",
        "signer_position": "THỦ TRƯỞNG ĐƠN VỊ",
        "signer_name": "",
        # Not yet sent (a draft, or returned for revision): printed as a draft.
        "draft": initiative.is_editable_by_unit,
    }


def render_registration(initiative) -> RenderedDocument:
    """Mẫu 1 of an initiative, as the unit sends it."""
    context = _form_context(
        initiative,
        "Mẫu 1",
        "PHIẾU ĐĂNG KÝ MÔ HÌNH, GIẢI PHÁP, SÁNG KIẾN VỀ CẢI CÁCH HÀNH CHÍNH",
        REGISTRATION_SECTIONS,
        initiative,
    )
    return render_pdf(FORM_TEMPLATE, context)


def render_result(report) -> RenderedDocument:
    """Mẫu 2: the result report of an initiative."""
    context = _form_context(
        report.initiative,
        "Mẫu 2",
        "BÁO CÁO KẾT QUẢ THỰC HIỆN MÔ HÌNH, GIẢI PHÁP, SÁNG KIẾN VỀ CẢI CÁCH HÀNH CHÍNH",
        RESULT_SECTIONS,
        report,
    )
    if report.completion is not None:
        context["sections"].append(("Tự đánh giá mức độ hoàn thành", [f"{report.completion}%"]))
    context["draft"] = report.is_editable_by_unit
    return render_pdf(FORM_TEMPLATE, context)


EVIDENCE_ZIP_BUILDER = "initiatives.documents.evidence_zip"


def _zip_part(text: str) -> str:
    """A folder or file name that every unzip tool accepts; Vietnamese letters are kept."""
    cleaned = re.sub(r'[\\/:*?"<>|\x00-\x1f]+', " ", text).strip(" .")
    return cleaned[:80] or "_"


@builders.register(EVIDENCE_ZIP_BUILDER)
def build_evidence_zip(consolidation_id: int, progress) -> tuple[str, bytes]:
    """Every evidence file of a consolidated list, foldered by unit then initiative."""
    import io
    import zipfile

    from .models import Evidence

    consolidation = Consolidation.objects.get(pk=consolidation_id)
    files = list(
        Evidence.objects.filter(initiative__consolidations=consolidation)
        .select_related("initiative__unit")
        .order_by("initiative__unit__path", "initiative_id", "id")
    )
    buffer = io.BytesIO()
    used = set()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for index, evidence in enumerate(files, start=1):
            item = evidence.initiative
            folder = f"{_zip_part(item.unit.name)}/{_zip_part(f'{item.pk} - {item.name}')}"
            path = f"{folder}/{_zip_part(evidence.original_name)}"
            if path in used:  # two files of the same name in one initiative
                path = f"{folder}/{evidence.pk}-{_zip_part(evidence.original_name)}"
            used.add(path)
            with evidence.file.open("rb") as stored:
                archive.writestr(path, stored.read())
            progress(int(index / len(files) * 95))
    name = consolidation_filename(consolidation).removesuffix(".pdf")
    return f"minh-chung-{name.removeprefix('danh-sach-')}.zip", buffer.getvalue()
