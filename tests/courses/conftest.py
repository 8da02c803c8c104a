"""Fixtures of the learning tests: a learner who is an official, a course with lessons and a final quiz."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from lms import completion
from tests.courses import factories
from tests.factories import OfficialFactory, UserFactory


@pytest.fixture
def learner(unit_a):
    user = UserFactory(username="hocvien.thu")
    OfficialFactory(unit=unit_a, full_name="Huỳnh Thị Ngọc Ân", user=user)
    return user


@pytest.fixture
def other_learner():
    return UserFactory(username="hocvien.khac")


@pytest.fixture
def course_tree(db):
    """A course of three lessons (the third optional) and a final quiz of four single-choice questions."""
    course = factories.make_course("Luật Thực hiện dân chủ ở cơ sở năm 2022")
    lessons = [
        factories.make_lesson(course, "Những quy định chung"),
        factories.make_lesson(course, "Những nội dung công khai"),
        factories.make_lesson(course, "Đọc thêm", is_required=False),
    ]
    category = factories.make_category("Luật DCCS")
    questions = factories.make_questions(category, 4)
    quiz = factories.make_quiz(course, questions=questions, pass_mark=70)
    return SimpleNamespace(course=course, lessons=lessons, quiz=quiz, category=category, questions=questions)


@pytest.fixture
def completions():
    """Every call of the completion hook made during the test."""
    calls: list[dict] = []

    def handler(**kwargs):
        calls.append(kwargs)

    completion.register(handler)
    yield calls
    completion._handlers.remove(handler)
