"""No view or template compares a state to decide what the user may do: that is a rule, and
rules live in `<app>/rules.py`, which hands views and templates booleans.

A scan, not a proof; what it flags:
- in a view module (`*/views.py`, `*/views/*.py`, `*/api.py`), a comparison (`==`, `!=`,
  `in`, `not in`) of a `.status` / `.state` / `.level` or with a `Status` member
  (`Initiative.Status.DRAFT`): in an `if`, or computing a flag for the page
  (`"can_review": item.status == ...`, `editable = ...`);
- in a template (`templates/**/*.html`), an `{% if %}` / `{% elif %}` comparing a `status` /
  `state`, or testing a state property (`campaign.is_draft`), whose body holds a control
  (a form, a button, an input, a link styled as a button). A badge's colour chosen by the
  status is display, not a rule, and is not flagged; nor is a render job's state (whether
  its file exists yet).

ALLOWLIST holds today's offenders, each as (file, the offending text). It can only shrink:
the test fails on an offender not listed, and on a listed one that no longer exists (delete
its line when its check moves into the app's rules.py). To print the current offenders in
the allowlist's form (or, with --write, to rewrite ALLOWLIST below in place):

    .venv/bin/python -m tests.test_rules_scan [--write]
"""

from __future__ import annotations

import ast
import re
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SKIPPED_DIRS = {".venv", "tests", "bench", "node_modules", ".cache", "migrations"}

# --- Python views ---

STATE_ATTRIBUTES = {"status", "state", "level"}
# A render job's state says whether a file exists yet, not who may act.
NOT_A_RULE = re.compile(r"\bRenderJob\.Status\b|\bjob\.status\b")


def view_modules() -> list[Path]:
    found = set()
    for pattern in ("*/views.py", "*/views/*.py", "*/api.py"):
        found.update(ROOT.glob(pattern))
    return sorted(p for p in found if not SKIPPED_DIRS.intersection(p.relative_to(ROOT).parts))


def _is_state(node: ast.AST) -> bool:
    """`x.status` / `x.state` / `x.level`, or a state itself: `Initiative.Status.DRAFT`
    (not `Initiative.Status.values`, which validates a filter's input)."""
    if isinstance(node, ast.Attribute) and node.attr in STATE_ATTRIBUTES:
        return True
    return (
        isinstance(node, ast.Attribute)
        and node.attr.isupper()
        and isinstance(node.value, ast.Attribute | ast.Name)
        and getattr(node.value, "attr", getattr(node.value, "id", "")) == "Status"
    )


def _names_a_state(node: ast.AST) -> bool:
    return any(_is_state(child) for child in ast.walk(node))


def view_offenders(path: Path) -> list[tuple[int, str]]:
    """(line, text) of each comparison (`==`, `!=`, `in`, `not in`) of a state: in an `if`,
    or computing a flag (`editable = item.status == ...`, `"can_review": item.status == ...`).
    The comparison's own line, so a condition over several lines is listed by the line that
    names the state."""
    source = path.read_text(encoding="utf-8")
    lines = source.splitlines()
    found = set()
    for node in ast.walk(ast.parse(source, filename=str(path))):
        if not isinstance(node, ast.Compare) or not all(
            isinstance(op, ast.Eq | ast.NotEq | ast.In | ast.NotIn) for op in node.ops
        ):
            continue
        if not any(_names_a_state(operand) for operand in [node.left, *node.comparators]):
            continue
        if NOT_A_RULE.search(ast.get_source_segment(source, node) or ""):
            continue
        found.add((node.lineno, lines[node.lineno - 1].strip()))
    return sorted(found)


# --- Templates ---

TAG = re.compile(r"\{%-?\s*(if|elif|else|endif)\b(.*?)-?%\}", re.S)
STATE_COMPARISON = re.compile(
    r"\b(?:status|state)\s*(?:==|!=|\bnot\s+in\b|\bin\b)"
    r"|(?:==|!=)\s*[\w.]*\b(?:status|state)\b"
)
STATE_PROPERTY = re.compile(
    r"\.is_(?:draft|launched|open|closed|locked|editable|submitted|accepted|returned|rejected"
    r"|forwarded|done|cancelled|finished)\b"
)
CONTROL = re.compile(
    r"<form\b|<button\b|<input\b|<select\b|<textarea\b|<a\b[^>]*\bclass=\"[^\"]*\bbtn\b"
)


def templates() -> list[Path]:
    return sorted((ROOT / "templates").rglob("*.html"))


def _branches(text: str):
    """(tag match, body) for each `if`/`elif`: the body runs to the branch's own `elif`,
    `else` or `endif`, nested blocks included."""
    tags = list(TAG.finditer(text))
    for index, tag in enumerate(tags):
        if tag.group(1) not in ("if", "elif"):
            continue
        depth = 0
        end = len(text)
        for later in tags[index + 1 :]:
            kind = later.group(1)
            if kind == "if":
                depth += 1
            elif kind == "endif" and depth:
                depth -= 1
            elif depth == 0:
                end = later.start()
                break
        yield tag, text[tag.end() : end]


def template_offenders(path: Path) -> list[tuple[int, str]]:
    text = path.read_text(encoding="utf-8")
    found = []
    for tag, body in _branches(text):
        condition = tag.group(2)
        if not (STATE_COMPARISON.search(condition) or STATE_PROPERTY.search(condition)):
            continue
        if NOT_A_RULE.search(condition):
            continue
        if CONTROL.search(body):
            line = text.count("\n", 0, tag.start()) + 1
            found.append((line, " ".join(tag.group(0).split())))
    return found


# --- The scan ---


def offenders() -> list[tuple[str, int, str]]:
    """(file, line, text) of every offender: a view's `if` line, or a template's tag."""
    found = []
    for path in view_modules():
        name = path.relative_to(ROOT).as_posix()
        found += [(name, line, text) for line, text in view_offenders(path)]
    for path in templates():
        name = path.relative_to(ROOT).as_posix()
        found += [(name, line, text) for line, text in template_offenders(path)]
    return found


# Checks not yet moved into `<app>/rules.py`: the list only shrinks (delete an entry when its
# check moves into the app's rules.py). Never add one: give the view or the template a boolean
# from the rules module instead. Before issue 18 it held fourteen, among them the `can_*`
# flags of the initiative, consolidation, result report and periodic report pages, awards'
# `editable` and `is_open`, and initiative_detail.html's result-report button.
ALLOWLIST: list[tuple[str, str]] = []


def test_no_view_or_template_decides_a_permission_from_a_state():
    found = Counter((name, text) for name, _line, text in offenders())
    allowed = Counter(ALLOWLIST)
    new = found - allowed
    gone = allowed - found
    where = {(name, text): line for name, line, text in offenders()}
    assert not new, (
        "A view or template compares a state to decide what the user may do; put the rule "
        "in <app>/rules.py and pass a boolean:\n"
        + "\n".join(f"  {name}:{where[(name, text)]}: {text}" for name, text in new)
    )
    assert not gone, (
        "These allowlisted checks are gone (moved to a rules module?): delete them from "
        "ALLOWLIST in tests/test_rules_scan.py:\n"
        + "\n".join(f"  {name}: {text}" for name, text in gone)
    )


def test_the_scan_sees_a_status_check_around_a_button_but_not_around_a_badge(tmp_path):
    page = tmp_path / "page.html"
    page.write_text(
        '{% if item.status == "draft" %}<span class="badge">draft</span>{% endif %}\n'
        '{% if item.status == "draft" %}{% if x %}<b>{% endif %}{% else %}'
        '<form method="post"></form>{% endif %}\n'
        "{% if can_edit %}<button>Edit</button>{% endif %}\n"
        '{% if a %}{% elif plan.is_draft %}<a class="btn btn-primary" href="#">Go</a>{% endif %}\n'
        '{% if item.status == "draft" %}\n  <button type="submit">Send</button>\n{% endif %}\n',
        encoding="utf-8",
    )
    found = template_offenders(page)
    assert [line for line, _text in found] == [4, 5]
    view = tmp_path / "views.py"
    view.write_text(
        "def page(request, item, job):\n"
        "    if item.status == Initiative.Status.DRAFT and rules.can_edit(request.user, item):\n"
        "        pass\n"
        "    if (\n"
        "        ok\n"
        "        and item.status in (Status.ACCEPTED,)\n"
        "    ):\n"
        "        pass\n"
        "    context = {'can_review': item.level == Initiative.Status.SUBMITTED}\n"
        "    if status in Initiative.Status.values or job.status == RenderJob.Status.DONE:\n"
        "        items = items.filter(status=status)\n"
        "    editable = rules.can_edit(request.user, item)\n",
        encoding="utf-8",
    )
    assert [line for line, _text in view_offenders(view)] == [2, 6, 9]


def _quoted(text: str) -> str:
    """As ruff format writes a string: double quotes unless the text holds some."""
    escaped = text.replace("\\", "\\\\")
    if '"' in text and "'" not in text:
        return f"'{escaped}'"
    return '"' + escaped.replace('"', '\\"') + '"'


def allowlist_source() -> str:
    """The current offenders as the ALLOWLIST's source, ready to paste."""
    if not offenders():
        return "ALLOWLIST: list[tuple[str, str]] = []"
    lines = ["ALLOWLIST: list[tuple[str, str]] = ["]
    for name, line, text in offenders():
        lines.append(f"    # {name}:{line}")
        entry = f"    ({_quoted(name)}, {_quoted(text)}),"
        if len(entry) <= 100:
            lines.append(entry)
        else:
            long = "  # noqa: E501" if len(f"        {_quoted(text)},") > 100 else ""
            lines += [
                "    (",
                f"        {_quoted(name)},",
                f"        {_quoted(text)},{long}",
                "    ),",
            ]
    lines.append("]")
    return "\n".join(lines)


def _write_allowlist() -> None:
    path = Path(__file__)
    block = re.compile(r"^ALLOWLIST: list\[tuple\[str, str\]\] = \[(?:\]|.*?^\])$", re.M | re.S)
    source = path.read_text(encoding="utf-8")
    path.write_text(block.sub(lambda _: allowlist_source(), source, count=1), encoding="utf-8")


if __name__ == "__main__":
    import sys

    # With --write, the ALLOWLIST above is replaced by today's offenders (review the diff).
    if "--write" in sys.argv:
        _write_allowlist()
    else:
        print(allowlist_source())
