"""Back up the database and the media and private files into one archive (see README, “Backup and restore”)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from lms import backup


class Command(BaseCommand):
    help = "Write the database, media and private files to one .tar.gz archive."

    def add_arguments(self, parser):
        parser.add_argument("destination", type=Path, help="Archive to write, e.g. /var/backups/lms-2026-11-26.tar.gz")

    def handle(self, *args, destination: Path, **options):
        if destination.exists():
            raise CommandError(f"{destination} đã có; chọn tên khác để không ghi đè bản sao lưu cũ.")
        try:
            manifest = backup.create(destination)
        except backup.BackupError as error:
            raise CommandError(str(error)) from error
        rows = sum(manifest["rows"].values())
        self.stdout.write(
            self.style.SUCCESS(f"Đã sao lưu {rows} dòng dữ liệu và {len(manifest['files'])} tệp vào {destination}.")
        )
