"""A class linked to an online course: approved trainees are enrolled, and the course's quiz counts for completion;
completing an online course earns a certificate from the course's office."""

import pytest

from certificates.models import Certificate
from courses import services as course_services
from courses.models import CompletionRule, Enrolment
from tests.courses import factories
from tests.factories import OfficialFactory, UserFactory
from tests.training.conftest import add_session, make_class
from training import services
from training.models import AttendanceStatus, ClassResult, ClassStatus

pytestmark = pytest.mark.django_db


@pytest.fixture
def course():
    course = factories.make_course("Luật Thực hiện dân chủ ở cơ sở", completion_rule=CompletionRule.QUIZ)
    category = factories.make_category()
    quiz = factories.make_quiz(course, questions=factories.make_questions(category, 4), pass_mark=70)
    course.final_quiz = quiz
    course.save()
    return course


def take_quiz(user, course, *, right: bool):
    attempt = course_services.attempt_start(user=user, quiz=course.final_quiz)
    course_services.attempt_submit(user=user, attempt_id=attempt.pk, data=factories.answer_form(attempt, right=right))


def test_class_with_a_course_enrols_trainees_and_needs_the_quiz_passed(
    office, unit_a, organiser, coordinator_a, course, django_capture_on_commit_callbacks
):
    klass = make_class(office, [(unit_a, 5)], course=course)
    session = add_session(klass)
    trainees = []
    for name, passes in (("Lê Thị Ánh", True), ("Võ Thị Ăn", False)):
        user = UserFactory()
        official = OfficialFactory(unit=unit_a, full_name=name, user=user)
        nomination = services.nomination_create(actor=coordinator_a, training_class=klass, official=official)
        services.nomination_approve(actor=organiser, nomination=nomination)
        assert Enrolment.objects.filter(user=user, course=course, source="class").exists()
        trainees.append((nomination, user, passes))
    services.class_start(actor=organiser, training_class=klass)
    klass.refresh_from_db()
    for nomination, user, passes in trainees:
        services.attendance_record(
            actor=organiser, session=session, nomination=nomination, status=AttendanceStatus.PRESENT
        )
        take_quiz(user, course, right=passes)
    with django_capture_on_commit_callbacks(execute=True):
        services.class_finish(actor=organiser, training_class=klass)
    results = {r.nomination.official.full_name: r for r in ClassResult.objects.select_related("nomination__official")}
    assert results["Lê Thị Ánh"].completed and results["Lê Thị Ánh"].quiz_score == 100
    assert results["Võ Thị Ăn"].quiz_passed is False and not results["Võ Thị Ăn"].completed
    klass.refresh_from_db()
    assert klass.status == ClassStatus.FINISHED


def test_completing_an_online_course_earns_a_certificate_from_its_office(
    office, unit_a, course, django_capture_on_commit_callbacks
):
    course.certificate_office = office
    course.save()
    user = UserFactory()
    OfficialFactory(unit=unit_a, full_name="Đặng Thị Hồng Nhung", user=user)
    with django_capture_on_commit_callbacks(execute=True):
        take_quiz(user, course, right=True)
    certificate = Certificate.objects.get(kind="course", source_id=course.pk)
    assert certificate.learner_name == "Đặng Thị Hồng Nhung" and certificate.office == office
    assert certificate.title == "Luật Thực hiện dân chủ ở cơ sở"
    assert "điểm kiểm tra cuối khóa 100%" in certificate.result_text


def test_a_course_without_an_issuing_office_gives_no_certificate(unit_a, course, django_capture_on_commit_callbacks):
    user = UserFactory()
    OfficialFactory(unit=unit_a, user=user)
    with django_capture_on_commit_callbacks(execute=True):
        take_quiz(user, course, right=True)
    assert not Certificate.objects.exists()
