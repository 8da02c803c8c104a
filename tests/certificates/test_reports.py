"""Yearly reports and dashboards: pre-filled figures equal a hand count, deadlines in local time, reminders once,
returns, scoping, “as of” figures across the 2025 reorganisation, and query counts independent of size."""

import datetime
import io
import zoneinfo
from decimal import Decimal
from pathlib import Path

import pytest
import time_machine
from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from certificates import dashboards, reports, services, statistics
from certificates.models import AnnualReport, ReportingYear, ReportStatus
from courses.models import AttemptStatus, CloseReason, Enrolment, QuizAttempt
from lms.models import Notification
from tests.certificates import pdftext
from tests.courses import factories as course_factories
from tests.factories import OfficialFactory, UnitFactory, UserFactory
from tests.training.conftest import add_session, make_class
from training.models import Attendance, AttendanceStatus, ClassResult, ClassStatus, Nomination, NominationStatus
from units.models import Membership, PersonnelCategory, Unit, UnitType

pytestmark = pytest.mark.django_db
HCM = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")
SESSION_QUERY = 1 if settings.SESSION_ENGINE.endswith(".db") else 0
REORGANISATION = Path(__file__).resolve().parents[2] / "units" / "reorganisations" / "2025-07-01-da-nang.yaml"


def member(unit, name, category=PersonnelCategory.CONG_CHUC, since=datetime.date(2025, 1, 1), user=None):
    official = OfficialFactory(unit=unit, full_name=name, category=category, user=user)
    Membership.objects.create(official=official, unit=unit, start_date=since)
    return official


def at(moment: datetime.datetime):
    return time_machine.travel(moment, tick=False)


@pytest.fixture
def reporting_year(office):
    return ReportingYear.objects.create(year=2026, deadline=datetime.date(2026, 11, 20), receiving_office=office)


@pytest.fixture
def world(unit_a, unit_b, office, office_settings):
    """Ái Nghĩa in 2026, counted by hand: 4 officials, one class, a certificate, two quiz attempts."""
    village = UnitFactory(parent=unit_a, name="Khối phố 1", unit_type=UnitType.VILLAGE)
    learner_user = UserFactory(username="hv.a")
    anh = member(unit_a, "Lê Thị Ánh", user=learner_user)
    an = member(unit_a, "Nguyễn Văn An")
    member(unit_a, "Võ Thị Ăn")
    member(village, "Phạm Thị Ân", category=PersonnelCategory.HOA_GIAI_VIEN)
    member(unit_b, "Trần Văn Đức")  # another unit: never counted for Ái Nghĩa

    klass = make_class(
        office,
        [(unit_a, 5)],
        status=ClassStatus.FINISHED,
        start_date=datetime.date(2026, 3, 10),
        end_date=datetime.date(2026, 3, 10),
        deadline=datetime.datetime(2026, 3, 1, tzinfo=HCM),
        finished_at=datetime.datetime(2026, 3, 10, 17, 0, tzinfo=HCM),
    )
    session = add_session(klass, day=datetime.date(2026, 3, 10))
    created = datetime.datetime(2026, 2, 20, 9, 0, tzinfo=HCM)
    nominations = {}
    for official, status in ((anh, NominationStatus.APPROVED), (an, NominationStatus.APPROVED)):
        nominations[official.full_name] = Nomination.objects.create(
            training_class=klass, official=official, unit=unit_a, status=status
        )
    rejected = Nomination.objects.create(
        training_class=klass,
        official=Unit.objects.get(pk=unit_a.pk).officials.get(full_name="Võ Thị Ăn"),
        unit=unit_a,
        status=NominationStatus.REJECTED,
    )
    withdrawn = Nomination.objects.create(
        training_class=klass,
        official=Unit.objects.get(pk=village.pk).officials.get(),
        unit=unit_a,
        status=NominationStatus.WITHDRAWN,
    )
    Nomination.objects.filter(pk__in=[n.pk for n in (*nominations.values(), rejected, withdrawn)]).update(
        created_at=created
    )
    Attendance.objects.create(session=session, nomination=nominations["Lê Thị Ánh"], status=AttendanceStatus.PRESENT)
    Attendance.objects.create(session=session, nomination=nominations["Nguyễn Văn An"], status=AttendanceStatus.ABSENT)
    ClassResult.objects.create(
        training_class=klass,
        nomination=nominations["Lê Thị Ánh"],
        sessions_attended=1,
        sessions_total=1,
        attendance_percent=Decimal(100),
        completed=True,
    )
    ClassResult.objects.create(
        training_class=klass,
        nomination=nominations["Nguyễn Văn An"],
        sessions_attended=0,
        sessions_total=1,
        attendance_percent=Decimal(0),
        completed=False,
    )
    services.certificate_issue(
        official=anh,
        kind="class",
        source_id=klass.pk,
        office=office,
        title=klass.name,
        issued_on=datetime.date(2026, 3, 15),
    )

    course = course_factories.make_course("Luật Thực hiện dân chủ ở cơ sở")
    quiz = course_factories.make_quiz(course)
    enrolment = Enrolment.objects.create(
        user=learner_user, official=anh, course=course, completed_at=datetime.datetime(2026, 4, 2, 10, 0, tzinfo=HCM)
    )
    for number, passed in ((1, False), (2, True)):
        QuizAttempt.objects.create(
            quiz=quiz,
            user=learner_user,
            enrolment=enrolment,
            number=number,
            status=AttemptStatus.GRADED,
            close_reason=CloseReason.SUBMITTED,
            deadline=timezone.now(),
            submitted_at=datetime.datetime(2026, 4, number, 10, 0, tzinfo=HCM),
            pass_mark=70,
            max_score=4,
            score=3 if passed else 1,
            percent=75 if passed else 25,
            passed=passed,
        )
    return {"klass": klass, "village": village}


HAND_COUNT = {
    "officials": {PersonnelCategory.CONG_CHUC: 3, PersonnelCategory.HOA_GIAI_VIEN: 1},
    "officials_total": 4,
    "nominated": 3,
    "approved": 2,
    "attended": 1,
    "completed": 1,
    "certificates": 1,
    "course_completions": 1,
    "attempts_graded": 2,
    "attempts_passed": 1,
    "pass_rate": 50.0,
}


def test_prefilled_figures_equal_the_hand_count(world, unit_a):
    figures = statistics.unit_figures(unit_a, 2026, as_of=datetime.date(2026, 11, 1)).as_dict()
    assert {key: figures[key] for key in HAND_COUNT} == HAND_COUNT
    assert figures["classes"] == [world["klass"].name]


def test_figures_as_of_an_earlier_day_leave_out_what_came_later(world, unit_a):
    figures = statistics.unit_figures(unit_a, 2026, as_of=datetime.date(2026, 3, 12)).as_dict()
    assert figures["attended"] == 1 and figures["certificates"] == 0 and figures["course_completions"] == 0


def test_dashboard_statistics_match_the_report_figures(world, unit_a):
    with at(datetime.datetime(2026, 11, 1, 9, 0, tzinfo=HCM)):
        statistics.refresh(2026)
        line = next(line for line in dashboards.district(year=2026)["lines"] if line.unit == unit_a)
    for metric in (
        "nominated",
        "approved",
        "attended",
        "completed",
        "certificates",
        "course_completions",
        "attempts_graded",
        "attempts_passed",
    ):
        assert getattr(line, metric) == HAND_COUNT[metric], metric
    assert line.officials == 4 and line.quota == 5 and line.pass_rate == 50.0


def test_deadline_and_late_status_are_local_time(reporting_year, unit_a):
    last_minute = datetime.datetime(2026, 11, 20, 23, 59, tzinfo=HCM)
    assert reports.status_of(reporting_year, None, timezone.localdate(last_minute)) == ReportStatus.NOT_STARTED
    # Midnight in Hồ Chí Minh City is still 17:00 on the 20th in UTC: already late here.
    with at(datetime.datetime(2026, 11, 20, 17, 0, tzinfo=datetime.UTC)):
        assert reports.status_of(reporting_year, None) == ReportStatus.LATE
    with at(datetime.datetime(2026, 11, 20, 16, 59, tzinfo=datetime.UTC)):
        assert reports.status_of(reporting_year, None) == ReportStatus.NOT_STARTED


def test_reminders_go_once_each_even_when_the_task_runs_again(
    reporting_year, unit_a, unit_b, coordinator_a, coordinator_b, django_capture_on_commit_callbacks
):
    AnnualReport.objects.create(
        reporting_year=reporting_year, unit=unit_b, status=ReportStatus.SUBMITTED, submitted_at=timezone.now()
    )
    days = [(14, True), (13, False), (7, True), (1, True), (0, False), (-1, True)]
    for days_before, expected in days:
        day = reporting_year.deadline - datetime.timedelta(days=days_before)
        with django_capture_on_commit_callbacks(execute=True):
            first = reports.send_reminders(day)
            again = reports.send_reminders(day)
        assert again == 0
        assert (first > 0) == expected, days_before
    assert Notification.objects.filter(user=coordinator_a).count() == 4
    assert not Notification.objects.filter(user=coordinator_b).exists(), "a unit that submitted gets no reminder"


def test_submit_freezes_figures_and_a_return_reopens_the_report(
    client, world, reporting_year, unit_a, coordinator_a, organiser, django_capture_on_commit_callbacks
):
    url = reverse("reports:report", args=[2026, unit_a.pk])
    client.force_login(coordinator_a)
    narrative = {
        "results": "Đã cử đủ cán bộ.\nHoàn thành kế hoạch.",
        "difficulties": "Mạng yếu.",
        "proposals": "Thêm lớp.",
    }
    with at(datetime.datetime(2026, 11, 18, 9, 0, tzinfo=HCM)):
        client.post(url, {**narrative, "action": "save"})
        assert AnnualReport.objects.get().status == ReportStatus.DRAFT
        client.post(url, {**narrative, "action": "submit"})
    report = AnnualReport.objects.get()
    assert report.status == ReportStatus.SUBMITTED and report.figures["nominated"] == 3
    assert report.results == "Đã cử đủ cán bộ.\nHoàn thành kế hoạch."
    member(unit_a, "Đỗ Văn An")
    assert reports.figures_for(report, unit_a, reporting_year)["officials_total"] == 4, "submitted figures stay"
    client.post(url, {**narrative, "results": "Sửa sau khi gửi", "action": "save"})
    report.refresh_from_db()
    assert report.results != "Sửa sau khi gửi", "a submitted report is read-only"

    client.force_login(organiser)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"action": "return", "reason": "Thiếu số liệu hòa giải viên"})
    report.refresh_from_db()
    assert report.status == ReportStatus.RETURNED and report.return_reason == "Thiếu số liệu hòa giải viên"
    assert Notification.objects.filter(user=coordinator_a, subject__contains="trả lại").exists()
    client.force_login(coordinator_a)
    client.post(url, {**narrative, "results": "Đã bổ sung", "action": "save"})
    report.refresh_from_db()
    assert report.results == "Đã bổ sung"


def test_submitting_needs_every_narrative_part(reporting_year, unit_a, coordinator_a):
    reports.report_save(actor=coordinator_a, reporting_year=reporting_year, unit=unit_a, results="Có kết quả")
    with pytest.raises(Exception, match="Khó khăn, hạn chế"):
        reports.report_submit(actor=coordinator_a, reporting_year=reporting_year, unit=unit_a)
    assert AnnualReport.objects.get().status == ReportStatus.DRAFT


def test_report_and_summary_export_as_official_documents(client, world, reporting_year, unit_a, organiser):
    client.force_login(organiser)
    pdf = client.get(reverse("reports:report_export", args=[2026, unit_a.pk, "pdf"]))
    text = pdftext.text(b"".join(pdf.streaming_content))
    assert "BÁO CÁO" in text and "Kết quả thực hiện dân chủ ở cơ sở năm 2026" in text
    assert "Số lượt được cử tham gia lớp bồi dưỡng, tập huấn" in text
    statistics.refresh(2026)
    xlsx = client.get(reverse("reports:summary_export", args=[2026, "xlsx"]))
    rows = list(load_workbook(io.BytesIO(b"".join(xlsx.streaming_content))).active.iter_rows(values_only=True))
    ai_nghia = next(row for row in rows if row and row[1] == "Thị trấn Ái Nghĩa")
    assert ai_nghia[4] == 3 and ai_nghia[8] == 1


def test_another_units_coordinator_sees_no_report_and_no_numbers(client, world, reporting_year, unit_a, coordinator_b):
    client.force_login(coordinator_b)
    for url in (
        reverse("reports:report", args=[2026, unit_a.pk]),
        reverse("reports:report_export", args=[2026, unit_a.pk, "pdf"]),
        reverse("reports:unit", args=[unit_a.pk]),
        reverse("reports:summary", args=[2026]),
        reverse("reports:summary_export", args=[2026, "xlsx"]),
    ):
        assert client.get(url).status_code == 404, url
    assert client.post(reverse("reports:report", args=[2026, unit_a.pk]), {"action": "save"}).status_code == 404
    assert client.get(reverse("reports:organiser")).status_code == 403
    page = client.get(reverse("reports:coordinator")).content.decode()
    assert "Thị trấn Ái Nghĩa" not in page and "Lê Thị Ánh" not in page


def test_as_of_figures_are_the_same_before_and_after_the_reorganisation():
    from units.demo import seed_officials, seed_units

    units = seed_units()
    seed_officials(units)
    office = units["QNAM.DAILOC.PNV"]
    ai_nghia = units["QNAM.DAILOC.AINGHIA"]
    Membership.objects.update(start_date=datetime.date(2024, 1, 1))
    klass = make_class(
        office,
        [(ai_nghia, 3)],
        status=ClassStatus.FINISHED,
        start_date=datetime.date(2024, 6, 3),
        end_date=datetime.date(2024, 6, 3),
        deadline=datetime.datetime(2024, 5, 20, tzinfo=HCM),
    )
    session = add_session(klass, day=datetime.date(2024, 6, 3))
    for official in ai_nghia.officials.all()[:3]:
        nomination = Nomination.objects.create(
            training_class=klass, official=official, unit=ai_nghia, status=NominationStatus.APPROVED
        )
        Nomination.objects.filter(pk=nomination.pk).update(created_at=datetime.datetime(2024, 5, 1, tzinfo=HCM))
        Attendance.objects.create(session=session, nomination=nomination, status=AttendanceStatus.PRESENT)
    as_of = datetime.date(2024, 12, 31)
    before = statistics.unit_figures(ai_nghia, 2024, as_of=as_of).as_dict()
    with at(datetime.datetime(2024, 12, 31, 12, 0, tzinfo=HCM)):
        statistics.refresh(2024)
        summary_before = {line.unit.pk: line.values for line in dashboards.district(year=2024)["lines"]}

    call_command("apply_unit_reorganisation", str(REORGANISATION))

    after = statistics.unit_figures(Unit.objects.get(pk=ai_nghia.pk), 2024, as_of=as_of).as_dict()
    assert after == before
    assert before["officials_total"] > 0 and before["attended"] == 3
    with at(datetime.datetime(2024, 12, 31, 12, 0, tzinfo=HCM)):
        statistics.refresh(2024)
        summary_after = {line.unit.pk: line.values for line in dashboards.district(year=2024)["lines"]}
    assert summary_after == summary_before


def _count(client, url):
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_dashboard_query_counts_do_not_grow_with_the_data(client, district, office, organiser, reporting_year):
    client.force_login(organiser)
    counts = []
    for size in (5, 60):
        for i in range(size):
            commune = UnitFactory(parent=district, name=f"Xã {size}-{i}")
            member(commune, f"Lê Văn {chr(65 + i % 26)}")
        statistics.refresh(2026)
        counts.append(
            (
                _count(client, reverse("reports:organiser")),
                _count(client, reverse("reports:summary", args=[2026])),
                _count(client, reverse("reports:index") + "?year=2026"),
            )
        )
    assert counts[0] == counts[1] == (7 + SESSION_QUERY, 7 + SESSION_QUERY, 6 + SESSION_QUERY)


def test_coordinator_and_learner_dashboards_query_counts_do_not_grow(client, unit_a, coordinator_a, reporting_year):
    learner = UserFactory()
    member(unit_a, "Hồ Thị Hoa", user=learner)
    counts = []
    for size in (10, 200):
        for i in range(size):
            member(unit_a, f"Bùi Văn {chr(65 + i % 26)}{chr(65 + i // 26)}")
        client.force_login(coordinator_a)
        coordinator = _count(client, reverse("reports:coordinator"))
        client.force_login(learner)
        counts.append((coordinator, _count(client, reverse("reports:learner"))))
    assert counts[0] == counts[1] == (10 + SESSION_QUERY, 5 + SESSION_QUERY)


def test_admin_sets_the_deadline_of_a_reporting_year(client, office):
    admin = UserFactory(is_superuser=True, is_staff=True)
    client.force_login(admin)
    response = client.post(
        "/admin/reportingyear/new/",
        {"year": 2027, "deadline": "25/11/2027", "receiving_office": office.pk},
    )
    assert response.status_code == 302
    assert ReportingYear.objects.get(year=2027).deadline == datetime.date(2027, 11, 25)
