"""Row locks on PostgreSQL: parallel submissions grade an attempt once; parallel starts open one attempt."""

import threading

import pytest
from django.db import connection

from courses import services
from courses.models import AttemptStatus, CompletionRule, Enrolment, QuizAttempt
from tests.courses import factories
from tests.factories import UserFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def _in_parallel(count: int, work) -> list:
    barrier = threading.Barrier(count)
    results: list = [None] * count

    def run(index: int) -> None:
        try:
            barrier.wait()
            results[index] = work(index)
        except Exception as error:  # the test asserts on what each thread got
            results[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


def _course_with_quiz():
    course = factories.make_course(completion_rule=CompletionRule.QUIZ)
    category = factories.make_category()
    return factories.make_quiz(course, questions=factories.make_questions(category, 5))


def test_twenty_parallel_submissions_of_one_attempt_grade_it_exactly_once(completions):
    quiz = _course_with_quiz()
    user = UserFactory()
    attempt = services.attempt_start(user=user, quiz=quiz)
    data = factories.answer_form(attempt)

    outcomes = _in_parallel(20, lambda _i: services.attempt_submit(user=user, attempt_id=attempt.pk, data=data))

    assert all(isinstance(o, services.SubmitOutcome) for o in outcomes), outcomes
    assert sum(o.graded_now for o in outcomes) == 1
    assert QuizAttempt.objects.filter(status=AttemptStatus.GRADED).count() == 1
    attempt.refresh_from_db()
    assert attempt.percent == 100
    assert len(completions) == 1
    assert Enrolment.objects.get(user=user).completed_at == attempt.submitted_at


def test_parallel_starts_open_one_attempt():
    quiz = _course_with_quiz()
    user = UserFactory()

    attempts = _in_parallel(10, lambda _i: services.attempt_start(user=user, quiz=quiz))

    assert all(isinstance(a, QuizAttempt) for a in attempts), attempts
    assert {a.pk for a in attempts} == {attempts[0].pk}
    assert QuizAttempt.objects.count() == 1 and Enrolment.objects.count() == 1
