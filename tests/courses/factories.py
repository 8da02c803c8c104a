"""Factories for learning: the page tree (course index, courses, lessons, quizzes) and the question bank."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from wagtail.models import Locale, Page, Site

from courses.models import (
    CourseIndexPage,
    CoursePage,
    LegalDocument,
    LessonPage,
    MatchingPair,
    Question,
    QuestionCategory,
    QuestionChoice,
    QuizFixedQuestion,
    QuizPage,
    QuizRandomRule,
)
from lms.models import HomePage


def home_page() -> HomePage:
    """The site's home page; transactional tests start from an empty database, so it is made if missing."""
    home = HomePage.objects.first()
    if home is not None:
        return home
    Locale.objects.get_or_create(language_code="vi")
    root = Page.get_first_root_node() or Page.add_root(instance=Page(title="Root", slug="root"))
    home = root.add_child(instance=HomePage(title="Bồi dưỡng dân chủ ở cơ sở", slug="home"))
    Site.objects.update_or_create(
        is_default_site=True, defaults={"hostname": "localhost", "port": 80, "root_page": home}
    )
    return home


def course_index() -> CourseIndexPage:
    index = CourseIndexPage.objects.first()
    if index is None:
        index = home_page().add_child(instance=CourseIndexPage(title="Khóa học", slug="khoa-hoc"))
    return index


_counter = {"n": 0}


def _next() -> int:
    _counter["n"] += 1
    return _counter["n"]


def make_course(title: str = "", **fields) -> CoursePage:
    n = _next()
    title = title or f"Khóa học thử {n}"
    fields.setdefault("summary", f"Tóm tắt {title}")
    return course_index().add_child(instance=CoursePage(title=title, slug=f"khoa-hoc-{n}", **fields))


def make_lesson(course: CoursePage, title: str = "", text: str = "Nội dung bài học.", **fields) -> LessonPage:
    n = _next()
    body = [("text", f"<p>{text}</p>")]
    return course.add_child(
        instance=LessonPage(
            title=title or f"Bài {n}", slug=f"bai-{n}", body=body, summary=fields.pop("summary", ""), **fields
        )
    )


def make_quiz(course: CoursePage, *, questions=(), rules=(), **fields) -> QuizPage:
    n = _next()
    fields.setdefault("shuffle_questions", False)
    fields.setdefault("shuffle_choices", False)
    quiz = QuizPage(title=fields.pop("title", f"Bài kiểm tra {n}"), slug=f"kiem-tra-{n}", **fields)
    quiz.fixed_questions = [QuizFixedQuestion(question=q, sort_order=i) for i, q in enumerate(questions)]
    quiz.random_rules = [
        QuizRandomRule(category=category, count=count, sort_order=i) for i, (category, count) in enumerate(rules)
    ]
    return course.add_child(instance=quiz)


def make_category(name: str = "", parent: QuestionCategory | None = None) -> QuestionCategory:
    return QuestionCategory.objects.create(name=name or f"Danh mục {_next()}", parent=parent)


def legal_document(number: str = "10/2022/QH15", title: str = "Luật Thực hiện dân chủ ở cơ sở") -> LegalDocument:
    document, _created = LegalDocument.objects.get_or_create(number=number, defaults={"title": title})
    return document


@dataclass
class Spec:
    """A question to build: choices as (text, correct) or (text, correct, weight)."""

    kind: str = "single"
    text: str = ""
    choices: list = field(default_factory=list)
    pairs: list = field(default_factory=list)
    true_is_correct: bool | None = None
    explanation: str = ""
    mark: Decimal = Decimal(1)


def make_question(category: QuestionCategory, spec: Spec | None = None, **overrides) -> Question:
    spec = spec or Spec(
        text=overrides.pop("text", ""),
        choices=[("Đáp án đúng", True), ("Sai một", False), ("Sai hai", False), ("Sai ba", False)],
    )
    n = _next()
    question = Question(
        category=category,
        name=overrides.pop("name", f"Câu {n}"),
        kind=spec.kind,
        text=f"<p>{spec.text or f'Nội dung câu hỏi {n}?'}</p>",
        explanation=f"<p>{spec.explanation}</p>" if spec.explanation else "",
        true_is_correct=spec.true_is_correct,
        mark=spec.mark,
        **overrides,
    )
    question.choices = [
        QuestionChoice(text=c[0], is_correct=c[1], weight=c[2] if len(c) > 2 else None, sort_order=i)
        for i, c in enumerate(spec.choices)
    ]
    question.pairs = [MatchingPair(prompt=p, answer=a, sort_order=i) for i, (p, a) in enumerate(spec.pairs)]
    question.save()
    return question


def make_questions(category: QuestionCategory, count: int) -> list[Question]:
    return [make_question(category) for _ in range(count)]


def answer_form(attempt, *, right: bool = True, only: set[int] | None = None) -> dict:
    """Form data answering every drawn question (or those at the given positions) rightly or wrongly.

    Built from the frozen version and display order, the way a learner's browser would post it.
    """
    data: dict = {}
    for slot in attempt.questions.select_related("version").order_by("position"):
        if only is not None and slot.position not in only:
            continue
        version = slot.version.data
        if version["kind"] == "matching":
            for k, prompt_index in enumerate(slot.order["prompts"]):
                target = version["prompts"][prompt_index]["answer"]
                if not right:
                    target = (target + 1) % len(version["answers"])
                data[f"q{slot.position}_{k}"] = str(slot.order["answers"].index(target))
            continue
        fractions = [Decimal(c["fraction"]) for c in version["choices"]]
        wanted = [i for i, f in enumerate(fractions) if (f > 0) == right]
        if version["kind"] != "multiple":
            wanted = wanted[:1]
        data[f"q{slot.position}"] = [str(slot.order["choices"].index(i)) for i in wanted]
    return data
