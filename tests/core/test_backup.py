"""`manage.py backup` and `manage.py restore` (core/backup.py): a round trip brings back every
tenant's rows, the stored files' bytes and the document numbers; a backup that does not check
is refused before anything is touched."""

import datetime
import json
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command
from django.db import connection

from core import backup
from documents.models import DocumentType, IssuedNumber, NumberRegister
from documents.services import number_allocate
from initiatives.models import Evidence
from reports.models import ReportAttachment
from tests.factories import UnitFactory, _evidence_in, _issued_number_in, _report_attachment_in
from units import rls
from units.models import Unit
from units.permissions import SYSTEM

# Committed rows: the dump is taken by another process (pg_dump) or another connection.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def two_tenants():
    """Two departments: one with an evidence file, one with a report attachment, each with
    numbered documents."""
    roots = [UnitFactory(department=True), UnitFactory(department=True)]
    evidence = _evidence_in(roots[0])
    attachment = _report_attachment_in(roots[1])
    for root in roots:
        _issued_number_in(root)
        _issued_number_in(root)
    return roots, evidence, attachment


def snapshot():
    return {
        "units": sorted(Unit.objects.values_list("pk", "tenant_id", "name")),
        "evidence": sorted(Evidence.objects.values_list("pk", "file")),
        "attachments": sorted(ReportAttachment.objects.values_list("pk", "file")),
        "numbers": sorted(IssuedNumber.objects.values_list("unit_id", "number")),
        "registers": sorted(NumberRegister.objects.values_list("unit_id", "last_number")),
    }


def only_folder(root: Path) -> Path:
    (folder,) = root.iterdir()
    return folder


def backed_up_to_folder(tmp_path) -> tuple[str, dict]:
    """`manage.py backup` into a folder: where it is and its manifest."""
    call_command("backup", "--to", str(tmp_path / "backups"))
    folder = only_folder(tmp_path / "backups")
    return str(folder), json.loads((folder / "manifest.json").read_text())


def round_trip(tmp_path, wipe, back_up=backed_up_to_folder):
    roots, evidence, attachment = two_tenants()
    default_storage.save("extra/before.txt", ContentFile(b"kept"))
    before = snapshot()
    assert len(before["evidence"]) == 1 and len(before["attachments"]) == 1
    # The uploads, the documents rendered on numbering, and one more file.
    files = {key: default_storage.open(key).read() for key in backup.storage_keys()}
    assert {evidence.file.name, attachment.file.name, "extra/before.txt"} <= set(files)
    folder, manifest = back_up(tmp_path)
    assert manifest["vendor"] == connection.vendor
    assert manifest["file_count"] == len(files)
    assert {e["key"]: e["size"] for e in manifest["files"]} == {
        key: len(content) for key, content in files.items()
    }

    wipe()
    for name in files:
        default_storage.delete(name)
    default_storage.save("extra/after.txt", ContentFile(b"new"))
    assert not Unit.objects.filter(pk=roots[0].pk).exists()

    call_command("restore", folder, "--yes")

    assert snapshot() == before
    for name, content in files.items():
        assert default_storage.open(name).read() == content
    # Additive: a file the backup does not have is kept.
    assert default_storage.exists("extra/after.txt")
    # The register goes on from the restored number.
    root = Unit.objects.get(pk=roots[0].pk)
    issued = number_allocate(
        actor=SYSTEM, unit=root, doc_type=DocumentType.REPORT, issued_on=datetime.date(2024, 6, 1)
    )
    assert issued.number == 3


def test_a_round_trip_brings_back_every_tenant(tmp_path):
    """pg_dump/pg_restore on PostgreSQL, SQLite's backup API on the embedded default."""

    def wipe():
        call_command("flush", "--no-input")

    round_trip(tmp_path, wipe)
    if connection.vendor == "postgresql":
        # Row-level security is still forced on the restored tables.
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT relforcerowsecurity FROM pg_class WHERE relname = 'initiatives_evidence'"
            )
            assert cursor.fetchone() == (True,)


def test_a_round_trip_through_a_bucket_with_the_files_in_a_bucket(
    tmp_path, s3_storage, object_store
):
    """Nodes with no disk of their own: the files live in one bucket, the backup goes to
    another (moto's real S3 server), the manifest uploaded last, and comes back from it."""
    backups, _entry = object_store.bucket()

    def back_up(tmp_path):
        call_command("backup", "--to", f"s3://{backups}/nightly/")
        keys = object_store.keys(backups)
        (manifest_key,) = [key for key in keys if key.endswith("/manifest.json")]
        assert manifest_key.startswith("nightly/backup-")
        assert any(key.startswith(manifest_key[: -len("manifest.json")] + "files/") for key in keys)
        folder = manifest_key[: -len("/manifest.json")]
        return f"s3://{backups}/{folder}", json.loads(object_store.read(backups, manifest_key))

    round_trip(tmp_path, lambda: call_command("flush", "--no-input"), back_up)
    assert not list(tmp_path.iterdir())  # nothing left on this machine's disk


@pytest.fixture
def made_backup(tmp_path):
    roots, evidence, attachment = two_tenants()
    call_command("backup", "--to", str(tmp_path / "backups"))
    return only_folder(tmp_path / "backups"), evidence


def test_restore_refuses_without_yes(made_backup):
    folder, evidence = made_backup
    with pytest.raises(CommandError, match="--yes"):
        call_command("restore", str(folder))
    assert Evidence.objects.filter(pk=evidence.pk).exists()


def test_restore_refuses_a_tampered_dump(made_backup):
    folder, evidence = made_backup
    dump = next(p for p in folder.iterdir() if p.name.startswith("database."))
    with open(dump, "ab") as f:
        f.write(b"x")
    with pytest.raises(CommandError, match="database.*sha256 differs"):
        call_command("restore", str(folder), "--yes")


def test_restore_refuses_a_tampered_file_or_manifest(made_backup):
    folder, evidence = made_backup
    stored = folder / "files" / evidence.file.name
    stored.write_bytes(b"%PDF-1.4 something else")
    with pytest.raises(CommandError, match="sha256 or size differs"):
        call_command("restore", str(folder), "--yes")

    manifest = json.loads((folder / "manifest.json").read_text())
    manifest["files"][0]["key"] = "../../etc/passwd"
    (folder / "manifest.json").write_text(json.dumps(manifest))
    with pytest.raises(CommandError, match="Unsafe file key"):
        call_command("restore", str(folder), "--yes")


@pytest.mark.postgres
def test_backup_fails_clearly_without_pg_dump(tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(CommandError, match="pg_dump not found"):
        call_command("backup", "--to", str(tmp_path / "backups"))
    assert not (tmp_path / "backups").exists() or not any((tmp_path / "backups").iterdir())


def test_dumps_as_the_system_of_row_level_security():
    assert backup.ALL_TENANTS_SETTING == rls.ALL_TENANTS_SETTING
