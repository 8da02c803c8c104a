"""Time the import of a 500-question GIFT bank: python bench/gift_import.py [--questions N]; prints JSON.

Uses DATABASE_URL when set (migrated first), else a scratch SQLite file. The bank mixes the four graded
types, nested categories, feedback, weights, escapes and one essay per fifty questions (reported, skipped).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def gift_bank(count: int) -> str:
    blocks = []
    for n in range(count):
        if n % 100 == 0:
            blocks.append(f"$CATEGORY: $course$/Luật DCCS/Chương {n // 100 + 1}")
        kind = n % 5
        name = f"::Câu {n + 1}\\: Điều {n % 91 + 1}::"
        if n % 50 == 49:
            blocks.append(f"{name}Trình bày ý kiến của anh/chị về dân chủ ở cơ sở.{{}}")
        elif kind == 0:
            blocks.append(
                f"// [tag:chuong-{n // 100 + 1}]\n{name}[html]<p>Nội dung nào <b>phải</b> công khai (câu {n})?</p>{{\n"
                "\t=Dự toán ngân sách xã#Đúng\\: theo Điều 11.\n\t~Bí mật nhà nước#Sai.\n"
                "\t~Thông tin đời tư\n\t~Hồ sơ mật\n\t####Xem Điều 11.\n}"
            )
        elif kind == 1:
            blocks.append(
                f"{name}Chọn các hình thức Nhân dân bàn và quyết định (câu {n}){{\n"
                "\t~%33.33333%Hội nghị thôn\n\t~%33.33333%Phiếu lấy ý kiến hộ gia đình\n"
                "\t~%33.33334%Biểu quyết trực tuyến\n\t~%-100%Trưng cầu ý dân toàn quốc\n}"
            )
        elif kind == 2:
            blocks.append(f"{name}Luật có hiệu lực từ 01/7/2023 (câu {n}).{{TRUE#Sai rồi.#Chính xác.}}")
        elif kind == 3:
            blocks.append(
                f"{name}Ghép điều luật với nội dung (câu {n}){{\n\t=Điều 11 -> Công khai\n"
                "\t=Điều 15 -> Bàn và quyết định\n\t=Điều 25 -> Tham gia ý kiến\n\t= -> Khen thưởng\n}"
            )
        else:
            blocks.append(f"{name}Số hiệu của Luật \\{{câu {n}\\}}?{{=10/2022/QH15 ~35/2013/QH13 ~42/2013/QH13}}")
    return "\n\n".join(blocks) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--questions", type=int, default=500)
    args = parser.parse_args()

    scratch = None
    if not os.environ.get("DATABASE_URL"):
        scratch = tempfile.mkdtemp(prefix="gift-bench-")
        os.environ["DATABASE_URL"] = f"sqlite:///{scratch}/bench.sqlite3"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lms.settings.test")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)
    from courses import imports
    from courses.formats import gift
    from courses.models import Question, QuestionCategory

    source = gift_bank(args.questions)
    started = time.perf_counter()
    parsed = gift.parse(source)
    parse_seconds = time.perf_counter() - started

    root = QuestionCategory.objects.create(name=f"Bench {time.time_ns()}")
    started = time.perf_counter()
    report = imports.questions_import(actor=None, content=source.encode(), fmt="gift", root=root)
    import_seconds = time.perf_counter() - started
    imported = Question.objects.filter(category__full_path__startswith=root.full_path).count()
    print(
        json.dumps(
            {
                "database": connection.vendor,
                "questions_in_file": len(parsed),
                "imported": len(report.imported),
                "skipped": len(report.skipped),
                "failed": len(report.failed),
                "saved_in_database": imported,
                "parse_seconds": round(parse_seconds, 3),
                "import_seconds": round(import_seconds, 2),
                "questions_per_second": round(len(report.imported) / import_seconds, 1),
            },
            ensure_ascii=False,
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
