"""The registry of legal texts (documents.legal): how a "Căn cứ" line and a short reference
are written, and the scan that keeps every legal number in the registry and every citation
in force."""

from __future__ import annotations

import ast
import datetime
import re
from pathlib import Path

import pytest
from django.utils import timezone

from documents import legal

ROOT = Path(__file__).resolve().parents[2]
REGISTRY = ROOT / "documents" / "legal.py"
# Tests, migrations and the seed plans (historical texts, cited as their authors wrote them)
# may name any text; the virtualenv and caches are not ours.
SKIPPED_PARTS = {".venv", ".cache", "node_modules", "migrations", "tests", ".git", "static"}

_NUMBER = r"\d{1,5}/(?:19|20)\d{2}"
LEGAL_NUMBER = re.compile(
    # a full number: "152/2025/NĐ-CP", "06/2022/QH15", "15/2025/TT-BNV", "24/2018/QĐ-UBND"
    rf"\b{_NUMBER}/(?:QH\d{{1,2}}|NĐ-CP|NQ-CP|TTLT-[A-ZĐ-]+|TT-[A-ZĐ]+|QĐ-[A-ZĐ]+|NQ-[A-ZĐ]+)"
    # a short one: "Nghị định 13/2023", "Thông tư số 01/2024"
    rf"|\b(?:Luật|Nghị định|Nghị quyết|Thông tư|Quyết định|Công văn)(?: số)? {_NUMBER}\b"
    # a ministry's letter: "Công văn 5007/...", "5007/BNV-TĐKT"
    r"|\bCông văn(?: số)? \d{1,5}/|\b\d{1,5}/BNV-",
    re.IGNORECASE,
)
# A law by its name and year or number: "Luật Thi đua, khen thưởng năm 2022".
LAW_BY_YEAR = re.compile(
    "|".join(
        rf"\bLuật {re.escape(text.title or '')}(?: năm| số| ngày)? \d"
        for text in legal.TEXTS
        if text.kind == legal.Kind.LAW
    ),
    re.IGNORECASE,
)


def _project_files(*suffixes: str) -> list[Path]:
    return sorted(
        path
        for suffix in suffixes
        for path in ROOT.rglob(f"*{suffix}")
        if not SKIPPED_PARTS & set(path.relative_to(ROOT).parts)
    )


def _python_literals(path: Path) -> list[tuple[int, str]]:
    """(line, text) of every string literal of a module, f-strings' fixed parts included,
    docstrings excluded (they explain the code to its readers; they print nowhere)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            first = node.body[0] if node.body else None
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                docstrings.add(id(first.value))
    return [
        (node.lineno, node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and id(node) not in docstrings
    ]


_TEMPLATE_COMMENTS = re.compile(r"{#.*?#}|{% comment %}.*?{% endcomment %}", re.DOTALL)


def _template_text(path: Path) -> str:
    return _TEMPLATE_COMMENTS.sub("", path.read_text(encoding="utf-8"))


def _literal_citations() -> list[str]:
    found = []
    for path in _project_files(".py"):
        if path == REGISTRY:
            continue
        for line, text in _python_literals(path):
            for match in (*LEGAL_NUMBER.finditer(text), *LAW_BY_YEAR.finditer(text)):
                found.append(f"{path.relative_to(ROOT)}:{line}: {match.group(0)!r}")
    for path in _project_files(".html", ".txt", ".json"):
        if "seeds" in path.parts:
            continue
        text = _template_text(path)
        for match in (*LEGAL_NUMBER.finditer(text), *LAW_BY_YEAR.finditer(text)):
            line = text.count("\n", 0, match.start()) + 1
            found.append(f"{path.relative_to(ROOT)}:{line}: {match.group(0)!r}")
    return found


# --- The format -------------------------------------------------------------------------------


def test_a_decree_is_cited_with_number_date_issuer_and_full_title():
    assert legal.citation(legal.DECREE_EMULATION) == (
        "Căn cứ Nghị định số 152/2025/NĐ-CP ngày 14 tháng 6 năm 2025 của Chính phủ quy định về "
        "phân cấp, phân quyền trong lĩnh vực thi đua, khen thưởng; quy định chi tiết và hướng "
        "dẫn thi hành một số điều của Luật Thi đua, khen thưởng;"
    )
    assert legal.citation(legal.DECREE_CLERICAL_WORK) == (
        "Căn cứ Nghị định số 30/2020/NĐ-CP ngày 05 tháng 3 năm 2020 của Chính phủ về công tác "
        "văn thư;"
    )


def test_a_law_is_cited_by_its_name_and_date():
    assert legal.citation(legal.LAW_EMULATION) == (
        "Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022;"
    )
    assert legal.citation(legal.LAW_PERSONAL_DATA) == (
        "Căn cứ Luật Bảo vệ dữ liệu cá nhân ngày 26 tháng 6 năm 2025;"
    )


def test_a_text_whose_date_is_not_confirmed_prints_without_a_day():
    line = legal.citation(legal.CIRCULAR_EMULATION)

    assert line == "Căn cứ Thông tư số 15/2025/TT-BNV của Bộ trưởng Bộ Nội vụ;"
    assert "ngày" not in line
    assert legal.CIRCULAR_EMULATION.unconfirmed  # says what is missing


def test_short_references():
    assert legal.short(legal.DECREE_EMULATION) == "Nghị định 152/2025/NĐ-CP"
    assert legal.short(legal.CIRCULAR_EMULATION) == "Thông tư 15/2025/TT-BNV"
    assert legal.short(legal.LAW_PERSONAL_DATA) == "Luật Bảo vệ dữ liệu cá nhân số 91/2025/QH15"


def test_the_award_bases_are_the_law_its_decree_and_its_circular_in_order():
    assert [text.number for text in legal.AWARD_BASES] == [
        "06/2022/QH15",
        "152/2025/NĐ-CP",
        "15/2025/TT-BNV",
    ]


def test_the_2025_texts_replace_the_old_ones_on_their_day():
    decree_2023 = legal.BY_NUMBER["98/2023/NĐ-CP"]
    assert decree_2023.in_force(datetime.date(2025, 6, 30))
    assert not decree_2023.in_force(datetime.date(2025, 7, 1))
    assert legal.DECREE_EMULATION.in_force(datetime.date(2025, 7, 1))
    assert not legal.DECREE_EMULATION.in_force(datetime.date(2025, 6, 30))

    old_privacy = legal.BY_NUMBER["13/2023/NĐ-CP"]
    assert old_privacy.in_force(datetime.date(2025, 12, 31))
    assert not old_privacy.in_force(datetime.date(2026, 1, 1))
    assert legal.LAW_PERSONAL_DATA.in_force(datetime.date(2026, 1, 1))
    assert not legal.DECREE_PERSONAL_DATA.in_force(datetime.date(2025, 12, 31))
    # A replacement whose day is not known counts as done.
    assert not legal.BY_NUMBER["01/2024/TT-BNV"].in_force(datetime.date(2026, 1, 1))


def test_the_table_is_consistent():
    """Numbers unique; whatever a text supersedes is in the table and says so back."""
    assert len(legal.BY_NUMBER) == len(legal.TEXTS)
    for text in legal.TEXTS:
        for number in text.supersedes:
            assert legal.BY_NUMBER[number].superseded_by == text.number, number
        if text.superseded_by:
            assert text.number in legal.BY_NUMBER[text.superseded_by].supersedes


# --- The scan ---------------------------------------------------------------------------------


def test_the_scan_finds_a_literal_citation(tmp_path):
    """The patterns catch what a developer would type."""
    for typed in (
        "(Nghị định 152/2025/NĐ-CP)",
        "Căn cứ Nghị định số 13/2023 về bảo vệ dữ liệu",
        "Luật số 91/2025/QH15",
        "Thông tư 15/2025/TT-BNV",
        "Công văn 5007/BNV-TĐKT",
    ):
        assert LEGAL_NUMBER.search(typed), typed
    assert LAW_BY_YEAR.search("(Luật Thi đua, khen thưởng năm 2022)")
    module = tmp_path / "m.py"
    module.write_text(
        '"""Nghị định 13/2023/NĐ-CP in a docstring."""\nX = f"(Nghị định 1/2020/NĐ-CP {1})"\n'
    )
    literals = [text for _line, text in _python_literals(module)]
    assert not any("13/2023" in text for text in literals)
    assert any(LEGAL_NUMBER.search(text) for text in literals)
    # Document numbers of our own registers are not legal numbers.
    for ours in ("Số: 05/KH-MNCG", "01/QĐ-PGD-A ngày 15/10/2024", "Kế hoạch số 244/KH-SGDĐT"):
        assert not LEGAL_NUMBER.search(ours), ours


def test_no_legal_number_is_typed_outside_the_registry():
    """Code and templates cite from documents.legal (`citation`, `short`, or the
    `legal_short` template tag), so a citation is corrected in one place."""
    assert _literal_citations() == []


def test_nothing_mentions_a_text_no_longer_in_force():
    """Not even a docstring or a comment: a superseded text named in the code misleads the
    next reader. Tests, migrations and the registry itself are exempt."""
    today = timezone.localdate()
    stale = legal.superseded_as_of(today)
    assert stale, "the table records the texts the 2025 reform replaced"
    patterns = []
    for text in stale:
        number, year = text.number.split("/")[:2]
        patterns.append(re.escape(text.number))
        patterns.append(rf"{re.escape(str(text.kind))}(?: số)? {number}/{year}\b")
    pattern = re.compile("|".join(patterns), re.IGNORECASE)
    found = []
    for path in _project_files(".py", ".html", ".txt"):
        if path == REGISTRY or "seeds" in path.parts:
            continue
        for line_number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if match := pattern.search(line):
                found.append(f"{path.relative_to(ROOT)}:{line_number}: {match.group(0)!r}")
    assert found == []


@pytest.mark.parametrize(
    "text", [*legal.AWARD_BASES, *legal.PERSONAL_DATA_BASES], ids=lambda t: t.number
)
def test_every_text_the_product_cites_is_in_force_today(text):
    assert text.in_force(timezone.localdate())
