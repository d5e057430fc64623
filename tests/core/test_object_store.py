"""Files in an S3-compatible object store (a real one: moto's server on 127.0.0.1, see
tests/objectstore.py): uploads land in the bucket and nowhere on disk, generated files too,
downloads stream through the permission check, and a store that went away costs the user a
clear message, not what they typed, nor a stack trace."""

import io
import zipfile

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from initiatives import services
from initiatives.models import Evidence, Initiative
from tests.factories import member
from tests.initiatives import test_results_and_evidence as evidence_tests
from tests.objectstore import ObjectStore
from units.models import Role
from units.permissions import SYSTEM

pytestmark = pytest.mark.django_db

PDF_BYTES = evidence_tests.PDF_BYTES
# A plan in its result phase and a school's Mẫu 2, as in the evidence tests.
plan, accepted, report = evidence_tests.plan, evidence_tests.accepted, evidence_tests.report


def _result_form(**extra):
    return {
        "work_done": "Đã triển khai ở 3 lớp của trường Tiểu học Nguyễn Văn Trỗi",
        "effect_after": "Giảm 80% giấy tờ",
        "completion": "90",
        "evidence_kind": "plan",
        **extra,
    }


def test_evidence_uploaded_through_the_page_lives_in_the_bucket(
    client, tree, report, s3_storage, object_store
):
    client.force_login(member(tree["a1"], Role.UNIT_HEAD))
    url = reverse("initiatives:result", kwargs={"initiative_id": report.initiative_id})

    response = client.post(
        url, _result_form(evidence_file=SimpleUploadedFile("kế hoạch.pdf", PDF_BYTES))
    )

    assert response.status_code == 302
    evidence = Evidence.objects.get()
    assert object_store.keys(s3_storage) == [evidence.file.name]
    assert object_store.read(s3_storage, evidence.file.name) == PDF_BYTES
    client.force_login(member(tree["office_a"], Role.REVIEWER))
    download = client.get(reverse("initiatives:evidence", kwargs={"evidence_id": evidence.pk}))
    assert b"".join(download.streaming_content) == PDF_BYTES
    assert "attachment" in download["Content-Disposition"]
    client.force_login(member(tree["a2"], Role.UNIT_HEAD))  # another school: not even seen
    assert (
        client.get(reverse("initiatives:evidence", kwargs={"evidence_id": evidence.pk})).status_code
        == 404
    )


def test_a_generated_zip_is_written_to_and_read_from_the_bucket(
    client, tree, plan, report, s3_storage, object_store, django_capture_on_commit_callbacks
):
    services.evidence_add(
        actor=SYSTEM,
        initiative=report.initiative,
        kind="plan",
        upload=SimpleUploadedFile("ke-hoach.pdf", PDF_BYTES),
    )
    registration = plan.phases.get(name="Đợt 1").deadlines.get()
    consolidation = services.consolidation_create(actor=SYSTEM, deadline=registration)
    client.force_login(member(tree["office_a"], Role.REVIEWER))

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse(
                "initiatives:consolidation_evidence_zip",
                kwargs={"consolidation_id": consolidation.pk},
            )
        )
    job_id = int(response.url.rstrip("/").split("/")[-1])
    download = client.get(reverse("documents:job_download", kwargs={"renderjob_id": job_id}))

    archive = zipfile.ZipFile(io.BytesIO(b"".join(download.streaming_content)))
    assert [archive.read(name) for name in archive.namelist()] == [PDF_BYTES]
    zips = [key for key in object_store.keys(s3_storage) if key.endswith(".zip")]
    assert len(zips) == 1 and zips[0].startswith("documents/")


@pytest.fixture
def stopped_store(settings):
    """A bucket whose server was stopped: the store is gone, as when MinIO is down."""
    store = ObjectStore().start()
    bucket, entry = store.bucket()
    store.stop()
    settings.STORAGES = {**settings.STORAGES, "default": store.storage(bucket, timeout_seconds=1)}
    return store


def test_a_store_that_went_away_refuses_the_upload_and_keeps_what_was_typed(
    client, tree, report, stopped_store
):
    client.force_login(member(tree["a1"], Role.UNIT_HEAD))
    url = reverse("initiatives:result", kwargs={"initiative_id": report.initiative_id})

    response = client.post(
        url,
        _result_form(evidence_file=SimpleUploadedFile("ke-hoach.pdf", PDF_BYTES), submit="1"),
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert "kho lưu trữ tệp không trả lời" in page
    assert "Trường Tiểu học Nguyễn Văn Trỗi".lower() in page.lower()
    report.refresh_from_db()
    assert report.status == Initiative.Status.DRAFT  # not sent without its file
    assert report.work_done.startswith("Đã triển khai ở 3 lớp")  # kept as a draft
    assert not Evidence.objects.exists()


def test_a_download_while_the_store_is_away_answers_the_maintenance_page(
    client, tree, report, settings, object_store, s3_storage
):
    evidence = services.evidence_add(
        actor=SYSTEM,
        initiative=report.initiative,
        kind="plan",
        upload=SimpleUploadedFile("ke-hoach.pdf", PDF_BYTES),
    )
    away = ObjectStore()  # nothing listens on its port
    settings.STORAGES = {**settings.STORAGES, "default": away.storage(s3_storage, 1)}
    client.raise_request_exception = False
    client.force_login(member(tree["office_a"], Role.REVIEWER))

    response = client.get(reverse("initiatives:evidence", kwargs={"evidence_id": evidence.pk}))

    assert response.status_code == 503
    assert "bảo trì" in response.content.decode()
    assert response["Retry-After"]


def test_readiness_follows_the_store(client, settings, object_store, s3_storage):
    assert client.get("/readyz").json()["checks"]["storage"] == "ok"
    settings.STORAGES = {
        **settings.STORAGES,
        "default": ObjectStore().storage(s3_storage, timeout_seconds=1),
    }
    answer = client.get("/readyz")
    assert answer.status_code == 503 and answer.json()["checks"]["storage"] == "fail"


def test_the_storage_api_lists_the_bucket_as_a_folder(s3_storage):
    """What `manage.py backup` walks (core.backup.storage_keys) works on a bucket."""
    from django.core.files.base import ContentFile

    from core.backup import storage_keys

    default_storage.save("evidence/2026/a.pdf", ContentFile(PDF_BYTES))
    default_storage.save("documents/2026/12/b.zip", ContentFile(b"PK"))
    assert storage_keys() == ["documents/2026/12/b.zip", "evidence/2026/a.pdf"]
