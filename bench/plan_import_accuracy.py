"""Accuracy of the plan import on the five seed Word files, and its speed on a 10-page plan.

    .venv/bin/python bench/plan_import_accuracy.py [--repeat 5] [--verbose]

For each seed, `tests/fixtures/plans/00X.docx` goes through `read_paragraphs` and
`extract_plan`, and what comes out is compared with the hand-written `00X.truth.json`:
precision (how much of what was extracted is right) and recall (how much of the truth was
found) per field kind, per seed and overall. A deadline is right when its kind and date are;
"deadline dates" counts the dates alone (the goal for seed 002, whose text went through OCR).
A target is right when its value and comparator are and its indicator text holds the truth's
key words (compared without diacritics). Then a 10-page plan (seed 004's body repeated) is
imported `--repeat` times; its median time is printed against the 2 s goal and against
python-docx merely opening the same file in the same run. Not a test: nothing is asserted.
"""

from __future__ import annotations

import argparse
import datetime
import io
import json
import os
import statistics
import sys
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
PLANS = ROOT / "tests" / "fixtures" / "plans"
SEEDS = ("000", "001", "002", "003", "004")
GOAL_SECONDS = 2.0
KINDS = (
    "deadlines",
    "deadline receivers",
    "deadline dates",
    "phases",
    "targets",
    "target code+who",
    "schedule",
    "number",
    "date",
    "year flags",
)


def setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    import django

    django.setup()


def _match(truth: list, found: list, same) -> int:
    """Pairs one to one (each truth item takes the first unused found item it matches)."""
    used: set[int] = set()
    for item in truth:
        for index, candidate in enumerate(found):
            if index not in used and same(item, candidate):
                used.add(index)
                break
    return len(used)


def score(plan, truth: dict) -> dict[str, tuple[int, int, int]]:
    """(right, extracted, truth) per field kind."""
    from campaign.plan_import.extract import fold

    def date(value):
        return datetime.date.fromisoformat(value) if value else None

    result: dict[str, tuple[int, int, int]] = {}
    deadlines = [item.value for item in plan.deadlines]
    expected = truth["deadlines"]
    result["deadlines"] = (
        _match(expected, deadlines, lambda t, f: t["kind"] == f.kind and date(t["due"]) == f.due),
        len(deadlines),
        len(expected),
    )
    result["deadline receivers"] = (
        _match(
            expected,
            deadlines,
            lambda t, f: (
                t["kind"] == f.kind
                and date(t["due"]) == f.due
                and fold(t["receiving_unit"]) == fold(f.receiving_unit)
            ),
        ),
        len(deadlines),
        len(expected),
    )
    result["deadline dates"] = (
        _match(expected, deadlines, lambda t, f: date(t["due"]) == f.due),
        len(deadlines),
        len(expected),
    )
    phases = [item.value for item in plan.phases]
    result["phases"] = (
        _match(
            truth["phases"],
            phases,
            lambda t, f: (t["name"], date(t["start"]), date(t["end"])) == (f.name, f.start, f.end),
        ),
        len(phases),
        len(truth["phases"]),
    )
    targets = list(plan.targets)

    def same_target(t, f):
        value = f.value
        if Decimal(t["value"]) != value.value or t["comparator"] != value.comparator:
            return False
        return fold(t["key"]) in fold(value.indicator_text) or fold(t["key"]) in fold(f.source)

    def same_target_in_full(t, f):
        return (
            same_target(t, f)
            and t["indicator"] == f.value.indicator_code
            and t["participant_type"] == f.value.participant_type
        )

    expected_targets = truth["targets"]
    result["targets"] = (
        _match(expected_targets, targets, same_target),
        len(targets),
        len(expected_targets),
    )
    result["target code+who"] = (
        _match(expected_targets, targets, same_target_in_full),
        len(targets),
        len(expected_targets),
    )
    schedules = [item.value for item in plan.schedules]
    result["schedule"] = (
        _match(
            truth["schedules"],
            schedules,
            lambda t, f: (
                (tuple(t["periods"]), t["due_day"], t["due_month"])
                == (f.periods, f.due_day, f.due_month)
            ),
        ),
        len(schedules),
        len(truth["schedules"]),
    )
    number = plan.number.value if plan.number else None
    result["number"] = (
        int(number is not None and number == truth["number"]),
        int(number is not None),
        int(truth["number"] is not None),
    )
    issued = plan.issued_on.value if plan.issued_on else None
    result["date"] = (
        int(issued is not None and issued == date(truth["issued_on"])),
        int(issued is not None),
        int(truth["issued_on"] is not None),
    )
    problems = plan.all_problems()
    result["year flags"] = (
        _match(truth["problems"], problems, lambda t, f: fold(t["key"]) in fold(f.source)),
        len(problems),
        len(truth["problems"]),
    )
    return result


def strip_diacritics(text: str) -> str:
    import unicodedata

    text = text.replace("đ", "d").replace("Đ", "D")
    return "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))


def respell_dates(text: str) -> str:
    import re

    text = re.sub(
        r"\b(\d{1,2})/(\d{1,2})/(\d{4})\b",
        lambda m: f"{int(m.group(1))}-{int(m.group(2))}-{m.group(3)}",
        text,
    )
    return re.sub(
        r"\b(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4})",
        lambda m: f"{int(m.group(1)):02d}/{int(m.group(2)):02d}/{m.group(3)}",
        text,
    )


def _ratio(numerator: int, denominator: int) -> str:
    return f"{numerator / denominator:6.1%}" if denominator else "     —"


def ten_page_plan() -> tuple[bytes, int]:
    """Seed 004's Word file with its body repeated to about ten A4 pages (about 3,000
    characters a page in Times New Roman 14)."""
    import copy

    import docx

    document = docx.Document(str(PLANS / "004.docx"))
    body = document.element.body
    blocks = [child for child in body.iterchildren() if not child.tag.endswith("}sectPr")]
    section = body[-1]
    characters = sum(len(p.text) for p in document.paragraphs)
    per_copy = characters
    while characters < 30_000:
        for block in blocks[2:]:  # after the letterhead and the title
            section.addprevious(copy.deepcopy(block))
        characters += per_copy
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue(), characters


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--verbose", action="store_true", help="list what was missed")
    args = parser.parse_args()
    setup_django()

    import docx

    from campaign.plan_import.extract import extract_plan
    from campaign.plan_import.readers import read_paragraphs

    totals = {kind: [0, 0, 0] for kind in KINDS}
    print(
        f"{'seed':<5} {'field':<18} {'right':>5} {'found':>5} {'truth':>5} "
        f"{'precision':>9} {'recall':>7}"
    )
    for seed in SEEDS:
        truth = json.loads((PLANS / f"{seed}.truth.json").read_text(encoding="utf-8"))
        plan = extract_plan(read_paragraphs(PLANS / f"{seed}.docx"))
        for kind, (right, found, expected) in score(plan, truth).items():
            for position, value in enumerate((right, found, expected)):
                totals[kind][position] += value
            print(
                f"{seed:<5} {kind:<18} {right:>5} {found:>5} {expected:>5} "
                f"{_ratio(right, found):>9} {_ratio(right, expected):>7}"
            )
        if args.verbose:
            for item in plan.deadlines:
                print("      deadline", item.value.kind, item.value.due, item.problem[:80])
            for item in plan.targets:
                value = item.value
                print("      target", value.value, value.comparator, value.indicator_text[:60])
        print()
    print("Overall")
    for kind, (right, found, expected) in totals.items():
        print(
            f"{'all':<5} {kind:<18} {right:>5} {found:>5} {expected:>5} "
            f"{_ratio(right, found):>9} {_ratio(right, expected):>7}"
        )

    # The same files with every diacritic dropped (as OCR or an old font loses them).
    print()
    print("Without diacritics (every line folded as OCR loses them)")
    for seed in SEEDS:
        if seed == "002":
            continue
        truth = json.loads((PLANS / f"{seed}.truth.json").read_text(encoding="utf-8"))
        lines = [strip_diacritics(line) for line in read_paragraphs(PLANS / f"{seed}.docx")]
        scores = score(extract_plan(lines), truth)
        for kind in ("deadlines", "deadline dates", "phases", "targets"):
            right, found, expected = scores[kind]
            print(
                f"{seed:<5} {kind:<18} {right:>5} {found:>5} {expected:>5} "
                f"{_ratio(right, found):>9} {_ratio(right, expected):>7}"
            )

    # The same files with every date respelled: long ones short, short ones with dashes.
    print()
    print("Dates respelled (ngày 05 tháng 01 năm 2024 -> 05/01/2024, 05/01/2024 -> 5-1-2024)")
    for seed in SEEDS:
        truth = json.loads((PLANS / f"{seed}.truth.json").read_text(encoding="utf-8"))
        lines = [respell_dates(line) for line in read_paragraphs(PLANS / f"{seed}.docx")]
        scores = score(extract_plan(lines), truth)
        for kind in ("deadlines", "phases"):
            right, found, expected = scores[kind]
            print(
                f"{seed:<5} {kind:<18} {right:>5} {found:>5} {expected:>5} "
                f"{_ratio(right, found):>9} {_ratio(right, expected):>7}"
            )

    data, characters = ten_page_plan()
    opening, importing = [], []
    for _ in range(args.repeat):
        began = time.perf_counter()
        docx.Document(io.BytesIO(data))
        opening.append(time.perf_counter() - began)
        began = time.perf_counter()
        plan = extract_plan(read_paragraphs(io.BytesIO(data)))
        importing.append(time.perf_counter() - began)
    imported = statistics.median(importing)
    opened = statistics.median(opening)
    print()
    print(
        f"10-page plan ({characters:,} characters, {len(plan.lines)} lines, "
        f"{len(data) // 1024} KB): import median {imported:.3f} s, slowest {max(importing):.3f} s"
    )
    print(f"  against the {GOAL_SECONDS:.0f} s goal: {imported / GOAL_SECONDS:.1%} of it")
    print(f"  against python-docx merely opening it ({opened:.3f} s): {imported / opened:.1f}×")


if __name__ == "__main__":
    main()
