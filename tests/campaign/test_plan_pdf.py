"""Each seed plan printed back as the official document it came from."""

import time
import unicodedata

import pytest

from campaign.documents import date_as_written, render_plan
from campaign.models import Campaign, Deadline
from campaign.seed_plans import SEED_PLANS, load_seed_campaigns
from documents.formatting import vn_date
from documents.letterhead import unit_letterhead
from documents.services import pdf_text
from units.demo import load_demo

pytestmark = pytest.mark.django_db

SEEDS_WITH_NUMBERS = {"002": "Số: 112/KH-MNCG", "003": "Số: 308/KH-GDĐT"}
# The letterhead's left column as the sources print it (seed 003: the clerk's own name line).
LETTERHEADS = {
    "002": "ỦY BAN NHÂN DÂN QUẬN 1 TRƯỜNG MẦM NON CÔ GIANG Số: 112/KH-MNCG",
    "003": "ỦY BAN NHÂN DÂN QUẬN GÒ VẤP PHÒNG GIÁO DỤC VÀ ĐÀO TẠO Số: 308/KH-GDĐT",
    "175": "ỦY BAN NHÂN DÂN QUẬN 1 Số: 175/KH-UBND",
}
PLACE_DATE = {
    "002": "Quận 1, ngày 28 tháng 4 năm 2023",
    "003": "Gò Vấp, ngày 14 tháng 5 năm 2020",
}


@pytest.fixture(scope="module")
def rendered(django_db_setup, django_db_blocker):
    """Load the demo and seed plans once, render every plan, and roll everything back."""
    from django.db import transaction

    with django_db_blocker.unblock(), transaction.atomic():
        load_demo()
        load_seed_campaigns()
        result = {}
        for seed in SEED_PLANS:
            plan = Campaign.objects.select_related("issuing_unit", "number").get(
                issuing_unit__tenant__slug=seed.tenant,
                issuing_unit__code=seed.unit,
                title=seed.title,
            )
            started = time.perf_counter()
            document = render_plan(plan)
            seconds = time.perf_counter() - started
            deadlines = list(Deadline.objects.filter(phase__campaign=plan))
            # The letterhead's two columns, read apart (A4 is 595 × 842 points).
            left = pdf_text(document.pdf, last_page=1, layout=False, box=(0, 0, 297, 180))
            right = pdf_text(document.pdf, last_page=1, layout=False, box=(297, 0, 298, 180))
            text = pdf_text(document.pdf, layout=False)
            result[seed.key] = (plan, (left, right, text), deadlines, seconds)
        transaction.set_rollback(True)
    return result


def one_line(text):
    return " ".join(unicodedata.normalize("NFC", text).split())


@pytest.mark.parametrize("key", [seed.key for seed in SEED_PLANS])
def test_the_pdf_reads_like_the_source_plan(rendered, key):
    plan, (left, right, text), deadlines, _seconds = rendered[key]
    left, right, flat = one_line(left), one_line(right), one_line(text)
    unit = plan.issuing_unit

    letterhead = unit_letterhead(unit)["letterhead"]
    assert left.startswith(one_line(" ".join(map(str, letterhead.parent + letterhead.body))))
    if unit.name.startswith("Ủy ban nhân dân"):  # a People's Committee prints no parent body
        assert letterhead.parent == []
    assert f"Số: {plan.number.display}" in left
    assert right.startswith("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - Hạnh phúc")
    assert f"{unit.place_name}, {vn_date(plan.issued_on)}" in right
    assert "KẾ HOẠCH" in flat
    if key in LETTERHEADS:
        assert left.startswith(LETTERHEADS[key])
    if key in SEEDS_WITH_NUMBERS:
        assert SEEDS_WITH_NUMBERS[key] in left
        assert PLACE_DATE[key] in right
    assert deadlines, "every seed plan has deadlines"
    for deadline in deadlines:
        assert date_as_written(deadline.due_date, deadline.date_style) in flat


def test_dates_are_written_as_the_source_wrote_them(rendered):
    _plan, (_left, _right, text), _deadlines, _seconds = rendered["000"]
    flat = one_line(text)

    assert "trước ngày 16/9/2023" in flat
    assert "trước ngày 01 tháng 02 năm 2024" in flat


def test_every_seed_plan_renders_in_a_few_seconds(rendered):
    # Not a benchmark (bench/ measures); a guard against a render that hangs.
    assert max(seconds for *_rest, seconds in rendered.values()) < 30
