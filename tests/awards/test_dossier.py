"""The award dossier of a council session: its documents and their text, the numbers from the
unit's register, the signatures (and a tampered copy), the background job and who may read it."""

import io
import re
import shutil
import subprocess
import zipfile

import pytest
from django.urls import reverse

from awards import documents as award_documents
from awards import services
from documents.models import IssuedNumber, RenderJob, SigningCertificate
from documents.services import pdf_text
from documents.signing import verify_pdf
from tests.factories import council, member, signing_certificate
from units.models import Role
from units.permissions import SYSTEM

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def session(tree):
    return council(tree["office_a"])  # 3 collectives, 5 individuals, 8-1 of 9 present


@pytest.fixture
def certificate(tree):
    return signing_certificate(tree["office_a"], "Phòng Giáo dục và Đào tạo A")[1]


def produce(session, django_capture_on_commit_callbacks):
    """Start the dossier and run its task (eager) once the transaction commits."""
    with django_capture_on_commit_callbacks(execute=True):
        job = services.dossier_start(actor=SYSTEM, session=session)
    job.refresh_from_db()
    return job


def archive_of(job) -> zipfile.ZipFile:
    with job.file.open("rb") as handle:
        return zipfile.ZipFile(io.BytesIO(handle.read()))


def merged(archive) -> bytes:
    return archive.read(award_documents.merged_member(archive))


def test_a_dossier_holds_every_document_of_3_collectives_and_5_individuals(
    session, django_capture_on_commit_callbacks
):
    job = produce(session, django_capture_on_commit_callbacks)
    assert job.status == RenderJob.Status.DONE, job.error
    assert job.progress == 100
    archive = archive_of(job)

    names = archive.namelist()
    assert names[:4] == [
        "00 Hồ sơ đề nghị khen thưởng 01-TTr-PGD-A.pdf",
        "01 Tờ trình 01-TTr-PGD-A.pdf",
        "02 Biên bản 01-BB-PGD-A.pdf",
        "03 Danh sách 01-DS-PGD-A.pdf",
    ]
    assert len(names) == 1 + 3 + 8 * 2
    assert "04 Báo cáo thành tích - Trường Tiểu học Số 1.pdf" in names
    assert "19 Tóm tắt thành tích - Giáo viên Thứ 8.pdf" in names

    text = " ".join(pdf_text(merged(archive), layout=False).split())
    for index in range(1, 4):
        assert f"Trường Tiểu học Số {index}" in text
    for index in range(4, 9):
        assert f"Giáo viên Thứ {index}" in text
    # The numbers, each where it belongs, and the place-date lines.
    assert "Số: 01/TTr-PGD-A" in text and "Số: 01/BB-PGD-A" in text
    assert "Số: 01/DS-PGD-A" in text
    assert "(có Danh sách số 01/DS-PGD-A kèm theo)" in text
    assert (
        "Biên bản họp Hội đồng Thi đua - Khen thưởng số 01/BB-PGD-A ngày 01 tháng 10 năm 2024"
        in (text)
    )
    assert "Quận 1, ngày 01 tháng 10 năm 2024" in text  # the minutes: the meeting's day
    assert "Kính gửi: Trưởng phòng Giáo dục và Đào tạo" in text
    # The minutes: attendance, the ballots of each nominee and the result.
    assert "Có mặt 9/10 thành viên Hội đồng; vắng mặt 01 thành viên." in text
    assert "Vắng: Vắng Mặt." in text
    minutes = pdf_text(archive.read("02 Biên bản 01-BB-PGD-A.pdf"))
    # For, against at the meeting; written for, against; for / base; share; result.
    assert len(re.findall(r" 8 +1 +0 +0 +8/9 +88,9% +Đề nghị", minutes)) == 8
    assert "Không đề nghị" not in minutes
    assert "Hội đồng thống nhất đề nghị khen thưởng 03 tập thể và 05 cá nhân." in text
    # Each nominee's report in the three parts, the summary too.
    assert text.count("BÁO CÁO THÀNH TÍCH Đề nghị tặng Giấy khen") == 8
    assert text.count("TÓM TẮT THÀNH TÍCH Đề nghị tặng Giấy khen") == 8
    assert text.count("NGƯỜI BÁO CÁO THÀNH TÍCH") == 10  # a person signs their own
    assert text.count("III. CÁC HÌNH THỨC KHEN THƯỞNG ĐÃ ĐƯỢC GHI NHẬN") == 16
    assert text.count("Bản điện tử chưa ký số") == 19  # no certificate: every part says so

    # Separate PDFs are the same documents as the merged one.
    tor = pdf_text(archive.read("01 Tờ trình 01-TTr-PGD-A.pdf"), layout=False)
    assert "TỜ TRÌNH" in tor and "Giáo viên Thứ 4" not in tor


def test_numbers_are_unique_and_a_second_render_keeps_them(
    tree, session, django_capture_on_commit_callbacks
):
    produce(session, django_capture_on_commit_callbacks)
    produce(session, django_capture_on_commit_callbacks)  # a re-render

    issued = list(
        IssuedNumber.objects.filter(unit=tree["office_a"]).values_list("doc_type", "number")
    )
    assert sorted(issued) == [("BB", 1), ("DS", 1), ("KH", 1), ("TTr", 1)]  # KH: the plan
    assert len(set(IssuedNumber.objects.values_list("unit", "year", "doc_type", "number"))) == (
        IssuedNumber.objects.count()
    )


def test_a_second_council_takes_the_next_numbers(tree, django_capture_on_commit_callbacks):
    first = council(tree["office_a"], collectives=1, individuals=0)
    second = council(tree["office_a"], collectives=1, individuals=1)
    produce(first, django_capture_on_commit_callbacks)
    job = produce(second, django_capture_on_commit_callbacks)

    names = archive_of(job).namelist()
    assert "01 Tờ trình 02-TTr-PGD-A.pdf" in names and "02 Biên bản 02-BB-PGD-A.pdf" in names


def test_signed_documents_validate_and_a_changed_byte_breaks_the_signature(
    session, certificate, django_capture_on_commit_callbacks
):
    archive = archive_of(produce(session, django_capture_on_commit_callbacks))
    whole = merged(archive)

    for pdf in (whole, archive.read("01 Tờ trình 01-TTr-PGD-A.pdf")):
        [state] = verify_pdf(pdf, trust_roots=[certificate])
        assert state.intact and state.valid and state.trusted and state.covers_whole_file
        assert state.ok
        assert "Phòng Giáo dục và Đào tạo A" in state.signer
    text = " ".join(pdf_text(whole, layout=False).split())
    assert "Ký số bởi: Nguyễn Văn Ký" in text and "Thời gian ký: 20" in text
    assert "chưa ký số" not in text

    producer = whole.index(b"WeasyPrint")
    tampered = whole[:producer] + b"X" + whole[producer + 1 :]
    [state] = verify_pdf(tampered, trust_roots=[certificate])
    assert not state.intact and not state.ok

    # A standard tool agrees (poppler's pdfsig).
    if shutil.which("pdfsig"):
        assert "Signature is Valid" in _pdfsig(whole)
        assert "Signature is Valid" not in _pdfsig(tampered)


def _pdfsig(pdf: bytes) -> str:
    import tempfile

    with tempfile.NamedTemporaryFile(suffix=".pdf") as handle:
        handle.write(pdf)
        handle.flush()
        result = subprocess.run(
            ["pdfsig", "-nocert", handle.name], capture_output=True, text=True, check=False
        )
    return result.stdout + result.stderr


def test_the_job_reports_progress_and_a_failure_is_visible(
    tree, session, certificate, client, django_capture_on_commit_callbacks
):
    assert produce(session, django_capture_on_commit_callbacks).status == RenderJob.Status.DONE
    steps = []
    award_documents.build_dossier(session.pk, steps.append)
    assert steps == sorted(steps) and steps[0] < 10 and steps[-1] == 99 and len(steps) > 20

    # The certificate's passphrase no longer decrypts (the secret key changed): the job fails
    # with the reason, and the officer sees it on the session's page.
    SigningCertificate.objects.update(passphrase_encrypted=b"not a token")
    job = produce(session, django_capture_on_commit_callbacks)
    assert job.status == RenderJob.Status.FAILED
    assert "tải lại chứng thư" in job.error

    client.force_login(member(tree["office_a"], Role.AWARD_OFFICER))
    page = client.get(reverse("awards:council", args=[session.pk])).content.decode()
    assert 'data-status="failed"' in page and "tải lại chứng thư" in page
    # The failed job is the latest: no stale file is offered as the dossier.
    assert client.get(reverse("awards:dossier_zip", args=[session.pk])).status_code == 404


def test_downloads_for_the_officer_and_404_for_another_district_or_tenant(
    tree, session, client, django_capture_on_commit_callbacks
):
    from tests.factories import UnitFactory

    produce(session, django_capture_on_commit_callbacks)
    nomination = session.votes.first().nomination
    urls = [
        reverse("awards:council", args=[session.pk]),
        reverse("awards:dossier_pdf", args=[session.pk]),
        reverse("awards:dossier_zip", args=[session.pk]),
        reverse("awards:dossier_status", args=[session.pk]),
        reverse("awards:detail", args=[nomination.pk]),
    ]
    client.force_login(member(tree["office_a"], Role.AWARD_OFFICER))
    pdf = client.get(urls[1])
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert b"".join(pdf.streaming_content if pdf.streaming else [pdf.content]).startswith(b"%PDF")
    assert "attachment" in pdf["Content-Disposition"]
    assert client.get(urls[2])["Content-Type"] == "application/zip"

    other_tenant_root = UnitFactory(department=True)
    for outsider in (
        member(tree["office_b"], Role.AWARD_OFFICER),
        member(other_tenant_root, Role.AWARD_OFFICER),
        member(tree["a1"], Role.UNIT_HEAD),  # a school below sees its nomination, not this
    ):
        client.force_login(outsider)
        for url in urls[:4]:
            assert client.get(url).status_code == 404, (outsider, url)
        # Nor can they start a render of someone else's dossier.
        start = client.post(reverse("awards:dossier_start", args=[session.pk]))
        assert start.status_code == 404
