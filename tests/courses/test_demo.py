"""seed_demo's learning content: two real courses, their banks and quizzes, learners in different states."""

from io import StringIO

import pytest
from django.core.management import call_command

from courses import queries
from courses.models import AttemptStatus, CoursePage, LessonPage, Question, QuizAttempt, QuizPage

pytestmark = pytest.mark.django_db


def test_seed_demo_builds_the_courses_and_learners_and_can_run_again():
    out = StringIO()
    call_command("seed_demo", stdout=out)
    dccs = CoursePage.objects.get(title="Luật Thực hiện dân chủ ở cơ sở năm 2022")
    mediation = CoursePage.objects.get(title="Hòa giải ở cơ sở")

    lessons = LessonPage.objects.child_of(dccs).live()
    assert lessons.count() >= 5
    bodies = " ".join(str(lesson.body) for lesson in lessons)
    for article in ("Điều 11", "Điều 15", "Điều 25", "Điều 30"):
        assert article in bodies
    assert Question.objects.filter(category__full_path__startswith="Luật Thực hiện dân chủ ở cơ sở").count() >= 40
    quiz = QuizPage.objects.child_of(dccs).get()
    rule = quiz.random_rules.get()
    assert (rule.count, quiz.time_limit_minutes, quiz.pass_mark) == (20, 30, 70)
    assert dccs.final_quiz_id == quiz.pk

    assert LessonPage.objects.child_of(mediation).count() >= 3
    assert Question.objects.filter(category__full_path__startswith="Hòa giải ở cơ sở").count() >= 20

    from django.contrib.auth import get_user_model

    users = {
        u.username: u
        for u in get_user_model().objects.filter(
            username__in=["hocvien", "hoagiai.daihiep", "tuphap.daian", "chutich.daihoa"]
        )
    }
    assert queries.course_result(user=users["hocvien"], course=dccs).completed
    assert queries.course_result(user=users["tuphap.daian"], course=dccs).passed is False
    assert QuizAttempt.objects.get(user=users["hoagiai.daihiep"]).status == AttemptStatus.IN_PROGRESS
    chairman = queries.course_result(user=users["chutich.daihoa"], course=dccs)
    assert chairman.enrolled and not chairman.completed and chairman.score is None
    for user in users.values():
        assert user.official is not None
    assert "hoagiai.daihiep" in out.getvalue()

    counts = (
        CoursePage.objects.count(),
        LessonPage.objects.count(),
        Question.objects.count(),
        QuizAttempt.objects.count(),
    )
    call_command("seed_demo", stdout=StringIO())
    assert counts == (
        CoursePage.objects.count(),
        LessonPage.objects.count(),
        Question.objects.count(),
        QuizAttempt.objects.count(),
    )
