"""Roster import benchmark: time and peak memory to check and write a 5,000-row XLSX roster.

python bench/roster_import.py            # prints JSON
"""

from __future__ import annotations

import io
import json
import resource
import sys
import time
import tracemalloc
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import setup_django

ROWS = 5000


def workbook(rows: int) -> bytes:
    from openpyxl import Workbook

    from units.imports import COLUMNS

    book = Workbook()
    sheet = book.active
    sheet.append([c.header for c in COLUMNS])
    letters = "abcdefghij"
    for i in range(rows):
        tag = "".join(letters[int(d)] for d in str(i))
        sheet.append(
            [
                i + 1,
                f"Nguyễn Văn {tag.capitalize()}",
                "Nam",
                1960 + i % 40,
                "",
                "Hòa giải viên",
                "Hòa giải viên",
                "",
                "",
                "",
            ]
        )
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def run(quick: bool = False) -> dict:
    setup_django.setup()
    from django.contrib.auth import get_user_model

    from units import imports
    from units.models import Official, Unit, UnitType

    rows = ROWS // 10 if quick else ROWS
    data = workbook(rows)
    user, _created = get_user_model().objects.get_or_create(username="bench.import")

    def import_once():
        unit = Unit.add_root(code=f"BENCH{time.time_ns()}", name="Xã Thử Nghiệm", unit_type=UnitType.COMMUNE)
        started = time.perf_counter()
        checked = imports.roster_import_check(actor=user, unit=unit, data=data, file_name="ds.xlsx")
        check_s = time.perf_counter() - started
        written = imports.roster_import_apply(actor=user, roster_import=checked)
        total_s = time.perf_counter() - started
        assert not checked.errors and written == rows == Official.objects.filter(unit=unit).count()
        return check_s, total_s

    check_s, total_s = import_once()
    # Memory is measured on a second import, because tracing allocations slows Python down.
    tracemalloc.start()
    import_once()
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return {
        "rows": rows,
        "check_s": round(check_s, 2),
        "check_and_write_s": round(total_s, 2),
        "python_peak_mb": round(peak / 2**20, 1),
        "process_max_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    }


if __name__ == "__main__":
    print(json.dumps(run(quick="--quick" in sys.argv)))
