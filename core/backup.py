"""Backup and restore of the whole platform: the database and every file of the default storage.

A backup is a folder (`backup-YYYYmmddTHHMMSSZ`) holding
- `database.dump`: on PostgreSQL `pg_dump --format=custom` (one snapshot: consistent while the
  site runs); on SQLite `database.sqlite3`, a copy made with SQLite's online backup API;
- `files/<key>`: every file of `default_storage`, found and read through the storage API only
  (`listdir`/`open`), so the same code serves local disk and object storage;
- `manifest.json`: when, which database vendor, the migration leaves of the code that made it,
  the dump's sha256 and each file's key, size and sha256.
The database is dumped first, then the files: a row points to a file saved before the row was
committed, so every file a dumped row names is in the backup (a file uploaded meanwhile is
an extra, harmless).

Row-level security (units/rls.py): the tables are FORCEd, so even their owner is filtered, and
pg_dump/pg_restore's default (`row_security = off`) makes them fail as a non-superuser. Both
run with `--enable-row-security` and the connection option `app.all_tenants=on` (PGOPTIONS),
the system's own setting, under which every policy shows and accepts every tenant's row. The
password goes in PGPASSWORD, never on the command line.

A backup can go to a bucket instead (`s3://bucket/prefix`, for nodes with no disk of their
own): it is written to a temporary folder, then uploaded key by key under
`prefix/backup-…/`, the manifest last, so that a listing showing a manifest shows a whole
backup; restore downloads such a folder to a temporary one and goes on as from disk. The
bucket is reached with the file storage's S3 client when the files are in a bucket (same
endpoint and keys), else with boto3's own configuration (AWS_* variables).

Restore checks every hash before touching anything, then replaces the database
(`pg_restore --clean --if-exists --single-transaction`: all or nothing) and writes the files
back through the storage: additive, a key the backup does not have is kept and reported.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import tempfile
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath

from django.conf import settings
from django.core.files import File
from django.core.files.storage import default_storage
from django.db import connection, connections
from django.db.migrations.loader import MigrationLoader

MANIFEST = "manifest.json"
FILES = "files"
PG_DUMP = "database.dump"
SQLITE_DUMP = "database.sqlite3"
FORMAT = 1
CHUNK = 1024 * 1024
# units.rls.ALL_TENANTS_SETTING (core imports no project app; a test keeps the two equal).
ALL_TENANTS_SETTING = "app.all_tenants"


class BackupError(Exception):
    """What an operator must read: a tool missing or failing, a backup that does not check."""


@dataclass
class Report:
    folder: Path
    vendor: str
    dump_size: int = 0
    files: int = 0
    files_bytes: int = 0
    written: int = 0
    extra_keys: list[str] = field(default_factory=list)
    migrations: dict[str, str] = field(default_factory=dict)
    # Where the backup now is, when not `folder` (a bucket's s3:// address).
    location: str = ""


def default_dir() -> Path:
    return Path(getattr(settings, "BACKUP_DIR", None) or Path(settings.BASE_DIR) / "backups")


def sha256_of(fileobj) -> tuple[str, int]:
    digest, size = hashlib.sha256(), 0
    while chunk := fileobj.read(CHUNK):
        digest.update(chunk)
        size += len(chunk)
    return digest.hexdigest(), size


def _sha256_path(path: Path) -> tuple[str, int]:
    with open(path, "rb") as f:
        return sha256_of(f)


def storage_keys(storage=None, prefix: str = "") -> list[str]:
    """Every key of the storage, walked through its API (works for S3 as for a folder)."""
    storage = storage or default_storage
    try:
        dirs, files = storage.listdir(prefix)
    except FileNotFoundError:
        return []
    keys = [f"{prefix}{name}" for name in files]
    for name in dirs:
        keys += storage_keys(storage, f"{prefix}{name}/")
    return sorted(keys)


def _safe_key(key: str) -> PurePosixPath:
    path = PurePosixPath(key)
    if not key or path.is_absolute() or ".." in path.parts or "\\" in key:
        raise BackupError(f"Unsafe file key in the manifest: {key!r}")
    return path


def migration_leaves() -> dict[str, str]:
    graph = MigrationLoader(None, ignore_no_migrations=True).graph
    return dict(sorted(graph.leaf_nodes()))


# --- PostgreSQL ---------------------------------------------------------------------------


def _pg_command(tool: str, db: dict) -> tuple[list[str], dict[str, str]]:
    path = shutil.which(tool)
    if path is None:
        raise BackupError(f"{tool} not found on PATH: install the PostgreSQL client tools.")
    args = [path, "--no-password", "--enable-row-security", "--dbname", db["NAME"]]
    if db.get("HOST"):
        args += ["--host", str(db["HOST"])]
    if db.get("PORT"):
        args += ["--port", str(db["PORT"])]
    if db.get("USER"):
        args += ["--username", str(db["USER"])]
    env = dict(os.environ)
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = str(db["PASSWORD"])
    # The system's scope: every policy shows and accepts every tenant's rows.
    env["PGOPTIONS"] = f"-c {ALL_TENANTS_SETTING}=on"
    return args, env


def _run(args: list[str], env: dict[str, str], tool: str) -> None:
    result = subprocess.run(args, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        raise BackupError(f"{tool} failed (exit {result.returncode}): {result.stderr.strip()}")


def _pg_dump(target: Path) -> None:
    args, env = _pg_command("pg_dump", connection.settings_dict)
    args += ["--format=custom", "--no-owner", "--no-privileges", "--file", str(target)]
    _run(args, env, "pg_dump")


def _pg_restore(dump: Path) -> None:
    args, env = _pg_command("pg_restore", connection.settings_dict)
    args += [
        "--clean",
        "--if-exists",
        "--no-owner",
        "--no-privileges",
        "--single-transaction",
        "--exit-on-error",
        str(dump),
    ]
    connections.close_all()  # no session of ours holds a lock on a table being replaced
    _run(args, env, "pg_restore")


# --- SQLite -------------------------------------------------------------------------------


def _raw_sqlite():
    connection.ensure_connection()
    return connection.connection


def _sqlite_dump(target: Path) -> None:
    dest = sqlite3.connect(target)
    try:
        _raw_sqlite().backup(dest)
    finally:
        dest.close()


def _sqlite_restore(dump: Path) -> None:
    source = sqlite3.connect(f"file:{dump}?mode=ro", uri=True)
    try:
        source.backup(_raw_sqlite())
    finally:
        source.close()


# --- backup and restore -------------------------------------------------------------------


def backup(root: Path | None = None, *, now: datetime | None = None) -> Report:
    vendor = connection.vendor
    if vendor not in ("postgresql", "sqlite"):
        raise BackupError(f"Unsupported database vendor: {vendor}")
    now = now or datetime.now(UTC)
    root = Path(root or default_dir())
    folder = root / f"backup-{now:%Y%m%dT%H%M%SZ}"
    folder.mkdir(parents=True, exist_ok=False)
    report = Report(folder=folder, vendor=vendor, migrations=migration_leaves())
    try:
        dump_name = PG_DUMP if vendor == "postgresql" else SQLITE_DUMP
        (_pg_dump if vendor == "postgresql" else _sqlite_dump)(folder / dump_name)
        dump_hash, report.dump_size = _sha256_path(folder / dump_name)
        entries = []
        for key in storage_keys():
            target = folder / FILES / _safe_key(key)
            target.parent.mkdir(parents=True, exist_ok=True)
            digest = hashlib.sha256()
            size = 0
            with default_storage.open(key, "rb") as src, open(target, "wb") as dst:
                while chunk := src.read(CHUNK):
                    digest.update(chunk)
                    dst.write(chunk)
                    size += len(chunk)
            entries.append({"key": key, "size": size, "sha256": digest.hexdigest()})
            report.files_bytes += size
        report.files = len(entries)
        manifest = {
            "format": FORMAT,
            "created_at": now.isoformat(),
            "vendor": vendor,
            "migrations": report.migrations,
            "dump": {"name": dump_name, "size": report.dump_size, "sha256": dump_hash},
            "file_count": len(entries),
            "files": entries,
        }
        (folder / MANIFEST).write_text(json.dumps(manifest, indent=1, ensure_ascii=False))
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)  # never leave a half backup that looks whole
        raise
    return report


def check(folder: Path) -> dict:
    """The manifest, once every hash in it matches the folder; BackupError otherwise."""
    folder = Path(folder)
    try:
        manifest = json.loads((folder / MANIFEST).read_text())
    except (OSError, ValueError) as exc:
        raise BackupError(f"No readable {MANIFEST} in {folder}: {exc}") from exc
    if manifest.get("format") != FORMAT:
        raise BackupError(f"Unknown backup format: {manifest.get('format')!r}")
    if manifest.get("vendor") != connection.vendor:
        raise BackupError(
            f"The backup is of a {manifest.get('vendor')} database; "
            f"this one is {connection.vendor}."
        )
    dump = manifest["dump"]
    if dump["name"] not in (PG_DUMP, SQLITE_DUMP):
        raise BackupError(f"Unexpected dump name: {dump['name']!r}")
    problems = []
    if not (folder / dump["name"]).is_file():
        problems.append(f"{dump['name']}: missing")
    elif _sha256_path(folder / dump["name"])[0] != dump["sha256"]:
        problems.append(f"{dump['name']}: sha256 differs")
    files = manifest["files"]
    if manifest.get("file_count") != len(files):
        problems.append("file_count differs from the files listed")
    for entry in files:
        path = folder / FILES / _safe_key(entry["key"])
        if not path.is_file():
            problems.append(f"{entry['key']}: missing")
        elif _sha256_path(path) != (entry["sha256"], entry["size"]):
            problems.append(f"{entry['key']}: sha256 or size differs")
    if problems:
        shown = "; ".join(problems[:10]) + (" …" if len(problems) > 10 else "")
        raise BackupError(f"The backup does not check ({len(problems)} problems): {shown}")
    return manifest


def restore(folder: Path) -> Report:
    folder = Path(folder)
    manifest = check(folder)
    report = Report(folder=folder, vendor=manifest["vendor"], migrations=manifest["migrations"])
    dump = folder / manifest["dump"]["name"]
    (_pg_restore if report.vendor == "postgresql" else _sqlite_restore)(dump)
    report.dump_size = dump.stat().st_size
    wanted = {}
    for entry in manifest["files"]:
        key = entry["key"]
        wanted[key] = entry["sha256"]
        if default_storage.exists(key):
            with default_storage.open(key, "rb") as f:
                if sha256_of(f)[0] == entry["sha256"]:
                    report.files += 1
                    continue
            default_storage.delete(key)
        with open(folder / FILES / _safe_key(key), "rb") as f:
            saved = default_storage.save(key, File(f, name=key))
        if saved != key:
            raise BackupError(f"The storage saved {key!r} as {saved!r}")
        report.files += 1
        report.written += 1
        report.files_bytes += entry["size"]
    # Verify what the storage now gives back, and report the keys the backup does not have.
    for key in storage_keys():
        if key not in wanted:
            report.extra_keys.append(key)
    for key, expected in wanted.items():
        with default_storage.open(key, "rb") as f:
            if sha256_of(f)[0] != expected:
                raise BackupError(f"{key}: the storage gives back other bytes than the backup")
    return report


# --- A bucket as the backup's place ---------------------------------------------------------

BUCKET_SCHEME = "s3://"


def is_bucket_url(target) -> bool:
    return str(target).startswith(BUCKET_SCHEME)


def _bucket_and_prefix(url: str) -> tuple[str, str]:
    bucket, _, prefix = url[len(BUCKET_SCHEME) :].partition("/")
    if not bucket:
        raise BackupError(f"No bucket named in {url!r} (s3://bucket/prefix)")
    prefix = prefix.strip("/")
    return bucket, f"{prefix}/" if prefix else ""


def _s3_client():
    connection = getattr(default_storage, "connection", None)  # django-storages' S3Storage
    if connection is not None:
        return connection.meta.client
    import boto3

    return boto3.client("s3")


def backup_to_bucket(url: str, *, now: datetime | None = None) -> Report:
    """`backup` into a temporary folder, then uploaded under the bucket's prefix."""
    from core.files import object_store_errors

    bucket, prefix = _bucket_and_prefix(url)
    client = _s3_client()
    with tempfile.TemporaryDirectory(prefix="cchc-backup-") as temporary:
        report = backup(Path(temporary), now=now)
        folder = report.folder
        paths = sorted(p for p in folder.rglob("*") if p.is_file() and p.name != MANIFEST)
        try:
            for path in [*paths, folder / MANIFEST]:
                key = f"{prefix}{folder.name}/{path.relative_to(folder).as_posix()}"
                client.upload_file(str(path), bucket, key)
        except object_store_errors() as exc:
            raise BackupError(f"Uploading the backup to {url} failed: {exc}") from exc
    report.location = f"{BUCKET_SCHEME}{bucket}/{prefix}{folder.name}"
    return report


def fetch_from_bucket(url: str, into: Path) -> Path:
    """Download the backup folder at `url` (s3://bucket/prefix/backup-…) into `into`."""
    from core.files import object_store_errors

    bucket, prefix = _bucket_and_prefix(url)
    client = _s3_client()
    count = 0
    try:
        for page in client.get_paginator("list_objects_v2").paginate(Bucket=bucket, Prefix=prefix):
            for item in page.get("Contents", []):
                relative = _safe_key(item["Key"][len(prefix) :])
                target = Path(into) / relative
                target.parent.mkdir(parents=True, exist_ok=True)
                client.download_file(bucket, item["Key"], str(target))
                count += 1
    except object_store_errors() as exc:
        raise BackupError(f"Reading the backup at {url} failed: {exc}") from exc
    if not count:
        raise BackupError(f"Nothing at {url}")
    return Path(into)
