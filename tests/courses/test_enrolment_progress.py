"""Enrolment, lesson progress and course completion: the rule, the date recorded once, the hook, the result."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from courses import queries, services
from courses.models import CompletionRule, Enrolment, EnrolmentSource, LessonProgress
from tests.courses import factories
from tests.factories import UserFactory
from units import personal_data

pytestmark = pytest.mark.django_db


def _pass_quiz(user, quiz):
    attempt = services.attempt_start(user=user, quiz=quiz)
    return services.attempt_submit(user=user, attempt_id=attempt.pk, data=factories.answer_form(attempt)).attempt


def test_enrolment_create_is_idempotent_and_remembers_the_official(learner, course_tree):
    first = services.enrolment_create(user=learner, course=course_tree.course)
    again = services.enrolment_create(user=learner, course=course_tree.course, source=EnrolmentSource.CLASS)
    assert first.pk == again.pk
    assert Enrolment.objects.count() == 1
    assert first.official == learner.official
    assert again.source == EnrolmentSource.SELF


def test_a_user_without_an_official_record_can_enrol(course_tree):
    user = UserFactory()
    enrolment = services.enrolment_create(user=user, course=course_tree.course, source=EnrolmentSource.CLASS)
    assert enrolment.official is None
    assert enrolment.source == EnrolmentSource.CLASS


def test_marking_a_lesson_done_enrols_and_is_recorded_once(learner, course_tree):
    lesson = course_tree.lessons[0]
    services.lesson_complete(user=learner, lesson=lesson)
    services.lesson_complete(user=learner, lesson=lesson)
    assert LessonProgress.objects.filter(lesson=lesson, enrolment__user=learner).count() == 1


def test_an_unpublished_lesson_cannot_be_marked_done(learner, course_tree):
    lesson = course_tree.lessons[0]
    lesson.unpublish()
    lesson.refresh_from_db()
    with pytest.raises(ValidationError):
        services.lesson_complete(user=learner, lesson=lesson)


def test_course_is_complete_only_when_required_lessons_are_done_and_the_quiz_is_passed(
    learner, course_tree, completions
):
    course = course_tree.course
    _pass_quiz(learner, course_tree.quiz)
    assert not queries.course_result(user=learner, course=course).completed
    services.lesson_complete(user=learner, lesson=course_tree.lessons[0])
    assert not queries.course_result(user=learner, course=course).completed
    services.lesson_complete(user=learner, lesson=course_tree.lessons[1])
    result = queries.course_result(user=learner, course=course)
    assert result.completed and result.completed_at is not None
    assert result.passed is True and result.score == 100
    assert completions == [
        {"kind": "course", "object_id": course.pk, "official_id": learner.official.pk, "user_id": learner.pk}
    ]


def test_optional_lessons_do_not_hold_completion_back(learner, course_tree):
    for lesson in course_tree.lessons[:2]:
        services.lesson_complete(user=learner, lesson=lesson)
    _pass_quiz(learner, course_tree.quiz)
    progress = queries.progress_for(user=learner, courses=[course_tree.course])[course_tree.course.pk]
    assert progress.completed
    assert course_tree.lessons[2].pk not in progress.done_lesson_ids
    assert progress.percent == 100


def test_failing_the_quiz_leaves_the_course_incomplete(learner, course_tree, completions):
    for lesson in course_tree.lessons[:2]:
        services.lesson_complete(user=learner, lesson=lesson)
    attempt = services.attempt_start(user=learner, quiz=course_tree.quiz)
    services.attempt_submit(user=learner, attempt_id=attempt.pk, data=factories.answer_form(attempt, right=False))
    result = queries.course_result(user=learner, course=course_tree.course)
    assert result == queries.CourseResult(enrolled=True, completed=False, completed_at=None, score=0, passed=False)
    assert completions == []


def test_completion_date_is_recorded_once_even_when_the_learner_goes_on(learner, course_tree, completions):
    course_tree.course.completion_rule = CompletionRule.LESSONS
    course_tree.course.save()
    for lesson in course_tree.lessons:
        services.lesson_complete(user=learner, lesson=lesson)
    first = Enrolment.objects.get(user=learner).completed_at
    _pass_quiz(learner, course_tree.quiz)
    assert Enrolment.objects.get(user=learner).completed_at == first
    assert len(completions) == 1


def test_quiz_only_rule_completes_without_lessons(learner, course_tree, completions):
    course_tree.course.completion_rule = CompletionRule.QUIZ
    course_tree.course.save()
    _pass_quiz(learner, course_tree.quiz)
    assert queries.course_result(user=learner, course=course_tree.course).completed
    assert completions[0]["official_id"] == learner.official.pk


def test_completion_without_an_official_sends_none(course_tree, completions):
    user = UserFactory()
    course_tree.course.completion_rule = CompletionRule.QUIZ
    course_tree.course.save()
    _pass_quiz(user, course_tree.quiz)
    assert completions == [
        {"kind": "course", "object_id": course_tree.course.pk, "official_id": None, "user_id": user.pk}
    ]


def test_a_failing_completion_handler_rolls_the_grading_back(learner, course_tree):
    from lms import completion

    course_tree.course.completion_rule = CompletionRule.QUIZ
    course_tree.course.save()

    def broken(**kwargs):
        raise RuntimeError("certificate store down")

    completion.register(broken)
    try:
        attempt = services.attempt_start(user=learner, quiz=course_tree.quiz)
        with pytest.raises(RuntimeError):
            services.attempt_submit(user=learner, attempt_id=attempt.pk, data=factories.answer_form(attempt))
    finally:
        completion._handlers.remove(broken)
    attempt.refresh_from_db()
    assert attempt.is_open
    assert Enrolment.objects.get(user=learner).completed_at is None


def test_course_result_for_someone_not_enrolled(learner, course_tree):
    assert queries.course_result(user=learner, course=course_tree.course) == queries.CourseResult(
        enrolled=False, completed=False, completed_at=None, score=None, passed=None
    )


def test_the_chosen_final_quiz_counts_rather_than_the_last_one(learner, course_tree):
    course = course_tree.course
    practice = factories.make_quiz(course, questions=course_tree.questions[:1], title="Luyện tập")
    course.final_quiz = course_tree.quiz
    course.save()
    _pass_quiz(learner, practice)
    assert queries.course_result(user=learner, course=course).passed is None
    _pass_quiz(learner, course_tree.quiz)
    assert queries.course_result(user=learner, course=course).passed is True


def test_profile_download_lists_enrolments_lessons_and_attempts(client, learner, course_tree):
    services.lesson_complete(user=learner, lesson=course_tree.lessons[0])
    _pass_quiz(learner, course_tree.quiz)
    sections = {s["key"]: s for s in personal_data.collect(learner)}
    assert sections["courses_enrolments"]["rows"][0]["Khóa học"] == course_tree.course.title
    assert sections["courses_lessons"]["rows"][0]["Bài học"] == course_tree.lessons[0].title
    assert sections["courses_attempts"]["rows"][0]["Điểm (%)"] == "100.00"
    client.force_login(learner)
    html = client.get(reverse("units:profile")).content.decode()
    assert "Lượt làm bài kiểm tra" in html
