"""A describer for benchmark classes: every official of the benchmark has completed class 1 of the office."""

from __future__ import annotations

import datetime

OFFICE_CODE = "BENCH.PNV"
TITLE = "Lớp bồi dưỡng kiến thức, kỹ năng thực hiện dân chủ ở cơ sở năm 2026"


def describe(source_id: int, official) -> dict:
    from units.models import Unit

    return {
        "office": Unit.objects.get(code=OFFICE_CODE),
        "title": TITLE,
        "start_date": datetime.date(2026, 3, 9),
        "end_date": datetime.date(2026, 3, 11),
        "result_text": "Hoàn thành",
    }


def register() -> None:
    from certificates import sources

    sources.register("class", describe, label="Lớp")
