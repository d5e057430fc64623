"""Reading a plan's Word file into an extracted draft: the five seeds against their hand-written
truth files, the date spellings, the year checks, and no deadline made up from a bare date.

No test here has database access: extraction saves nothing (pytest-django refuses a query
from a test without the django_db mark)."""

import datetime
import json
from decimal import Decimal
from pathlib import Path

import pytest
from django.utils import translation
from hypothesis import given, settings
from hypothesis import strategies as st

from campaign.models import Comparator, DeadlineKind, ParticipantType, ReportPeriod
from campaign.plan_import.extract import extract_plan, find_dates, fold
from campaign.plan_import.readers import read_paragraphs

PLANS = Path(__file__).resolve().parent.parent / "fixtures" / "plans"
SEEDS = ["000", "001", "002", "003", "004"]
D = datetime.date


def _truth(seed):
    return json.loads((PLANS / f"{seed}.truth.json").read_text(encoding="utf-8"))


def _plan(seed):
    return extract_plan(read_paragraphs(PLANS / f"{seed}.docx"))


@pytest.mark.parametrize("seed", SEEDS)
def test_each_seed_imports_the_deadlines_of_its_truth_file(seed):
    truth = _truth(seed)
    plan = _plan(seed)
    found = sorted((item.value.kind, item.value.due, item.value.phase) for item in plan.deadlines)
    expected = sorted(
        (DeadlineKind(item["kind"]), D.fromisoformat(item["due"]), item["phase"])
        for item in truth["deadlines"]
    )
    assert found == expected
    receivers = sorted((item.value.due, fold(item.value.receiving_unit)) for item in plan.deadlines)
    assert receivers == sorted(
        (D.fromisoformat(item["due"]), fold(item["receiving_unit"])) for item in truth["deadlines"]
    )
    for item in plan.deadlines:
        # Each value carries the printed line it was read from.
        assert item.source == plan.lines[item.paragraph]
        assert (
            item.value.due.strftime("%Y") in item.source or str(item.value.due.day) in item.source
        )


@pytest.mark.parametrize("seed", SEEDS)
def test_each_seed_imports_the_targets_of_its_truth_file(seed):
    truth = _truth(seed)
    plan = _plan(seed)
    remaining = list(plan.targets)
    for expected in truth["targets"]:
        match = next(
            item
            for item in remaining
            if item.value.value == Decimal(expected["value"])
            and fold(expected["key"]) in fold(item.value.indicator_text + " " + item.source)
        )
        remaining.remove(match)
        assert match.value.comparator == expected["comparator"]
        assert match.value.indicator_code == expected["indicator"]
        assert match.value.participant_type == expected["participant_type"]
        assert f"{expected['value']}%" in match.source.replace(" %", "%")
        if not match.value.indicator_code:
            # Not in the tenant's catalogue: proposed as a new indicator.
            assert match.value.proposed_name
    assert remaining == []


@pytest.mark.parametrize("seed", SEEDS)
def test_each_seed_imports_its_header_phases_and_schedule(seed):
    truth = _truth(seed)
    plan = _plan(seed)
    assert (plan.number.value if plan.number else None) == truth["number"]
    issued = plan.issued_on.value.isoformat() if plan.issued_on else None
    assert issued == truth["issued_on"]
    assert plan.year == truth["year"]
    assert plan.place.value == truth["place"]
    assert plan.issuing_body.value == truth["issuing_body"]
    assert plan.parent_body.value == truth["parent_body"]
    assert plan.title.value == truth["title"]
    cited = [c.number for line in plan.basis for c in line.value.citations if c.is_plan]
    assert cited == truth["basis_plans"]
    assert [
        (p.value.name, p.value.start.isoformat(), p.value.end.isoformat()) for p in plan.phases
    ] == [(p["name"], p["start"], p["end"]) for p in truth["phases"]]
    assert [(s.value.periods, s.value.due_day, s.value.due_month) for s in plan.schedules] == [
        (tuple(s["periods"]), s["due_day"], s["due_month"]) for s in truth["schedules"]
    ]
    assert [a.value for a in plan.award_forms] == truth["award_forms"]
    if "end" in truth:
        assert plan.end.value.isoformat() == truth["end"]


def test_seed_001_reads_its_periodic_reports_as_one_schedule():
    (schedule,) = _plan("001").schedules
    assert schedule.value.periods == (
        ReportPeriod.Q1,
        ReportPeriod.H1,
        ReportPeriod.Q3,
        ReportPeriod.YEAR,
    )
    assert "05/3, 05/6, 05/9, 05/12" in schedule.source
    # Its four dates are the schedule, not four more deadlines.
    assert [item.value.due for item in _plan("001").deadlines] == [D(2023, 3, 21)]


def test_seed_004s_2023_in_a_2024_plan_is_flagged_with_its_sentence_quoted():
    with translation.override("vi"):
        plan = _plan("004")
    assert plan.year == 2024
    assert plan.end.value == D(2023, 10, 31)
    sentence = "Đợt thi đua được phát động từ nay đến ngày 31 tháng 10 năm 2023"
    assert sentence in plan.end.source
    assert plan.end.problem.startswith("Năm 2023 của ngày 31/10/2023 khác với năm của kế hoạch")
    assert f"“{sentence}" in plan.end.problem
    assert [item.problem for item in plan.all_problems()] == [plan.end.problem]
    # The 2024 phases and deadlines carry no problem.
    assert all(not item.problem for item in (*plan.phases, *plan.deadlines))


def test_seed_002s_registration_before_the_plans_date_is_flagged():
    plan = _plan("002")
    flagged = [item for item in plan.deadlines if item.problem]
    assert [(item.value.kind, item.value.due) for item in flagged] == [
        (DeadlineKind.REGISTRATION, D(2023, 4, 22))
    ]
    assert "28/04/2023" in flagged[0].problem


def test_seed_002s_ocr_text_gives_its_number_date_and_every_deadline_date():
    plan = _plan("002")
    assert plan.number.value == "112/KH-MNCG"
    assert plan.number.source == "S6: 112 /IKH-MNCG"
    assert plan.issued_on.value == D(2023, 4, 28)
    assert sorted(item.value.due for item in plan.deadlines) == [
        D(2023, 4, 22),
        D(2023, 6, 10),
        D(2023, 9, 30),
        D(2023, 12, 5),
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("trước ngày 05 tháng 01 năm 2024", D(2024, 1, 5)),
        ("trước ngày 05/01/2024", D(2024, 1, 5)),
        ("trước ngày 5-1-2024", D(2024, 1, 5)),
        ("trước ngày 5.1.2024", D(2024, 1, 5)),
        ("đến hết ngày 25 /8/ 2024", D(2024, 8, 25)),
        ("trudc ngay 10 thang 6 ndm 2024", D(2024, 6, 10)),  # OCR
        ("truée ngay 22 thang 4 nim 2024", D(2024, 4, 22)),  # OCR
        ("trước ngày 25/8", D(2024, 8, 25)),  # the plan's year
    ],
)
def test_date_spellings(text, expected):
    (found,) = find_dates(fold(text))
    assert found.date(2024) == expected


@pytest.mark.parametrize(
    "text",
    ["Kế hoạch số 39/KH-PGDĐT", "Quyết định số 24/2018/QĐ-UBND", "giai đoạn 2020 - 2025", "1.2. "],
)
def test_document_numbers_and_ranges_are_not_dates(text):
    assert find_dates(fold(text)) == []


LINES = [
    "UBND QUẬN 1",
    "TRƯỜNG MẦM NON HOA SEN",
    "Số: 5/KH-MNHS\tQuận 1, ngày 05 tháng 01 năm 2024",
    "KẾ HOẠCH",
    "Phát động thi đua cải cách hành chính năm 2024",
    "Căn cứ Kế hoạch số 12/KH-UBND ngày 02/01/2024 của Ủy ban nhân dân Quận 1;",
    "I. TIẾN ĐỘ THỰC HIỆN",
    "- Đợt 1: Từ ngày 06/01/2024 đến ngày 30/6/2024.",
    "+ Đăng ký mô hình, giải pháp gửi về Phòng Nội vụ trước ngày 5-2-2024.",
    "+ Báo cáo kết quả thực hiện chậm nhất ngày 20/6/2024.",
    "- Đợt 2: Từ ngày 01/7/2024 đến ngày 30/11/2024.",
    "+ Hồ sơ đề nghị khen thưởng: hạn chót 25/11.",
    "+ Hội nghị tổng kết ngày 15/12/2024 tại hội trường.",
    "II. CHỈ TIÊU",
    "- Tỷ lệ hồ sơ giải quyết đúng hạn đạt ≥ 98%.",
    "- Mức độ hài lòng về giải quyết thủ tục hành chính từ 95% trở lên.",
    "- 100% văn bản được ký số bằng chữ ký số.",
]


def test_a_typed_plan_with_mixed_date_styles():
    plan = extract_plan(LINES)
    assert plan.number.value == "5/KH-MNHS"
    assert plan.place.value == "Quận 1"
    assert plan.issued_on.value == D(2024, 1, 5)
    assert [(d.value.kind, d.value.due, d.value.phase) for d in plan.deadlines] == [
        (DeadlineKind.REGISTRATION, D(2024, 2, 5), "Đợt 1"),
        (DeadlineKind.RESULT_REPORT, D(2024, 6, 20), "Đợt 1"),
        (DeadlineKind.AWARD_PROPOSAL, D(2024, 11, 25), "Đợt 2"),
    ]
    assert plan.deadlines[0].value.receiving_unit == "Phòng Nội vụ"
    assert [d.value.date_style for d in plan.deadlines] == ["short", "short", "short"]
    assert [(t.value.indicator_code, t.value.comparator, t.value.value) for t in plan.targets] == [
        ("tthc-dung-han", Comparator.AT_LEAST, Decimal(98)),
        ("hai-long-tthc", Comparator.AT_LEAST, Decimal(95)),
        ("chu-ky-so", Comparator.AT_LEAST, Decimal(100)),
    ]
    assert plan.all_problems() == []


def test_a_date_without_an_obligation_word_is_never_a_deadline():
    plan = extract_plan(LINES)
    dues = {d.value.due for d in plan.deadlines}
    # The conference day, the phases' bounds and the cited plan's date.
    assert not dues & {D(2024, 12, 15), D(2024, 1, 6), D(2024, 6, 30), D(2024, 1, 2)}
    assert extract_plan(["KẾ HOẠCH", "Năm 2024", "Họp ngày 05/3/2024 tại trường."]).deadlines == ()


def test_an_explicit_year_disagreeing_with_the_plan_is_flagged_on_the_deadline():
    lines = [*LINES[:9], "+ Báo cáo kết quả thực hiện trước ngày 20/6/2023."]
    plan = extract_plan(lines)
    (flagged,) = [d for d in plan.deadlines if d.problem]
    assert flagged.value.due == D(2023, 6, 20)
    assert "2023" in flagged.problem and "Báo cáo kết quả thực hiện trước ngày 20/6/2023" in (
        flagged.problem
    )


def test_a_tenant_catalogue_without_the_indicator_gets_a_proposed_one():
    plan = extract_plan(LINES, indicators=[("tthc-dung-han", "Tỷ lệ hồ sơ đúng hạn")])
    codes = [t.value.indicator_code for t in plan.targets]
    assert codes == ["tthc-dung-han", "", ""]
    assert plan.targets[2].value.proposed_name == "Tỷ lệ văn bản được ký số bằng chữ ký số"
    assert plan.targets[1].value.participant_type == ParticipantType.ALL


def test_the_extracted_plan_is_json_ready_for_the_review_step():
    data = _plan("004").as_dict()
    text = json.dumps(data, ensure_ascii=False)
    assert json.loads(text)["deadlines"][0]["value"]["due"] == "2024-08-25"
    assert data["end"]["problem"]


@pytest.mark.parametrize("seed", SEEDS)
def test_the_extracted_plan_comes_back_whole_from_its_json(seed):
    plan = _plan(seed)
    data = json.loads(json.dumps(plan.as_dict()))
    from campaign.plan_import.extracted import ExtractedPlan

    assert ExtractedPlan.from_dict(data) == plan


def test_participants_with_their_type_and_unit_kinds():
    participants = [
        (p.value.participant_type, p.value.unit_kinds) for p in _plan("004").participants
    ]
    assert participants == [
        (ParticipantType.COLLECTIVE, ("phong-thuoc-so",)),
        (ParticipantType.COLLECTIVE, ("truong-thpt", "truong-lien-cap", "don-vi-su-nghiep")),
        (ParticipantType.INDIVIDUAL, ()),
        (ParticipantType.INDIVIDUAL, ()),
    ]
    # 003 lists them without "a) Tập thể / b) Cá nhân" headings.
    assert [p.value.participant_type for p in _plan("003").participants] == [
        ParticipantType.COLLECTIVE,
        ParticipantType.INDIVIDUAL,
    ]


def test_the_basis_lines_cite_the_upper_plans_with_date_and_issuer():
    (line,) = _plan("000").basis
    (citation,) = line.value.citations
    assert (citation.kind, citation.number, citation.issued_on, citation.issuer) == (
        "Kế hoạch",
        "1362/KH-GDĐT",
        D(2023, 9, 14),
        "Phòng Giáo dục và Đào tạo huyện Nhà Bè",
    )
    assert line.source.startswith("Căn cứ Kế hoạch số 1362/KH-GDĐT")


SEED_LINES = [line for seed in SEEDS for line in read_paragraphs(PLANS / f"{seed}.docx")]


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.one_of(
            st.sampled_from(SEED_LINES),
            st.text(alphabet="Đợt 1:Từngàyđếnháăm0123456789/-.,;% trướcKẾHOẠCHSố", max_size=60),
        ),
        max_size=40,
    )
)
def test_any_lines_give_a_plan_without_raising(lines):
    plan = extract_plan(lines)
    for item in plan.deadlines:
        assert item.source == plan.lines[item.paragraph]
        # A deadline always stands after an obligation word in its line (or the line before).
        assert item.value.due is not None


def test_a_plan_the_rules_were_not_written_against():
    """A ward school's plan after the 2025 reform, written for this test after the rules
    (tests/fixtures/plans/unseen_ward_school.txt): a school year, a date spelled 20-10-2026,
    a count target, and one rule for every periodic report."""
    lines = (PLANS / "unseen_ward_school.txt").read_text(encoding="utf-8").splitlines()
    plan = extract_plan([part for line in lines for part in line.split("\t")])
    assert plan.number.value == "27/KH-THLNH"
    assert plan.issued_on.value == datetime.date(2026, 2, 12)
    assert plan.place.value == "Phường Sài Gòn"
    assert (plan.start.value, plan.end.value) == (
        datetime.date(2025, 9, 1),
        datetime.date(2026, 8, 31),
    )
    assert [(d.value.kind, d.value.due) for d in plan.deadlines] == [
        (DeadlineKind.REGISTRATION, datetime.date(2026, 3, 10)),
        (DeadlineKind.REGISTRATION, datetime.date(2026, 3, 20)),
        (DeadlineKind.RESULT_REPORT, datetime.date(2026, 10, 20)),
        (DeadlineKind.AWARD_PROPOSAL, datetime.date(2026, 11, 5)),
    ]
    # The meeting on 25/6/2026 is no deadline.
    assert all(d.value.due != datetime.date(2026, 6, 25) for d in plan.deadlines)
    assert [(t.value.value, t.value.measure) for t in plan.targets] == [
        (Decimal(100), "percent"),
        (Decimal(90), "percent"),
        (Decimal(1), "count"),
    ]
    assert plan.targets[1].value.indicator_text == "Mức độ hài lòng của phụ huynh học sinh"
    (schedule,) = plan.schedules
    assert (schedule.value.periods, schedule.value.due_day, schedule.value.due_month) == (
        ("q1", "h1", "q3", "year"),
        15,
        "last",
    )
