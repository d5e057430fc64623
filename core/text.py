"""Accent-insensitive matching for Vietnamese: "truong mam non co giang" finds
"Trường Mầm non Cô Giang"; slugs and codes from Vietnamese names."""

import re
import unicodedata


def fold(text: str) -> str:
    """Lower case, without diacritics (đ → d), single spaces."""
    decomposed = unicodedata.normalize("NFD", (text or "").replace("đ", "d").replace("Đ", "D"))
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(stripped.casefold().split())


def slugify_vi(text: str, max_length: int | None = None) -> str:
    """A slug or code from a Vietnamese name: "Phường Sài Gòn" → "phuong-sai-gon" (Django's
    `slugify` drops the letters with diacritics it cannot decompose, đ among them, and its
    admin's JavaScript drops every accented letter: "phng-sai-gon")."""
    slug = re.sub(r"[^a-z0-9]+", "-", fold(text)).strip("-")
    if max_length is not None:
        slug = slug[:max_length].rstrip("-")
    return slug
