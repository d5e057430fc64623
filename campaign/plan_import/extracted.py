"""What is read from a plan's file: every value with the sentence it came from.

The review page shows each `Found` beside its `source`; the clerk confirms, corrects or drops
it. `problem` is set when the value was read but looks wrong (a 2023 date in a 2024 plan, a
date whose day or month cannot be), and quotes nothing itself: the page shows `source`.
Choices are the values of `campaign.models` (DeadlineKind, ReportPeriod, ReportSchedule.DueMonth,
Comparator, ParticipantType), kept as plain strings so the structure is JSON-serialisable
(`as_dict`) and can sit in the session between the upload and the confirmation.
"""

from __future__ import annotations

import dataclasses
import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Generic, TypeVar

T = TypeVar("T")


@dataclass(frozen=True)
class Found(Generic[T]):
    value: T
    # The line of the document the value was read from, as printed (one paragraph, one table
    # cell or one manual line break's line).
    source: str
    # Index of that line in `readers.read_paragraphs`'s list.
    paragraph: int
    problem: str = ""


@dataclass(frozen=True)
class Citation:
    """A document named in a "Căn cứ …" / "Thực hiện …" line."""

    kind: str  # spelled out: "Kế hoạch", "Chỉ thị", "Luật", "Nghị định", "Thông tư", "Quyết định"…
    number: str  # "1362/KH-GDĐT"; empty for a law cited by name only
    issued_on: datetime.date | None = None
    issuer: str = ""  # "Phòng Giáo dục và Đào tạo huyện Nhà Bè"

    @property
    def is_plan(self) -> bool:
        return self.kind == "Kế hoạch"


@dataclass(frozen=True)
class BasisLine:
    text: str  # the whole line, "Căn cứ Kế hoạch số 1362/KH-GDĐT ngày … ;"
    citations: tuple[Citation, ...] = ()


@dataclass(frozen=True)
class Participant:
    text: str  # "- Các phòng thuộc Sở Giáo dục và Đào tạo."
    participant_type: str  # campaign.models.ParticipantType: collective / individual
    # campaign.models UnitKind codes the line names, when recognised ("school", "division"…).
    unit_kinds: tuple[str, ...] = ()


@dataclass(frozen=True)
class ExtractedPhase:
    name: str  # "Đợt 1"
    start: datetime.date | None
    end: datetime.date | None


@dataclass(frozen=True)
class ExtractedDeadline:
    kind: str  # campaign.models.DeadlineKind
    due: datetime.date
    description: str  # the obligation, as printed before its date
    receiving_unit: str = ""  # the body's name as printed ("Phòng Nội vụ"); matched later
    phase: str = ""  # name of the ExtractedPhase it falls in ("Đợt 1"), if any
    date_style: str = "short"  # campaign.models.DateStyle, as the date was printed


@dataclass(frozen=True)
class ExtractedSchedule:
    """A periodic report ("Báo cáo quý I trước ngày 05/3, 06 tháng trước ngày 05/6…")."""

    name: str
    periods: tuple[str, ...]  # campaign.models.ReportPeriod values
    due_day: int
    due_month: str  # campaign.models.ReportSchedule.DueMonth value
    receiving_unit: str = ""


@dataclass(frozen=True)
class ExtractedTarget:
    indicator_text: str  # the measured thing as printed ("tỷ lệ giải quyết hồ sơ … đúng hạn")
    # A code of the tenant's KpiIndicator catalogue (services.DEFAULT_INDICATORS) when the text
    # matches one, else "" and `proposed_name` is the indicator to create.
    indicator_code: str
    comparator: str  # campaign.models.Comparator
    value: Decimal
    participant_type: str = "all"  # campaign.models.ParticipantType
    proposed_name: str = ""
    measure: str = "percent"  # campaign.models.KpiIndicator.Measure


@dataclass(frozen=True)
class ExtractedPlan:
    lines: tuple[str, ...] = ()  # the document as read, for the review page's context
    number: Found[str] | None = None  # "112/KH-MNCG"
    issued_on: Found[datetime.date] | None = None
    place: Found[str] | None = None  # "Quận 1"
    issuing_body: Found[str] | None = None  # "TRƯỜNG MẦM NON CÔ GIANG"
    parent_body: Found[str] | None = None  # "ỦY BAN NHÂN DÂN QUẬN 1"
    doc_kind: Found[str] | None = None  # "KẾ HOẠCH"
    title: Found[str] | None = None
    # The plan's period, when the text states it (from the phases or a "năm 2024" title).
    start: Found[datetime.date] | None = None
    end: Found[datetime.date] | None = None
    basis: tuple[Found[BasisLine], ...] = ()
    participants: tuple[Found[Participant], ...] = ()
    phases: tuple[Found[ExtractedPhase], ...] = ()
    deadlines: tuple[Found[ExtractedDeadline], ...] = ()
    schedules: tuple[Found[ExtractedSchedule], ...] = ()
    targets: tuple[Found[ExtractedTarget], ...] = ()
    award_forms: tuple[Found[str], ...] = ()
    # Problems that belong to no single value (a date outside the plan's year in a sentence
    # that is no deadline, e.g. seed 004's "từ nay đến ngày 31 tháng 10 năm 2023").
    problems: tuple[Found[str], ...] = ()

    @property
    def year(self) -> int | None:
        if self.issued_on is not None:
            return self.issued_on.value.year
        return self.start.value.year if self.start is not None else None

    def all_problems(self) -> list[Found[Any]]:
        found: list[Found[Any]] = list(self.problems)
        for name in ("number", "issued_on", "place", "title", "start", "end"):
            item = getattr(self, name)
            if item is not None and item.problem:
                found.append(item)
        for group in (self.phases, self.deadlines, self.schedules, self.targets):
            found.extend(item for item in group if item.problem)
        return found

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready: dates ISO, decimals as strings."""
        return _plain(dataclasses.asdict(self))

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ExtractedPlan:
        """The plan `as_dict` gave (e.g. kept in the session between upload and review)."""

        def found(item: dict[str, Any] | None, convert: Any) -> Found[Any] | None:
            if item is None:
                return None
            return Found(
                convert(item["value"]), item["source"], item["paragraph"], item.get("problem", "")
            )

        def many(name: str, convert: Any) -> tuple[Found[Any], ...]:
            return tuple(found(item, convert) for item in data.get(name, ()))  # type: ignore[misc]

        def text(value: str) -> str:
            return value

        def basis(value: dict[str, Any]) -> BasisLine:
            citations = tuple(
                Citation(c["kind"], c["number"], _date(c["issued_on"]), c["issuer"])
                for c in value["citations"]
            )
            return BasisLine(value["text"], citations)

        def participant(value: dict[str, Any]) -> Participant:
            return Participant(value["text"], value["participant_type"], tuple(value["unit_kinds"]))

        def phase(value: dict[str, Any]) -> ExtractedPhase:
            return ExtractedPhase(value["name"], _date(value["start"]), _date(value["end"]))

        def deadline(value: dict[str, Any]) -> ExtractedDeadline:
            return ExtractedDeadline(**{**value, "due": _date(value["due"])})

        def schedule(value: dict[str, Any]) -> ExtractedSchedule:
            return ExtractedSchedule(**{**value, "periods": tuple(value["periods"])})

        def target(value: dict[str, Any]) -> ExtractedTarget:
            return ExtractedTarget(**{**value, "value": Decimal(value["value"])})

        return cls(
            lines=tuple(data.get("lines", ())),
            number=found(data.get("number"), text),
            issued_on=found(data.get("issued_on"), _date),
            place=found(data.get("place"), text),
            issuing_body=found(data.get("issuing_body"), text),
            parent_body=found(data.get("parent_body"), text),
            doc_kind=found(data.get("doc_kind"), text),
            title=found(data.get("title"), text),
            start=found(data.get("start"), _date),
            end=found(data.get("end"), _date),
            basis=many("basis", basis),
            participants=many("participants", participant),
            phases=many("phases", phase),
            deadlines=many("deadlines", deadline),
            schedules=many("schedules", schedule),
            targets=many("targets", target),
            award_forms=many("award_forms", text),
            problems=many("problems", text),
        )


def _date(value: str | None) -> datetime.date | None:
    return datetime.date.fromisoformat(value) if value else None


def _plain(value: Any) -> Any:
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(item) for item in value]
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value
