"""Quiz attempts: drawn and frozen at start, saved as answered, graded once by the server, on time."""

import datetime
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.utils import timezone

from courses import services, tasks
from courses.models import AttemptStatus, CloseReason, GradingMethod, QuizAttempt
from tests.courses import factories
from tests.courses.factories import Spec

pytestmark = pytest.mark.django_db


def _start(user, quiz):
    return services.attempt_start(user=user, quiz=quiz)


def test_an_attempt_draws_fixed_and_random_questions_once_each_and_freezes_them(learner, course_tree):
    pool = factories.make_category("Ngân hàng chung")
    sub = factories.make_category("Chương II", parent=pool)
    factories.make_questions(pool, 3)
    factories.make_questions(sub, 3)
    quiz = factories.make_quiz(
        course_tree.course, questions=course_tree.questions[:2], rules=[(pool, 5)], shuffle_questions=True
    )
    attempt = _start(learner, quiz)
    slots = list(attempt.questions.select_related("version"))
    question_ids = [s.version.question_id for s in slots]
    assert len(slots) == 7 and len(set(question_ids)) == 7
    assert set(question_ids) >= {q.pk for q in course_tree.questions[:2]}
    assert [s.position for s in slots] == list(range(1, 8))
    assert attempt.max_score == 7
    assert _start(learner, quiz).pk == attempt.pk, "an open attempt is resumed, not drawn again"


def test_random_rule_without_subcategories_draws_only_from_the_category(learner, course_tree):
    parent = factories.make_category("Cha")
    child = factories.make_category("Con", parent=parent)
    own = factories.make_questions(parent, 2)
    factories.make_questions(child, 5)
    quiz = factories.make_quiz(course_tree.course, rules=[(parent, 2)])
    quiz.random_rules.update(include_subcategories=False)
    attempt = _start(learner, quiz)
    assert {s.version.question_id for s in attempt.questions.all()} == {q.pk for q in own}


def test_retired_questions_are_not_drawn_and_a_short_bank_is_refused_in_vietnamese(learner, course_tree):
    category = factories.make_category("Nhỏ")
    questions = factories.make_questions(category, 3)
    questions[0].is_retired = True
    questions[0].save()
    quiz = factories.make_quiz(course_tree.course, rules=[(category, 3)])
    with pytest.raises(ValidationError) as raised:
        _start(learner, quiz)
    assert "chỉ còn 2 câu hỏi" in raised.value.messages[0]
    assert not QuizAttempt.objects.exists()


def test_maximum_attempts_and_the_open_window_are_enforced(learner, course_tree):
    quiz = course_tree.quiz
    quiz.max_attempts = 1
    quiz.save()
    attempt = _start(learner, quiz)
    services.attempt_submit(user=learner, attempt_id=attempt.pk, data={})
    with pytest.raises(ValidationError) as raised:
        _start(learner, quiz)
    assert "hết 1 lượt" in raised.value.messages[0]
    quiz.max_attempts = None
    quiz.opens_at = timezone.now() + datetime.timedelta(days=1)
    quiz.save()
    with pytest.raises(ValidationError, match="mở lúc"):
        _start(learner, quiz)
    quiz.opens_at, quiz.closes_at = None, timezone.now() - datetime.timedelta(minutes=1)
    quiz.save()
    with pytest.raises(ValidationError, match="đã đóng"):
        _start(learner, quiz)


def test_deadline_is_the_time_limit_or_the_closing_time_whichever_comes_first(learner, course_tree):
    quiz = course_tree.quiz
    quiz.time_limit_minutes = 30
    quiz.save()
    with time_machine.travel(datetime.datetime(2026, 3, 2, 8, 0, tzinfo=datetime.UTC), tick=False):
        attempt = _start(learner, quiz)
        assert attempt.deadline == datetime.datetime(2026, 3, 2, 8, 30, tzinfo=datetime.UTC)
        services.attempt_submit(user=learner, attempt_id=attempt.pk)
        quiz.closes_at = datetime.datetime(2026, 3, 2, 8, 10, tzinfo=datetime.UTC)
        quiz.save()
        assert _start(learner, quiz).deadline == quiz.closes_at


def test_choices_are_shuffled_per_attempt_and_graded_through_the_frozen_order(learner, course_tree):
    category = factories.make_category("Xáo trộn")
    spec = Spec(choices=[(f"Lựa chọn {i}", i == 0) for i in range(8)])
    question = factories.make_question(category, spec)
    quiz = factories.make_quiz(course_tree.course, questions=[question], shuffle_choices=True)
    orders = set()
    for _round in range(6):
        attempt = _start(learner, quiz)
        orders.add(tuple(attempt.questions.get().order["choices"]))
        outcome = services.attempt_submit(user=learner, attempt_id=attempt.pk, data=factories.answer_form(attempt))
        assert outcome.attempt.percent == 100
    assert len(orders) > 1


def test_autosave_keeps_each_answer_and_refuses_questions_not_in_the_attempt(learner, course_tree):
    attempt = _start(learner, course_tree.quiz)
    form = factories.answer_form(attempt, only={2})
    services.attempt_save_answer(user=learner, attempt_id=attempt.pk, position=2, values={"": form["q2"]})
    slot = attempt.questions.get(position=2)
    assert slot.response is not None and slot.saved_at is not None
    with pytest.raises(ValidationError) as raised:
        services.attempt_save_answer(user=learner, attempt_id=attempt.pk, position=99, values={"": ["0"]})
    assert raised.value.messages == ["Câu hỏi này không thuộc lượt làm bài này."]
    with pytest.raises(ValidationError):
        services.attempt_save_answer(user=learner, attempt_id=attempt.pk, position=1, values={"": ["7"]})


def test_another_learner_cannot_save_into_an_attempt(learner, other_learner, course_tree):
    attempt = _start(learner, course_tree.quiz)
    with pytest.raises(ValidationError):
        services.attempt_save_answer(user=other_learner, attempt_id=attempt.pk, position=1, values={"": ["0"]})
    assert attempt.questions.get(position=1).response is None


def test_a_whole_form_with_an_answer_to_a_question_not_drawn_is_refused_and_saves_nothing(learner, course_tree):
    attempt = _start(learner, course_tree.quiz)
    data = factories.answer_form(attempt) | {"q17": "0"}
    with pytest.raises(ValidationError):
        services.attempt_submit(user=learner, attempt_id=attempt.pk, data=data)
    attempt.refresh_from_db()
    assert attempt.is_open
    assert not attempt.questions.exclude(response=None).exists()


def test_a_late_submission_is_refused_and_what_was_saved_is_graded(learner, course_tree):
    quiz = course_tree.quiz
    quiz.time_limit_minutes = 10
    quiz.save()
    start = datetime.datetime(2026, 3, 2, 8, 0, tzinfo=datetime.UTC)
    with time_machine.travel(start, tick=False):
        attempt = _start(learner, quiz)
        right = factories.answer_form(attempt)
        services.attempt_save_answer(user=learner, attempt_id=attempt.pk, position=1, values={"": right["q1"]})
    with time_machine.travel(start + datetime.timedelta(minutes=10, seconds=59), tick=False):
        services.attempt_save_answer(user=learner, attempt_id=attempt.pk, position=2, values={"": right["q2"]})
    with time_machine.travel(start + datetime.timedelta(minutes=11, seconds=1), tick=False):
        with pytest.raises(ValidationError, match="Đã hết giờ"):
            services.attempt_save_answer(user=learner, attempt_id=attempt.pk, position=3, values={"": right["q3"]})
        outcome = services.attempt_submit(user=learner, attempt_id=attempt.pk, data=right)
    assert outcome.late and outcome.graded_now
    attempt.refresh_from_db()
    assert attempt.status == AttemptStatus.GRADED and attempt.close_reason == CloseReason.LATE
    assert attempt.score == 2 and attempt.percent == 50
    assert attempt.questions.get(position=3).response is None


def test_submitting_twice_changes_nothing(learner, course_tree):
    attempt = _start(learner, course_tree.quiz)
    first = services.attempt_submit(user=learner, attempt_id=attempt.pk, data=factories.answer_form(attempt))
    second = services.attempt_submit(
        user=learner, attempt_id=attempt.pk, data=factories.answer_form(attempt, right=False)
    )
    assert first.graded_now and not second.graded_now
    attempt.refresh_from_db()
    assert attempt.percent == 100 and attempt.submitted_at == first.attempt.submitted_at


def test_beat_task_closes_and_grades_an_abandoned_attempt(learner, course_tree):
    quiz = course_tree.quiz
    quiz.time_limit_minutes = 5
    quiz.save()
    start = datetime.datetime(2026, 3, 2, 8, 0, tzinfo=datetime.UTC)
    with time_machine.travel(start, tick=False):
        attempt = _start(learner, quiz)
        form = factories.answer_form(attempt, only={1, 2, 3})
        for position in (1, 2, 3):
            services.attempt_save_answer(
                user=learner, attempt_id=attempt.pk, position=position, values={"": form[f"q{position}"]}
            )
    with time_machine.travel(start + datetime.timedelta(minutes=5, seconds=30), tick=False):
        assert tasks.close_overdue_attempts.delay().get() == 0, "still within the grace period"
    with time_machine.travel(start + datetime.timedelta(minutes=6, seconds=1), tick=False):
        assert tasks.close_overdue_attempts.delay().get() == 1
        assert tasks.close_overdue_attempts.delay().get() == 0
    attempt.refresh_from_db()
    assert attempt.close_reason == CloseReason.ABANDONED
    assert attempt.percent == 75 and attempt.passed is True


def test_the_closing_task_is_on_the_beat_schedule_every_minute(settings):
    from lms.celery import app

    entry = settings.CELERY_BEAT_SCHEDULE["close-overdue-quiz-attempts"]
    assert entry["task"] == "courses.tasks.close_overdue_attempts"
    assert entry["task"] in app.tasks
    assert entry["schedule"].minute == set(range(60))


def test_untimed_attempts_still_close_after_a_day(learner, course_tree, settings):
    settings.LMS_ATTEMPT_MAX_HOURS = 24
    start = datetime.datetime(2026, 3, 2, 8, 0, tzinfo=datetime.UTC)
    with time_machine.travel(start, tick=False):
        attempt = _start(learner, course_tree.quiz)
    assert attempt.deadline == start + datetime.timedelta(hours=24)
    with time_machine.travel(start + datetime.timedelta(hours=25), tick=False):
        tasks.close_overdue_attempts()
        attempt.refresh_from_db()
        assert attempt.status == AttemptStatus.GRADED
        assert _start(learner, course_tree.quiz).number == 2


def test_starting_again_after_the_deadline_closes_the_old_attempt_first(learner, course_tree):
    quiz = course_tree.quiz
    quiz.time_limit_minutes = 5
    quiz.save()
    start = datetime.datetime(2026, 3, 2, 8, 0, tzinfo=datetime.UTC)
    with time_machine.travel(start, tick=False):
        first = _start(learner, quiz)
    with time_machine.travel(start + datetime.timedelta(minutes=20), tick=False):
        second = _start(learner, quiz)
    first.refresh_from_db()
    assert first.close_reason == CloseReason.ABANDONED and second.number == 2 and second.is_open


@pytest.mark.parametrize(
    ("method", "expected"),
    [
        (GradingMethod.HIGHEST, Decimal(75)),
        (GradingMethod.LAST, Decimal(50)),
        (GradingMethod.FIRST, Decimal(25)),
        (GradingMethod.AVERAGE, Decimal(50)),
    ],
)
def test_grading_methods(learner, course_tree, method, expected):
    from courses import queries

    quiz = course_tree.quiz
    quiz.grading_method = method
    quiz.save()
    for right_count in (1, 3, 2):
        attempt = _start(learner, quiz)
        data = factories.answer_form(attempt, only=set(range(1, right_count + 1)))
        services.attempt_submit(user=learner, attempt_id=attempt.pk, data=data)
    standing = queries.attempts_for_quiz(user=learner, quiz=quiz)
    assert [a.percent for a in standing.attempts] == [25, 75, 50]
    assert standing.grade == expected
    assert standing.passed is (expected >= 70)


def test_pass_mark_is_frozen_when_the_attempt_starts(learner, course_tree):
    quiz = course_tree.quiz
    attempt = _start(learner, quiz)
    quiz.pass_mark = 80
    quiz.save()
    outcome = services.attempt_submit(
        user=learner, attempt_id=attempt.pk, data=factories.answer_form(attempt, only={1, 2, 3})
    )
    assert outcome.attempt.percent == 75 and outcome.attempt.passed is True


def test_multiple_choice_partial_credit_and_matching_partial_credit(learner, course_tree):
    category = factories.make_category("Nhiều lựa chọn")
    multiple = factories.make_question(
        category, Spec(kind="multiple", choices=[("A", True), ("B", True), ("C", False), ("D", False)], mark=Decimal(2))
    )
    matching = factories.make_question(
        category,
        Spec(kind="matching", pairs=[("Điều 11", "Công khai"), ("Điều 15", "Bàn và quyết định"), ("", "Khen thưởng")]),
    )
    quiz = factories.make_quiz(course_tree.course, questions=[multiple, matching])
    attempt = _start(learner, quiz)
    slots = {s.position: s for s in attempt.questions.select_related("version")}
    one_right_one_wrong = [str(slots[1].order["choices"].index(i)) for i in (0, 2)]
    match_form = factories.answer_form(attempt, only={2})
    match_form["q2_1"] = str((int(match_form["q2_1"]) + 1) % 3)
    outcome = services.attempt_submit(
        user=learner, attempt_id=attempt.pk, data={"q1": one_right_one_wrong, **match_form}
    )
    scores = dict(outcome.attempt.questions.values_list("position", "score"))
    assert scores[1] == 0, "one right and one wrong cancel out"
    assert scores[2] == Decimal("0.5")
    attempt = _start(learner, quiz)
    slots = {s.position: s for s in attempt.questions.select_related("version")}
    outcome = services.attempt_submit(
        user=learner, attempt_id=attempt.pk, data={"q1": [str(slots[1].order["choices"].index(0))]}
    )
    assert dict(outcome.attempt.questions.values_list("position", "score"))[1] == 1
    assert outcome.attempt.max_score == 3


def test_a_submission_without_the_answers_keeps_what_the_autosave_acknowledged(learner, course_tree):
    # A stale tab, or a page whose questions were disabled at the deadline, posts no answer fields.
    attempt = _start(learner, course_tree.quiz)
    right = factories.answer_form(attempt)
    for position in (1, 2):
        services.attempt_save_answer(
            user=learner, attempt_id=attempt.pk, position=position, values={"": right[f"q{position}"]}
        )
    services.attempt_submit(user=learner, attempt_id=attempt.pk, data={"action": "submit"})
    attempt.refresh_from_db()
    assert attempt.score == 2
    assert attempt.questions.get(position=1).response is not None


def test_a_question_shown_but_left_unticked_in_the_form_clears_its_answer(learner, course_tree):
    attempt = _start(learner, course_tree.quiz)
    right = factories.answer_form(attempt)
    services.attempt_save_answer(user=learner, attempt_id=attempt.pk, position=1, values={"": right["q1"]})
    services.attempt_save_answers(user=learner, attempt_id=attempt.pk, data={"shown": "1"})
    assert attempt.questions.get(position=1).response is None
