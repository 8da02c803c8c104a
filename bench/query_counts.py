"""Queries per learner page at two data sizes: the demo course, and a generated one with 200 lessons and questions.

Called by bench/exam_day.py inside its Django process (production settings, the benchmark's database).
"""

from __future__ import annotations

PAGES = ("course", "lesson", "quiz", "attempt", "autosave", "result", "my_courses", "learner_dashboard")


def _count(client, method: str, url: str, data=None) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        response = getattr(client, method)(url, data or {})
    assert response.status_code in (200, 302), (url, response.status_code)
    return len(queries)


def _counts(client, user, course, lesson, quiz) -> dict[str, int]:
    from django.urls import reverse

    from courses import services

    services.lesson_complete(user=user, lesson=lesson)
    attempt = services.attempt_start(user=user, quiz=quiz)
    attempt_url = quiz.url + quiz.reverse_subpage("attempt_view", args=[attempt.pk])
    for url in (course.url, lesson.url, quiz.url, attempt_url):
        client.get(url)  # the first request fills the session and the caches
    counts = {
        "course": _count(client, "get", course.url),
        "lesson": _count(client, "get", lesson.url),
        "quiz": _count(client, "get", quiz.url),
        "attempt": _count(client, "get", attempt_url),
        "autosave": _count(client, "post", reverse("courses:autosave", args=[attempt.pk]), {"position": 1, "q1": "0"}),
    }
    services.attempt_submit(user=user, attempt_id=attempt.pk)
    result_url = quiz.url + quiz.reverse_subpage("result_view", args=[attempt.pk])
    client.get(result_url)
    counts["result"] = _count(client, "get", result_url)
    client.get(reverse("courses:my_courses"))
    counts["my_courses"] = _count(client, "get", reverse("courses:my_courses"))
    client.get("/trang-cua-toi/")
    counts["learner_dashboard"] = _count(client, "get", "/trang-cua-toi/")
    return counts


def measure(*, username: str, course_url: str, lesson_url: str, quiz_url: str, size: int = 200) -> dict:
    from django.contrib.auth import get_user_model
    from django.test import Client

    from courses.models import CoursePage, LessonPage, QuizPage
    from tests.courses import factories

    user = get_user_model().objects.get(username=username)
    client = Client(HTTP_HOST="127.0.0.1", HTTP_X_FORWARDED_PROTO="https")
    client.force_login(user)
    demo = (
        CoursePage.objects.get(url_path="/home" + course_url),
        LessonPage.objects.get(url_path="/home" + lesson_url),
        QuizPage.objects.get(url_path="/home" + quiz_url),
    )
    small = _counts(client, user, *demo)
    course = factories.make_course(f"Khóa học {size} bài")
    lessons = [factories.make_lesson(course, f"Bài {i}") for i in range(size)]
    category = factories.make_category()
    quiz = factories.make_quiz(course, questions=factories.make_questions(category, size))
    large = _counts(client, user, course, lessons[size // 2], quiz)
    return {
        "sizes": {"small": "demo course: 6 lessons, 20 of 45 questions", "large": f"{size} lessons, {size} questions"},
        "small": small,
        "large": large,
    }
