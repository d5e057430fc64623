"""Accent-insensitive matching for Vietnamese: "truong mam non co giang" finds
"Trường Mầm non Cô Giang"."""

import unicodedata


def fold(text: str) -> str:
    """Lower case, without diacritics (đ → d), single spaces."""
    decomposed = unicodedata.normalize("NFD", (text or "").replace("đ", "d").replace("Đ", "D"))
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(stripped.casefold().split())
