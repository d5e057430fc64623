"""Rule-based reading of a Vietnamese plan's lines into an `ExtractedPlan`.

The rules work on a folded copy of each line (lower case, diacritics dropped, "đ" as "d"),
which has the same length as the line, so a match on the folded copy is sliced from the
printed text. Folding makes the rules hold for text whose diacritics were lost (seed 002
went through OCR: "ngay 28 thang 4 nam 2023", "trudc ngay 10 thang 6 ndm 2023").

What makes a deadline: a date after an obligation word ("trước ngày", "chậm nhất", "hạn").
A date without one is never a deadline; a timetable date ("đến ngày …", "từ ngày …") whose
year lies outside the plan's years is reported as a problem quoting its sentence.
"""

from __future__ import annotations

import datetime
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from decimal import Decimal

from django.utils.translation import gettext as _

from .extracted import (
    BasisLine,
    Citation,
    ExtractedDeadline,
    ExtractedPhase,
    ExtractedPlan,
    ExtractedSchedule,
    ExtractedTarget,
    Found,
    Participant,
)

# --- Folding ---------------------------------------------------------------------------------


def fold(text: str) -> str:
    """Lower case without diacritics, one character for one: "Đợt 1" -> "dot 1"."""
    out = []
    for char in text:
        if char in "đĐ":
            out.append("d")
            continue
        base = unicodedata.normalize("NFD", char)[0] if char.isalpha() else char
        out.append(base.lower() if len(base.lower()) == 1 else base)
    return "".join(out)


# --- Dates -----------------------------------------------------------------------------------

# OCR-tolerant words: "ngày" (ngay, ngdy), "tháng" (thang), "năm" (nam, nim, niam, ndm).
_DAY_WORD = r"ng\w{1,2}y"
_MONTH_WORD = r"th\w{2,3}g"
_YEAR_WORD = r"n\w{1,3}m"

_LONG_DATE = re.compile(
    rf"(?:\b{_DAY_WORD}\s+)?\b(\d{{1,2}})\s+{_MONTH_WORD}\s+(\d{{1,2}})(?:\s+{_YEAR_WORD}\s+(\d{{4}}))?\b"
)
_SHORT_DATE = re.compile(
    rf"(?:\b{_DAY_WORD}\s+)?(?<![\d/.-])(\d{{1,2}})\s*([/.-])\s*(\d{{1,2}})(?:\s*\2\s*(\d{{4}}))?(?![\d/])"
)


@dataclass(frozen=True)
class DateMatch:
    start: int
    end: int
    day: int
    month: int
    year: int | None  # None: written without a year ("25/8")
    style: str  # campaign.models.DateStyle value

    def date(self, default_year: int | None) -> datetime.date | None:
        year = self.year or default_year
        if year is None:
            return None
        try:
            return datetime.date(year, self.month, self.day)
        except ValueError:
            return None


def find_dates(folded: str) -> list[DateMatch]:
    """Every date written in `folded` (see `fold`): "ngày 05 tháng 01 năm 2024", "05/01/2024",
    "5-1-2024", "25/8". Document numbers ("số 39/KH", "24/2018/QĐ") are not dates."""
    found: list[DateMatch] = []
    taken: list[tuple[int, int]] = []
    for match in _LONG_DATE.finditer(folded):
        day, month = int(match.group(1)), int(match.group(2))
        if 1 <= day <= 31 and 1 <= month <= 12:
            year = int(match.group(3)) if match.group(3) else None
            found.append(DateMatch(match.start(), match.end(), day, month, year, "long"))
            taken.append(match.span())
    for match in _SHORT_DATE.finditer(folded):
        if any(start < match.end() and match.start() < end for start, end in taken):
            continue
        day, month = int(match.group(1)), int(match.group(3))
        year = int(match.group(4)) if match.group(4) else None
        if not (1 <= day <= 31 and 1 <= month <= 12):
            continue
        if year is None:
            if match.group(2) != "/":
                continue  # "2-3" is a range, "1.2" a heading number
            if re.search(r"\b(?:so|s6)\s*$", folded[: match.start()]):
                continue
        elif not 1900 <= year <= 2100:
            continue
        found.append(DateMatch(match.start(), match.end(), day, month, year, "short"))
    return sorted(found, key=lambda item: item.start)


# --- Vocabulary (on folded text) -------------------------------------------------------------

_OBLIGATION_BEFORE = re.compile(
    r"(?:\btru\w{1,2}[ce]|\bcham nhat(?:\s+(?:la|vao|den))?|\bhan chot|\bthoi han|"
    r"\bhan(?:\s+nop)?|\bkhong qua)\s*[:,]?\s*\(?\s*$"
)
_UNTIL_BEFORE = re.compile(r"(?:\bd\w{1,2}n(?:\s+h\w{1,2}t)?|\btu|\btlr|\btir)\s*$")
_BASIS_START = re.compile(r"^(?:can cu|thu\w{1,2} hi\w{1,2}n)\b")
_ROMAN_HEADING = re.compile(r"^([ivxl1]{1,4})\s*[.\-]\s*\S")
_NUMBER_HEADING = re.compile(r"^(\d{1,2}(?:\.\d{1,2})*)\s*[.)/]?\s+\S")
_LETTER_HEADING = re.compile(r"^([a-dđ])\s*[.)]\s+\S")
_FOR_WHOM = re.compile(r"[dp]\w{1,2}i\s+v\w{1,2}i\s+(.*)")
_PHASE = re.compile(r"^(?:[\d.]+\s*|[-+–•]\s*)?[dpđ]\w{1,2}t\s+(\d+|[ivx]+)\s*[:.\-]")
_YEAR_HEADING = re.compile(r"^(?:\d+\.\s*)?nam\s+(\d{4})\s*[:.]?$")
_REGISTRATION = re.compile(r"(?<!da )\bd\w{1,2}ng\s+ky\b")
_REPORT = r"b\w{1,2}o\s+c\w{1,2}o"
_AWARD_ACTION = re.compile(
    r"(?:d\w{0,2}\W?\s*(?:nghi|xu\w{1,2}t)|h\w\s+so|quy\w{1,3}t\s+d\w{1,3}nh|xem\s+x\w{1,2}t)"
)
_SUMMARY = re.compile(
    rf"t\w{{0,2}}ng\s+h\w?p.{{0,40}}{_REPORT}|{_REPORT}.{{0,20}}(?:s\w\s+k\w{{1,2}}t)|"
    rf"(?:^|\W)s\w\s+k\w{{1,2}}t\b|t\w\s+d\w{{1,2}}nh\s+gi\w|{_REPORT}\s+k\w{{1,2}}t\s+qu\w\s+tri\w{{1,2}}n\s+khai"
)
_RESULT = re.compile(rf"{_REPORT}(?:\s+d\w{{1,2}}nh\s+gi\w)?\s+k\w{{1,2}}t\s+qu\w")
_PLAN_SUBMISSION = re.compile(r"x\w{1,2}y\s+d\w{1,2}ng\s+k\w{1,2}\s+ho\w{1,2}ch")


def deadline_kind(text: str) -> str | None:
    """The campaign.models.DeadlineKind an obligation's (folded) text names, or None."""
    if re.search(r"khen\s+th\w{2,4}ng", text) and _AWARD_ACTION.search(text):
        return "award_proposal"
    if _SUMMARY.search(text):
        return "summary"
    if _RESULT.search(text):
        return "result_report"
    if _REGISTRATION.search(text):
        return "registration"
    if _PLAN_SUBMISSION.search(text):
        return "plan_submission"
    if re.search(_REPORT, text):
        return "result_report"
    return None


# The tenant's indicators (services.DEFAULT_INDICATORS codes) by the words of a target.
INDICATOR_RULES: tuple[tuple[str, str], ...] = (
    ("hai-long-tthc", r"hai long.*(?:thu tuc|tthc)|(?:thu tuc|tthc).*hai long"),
    ("hai-long-phuc-vu", r"hai long"),
    ("xin-loi-tre-han", r"xin loi|tre h[ae]n"),
    ("tthc-dung-han", r"giai quyet.*dung h[ae]n|dung h[ae]n.*giai quyet"),
    ("van-ban-dien-tu", r"moi truong dien tu|van ban dien tu"),
    ("chu-ky-so", r"chu ky so"),
    ("thanh-toan-khong-tien-mat", r"thanh toan (?:khong (?:dung )?tien mat|dien tu)"),
    ("dvc-truc-tuyen", r"dich vu cong truc tuyen"),
    ("dang-ky-mo-hinh", r"dang ky.*(?:mo hinh|sang kien|giai phap)"),
)

_PERIODS = (
    ("q1", re.compile(r"\bquy\s+(?:i|1)\b(?!i)")),
    ("h1", re.compile(r"\b(?:0?6|sau)\s+thang\b|\bquy\s+(?:ii|2)\b(?!i)")),
    ("q3", re.compile(r"\bquy\s+(?:iii|3)\b")),
    ("year", re.compile(r"\bca\s+nam\b|\bnam\s*\)|\bhang\s+nam\s*:|\btong\s+ket\s+nam\b")),
)
_PERIOD_LAST_MONTH = {"q1": 3, "h1": 6, "q3": 9, "year": 12}

_CITATION = re.compile(
    r"\b(ke hoach|chi thi|quyet dinh|nghi dinh|thong tu|luat|cong van|nghi quyet|ket luan|"
    r"de an)\s+(?:s\w\s+)?(\d[\w.&\-]*(?:\s*/\s*[\w.&\-]+)+)"
)
# Spelled out whatever the printed spelling ("Ké hoach" after OCR).
_CITATION_KINDS = {
    "ke hoach": "Kế hoạch",
    "chi thi": "Chỉ thị",
    "quyet dinh": "Quyết định",
    "nghi dinh": "Nghị định",
    "thong tu": "Thông tư",
    "luat": "Luật",
    "cong van": "Công văn",
    "nghi quyet": "Nghị quyết",
    "ket luan": "Kết luận",
    "de an": "Đề án",
}
_ISSUER = re.compile(
    r"\s*(?:cua|ciia|ctia|cta|cla)\s+(.+?)(?=\s+(?:ve|phat dong|ke hoach|trong|to chuc)\b|[;,.]|$)"
)

_AWARD_FORM = re.compile(r"\b(giay khen|bang khen|co thi dua|chien si thi dua|lao dong tien tien)")


# --- The extraction --------------------------------------------------------------------------


@dataclass
class _Line:
    index: int
    text: str  # tabs as spaces
    folded: str


@dataclass
class _Context:
    section: str = ""  # folded title of the current roman-numbered section
    heading: str = ""  # folded text of the current numbered heading
    letter: str = ""  # folded text of the current lettered sub-heading
    phase: str = ""


def extract_plan(
    lines: Sequence[str], indicators: Iterable[tuple[str, str]] | None = None
) -> ExtractedPlan:
    """The plan read from `lines` (`readers.read_paragraphs`). `indicators` are the tenant's
    catalogue as (code, name); a target matching no code of it is proposed as a new one."""
    lines = [unicodedata.normalize("NFC", line) for line in lines]
    rows = [
        _Line(index, text.replace("\t", " ").strip(), fold(text.replace("\t", " ").strip()))
        for index, text in enumerate(lines)
    ]
    if indicators is None:
        from campaign.services import DEFAULT_INDICATORS

        indicators = [(code, name) for code, name, *_rest in DEFAULT_INDICATORS]
    catalogue = {code for code, _name in indicators}

    # The letterhead, one cell per tab-separated part ("Số: …<tab>Quận 8, ngày …").
    header = [
        _Line(row.index, cell.strip(), fold(cell.strip()))
        for row in rows[: _header_end(rows)]
        for cell in lines[row.index].split("\t")
        if cell.strip()
    ]
    number = _number(header, lines)
    place, issued_on, header_year = _place_date(header, lines)
    parent_body, issuing_body = _bodies(header, lines)
    doc_kind, title, title_end = _kind_and_title(rows)
    years = _plan_years(title, header_year, rows)
    plan_year = years[0] if years else None
    basis = _basis(rows[title_end:])

    phases: list[Found[ExtractedPhase]] = []
    deadlines: list[Found[ExtractedDeadline]] = []
    schedules: list[Found[ExtractedSchedule]] = []
    targets: list[Found[ExtractedTarget]] = []
    participants: list[Found[Participant]] = []
    award_forms: list[Found[str]] = []
    problems: list[Found[str]] = []
    start: Found[datetime.date] | None = None
    end: Found[datetime.date] | None = None
    if title is not None and years:
        first, last = _title_period(title.value, years)
        start = Found(first, title.source, title.paragraph)
        end = Found(last, title.source, title.paragraph)
    seen_deadlines: set[tuple[str, datetime.date]] = set()
    context = _Context()
    section_start = 0
    previous: _Line | None = None
    body_start = title_end + len(basis)
    for row in rows[body_start:]:
        section = context.section
        _update_context(context, row)
        folded = row.folded
        if context.section != section:
            section_start = len(deadlines)
        if re.match(r"luu y\b", folded):
            # "Lưu ý: … gửi về Phòng Tổ chức cán bộ …" names who receives the section's returns.
            receiver = _receiving_unit(row, 0, len(folded))
            for position in range(section_start, len(deadlines)):
                if receiver and not deadlines[position].value.receiving_unit:
                    value = replace(deadlines[position].value, receiving_unit=receiver)
                    deadlines[position] = replace(deadlines[position], value=value)
        if not folded:
            continue
        if _in_heading(context, r"doi tuong") and not _is_heading(row):
            participant = _participant(row, context)
            if participant is not None:
                participants.append(participant)
        in_awards = _in_section(context, r"hinh thuc khen thuong")
        if in_awards and _AWARD_FORM.search(folded) and not _is_heading(row):
            award_forms.append(Found(_strip_item(row.text), row.text, row.index))

        dates = find_dates(folded)
        phase = _phase(row, dates, issued_on, plan_year, context)
        if phase is not None:
            context.phase = phase.value.name
            phases.append(phase)
        elif _YEAR_HEADING.match(folded) and _in_section(context, r"tien do|thoi gian"):
            year = int(_YEAR_HEADING.match(folded).group(1))  # type: ignore[union-attr]
            name = f"Năm {year}"
            context.phase = name
            phases.append(
                Found(
                    ExtractedPhase(name, datetime.date(year, 1, 1), datetime.date(year, 12, 31)),
                    row.text,
                    row.index,
                )
            )
        else:
            period_end = _period_end(row, dates, plan_year)
            if period_end is not None:
                end = period_end
                if re.search(r"ngay ban hanh", folded) and issued_on is not None:
                    start = Found(issued_on.value, row.text, row.index)

        schedule = _schedule(row, dates)
        if schedule is not None:
            schedules.append(schedule)
        else:
            for deadline in _deadlines(row, dates, plan_year, previous, context, issued_on):
                key = (deadline.value.kind, deadline.value.due)
                if key not in seen_deadlines:
                    seen_deadlines.add(key)
                    deadlines.append(deadline)
        targets.extend(_targets(row, context, catalogue))
        if phase is None and not _is_timetable_line(row):
            problems.extend(_stray_years(row, dates, years))
        previous = row

    # A timetable date outside the plan's years (seed 004's "từ nay đến ngày … 2023").
    if end is not None and years and not end.problem and end.value.year not in _span(years):
        end = replace(end, problem=_year_problem(end.value, years, end.source))
    phases = [_check_phase_years(item, years) for item in phases]
    deadlines = [_in_phase(item, phases) for item in deadlines]
    deadlines = [_check_deadline(item, years, issued_on) for item in deadlines]
    return ExtractedPlan(
        lines=tuple(lines),
        number=number,
        issued_on=issued_on,
        place=place,
        issuing_body=issuing_body,
        parent_body=parent_body,
        doc_kind=doc_kind,
        title=title,
        start=start,
        end=end,
        basis=tuple(basis),
        participants=tuple(participants),
        phases=tuple(phases),
        deadlines=tuple(deadlines),
        schedules=tuple(schedules),
        targets=tuple(targets),
        award_forms=tuple(award_forms),
        problems=tuple(problems),
    )


# --- The header ------------------------------------------------------------------------------


def _header_end(rows: list[_Line]) -> int:
    """Index of the document kind's line ("KẾ HOẠCH"): the letterhead comes before it."""
    for row in rows[:25]:
        if _is_kind_line(row):
            return row.index
    return min(len(rows), 8)


def _is_kind_line(row: _Line) -> bool:
    return bool(re.match(r"^k\w{1,2}\s+ho\w{1,2}ch\b", row.folded)) and (
        len(row.text) < 40 and row.text.upper() == row.text
    )


_NUMBER = re.compile(r"\bs[o6ô]\s*:\s*(\d*)\s*/\s*([a-z0-9&\-]+)")


def _number(rows: list[_Line], lines: Sequence[str]) -> Found[str] | None:
    for row in rows:
        match = _NUMBER.search(row.folded)
        if match:
            if not match.group(1):
                return None  # a draft: the register gives the number at signing
            code = row.text[match.start(2) : match.end(2)].replace(" ", "")
            # OCR reads the slash's serif as a letter: "112 /IKH-MNCG".
            code = re.sub(r"^[Il1|](?=KH-)", "", code)
            return Found(f"{match.group(1)}/{code}", row.text, row.index)
    return None


_PLACE_DATE = re.compile(
    rf"([^,;:]{{2,40}}),\s*{_DAY_WORD}\s*(\d{{1,2}})?\s*{_MONTH_WORD}\s*(\d{{1,2}})?\s*"
    rf"{_YEAR_WORD}\s*(\d{{4}})"
)

# Off the ND30 layout but seen: "Quận 1, ngày 05/01/2024".
_PLACE_SHORT_DATE = re.compile(
    rf"([^,;:]{{2,40}}),\s*{_DAY_WORD}\s*(\d{{1,2}})\s*[/.-]\s*(\d{{1,2}})\s*[/.-]\s*(\d{{4}})"
)


def _place_date(
    rows: list[_Line], lines: Sequence[str]
) -> tuple[Found[str] | None, Found[datetime.date] | None, int | None]:
    for row in rows:
        match = _PLACE_DATE.search(row.folded) or _PLACE_SHORT_DATE.search(row.folded)
        if not match:
            continue
        place_text = row.text[match.start(1) : match.end(1)]
        # On one line with the number ("Số: 112/KH-MNCG Quận 1, ngày …"): the place is the tail.
        number = _NUMBER.search(row.folded[: match.end(1)])
        if number:
            place_text = row.text[number.end() : match.end(1)]
        place_text = re.sub(r"^\W+", "", place_text).strip()
        place = Found(place_text, row.text, row.index) if place_text else None
        year = int(match.group(4))
        issued = None
        if match.group(2) and match.group(3):
            try:
                day = datetime.date(year, int(match.group(3)), int(match.group(2)))
                issued = Found(day, row.text, row.index)
            except ValueError:
                issued = None
        return place, issued, year
    return None, None, None


def _bodies(rows: list[_Line], lines: Sequence[str]) -> tuple[Found[str] | None, Found[str] | None]:
    names: list[Found[str]] = []
    for row in rows:
        text = row.text.strip("* ")
        folded = row.folded
        # OCR puts both columns on one line: keep the left one.
        cut = re.search(r"\bcong\s+hoa\b|\bd\w{1,3}c\s+l\w?a?p\b", folded)
        if cut:
            text = text[: cut.start()].strip("* ")
        if (
            not text
            or _NUMBER.search(folded)
            or _PLACE_DATE.search(folded)
            or _PLACE_SHORT_DATE.search(folded)
            or re.match(r"^[-_=–]+$", text)
            or text.upper() != text
            or not re.search(r"[A-ZĐ]{2}", text)
        ):
            continue
        names.append(Found(text, row.text, row.index))
    if len(names) >= 2:
        return names[0], names[1]
    if names:
        return None, names[0]
    return None, None


def _kind_and_title(rows: list[_Line]) -> tuple[Found[str] | None, Found[str] | None, int]:
    for position, row in enumerate(rows[:25]):
        if not _is_kind_line(row):
            continue
        kind = Found(row.text.strip("* "), row.text, row.index)
        parts: list[_Line] = []
        for following in rows[position + 1 : position + 5]:
            # A title may start "Thực hiện công tác …"; a basis line cites a document.
            if (
                (_BASIS_START.match(following.folded) and _CITATION.search(following.folded))
                or _ROMAN_HEADING.match(following.folded)
                or len(following.text) > 160
                or following.text.endswith((";", ":", "."))
                or _strip_item(following.text) != following.text
            ):
                break
            parts.append(following)
        if not parts:
            return kind, None, position + 1
        title_text = " ".join(part.text.strip("* ") for part in parts)
        title = Found(title_text, " / ".join(part.text for part in parts), parts[0].index)
        return kind, title, position + 1 + len(parts)
    return None, None, 0


def _plan_years(title: Found[str] | None, header_year: int | None, rows: list[_Line]) -> list[int]:
    """The plan's years, first to last: from the title ("năm 2024", "giai đoạn 2023 - 2025"),
    else the year of the place-date line."""
    if title is not None:
        folded = fold(title.value)
        span = re.search(r"(20\d{2})\s*[-–]\s*(20\d{2})", folded)
        if span and int(span.group(1)) <= int(span.group(2)) <= int(span.group(1)) + 10:
            return list(range(int(span.group(1)), int(span.group(2)) + 1))
        year = re.search(r"\b(?:n\w{1,3}m|nam hoc)\s+(20\d{2})\b", folded)
        if year:
            return [int(year.group(1))]
    if header_year is not None:
        return [header_year]
    return []


def _title_period(title: str, years: list[int]) -> tuple[datetime.date, datetime.date]:
    """The period a title names: a school year ("năm học 2025 - 2026") runs from September
    to August; a year or a span of years ("năm 2024", "giai đoạn 2023 - 2025"), January to
    December."""
    if len(years) == 2 and re.search(r"\bnam hoc\b", fold(title)):
        return datetime.date(years[0], 9, 1), datetime.date(years[1], 8, 31)
    return datetime.date(years[0], 1, 1), datetime.date(years[-1], 12, 31)


def _span(years: list[int]) -> range:
    return range(years[0], years[-1] + 1)


def _basis(rows: list[_Line]) -> list[Found[BasisLine]]:
    found: list[Found[BasisLine]] = []
    for row in rows:
        if not _BASIS_START.match(row.folded):
            break
        found.append(Found(BasisLine(row.text, _citations(row)), row.text, row.index))
    return found


def _citations(row: _Line) -> tuple[Citation, ...]:
    citations = []
    for match in _CITATION.finditer(row.folded):
        kind = _CITATION_KINDS[match.group(1)]
        number = re.sub(r"\s+", "", row.text[match.start(2) : match.end(2)]).rstrip(".,")
        issued_on = None
        rest = row.folded[match.end() :]
        date_match = re.match(r"\s*", rest)
        offset = match.end() + (date_match.end() if date_match else 0)
        dates = [item for item in find_dates(row.folded[offset:]) if item.start == 0]
        issuer = ""
        if dates:
            issued_on = dates[0].date(None)
            offset += dates[0].end
        issuer_match = _ISSUER.match(row.folded[offset:])
        if issuer_match:
            issuer = row.text[offset + issuer_match.start(1) : offset + issuer_match.end(1)]
        citations.append(Citation(kind, number, issued_on, issuer.strip()))
    return tuple(citations)


# --- The body --------------------------------------------------------------------------------


def _is_heading(row: _Line) -> bool:
    folded = row.folded
    if _ROMAN_HEADING.match(folded) and row.text[:1].isupper():
        return True
    if (_NUMBER_HEADING.match(folded) or _LETTER_HEADING.match(folded)) and len(row.text) < 90:
        return not row.text.rstrip().endswith((".", ";")) or len(row.text) < 45
    return False


def _update_context(context: _Context, row: _Line) -> None:
    folded = row.folded
    if not _is_heading(row):
        return
    if _ROMAN_HEADING.match(folded) and not _NUMBER_HEADING.match(folded):
        context.section, context.heading, context.letter, context.phase = folded, "", "", ""
    elif _LETTER_HEADING.match(folded):
        context.letter = folded
    else:
        context.heading, context.letter = folded, ""


def _in_section(context: _Context, pattern: str) -> bool:
    return bool(re.search(pattern, context.heading) or re.search(pattern, context.section))


def _in_heading(context: _Context, pattern: str) -> bool:
    return bool(re.search(pattern, context.heading))


def _strip_item(text: str) -> str:
    """The text without its manual numbering or bullet ("1.2. ", "a) ", "- ", "+ ")."""
    return re.sub(r"^(?:[-+–•*]\s*)+|^(?:\d{1,2}(?:\.\d{1,2})*[.)/]?|[a-zđ][.)])\s+", "", text)


def _participant_type(context: _Context) -> str:
    for text in (context.letter, context.heading):
        match = _FOR_WHOM.search(text) or (re.match(r"^[a-d][.)]\s+(.*)", text) if text else None)
        if not match:
            continue
        whom = match.group(1)
        if re.search(r"\b(?:ca nhan|vien chuc|cong chuc|can b\w|nguoi lao dong|giao vien)", whom):
            return "individual"
        if re.search(r"\b(?:tap the|co quan|don vi|phong|co so|truong|to chuc)", whom):
            return "collective"
    return "all"


# campaign UnitKind codes (units' data migration) by the words naming them.
_UNIT_KINDS = (
    ("phong-thuoc-so", r"\bphong\b.*\bthuoc so\b|\bcac phong\b"),
    ("phong-gddt", r"phong giao duc va dao tao|phong gd&dt|phong gddt"),
    ("truong-mam-non", r"mam non"),
    ("truong-tieu-hoc", r"tieu hoc"),
    ("truong-thcs", r"trung hoc co so|\bthcs\b"),
    ("truong-thpt", r"trung hoc pho thong|\bthpt\b"),
    ("truong-lien-cap", r"lien cap"),
    ("don-vi-su-nghiep", r"trung tam|truong boi duong"),
)
# A Sở's own schools: its upper secondary and multi-level schools and its centres (seed 004).
_SCHOOLS_OF_A_DEPARTMENT = ("truong-thpt", "truong-lien-cap", "don-vi-su-nghiep")
_PEOPLE = re.compile(
    r"^(?:cac\s+)?(?:can bo|cong chuc|vien chuc|giao vien|nhan vien|nguoi lao dong|ca nhan)\b"
)


def _participant(row: _Line, context: _Context) -> Found[Participant] | None:
    kind = _participant_type(context)
    folded = fold(_strip_item(row.text))
    if kind == "all":
        kind = "individual" if _PEOPLE.match(folded) else "collective"
    kinds = [code for code, pattern in _UNIT_KINDS if re.search(pattern, folded)]
    if kind == "collective" and re.search(r"co so giao duc (?:truc )?thuoc so", folded):
        kinds.extend(code for code in _SCHOOLS_OF_A_DEPARTMENT if code not in kinds)
    if kind == "individual":
        kinds = []  # people: the kinds are their units', not theirs
    return Found(Participant(row.text, kind, tuple(kinds)), row.text, row.index)


def _phase(
    row: _Line,
    dates: list[DateMatch],
    issued_on: Found[datetime.date] | None,
    plan_year: int | None,
    context: _Context,
) -> Found[ExtractedPhase] | None:
    match = _PHASE.match(row.folded)
    if not match:
        return None
    name = f"Đợt {match.group(1)}"
    tail = row.folded[match.end() :]
    begin = None
    finish = None
    year_hint = next((item.year for item in dates if item.year), plan_year)
    for item in dates:
        before = row.folded[: item.start]
        when = item.date(year_hint)
        if re.search(r"d\w{1,2}n(?:\s+h\w{1,2}t)?\s*$", before):
            finish = when
        elif begin is None and finish is None:
            begin = when
    if begin is None and re.search(r"ng\w{1,2}y ban hanh", tail) and issued_on is not None:
        begin = issued_on.value
    if begin is None and finish is None:
        return None
    return Found(ExtractedPhase(name, begin, finish), row.text, row.index)


def _period_end(
    row: _Line, dates: list[DateMatch], plan_year: int | None
) -> Found[datetime.date] | None:
    """The campaign's last day, from "Đợt thi đua được phát động từ … đến ngày …"."""
    if not re.search(r"phat dong|thi dua", row.folded) or not re.search(
        r"\bd\w{1,2}n\b", row.folded
    ):
        return None
    for item in dates:
        if re.search(r"d\w{1,2}n(?:\s+h\w{1,2}t)?\s*$", row.folded[: item.start]):
            when = item.date(plan_year)
            if when is not None:
                return Found(when, row.text, row.index)
    return None


def _is_timetable_line(row: _Line) -> bool:
    return bool(re.search(r"phat dong|thi dua", row.folded) and re.search(r"\bden\b", row.folded))


def _clause_start(folded: str, position: int, floor: int) -> int:
    """Where the clause holding `position` begins: after the last ";" or sentence end."""
    start = floor
    for match in re.finditer(r"[;]|\.\s+(?=[a-z])|:\s+(?=\+)", folded[floor:position]):
        start = floor + match.end()
    return start


def _deadlines(
    row: _Line,
    dates: list[DateMatch],
    plan_year: int | None,
    previous: _Line | None,
    context: _Context,
    issued_on: Found[datetime.date] | None,
) -> list[Found[ExtractedDeadline]]:
    found = []
    floor = 0
    for item in dates:
        before = row.folded[floor : item.start]
        obligation = _OBLIGATION_BEFORE.search(before)
        if not obligation:
            floor = item.end
            continue
        clause_from = _clause_start(row.folded, floor + obligation.start(), floor)
        clause = row.folded[clause_from : floor + obligation.start()]
        kind = deadline_kind(clause)
        receiver_line, receiver_end = row, floor + obligation.start()
        description = _strip_item(
            row.text[clause_from : floor + obligation.start()].strip(" ,:;(")
        ).strip()
        if kind is None:
            kind = deadline_kind(row.folded[:clause_from])
        if kind is None and previous is not None:
            # "Thời gian thực hiện: trước ngày …": the obligation is the line before.
            kind = deadline_kind(previous.folded)
            if kind is not None:
                description = _strip_item(previous.text)
                receiver_line, receiver_end = previous, len(previous.folded)
        problem = ""
        if kind is None:
            kind = "result_report"
            problem = _("The kind of this deadline could not be read; check it.")
        due = item.date(plan_year)
        if due is None:
            floor = item.end
            continue
        found.append(
            Found(
                ExtractedDeadline(
                    kind=kind,
                    due=due,
                    description=description or _strip_item(row.text),
                    receiving_unit=_receiving_unit(
                        receiver_line, clause_from if receiver_line is row else 0, receiver_end
                    ),
                    phase=context.phase,
                    date_style=item.style,
                ),
                row.text,
                row.index,
                problem,
            )
        )
        floor = item.end
    return found


_RECEIVER = re.compile(
    r"(?:thong qua|g\w{1,2}i ve|gui|\bve|bao cao|trinh|de nghi)\s+"
    r"((?:phong|uy ban|ubnd|so|bo phan|ban|van phong)\b[^,;()]*?)"
    r"(?=\s+(?:de|truoc|theo|trong|xem)\b|\s*[,;()]|\s*$)"
)


def _receiving_unit(row: _Line, start: int, end: int) -> str:
    folded = row.folded[start:end]
    through = re.search(r"thong qua\s+(.+?)\s*\)", folded)
    if through:
        return row.text[start + through.start(1) : start + through.end(1)].strip()
    for match in _RECEIVER.finditer(folded):
        # A body's name is capitalised ("Phòng Nội vụ"); "báo cáo sơ kết" names none.
        if row.text[start + match.start(1)].isupper():
            return row.text[start + match.start(1) : start + match.end(1)].strip(" .")
    return ""


def _schedule(row: _Line, dates: list[DateMatch]) -> Found[ExtractedSchedule] | None:
    folded = row.folded
    if not re.search(_REPORT, folded):
        return None
    periods = [code for code, pattern in _PERIODS if pattern.search(folded)]
    day_month = [item for item in dates if item.year is None]
    if len(periods) < 2 or len(day_month) < 2:
        return _schedule_rule(row)
    days = {item.day for item in day_month}
    due_day = min(days)
    months = [item.month for item in day_month]
    last = [_PERIOD_LAST_MONTH[code] for code in periods]
    due_month = "last" if months[: len(last)] == last[: len(months)] else "next"
    problem = ""
    if len(days) > 1 or len(months) != len(periods):
        problem = _("The report dates do not follow one rule; check the schedule.")
    name = re.search(rf"{_REPORT}\s+d\w{{1,2}}nh\s+k\w\b[^,:(]*", folded)
    name_text = row.text[name.start() : name.end()].strip() if name else _strip_item(row.text)[:120]
    return Found(
        ExtractedSchedule(
            name=name_text[:1].upper() + name_text[1:],
            periods=tuple(periods),
            due_day=due_day,
            due_month=due_month,
        ),
        row.text,
        row.index,
        problem,
    )


# "Định kỳ báo cáo quý, 6 tháng, năm … trước ngày 15 của tháng cuối quý": one rule for all.
_SCHEDULE_RULE = re.compile(
    r"\bbao cao\s+(?:dinh ky\s+)?((?:(?:quy|0?6 thang|sau thang|nam)(?:\s*,\s*|\s+va\s+|\s+))+)"
    r".*?\b(?:truoc|cham nhat)(?: ngay)?\s+(\d{1,2})\s+(?:cua\s+)?thang\s+(cuoi|dau|sau|tiep|ke)"
)
_RULE_PERIODS = {"quy": ("q1", "h1", "q3", "year"), "thang": ("h1", "year"), "nam": ("year",)}


def _schedule_rule(row: _Line) -> Found[ExtractedSchedule] | None:
    match = _SCHEDULE_RULE.search(row.folded)
    if match is None:
        return None
    words = match.group(1)
    periods = {
        period
        for word, named in _RULE_PERIODS.items()
        if re.search(rf"\b{word}\b", words)
        for period in named
    }
    if not periods or not 1 <= int(match.group(2)) <= 28:
        return None
    return Found(
        ExtractedSchedule(
            name="Báo cáo định kỳ",
            periods=tuple(code for code, _pattern in _PERIODS if code in periods),
            due_day=int(match.group(2)),
            due_month="last" if match.group(3) == "cuoi" else "next",
            receiving_unit=_receiving_unit(row, match.end(1), match.start(2)),
        ),
        row.text,
        row.index,
    )


_PERCENT = re.compile(r"(\d{1,3}(?:[.,]\d{1,2})?)\s*%")


# "Mỗi tổ đăng ký ít nhất 01 mô hình, giải pháp": a count, under a targets heading.
_COUNT = re.compile(r"\b(?:it nhat|toi thieu)\s+0*(\d{1,3})\s+(?:mo hinh|giai phap|sang kien)")


def _targets(row: _Line, context: _Context, catalogue: set[str]) -> list[Found[ExtractedTarget]]:
    folded = row.folded
    matches = list(_PERCENT.finditer(folded))
    if not matches:
        count = _COUNT.search(folded)
        if count is None or not _in_section(context, r"chi tieu|muc tieu"):
            return []
        code = "so-mo-hinh" if "so-mo-hinh" in catalogue else ""
        indicator = _strip_item(row.text).rstrip(" .;")
        target = ExtractedTarget(
            indicator_text=indicator,
            indicator_code=code,
            comparator="gte",
            value=Decimal(count.group(1)),
            participant_type=_participant_type(context),
            proposed_name="" if code else "Số mô hình, giải pháp, sáng kiến CCHC được đăng ký",
            measure="count",
        )
        return [Found(target, row.text, row.index)]
    found = []
    previous_end = 0
    previous_indicator = ""
    for match in matches:
        clause_from = _clause_start(folded, match.start(), 0)
        floor = max(clause_from, previous_end)
        before = folded[floor : match.start()]
        after_end = re.search(r"[;.](?:\s|$)|,\s+(?:rieng|ve)\b|$", folded[match.end() :])
        after = folded[match.end() : match.end() + (after_end.start() if after_end else 0)]
        value = Decimal(match.group(1).replace(",", "."))
        comparator = "gte"
        if re.search(r"(?:≤|\bduoi|khong qua|toi da)\s*$", before) or re.match(
            r"\s*tro xuong", after
        ):
            comparator = "lte"
        elif re.search(r"=\s*$", before):
            comparator = "eq"
        lead = re.sub(r"^[\s,:]*(?:tro len|tro xuong)?[\s,:]*", "", before)
        lead = re.sub(r"^(?:[-+–•*]\s*)+|^(?:\d{1,2}(?:\.\d{1,2})*[.)/]?|[a-z][.)])\s+", "", lead)
        lead = re.sub(r"^(?:trong do\s*:\s*|rieng\s+|phan dau\s+|dam bao\s+|bao dam\s+)+", "", lead)
        # "…, bảo đảm 100% thủ tục được công bố": the target is what follows "bảo đảm".
        commitment = list(re.finditer(r"\b(?:bao dam|dam bao|phan dau)\b", lead))
        if commitment:
            lead = lead[commitment[-1].end() :]
        lead = re.sub(
            r"(?:\s*(?::|\bdat(?:\s+ty le)?|\btu|\btren|\bit nhat|\btoi thieu|≥|\bla))+\s*$",
            "",
            lead,
        ).strip(" ,:")
        if len(lead) >= 8 and not re.search(r"\b(?:cu|bo tri|phan cong)\s*$", lead):
            position = folded.rfind(lead, floor, match.start())
            position = floor if position < 0 else position
            indicator = row.text[position : position + len(lead)]
            match_text = lead
            if re.match(r"ve\b", lead) and previous_indicator:
                match_text = " ".join(previous_indicator.split()[:4]) + " " + lead
        else:
            offset = match.end() + (len(after) - len(after.lstrip()))
            indicator = row.text[offset : match.end() + len(after)].strip(" ,.;")
            match_text = fold(indicator)
        indicator = indicator.strip(" ,.;:")
        code = _indicator_code(match_text, catalogue) or _indicator_code(after, catalogue)
        proposed = ""
        if not code:
            proposed = indicator[:1].upper() + indicator[1:]
            if not re.match(r"(?:ty le|muc do|so)\b", fold(proposed).lower()):
                proposed = f"Tỷ lệ {indicator}"
            proposed = proposed[:255]
        found.append(
            Found(
                ExtractedTarget(
                    indicator_text=indicator,
                    indicator_code=code,
                    comparator=comparator,
                    value=value,
                    participant_type=_participant_type(context),
                    proposed_name=proposed,
                ),
                row.text,
                row.index,
            )
        )
        previous_end = match.end()
        previous_indicator = match_text
    return found


def _indicator_code(text: str, catalogue: set[str]) -> str:
    return next(
        (
            code
            for code, pattern in INDICATOR_RULES
            if code in catalogue and re.search(pattern, text)
        ),
        "",
    )


# --- Checks ----------------------------------------------------------------------------------


def _quote(sentence: str) -> str:
    sentence = " ".join(sentence.split())
    return sentence if len(sentence) <= 300 else sentence[:297] + "…"


def _year_problem(day: datetime.date, years: list[int], sentence: str) -> str:
    plan_years = str(years[0]) if len(years) == 1 else f"{years[0]} - {years[-1]}"
    return _(
        "The year %(year)s of the date %(date)s is not the plan's (%(plan_years)s): “%(sentence)s”"
    ) % {
        "year": day.year,
        "date": day.strftime("%d/%m/%Y"),
        "plan_years": plan_years,
        "sentence": _quote(sentence),
    }


def _stray_years(row: _Line, dates: list[DateMatch], years: list[int]) -> list[Found[str]]:
    """Timetable dates ("đến ngày", "từ ngày", "trước ngày") in a line that is neither a phase
    nor a deadline, whose year is not the plan's."""
    if not years:
        return []
    found = []
    for item in dates:
        before = row.folded[: item.start]
        if item.year is None or item.year in _span(years):
            continue
        if not (_OBLIGATION_BEFORE.search(before) or _UNTIL_BEFORE.search(before)):
            continue
        if _BASIS_START.match(row.folded) or re.search(
            r"(?:ke hoach|quyet dinh|chi thi|so)\s+\S*/\S*\s*$", before[-60:]
        ):
            continue
        day = item.date(None)
        if day is not None:
            found.append(
                Found(day.isoformat(), row.text, row.index, _year_problem(day, years, row.text))
            )
    return found


def _check_phase_years(item: Found[ExtractedPhase], years: list[int]) -> Found[ExtractedPhase]:
    if item.problem or not years:
        return item
    for day in (item.value.start, item.value.end):
        if day is not None and day.year not in _span(years):
            return replace(item, problem=_year_problem(day, years, item.source))
    if item.value.start and item.value.end and item.value.start > item.value.end:
        return replace(
            item,
            problem=_("The phase ends before it starts: “%(sentence)s”")
            % {"sentence": _quote(item.source)},
        )
    return item


def _in_phase(
    item: Found[ExtractedDeadline], phases: list[Found[ExtractedPhase]]
) -> Found[ExtractedDeadline]:
    """A deadline read outside the timetable goes to the phase its date falls in."""
    if item.value.phase:
        return item
    for phase in phases:
        start, end = phase.value.start, phase.value.end
        if start and end and start <= item.value.due <= end:
            return replace(item, value=replace(item.value, phase=phase.value.name))
    return item


def _check_deadline(
    item: Found[ExtractedDeadline], years: list[int], issued_on: Found[datetime.date] | None
) -> Found[ExtractedDeadline]:
    if item.problem:
        return item
    due = item.value.due
    if years and due.year not in _span(years):
        return replace(item, problem=_year_problem(due, years, item.source))
    if issued_on is not None and due < issued_on.value:
        return replace(
            item,
            problem=_("This deadline falls before the plan's own date (%(issued)s): “%(sentence)s”")
            % {"issued": issued_on.value.strftime("%d/%m/%Y"), "sentence": _quote(item.source)},
        )
    return item
