"""Learner pages: course syllabus and progress, lessons, the quiz from start to result, "Khóa học của tôi"."""

import datetime
import re

import pytest
import time_machine
from django.urls import reverse

from courses import services
from courses.models import Enrolment, LessonProgress, QuizAttempt, ReviewPolicy
from tests.courses import factories
from tests.courses.factories import Spec

pytestmark = pytest.mark.django_db


def _attempt_url(quiz, attempt):
    return quiz.url + quiz.reverse_subpage("attempt_view", args=[attempt.pk])


def _result_url(quiz, attempt):
    return quiz.url + quiz.reverse_subpage("result_view", args=[attempt.pk])


def test_course_page_shows_the_syllabus_to_anyone_and_offers_sign_in(client, course_tree):
    response = client.get(course_tree.course.url)
    html = response.content.decode()
    assert response.status_code == 200
    for lesson in course_tree.lessons:
        assert lesson.title in html
    assert "Không bắt buộc" in html
    assert "Đăng nhập" in html
    assert client.get(course_tree.course.get_parent().url).status_code == 200


def test_enrolling_needs_a_post_and_a_sign_in(client, learner, course_tree):
    course = course_tree.course
    client.force_login(learner)
    html = client.get(course.url).content.decode()
    assert "Đăng ký học" in html
    assert not Enrolment.objects.exists(), "opening the page enrols nobody"
    response = client.post(course.url)
    assert response.status_code == 302
    assert Enrolment.objects.filter(user=learner, course=course).exists()
    client.logout()
    response = client.post(course.url)
    assert response.status_code == 302 and "/tai-khoan/login/" in response["Location"]


def test_lesson_page_navigates_and_marks_done_with_a_post(client, learner, course_tree):
    first, second, third = course_tree.lessons
    client.force_login(learner)
    html = client.get(second.url).content.decode()
    assert f'href="{first.url}" rel="prev"' in html and f'href="{third.url}" rel="next"' in html
    assert "Đã học xong" in html
    assert not LessonProgress.objects.exists()
    response = client.post(second.url, follow=True)
    assert response.redirect_chain[-1][0] == third.url
    assert "Đã ghi nhận anh/chị học xong bài “Những nội dung công khai”" in response.content.decode()
    assert LessonProgress.objects.filter(lesson=second, enrolment__user=learner).exists()
    html = client.get(second.url).content.decode()
    assert "Anh/chị đã học xong bài này" in html
    course_html = client.get(course_tree.course.url).content.decode()
    assert "Đã học xong 1/2 bài bắt buộc" in course_html
    assert '<progress value="33" max="100">' in course_html


def test_anonymous_cannot_mark_a_lesson_done(client, course_tree):
    response = client.post(course_tree.lessons[0].url)
    assert response.status_code == 302 and "/tai-khoan/login/" in response["Location"]
    assert not LessonProgress.objects.exists()


def test_lesson_blocks_render_the_legal_citation_and_key_points(client, course_tree):
    document = factories.legal_document()
    lesson = course_tree.lessons[0]
    lesson.body = [
        ("heading", "Phạm vi điều chỉnh"),
        (
            "legal_quote",
            {"document": document, "article": 11, "clause": "khoản 1", "text": "<p>Những nội dung công khai</p>"},
        ),
        ("key_points", {"title": "Ghi nhớ", "points": ["Dân biết", "Dân bàn"]}),
    ]
    lesson.save_revision().publish()
    html = client.get(lesson.url).content.decode()
    assert "Điều 11 khoản 1, Luật Thực hiện dân chủ ở cơ sở số 10/2022/QH15" in html
    assert "<li>Dân bàn</li>" in html


def test_editors_can_preview_lessons_and_quizzes(course_tree, admin_user):
    from django.test import RequestFactory

    request = RequestFactory().get("/")
    request.user = admin_user
    for page in (course_tree.lessons[0], course_tree.quiz, course_tree.course):
        response = page.make_preview_request(request)
        assert response.status_code == 200
        assert page.title in response.content.decode()


def _quiz_with_secrets(course):
    category = factories.make_category("Bí mật")
    single = factories.make_question(
        category,
        Spec(
            text="Câu một lựa chọn",
            choices=[("Phương án X", True), ("Phương án Y", False)],
            explanation="GIẢI-THÍCH-KÍN",
        ),
    )
    single.choices.first().__class__.objects.filter(question=single).update(feedback="NHẬN-XÉT-KÍN")
    single.save()
    tf = factories.make_question(category, Spec(kind="true_false", text="Câu đúng sai", true_is_correct=False))
    matching = factories.make_question(
        category, Spec(kind="matching", text="Câu ghép", pairs=[("Điều 11", "Công khai"), ("Điều 15", "Quyết định")])
    )
    multiple = factories.make_question(
        category, Spec(kind="multiple", text="Câu nhiều lựa chọn", choices=[("M1", True), ("M2", True), ("M3", False)])
    )
    return factories.make_quiz(course, questions=[single, tf, matching, multiple], title="Kiểm tra kín")


def test_rendered_quiz_html_contains_no_correct_answer_marker(client, learner, course_tree):
    quiz = _quiz_with_secrets(course_tree.course)
    client.force_login(learner)
    response = client.post(quiz.url + quiz.reverse_subpage("start_view"))
    attempt = QuizAttempt.objects.get(user=learner)
    assert response["Location"] == _attempt_url(quiz, attempt)
    html = client.get(_attempt_url(quiz, attempt)).content.decode()
    assert "Phương án X" in html and "Câu ghép" in html and "Đúng" in html
    for secret in ("GIẢI-THÍCH-KÍN", "NHẬN-XÉT-KÍN", "correct", "fraction", "right", "checked", "data-answer"):
        assert secret not in html
    values = re.findall(r'<input type="(?:radio|checkbox)" name="q\d+" value="([^"]+)"', html)
    assert set(values) <= {"0", "1", "2"}, "only display positions reach the browser"
    assert "<script>" not in html and "js/quiz.js" in html


def test_quiz_flow_without_javascript_saves_submits_and_reviews(client, learner, course_tree):
    quiz = course_tree.quiz
    client.force_login(learner)
    intro = client.get(quiz.url).content.decode()
    assert "Bắt đầu làm bài" in intro and "70%" in intro
    client.post(quiz.url + quiz.reverse_subpage("start_view"))
    attempt = QuizAttempt.objects.get(user=learner)
    data = factories.answer_form(attempt, only={1, 2})
    response = client.post(_attempt_url(quiz, attempt), {**data, "action": "save"}, follow=True)
    assert "Đã lưu các câu trả lời của anh/chị." in response.content.decode()
    assert response.content.decode().count(" checked>") == 2
    assert "Tiếp tục làm bài" in client.get(quiz.url).content.decode()
    data = factories.answer_form(attempt, only={1, 2, 3})
    response = client.post(_attempt_url(quiz, attempt), {**data, "action": "submit"}, follow=True)
    html = response.content.decode()
    assert response.redirect_chain[-1][0] == _result_url(quiz, attempt)
    assert "75%" in html and "Đạt" in html
    assert client.get(_attempt_url(quiz, attempt))["Location"] == _result_url(quiz, attempt)


@pytest.mark.parametrize(
    ("policy", "shown", "hidden"),
    [
        (ReviewPolicy.SCORE, [], ["Đáp án đúng", "GIẢI-THÍCH-KÍN", "Câu một lựa chọn"]),
        (ReviewPolicy.CORRECTNESS, ["đáp án đúng", "Câu một lựa chọn"], ["GIẢI-THÍCH-KÍN", "NHẬN-XÉT-KÍN"]),
        (ReviewPolicy.EXPLANATIONS, ["đáp án đúng", "GIẢI-THÍCH-KÍN", "NHẬN-XÉT-KÍN"], []),
    ],
)
def test_result_page_follows_the_review_policy(client, learner, course_tree, policy, shown, hidden):
    quiz = _quiz_with_secrets(course_tree.course)
    quiz.review_policy = policy
    quiz.save()
    attempt = services.attempt_start(user=learner, quiz=quiz)
    services.attempt_submit(user=learner, attempt_id=attempt.pk, data=factories.answer_form(attempt))
    client.force_login(learner)
    html = client.get(_result_url(quiz, attempt)).content.decode()
    assert "100%" in html and "Đạt" in html and "Điểm đạt" in html
    for text in shown:
        assert text in html
    for text in hidden:
        assert text not in html


def test_failed_attempt_shows_not_passed_against_the_pass_mark(client, learner, course_tree):
    quiz = course_tree.quiz
    attempt = services.attempt_start(user=learner, quiz=quiz)
    services.attempt_submit(user=learner, attempt_id=attempt.pk, data=factories.answer_form(attempt, only={1, 2}))
    client.force_login(learner)
    html = client.get(_result_url(quiz, attempt)).content.decode()
    assert "50%" in html and "Không đạt" in html and "70%" in html


def test_someone_elses_attempt_is_not_found(client, learner, other_learner, course_tree):
    quiz = course_tree.quiz
    attempt = services.attempt_start(user=learner, quiz=quiz)
    client.force_login(other_learner)
    assert client.get(_attempt_url(quiz, attempt)).status_code == 404
    assert client.post(_attempt_url(quiz, attempt), {"action": "submit"}).status_code == 404
    assert client.get(_result_url(quiz, attempt)).status_code == 404
    response = client.post(reverse("courses:autosave", args=[attempt.pk]), {"position": 1, "q1": "0"})
    assert response.status_code == 400
    attempt.refresh_from_db()
    assert attempt.is_open and attempt.questions.get(position=1).response is None


def test_autosave_endpoint_answers_json(client, learner, course_tree):
    quiz = course_tree.quiz
    quiz.time_limit_minutes = 10
    quiz.save()
    url = None
    start = datetime.datetime(2026, 3, 2, 8, 0, tzinfo=datetime.UTC)
    with time_machine.travel(start, tick=False):
        attempt = services.attempt_start(user=learner, quiz=quiz)
        url = reverse("courses:autosave", args=[attempt.pk])
        assert client.post(url, {"position": 1, "q1": "0"}).status_code == 401
        client.force_login(learner)
        assert client.get(url).status_code == 405
        response = client.post(url, {"position": 1, "q1": "0"})
        assert response.status_code == 200 and response.json() == {"ok": True}
        response = client.post(url, {"position": 1, "q1": "9"})
        assert response.status_code == 400
        assert response.json()["error"] == "Câu trả lời này không thuộc các phương án đã cho."
        assert client.post(url, {"position": "x"}).status_code == 400
    with time_machine.travel(start + datetime.timedelta(minutes=12), tick=False):
        response = client.post(url, {"position": 2, "q2": "0"})
        assert response.status_code == 409
        assert "Đã hết giờ" in response.json()["error"]


def test_attempt_page_after_the_deadline_offers_only_to_submit(client, learner, course_tree):
    quiz = course_tree.quiz
    quiz.time_limit_minutes = 10
    quiz.save()
    start = datetime.datetime(2026, 3, 2, 8, 0, tzinfo=datetime.UTC)
    with time_machine.travel(start, tick=False):
        attempt = services.attempt_start(user=learner, quiz=quiz)
    client.force_login(learner)
    with time_machine.travel(start + datetime.timedelta(minutes=10, seconds=30), tick=False):
        html = client.get(_attempt_url(quiz, attempt)).content.decode()
        assert "Đã hết giờ làm bài" in html and 'value="save"' not in html and " disabled>" in html
        assert QuizAttempt.objects.get(pk=attempt.pk).is_open, "GET changes nothing"
    with time_machine.travel(start + datetime.timedelta(minutes=12), tick=False):
        response = client.post(_attempt_url(quiz, attempt), {"action": "submit", "q1": "0"}, follow=True)
    assert "không được nhận" in response.content.decode()


def test_my_courses_lists_progress_attempts_and_completion(client, learner, course_tree):
    other = factories.make_course("Hòa giải ở cơ sở")
    factories.make_lesson(other, "Nguyên tắc hòa giải")
    services.enrolment_create(user=learner, course=other)
    for lesson in course_tree.lessons[:2]:
        services.lesson_complete(user=learner, lesson=lesson)
    attempt = services.attempt_start(user=learner, quiz=course_tree.quiz)
    services.attempt_submit(user=learner, attempt_id=attempt.pk, data=factories.answer_form(attempt))
    client.force_login(learner)
    html = client.get(reverse("courses:my_courses")).content.decode()
    assert "Hòa giải ở cơ sở" in html and course_tree.course.title in html
    assert "Đã hoàn thành" in html and "Đang học" in html
    assert "1 lượt làm bài" in html and "100%" in html
    assert 'href="/khoa-hoc-cua-toi/">Khóa học của tôi</a>' in html


def test_my_courses_needs_a_sign_in(client):
    response = client.get(reverse("courses:my_courses"))
    assert response.status_code == 302 and "/tai-khoan/login/" in response["Location"]
