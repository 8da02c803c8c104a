"""Markdown tables of a results file, for docs/performance.md: python bench/report.py [bench/results.json]."""

from __future__ import annotations

import json
import sys
from pathlib import Path

STEPS = {
    "1 login form": "sign-in page",
    "2 sign in": "sign in",
    "3 quiz page": "quiz page",
    "4 start attempt": "start attempt",
    "5 attempt page": "attempt page",
    "6 autosave": "autosave",
    "7 submit": "submit",
    "8 result page": "result page",
}


def exam_day(runs: dict) -> list[str]:
    lines = [
        "| N | requests/s | requests | errors | lost answers | acknowledged | start spread (s) "
        "| load avg before → after | CPU s: gunicorn / worker / Locust (wall s) |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for n, row in runs.items():
        load = row["load_avg_1m_before_after"]
        cpu = row.get("cpu_s", {})
        lines.append(
            f"| {n} | {row['requests_per_s']} | {row['requests']} | {row['errors']} | **{row['lost_answers']}** "
            f"| {row['acknowledged_answers']} | {row['start_spread_s']} | {load[0]} → {load[1]} "
            f"| {cpu.get('gunicorn')} / {cpu.get('celery')} / {cpu.get('locust')} ({row['wall_s']}) |"
        )
    lines += ["", "p50 / p95 / p99 in ms per step:", ""]
    lines.append("| step | " + " | ".join(f"N = {n}" for n in runs) + " |")
    lines.append("|---|" + "---|" * len(runs))
    for step, label in STEPS.items():
        cells = []
        for row in runs.values():
            p50, p95, p99 = (row[key].get(step) for key in ("p50_ms", "p95_ms", "p99_ms"))
            cells.append(f"{p50:.0f} / **{p95:.0f}** / {p99:.0f}" if p95 is not None else "–")
        lines.append(f"| {label} | " + " | ".join(cells) + " |")
    kinds = [f"N = {n}: {', '.join(row['error_kinds'])}" for n, row in runs.items() if row["error_kinds"]]
    if kinds:
        lines += ["", "Errors: " + "; ".join(kinds)]
    return lines


def pages(results: dict) -> list[str]:
    p = results["pages"]
    return [
        "| page | median ms | bare page, same content | ratio |",
        "|---|---|---|---|",
        f"| course | {p['course_median_ms']} | {p['bare_course_median_ms']} | **{p['course_vs_bare']}** |",
        f"| lesson | {p['lesson_median_ms']} | {p['bare_lesson_median_ms']} | **{p['lesson_vs_bare']}** |",
        "",
        f"Medians of {p['rounds']} rounds, the four pages requested in turn by one signed-in learner.",
    ]


def queries(results: dict) -> list[str]:
    q = results["queries"]
    names = list(q["small"])
    lines = ["| data | " + " | ".join(names) + " |", "|---|" + "---|" * len(names)]
    for size in ("small", "large"):
        lines.append(f"| {q['sizes'][size]} | " + " | ".join(str(q[size][n]) for n in names) + " |")
    return lines


def flat(name: str, figures: dict) -> list[str]:
    return [f"| {name} | figure |", "|---|---|"] + [
        f"| {key} | {value} |" for key, value in figures.items() if not isinstance(value, dict | list)
    ]


def main(path: Path) -> str:
    results = json.loads(path.read_text())
    load = results.get("load", {})
    sections = [
        f"Run finished {results['finished_at']} ({results['total_s']} s, quick: {results['quick']}).",
        "",
        "Load average (1, 5, 15 min) before and after each benchmark: "
        + "; ".join(f"{k} {v['load_avg_before']} → {v['load_avg_after']} ({v['seconds']} s)" for k, v in load.items()),
        "",
        "### Exam day",
        "",
        *exam_day(results["exam_day"]),
        "",
        "### Page floor",
        "",
        *pages(results),
        "",
        "### Queries per page",
        "",
        *queries(results),
        "",
        "### Certificates, exports, dashboards",
        "",
        *flat("certificates", results["certificates"]),
        "",
        *flat("exports", results["exports"]),
        "",
        *flat("dashboards", results["dashboards"]),
    ]
    return "\n".join(sections)


if __name__ == "__main__":
    print(main(Path(sys.argv[1] if len(sys.argv) > 1 else Path(__file__).with_name("results.json"))))
