"""Exam day under load: gunicorn, PostgreSQL, Redis and a Celery worker with production settings; 100, 300 and 500
learners take the final quiz at once (Locust); requests/s, percentiles per step, errors and lost answers; the page
floor (course and lesson page against a bare Wagtail page with the same content) and query counts at two sizes.

    python bench/exam_day.py [--quick] [--users 100,300,500] [--keep]   # prints JSON on its last line

It creates the database bench_exam_day on DATABASE_URL's server (default postgres://postgres@127.0.0.1:5432), uses
Redis databases 5 (cache and sessions) and 6 (broker) on REDIS_HOST (default redis://127.0.0.1:6379), serves on
127.0.0.1:8100, and removes all of it afterwards (--keep leaves the database for profiling).
"""

from __future__ import annotations

import csv
import json
import os
import resource
import runpy
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
DB_NAME = "bench_exam_day"
PORT = int(os.environ.get("BENCH_PORT", "8100"))
HOST = f"127.0.0.1:{PORT}"
REDIS = os.environ.get("REDIS_HOST", "redis://127.0.0.1:6379")
PASSWORD = "Bench@2026-thi"
PREFIX = "bench.hv"
QUIZ_URL = "/khoa-hoc/luat-thuc-hien-dan-chu-o-co-so/kiem-tra-cuoi-khoa/"
COURSE_URL = "/khoa-hoc/luat-thuc-hien-dan-chu-o-co-so/"
LESSON_URL = "/khoa-hoc/luat-thuc-hien-dan-chu-o-co-so/noi-dung-cong-khai/"
STEPS = ["1 login form", "2 sign in", "3 quiz page", "4 start attempt", "5 attempt page", "6 autosave", "7 submit"]
STEPS.append("8 result page")


def _server_url() -> str:
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        url = "postgres://postgres@127.0.0.1:5432/postgres"
    return url.rsplit("/", 1)[0]


def server_env(**extra: str) -> dict:
    """The environment of a production deployment on this machine (docs/performance.md)."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "SECRET_KEY": "bench-only-" + "x" * 40,
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SITE_URL": f"https://{HOST}",
        "DATABASE_URL": f"{_server_url()}/{DB_NAME}",
        "REDIS_URL": f"{REDIS}/5",
        "CACHE_KEY_PREFIX": "bench",
        "CELERY_BROKER_URL": f"{REDIS}/6",
        # One reverse proxy in front (the load generator plays it): client addresses come from X-Forwarded-For.
        "AXES_PROXY_COUNT": "1",
        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
        "PRIVATE_ROOT": str(Path(tempfile.gettempdir()) / "bench-exam-private"),
        "MEDIA_ROOT": str(Path(tempfile.gettempdir()) / "bench-exam-media"),
        "LOG_LEVEL": "WARNING",
        "PYTHONPATH": str(ROOT),
    }
    env.update(extra)
    return env


def _redis_flush() -> None:
    for db in (5, 6):
        subprocess.run(["redis-cli", "-u", f"{REDIS}/{db}", "flushdb"], check=True, capture_output=True)


def _psql(sql: str) -> None:
    import psycopg

    with psycopg.connect(f"{_server_url()}/postgres", autocommit=True) as conn:
        conn.execute(sql)


def _manage(*args: str, env: dict) -> None:
    subprocess.run([str(BIN / "python"), "manage.py", *args], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)


def _django(env: dict) -> None:
    os.environ.update({k: v for k, v in env.items() if k not in ("PYTHONPATH",)})
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def create_learners(count: int) -> None:
    """Learners with a login, a unit and the personal-data notice accepted; one password hash for all."""
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password

    from units.models import ConsentRecord, Official, Unit

    User = get_user_model()
    existing = User.objects.filter(username__startswith=PREFIX).count()
    if existing >= count:
        return
    hashed = make_password(PASSWORD)
    users = User.objects.bulk_create(
        User(username=f"{PREFIX}{i:04d}", email=f"hv{i:04d}@bench.example.vn", password=hashed, is_active=True)
        for i in range(existing + 1, count + 1)
    )
    ConsentRecord.objects.bulk_create(
        ConsentRecord(user=user, notice_version=settings.LMS_PRIVACY_NOTICE_VERSION) for user in users
    )
    unit = Unit.objects.filter(unit_type="commune").order_by("path").first()
    people = []
    for user in users:
        official = Official(
            full_name=f"Nguyễn Thị Học Viên {user.username[-4:]}",
            sex="F",
            birth_year=1985,
            position="Công chức",
            category="cong_chuc",
            unit=unit,
            user=user,
        )
        official.fill_derived_fields()
        people.append(official)
    Official.objects.bulk_create(people)


def reset_attempts() -> None:
    from django.contrib.auth import get_user_model

    from courses.models import Enrolment

    Enrolment.objects.filter(user__in=get_user_model().objects.filter(username__startswith=PREFIX)).delete()


def create_floor_pages() -> dict[str, str]:
    """Bare twins of the demo course and lesson, each beside its original (same depth, same routing): the same
    StreamField content, and nothing else."""
    from bench.floor.models import BarePage
    from courses.models import CoursePage, LessonPage

    lesson = LessonPage.objects.get(url_path="/home" + LESSON_URL)
    course = CoursePage.objects.get(url_path="/home" + COURSE_URL)
    outline = [page.title for page in course.get_children()]
    twins = [
        (lesson.get_parent(), "bare-lesson", lesson.title, lesson.body.raw_data),
        (
            course.get_parent(),
            "bare-course",
            course.title,
            [
                {"type": "text", "value": f"<p>{course.summary}</p>"},
                {"type": "text", "value": str(course.objectives)},
                {"type": "key_points", "value": {"title": "Bài học", "points": outline}},
            ],
        ),
    ]
    urls = {}
    for parent, slug, title, body in twins:
        page = BarePage.objects.filter(slug=slug).first()
        if page is None:
            page = parent.add_child(instance=BarePage(title=title, slug=slug, body=body))
            page.save_revision().publish()
        urls[slug.removeprefix("bare-")] = page.url_path.removeprefix("/home")
    return urls


def _wait_http(url: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while True:
        try:
            request = urllib.request.Request(url, headers={"X-Forwarded-Proto": "https"})
            urllib.request.urlopen(request, timeout=5)
            return
        except Exception:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.5)


class Servers:
    """gunicorn (gunicorn.conf.py, tuned for two cores) and one Celery worker, stopped on exit."""

    def __init__(self, env: dict, log_dir: Path):
        self.env, self.log_dir, self.processes = env, log_dir, []

    def __enter__(self):
        try:
            self._start()
        except BaseException:
            self.__exit__()
            raise
        return self

    def _start(self) -> None:
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", PORT)) == 0:
                raise RuntimeError(f"port {PORT} is in use: stop what serves it, or set BENCH_PORT")
        self.processes.append(
            subprocess.Popen(
                [str(BIN / "gunicorn"), "lms.wsgi"],
                cwd=ROOT,
                env={**self.env, "GUNICORN_BIND": HOST},
                stdout=(self.log_dir / "gunicorn.log").open("w"),
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        )
        self.processes.append(
            subprocess.Popen(
                [str(BIN / "celery"), "-A", "lms", "worker", "--concurrency=1", "-l", "warning", "--without-gossip"],
                cwd=ROOT,
                env=self.env,
                stdout=(self.log_dir / "celery.log").open("w"),
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        )
        _wait_http(f"http://{HOST}/healthz")

    def cpu_seconds(self) -> dict[str, float]:
        """CPU time used so far by gunicorn (master and workers) and by the Celery worker, from /proc; a group's
        leader adds the time of its children that have exited (a gunicorn worker recycled after max_requests)."""
        tick = os.sysconf("SC_CLK_TCK")
        totals = dict.fromkeys(("gunicorn", "celery"), 0.0)
        groups = dict(zip((p.pid for p in self.processes), totals, strict=False))
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = stat.read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            group = int(fields[2])  # the process group: each server was started in its own session
            name = groups.get(group)
            if name:
                totals[name] += (int(fields[11]) + int(fields[12])) / tick
                if int(stat.parent.name) == group:
                    totals[name] += (int(fields[13]) + int(fields[14])) / tick
        return totals

    def __exit__(self, *exc):
        for process in self.processes:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
        for process in self.processes:
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()


def page_floor(env: dict, floor_urls: dict[str, str], rounds: int) -> dict:
    """Median time of the course, lesson and bare pages for one signed-in learner, requests interleaved."""
    import http.cookiejar

    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar), _NoRedirect())
    base = f"http://{HOST}"
    headers = {"X-Forwarded-Proto": "https", "X-Forwarded-For": "192.0.2.250", "Origin": f"https://{HOST}"}

    def fetch(url, data=None):
        request = urllib.request.Request(base + url, data=data, headers={**headers, "Referer": f"https://{HOST}{url}"})
        try:
            with opener.open(request, timeout=30) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, ""

    # Secure cookies travel back over the plain connection, as the proxy would hand them on.
    jar.set_policy(_SecureOverPlain())
    _status, body = fetch("/tai-khoan/login/")
    token = body.split('name="csrfmiddlewaretoken" value="', 1)[1].split('"', 1)[0]
    login = urllib.parse.urlencode({"login": f"{PREFIX}0001", "password": PASSWORD, "csrfmiddlewaretoken": token})
    status, _body = fetch("/tai-khoan/login/", login.encode())
    assert status == 302, status
    pages = {
        "course": COURSE_URL,
        "lesson": LESSON_URL,
        "bare_course": floor_urls["course"],
        "bare_lesson": floor_urls["lesson"],
    }
    timings: dict[str, list[float]] = {name: [] for name in pages}
    for url in pages.values():  # warm: templates compiled, caches filled in every worker
        for _ in range(6):
            status, _body = fetch(url)
            assert status == 200, (url, status)
    for _ in range(rounds):
        for name, url in pages.items():
            started = time.perf_counter()
            fetch(url)
            timings[name].append((time.perf_counter() - started) * 1000)
    medians = {name: statistics.median(values) for name, values in timings.items()}
    return {
        "course_vs_bare": round(medians["course"] / medians["bare_course"], 2),
        "lesson_vs_bare": round(medians["lesson"] / medians["bare_lesson"], 2),
        **{f"{name}_median_ms": round(value, 1) for name, value in medians.items()},
        "rounds": rounds,
    }


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class _SecureOverPlain(__import__("http.cookiejar").cookiejar.DefaultCookiePolicy):
    def return_ok_secure(self, cookie, request):
        return True

    def set_ok(self, cookie, request):
        return True


def verify(ack_file: Path) -> dict:
    """Compare every acknowledged answer with the graded attempt in the database."""
    from courses import grading
    from courses.models import AttemptQuestion, AttemptStatus, QuizAttempt

    last: dict[tuple[int, int], dict] = {}
    for line in ack_file.read_text().splitlines():
        ack = json.loads(line)
        last[(ack["attempt"], ack["position"])] = ack["values"]
    attempt_ids = {attempt for attempt, _position in last}
    slots = {
        (s.attempt_id, s.position): s
        for s in AttemptQuestion.objects.filter(attempt_id__in=attempt_ids).select_related("version", "attempt")
    }
    lost = 0
    for key, values in last.items():
        slot = slots.get(key)
        grouped = {name.partition("_")[2]: v for name, v in values.items()}
        if (
            slot is None
            or slot.attempt.status != AttemptStatus.GRADED
            or slot.response != grading.response_from_form(slot.version.data, slot.order, grouped)
        ):
            lost += 1
    attempts = QuizAttempt.objects.filter(user__username__startswith=PREFIX)
    starts = list(attempts.values_list("started_at", flat=True))
    return {
        "acknowledged_answers": len(last),
        "lost_answers": lost,
        "attempts": len(starts),
        "graded": attempts.filter(status=AttemptStatus.GRADED).count(),
        "start_spread_s": round((max(starts) - min(starts)).total_seconds(), 1) if starts else None,
    }


def _csv_rows(path: str) -> list[dict]:
    with open(path) as handle:
        return list(csv.DictReader(handle))


def load_run(users: int, *, quick: bool, env: dict, work: Path, servers: Servers) -> dict:
    ack_file = work / f"acks-{users}.jsonl"
    prefix = work / f"locust-{users}"
    window, wait = ("5", "0.3,0.6") if quick else ("50", "3,5")
    locust_env = {
        **env,
        "BENCH_HOST_HEADER": HOST,
        "BENCH_QUIZ_URL": QUIZ_URL,
        "BENCH_USER_PREFIX": PREFIX,
        "BENCH_PASSWORD": PASSWORD,
        "BENCH_ACK_FILE": str(ack_file),
        "BENCH_USERS": str(users),
        "BENCH_START_WINDOW": window,
        "BENCH_ANSWER_WAIT": wait,
    }
    load_before = os.getloadavg()
    cpu_before = servers.cpu_seconds()
    children_before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run(
        [
            str(BIN / "locust"),
            "-f",
            str(ROOT / "bench" / "locustfile.py"),
            "--headless",
            "--host",
            f"http://{HOST}",
            "-u",
            str(users),
            "-r",
            str(users),
            "--run-time",
            "15m",
            "--csv",
            str(prefix),
            "--only-summary",
            "--loglevel",
            "WARNING",
        ],
        cwd=ROOT,
        env=locust_env,
        check=False,
        stdout=(work / f"locust-{users}.log").open("w"),
        stderr=subprocess.STDOUT,
    )
    elapsed = time.perf_counter() - started
    load_after = os.getloadavg()
    cpu_after = servers.cpu_seconds()
    children_after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = {name: round(cpu_after[name] - cpu_before[name], 1) for name in cpu_after}
    cpu["locust"] = round(
        children_after.ru_utime + children_after.ru_stime - children_before.ru_utime - children_before.ru_stime, 1
    )
    rows = {row["Name"]: row for row in _csv_rows(f"{prefix}_stats.csv")}
    total = rows.pop("Aggregated")
    failures = _csv_rows(f"{prefix}_failures.csv")
    exceptions = _csv_rows(f"{prefix}_exceptions.csv")
    figures = {
        "requests_per_s": round(float(total["Requests/s"]), 1),
        "requests": int(total["Request Count"]),
        "errors": int(total["Failure Count"]) + sum(int(e["Count"]) for e in exceptions),
        "p50_ms": {},
        "p95_ms": {},
        "p99_ms": {},
        "count": {},
    }
    for step in STEPS:
        row = rows.get(step)
        if row is None:
            continue
        figures["count"][step] = int(row["Request Count"])
        for p, key in (("50%", "p50_ms"), ("95%", "p95_ms"), ("99%", "p99_ms")):
            figures[key][step] = float(row[p]) if row[p] != "N/A" else None
    figures.update(verify(ack_file))
    figures["error_kinds"] = [f"{f['Name']}: {f['Error']} ×{f['Occurrences']}" for f in failures] + [
        f"exception: {e['Message']} ×{e['Count']}" for e in exceptions
    ]
    figures["wall_s"] = round(elapsed, 1)
    figures["cpu_s"] = cpu  # of the machine's 2 × wall_s
    figures["load_avg_1m_before_after"] = [round(load_before[0], 2), round(load_after[0], 2)]
    return figures


def main(quick: bool, users_list: list[int], keep: bool = False) -> dict:
    work = Path(tempfile.mkdtemp(prefix="bench-exam-"))
    env = server_env()
    _psql(f'DROP DATABASE IF EXISTS "{DB_NAME}" WITH (FORCE)')
    _psql(f'CREATE DATABASE "{DB_NAME}"')
    _redis_flush()
    result: dict = {"settings": {}}
    try:
        _manage("migrate", "--noinput", env=env)
        _manage("collectstatic", "--noinput", env=env)
        _manage("seed_demo", env=env)
        _django(env)
        from django.conf import settings
        from django.db import connections

        create_learners(max(users_list, default=2))
        floor_urls = create_floor_pages()
        connections.close_all()
        gunicorn_conf = runpy.run_path(str(ROOT / "gunicorn.conf.py"))
        result["settings"] = {
            "gunicorn_workers": gunicorn_conf["workers"],
            "gunicorn_threads": gunicorn_conf["threads"],
            "conn_max_age": settings.DATABASES["default"]["CONN_MAX_AGE"],
            "session_engine": settings.SESSION_ENGINE,
            "cache": settings.CACHES["default"]["BACKEND"],
            "password_hasher": settings.PASSWORD_HASHERS[0],
        }
        from bench import query_counts

        result["queries"] = query_counts.measure(
            username=f"{PREFIX}0001",
            course_url=COURSE_URL,
            lesson_url=LESSON_URL,
            quiz_url=QUIZ_URL,
            size=50 if quick else 200,
        )
        connections.close_all()
        with Servers(env, work) as servers:
            result["pages"] = page_floor(env, floor_urls, rounds=15 if quick else 60)
            runs = {}
            for users in users_list:
                reset_attempts()
                connections.close_all()
                label = str(users * 10 if quick else users)
                runs[label] = load_run(users, quick=quick, env=env, work=work, servers=servers)
                if quick:
                    runs[label]["mode"] = f"quick: {users} users standing for {label}, answers 0.3–0.6 s apart"
                print(f"exam day {users} users: {json.dumps(runs[label])}", file=sys.stderr)
            result["exam_day"] = runs
        result["logs"] = str(work)
        return result
    finally:
        from django.db import connections

        connections.close_all()
        if not keep:
            _psql(f'DROP DATABASE IF EXISTS "{DB_NAME}" WITH (FORCE)')
        _redis_flush()


if __name__ == "__main__":
    quick = "--quick" in sys.argv
    users_arg = next((a.split("=", 1)[1] for a in sys.argv if a.startswith("--users=")), None)
    default = [10, 30, 50] if quick else [100, 300, 500]
    users_list = [int(x) for x in users_arg.split(",") if int(x)] if users_arg else default
    print(json.dumps(main(quick, users_list, keep="--keep" in sys.argv)))
