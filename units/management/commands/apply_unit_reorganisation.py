"""Apply a unit succession file (YAML or CSV); see units/reorganisation.py for the format."""

from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from units import reorganisation


class Command(BaseCommand):
    help = "Apply a unit reorganisation (merge, split, rename) from a YAML or CSV succession file."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)

    def handle(self, *args, file: Path, **options):
        if not file.exists():
            raise CommandError(f"Không tìm thấy tệp {file}")
        try:
            plan = reorganisation.parse(file.read_text(encoding="utf-8"), file.name)
            outcome = reorganisation.apply(plan)
        except ValidationError as error:
            raise CommandError("; ".join(error.messages)) from error
        self.stdout.write(
            self.style.SUCCESS(
                f"Hiệu lực {plan.effective_date:%d/%m/%Y}: {outcome.units_created} đơn vị mới, "
                f"{outcome.successions_created} quan hệ kế thừa, {outcome.units_retired} đơn vị hết hiệu lực, "
                f"{outcome.officials_moved} cán bộ chuyển sang đơn vị mới."
            )
        )
        for note in outcome.notes:
            self.stdout.write(self.style.WARNING(note))
