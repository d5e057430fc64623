"""The top-left block of an official document: the parent body and the issuing body, broken
into lines where a clerk breaks them (Nghị định 30/2020/NĐ-CP, Phụ lục I, ô số 2).

A name is never split inside a place name or a proper name. By default:
- the issuing body's name breaks before its administrative-unit word ("ỦY BAN NHÂN DÂN /
  PHƯỜNG SÀI GÒN", "SỞ GIÁO DỤC VÀ ĐÀO TẠO / THÀNH PHỐ HỒ CHÍ MINH"); a name without one
  ("TRƯỜNG MẦM NON CÔ GIANG") is one line;
- the parent body is one line when it fits ("ỦY BAN NHÂN DÂN QUẬN 1", as seeds 002 and 003
  print it) and may break only before its administrative-unit word or between the words of its
  common part;
- the place ("THÀNH PHỐ HỒ CHÍ MINH") and the proper name at the end of a line ("CÔ GIANG")
  are kept together (no break inside them);
- a People's Committee (Ủy ban nhân dân) prints no parent body: its letterhead is its own
  name only, as the state format has it. A unit whose clerk typed its letterhead lines
  (`Unit.letterhead_parent_lines`, `Unit.letterhead_name_lines`) prints those lines as typed,
  a parent body of a People's Committee included: that is the one way to print one on purpose.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe

from core.text import fold

# The words that start a place name: after them comes the place's own name.
_ADMIN_WORDS = {"tỉnh", "quận", "huyện", "phường", "xã"}
_ADMIN_PAIRS = {("thành", "phố"), ("thị", "xã"), ("thị", "trấn"), ("đặc", "khu")}
# The kinds of unit that are People's Committees (units/migrations/0002_unit_kinds.py).
_COMMITTEE_KIND_PREFIX = "ubnd-"


def _is_proper(word: str) -> bool:
    """A word of a proper name or a number: "Sài", "Gòn", "1", "Hồ"."""
    return bool(word) and (word[0].isupper() or word[0].isdigit())


def _place_start(words: list[str], first: int = 1) -> int | None:
    """The index of the administrative-unit word that starts the name's place ("phường" in
    "Ủy ban nhân dân phường Sài Gòn"): the first one followed only by proper words, so
    "Xã hội" in "Phòng Văn hóa - Xã hội" is not a commune."""
    lower = [w.lower() for w in words]
    for index in range(first, len(words)):
        if (lower[index], lower[index + 1] if index + 1 < len(words) else "") in _ADMIN_PAIRS:
            after = index + 2
        elif lower[index] in _ADMIN_WORDS:
            after = index + 1
        else:
            continue
        if after < len(words) and all(_is_proper(w) for w in words[after:]):
            return index
    return None


@dataclass(frozen=True)
class Line:
    """One printed line: the words that may break inside it, then the words kept together."""

    free: str
    kept: str

    @property
    def html(self) -> SafeString:
        free, kept = conditional_escape(self.free), conditional_escape(self.kept)
        if not kept:
            return mark_safe(free)
        kept_html = f'<span class="keep">{kept}</span>'
        return mark_safe(f"{free} {kept_html}" if free else kept_html)

    def __str__(self) -> str:
        return " ".join(part for part in (self.free, self.kept) if part)


def _line(text: str) -> Line:
    """A line whose proper name at the end is kept together ("TRƯỜNG MẦM NON" + "CÔ GIANG";
    "ỦY BAN NHÂN DÂN" + "QUẬN 1" when the place is in it)."""
    words = unicodedata.normalize("NFC", text).split()
    start = _place_start(words, first=0)
    if start is None:
        start = len(words)
        while start > 1 and _is_proper(words[start - 1]):
            start -= 1
        if len(words) - start < 2:  # one word needs no keeping
            start = len(words)
    return Line(" ".join(words[:start]).upper(), " ".join(words[start:]).upper())


def name_lines(name: str) -> list[Line]:
    """The issuing body's name as printed: broken before its place, each part kept whole.
    "Ủy ban nhân dân phường Sài Gòn" → ["ỦY BAN NHÂN DÂN", "PHƯỜNG SÀI GÒN"]."""
    words = unicodedata.normalize("NFC", name or "").split()
    if not words:
        return []
    start = _place_start(words)
    if start is None:
        return [_line(" ".join(words))]
    return [_line(" ".join(words[:start])), _line(" ".join(words[start:]))]


def parent_lines(name: str) -> list[Line]:
    """The parent body as printed: one line, breaking (when it must) only before its place.
    "Ủy ban nhân dân Thành phố Hồ Chí Minh" → one line that wraps as "ỦY BAN NHÂN DÂN /
    THÀNH PHỐ HỒ CHÍ MINH" where the column is too narrow."""
    return [_line(name)] if (name or "").strip() else []


def typed_lines(text: str) -> list[Line]:
    """Lines as the clerk typed them, one per printed line."""
    return [_line(line) for line in (text or "").splitlines() if line.strip()]


def is_peoples_committee(name: str, kind_code: str = "") -> bool:
    """A People's Committee, by its kind or (for a body known only by name) its name."""
    return kind_code.startswith(_COMMITTEE_KIND_PREFIX) or fold(name).startswith(
        ("uy ban nhan dan", "ubnd ")
    )


@dataclass(frozen=True)
class Letterhead:
    parent: list[Line]
    body: list[Line]


def letterhead_from_names(parent_body: str, issuing_body: str) -> Letterhead:
    """The default letterhead of a body known only by its names."""
    parent = "" if is_peoples_committee(issuing_body) else parent_body
    return Letterhead(parent=parent_lines(parent), body=name_lines(issuing_body))


def unit_letterhead(unit) -> dict:
    """The letterhead keys of a document's context for `unit` (see documents/base.html):
    its names, and the lines printed (the clerk's own lines when set, else the default)."""
    # The kind when already loaded (no query for it); the name says it otherwise.
    kind_code = unit.kind.code if type(unit).kind.is_cached(unit) else ""
    if unit.letterhead_parent_lines.strip():
        parent = typed_lines(unit.letterhead_parent_lines)
    elif is_peoples_committee(unit.name, kind_code):
        parent = []
    else:
        parent = parent_lines(unit.parent_body_name)
    body = typed_lines(unit.letterhead_name_lines) or name_lines(unit.name)
    return {
        "parent_body": " ".join(str(line) for line in parent),
        "issuing_body": unit.name,
        "letterhead": Letterhead(parent=parent, body=body),
    }
