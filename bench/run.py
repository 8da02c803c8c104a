"""`make bench`: every benchmark in turn, each in its own process; bench/results.json, a table, and the JSON last.

    python bench/run.py            # full run (about 15 minutes)
    BENCH_QUICK=1 python bench/run.py   # reduced run with the same keys (under 3 minutes)

Each benchmark makes and drops its own PostgreSQL database (names starting with bench_), uses Redis databases
5 and 6 only, and serves on 127.0.0.1:8100; the machine's load average is recorded next to every figure.
"""

from __future__ import annotations

import datetime
import json
import os
import platform
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
SERVER = os.environ.get("BENCH_POSTGRES", "postgres://postgres@127.0.0.1:5432")
REDIS = os.environ.get("REDIS_HOST", "redis://127.0.0.1:6379")


def _load() -> list[float]:
    return [round(x, 2) for x in os.getloadavg()]


def _json_tail(args: list[str], env: dict) -> dict:
    """Run a benchmark script and read the JSON of its last line; its other output goes to stderr."""
    result = subprocess.run(
        [PYTHON, *args], cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=sys.stderr, text=True, check=True
    )
    out = result.stdout.strip()
    try:
        return json.loads(out)  # scripts that print indented JSON
    except json.JSONDecodeError:
        return json.loads(out.splitlines()[-1])


def _psql(sql: str) -> None:
    import psycopg

    with psycopg.connect(f"{SERVER}/postgres", autocommit=True) as conn:
        conn.execute(sql)


def step(name: str, figures: dict, action) -> None:
    before, started = _load(), time.perf_counter()
    print(f"== {name} (load average {before[0]})", file=sys.stderr, flush=True)
    figures[name] = action()
    figures.setdefault("_load", {})[name] = {
        "load_avg_before": before,
        "load_avg_after": _load(),
        "seconds": round(time.perf_counter() - started, 1),
    }


def certificates(quick: bool) -> dict:
    db = "bench_certificates"
    _psql(f'DROP DATABASE IF EXISTS "{db}" WITH (FORCE)')
    _psql(f'CREATE DATABASE "{db}"')
    env = {
        **os.environ,
        "DATABASE_URL": f"{SERVER}/{db}",
        "CELERY_BROKER_URL": f"{REDIS}/6",
        "DJANGO_SETTINGS_MODULE": "lms.settings.test",
    }
    subprocess.run(["redis-cli", "-u", f"{REDIS}/6", "flushdb"], check=True, capture_output=True)
    try:
        return _json_tail(["bench/certificates.py", *(["--quick"] if quick else ["--worker"])], env)
    finally:
        _psql(f'DROP DATABASE IF EXISTS "{db}" WITH (FORCE)')
        subprocess.run(["redis-cli", "-u", f"{REDIS}/6", "flushdb"], check=True, capture_output=True)


def table(results: dict) -> str:
    lines = []
    exam = results["exam_day"]
    steps = sorted({s for row in exam.values() for s in row["p95_ms"]})
    lines.append("Exam day (p50 / p95 / p99 ms per step)")
    lines.append(f"{'step':<18}" + "".join(f"{'N=' + n:>22}" for n in exam))
    for s in steps:
        cells = []
        for row in exam.values():
            p50, p95, p99 = (row[k].get(s) for k in ("p50_ms", "p95_ms", "p99_ms"))
            cells.append(f"{p50:.0f} / {p95:.0f} / {p99:.0f}" if p95 is not None else "–")
        lines.append(f"{s:<18}" + "".join(f"{c:>22}" for c in cells))
    for key in ("requests_per_s", "requests", "errors", "acknowledged_answers", "lost_answers", "start_spread_s"):
        lines.append(f"{key:<18}" + "".join(f"{row.get(key)!s:>22}" for row in exam.values()))
    lines.append(
        f"{'load avg (1 min)':<18}" + "".join(f"{row['load_avg_1m_before_after']!s:>22}" for row in exam.values())
    )
    pages = results["pages"]
    lines.append("")
    lines.append(
        f"Pages: course {pages['course_median_ms']} ms vs bare {pages['bare_course_median_ms']} ms "
        f"(×{pages['course_vs_bare']}); lesson {pages['lesson_median_ms']} ms vs bare "
        f"{pages['bare_lesson_median_ms']} ms (×{pages['lesson_vs_bare']})"
    )
    queries = results["queries"]
    lines.append("Queries per page  " + "".join(f"{p:>18}" for p in queries["small"]))
    for size in ("small", "large"):
        lines.append(f"{size:<18}" + "".join(f"{n:>18}" for n in queries[size].values()))
    lines.append("")
    lines.append("Certificates: " + ", ".join(f"{k} {v}" for k, v in results["certificates"].items()))
    lines.append("Exports: " + ", ".join(f"{k} {v}" for k, v in results["exports"].items()))
    lines.append("Dashboards: " + ", ".join(f"{k} {v}" for k, v in results["dashboards"].items() if k.endswith("_ms")))
    return "\n".join(lines)


def main() -> dict:
    quick = os.environ.get("BENCH_QUICK", "") not in ("", "0")
    flag = ["--quick"] if quick else []
    figures: dict = {}
    started = time.perf_counter()
    step("exam_day", figures, lambda: _json_tail(["bench/exam_day.py", *flag], dict(os.environ)))
    step("certificates", figures, lambda: certificates(quick))
    step("exports", figures, lambda: _json_tail(["bench/exports.py", *flag], dict(os.environ)))
    test_settings = {**os.environ, "DJANGO_SETTINGS_MODULE": "lms.settings.test"}
    step("dashboards", figures, lambda: _json_tail(["bench/dashboards.py", *flag], test_settings))
    exam = figures["exam_day"]
    results = {
        "exam_day": exam["exam_day"],
        "pages": exam["pages"],
        "queries": exam["queries"],
        "certificates": figures["certificates"],
        "exports": figures["exports"],
        "dashboards": figures["dashboards"],
        "machine": {
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "platform": platform.platform(),
            "settings": exam["settings"],
        },
        "load": figures["_load"],
        "quick": quick,
        "finished_at": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "total_s": round(time.perf_counter() - started, 1),
    }
    (ROOT / "bench" / "results.json").write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n")
    print(table(results))
    print(json.dumps(results, ensure_ascii=False))
    return results


if __name__ == "__main__":
    main()
