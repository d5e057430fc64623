"""Template filters for official documents: `{% load documents %}`."""

import datetime

from django import template

from documents import formatting

register = template.Library()


@register.filter
def vn_date(value: datetime.date | None) -> str:
    """`{{ d|vn_date }}` → "ngày 05 tháng 01 năm 2024"; empty for no date."""
    return formatting.vn_date(value) if value else ""


@register.filter
def vn_date_long(value: datetime.date | None) -> str:
    """`{{ d|vn_date_long }}` → "05 tháng 01 năm 2024"; empty for no date."""
    return formatting.vn_date_long(value) if value else ""


@register.filter
def vn_date_short(value: datetime.date | None) -> str:
    """`{{ d|vn_date_short }}` → "16/9/2023"; empty for no date."""
    return formatting.vn_date_short(value) if value else ""


@register.filter
def roman(value: int) -> str:
    """`{{ forloop.counter|roman }}` → "IV"."""
    return formatting.roman(int(value))


@register.filter
def upper_vn(value) -> str:
    """Upper case with every Vietnamese diacritic kept ("Trường Mầm non" → "TRƯỜNG MẦM NON")."""
    return str(value or "").upper()


@register.filter
def recipient_lines(value) -> list[str]:
    """A list of recipients as printed lines, each "- ...;" and the last ending with "."."""
    return formatting.recipient_lines(list(value or []))


@register.simple_tag
def legal_short(name: str) -> str:
    """`{% legal_short "LAW_PERSONAL_DATA" %}` → "Luật Bảo vệ dữ liệu cá nhân số …": a text of
    the registry (documents.legal) by its name there, so no template types a legal number."""
    from documents import legal

    text = getattr(legal, name)
    if not isinstance(text, legal.LegalText):
        raise template.TemplateSyntaxError(f"{name!r} is not a text of documents.legal")
    return legal.short(text)


@register.simple_tag
def default_letterhead(parent_body, issuing_body):
    """`{% default_letterhead parent_body issuing_body as letterhead %}`: the printed lines of
    a document whose context gives only the two names (documents.letterhead)."""
    from documents.letterhead import letterhead_from_names

    return letterhead_from_names(str(parent_body or ""), str(issuing_body or ""))
