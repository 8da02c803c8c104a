"""Import a question bank from a Moodle GIFT or Moodle XML file, reporting every question skipped and why."""

from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from courses import imports
from courses.models import QuestionCategory


class Command(BaseCommand):
    help = "Import questions from a Moodle GIFT or Moodle XML file (--dry-run checks without saving)."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--format", choices=imports.FORMATS, required=True, dest="fmt")
        parser.add_argument("--dry-run", action="store_true", help="Report what would be imported; save nothing.")
        parser.add_argument("--strict", action="store_true", help="Save nothing if any question cannot be imported.")
        parser.add_argument("--category", help='Import under this category, e.g. "Luật DCCS / Chương II".')

    def handle(self, *args, file: Path, fmt: str, dry_run: bool, strict: bool, category: str | None, **options):
        if not file.is_file():
            raise CommandError(f"Không tìm thấy tệp {file}.")
        root = None
        if category:
            root = QuestionCategory.objects.filter(full_path=category).first()
            if root is None:
                raise CommandError(f"Không có danh mục “{category}”.")
        try:
            report = imports.questions_import(
                actor=None,
                content=file.read_bytes(),
                fmt=fmt,
                root=root,
                dry_run=dry_run,
                strict=strict,
                source_name=file.name,
            )
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        for line in report.imported:
            self.stdout.write(f"  + {line}")
        for line in report.skipped:
            self.stdout.write(f"  bỏ qua {line}")
        for line in report.failed:
            self.stdout.write(f"  lỗi {line}")
        for line in report.warnings:
            self.stdout.write(f"  lưu ý {line}")
        summary = (
            f"Nhập được: {len(report.imported)} · Bỏ qua: {len(report.skipped)} · Lỗi: {len(report.failed)} · "
            f"Danh mục mới: {len(report.categories_created)}"
        )
        if report.saved:
            self.stdout.write(self.style.SUCCESS(f"Đã lưu. {summary}"))
        elif dry_run:
            self.stdout.write(f"Chạy thử, chưa lưu gì. {summary}")
        else:
            self.stdout.write(self.style.WARNING(f"Không lưu gì (chế độ nghiêm ngặt). {summary}"))
            raise CommandError("Có câu hỏi không nhập được; không lưu gì.")
