"""A district office's head recognises initiatives on a phone, in Debian's chromium: the list
of initiatives waiting for recognition narrows as they type (accents optional, by name, author
or unit, each unit's heading kept while one of its rows shows), and the draft saves the one
they ticked."""

import pytest
from playwright.sync_api import expect

from awards.models import Recognition
from tests.e2e.conftest import log_in
from tests.factories import PersonFactory, applied_initiative, member, plan_with_results
from units.models import Role

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def waiting(tree):
    """Two initiatives of Phòng A's schools applied with effect, and the office's head."""
    plan = plan_with_results(tree["office_a"])
    author = PersonFactory(unit=tree["a1"], full_name="Nguyễn Thị Điểm")
    applied_initiative(tree["a1"], plan, name="Sổ điểm điện tử", authors=[author])
    applied_initiative(tree["a2"], plan, name="Ký số hồ sơ kế toán")
    member(tree["office_a"], Role.UNIT_HEAD, username="truong-phong-a")
    return tree


def test_the_head_finds_an_initiative_by_typing_and_drafts_its_recognition(
    live_server, phone, waiting
):
    base = live_server.url
    log_in(phone, base, "truong-phong-a")
    phone.goto(f"{base}/awards/recognitions/new/")
    table = phone.get_by_test_id("recognisable")
    rows = table.locator("tbody tr:not([data-group-heading])")
    headings = table.locator("tbody tr[data-group-heading]")
    expect(rows.filter(visible=True)).to_have_count(2)

    search = phone.get_by_label("Tìm sáng kiến (tên, tác giả hoặc đơn vị)")
    search.fill("so diem")  # no accents: "Sổ điểm điện tử"
    expect(rows.filter(visible=True)).to_have_count(1)
    expect(rows.filter(visible=True)).to_contain_text("Sổ điểm điện tử")
    expect(headings.filter(visible=True)).to_have_count(1)
    search.fill("Điểm")  # the author
    expect(rows.filter(visible=True)).to_have_count(1)
    search.press("Enter")  # does not send the form
    expect(phone).to_have_url(f"{base}/awards/recognitions/new/")
    search.fill("khong co")
    expect(rows.filter(visible=True)).to_have_count(0)
    expect(headings.filter(visible=True)).to_have_count(0)
    search.fill("")
    expect(rows.filter(visible=True)).to_have_count(2)

    phone.get_by_label("Sổ điểm điện tử", exact=True).check()
    phone.get_by_role("button", name="Lưu nháp").click()
    expect(phone.get_by_text("Sổ điểm điện tử")).to_be_visible()
    recognition = Recognition.objects.get()
    assert [e.initiative.name for e in recognition.entries.all()] == ["Sổ điểm điện tử"]
    assert recognition.is_draft
