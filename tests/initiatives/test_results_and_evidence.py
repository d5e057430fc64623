"""Mẫu 2 (result report) and its evidence files: type by content, size limit, served only
behind the permission check, and a refused file never costs what was typed."""

import datetime
import hashlib
import io
import zipfile

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from initiatives import services
from initiatives.models import Evidence, Initiative, ResultReport
from tests.factories import accepted_initiative, campaign, local_time, member
from units.models import Role
from units.permissions import SYSTEM

pytestmark = pytest.mark.django_db

D = datetime.date
PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
EXE_BYTES = b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 64


def office_file(folder):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr(f"{folder}/document.xml", "<x/>")
    return buffer.getvalue()


@pytest.fixture
def plan(tree):
    """Registration in Đợt 1, results in Đợt 2 (both received by Phòng A)."""
    return campaign(
        tree["office_a"],
        phases=(
            ("Đợt 1", (2024, 4, 1), (2024, 8, 25), [("registration", (2024, 8, 25))]),
            ("Đợt 2", (2024, 8, 26), (2024, 10, 31), [("result_report", (2024, 10, 31))]),
        ),
        launch_on=D(2024, 3, 20),
    )


@pytest.fixture
def accepted(tree, plan):
    registration = plan.phases.get(name="Đợt 1").deadlines.get()
    return accepted_initiative(tree["a1"], registration, name="Sổ liên lạc điện tử")


@pytest.fixture
def report(accepted):
    return services.result_report_start(actor=SYSTEM, initiative=accepted, today=D(2024, 9, 1))


def test_results_open_only_once_the_result_phase_begins(accepted):
    with pytest.raises(ValidationError) as excinfo:
        services.result_report_start(actor=SYSTEM, initiative=accepted, today=D(2024, 8, 1))
    assert "26" in " ".join(excinfo.value.messages)

    report = services.result_report_start(actor=SYSTEM, initiative=accepted, today=D(2024, 8, 26))
    assert report.deadline.due_date == D(2024, 10, 31)


def test_the_result_report_is_submitted_reviewed_and_traced(tree, report):
    head = member(tree["a1"], Role.UNIT_HEAD)
    reviewer = member(tree["office_a"], Role.REVIEWER)
    services.result_report_update(
        actor=head,
        report=report,
        work_done="Triển khai cho 300 phụ huynh.",
        effect_before="5 ngày",
        effect_after="1 ngày",
        completion=100,
    )
    services.result_report_submit(actor=head, report=report, now=local_time(2024, 11, 2))
    report.refresh_from_db()
    assert (report.status, report.is_late) == (Initiative.Status.SUBMITTED, True)

    services.result_report_decide(actor=reviewer, report=report, accept=False, comment="Thêm ảnh.")
    services.result_report_submit(actor=head, report=report, now=local_time(2024, 11, 3))
    services.result_report_decide(actor=reviewer, report=report, accept=True)

    report.refresh_from_db()
    assert report.status == Initiative.Status.ACCEPTED and report.version == 2
    actions = list(report.initiative.events.order_by("id").values_list("action", flat=True))
    assert actions[-4:] == ["result_submit", "result_return", "result_submit", "result_accept"]


def test_an_incomplete_result_report_says_what_is_missing(report):
    with pytest.raises(ValidationError):
        services.result_report_submit(actor=SYSTEM, report=report, now=local_time(2024, 9, 2))
    assert ResultReport.objects.get(pk=report.pk).status == Initiative.Status.DRAFT


def test_evidence_is_checked_by_content_and_hashed(tree, report):
    head = member(tree["a1"], Role.UNIT_HEAD)

    pdf = services.evidence_add(
        actor=head,
        initiative=report.initiative,
        kind="plan",
        upload=SimpleUploadedFile("kế hoạch.pdf", PDF_BYTES),
    )
    word = services.evidence_add(
        actor=head,
        initiative=report.initiative,
        kind="documents",
        upload=SimpleUploadedFile("quyet-dinh.docx", office_file("word")),
    )

    assert pdf.content_type == "application/pdf"
    assert pdf.sha256 == hashlib.sha256(PDF_BYTES).hexdigest()
    assert word.content_type.endswith("wordprocessingml.document")
    assert "kế hoạch" not in pdf.file.name  # stored under its hash, not the user's name


def test_a_disguised_executable_is_refused(tree, report):
    with pytest.raises(ValidationError) as excinfo:
        services.evidence_add(
            actor=SYSTEM,
            initiative=report.initiative,
            kind="plan",
            upload=SimpleUploadedFile("ke-hoach.pdf", EXE_BYTES),
        )
    assert "ke-hoach.pdf" in " ".join(excinfo.value.messages)
    assert not Evidence.objects.exists()


def test_an_oversized_file_is_refused(settings, report):
    settings.EVIDENCE_MAX_BYTES = 1024

    with pytest.raises(ValidationError):
        services.evidence_add(
            actor=SYSTEM,
            initiative=report.initiative,
            kind="photos",
            upload=SimpleUploadedFile("anh.pdf", PDF_BYTES + b"0" * 2048),
        )
    assert not Evidence.objects.exists()


def test_a_refused_file_keeps_everything_else_typed(client, tree, report):
    client.force_login(member(tree["a1"], Role.UNIT_HEAD))

    response = client.post(
        reverse("initiatives:result", kwargs={"initiative_id": report.initiative_id}),
        {
            "work_done": "Đã triển khai ở 3 lớp",
            "effect_after": "Giảm 80% giấy tờ",
            "completion": "90",
            "evidence_kind": "plan",
            "evidence_file": SimpleUploadedFile("ke-hoach.pdf", EXE_BYTES),
            "submit": "1",
        },
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert "Đã triển khai ở 3 lớp" in page and "Giảm 80% giấy tờ" in page
    assert "ke-hoach.pdf" in page
    report.refresh_from_db()
    assert report.work_done == "Đã triển khai ở 3 lớp"  # saved as a draft
    assert report.status == Initiative.Status.DRAFT  # not submitted with a refused file
    assert not Evidence.objects.exists()


def test_evidence_is_served_only_to_those_who_see_the_item(client, tree, report):
    evidence = services.evidence_add(
        actor=SYSTEM,
        initiative=report.initiative,
        kind="plan",
        upload=SimpleUploadedFile("ke-hoach.pdf", PDF_BYTES),
    )
    url = reverse("initiatives:evidence", kwargs={"evidence_id": evidence.pk})

    client.force_login(member(tree["office_a"], Role.REVIEWER))
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF_BYTES
    assert "attachment" in response["Content-Disposition"]
    client.force_login(member(tree["a2"], Role.UNIT_HEAD))
    assert client.get(url).status_code == 404
    assert not evidence.file.url.startswith("/static")


def _zip(parts: dict) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in parts.items():
            archive.writestr(name, content)
    return buffer.getvalue()


OLE2_HEAD = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


@pytest.mark.parametrize(
    ("name", "content", "flagged"),
    [
        ("so-lieu.xlsx", office_file("xl"), False),
        (
            "so-lieu.xlsx",  # an .xlsm renamed: its VBA project gives it away
            _zip({"[Content_Types].xml": "<Types/>", "xl/vbaProject.bin": b"\x00"}),
            True,
        ),
        (
            "bao-cao.odt",
            _zip({"mimetype": "application/vnd.oasis.opendocument.text", "Basic/x.xml": "<x/>"}),
            True,
        ),
        ("cu.doc", OLE2_HEAD + b"\x00" * 100 + "_VBA_PROJECT".encode("utf-16-le"), True),
        ("cu.doc", OLE2_HEAD + b"\x00" * 100 + "WordDocument".encode("utf-16-le"), False),
    ],
    ids=["plain xlsx", "renamed xlsm", "odt with Basic", "doc with VBA", "plain doc"],
)
def test_an_office_file_with_macros_is_flagged(client, tree, report, name, content, flagged):
    evidence = services.evidence_add(
        actor=SYSTEM,
        initiative=report.initiative,
        kind="figures",
        upload=SimpleUploadedFile(name, content),
    )
    assert evidence.has_macros is flagged
    client.force_login(member(tree["a1"], Role.UNIT_HEAD))
    page = client.get(reverse("initiatives:result", args=[report.initiative_id]))
    assert ('data-testid="macros"' in page.content.decode()) is flagged


def test_a_file_name_is_cleaned_and_never_used_for_storage(client, tree, report):
    evidence = services.evidence_add(
        actor=SYSTEM,
        initiative=report.initiative,
        kind="plan",
        upload=SimpleUploadedFile('../../etc/kế hoạch "số 1"<x>.pdf', PDF_BYTES),
    )
    assert "/" not in evidence.original_name and "<" not in evidence.original_name
    assert '"' not in evidence.original_name and ".." not in evidence.original_name
    assert "kế_hoạch" in evidence.original_name
    assert evidence.file.name.endswith(evidence.sha256[:16])  # stored under its hash
    client.force_login(member(tree["a1"], Role.UNIT_HEAD))
    response = client.get(reverse("initiatives:evidence", kwargs={"evidence_id": evidence.pk}))
    assert "etc" not in response["Content-Disposition"].split("filename")[1].split("/")[0]


def test_a_submitted_report_freezes_its_evidence(tree, report):
    services.result_report_update(
        actor=SYSTEM, report=report, work_done="x", effect_after="y", completion=80
    )
    services.result_report_submit(actor=SYSTEM, report=report, now=local_time(2024, 9, 2))

    with pytest.raises(ValidationError):
        services.evidence_add(
            actor=SYSTEM,
            initiative=report.initiative,
            kind="plan",
            upload=SimpleUploadedFile("muon.pdf", PDF_BYTES),
        )


def test_another_school_cannot_add_evidence(tree, report):
    with pytest.raises(PermissionDenied):
        services.evidence_add(
            actor=member(tree["a2"], Role.UNIT_HEAD),
            initiative=report.initiative,
            kind="plan",
            upload=SimpleUploadedFile("x.pdf", PDF_BYTES),
        )


def test_mau_1_and_mau_2_download_as_official_pdfs(client, tree, report):
    from documents.services import pdf_text

    services.result_report_update(
        actor=SYSTEM, report=report, work_done="Triển khai cho 300 phụ huynh.", completion=95
    )
    client.force_login(member(tree["office_a"], Role.REVIEWER))
    kwargs = {"initiative_id": report.initiative_id}

    registration = pdf_text(
        client.get(reverse("initiatives:registration_pdf", kwargs=kwargs)).content
    )
    result = pdf_text(client.get(reverse("initiatives:result_pdf", kwargs=kwargs)).content)

    assert "Mẫu 1" in registration and "Sổ liên lạc điện tử" in registration
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in registration
    assert "Mẫu 2" in result and "Triển khai cho 300 phụ huynh." in result and "95%" in result
    client.force_login(member(tree["a2"], Role.UNIT_HEAD))
    assert client.get(reverse("initiatives:registration_pdf", kwargs=kwargs)).status_code == 404


def test_all_evidence_of_a_list_downloads_as_one_zip_foldered_by_unit(
    client, tree, plan, report, django_capture_on_commit_callbacks
):
    services.evidence_add(
        actor=SYSTEM,
        initiative=report.initiative,
        kind="plan",
        upload=SimpleUploadedFile("ke-hoach.pdf", PDF_BYTES),
    )
    registration = plan.phases.get(name="Đợt 1").deadlines.get()
    consolidation = services.consolidation_create(actor=SYSTEM, deadline=registration)
    reviewer = member(tree["office_a"], Role.REVIEWER)
    client.force_login(reviewer)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse(
                "initiatives:consolidation_evidence_zip",
                kwargs={"consolidation_id": consolidation.pk},
            )
        )
    status_page = client.get(response.url).content.decode()
    assert 'data-status="done"' in status_page
    job_id = int(response.url.rstrip("/").split("/")[-1])
    download = client.get(reverse("documents:job_download", kwargs={"renderjob_id": job_id}))

    archive = zipfile.ZipFile(io.BytesIO(b"".join(download.streaming_content)))
    (name,) = archive.namelist()
    assert name.startswith(f"{tree['a1'].name}/") and name.endswith("/ke-hoach.pdf")
    assert archive.read(name) == PDF_BYTES
    assert download["Content-Type"] == "application/zip"
    client.force_login(member(tree["office_a"], Role.REVIEWER))  # another reviewer
    assert client.get(response.url).status_code == 404
