"""Query counts of the learner pages, pinned: the same with 10 and with 200 lessons, questions or enrolments."""

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from courses import services
from courses.models import AttemptStatus, CloseReason, Enrolment, LessonProgress, QuizAttempt
from tests.courses import factories

pytestmark = pytest.mark.django_db
# Database-backed sessions cost one query per request; Redis-backed ones (REDIS_URL) cost none.
SESSION_QUERY = 1 if settings.SESSION_ENGINE.endswith(".db") else 0


def _count(client, method: str, url: str, data=None) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = getattr(client, method)(url, data or {})
    assert response.status_code == 200, response.status_code
    return len(queries)


def _course(size: int):
    course = factories.make_course()
    lessons = [factories.make_lesson(course, f"Bài {i}") for i in range(size)]
    category = factories.make_category()
    quiz = factories.make_quiz(course, questions=factories.make_questions(category, size))
    return course, lessons, quiz


def _learner_with_progress(client, learner, course, lessons, quiz):
    for lesson in lessons[: len(lessons) // 2]:
        services.lesson_complete(user=learner, lesson=lesson)
    attempt = services.attempt_start(user=learner, quiz=quiz)
    services.attempt_submit(user=learner, attempt_id=attempt.pk, data=factories.answer_form(attempt))
    client.force_login(learner)
    client.get("/")  # the consent check is remembered in the session after the first request


def _page_counts(client, learner, size: int) -> dict[str, int]:
    course, lessons, quiz = _course(size)
    _learner_with_progress(client, learner, course, lessons, quiz)
    attempt = services.attempt_start(user=learner, quiz=quiz)
    attempt_url = quiz.url + quiz.reverse_subpage("attempt_view", args=[attempt.pk])
    counts = {
        "course": _count(client, "get", course.url),
        "lesson": _count(client, "get", lessons[size // 2].url),
        "quiz": _count(client, "get", quiz.url),
        "attempt": _count(client, "get", attempt_url),
        "autosave": _count(client, "post", reverse("courses:autosave", args=[attempt.pk]), {"position": 1, "q1": "0"}),
    }
    LessonProgress.objects.all().delete()
    QuizAttempt.objects.all().delete()
    Enrolment.objects.all().delete()
    return counts


def test_course_lesson_quiz_and_autosave_query_counts_do_not_grow(client, learner):
    small = _page_counts(client, learner, 10)
    large = _page_counts(client, learner, 200)
    assert small == large
    assert small == {
        "course": 15 + SESSION_QUERY,
        "lesson": 11 + SESSION_QUERY,
        "quiz": 10 + SESSION_QUERY,
        "attempt": 9 + SESSION_QUERY,
        "autosave": 3 + SESSION_QUERY,
    }


def _my_courses_count(client, learner, size: int) -> int:
    now = timezone.now()
    for i in range(size):
        course = factories.make_course(f"Khóa {size}-{i}")
        lesson = factories.make_lesson(course)
        quiz = factories.make_quiz(course)
        enrolment = Enrolment.objects.create(user=learner, course=course)
        LessonProgress.objects.create(enrolment=enrolment, lesson=lesson)
        QuizAttempt.objects.create(
            quiz=quiz,
            user=learner,
            enrolment=enrolment,
            number=1,
            status=AttemptStatus.GRADED,
            close_reason=CloseReason.SUBMITTED,
            deadline=now,
            submitted_at=now,
            pass_mark=70,
            max_score=4,
            score=3,
            percent=75,
            passed=True,
        )
    client.force_login(learner)
    client.get(reverse("courses:my_courses"))  # the first request fills the session and the site cache
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("courses:my_courses"))
    assert response.status_code == 200
    assert response.content.decode().count("75%") == size
    Enrolment.objects.all().delete()
    return len(queries)


def test_my_courses_query_count_does_not_grow_with_enrolments(client, learner):
    small = _my_courses_count(client, learner, 10)
    large = _my_courses_count(client, learner, 200)
    assert small == large == 7 + SESSION_QUERY
