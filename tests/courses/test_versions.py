"""Question versions: an edit after an attempt has drawn a question leaves that attempt's score and review."""

import pytest

from courses import services
from courses.forms import slot_view
from courses.models import QuestionChoice, QuestionVersion
from tests.courses import factories

pytestmark = pytest.mark.django_db


def test_editing_a_question_nobody_has_drawn_changes_its_version_in_place(course_tree):
    question = course_tree.questions[0]
    question.text = "<p>Nội dung đã sửa?</p>"
    question.save()
    assert QuestionVersion.objects.filter(question=question).count() == 1
    assert question.current_version.data["text"] == "<p>Nội dung đã sửa?</p>"


def test_saving_without_a_change_keeps_the_version(course_tree):
    question = course_tree.questions[0]
    version = question.current_version_id
    question.is_retired = False
    question.save()
    question.refresh_from_db()
    assert question.current_version_id == version


def test_an_edit_after_an_attempt_keeps_past_scores_and_reviews(client, learner, course_tree):
    quiz = course_tree.quiz
    attempt = services.attempt_start(user=learner, quiz=quiz)
    services.attempt_submit(user=learner, attempt_id=attempt.pk, data=factories.answer_form(attempt))
    attempt.refresh_from_db()
    assert attempt.percent == 100
    question = course_tree.questions[0]
    old_version = question.current_version
    old_right = QuestionChoice.objects.get(question=question, is_correct=True)
    new_right = QuestionChoice.objects.filter(question=question, is_correct=False).first()
    old_right.is_correct, new_right.is_correct = False, True
    old_right.save()
    new_right.save()
    question.text = "<p>Câu hỏi đã được sửa theo luật mới?</p>"
    question.save()
    question.refresh_from_db()
    assert question.current_version.number == 2 and question.current_version_id != old_version.pk

    slot = attempt.questions.select_related("version").get(version__question=question)
    assert slot.version_id == old_version.pk
    view = slot_view(slot, review_level=2)
    assert view.right is True
    assert "Câu hỏi đã được sửa" not in view.text
    attempt.refresh_from_db()
    assert attempt.percent == 100

    client.force_login(learner)
    html = client.get(quiz.url + quiz.reverse_subpage("result_view", args=[attempt.pk])).content.decode()
    assert "Câu hỏi đã được sửa" not in html
    assert old_version.data["text"] in html

    second = services.attempt_start(user=learner, quiz=quiz)
    assert second.questions.get(version__question=question).version_id == question.current_version_id
