"""Dashboards benchmark: a generated district of 1,000 units, 100,000 officials and 1,000,000 quiz attempts on
PostgreSQL; the median time of each dashboard and of the district summary over repeated requests.

    python bench/dashboards.py [--quick] [--keep]   # prints JSON; --quick is a tenth of the size

It creates its own database, bench_dashboards, on the server of DATABASE_URL (default
postgres://postgres@127.0.0.1:5432) and drops it afterwards unless --keep is given (to profile the pages on it).
run(quick) runs it in a subprocess and returns the JSON.
"""

from __future__ import annotations

import datetime
import json
import os
import random
import statistics as stats
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DB_NAME = "bench_dashboards"
REPEATS = 15


def _server_url() -> str:
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        url = "postgres://postgres@127.0.0.1:5432/postgres"
    return url.rsplit("/", 1)[0]


def run(quick: bool = False) -> dict:
    """Run the benchmark in a fresh process with its own database; returns its figures."""
    env = {**os.environ, "DATABASE_URL": f"{_server_url()}/{DB_NAME}", "DJANGO_SETTINGS_MODULE": "lms.settings.test"}
    env.pop("CELERY_BROKER_URL", None)
    args = [sys.executable, str(Path(__file__).resolve()), *(["--quick"] if quick else [])]
    result = subprocess.run(args, cwd=ROOT, env=env, capture_output=True, text=True, check=True)
    return json.loads(result.stdout.strip().splitlines()[-1])


# Generation ---------------------------------------------------------------------------------------------


def _recreate_database() -> None:
    import psycopg

    with psycopg.connect(f"{_server_url()}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{DB_NAME}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{DB_NAME}"')


def _drop_database() -> None:
    import psycopg
    from django.db import connections

    connections.close_all()
    with psycopg.connect(f"{_server_url()}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{DB_NAME}" WITH (FORCE)')


def _copy(model, columns: list[str], rows) -> None:
    """COPY rows into a model's table: the fastest way to write a million rows."""
    from django.db import connection

    table = model._meta.db_table
    with (
        connection.cursor() as cursor,
        cursor.connection.cursor().copy(f'COPY "{table}" ({", ".join(columns)}) FROM STDIN') as copy,
    ):
        for row in rows:
            copy.write_row(row)


def _next_id(model) -> int:
    from django.db.models import Max

    return (model.objects.aggregate(m=Max("pk"))["m"] or 0) + 1


def _reset_sequences(*models) -> None:
    from django.core.management.color import no_style
    from django.db import connection

    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(no_style(), list(models)):
            cursor.execute(sql)


def generate(*, units: int, officials: int, attempts: int, seed: int = 2026) -> dict:
    """A district: province → districts → communes with villages and offices, officials, classes, attempts."""
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from certificates.models import Certificate, ReportingYear, new_verification_code
    from courses.models import AttemptStatus, CloseReason, Enrolment, QuizAttempt
    from lms import vietnamese
    from tests.courses import factories as course_factories
    from training.models import (
        Attendance,
        AttendanceStatus,
        ClassResult,
        ClassSession,
        ClassStatus,
        Nomination,
        NominationStatus,
        Quota,
        TrainingClass,
    )
    from units.demo import FAMILY, GIVEN_F, GIVEN_M, MIDDLE_F, MIDDLE_M
    from units.models import Membership, Official, PersonnelCategory, Role, RoleAssignment, Unit, UnitType

    rng = random.Random(seed)
    year = timezone.localdate().year
    User = get_user_model()

    province = Unit.add_root(code="B", name="Tỉnh Thử Nghiệm", unit_type=UnitType.PROVINCE, place_name="Thử Nghiệm")
    district_count = max(1, units // 50)
    communes: list[Unit] = []
    offices: list[Unit] = []
    for d in range(district_count):
        district = province.add_child(code=f"B.{d}", name=f"Huyện {d + 1}", unit_type=UnitType.DISTRICT)
        offices.append(
            district.add_child(
                code=f"B.{d}.PNV",
                name=f"Phòng Nội vụ huyện {d + 1}",
                unit_type=UnitType.OFFICE,
                is_organising_office=True,
            )
        )
        for c in range(units // district_count - 1):
            communes.append(
                district.add_child(code=f"B.{d}.{c}", name=f"Xã {d + 1}-{c + 1}", unit_type=UnitType.COMMUNE)
            )
    categories = [c for c, _label in PersonnelCategory.choices]

    # Officials, their memberships and logins.
    first_official = _next_id(Official)
    first_user = _next_id(User)
    people = []
    for i in range(officials):
        sex = rng.choice("MF")
        name = (
            f"{rng.choice(FAMILY)} {rng.choice(MIDDLE_M if sex == 'M' else MIDDLE_F)} "
            f"{rng.choice(GIVEN_M if sex == 'M' else GIVEN_F)}"
        )
        people.append(
            (first_official + i, first_user + i, name, sex, communes[i % len(communes)].pk, rng.choice(categories))
        )
    now = timezone.now()
    _copy(
        User,
        [
            "id",
            "password",
            "is_superuser",
            "username",
            "first_name",
            "last_name",
            "email",
            "is_staff",
            "is_active",
            "date_joined",
        ],
        ((uid, "!", False, f"b{uid}", "", "", f"b{uid}@example.vn", False, True, now) for _o, uid, *_ in people),
    )
    family = {}
    _copy(
        Official,
        [
            "id",
            "full_name",
            "family_name",
            "middle_name",
            "given_name",
            "sort_key",
            "search_name",
            "match_name",
            "sex",
            "birth_year",
            "position",
            "category",
            "unit_id",
            "email",
            "phone",
            "user_id",
            "is_active",
            "confirmed",
            "created_at",
            "updated_at",
        ],
        (
            (
                oid,
                name,
                *vietnamese.split_name(name),
                family.setdefault(name, vietnamese.name_sort_key(name)),
                vietnamese.strip_diacritics(name),
                vietnamese.match_form(name),
                sex,
                rng.randint(1965, 2000),
                "Công chức",
                category,
                unit_id,
                "",
                "",
                uid,
                True,
                True,
                now,
                now,
            )
            for oid, uid, name, sex, unit_id, category in people
        ),
    )
    _copy(
        Membership,
        ["official_id", "unit_id", "position", "start_date"],
        ((oid, unit_id, "", datetime.date(year - 3, 1, 1)) for oid, _u, _n, _s, unit_id, _c in people),
    )

    # An online course taken by everyone, with attempts spread over the year.
    course = course_factories.make_course("Luật Thực hiện dân chủ ở cơ sở")
    quiz = course_factories.make_quiz(course)
    first_enrolment = _next_id(Enrolment)
    start_of_year = datetime.datetime(year, 1, 1, tzinfo=datetime.UTC)
    span = max(1, int((now - start_of_year).total_seconds()))
    completed_at = {}
    for oid, *_rest in people:
        if rng.random() < 0.6:
            completed_at[oid] = start_of_year + datetime.timedelta(seconds=rng.randrange(span))
    _copy(
        Enrolment,
        ["id", "user_id", "course_id", "official_id", "source", "enrolled_at", "completed_at"],
        (
            (first_enrolment + i, uid, course.pk, oid, "self", start_of_year, completed_at.get(oid))
            for i, (oid, uid, *_rest) in enumerate(people)
        ),
    )
    per_person = max(1, attempts // officials)

    def attempt_rows():
        for i, (_oid, uid, *_rest) in enumerate(people):
            for number in range(1, per_person + 1):
                submitted = start_of_year + datetime.timedelta(seconds=rng.randrange(span))
                percent = rng.randint(20, 100)
                yield (
                    quiz.pk,
                    uid,
                    first_enrolment + i,
                    number,
                    AttemptStatus.GRADED,
                    submitted,
                    submitted,
                    submitted,
                    CloseReason.SUBMITTED,
                    70,
                    20,
                    percent / 5,
                    percent,
                    percent >= 70,
                )

    _copy(
        QuizAttempt,
        [
            "quiz_id",
            "user_id",
            "enrolment_id",
            "number",
            "status",
            "started_at",
            "deadline",
            "submitted_at",
            "close_reason",
            "pass_mark",
            "max_score",
            "score",
            "percent",
            "passed",
        ],
        attempt_rows(),
    )

    # Classes of the offices with quotas, nominations, attendance, results and certificates.
    by_commune: dict[int, list[int]] = {}
    for oid, _u, _n, _s, unit_id, _c in people:
        by_commune.setdefault(unit_id, []).append(oid)
    nomination_rows, attendance_rows, result_rows, certificate_rows = [], [], [], []
    first_nomination = _next_id(Nomination)
    serial = {}
    for index, office in enumerate(offices):
        klass = TrainingClass.objects.create(
            name=f"Lớp bồi dưỡng {index + 1}",
            organising_office=office,
            venue="Hội trường",
            start_date=datetime.date(year, 3, 1),
            end_date=datetime.date(year, 3, 2),
            capacity=10_000,
            nomination_deadline=start_of_year,
            status=ClassStatus.FINISHED,
            finished_at=start_of_year + datetime.timedelta(days=62),
        )
        session = ClassSession.objects.create(
            training_class=klass,
            date=klass.start_date,
            part="morning",
            start_time=datetime.time(7, 30),
            end_time=datetime.time(11, 0),
        )
        district_communes = [c for c in communes if c.path.startswith(office.get_parent().path)]
        Quota.objects.bulk_create([Quota(training_class=klass, unit=c, seats=5) for c in district_communes])
        for commune in district_communes:
            for oid in by_commune.get(commune.pk, [])[:5]:
                nid = first_nomination + len(nomination_rows)
                status = NominationStatus.APPROVED if rng.random() < 0.9 else NominationStatus.REJECTED
                nomination_rows.append((nid, klass.pk, oid, commune.pk, status, "", now, False))
                if status == NominationStatus.APPROVED:
                    present = rng.random() < 0.85
                    attendance_rows.append(
                        (
                            session.pk,
                            nid,
                            AttendanceStatus.PRESENT if present else AttendanceStatus.ABSENT,
                            "",
                            False,
                            now,
                        )
                    )
                    result_rows.append((klass.pk, nid, int(present), 1, 100 if present else 0, present, now))
                    if present:
                        serial[office.pk] = serial.get(office.pk, 0) + 1
                        certificate_rows.append((oid, office.pk, serial[office.pk], klass))
    _copy(
        Nomination,
        ["id", "training_class_id", "official_id", "unit_id", "status", "reason", "created_at", "added_late"],
        nomination_rows,
    )
    _copy(
        Attendance, ["session_id", "nomination_id", "status", "reason", "self_checked_in", "marked_at"], attendance_rows
    )
    _copy(
        ClassResult,
        [
            "training_class_id",
            "nomination_id",
            "sessions_attended",
            "sessions_total",
            "attendance_percent",
            "completed",
            "computed_at",
        ],
        result_rows,
    )
    names = {oid: name for oid, _u, name, *_ in people}
    _copy(
        Certificate,
        [
            "official_id",
            "kind",
            "source_id",
            "office_id",
            "year",
            "serial",
            "register_number",
            "code",
            "status",
            "issued_on",
            "issued_at",
            "learner_name",
            "learner_position",
            "learner_unit_name",
            "title",
            "result_text",
            "office_name",
            "supervising_body",
            "place_name",
            "signer_title_lines",
            "signer_name",
            "certificate_title",
            "certify_text",
            "completion_text",
            "revoke_reason",
            "pdf",
        ],
        (
            (
                oid,
                "class",
                klass.pk,
                office_id,
                year,
                number,
                f"{number:04d}/GCN-PNV",
                new_verification_code(),
                "valid",
                datetime.date(year, 3, 5),
                now,
                names[oid],
                "Công chức",
                "Xã",
                klass.name,
                "Hoàn thành",
                "Phòng Nội vụ",
                "UBND huyện",
                "Thử Nghiệm",
                "TRƯỞNG PHÒNG",
                "Nguyễn Văn A",
                "GIẤY CHỨNG NHẬN",
                "Chứng nhận",
                "Đã hoàn thành",
                "",
                "",
            )
            for oid, office_id, number, klass in certificate_rows
        ),
    )
    _reset_sequences(
        User, Official, Membership, Enrolment, QuizAttempt, Nomination, Attendance, ClassResult, Certificate
    )

    ReportingYear.objects.create(year=year, deadline=datetime.date(year, 11, 20), receiving_office=offices[0])
    organiser = User.objects.create(username="bench.organiser", email="o@example.vn")
    RoleAssignment.objects.create(user=organiser, role=Role.ORGANISER, unit=offices[0])
    coordinator = User.objects.create(username="bench.coordinator", email="c@example.vn")
    RoleAssignment.objects.create(user=coordinator, role=Role.COORDINATOR, unit=communes[0])
    learner = User.objects.get(username=f"b{first_user}")
    return {
        "organiser": organiser,
        "coordinator": coordinator,
        "learner": learner,
        "commune": communes[0],
        "year": year,
        "sizes": {
            "units": Unit.objects.count(),
            "officials": len(people),
            "attempts": QuizAttempt.objects.count(),
            "nominations": len(nomination_rows),
            "certificates": len(certificate_rows),
        },
    }


def _median_ms(client, url: str) -> tuple[float, int]:
    """Median time over repeated requests (after a first one that fills the session), and the queries of one."""
    from django.db import connection

    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    executed = []
    with connection.execute_wrapper(
        lambda execute, sql, params, many, context: executed.append(sql) or execute(sql, params, many, context)
    ):
        client.get(url)
    timings = []
    for _ in range(REPEATS):
        started = time.perf_counter()
        client.get(url)
        timings.append((time.perf_counter() - started) * 1000)
    return round(stats.median(timings), 1), len(executed)


def main(quick: bool, keep: bool = False) -> dict:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lms.settings.test")
    os.environ["DATABASE_URL"] = f"{_server_url()}/{DB_NAME}"
    _recreate_database()
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    from certificates import statistics
    from units.services import consent_accept

    try:
        call_command("migrate", verbosity=0, interactive=False)
        scale = 10 if quick else 1
        started = time.perf_counter()
        world = generate(units=1000 // scale, officials=100_000 // scale, attempts=1_000_000 // scale)
        generated_s = time.perf_counter() - started
        # Planner statistics, as autovacuum keeps them on a live server; without them a fresh bulk load is planned
        # as if the tables were empty.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        started = time.perf_counter()
        statistics.refresh(world["year"])
        refresh_s = time.perf_counter() - started
        for user in (world["organiser"], world["coordinator"], world["learner"]):
            consent_accept(user=user)
        year, commune = world["year"], world["commune"]
        pages = {
            "organiser": (world["organiser"], "/thong-ke/"),
            "district_summary": (world["organiser"], f"/bao-cao/{year}/tong-hop/"),
            "unit_drilldown": (world["organiser"], f"/thong-ke/don-vi/{commune.pk}/"),
            "coordinator": (world["coordinator"], "/thong-ke/don-vi-cua-toi/"),
            "unit_report": (world["coordinator"], f"/bao-cao/{year}/don-vi/{commune.pk}/"),
            "learner": (world["learner"], "/trang-cua-toi/"),
        }
        results: dict = {}
        queries: dict = {}
        for name, (user, url) in pages.items():
            client = Client()
            client.force_login(user)
            results[f"{name}_median_ms"], queries[name] = _median_ms(client, url)
        results["statistics_refresh_s"] = round(refresh_s, 1)
        results["generate_s"] = round(generated_s, 1)
        results["sizes"] = world["sizes"]
        results["queries"] = queries
        return results
    finally:
        if not keep:
            _drop_database()


if __name__ == "__main__":
    figures = main(quick="--quick" in sys.argv, keep="--keep" in sys.argv)
    print(json.dumps(figures))
