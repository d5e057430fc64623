"""The award dossier and the award decision as official documents (Nghị định 30/2020/NĐ-CP).

The dossier of a council session (seed 000: "Hồ sơ đề nghị khen thưởng (01 bộ chính)"):
1. Tờ trình (TTr) of the council's unit to the authority that confers the awards;
2. Biên bản họp Hội đồng Thi đua - Khen thưởng (BB) with attendance and ballots;
3. Danh sách (DS) of those proposed, annexed to the Tờ trình;
4. for each nominee, the achievement report and its summary (Nghị định 152/2025/NĐ-CP in
   practice: I. profile, II. achievements, III. awards already received as a table).

Each document is one PDF signed with the council unit's certificate (unsigned and marked so
without one); the set is also merged into one signed PDF. The ZIP holds both, named for people.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass

from django.utils.translation import override

from documents import builders, legal
from documents.formatting import head_position, place_date_line, vn_date, vn_date_short
from documents.letterhead import unit_letterhead
from documents.models import DOCUMENT_TITLES, DocumentType
from documents.services import render_docx, render_docx_bundle, render_pdf_bundle, render_pdf_set
from documents.signing import UnitSigner, signature_context, unit_signer

from . import selectors
from .models import CouncilMember, CouncilSession, Nomination, Preference, Recognition, Subject
from .services import DECISION_BUILDER, DOSSIER_BUILDER, RECOGNITION_BUILDER

# The law, its decree and its circular, from the registry (documents.legal).
LAW_BASIS = legal.citations(legal.AWARD_BASES)
# The merged set is the ZIP's first member; the download of "the whole dossier" reads it.
MERGED_PREFIX = "00 "


@dataclass(frozen=True)
class Part:
    filename: str  # in the ZIP, for people: "01 Tờ trình 05-TTr-PGD.pdf"
    template: str
    context: dict


def _session(session_id: int) -> CouncilSession:
    return CouncilSession.objects.select_related(
        "unit__kind",
        "campaign__number",
        "campaign__issuing_unit",
        "minutes_number",
        "submission_number",
        "list_number",
        "decision_number",
    ).get(pk=session_id)


def _approved(session: CouncilSession) -> list[Nomination]:
    return [v.nomination for v in selectors.session_votes(session).filter(approved=True)]


def _award_names(nominations: list[Nomination]) -> str:
    return ", ".join(dict.fromkeys(n.award_type.name for n in nominations))


def _counts(nominations: list[Nomination]) -> str:
    collectives = sum(1 for n in nominations if n.person_id is None)
    individuals = len(nominations) - collectives
    parts = []
    if collectives:
        parts.append(f"{collectives:02d} tập thể")
    if individuals:
        parts.append(f"{individuals:02d} cá nhân")
    return " và ".join(parts)


def _plan_line(session: CouncilSession) -> str:
    plan = session.campaign
    number = f" số {plan.number.display}" if plan.number_id else ""
    issued = f" {vn_date(plan.issued_on)}" if plan.issued_on else ""
    return f"Kế hoạch{number}{issued} của {plan.issuing_unit.name} về {plan.title}"


def _letterhead(session: CouncilSession | Recognition, number, signer: UnitSigner | None) -> dict:
    unit = session.unit
    position = (
        signer.certificate.signer_position
        if signer is not None
        else head_position(unit.kind.code, unit.kind.is_school)
    )
    return {
        **unit_letterhead(unit),
        "number": number.display if number is not None else "",
        "place_date": place_date_line(unit.place_name, number.issued_on),
        "signer_authority": "",
        "signer_position": position,
        "signer_name": signer.certificate.signer_name if signer is not None else "",
        **signature_context(signer),
    }


def _rows(nominations: list[Nomination]) -> list[dict]:
    rows = []
    for subject, heading in ((Subject.COLLECTIVE, "Tập thể"), (Subject.INDIVIDUAL, "Cá nhân")):
        group = [n for n in nominations if (n.person_id is None) == (subject == Subject.COLLECTIVE)]
        if group:
            rows.append({"heading": heading})
            rows += [
                {
                    "number": index,
                    "nominee": n.nominee,
                    "position": n.person.position if n.person_id else "",
                    "unit": n.unit.name if n.person_id else "",
                    "award": n.award_type.name,
                }
                for index, n in enumerate(group, start=1)
            ]
    return rows


def submission_context(session, nominations, signer) -> dict:
    """Tờ trình: the council's unit asks the conferring authority for the awards."""
    authorities = list(
        dict.fromkeys(n.award_type.conferring_authority.strip() for n in nominations)
    )
    kinh_gui = [a for a in authorities if a] or [session.unit.parent_body_name or "Cấp trên"]
    minutes = session.minutes_number
    awards = _award_names(nominations)
    context = _letterhead(session, session.submission_number, signer)
    context.update(
        doc_title=DOCUMENT_TITLES[DocumentType.SUBMISSION],
        summary=f"Về việc đề nghị tặng {awards} năm {session.year}",
        kinh_gui=kinh_gui,
        basis=[
            *LAW_BASIS,
            f"Căn cứ {_plan_line(session)};",
            f"Căn cứ Biên bản họp Hội đồng Thi đua - Khen thưởng số {minutes.display} "
            f"{vn_date(minutes.issued_on)} của {session.unit.name},",
        ],
        paragraphs=[
            f"{session.unit.name} kính trình xem xét, tặng {awards} cho {_counts(nominations)} "
            f"đã có thành tích xuất sắc trong phong trào thi đua năm {session.year} "
            f"(có Danh sách số {session.list_number.display} kèm theo).",
            "Hồ sơ gồm: Tờ trình; Biên bản họp Hội đồng Thi đua - Khen thưởng; Danh sách; "
            "Báo cáo thành tích và Báo cáo tóm tắt thành tích của từng tập thể, cá nhân.",
            f"Kính trình {kinh_gui[0]} xem xét, quyết định./.",
        ],
        recipients=["Như trên", "Lưu: VT."],
    )
    return context


PREFERENCE_WORDS = {
    Preference.WOMAN: "ưu tiên: nữ",
    Preference.WOMEN_COLLECTIVE: "ưu tiên: tập thể có từ 70% nữ trở lên",
}


def _member_count(count: int) -> str:
    return f"{count:02d} thành viên"


def _ballot_section(index: int, ballot, tallies, seen) -> dict:
    """One award's vote as the minutes state it: the form of the vote, the rule, the secret
    ballot's count, each nominee's votes and result, the ranking when the quota decided."""
    award = ballot.award_type.name
    base = tallies[0].base if tallies else 0
    if ballot.counts_all_members:
        rule = (
            f"tập thể, cá nhân được đề nghị khi có từ {ballot.threshold}% trở lên tổng số "
            f"thành viên Hội đồng ({_member_count(base)}) đồng ý; thành viên vắng mặt cho ý "
            "kiến bằng văn bản"
        )
    else:
        rule = (
            f"tập thể, cá nhân được đề nghị khi có từ {ballot.threshold}% trở lên số thành "
            f"viên Hội đồng dự họp và được lấy ý kiến ({_member_count(base)}) đồng ý"
        )
    form = "bỏ phiếu kín" if ballot.secret else "biểu quyết giơ tay"
    lines = [f"Hình thức: {form}; {rule}."]
    if ballot.secret and ballot.ballots_issued is not None:
        invalid = (ballot.ballots_returned or 0) - (ballot.ballots_valid or 0)
        lines.append(
            f"Số phiếu phát ra: {ballot.ballots_issued}; số phiếu thu về: "
            f"{ballot.ballots_returned}; số phiếu hợp lệ: {ballot.ballots_valid}; "
            f"số phiếu không hợp lệ: {invalid}."
        )
    if ballot.quota is not None:
        lines.append(f"Số lượng được đề nghị tối đa: {ballot.quota:02d}.")
    rows = []
    for number, tally in enumerate(tallies, start=1):
        vote, nomination = tally.vote, tally.vote.nomination
        if vote.approved:
            result = "Đề nghị"
        elif vote.beyond_quota:
            result = "Không đề nghị (ngoài số lượng)"
        else:
            result = "Không đề nghị"
        rows.append(
            {
                "number": number,
                "nominee": nomination.nominee,
                "unit": nomination.unit.name if nomination.person_id else "",
                "votes_for": vote.votes_for,
                "votes_against": vote.votes_against,
                "written_for": vote.written_for,
                "written_against": vote.written_against,
                "total": f"{tally.votes_for}/{tally.base}",
                "share": tally.percent,
                "result": result,
                "note": PREFERENCE_WORDS.get(vote.preference, ""),
            }
        )
    ranked = sorted((t for t in tallies if t.vote.rank), key=lambda t: t.vote.rank)
    ranking = ""
    if ranked:
        items = []
        for tally in ranked:
            notes = [tally.percent]
            if tally.vote.preference:
                notes.append(PREFERENCE_WORDS[tally.vote.preference])
            if tally.vote.beyond_quota:
                notes.append("ngoài số lượng")
            items.append(f"{tally.vote.rank}. {tally.vote.nomination.nominee} ({', '.join(notes)})")
        ranking = (
            f"Số tập thể, cá nhân đạt tỷ lệ nhiều hơn số lượng tối đa ({ballot.quota:02d}); Hội "
            "đồng xếp thứ tự theo tỷ lệ phiếu đồng ý, khi bằng nhau ưu tiên nữ và tập thể có từ "
            f"70% nữ trở lên (Điều 4 {legal.short(legal.DECREE_EMULATION)}): "
            + "; ".join(items)
            + "."
        )
    return {
        "heading": f"{index}. Xét đề nghị tặng {award}",
        "lines": lines,
        "rows": rows,
        "ranking": ranking,
    }


def minutes_context(session, votes, members, signer, ballots=None) -> dict:
    """Biên bản (form 1.9): time, place, the members (total, present, absent, written
    opinions received), the quorum, then per award the form of the vote, its rule, the secret
    ballot's count and each nominee's votes, base, share and result; the end."""
    from .services import Attendance, tallies

    if ballots is None:
        ballots = list(selectors.session_ballots(session))
    seen = Attendance.of(members)
    present = [m for m in members if m.present]
    absent = [m for m in members if not m.present]
    with override("vi"):
        attendees = [
            f"{m.full_name}{', ' + m.position if m.position else ''} ({m.get_role_display()})"
            for m in present
        ]
    chair = next(m for m in present if m.role == CouncilMember.Role.CHAIR)
    secretary = next(m for m in present if m.role == CouncilMember.Role.SECRETARY)
    absent_names = [
        f"{m.full_name} (có ý kiến bằng văn bản)" if m.voted_in_writing else m.full_name
        for m in absent
    ]
    quorum = session.quorum_display
    if session.has_quorum(seen.present, seen.total):
        quorum_line = (
            f"Số thành viên dự họp bảo đảm từ {quorum} tổng số thành viên Hội đồng trở lên; "
            "cuộc họp đủ điều kiện tiến hành theo quy định."
        )
    else:
        quorum_line = f"Số thành viên dự họp chưa đạt {quorum} tổng số thành viên Hội đồng."
    written_line = ""
    if absent:
        written = [m.full_name for m in absent if m.voted_in_writing]
        written_line = (
            f"Ý kiến bằng văn bản của thành viên vắng mặt: đã nhận {len(written):02d} phiếu "
            f"({', '.join(written)})."
            if written
            else "Ý kiến bằng văn bản của thành viên vắng mặt: không có."
        )
    sections = [
        _ballot_section(index, ballot, group, seen)
        for index, (ballot, group) in enumerate(tallies(votes, ballots, seen), start=1)
    ]
    approved = [v.nomination for v in votes if v.approved]
    context = _letterhead(session, session.minutes_number, signer)
    context.update(
        doc_title=DOCUMENT_TITLES[DocumentType.MINUTES],
        summary=f"Họp Hội đồng Thi đua - Khen thưởng xét khen thưởng năm {session.year}",
        opening=(
            f"Vào lúc {session.starts_at:%H} giờ {session.starts_at:%M} phút, "
            f"{vn_date(session.held_on)}, tại {session.place}, Hội đồng Thi đua - Khen thưởng "
            f"{session.unit.name} họp xét đề nghị khen thưởng theo {_plan_line(session)}."
        ),
        chair=chair,
        secretary=secretary,
        attendees=attendees,
        absent_names=absent_names,
        members_line=f"Tổng số thành viên Hội đồng: {_member_count(seen.total)}.",
        attendance=(
            f"Có mặt {seen.present}/{seen.total} thành viên Hội đồng; vắng mặt "
            f"{_member_count(seen.absent)}."
        ),
        quorum_line=quorum_line,
        written_line=written_line,
        sections=sections,
        conclusion=(
            f"Hội đồng thống nhất đề nghị khen thưởng {_counts(approved)}."
            if approved
            else "Hội đồng không đề nghị khen thưởng tập thể, cá nhân nào."
        ),
        closing_line=(
            f"Cuộc họp kết thúc vào lúc {session.ends_at:%H} giờ {session.ends_at:%M} phút "
            "cùng ngày. Biên bản đã được thông qua trước Hội đồng./."
        ),
    )
    return context


def list_context(session, nominations, signer, *, number, annex_of: str) -> dict:
    context = _letterhead(session, number, signer)
    context.update(
        doc_title=DOCUMENT_TITLES[DocumentType.LIST],
        summary=f"Tập thể, cá nhân được đề nghị tặng {_award_names(nominations)} "
        f"năm {session.year}",
        annex_line=annex_of,
        rows=_rows(nominations),
        total_line=f"Tổng cộng: {_counts(nominations)}.",
        recipients=[],
    )
    return context


def achievement_context(session, nomination, signer, *, summary_only: bool) -> dict:
    """The nominee's achievement report (or its summary): I. profile, II. achievements,
    III. awards already received. A collective's carries its unit's letterhead; a person's
    only the national heading, with the head of unit's confirmation beside the signature."""
    unit = nomination.unit
    person = nomination.person
    title = "TÓM TẮT THÀNH TÍCH" if summary_only else "BÁO CÁO THÀNH TÍCH"
    achievements = nomination.achievements.strip()
    if summary_only and len(achievements) > 1200:
        achievements = achievements[:1200].rsplit(" ", 1)[0] + " …"
    with override("vi"):
        rating = nomination.get_rating_display()
        initiatives = [
            f"{item.name} ({item.get_status_display().lower()})"
            for item in nomination.initiatives.all()
        ]
    if person is not None:
        profile = [
            ("Họ và tên", person.full_name),
            ("Chức vụ", person.position or "—"),
            ("Đơn vị công tác", unit.name),
        ]
    else:
        profile = [
            ("Tên tập thể", unit.name),
            ("Cơ quan chủ quản", unit.parent_body_name or "—"),
            ("Địa chỉ", unit.place_name or "—"),
        ]
    awards = [
        {"year": r.year, "title": r.title, "decision": f"{r.decision}; {r.issued_by}".strip("; ")}
        for r in selectors.nominee_awards(nomination, session.year)
    ]
    head = head_position(unit.kind.code, unit.kind.is_school)
    return {
        "individual": person is not None,
        **unit_letterhead(unit),
        "place_date": place_date_line(unit.place_name, session.submission_number.issued_on),
        "doc_title": title,
        "summary": f"Đề nghị tặng {nomination.award_type.name} năm {session.year}",
        "profile": profile,
        "rating": rating,
        "achievements": achievements,
        "initiatives": initiatives,
        "awards": awards,
        "signer_position": "NGƯỜI BÁO CÁO THÀNH TÍCH" if person is not None else head,
        "signer_name": person.full_name if person is not None else "",
        "confirm_position": f"XÁC NHẬN CỦA {head}",
        "attachment_signature": signature_context(signer).get("e_signature"),
        "unsigned": signer is None,
    }


def _safe(name: str) -> str:
    """A file name any system accepts, diacritics kept (ZIP stores them as UTF-8)."""
    return re.sub(r'[\\/:*?"<>|\x00-\x1f]+', "-", name).strip(" .-")[:120]


def dossier_parts(session: CouncilSession, signer: UnitSigner | None) -> list[Part]:
    votes = list(selectors.session_votes(session).prefetch_related("nomination__initiatives"))
    members = list(session.members.all())
    nominations = [v.nomination for v in votes if v.approved]
    submission = session.submission_number
    annex = (
        f"(Kèm theo Tờ trình số {submission.display} {vn_date(submission.issued_on)} "
        f"của {session.unit.name})"
    )
    parts = [
        Part(
            f"01 Tờ trình {submission.display}.pdf",
            "awards/submission_pdf.html",
            submission_context(session, nominations, signer),
        ),
        Part(
            f"02 Biên bản {session.minutes_number.display}.pdf",
            "awards/minutes_pdf.html",
            minutes_context(session, votes, members, signer),
        ),
        Part(
            f"03 Danh sách {session.list_number.display}.pdf",
            "awards/list_pdf.html",
            list_context(session, nominations, signer, number=session.list_number, annex_of=annex),
        ),
    ]
    for nomination in nominations:
        for summary_only, label in ((False, "Báo cáo thành tích"), (True, "Tóm tắt thành tích")):
            parts.append(
                Part(
                    f"{len(parts) + 1:02d} {label} - {nomination.nominee}.pdf",
                    "awards/achievement_pdf.html",
                    achievement_context(session, nomination, signer, summary_only=summary_only),
                )
            )
    return [
        Part(_safe(p.filename.removesuffix(".pdf")) + ".pdf", p.template, p.context) for p in parts
    ]


def _location(session: CouncilSession | Recognition) -> str:
    return session.unit.place_name or session.unit.name


def _sign(
    signer: UnitSigner | None, pdf: bytes, session: CouncilSession | Recognition, reason: str
) -> bytes:
    if signer is None:
        return pdf
    return signer.sign(pdf, reason=reason, location=_location(session))


def dossier_filename(session: CouncilSession) -> str:
    return f"ho-so-khen-thuong-{session.year}-{session.pk}.zip"


@builders.register(DOSSIER_BUILDER)
def build_dossier(session_id: int, progress) -> tuple[str, bytes]:
    """Render, sign and pack the dossier; progress goes 0-80 while the documents are laid
    out and signed, then to 99 while they are packed."""
    session = _session(session_id)
    signer = unit_signer(session.unit)  # a certificate that cannot be used fails the job
    parts = dossier_parts(session, signer)
    progress(5)
    location = _location(session)  # read here: signing may run in a forked render process

    def sign_part(index: int, pdf: bytes) -> bytes:
        if signer is None:
            return pdf
        return signer.sign(pdf, reason=parts[index].filename, location=location)

    separate, merged = render_pdf_set(
        [(p.template, p.context) for p in parts],
        progress=lambda done, total: progress(5 + 75 * done // total),
        finish=sign_part,
        titles=[p.filename.removesuffix(".pdf") for p in parts],
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        title = f"{MERGED_PREFIX}Hồ sơ đề nghị khen thưởng {session.submission_number.display}"
        archive.writestr(
            _safe(title) + ".pdf", _sign(signer, merged, session, "Hồ sơ đề nghị khen thưởng")
        )
        for index, (part, document) in enumerate(zip(parts, separate, strict=True), start=1):
            archive.writestr(part.filename, document.pdf)
            progress(80 + 19 * index // len(parts))
    return dossier_filename(session), buffer.getvalue()


# The dossier's Word files: a background job as its PDFs are (103 files for 50 nominees).
DOSSIER_WORD_BUILDER = "awards.documents.dossier_word"


def render_dossier_docx(session: CouncilSession, progress=lambda _percent: None) -> bytes:
    """The dossier's documents as Word files in a ZIP, named as the PDFs are: the copies a
    clerk edits before signing (no signature marks)."""
    session = _session(session.pk)
    parts = dossier_parts(session, None)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for index, part in enumerate(parts, start=1):
            name = part.filename.removesuffix(".pdf") + ".docx"
            archive.writestr(name, render_docx(part.template, part.context))
            progress(5 + 94 * index // len(parts))
    return buffer.getvalue()


def dossier_docx_filename(session: CouncilSession) -> str:
    return f"ho-so-khen-thuong-{session.year}-{session.pk}-word.zip"


@builders.register(DOSSIER_WORD_BUILDER)
def build_dossier_word(session_id: int, progress) -> tuple[str, bytes]:
    session = _session(session_id)
    return dossier_docx_filename(session), render_dossier_docx(session, progress)


def merged_member(archive: zipfile.ZipFile) -> str:
    return next(name for name in archive.namelist() if name.startswith(MERGED_PREFIX))


def decision_context(session: CouncilSession, signer: UnitSigner | None) -> tuple[dict, dict]:
    """The decision (QĐ) and its annex list."""
    nominations = _approved(session)
    number = session.decision_number
    unit = session.unit
    awards = _award_names(nominations)
    context = _letterhead(session, number, signer)
    position = context["signer_position"]
    context.update(
        doc_title=DOCUMENT_TITLES[DocumentType.DECISION],
        summary=f"Về việc tặng {awards} năm {session.year}",
        authority_line=f"{position} {unit.name}".upper(),
        basis=[
            *LAW_BASIS,
            f"Căn cứ {_plan_line(session)};",
            f"Căn cứ Biên bản họp Hội đồng Thi đua - Khen thưởng số "
            f"{session.minutes_number.display} {vn_date(session.minutes_number.issued_on)};",
        ],
        articles=[
            f"Điều 1. Tặng {awards} cho {_counts(nominations)} đã có thành tích xuất sắc trong "
            f"phong trào thi đua năm {session.year} (có danh sách kèm theo).",
            "Điều 2. Quyết định này có hiệu lực kể từ ngày ký.",
            "Điều 3. Các tập thể, cá nhân có tên tại Điều 1 và các đơn vị có liên quan chịu "
            "trách nhiệm thi hành Quyết định này./.",
        ],
        recipients=["Như Điều 3", "Lưu: VT."],
    )
    annex = list_context(
        session,
        nominations,
        signer,
        number=number,
        annex_of=(
            f"(Kèm theo Quyết định số {number.display} ngày {vn_date_short(number.issued_on)} "
            f"của {position.capitalize()} {unit.name})"
        ),
    )
    annex.update(number="", doc_title=DOCUMENT_TITLES[DocumentType.LIST], unsigned=False)
    annex.pop("e_signature", None)
    return context, annex


def decision_parts(session: CouncilSession, signer: UnitSigner | None):
    decision, annex = decision_context(session, signer)
    return [("awards/decision_pdf.html", decision), ("awards/list_pdf.html", annex)]


def decision_filename(session: CouncilSession) -> str:
    return f"quyet-dinh-khen-thuong-{session.year}-{session.pk}.pdf"


@builders.register(DECISION_BUILDER)
def build_decision(session_id: int, progress) -> tuple[str, bytes]:
    session = _session(session_id)
    signer = unit_signer(session.unit)
    parts = decision_parts(session, signer)
    progress(20)
    document = render_pdf_bundle(parts)
    progress(80)
    pdf = _sign(signer, document.pdf, session, "Quyết định khen thưởng")
    return decision_filename(session), pdf


def render_decision_docx(session: CouncilSession) -> bytes:
    """The decision and its annex (a section of its own) as one Word file, unsigned."""
    return render_docx_bundle(decision_parts(_session(session.pk), None))


# --- The decision recognising initiatives (Quyết định công nhận sáng kiến) ---

# The bases of the recognition after the award texts ("{unit}": the deciding unit's name).
RECOGNITION_BASIS = [
    *LAW_BASIS,
    "Căn cứ chức năng, nhiệm vụ, quyền hạn của {unit};",
    "Xét đề nghị của Hội đồng Thi đua - Khen thưởng {unit}.",
]
RECOGNITION_ANNEX_TITLE = "DANH SÁCH SÁNG KIẾN ĐƯỢC CÔNG NHẬN"


def recognition_rows(recognition: Recognition) -> list[dict]:
    """The annex's lines: STT, name, authors, unit, effect and scope."""
    return [
        {
            "number": index,
            "name": entry.initiative.name,
            "authors": selectors.authors_of(entry.initiative),
            "unit": entry.initiative.unit.name,
            "effect": entry.effect,
        }
        for index, entry in enumerate(selectors.recognition_entries(recognition), start=1)
    ]


def recognition_context(recognition: Recognition, signer: UnitSigner | None) -> tuple[dict, dict]:
    """The decision recognising the initiatives, and its annex list (on a page of its own)."""
    unit = recognition.unit
    number = recognition.number
    rows = recognition_rows(recognition)
    context = _letterhead(recognition, number, signer)
    if recognition.signer_position:
        context["signer_position"] = recognition.signer_position
    if recognition.signer_name:
        context["signer_name"] = recognition.signer_name
    position = context["signer_position"]
    year = recognition.year
    context.update(
        doc_title=DOCUMENT_TITLES[DocumentType.DECISION],
        summary=f"Về việc công nhận sáng kiến cấp cơ sở năm {year}",
        authority_line=f"{position} {unit.name}".upper(),
        basis=[line.format(unit=unit.name) for line in RECOGNITION_BASIS],
        articles=[
            f"Điều 1. Công nhận {len(rows):02d} sáng kiến cấp cơ sở năm {year} của các tác giả "
            "có tên trong danh sách kèm theo Quyết định này.",
            "Điều 2. Quyết định này có hiệu lực kể từ ngày ký.",
            "Điều 3. Các bộ phận có liên quan và các tác giả có tên tại Điều 1 chịu trách "
            "nhiệm thi hành Quyết định này./.",
        ],
        recipients=["Như Điều 3", "Lưu: VT."],
    )
    annex = _letterhead(recognition, number, signer)
    annex.update(
        signer_position=context["signer_position"],
        signer_name=context["signer_name"],
        number="",
        doc_title=RECOGNITION_ANNEX_TITLE,
        annex_line=(
            f"(Kèm theo Quyết định số {number.display} ngày {vn_date_short(number.issued_on)} "
            f"của {position.capitalize()} {unit.name})"
        ),
        rows=rows,
        recipients=[],
        unsigned=False,
    )
    annex.pop("e_signature", None)
    return context, annex


def recognition_filename(recognition: Recognition) -> str:
    return f"quyet-dinh-cong-nhan-sang-kien-{recognition.year}-{recognition.pk}.pdf"


def recognition_parts(recognition: Recognition, signer: UnitSigner | None):
    decision, annex = recognition_context(recognition, signer)
    return [("awards/decision_pdf.html", decision), ("awards/recognition_annex_pdf.html", annex)]


def _recognition(recognition_id: int) -> Recognition:
    return Recognition.objects.select_related("unit__kind", "number").get(pk=recognition_id)


@builders.register(RECOGNITION_BUILDER)
def build_recognition(recognition_id: int, progress) -> tuple[str, bytes]:
    recognition = _recognition(recognition_id)
    signer = unit_signer(recognition.unit)
    parts = recognition_parts(recognition, signer)
    progress(20)
    document = render_pdf_bundle(parts)
    progress(80)
    pdf = _sign(signer, document.pdf, recognition, "Quyết định công nhận sáng kiến")
    return recognition_filename(recognition), pdf


def render_recognition_docx(recognition: Recognition) -> bytes:
    """The recognition decision and its annex as one Word file, unsigned."""
    return render_docx_bundle(recognition_parts(_recognition(recognition.pk), None))
