"""The award officer's journey in Debian's chromium: open the council on the nominations sent
to it, take attendance, enter the ballots, record the result, produce the dossier, watch its
progress and download it, signed, as one PDF and as a ZIP. As in the embedded mode (no
broker), the dossier renders in a background thread: the page answers at once and the
journey waits on the progress bar, not on the click."""

import io
import zipfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from playwright.sync_api import expect

from awards.models import Nomination
from documents.services import pdf_text
from documents.signing import verify_pdf
from tests.e2e.conftest import log_in, shot, wait_for_render
from tests.factories import council, member, signing_certificate
from units.models import Role

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def nominations(tree, settings, tmp_path):
    """Two schools and a teacher of Phòng A sent to its council, an award officer at Phòng A
    with the unit's signing certificate."""
    settings.MEDIA_ROOT = tmp_path
    # The factory's own session is discarded: its nominations go back to the council.
    session = council(tree["office_a"], collectives=2, individuals=1, close=False)
    Nomination.objects.filter(votes__session=session).update(status=Nomination.Status.SUBMITTED)
    session.votes.all().delete()
    session.delete()
    _certificate, trusted = signing_certificate(tree["office_a"], "Phòng Giáo dục và Đào tạo A")
    member(tree["office_a"], Role.AWARD_OFFICER, username="thi-dua-a")
    return trusted


def button(page, name):
    page.get_by_role("button", name=name, exact=True).click()


def test_an_officer_holds_the_council_and_downloads_the_signed_dossier(
    live_server, page, nominations, background_renders
):
    base = live_server.url
    log_in(page, base, "thi-dua-a")
    page.goto(f"{base}/awards/")
    page.click("text=Hội đồng Thi đua - Khen thưởng")
    page.click("text=Mở phiên họp Hội đồng")

    page.select_option("select[name=campaign]", index=1)
    page.fill("input[name=year]", "2024")
    page.fill("input[name=held_on]", "2024-10-01")
    page.fill("input[name=starts_at]", "08:00")
    page.fill("input[name=place]", "Phòng họp số 1")
    for row, (name, role) in enumerate(
        [("Trần Văn Chủ", "chair"), ("Lê Thị Thư", "secretary"), ("Phạm Ủy Viên", "member")]
    ):
        page.fill(f"input[name=members-{row}-full_name]", name)
        page.select_option(f"select[name=members-{row}-role]", role)
        page.check(f"input[name=members-{row}-present]")  # never ticked in advance
    # A refused form keeps what was typed: the year of a plan with nothing sent is refused.
    page.fill("input[name=year]", "2030")
    button(page, "Mở phiên họp")
    assert "Chưa có đề nghị khen thưởng năm 2030" in page.inner_text("[data-testid=form-errors]")
    assert page.input_value("input[name=members-1-full_name]") == "Lê Thị Thư"
    page.fill("input[name=year]", "2024")
    shot(page, "award-1-open-session")
    button(page, "Mở phiên họp")

    page.wait_for_selector("[data-testid=ballots]")
    rows = page.locator("[data-testid=ballots] tbody tr")
    assert rows.count() == 3
    assert "3 thành viên có mặt" in page.inner_text("main")
    # 2 of 3 present is 66.7%, under the 70% threshold: the second school does not pass.
    for index, (votes_for, against) in enumerate([("3", "0"), ("2", "1"), ("3", "0")]):
        rows.nth(index).locator("input[name^=for_]").fill(votes_for)
        rows.nth(index).locator("input[name^=against_]").fill(against)
    button(page, "Lưu kết quả bỏ phiếu")
    assert "Đã lưu kết quả bỏ phiếu." in page.inner_text(".alert")
    page.fill("input[name=ends_at]", "10:30")
    shot(page, "award-2-ballots")
    button(page, "Ghi nhận kết quả")
    assert page.inner_text("[data-testid=session-status]") == "Kết quả đã ghi nhận"
    badges = page.locator("[data-testid=ballots] .badge").all_inner_texts()
    assert badges == ["Đề nghị", "Không đề nghị", "Đề nghị"]

    page.click("[data-testid=dossier-start]")
    status = page.locator("[data-testid=job-status]")
    # The page is back before the dossier is: it shows the progress bar, then the links.
    assert status.get_attribute("data-status") in ("pending", "running")
    expect(status.get_by_role("progressbar")).to_be_visible()
    shot(page, "award-3-dossier-progress")
    wait_for_render(page)
    shot(page, "award-4-dossier-ready")

    with page.expect_download() as download:
        page.click("text=Tải hồ sơ (một tệp PDF)")
    pdf = Path(download.value.path()).read_bytes()
    assert download.value.suggested_filename.endswith(".pdf")
    # pyHanko runs its own event loop: outside the thread where Playwright's loop runs.
    with ThreadPoolExecutor(1) as pool:
        [state] = pool.submit(verify_pdf, pdf, trust_roots=[nominations]).result()
    assert state.ok
    text = " ".join(pdf_text(pdf, layout=False).split())
    assert "TỜ TRÌNH" in text and "BIÊN BẢN" in text and "Ký số bởi: Nguyễn Văn Ký" in text
    assert "02 tập thể" not in text and "01 tập thể và 01 cá nhân" in text

    with page.expect_download() as download:
        page.click("text=Tải tệp ZIP gồm từng văn bản PDF")
    archive = zipfile.ZipFile(io.BytesIO(Path(download.value.path()).read_bytes()))
    assert len(archive.namelist()) == 1 + 3 + 2 * 2
    assert any(name.startswith("01 Tờ trình") for name in archive.namelist())
