"""Official documents as editable Word files (.docx), from the very HTML their PDF is made of.

`render_docx(template, context)` renders the same template as `render_pdf` and converts its
HTML into a python-docx document in the state format (Nghị định 30/2020/NĐ-CP): A4, margins
20/20/30/15 mm, Times New Roman, the letterhead, Nơi nhận and signature block as borderless
two-column tables, data tables (lists, annexes) as Word tables with borders, page numbers
from page 2, "DỰ THẢO" in the header of a draft. Both outputs thus carry the same words: the
template is the one source. `render_docx_bundle(parts)` puts several documents one after the
other, each in its own section (a new page, its own letterhead, page numbers from 1), as
`render_pdf_bundle` does.

The conversion knows the classes of "documents/base.html" and the document templates (the
`_RULES` table mirrors static/css/nd30.css) and a few inline styles (text-align, font-weight,
font-style, text-indent); column widths and table font sizes are read from the stylesheet and
the templates' own <style> blocks. A digital-signature box is left out: the Word file is the
copy a clerk edits before the head signs it.
"""

from __future__ import annotations

import io
import re
from copy import deepcopy
from dataclasses import dataclass, field, replace
from pathlib import Path

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from docx import Document
from docx.enum.section import WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK, WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from lxml import html as lxml_html

from .rendering import STYLESHEET

FONT = "Times New Roman"
PAGE_WIDTH, PAGE_HEIGHT = Mm(210), Mm(297)
MARGIN_TOP, MARGIN_BOTTOM, MARGIN_LEFT, MARGIN_RIGHT = Mm(20), Mm(20), Mm(30), Mm(15)
TEXT_WIDTH_MM = 210 - 30 - 15
# CSS line-height is a multiple of the font size; Word's "single" is about 1.15 of it.
WORD_SINGLE = 1.15

_ALIGN = {
    "left": WD_ALIGN_PARAGRAPH.LEFT,
    "center": WD_ALIGN_PARAGRAPH.CENTER,
    "right": WD_ALIGN_PARAGRAPH.RIGHT,
    "justify": WD_ALIGN_PARAGRAPH.JUSTIFY,
}
_BLOCK_TAGS = {"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "table", "ul", "ol", "li"}


@dataclass(frozen=True)
class Style:
    """What an element's text looks like: the inherited properties, then the paragraph's."""

    size: float = 14
    bold: bool = False
    italic: bool = False
    underline: bool = False
    upper: bool = False
    pre: str = ""  # "pre" keeps spaces, "pre-line" keeps line breaks
    align: str = "left"
    line_height: float = 1.3
    # Paragraph-only (not inherited).
    indent_first: float = 0  # cm
    indent_left: float = 0  # cm
    space_before: float = 0  # pt
    space_after: float = 0  # pt
    rule_after: bool = False  # a short centred rule under the paragraph (name, trích yếu)
    keep_with_next: bool = False


_INHERITED = ("size", "bold", "italic", "underline", "upper", "pre", "align", "line_height")


@dataclass(frozen=True)
class Rule:
    """A CSS rule of nd30.css: `tag.cls` inside an element of class `within`."""

    tag: str | None = None
    cls: str | None = None
    within: str | None = None
    props: dict = field(default_factory=dict)


_BODY_TEXT = {"size": 14, "align": "justify", "indent_first": 1.27, "space_after": 6}
# static/css/nd30.css, as Word paragraph and run properties; later rules win.
_RULES = [
    Rule("body", props={"size": 14, "line_height": 1.3}),
    Rule("table", "letterhead", props={"align": "center", "line_height": 1.15}),
    Rule(cls="parent-body", props={"size": 12.5, "upper": True}),
    Rule(cls="issuing-body", props={"size": 12.5, "bold": True, "upper": True, "rule_after": True}),
    Rule(cls="number", props={"size": 13}),
    Rule(cls="number-blank", props={"pre": "pre"}),
    Rule(cls="letter-summary", props={"size": 12, "space_before": 3}),
    Rule(cls="national-title", props={"size": 12.5, "bold": True}),
    Rule(cls="motto", props={"size": 13.5, "bold": True}),
    Rule("span", within="motto", props={"underline": True}),
    Rule(cls="place-date", props={"size": 13.5, "italic": True, "space_before": 6}),
    Rule("tr", "letterhead-numbers", props={"space_before": 6}),
    Rule(cls="national-heading", props={"align": "center", "line_height": 1.15}),
    Rule(cls="doc-heading", props={"align": "center", "line_height": 1.2}),
    Rule(cls="doc-title", props={"size": 14, "bold": True, "upper": True, "space_before": 18}),
    Rule(cls="summary", props={"size": 14, "bold": True, "rule_after": True, "space_after": 12}),
    Rule(cls="kinh-gui", props={"size": 14, "space_after": 12}),
    Rule("p", "single", within=None, props={"align": "center"}),
    Rule("p", within="doc-body", props=_BODY_TEXT),
    Rule("h2", within="doc-body", props={**_BODY_TEXT, "bold": True, "keep_with_next": True}),
    Rule("h3", within="doc-body", props={**_BODY_TEXT, "bold": True, "keep_with_next": True}),
    Rule("h4", within="doc-body", props={**_BODY_TEXT, "italic": True, "keep_with_next": True}),
    Rule("p", "no-indent", props={"indent_first": 0}),
    Rule("p", "basis", props={"italic": True}),
    Rule("p", "section", props={"bold": True, "indent_first": 0, "keep_with_next": True}),
    Rule("p", "vote-heading", props={"bold": True, "italic": True, "keep_with_next": True}),
    Rule("p", "member", props={"indent_first": 0, "indent_left": 1.27, "space_after": 2}),
    Rule("p", "annex-line", props={"italic": True, "align": "center", "indent_first": 0}),
    Rule("p", "preserve", props={"pre": "pre-line"}),
    Rule("p", "authority-line", props={"bold": True, "align": "center", "indent_first": 0}),
    Rule("p", "decides", props={"bold": True, "align": "center", "indent_first": 0}),
    Rule("table", "data", props={"size": 13, "line_height": 1.2, "align": "left"}),
    Rule("th", props={"bold": True, "align": "center"}),
    Rule("td", "stt", props={"align": "center"}),
    Rule("td", "num", props={"align": "center"}),
    Rule("td", "year", props={"align": "center"}),
    Rule("td", "kind", props={"align": "center"}),
    Rule("td", "group", props={"bold": True}),
    Rule("td", "recipients", props={"line_height": 1.1, "align": "left"}),
    Rule("td", "signature", props={"align": "center", "line_height": 1.2}),
    Rule(cls="recipients-title", props={"size": 12, "bold": True, "italic": True}),
    Rule(cls="recipient", props={"size": 11}),
    Rule(cls="signer-authority", props={"size": 14, "bold": True, "upper": True}),
    Rule(cls="signer-position", props={"size": 14, "bold": True, "upper": True}),
    Rule(cls="signer-name", props={"size": 14, "bold": True}),
    Rule("table", "two-signatures", props={"align": "center"}),
    Rule("td", within="profile", props={"align": "left"}),
    Rule("strong", props={"bold": True}),
    Rule("b", props={"bold": True}),
    Rule("em", props={"italic": True}),
    Rule("i", props={"italic": True}),
    Rule("u", props={"underline": True}),
]
# Paragraph properties a child does not inherit.
_PARAGRAPH_ONLY = {f for f in Style.__dataclass_fields__ if f not in _INHERITED}
_SKIPPED_CLASSES = {"e-signature"}
# The signature space (28 mm): empty lines of the signer's size.
_SIGNATURE_SPACE_LINES = 4
# Borderless tables and the share of the text width of each column.
_LAYOUT_TABLES = {
    "letterhead": [45, 55],
    "closing": [45, 55],
    "two-signatures": [50, 50],
    "profile": [40, 60],
}


def _classes(element) -> set[str]:
    return set((element.get("class") or "").split())


def _ignored(element) -> bool:
    """A comment, a style sheet, or a digital signature's box. (libxml2 does not know <wbr>
    is empty and puts the text after it inside it: it stays an inline element.)"""
    if not isinstance(element.tag, str) or element.tag in ("style", "script", "head"):
        return True
    return bool(_classes(element) & _SKIPPED_CLASSES)


def _inline_style(element) -> dict:
    """The few inline declarations the templates use."""
    props: dict = {}
    for declaration in (element.get("style") or "").split(";"):
        name, _, value = (part.strip().lower() for part in declaration.partition(":"))
        if name == "text-align" and value in _ALIGN:
            props["align"] = value
        elif name == "font-weight":
            props["bold"] = value in ("bold", "bolder", "600", "700", "800", "900")
        elif name == "font-style":
            props["italic"] = value == "italic"
        elif name == "text-indent" and value in ("0", "0cm", "0pt", "0mm"):
            props["indent_first"] = 0
    return props


_WITHIN = frozenset(rule.within for rule in _RULES if rule.within)
_styles: dict[tuple, Style] = {}


def _style_of(element, parent: Style, ancestors: set[str]) -> Style:
    """The element's style: the parent's inherited properties, then the matching rules."""
    key = (
        element.tag,
        element.get("class"),
        element.get("style"),
        parent,
        frozenset(ancestors & _WITHIN),
    )
    if key not in _styles:
        _styles[key] = _computed_style(element, parent, ancestors)
    return _styles[key]


def _computed_style(element, parent: Style, ancestors: set[str]) -> Style:
    style = replace(parent, **{name: getattr(Style(), name) for name in _PARAGRAPH_ONLY})
    classes = _classes(element)
    props: dict = {}
    for rule in _RULES:
        if rule.tag is not None and rule.tag != element.tag:
            continue
        if rule.cls is not None and rule.cls not in classes:
            continue
        if rule.within is not None and rule.within not in ancestors:
            continue
        props.update(rule.props)
    props.update(_inline_style(element))
    return replace(style, **props)


# --- Column widths and table font sizes, from the stylesheet and the templates' <style> ---

_COL_WIDTH = re.compile(r"table\.([\w-]+)\s+col\.([\w-]+)\s*\{\s*width:\s*([\d.]+)%")
_TABLE_SIZE = re.compile(r"table\.([\w-]+)\s*\{[^}]*?font-size:\s*([\d.]+)pt")


@dataclass
class _Sheet:
    widths: dict[tuple[str, str], float]
    sizes: dict[str, float]

    @classmethod
    def parse(cls, css: str) -> _Sheet:
        css = re.sub(r"/\*.*?\*/", "", css, flags=re.S)
        widths = {(t, c): float(w) for t, c, w in _COL_WIDTH.findall(css)}
        sizes = {t: float(s) for t, s in _TABLE_SIZE.findall(css)}
        return cls(widths, sizes)

    def merged(self, other: _Sheet) -> _Sheet:
        return _Sheet({**self.widths, **other.widths}, {**self.sizes, **other.sizes})


_base_sheet: _Sheet | None = None


def _stylesheet() -> _Sheet:
    global _base_sheet
    if _base_sheet is None:
        path = finders.find(STYLESHEET)
        _base_sheet = _Sheet.parse(Path(path).read_text(encoding="utf-8") if path else "")
    return _base_sheet


# --- Inline content: runs of text with their style ---


@dataclass
class _Run:
    text: str
    style: Style
    br: bool = False


def _inline_runs(element, style: Style, ancestors: set[str], runs: list[_Run]) -> None:
    """The runs of `element`'s text and inline children (not its tail)."""
    if element.text:
        runs.append(_Run(element.text, style))
    for child in element:
        if child.tag == "br":
            runs.append(_Run("", style, br=True))
        elif _ignored(child):
            pass
        else:
            child_style = _style_of(child, style, ancestors)
            if child.tag == "small":
                child_style = replace(child_style, size=child_style.size - 2)
            _inline_runs(child, child_style, ancestors | _classes(child), runs)
        if child.tail:
            runs.append(_Run(child.tail, style))


def _normalised(runs: list[_Run]) -> list[_Run]:
    """HTML white space: collapsed, and trimmed at the paragraph's ends and around breaks,
    except where the style keeps it."""
    out: list[_Run] = []
    for run in runs:
        if run.br:
            out.append(run)
            continue
        text = run.text
        if run.style.pre == "pre":
            pass
        elif run.style.pre == "pre-line":
            parts = [re.sub(r"[ \t\r\f\v]+", " ", line).strip() for line in text.split("\n")]
            for index, part in enumerate(parts):
                if index:
                    out.append(_Run("", run.style, br=True))
                if part:
                    out.append(_Run(part, run.style))
            continue
        else:
            text = re.sub(r"\s+", " ", text)
        if run.style.upper:
            text = text.upper()
        out.append(_Run(text, run.style))
    # Trim: no space at a line's start or end, none doubled across runs.
    result: list[_Run] = []
    at_line_start = True
    for run in out:
        if run.br:
            if result and not result[-1].br and run.style.pre != "pre":
                result[-1].text = result[-1].text.rstrip(" ")
            result.append(run)
            at_line_start = True
            continue
        text = run.text
        after_space = result and not result[-1].br and result[-1].text.endswith(" ")
        if run.style.pre != "pre" and (at_line_start or after_space):
            text = text.lstrip(" ")
        if text:
            result.append(_Run(text, run.style))
            at_line_start = False
    while result and not result[-1].br and result[-1].style.pre != "pre":
        result[-1].text = result[-1].text.rstrip(" ")
        if result[-1].text:
            break
        result.pop()
    return result


# --- Writing paragraphs and tables ---


# python-docx builds each property element from a parsed snippet (slow: most of a render's
# time); the properties of each distinct style are built once and copied.
_run_properties: dict[tuple, object] = {}
_paragraph_properties: dict[tuple, object] = {}


def _add_run(paragraph, text: str, style: Style) -> None:
    key = (style.size, style.bold, style.italic, style.underline)
    if key not in _run_properties:
        run = Document().add_paragraph().add_run(" ")  # w:t with xml:space="preserve"
        font = run.font
        font.size = Pt(style.size)
        font.bold = style.bold or None
        font.italic = style.italic or None
        font.underline = style.underline or None
        _run_properties[key] = run._r
    run = deepcopy(_run_properties[key])
    run[-1].text = text
    paragraph._p.append(run)


def _paragraph_format(paragraph, style: Style) -> None:
    key = (
        style.align,
        style.indent_first,
        style.indent_left,
        style.space_before,
        style.space_after,
        style.line_height,
        style.keep_with_next,
    )
    if key not in _paragraph_properties:
        model = Document().add_paragraph()
        fmt = model.paragraph_format
        model.alignment = _ALIGN.get(style.align)
        fmt.first_line_indent = Mm(style.indent_first * 10) if style.indent_first else None
        fmt.left_indent = Mm(style.indent_left * 10) if style.indent_left else None
        fmt.space_before = Pt(style.space_before)
        fmt.space_after = Pt(style.space_after)
        fmt.line_spacing = round(style.line_height / WORD_SINGLE, 2)
        if style.keep_with_next:
            fmt.keep_with_next = True
        _paragraph_properties[key] = model._p.pPr
    old = paragraph._p.pPr
    if old is not None:
        paragraph._p.remove(old)
    paragraph._p.insert(0, deepcopy(_paragraph_properties[key]))


def _short_rule(paragraph, width_pt: float, runs: list[_Run], style: Style) -> None:
    """A rule 40 % as long as the text, centred under it: a bottom border on an empty
    paragraph indented from both sides of its column."""
    lines = "".join("\n" if r.br else r.text for r in runs).split("\n")
    # Times' average advance: about 0.7 em for a capital, 0.5 em for anything else.
    longest = max((sum(0.7 if c.isupper() else 0.5 for c in line) for line in lines), default=0)
    text_pt = min(width_pt, longest * style.size)
    rule_pt = max(text_pt * 0.4, 24)
    side = max((width_pt - rule_pt) / 2, 0)
    fmt = paragraph.paragraph_format
    fmt.left_indent = Pt(side)
    fmt.right_indent = Pt(side)
    fmt.space_before = Pt(0)
    fmt.space_after = Pt(style.space_after)
    fmt.line_spacing = Pt(4)
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("val", "single"), ("sz", "6"), ("space", "1"), ("color", "000000")):
        bottom.set(qn(f"w:{key}"), value)
    borders.append(bottom)
    paragraph._p.get_or_add_pPr().append(borders)


class _Writer:
    """Writes the blocks of one document into a python-docx container (the body or a cell)."""

    def __init__(self, sheet: _Sheet):
        self.sheet = sheet
        self.space_after_table = 0.0  # a list's bottom margin, given to what follows

    def flow(self, container, element, style: Style, ancestors: set[str], width_pt: float):
        """`element`'s children as paragraphs and tables in `container` (text outside a
        block becomes a paragraph of its own)."""
        pending: list[_Run] = []
        wrote = False
        if element.text:
            pending.append(_Run(element.text, style))
        for child in element:
            if _ignored(child):
                pass
            elif child.tag in _BLOCK_TAGS:
                wrote |= self._paragraph(container, pending, style, width_pt)
                pending = []
                wrote |= self.block(container, child, style, ancestors, width_pt)
            elif child.tag == "br":
                pending.append(_Run("", style, br=True))
            else:
                child_style = _style_of(child, style, ancestors)
                _inline_runs(child, child_style, ancestors | _classes(child), pending)
            if child.tail:
                pending.append(_Run(child.tail, style))
        wrote |= self._paragraph(container, pending, style, width_pt)
        return wrote

    def block(self, container, element, parent: Style, ancestors: set[str], width_pt: float):
        style = _style_of(element, parent, ancestors)
        classes = _classes(element)
        inner = ancestors | classes
        if element.tag == "table":
            self.table(container, element, style, inner, width_pt)
            self.space_after_table = 6 if "data" in inner else 0
            return True
        if "signature-space" in classes:
            for _ in range(_SIGNATURE_SPACE_LINES):
                self._paragraph(container, [_Run("", style)], style, width_pt, empty_ok=True)
            return True
        if any(child.tag in _BLOCK_TAGS for child in element if isinstance(child.tag, str)):
            return self.flow(container, element, style, inner, width_pt)
        runs: list[_Run] = []
        _inline_runs(element, style, inner, runs)
        return self._paragraph(container, runs, style, width_pt)

    def _paragraph(self, container, runs, style: Style, width_pt, *, empty_ok=False) -> bool:
        runs = _normalised(runs)
        if not runs and not empty_ok:
            return False
        if self.space_after_table:
            style = replace(style, space_before=max(style.space_before, self.space_after_table))
            self.space_after_table = 0
        paragraph = container.add_paragraph()
        _paragraph_format(paragraph, style)
        for item in runs:
            if item.br:
                paragraph.add_run().add_break(WD_BREAK.LINE)
            else:
                _add_run(paragraph, item.text, item.style)
        if style.rule_after:  # the space after goes under the rule
            paragraph.paragraph_format.space_after = Pt(0)
            _short_rule(container.add_paragraph(), width_pt, runs, style)
        return True

    # Tables

    def table(self, container, element, style: Style, classes: set[str], width_pt: float):
        rows = element.xpath("./tr | ./thead/tr | ./tbody/tr | ./tfoot/tr")
        grid = _grid(rows)
        if not grid:
            return
        count = max(len(line) for line in grid)
        layout = next((name for name in _LAYOUT_TABLES if name in classes), None)
        bordered = "data" in classes
        percents = self._widths(element, classes, count, layout)
        total_mm = TEXT_WIDTH_MM
        indent_mm = 0.0
        if "letterhead" in classes:  # 5 mm into each margin, as the PDF has it
            total_mm, indent_mm = TEXT_WIDTH_MM + 10, -5
        style = replace(style, size=self._table_size(classes, style))
        if _ends_with_table(container):
            # Word and LibreOffice join tables that touch (a list and the signatures below
            # it would share their borders): a short empty paragraph keeps them apart.
            self._paragraph(container, [], Style(line_height=0.6), width_pt, empty_ok=True)
        table = container.add_table(rows=len(grid), cols=count)
        table.autofit = False
        widths = [Mm(total_mm * p / 100) for p in percents]
        _table_properties(table, total_mm, indent_mm, bordered)
        if "kinh-gui" in classes:
            table.alignment = WD_TABLE_ALIGNMENT.CENTER
        for index, column in enumerate(table.columns):
            column.width = widths[index]
        # Merge the spanning cells first, then read the cells once (python-docx's
        # `table.cell` reads them all on each call: quadratic on a list of 3,000 rows).
        spans = {}
        for r, line in enumerate(grid):
            for c, slot in enumerate(line):
                if slot is not None and id(slot.td) not in spans:
                    spans[id(slot.td)] = (r, c, slot)
        for r, c, slot in spans.values():
            if slot.rows > 1 or slot.cols > 1:
                table.cell(r, c).merge(table.cell(r + slot.rows - 1, c + slot.cols - 1))
        cells = table._cells
        tr_styles = [_style_of(tr, style, classes) for tr in rows]
        for r, c, slot in spans.values():
            cell = cells[r * count + c]
            _cell_width(cell, sum(widths[c : c + slot.cols]))
            tr_style = tr_styles[r]
            td_style = _style_of(slot.td, tr_style, classes)
            if not bordered and tr_style.space_before:
                td_style = replace(td_style, space_before=tr_style.space_before)
            cell_width_pt = sum(widths[c : c + slot.cols]) / 12700
            self._cell(cell, slot.td, td_style, classes | _classes(slot.td), cell_width_pt)

    def _cell(self, cell, td, style: Style, classes: set[str], width_pt: float):
        blocks = any(child.tag in _BLOCK_TAGS for child in td if isinstance(child.tag, str))
        first = cell.paragraphs[0]
        if blocks:
            # Space before the row (the letterhead's second row) goes to its first paragraph.
            self.flow(cell, td, replace(style, space_before=0), classes, width_pt)
            paragraphs = cell.paragraphs
            if len(paragraphs) > 1:
                first._p.getparent().remove(first._p)
                if style.space_before:
                    cell.paragraphs[0].paragraph_format.space_before = Pt(style.space_before)
            return
        runs: list[_Run] = []
        _inline_runs(td, style, classes, runs)
        runs = _normalised(runs)
        _paragraph_format(first, replace(style, space_after=0))
        for item in runs:
            if item.br:
                first.add_run().add_break(WD_BREAK.LINE)
            else:
                _add_run(first, item.text, item.style)

    def _widths(self, element, classes, count, layout) -> list[float]:
        if layout is not None and len(_LAYOUT_TABLES[layout]) == count:
            return list(_LAYOUT_TABLES[layout])
        cols = element.findall(".//col")
        given: list[float | None] = []
        for col in cols[:count]:
            width = None
            match = re.search(r"width:\s*([\d.]+)%", col.get("style") or "")
            if match:
                width = float(match.group(1))
            else:
                for table_cls in classes:
                    for col_cls in _classes(col):
                        width = self.sheet.widths.get((table_cls, col_cls), width)
            given.append(width)
        given += [None] * (count - len(given))
        known = sum(w for w in given if w is not None)
        unknown = given.count(None)
        rest = max(100 - known, 0) / unknown if unknown else 0
        widths = [w if w is not None else rest for w in given]
        if not any(widths):
            widths = [100 / count] * count
        scale = 100 / sum(widths)
        return [w * scale for w in widths]

    def _table_size(self, classes: set[str], style: Style) -> float:
        specific = [self.sheet.sizes[c] for c in classes if c in self.sheet.sizes and c != "data"]
        if specific:
            return min(specific)
        return self.sheet.sizes.get("data", style.size) if "data" in classes else style.size


def _ends_with_table(container) -> bool:
    element = container.element.body if hasattr(container, "element") else container._tc
    last = [child for child in element if child.tag not in (qn("w:sectPr"), qn("w:tcPr"))]
    return bool(last) and last[-1].tag == qn("w:tbl")


@dataclass
class _Slot:
    td: object
    rows: int
    cols: int


def _grid(rows) -> list[list[_Slot | None]]:
    """Each row's slots, a cell spanning rows or columns filling every slot it covers."""
    grid: list[list[_Slot | None]] = [[] for _ in rows]
    for r, tr in enumerate(rows):
        c = 0
        for td in tr:
            if not isinstance(td.tag, str) or td.tag not in ("td", "th"):
                continue
            while c < len(grid[r]) and grid[r][c] is not None:
                c += 1
            slot = _Slot(td, int(td.get("rowspan") or 1), int(td.get("colspan") or 1))
            for dr in range(slot.rows):
                if r + dr >= len(grid):
                    break
                line = grid[r + dr]
                while len(line) < c + slot.cols:
                    line.append(None)
                for dc in range(slot.cols):
                    line[c + dc] = slot
            c += slot.cols
    return grid


def _border_element(tag: str, val: str) -> OxmlElement:
    border = OxmlElement(f"w:{tag}")
    border.set(qn("w:val"), val)
    if val != "nil":
        border.set(qn("w:sz"), "6")
        border.set(qn("w:space"), "0")
        border.set(qn("w:color"), "000000")
    return border


_TBL_PR_ORDER = [
    f"w:{name}"
    for name in [
        "tblStyle",
        "tblpPr",
        "tblOverlap",
        "bidiVisual",
        "tblStyleRowBandSize",
        "tblStyleColBandSize",
        "tblW",
        "jc",
        "tblCellSpacing",
        "tblInd",
        "tblBorders",
        "shd",
        "tblLayout",
        "tblCellMar",
        "tblLook",
    ]
]


def _table_properties(table, total_mm: float, indent_mm: float, bordered: bool) -> None:
    """Width, indent, borders (a list's) or none, fixed layout and cell margins, in the
    schema's order (LibreOffice drops properties out of it)."""
    tbl_pr = table._tbl.tblPr
    for tag in ("w:tblW", "w:tblInd", "w:tblBorders", "w:tblLayout", "w:tblCellMar"):
        for old in tbl_pr.findall(qn(tag)):
            tbl_pr.remove(old)
    width = OxmlElement("w:tblW")
    width.set(qn("w:w"), str(int(total_mm / 25.4 * 1440)))
    width.set(qn("w:type"), "dxa")
    tbl_pr.append(width)
    if indent_mm:
        indent = OxmlElement("w:tblInd")
        indent.set(qn("w:w"), str(int(indent_mm / 25.4 * 1440)))
        indent.set(qn("w:type"), "dxa")
        tbl_pr.append(indent)
    borders = OxmlElement("w:tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        borders.append(_border_element(side, "single" if bordered else "nil"))
    tbl_pr.append(borders)
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    tbl_pr.append(layout)
    # A list's cells: 2 pt above and below, 4 pt each side (nd30.css); a layout table's
    # none, so its text lines up with the page's as in the PDF.
    margins = OxmlElement("w:tblCellMar")
    for side, twips in (("top", 40), ("left", 80), ("bottom", 40), ("right", 80)):
        margin = OxmlElement(f"w:{side}")
        margin.set(qn("w:w"), str(twips if bordered else 0))
        margin.set(qn("w:type"), "dxa")
        margins.append(margin)
    tbl_pr.append(margins)
    order = {qn(tag): index for index, tag in enumerate(_TBL_PR_ORDER)}
    children = sorted(tbl_pr, key=lambda child: order.get(child.tag, len(order)))
    for child in children:
        tbl_pr.append(child)  # moves it: the children end in the schema's order


def _cell_width(cell, width) -> None:
    """The cell's width (python-docx's setter parses new elements: slow on 3,000 rows)."""
    tc_width = cell._tc.get_or_add_tcPr().get_or_add_tcW()
    tc_width.set(qn("w:w"), str(int(width / 635)))  # EMU to twips
    tc_width.set(qn("w:type"), "dxa")


# --- The document: page, fonts, headers ---


def _new_document():
    document = Document()
    normal = document.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(14)
    r_pr = normal.element.get_or_add_rPr()
    fonts = r_pr.find(qn("w:rFonts"))
    for key in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(key), FONT)
    lang = OxmlElement("w:lang")
    lang.set(qn("w:val"), "vi-VN")
    r_pr.append(lang)
    normal.paragraph_format.space_after = Pt(0)
    normal.paragraph_format.space_before = Pt(0)
    return document


def _page_setup(section, *, draft: bool, previous_draft: bool | None) -> None:
    """The page of a section, its numbers from 1; the headers of the previous section
    when they read the same (a later section starts with a copy of its references)."""
    section.page_width, section.page_height = PAGE_WIDTH, PAGE_HEIGHT
    section.top_margin, section.bottom_margin = MARGIN_TOP, MARGIN_BOTTOM
    section.left_margin, section.right_margin = MARGIN_LEFT, MARGIN_RIGHT
    section.header_distance = Mm(10)
    section.footer_distance = Mm(10)
    section.different_first_page_header_footer = True
    number_type = section._sectPr.find(qn("w:pgNumType"))
    if number_type is None:
        number_type = OxmlElement("w:pgNumType")
        section._sectPr.append(number_type)
    number_type.set(qn("w:start"), "1")
    if previous_draft is not None:
        section.header.is_linked_to_previous = True
        section.first_page_header.is_linked_to_previous = True
        if previous_draft == draft:
            return
    section.header.is_linked_to_previous = False
    section.first_page_header.is_linked_to_previous = False
    _header(section.header, page_number=True, draft=draft)
    _header(section.first_page_header, page_number=False, draft=draft)


def _header(header, *, page_number: bool, draft: bool) -> None:
    """Page numbers centred (from page 2), "DỰ THẢO" in a box at the right of a draft."""
    paragraph = header.paragraphs[0]
    for run in list(paragraph.runs):
        run._r.getparent().remove(run._r)
    stops = paragraph.paragraph_format.tab_stops
    stops.add_tab_stop(Mm(TEXT_WIDTH_MM / 2), WD_TAB_ALIGNMENT.CENTER)
    stops.add_tab_stop(Mm(TEXT_WIDTH_MM), WD_TAB_ALIGNMENT.RIGHT)
    if page_number:
        paragraph.add_run("\t").font.size = Pt(13)
        field = OxmlElement("w:fldSimple")
        field.set(qn("w:instr"), "PAGE")
        run = OxmlElement("w:r")
        r_pr = OxmlElement("w:rPr")
        size = OxmlElement("w:sz")
        size.set(qn("w:val"), "26")
        r_pr.append(size)
        run.append(r_pr)
        text = OxmlElement("w:t")
        text.text = "2"
        run.append(text)
        field.append(run)
        paragraph._p.append(field)
    if draft:
        paragraph.add_run("\t" if page_number else "\t\t")
        run = paragraph.add_run("DỰ THẢO")
        run.font.size = Pt(12)
        run.font.bold = True
        border = OxmlElement("w:bdr")
        for key, value in (("val", "single"), ("sz", "6"), ("space", "2"), ("color", "000000")):
            border.set(qn(f"w:{key}"), value)
        run._r.get_or_add_rPr().append(border)


# --- Public functions ---


def _html_parts(html: str):
    root = lxml_html.document_fromstring(html)
    css = "\n".join(style.text or "" for style in root.iter("style"))
    return root, _Sheet.parse(css)


def _write_part(document, section, template_name, context, previous_draft) -> bool:
    """Write one document into `section`; whether it is a draft."""
    root, own_sheet = _html_parts(render_to_string(template_name, context))
    body = root.find("body")
    body_classes = _classes(body)
    draft = "draft" in body_classes
    _page_setup(section, draft=draft, previous_draft=previous_draft)
    writer = _Writer(_stylesheet().merged(own_sheet))
    style = _style_of(body, Style(), set())
    writer.flow(document, body, style, body_classes, TEXT_WIDTH_MM / 25.4 * 72)
    return draft


def render_docx_bundle(parts: list[tuple[str, dict]]) -> bytes:
    """Several documents in one .docx, each in a section of its own (a new page, its own
    letterhead and page numbers), as `render_pdf_bundle` puts them in one PDF."""
    document = _new_document()
    draft = None
    for index, (template_name, context) in enumerate(parts):
        section = document.sections[0] if index == 0 else document.add_section(WD_SECTION.NEW_PAGE)
        draft = _write_part(document, section, template_name, context, draft)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def render_docx(template_name: str, context: dict) -> bytes:
    """The .docx of `template_name` (a template extending "documents/base.html", the one
    its PDF is rendered from) with `context`."""
    return render_docx_bundle([(template_name, context)])
