"""The "Tải Word (.docx)" button beside each PDF button: the page shows it, the download is a
Word file under the PDF's name, and a user of another unit gets the same 404 as for the PDF."""

import datetime
import io
import zipfile

import pytest
from django.urls import reverse
from docx import Document

from awards import documents as award_documents
from awards import services as award_services
from core.files import DOCX
from documents.models import RenderJob
from tests.factories import (
    accepted_initiative,
    applied_initiative,
    council,
    member,
    office_plan_under_department,
    periodic_report,
    plan_with_results,
    reporting_campaign,
)
from units.models import Role
from units.permissions import SYSTEM

pytestmark = pytest.mark.django_db

D = datetime.date


def word_text(answer) -> str:
    document = Document(io.BytesIO(answer.content))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return " ".join(" ".join([*(p.text for p in document.paragraphs), *cells]).split())


def assert_word_file(answer, filename):
    assert answer.status_code == 200
    assert answer["Content-Type"] == DOCX.content_type
    assert answer["Content-Disposition"] == f'attachment; filename="{filename}"'


def test_the_plan_page_offers_the_word_file_and_another_district_gets_404(client, tree):
    _upper, plan = office_plan_under_department(tree)
    url = reverse("campaign:docx", args=[plan.pk])
    client.force_login(member(tree["office_a"], Role.REVIEWER))

    page = client.get(reverse("campaign:detail", args=[plan.pk])).content.decode()
    assert f'href="{url}"' in page and "Tải Word (.docx)" in page
    answer = client.get(url)
    assert_word_file(answer, "ke-hoach-01-KH-PGD-A.docx")
    assert "Số: 01/KH-PGD-A" in word_text(answer)

    client.force_login(member(tree["b1"], Role.UNIT_HEAD))
    assert client.get(reverse("campaign:pdf", args=[plan.pk])).status_code == 404
    assert client.get(url).status_code == 404


def test_the_list_page_offers_its_cover_letter_and_list_as_one_word_file(client, tree):
    from initiatives import services

    _upper, plan = office_plan_under_department(tree)
    deadline = plan.phases.get().deadlines.get()
    accepted_initiative(tree["a1"], deadline, name="Sổ liên lạc điện tử")
    consolidation = services.consolidation_create(actor=SYSTEM, deadline=deadline)
    url = reverse("initiatives:consolidation_docx", args=[consolidation.pk])
    client.force_login(member(tree["office_a"], Role.REVIEWER))

    page = client.get(reverse("initiatives:consolidation", args=[consolidation.pk]))
    assert f'href="{url}"' in page.content.decode()
    answer = client.get(url)
    assert_word_file(answer, f"danh-sach-du-thao-{consolidation.pk}.docx")
    text = word_text(answer)
    assert "V/v gửi danh sách" in text and "DANH SÁCH" in text and "Sổ liên lạc điện tử" in text
    assert len(Document(io.BytesIO(answer.content)).sections) == 2  # the list on its own page

    client.force_login(member(tree["office_b"], Role.REVIEWER))
    assert client.get(url).status_code == 404


def test_the_report_and_the_dashboard_offer_the_word_file(client, tree):
    schedule = reporting_campaign(tree["office_a"]).report_schedules.get()
    report = periodic_report(
        tree["a1"],
        schedule,
        {"tthc-dung-han": (196, 200), "hai-long-tthc": (19, 20), "so-mo-hinh": (2, None)},
    )
    url = reverse("reports:docx", args=[report.pk])
    client.force_login(member(tree["office_a"], Role.REVIEWER))

    assert (
        f'href="{url}"' in client.get(reverse("reports:detail", args=[report.pk])).content.decode()
    )
    answer = client.get(url)
    assert_word_file(answer, f"bao-cao-cchc-q1-2024-{tree['a1'].code}.docx")
    assert "196/200" in word_text(answer)
    query = f"?schedule={schedule.pk}&year=2024&period=q1&unit={tree['office_a'].pk}"
    dashboard = client.get(reverse("reports:dashboard") + query).content.decode()
    assert reverse("reports:dashboard_docx") in dashboard
    rollup = client.get(reverse("reports:dashboard_docx") + query)
    assert_word_file(rollup, f"bao-cao-cchc-tong-hop-q1-2024-{tree['office_a'].code}.docx")
    assert "tổng hợp" in word_text(rollup)

    client.force_login(member(tree["b1"], Role.UNIT_HEAD))
    assert client.get(url).status_code == 404


def test_the_council_page_offers_the_dossier_and_the_decision_in_word_once_rendered(
    client, tree, django_capture_on_commit_callbacks
):
    session = council(tree["office_a"], collectives=1, individuals=1)
    dossier_url = reverse("awards:dossier_docx", args=[session.pk])
    decision_url = reverse("awards:decision_docx", args=[session.pk])
    client.force_login(member(tree["office_a"], Role.AWARD_OFFICER))
    assert client.get(dossier_url).status_code == 404  # no numbers before the dossier

    with django_capture_on_commit_callbacks(execute=True):
        award_services.dossier_start(actor=SYSTEM, session=session)
        award_services.decision_record(actor=SYSTEM, session=session, decided_on=D(2024, 10, 15))

    page = client.get(reverse("awards:council", args=[session.pk])).content.decode()
    assert f'href="{dossier_url}"' in page and f'href="{decision_url}"' in page
    # 103 files for 50 nominees: a background job, as the PDFs are; its page links the ZIP.
    with django_capture_on_commit_callbacks(execute=True):
        started = client.get(dossier_url)
    job = RenderJob.objects.get(builder=award_documents.DOSSIER_WORD_BUILDER)
    assert started["Location"] == reverse("documents:job_status", args=[job.pk])
    download = reverse("documents:job_download", args=[job.pk])
    job_page = client.get(started["Location"]).content.decode()
    assert f'href="{download}"' in job_page
    assert f"Tải ho-so-khen-thuong-2024-{session.pk}-word.zip" in job_page  # not "the PDF"
    answer = client.get(download)
    assert answer["Content-Type"] == "application/zip"
    assert f"ho-so-khen-thuong-2024-{session.pk}-word.zip" in answer["Content-Disposition"]
    names = zipfile.ZipFile(io.BytesIO(b"".join(answer.streaming_content))).namelist()
    assert names[:3] == [
        "01 Tờ trình 01-TTr-PGD-A.docx",
        "02 Biên bản 01-BB-PGD-A.docx",
        "03 Danh sách 01-DS-PGD-A.docx",
    ]
    assert len(names) == 3 + 2 * 2  # each nominee's report and its summary
    decision = client.get(decision_url)
    assert_word_file(decision, f"quyet-dinh-khen-thuong-2024-{session.pk}.docx")
    assert "Số: 01/QĐ-PGD-A" in word_text(decision)
    status = client.get(reverse("awards:decision_status", args=[session.pk]))
    assert f'href="{decision_url}"' in status.content.decode()

    client.force_login(member(tree["office_b"], Role.AWARD_OFFICER))
    assert client.get(dossier_url).status_code == 404
    assert client.get(decision_url).status_code == 404


def test_the_recognition_page_offers_the_decision_in_word(
    client, tree, django_capture_on_commit_callbacks
):
    plan = plan_with_results(tree["office_a"])
    item = applied_initiative(tree["a1"], plan, name="Tuyển sinh trực tuyến")
    recognition = award_services.recognition_save(
        actor=SYSTEM,
        unit=tree["office_a"],
        year=2024,
        decided_on=D(2024, 11, 15),
        signer_position="Trưởng phòng",
        signer_name="Trần Văn Trưởng",
        entries=[(item, "Áp dụng toàn quận")],
    )
    url = reverse("awards:recognition_docx", args=[recognition.pk])
    client.force_login(member(tree["office_a"], Role.UNIT_HEAD))
    assert client.get(url).status_code == 404  # a draft has no number yet
    with django_capture_on_commit_callbacks(execute=True):
        award_services.recognition_issue(actor=SYSTEM, recognition=recognition)

    page = client.get(reverse("awards:recognition", args=[recognition.pk])).content.decode()
    assert f'href="{url}"' in page
    answer = client.get(url)
    assert_word_file(answer, f"quyet-dinh-cong-nhan-sang-kien-2024-{recognition.pk}.docx")
    assert "Tuyển sinh trực tuyến" in word_text(answer)

    client.force_login(member(tree["office_b"], Role.UNIT_HEAD))
    assert client.get(url).status_code == 404
