"""The legal texts the product cites, in one place: number, date, issuer, full title, when each
took effect and what replaced what. Every document, reason and page that names a law takes
the name from here (`citation` for a "Căn cứ" line, `short` elsewhere);
tests/documents/test_legal.py fails when a legal number is typed anywhere else in the code or
the templates, or when something cites a text no longer in force.

Facts come from ../shared/DOMAIN.md and the texts themselves. A fact not verified is None and
is left out of the printed line rather than guessed: Thông tư 15/2025/TT-BNV prints without
its day, month and title until they are confirmed (set them here then; `unconfirmed` says
what is missing).

Pure data and functions, no database; everything returned is printed, hence in Vietnamese.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from enum import StrEnum

from .formatting import vn_date_long


class Kind(StrEnum):
    LAW = "Luật"
    DECREE = "Nghị định"
    CIRCULAR = "Thông tư"
    DECISION = "Quyết định"
    LETTER = "Công văn"


@dataclass(frozen=True)
class LegalText:
    kind: Kind
    number: str  # "152/2025/NĐ-CP"
    issuer: str  # who signs it, as a "Căn cứ" line writes it: "Chính phủ", "Bộ trưởng Bộ Nội vụ"
    # What follows the number and date: a law's name ("Thi đua, khen thưởng"); a decree's
    # subject ("quy định về …", "về công tác văn thư"). None while not confirmed.
    title: str | None
    issued_on: datetime.date | None = None  # None: only the year (in the number) is known
    in_force_from: datetime.date | None = None
    supersedes: tuple[str, ...] = ()  # numbers of the texts it repealed or replaced
    superseded_by: str = ""  # number of the text that repealed or replaced it
    superseded_on: datetime.date | None = None  # the day it stopped being in force, if known
    unconfirmed: str = ""  # what is still to be verified, for whoever maintains this table

    @property
    def year(self) -> int:
        return int(self.number.split("/")[1])

    def in_force(self, on: datetime.date) -> bool:
        """In force on `on`: started, and not replaced (a replacement whose day is not
        known counts as done: every such date in the table lies in the past)."""
        started = self.in_force_from is None or self.in_force_from <= on
        ended = bool(self.superseded_by) and (
            self.superseded_on is None or self.superseded_on <= on
        )
        return started and not ended


def _d(day: int, month: int, year: int) -> datetime.date:
    return datetime.date(year, month, day)


# --- Emulation and awards ---------------------------------------------------------------------
LAW_EMULATION = LegalText(
    kind=Kind.LAW,
    number="06/2022/QH15",
    issuer="Quốc hội",
    title="Thi đua, khen thưởng",
    issued_on=_d(15, 6, 2022),
    in_force_from=_d(1, 1, 2024),
)
DECREE_EMULATION_2023 = LegalText(
    kind=Kind.DECREE,
    number="98/2023/NĐ-CP",
    issuer="Chính phủ",
    title=None,
    superseded_by="152/2025/NĐ-CP",
    superseded_on=_d(1, 7, 2025),
    unconfirmed="issue date and title",
)
DECREE_EMULATION_2024 = LegalText(
    kind=Kind.DECREE,
    number="28/2024/NĐ-CP",
    issuer="Chính phủ",
    title=None,
    superseded_by="152/2025/NĐ-CP",
    superseded_on=_d(1, 7, 2025),
    unconfirmed="issue date and title",
)
DECREE_EMULATION = LegalText(
    kind=Kind.DECREE,
    number="152/2025/NĐ-CP",
    issuer="Chính phủ",
    title=(
        "quy định về phân cấp, phân quyền trong lĩnh vực thi đua, khen thưởng; quy định chi "
        "tiết và hướng dẫn thi hành một số điều của Luật Thi đua, khen thưởng"
    ),
    issued_on=_d(14, 6, 2025),
    in_force_from=_d(1, 7, 2025),  # its Art. 59
    supersedes=("98/2023/NĐ-CP", "28/2024/NĐ-CP"),
)
CIRCULAR_EMULATION_2024 = LegalText(
    kind=Kind.CIRCULAR,
    number="01/2024/TT-BNV",
    issuer="Bộ trưởng Bộ Nội vụ",
    title=None,
    superseded_by="15/2025/TT-BNV",
    unconfirmed="issue date, title, and the day Thông tư 15/2025/TT-BNV replaced it",
)
CIRCULAR_EMULATION = LegalText(
    kind=Kind.CIRCULAR,
    number="15/2025/TT-BNV",
    issuer="Bộ trưởng Bộ Nội vụ",
    title=None,
    supersedes=("01/2024/TT-BNV",),
    unconfirmed="issue date (early 8/2025 per DOMAIN.md), in-force date and title",
)
LETTER_INITIATIVE_ONCE = LegalText(
    kind=Kind.LETTER,
    number="5007/BNV-TĐKT",
    issuer="Bộ Nội vụ",
    title=None,
    unconfirmed="date (2023), title, and whether still current under the 2025 texts",
)
DECREE_COMMUNE_POWERS = LegalText(
    kind=Kind.DECREE,
    number="129/2025/NĐ-CP",
    issuer="Chính phủ",
    title=None,
    unconfirmed="issue date and title",
)
DECREE_COMMUNE_OFFICES = LegalText(
    kind=Kind.DECREE,
    number="150/2025/NĐ-CP",
    issuer="Chính phủ",
    title=None,
    unconfirmed="issue date and title",
)

# --- Official documents -----------------------------------------------------------------------
DECREE_CLERICAL_WORK = LegalText(
    kind=Kind.DECREE,
    number="30/2020/NĐ-CP",
    issuer="Chính phủ",
    title="về công tác văn thư",
    issued_on=_d(5, 3, 2020),
    in_force_from=_d(5, 3, 2020),
)

# --- Personal data ----------------------------------------------------------------------------
LAW_IDENTITY = LegalText(
    kind=Kind.LAW,
    number="26/2023/QH15",
    issuer="Quốc hội",
    title="Căn cước",
    issued_on=_d(27, 11, 2023),
    in_force_from=_d(1, 7, 2024),
)
DECREE_PERSONAL_DATA_2023 = LegalText(
    kind=Kind.DECREE,
    number="13/2023/NĐ-CP",
    issuer="Chính phủ",
    title="về bảo vệ dữ liệu cá nhân",
    issued_on=_d(17, 4, 2023),
    superseded_by="356/2025/NĐ-CP",
    superseded_on=_d(1, 1, 2026),
)
LAW_PERSONAL_DATA = LegalText(
    kind=Kind.LAW,
    number="91/2025/QH15",
    issuer="Quốc hội",
    title="Bảo vệ dữ liệu cá nhân",
    issued_on=_d(26, 6, 2025),
    in_force_from=_d(1, 1, 2026),
)
DECREE_PERSONAL_DATA = LegalText(
    kind=Kind.DECREE,
    number="356/2025/NĐ-CP",
    issuer="Chính phủ",
    title=None,
    issued_on=_d(31, 12, 2025),
    in_force_from=_d(1, 1, 2026),
    supersedes=("13/2023/NĐ-CP",),
    unconfirmed="the exact wording of its title (it details the Law on personal data)",
)

TEXTS: tuple[LegalText, ...] = (
    LAW_EMULATION,
    DECREE_EMULATION_2023,
    DECREE_EMULATION_2024,
    DECREE_EMULATION,
    CIRCULAR_EMULATION_2024,
    CIRCULAR_EMULATION,
    LETTER_INITIATIVE_ONCE,
    DECREE_COMMUNE_POWERS,
    DECREE_COMMUNE_OFFICES,
    DECREE_CLERICAL_WORK,
    LAW_IDENTITY,
    DECREE_PERSONAL_DATA_2023,
    LAW_PERSONAL_DATA,
    DECREE_PERSONAL_DATA,
)
BY_NUMBER = {text.number: text for text in TEXTS}

# What the award documents (Tờ trình, Quyết định) and an emulation plan cite first.
AWARD_BASES: tuple[LegalText, ...] = (LAW_EMULATION, DECREE_EMULATION, CIRCULAR_EMULATION)
# What the product's handling of personal data follows (masked numbers, logged views).
PERSONAL_DATA_BASES: tuple[LegalText, ...] = (LAW_PERSONAL_DATA, DECREE_PERSONAL_DATA)


def short(text: LegalText) -> str:
    """How a sentence names the text: "Nghị định 152/2025/NĐ-CP", "Thông tư 15/2025/TT-BNV",
    a law by name and number: "Luật Thi đua, khen thưởng số 06/2022/QH15"."""
    if text.kind == Kind.LAW:
        return f"Luật {text.title} số {text.number}"
    return f"{text.kind} {text.number}"


def issued(text: LegalText) -> str:
    """ "ngày 14 tháng 6 năm 2025"; empty when the day is not known (the number says the
    year)."""
    return f"ngày {vn_date_long(text.issued_on)}" if text.issued_on else ""


def citation(text: LegalText) -> str:
    """The "Căn cứ" line of a decision or submission, with its semicolon:

    - a law by name and date: "Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022;";
    - any other text by kind, number, date, issuer and title: "Căn cứ Nghị định số
      152/2025/NĐ-CP ngày 14 tháng 6 năm 2025 của Chính phủ quy định về …;". A date or title
      not confirmed is left out, never guessed.
    """
    if text.kind == Kind.LAW:
        when = issued(text) or f"số {text.number}"
        return f"Căn cứ Luật {text.title} {when};"
    parts = [f"Căn cứ {text.kind} số {text.number}", issued(text), f"của {text.issuer}"]
    if text.title:
        parts.append(text.title)
    return " ".join(part for part in parts if part) + ";"


def citations(texts: tuple[LegalText, ...] = AWARD_BASES) -> list[str]:
    """The "Căn cứ" lines of `texts`, in order."""
    return [citation(text) for text in texts]


def superseded_as_of(on: datetime.date) -> list[LegalText]:
    """The texts of the table no longer in force on `on`: nothing should cite them."""
    return [text for text in TEXTS if text.superseded_by and not text.in_force(on)]
