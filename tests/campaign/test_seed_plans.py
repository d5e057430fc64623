"""The five seed plans load into the demo tenants as the sources have them, pass every check,
and load only once."""

import datetime

import pytest

from campaign.models import (
    Campaign,
    Deadline,
    DeadlineKind,
    KpiTarget,
    Participation,
    Phase,
    ReportSchedule,
)
from campaign.seed_plans import SEED_PLANS, load_seed_campaigns
from campaign.selectors import schedule_occurrences
from campaign.services import schedule_errors
from documents.models import IssuedNumber
from units.demo import load_demo

pytestmark = pytest.mark.django_db

D = datetime.date
R = DeadlineKind.REGISTRATION
RESULT = DeadlineKind.RESULT_REPORT
AWARD = DeadlineKind.AWARD_PROPOSAL
SUMMARY = DeadlineKind.SUMMARY
PLAN = DeadlineKind.PLAN_SUBMISSION

# Every deadline date the sources print, with its kind.
SOURCE_DEADLINES = {
    "000": {
        (R, D(2023, 9, 16)),
        (R, D(2024, 2, 1)),
        (R, D(2025, 2, 15)),
        (AWARD, D(2023, 10, 5)),
        (AWARD, D(2024, 10, 10)),
        (AWARD, D(2025, 10, 10)),
    },
    "001": {(PLAN, D(2023, 3, 21))},
    "002": {
        (R, D(2023, 4, 22)),
        (RESULT, D(2023, 6, 10)),
        (SUMMARY, D(2023, 9, 30)),
        (AWARD, D(2023, 12, 5)),
    },
    "003": {(R, D(2020, 5, 25)), (SUMMARY, D(2020, 5, 31)), (RESULT, D(2020, 11, 15))},
    "004": {(R, D(2024, 8, 25)), (RESULT, D(2024, 10, 31)), (SUMMARY, D(2024, 11, 5))},
}


def _counts():
    return {
        model.__name__: model.objects.count()
        for model in (
            Campaign,
            Phase,
            Deadline,
            KpiTarget,
            ReportSchedule,
            Participation,
            IssuedNumber,
        )
    }


@pytest.fixture
def plans():
    load_demo()
    loaded = load_seed_campaigns()
    return {seed.key: campaign for seed, campaign in zip(SEED_PLANS, loaded, strict=True)}


def test_loading_twice_changes_nothing(plans):
    before = _counts()
    again = load_seed_campaigns()

    assert [c.pk for c in again] == [c.pk for c in plans.values()]
    assert _counts() == before
    assert before["Campaign"] == 7  # five seeds and the two plans they are based on


def test_every_plan_is_launched_and_passes_every_check(plans):
    for key, plan in plans.items():
        plan.refresh_from_db()
        assert plan.is_launched, key
        assert plan.number_id, key
        assert schedule_errors(plan) == [], key


def test_printed_numbers_continue_the_paper_registers(plans):
    assert plans["002"].number.display == "112/KH-MNCG"
    assert plans["002"].issued_on == D(2023, 4, 28)
    assert plans["003"].number.display == "308/KH-GDĐT"
    assert plans["003"].issued_on == D(2020, 5, 14)
    assert plans["1362"].number.display == "1362/KH-GDĐT"
    assert plans["1362"].issued_on == D(2023, 9, 14)
    assert plans["175"].number.display == "175/KH-UBND"
    assert plans["175"].issued_on == D(2023, 4, 26)
    # Without a printed number, the register allocates the unit's first plan of the year.
    assert plans["000"].number.display == "01/KH-MNSC"
    assert plans["001"].number.display == "01/KH-MNHP"
    assert plans["004"].number.display == "01/KH-SGDĐT"


@pytest.mark.parametrize("key", sorted(SOURCE_DEADLINES))
def test_every_source_deadline_is_there_with_its_kind(plans, key):
    deadlines = Deadline.objects.filter(phase__campaign=plans[key])

    assert {(d.kind, d.due_date) for d in deadlines} == SOURCE_DEADLINES[key]


def test_seed_000_has_one_phase_per_year_sent_to_the_district_office(plans):
    plan = plans["000"]
    assert [p.name for p in plan.phases.all()] == ["Năm 2023", "Năm 2024", "Năm 2025"]
    deadlines = Deadline.objects.filter(phase__campaign=plan).select_related("receiving_unit")
    assert {d.receiving_unit.code for d in deadlines} == {"GDĐT"}
    styles = {d.due_date: d.date_style for d in deadlines}
    assert styles[D(2023, 9, 16)] == "short"
    assert styles[D(2024, 2, 1)] == "long"
    first = deadlines.get(due_date=D(2023, 9, 16))
    assert first.contact_email == "tonghoptk.pgdnhabe@moet.edu.vn"
    assert first.description.startswith("Đăng ký các giải pháp, mô hình, sáng kiến tiêu biểu")
    assert {(t.indicator.code, t.value) for t in plan.targets.all()} == {
        ("hai-long-phuc-vu", 95),
        ("hai-long-tthc", 95),
        ("van-ban-dien-tu", 100),
    }


def test_seed_001_reports_on_the_fifth_of_march_june_september_december(plans):
    plan = plans["001"]
    schedule = plan.report_schedules.get()

    dues = [due for _, _, due in schedule_occurrences(schedule, plan.start_date, plan.end_date)]

    assert dues == [D(2023, 3, 5), D(2023, 6, 5), D(2023, 9, 5), D(2023, 12, 5)]
    assert schedule.receiving_unit.code == "PGDĐT"
    assert plan.targets.get(indicator__code="tthc-dung-han").value == 98


def test_seed_000_and_002_are_based_on_their_parents_with_their_own_basis(plans):
    assert plans["000"].based_on == plans["1362"]
    assert plans["002"].based_on == plans["175"]
    assert plans["000"].legal_basis.startswith("Căn cứ Kế hoạch số 1362/KH-GDĐT ngày 14 tháng 9")
    basis_002 = plans["002"].legal_basis.splitlines()
    assert basis_002[1].startswith("Thực hiện Kế hoạch số 175/KH-UBND ngày 26 tháng 4 năm 2023")


def test_seed_002_is_written_with_its_diacritics(plans):
    plan = plans["002"]
    assert plan.title.endswith("tại đơn vị Trường Mầm non Cô Giang")
    assert "1/ Bà Phạm Thị Luật - Hiệu trưởng." in plan.implementation.splitlines()
    assert plan.signer_name == "Phạm Thị Luật"
    assert [p.name for p in plan.phases.all()] == ["Đợt 1", "Đợt 2"]


def test_seed_004_typo_is_corrected_and_its_signer_kept(plans):
    plan = plans["004"]
    texts = " ".join(p.description for p in plan.phases.all())
    assert "đến ngày 31 tháng 10 năm 2024" in texts
    assert "năm 2023" not in texts
    assert plan.end_date >= D(2024, 11, 5)
    assert (plan.signer_authority, plan.signer_position, plan.signer_name) == (
        "KT. GIÁM ĐỐC",
        "PHÓ GIÁM ĐỐC",
        "Nguyễn Thế Dũng",
    )


def _participants(plan):
    return set(Participation.objects.filter(campaign=plan).values_list("unit__code", flat=True))


def test_the_schools_take_part(plans):
    assert _participants(plans["000"]) == {"MNSC"}
    assert _participants(plans["001"]) == {"MNHP"}
    assert _participants(plans["002"]) == {"MNCG"}
    assert _participants(plans["003"]) == {"GDĐT", "BDGD"}
    assert {"THPT1", "THPTC", "PTDTNT", "THPTBX", "TCCB"} <= _participants(plans["004"])
    assert "SGDĐT" not in _participants(plans["004"])
    assert {"MNSC", "MNHM", "THLVL", "THCSNBK"} <= _participants(plans["1362"])
    assert {"MNCG", "MNBN"} <= _participants(plans["175"])
