"""Cached page reads: routing in one query, and cached progress, menu roles and notices that never show stale data."""

import pytest
from django.urls import reverse

from courses import services
from lms.notifications import notify
from units.models import Role

pytestmark = pytest.mark.django_db


def test_the_whole_path_routes_like_wagtail_quiz_sub_pages_included(client, learner, course_tree):
    quiz = course_tree.quiz
    client.force_login(learner)
    assert client.get(course_tree.lessons[0].url).status_code == 200
    assert client.get(quiz.url).status_code == 200
    attempt = services.attempt_start(user=learner, quiz=quiz)
    assert client.get(quiz.url + quiz.reverse_subpage("attempt_view", args=[attempt.pk])).status_code == 200
    assert client.get(course_tree.course.url + "khong-co/").status_code == 404
    assert client.get(quiz.url + "khong-co/").status_code == 404
    course_tree.lessons[1].unpublish()
    assert client.get(course_tree.lessons[1].url).status_code == 404


def test_course_page_shows_a_lesson_done_in_another_request_at_once(client, learner, course_tree):
    client.force_login(learner)
    assert "Đã học xong 0/2 bài bắt buộc" not in client.get(course_tree.course.url).content.decode()
    services.enrolment_create(user=learner, course=course_tree.course)
    assert "Đã học xong 0/2 bài bắt buộc" in client.get(course_tree.course.url).content.decode()
    services.lesson_complete(user=learner, lesson=course_tree.lessons[0])
    assert "Đã học xong 1/2 bài bắt buộc" in client.get(course_tree.course.url).content.decode()


def test_a_renamed_lesson_shows_in_the_course_outline_at_once(client, learner, course_tree):
    client.force_login(learner)
    client.get(course_tree.course.url)
    lesson = course_tree.lessons[0]
    lesson.title = "Quy định chung, bản mới"
    lesson.save_revision().publish()
    assert "Quy định chung, bản mới" in client.get(course_tree.course.url).content.decode()


def test_the_menu_follows_a_new_role_and_a_new_notice_at_once(client, learner, unit_a, course_tree):
    client.force_login(learner)
    workspace = reverse("units:workspace")
    html = client.get(course_tree.course.url).content.decode()
    assert f'href="{workspace}"' not in html and 'class="badge warn"' not in html
    learner.role_assignments.create(role=Role.COORDINATOR, unit=unit_a)
    notify(users=[learner], event_key="thu", subject="Thông báo thử", body="Nội dung")
    html = client.get(course_tree.course.url).content.decode()
    assert f'href="{workspace}"' in html and 'class="badge warn">1<' in html
