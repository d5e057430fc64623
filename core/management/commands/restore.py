"""`manage.py restore FOLDER`: put back a folder written by `manage.py backup`, on disk or in
a bucket (s3://bucket/prefix/backup-…; core/backup.py). Destructive: the database is
replaced."""

import sys
import tempfile
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from core import backup


class Command(BaseCommand):
    help = (
        "Check a backup folder's manifest (every sha256), then REPLACE the configured database "
        "with its dump and write its files back into the default storage (files the backup "
        "does not have are kept and listed). Asks for confirmation unless --yes."
    )

    def add_arguments(self, parser):
        parser.add_argument("folder", help="The backup's folder, or s3://bucket/prefix/backup-…")
        parser.add_argument("--yes", action="store_true", help="Do not ask for confirmation.")

    def handle(self, *args, folder, yes=False, **options):
        if not backup.is_bucket_url(folder):
            return self.restore(Path(folder), yes)
        with tempfile.TemporaryDirectory(prefix="cchc-restore-") as temporary:
            try:
                fetched = backup.fetch_from_bucket(folder, Path(temporary))
            except backup.BackupError as exc:
                raise CommandError(str(exc)) from exc
            return self.restore(fetched, yes, shown=folder)

    def restore(self, folder: Path, yes: bool, shown: str = ""):
        try:
            manifest = backup.check(folder)
            if not yes:
                self.confirm(manifest)
            report = backup.restore(folder)
        except backup.BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"Restored {shown or folder} (made {manifest['created_at']})\n"
            f"  database: {report.vendor}, dump {report.dump_size:,} bytes\n"
            f"  files: {report.files} checked, {report.written} written back"
        )
        current = backup.migration_leaves()
        if current != report.migrations:
            self.stdout.write(
                "  the code's migrations differ from the backup's: run `manage.py migrate`"
            )
        if report.extra_keys:
            self.stdout.write(
                f"  {len(report.extra_keys)} stored files are not in the backup (kept):"
            )
            for key in report.extra_keys[:20]:
                self.stdout.write(f"    {key}")

    def confirm(self, manifest):
        if not sys.stdin.isatty():
            raise CommandError("Restoring replaces the database: pass --yes to confirm.")
        self.stdout.write(
            f"This REPLACES the database with the backup made {manifest['created_at']} "
            f"({manifest['file_count']} files)."
        )
        if input("Type 'yes' to continue: ").strip().lower() != "yes":
            raise CommandError("Restore cancelled.")
