"""Restore the database and the media and private files from an archive written by `backup`."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from lms import backup


class Command(BaseCommand):
    help = "Replace the database, media and private files with those of a backup archive."

    def add_arguments(self, parser):
        parser.add_argument("source", type=Path)
        parser.add_argument("--force", action="store_true", help="Overwrite a database or folders that hold data.")

    def handle(self, *args, source: Path, force: bool, **options):
        if not source.is_file():
            raise CommandError(f"Không tìm thấy tệp {source}.")
        try:
            manifest = backup.restore(source, force=force)
        except backup.BackupError as error:
            raise CommandError(str(error)) from error
        rows = sum(manifest["rows"].values())
        self.stdout.write(
            self.style.SUCCESS(
                f"Đã khôi phục bản sao lưu lúc {manifest['created_at']}: {rows} dòng, {len(manifest['files'])} tệp."
            )
        )
