"""`manage.py backup`: the database and every stored file into a new timestamped folder, on
disk or in a bucket (core/backup.py)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from core import backup


class Command(BaseCommand):
    help = (
        "Write a new folder backup-<UTC time> holding a consistent dump of the database, every "
        "file of the default storage and a manifest of their sha256. The folder goes under "
        "--to (a folder, or s3://bucket/prefix), or BACKUP_DIR (default <project>/backups)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--to", default=None, help="Folder to write into, or s3://bucket/prefix."
        )

    def handle(self, *args, to=None, **options):
        try:
            if to and backup.is_bucket_url(to):
                report = backup.backup_to_bucket(to)
            else:
                report = backup.backup(Path(to) if to else None)
        except backup.BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"Backup written to {report.location or report.folder}\n"
            f"  database: {report.vendor}, dump {report.dump_size:,} bytes\n"
            f"  files: {report.files} ({report.files_bytes:,} bytes)"
        )
