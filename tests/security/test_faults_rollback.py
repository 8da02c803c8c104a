"""A database error at the last step of a service leaves nothing half-saved, and the page says so in Vietnamese."""

from __future__ import annotations

import datetime
from unittest import mock

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import DatabaseError, IntegrityError
from django.urls import reverse
from wagtail.models import ModelLogEntry

from certificates import reports
from certificates import services as certificate_services
from certificates.models import AnnualReport, Certificate, RegisterCounter, ReportingYear, ReportStatus
from courses import services as course_services
from courses.models import AttemptQuestion, AttemptStatus, Enrolment, QuizAttempt
from lms.models import OutboxMessage
from tests.courses import factories as course_factories
from tests.factories import OfficialFactory, UserFactory
from tests.security._hostile import csv_bytes
from tests.training.conftest import make_class
from training.models import Nomination
from units.models import Membership, Official, RosterImport

pytestmark = pytest.mark.django_db

NOT_SAVED = "Chưa lưu được"


def counts(*models) -> dict:
    return {model.__name__: model.objects.count() for model in models}


def failing(target: str, error: type[Exception] = DatabaseError):
    return mock.patch(target, side_effect=error("injected failure"))


def assert_not_saved_page(response) -> None:
    assert response.status_code == 503
    page = response.content.decode()
    assert NOT_SAVED in page and "không có phần nào được lưu" in page


@pytest.fixture
def web(client):
    """A client that gets the error page the site serves instead of the exception."""
    client.raise_request_exception = False
    return client


# Nominations: the audit entry is the last write; the quota counts nothing that failed.


@pytest.fixture
def nomination_case(office, unit_a, coordinator_a):
    training_class = make_class(office, [(unit_a, 1)])
    official = OfficialFactory(unit=unit_a, full_name="Nguyễn Văn An", confirmed=True, position="Công chức")
    return training_class, official


def test_nomination_failing_at_the_audit_entry_saves_nothing_and_keeps_the_seat(web, nomination_case, coordinator_a):
    training_class, official = nomination_case
    before = counts(Nomination, ModelLogEntry, OutboxMessage)
    web.force_login(coordinator_a)
    with failing("training.services.audit.record"):
        response = web.post(reverse("training:nominate", args=[training_class.pk]), {"official": official.pk})
    assert_not_saved_page(response)
    assert counts(Nomination, ModelLogEntry, OutboxMessage) == before
    assert training_class.nominations.seats_used_by_unit() == {}
    response = web.post(reverse("training:nominate", args=[training_class.pk]), {"official": official.pk})
    assert response.status_code == 302 and Nomination.objects.count() == 1, "the seat is still free"


def test_nominating_a_list_fails_whole_when_the_last_row_fails(nomination_case, coordinator_a, unit_a):
    from training import services

    training_class, official = nomination_case
    training_class.quotas.update(seats=2)
    second = OfficialFactory(unit=unit_a, full_name="Lê Thị Hoà", confirmed=True, position="Công chức")
    real = services.audit.record
    calls = []

    def fail_on_second(*args, **kwargs):
        calls.append(1)
        if len(calls) == 2:
            raise IntegrityError("injected failure")
        return real(*args, **kwargs)

    with mock.patch("training.services.audit.record", side_effect=fail_on_second), pytest.raises(IntegrityError):
        services.nomination_create_many(
            actor=coordinator_a, training_class=training_class, officials=[official, second]
        )
    assert Nomination.objects.count() == 0, "the first row is not kept alone"


# Quiz attempts: start draws questions, submit grades and records completion.


@pytest.fixture
def quiz_case(unit_a):
    user = UserFactory(username="hocvien.loi")
    OfficialFactory(unit=unit_a, full_name="Huỳnh Thị Ngọc Ân", user=user)
    course = course_factories.make_course("Luật Thực hiện dân chủ ở cơ sở năm 2022")
    category = course_factories.make_category("Luật DCCS")
    questions = course_factories.make_questions(category, 3)
    quiz = course_factories.make_quiz(course, questions=questions, pass_mark=50)
    return user, quiz


def test_quiz_start_failing_while_drawing_questions_leaves_no_attempt_or_enrolment(quiz_case):
    user, quiz = quiz_case
    before = counts(QuizAttempt, AttemptQuestion, Enrolment)
    with failing("courses.services.AttemptQuestion.objects.bulk_create", IntegrityError), pytest.raises(IntegrityError):
        course_services.attempt_start(user=user, quiz=quiz)
    assert counts(QuizAttempt, AttemptQuestion, Enrolment) == before
    attempt = course_services.attempt_start(user=user, quiz=quiz)
    assert attempt.number == 1 and attempt.questions.count() == 3, "the next start is a clean first attempt"


def test_quiz_submit_failing_at_completion_keeps_the_attempt_open_with_its_answers(quiz_case):
    user, quiz = quiz_case
    attempt = course_services.attempt_start(user=user, quiz=quiz)
    saved = {slot.pk: slot.response for slot in attempt.questions.all()}
    with failing("courses.services._record_completion_if_met"), pytest.raises(DatabaseError):
        course_services.attempt_submit(user=user, attempt_id=attempt.pk, data={})
    attempt.refresh_from_db()
    assert attempt.status == AttemptStatus.IN_PROGRESS and attempt.score is None and attempt.submitted_at is None
    assert {slot.pk: slot.response for slot in attempt.questions.all()} == saved
    assert Enrolment.objects.get(pk=attempt.enrolment_id).completed_at is None
    outcome = course_services.attempt_submit(user=user, attempt_id=attempt.pk, data={})
    assert outcome.graded_now, "the attempt can still be submitted once"


# Annual reports: a failed save or submit keeps the previous text and status.


@pytest.fixture
def report_case(office, unit_a):
    year = ReportingYear.objects.create(year=2026, deadline=datetime.date(2026, 11, 20), receiving_office=office)
    return year


NARRATIVE = {"results": "Đã cử đủ cán bộ.", "difficulties": "Mạng yếu.", "proposals": "Thêm lớp."}


def test_report_save_failing_keeps_the_earlier_text(web, report_case, unit_a, coordinator_a):
    reports.report_save(actor=coordinator_a, reporting_year=report_case, unit=unit_a, **NARRATIVE)
    web.force_login(coordinator_a)
    url = reverse("reports:report", args=[2026, unit_a.pk])
    with failing("certificates.reports.audit.record"):
        response = web.post(url, {**NARRATIVE, "results": "Bản sửa bị lỗi", "action": "save"})
    assert_not_saved_page(response)
    assert AnnualReport.objects.get().results == "Đã cử đủ cán bộ."


def test_report_submit_failing_leaves_a_draft_without_frozen_figures(web, report_case, unit_a, coordinator_a):
    reports.report_save(actor=coordinator_a, reporting_year=report_case, unit=unit_a, **NARRATIVE)
    web.force_login(coordinator_a)
    url = reverse("reports:report", args=[2026, unit_a.pk])
    with failing("certificates.reports.audit.record"):
        response = web.post(url, {**NARRATIVE, "action": "submit"})
    assert_not_saved_page(response)
    report = AnnualReport.objects.get()
    assert report.status == ReportStatus.DRAFT and report.submitted_at is None and not report.figures


# Certificates: a failure after numbering gives the number back; no certificate, no delivery job.


@pytest.fixture
def certificate_case(office, unit_a):
    from certificates.models import CertificateSettings

    CertificateSettings.objects.create(office=office, short_code="PNV", signer_name="Trần Văn Đức")
    return OfficialFactory(unit=unit_a, full_name="Phạm Đức Thắng")


def issue(official, office):
    return certificate_services.certificate_issue(
        official=official, kind="class", source_id=7, office=office, title="Lớp bồi dưỡng dân chủ ở cơ sở"
    )


def test_certificate_issue_failing_at_the_delivery_job_gives_back_its_number(certificate_case, office):
    before = counts(Certificate, OutboxMessage, ModelLogEntry)
    with failing("certificates.services.outbox.enqueue"), pytest.raises(DatabaseError):
        issue(certificate_case, office)
    assert counts(Certificate, OutboxMessage, ModelLogEntry) == before
    assert not RegisterCounter.objects.filter(last_number__gt=0).exists()
    certificate = issue(certificate_case, office)
    assert certificate.serial == 1, "no gap in the register"


# Roster import: the audit entries are written last, after officials and memberships.


def test_roster_import_failing_at_the_audit_entries_writes_no_official(web, unit_a, coordinator_a):
    header = ["STT", "Họ và tên", "Giới tính", "Năm sinh", "Phân loại"]
    rows = [[str(i), name, "Nam", "1985", "Công chức"] for i, name in enumerate(["Nguyễn Văn An", "Lê Văn Bình"], 1)]
    web.force_login(coordinator_a)
    web.post(
        reverse("units:roster_import_upload", args=[unit_a.pk]),
        {"file": SimpleUploadedFile("ds.csv", csv_bytes([header, *rows]))},
    )
    roster_import = RosterImport.objects.get()
    review = reverse("units:roster_import_review", args=[unit_a.pk, roster_import.pk])
    before = counts(Official, Membership, ModelLogEntry)
    with failing("units.imports.audit.record_many"):
        response = web.post(review, {})
    assert_not_saved_page(response)
    assert counts(Official, Membership, ModelLogEntry) == before
    roster_import.refresh_from_db()
    assert roster_import.status == RosterImport.Status.VALIDATED and roster_import.imported_count == 0
    assert web.post(review, {}).status_code == 302 and Official.objects.count() == 2, (
        "the import can be confirmed again"
    )


def test_quiz_pages_failing_at_start_and_at_submit_say_nothing_was_saved(web, quiz_case, home_page):
    user, quiz = quiz_case
    web.force_login(user)
    start = quiz.url + quiz.reverse_subpage("start_view")
    with failing("courses.services.AttemptQuestion.objects.bulk_create", IntegrityError):
        assert_not_saved_page(web.post(start))
    assert not QuizAttempt.objects.exists()
    web.post(start)
    attempt = QuizAttempt.objects.get(user=user)
    page = quiz.url + quiz.reverse_subpage("attempt_view", args=[attempt.pk])
    with failing("courses.services._record_completion_if_met"):
        assert_not_saved_page(web.post(page, {"action": "submit"}))
    attempt.refresh_from_db()
    assert attempt.status == AttemptStatus.IN_PROGRESS and attempt.score is None


@pytest.fixture
def class_source(office):
    from certificates import sources

    def describe(source_id, official):
        return {"office": office, "title": "Lớp bồi dưỡng dân chủ ở cơ sở", "result_text": "Đạt"}

    previous = sources._sources.get("class")
    sources.register("class", describe, choices=lambda user: [(7, "Lớp bồi dưỡng")], label="Lớp")
    yield
    sources.unregister("class")
    if previous is not None:
        sources._sources["class"] = previous


def test_certificate_issue_page_failing_at_the_delivery_job_says_nothing_was_saved(
    web, certificate_case, organiser, class_source
):
    web.force_login(organiser)
    with failing("certificates.services.outbox.enqueue"):
        response = web.post(reverse("certificates:issue"), {"source": "class:7", "officials": [certificate_case.pk]})
    assert_not_saved_page(response)
    assert not Certificate.objects.exists() and not RegisterCounter.objects.filter(last_number__gt=0).exists()
