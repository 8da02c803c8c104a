"""Export benchmark: a 10,000-row results XLSX (time, peak memory) and sign-in sheet PDFs of 250, 500 and 1,000 rows.

    python bench/exports.py [--quick]

Peak memory is the process's peak resident size measured in a fresh child process for each document, so
that one measurement does not inherit another's heap.
"""

from __future__ import annotations

import datetime
import json
import multiprocessing
import resource
import sys
import tempfile
import time
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

UNITS = ["Thị trấn Ái Nghĩa", "Xã Đại An", "Xã Đại Hiệp", "Xã Đại Hòa", "Xã Đại Nghĩa", "Xã Đại Lãnh"]
FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Huỳnh", "Đặng", "Võ", "Bùi"]
GIVEN = ["Ánh", "Bảo", "Dũng", "Đức", "Hạnh", "Lộc", "Mỹ", "Nữ", "Ơn", "Ưng", "Ỷ"]


def _head():
    from certificates.documents import DocumentHead

    return DocumentHead(
        supervising_body="UBND huyện Đại Lộc",
        issuing_office="Phòng Nội vụ",
        place="Đại Lộc",
        day=datetime.date(2026, 3, 15),
        title="Danh sách kết quả học tập",
        number="   /DS-PNV",
        subtitle_lines=("Lớp bồi dưỡng kiến thức, kỹ năng thực hiện dân chủ ở cơ sở năm 2026",),
        signer_title_lines=("KT. TRƯỞNG PHÒNG", "PHÓ TRƯỞNG PHÒNG"),
        signer_name="Trần Văn Đức",
        recipients=("UBND huyện (b/c)", "Phòng Tư pháp"),
        archive_note="VT, PNV",
    )


def people(count: int):
    from certificates.exports import Person

    return [
        Person(
            full_name=f"{FAMILY[i % 8]} Thị {GIVEN[i % 11]} {i}",
            unit_name=UNITS[i % len(UNITS)],
            birth_year=1970 + i % 30,
            position="Công chức Tư pháp - Hộ tịch",
        )
        for i in range(count)
    ]


def _results_xlsx(rows: int) -> float:
    from certificates import exports

    records = [
        exports.Result(
            person=p, attendance_percent=87.5, quiz_score=8.25, completed=True, certificate_number="0012/GCN-PNV"
        )
        for p in people(rows)
    ]
    exporter = exports.ResultsList(head=_head(), records=records)
    started = time.perf_counter()
    with tempfile.TemporaryFile() as handle:
        exports.write(exporter, "xlsx", handle)
    return time.perf_counter() - started


def _signin_pdf(rows: int) -> float:
    from certificates import exports

    exporter = exports.SignInSheet(head=_head(), records=people(rows), sessions=["Sáng 09/3", "Chiều 09/3"])
    started = time.perf_counter()
    with tempfile.TemporaryFile() as handle:
        exports.write(exporter, "pdf", handle)
    return time.perf_counter() - started


def _child(name: str, rows: int, queue) -> None:
    from bench import setup_django

    setup_django.setup()
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    seconds = {"xlsx": _results_xlsx, "pdf": _signin_pdf}[name](rows)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    queue.put({"seconds": seconds, "peak_mb": peak / 1024, "baseline_mb": before / 1024})


def measure(name: str, rows: int) -> dict:
    context = multiprocessing.get_context("spawn")
    queue = context.Queue()
    process = context.Process(target=_child, args=(name, rows, queue))
    process.start()
    result = queue.get(timeout=600)
    process.join()
    return result


def run(quick: bool = False) -> dict:
    xlsx_rows = 2000 if quick else 10000
    xlsx = measure("xlsx", xlsx_rows)
    figures = {
        "results_xlsx_10000_s": round(xlsx["seconds"] * 10000 / xlsx_rows, 2),
        "results_xlsx_10000_peak_mb": round(xlsx["peak_mb"], 1),
        "results_xlsx_process_baseline_mb": round(xlsx["baseline_mb"], 1),
    }
    sizes = (100, 200) if quick else (250, 500, 1000)
    for rows in sizes:
        figures[f"signin_pdf_{rows}_s"] = round(measure("pdf", rows)["seconds"], 2)
    if not quick:
        figures["signin_pdf_1000_per_250_ratio"] = round(figures["signin_pdf_1000_s"] / figures["signin_pdf_250_s"], 2)
    else:
        figures["results_xlsx_mode"] = f"{xlsx_rows} rows scaled to 10000"
        # The sign-in sheet grows linearly with its rows (page by page), so 200 rows stand for 1,000 here.
        figures["signin_pdf_1000_s"] = round(figures["signin_pdf_200_s"] * 5, 2)
        figures["signin_pdf_mode"] = "200 rows scaled to 1000"
    return figures


if __name__ == "__main__":
    print(json.dumps(run(quick="--quick" in sys.argv), indent=2))
