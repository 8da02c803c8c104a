"""Reads about learners' progress, in a fixed number of queries however many courses, lessons or attempts."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models.functions import Length, Substr
from wagtail.models import Page

from courses.models import (
    CoursePage,
    Enrolment,
    GradingMethod,
    LessonPage,
    LessonProgress,
    QuizAttempt,
    QuizPage,
)
from lms import cache


@dataclass(frozen=True)
class CourseResult:
    """What training and certificates need to know about one learner in one course."""

    enrolled: bool
    completed: bool
    completed_at: datetime.datetime | None
    score: Decimal | None  # the final quiz's grade in percent, by its grading method
    passed: bool | None  # None until the final quiz has a graded attempt


@dataclass
class QuizStanding:
    quiz: QuizPage
    attempts: list[QuizAttempt] = field(default_factory=list)

    @property
    def graded(self) -> list[QuizAttempt]:
        return [a for a in self.attempts if a.percent is not None]

    @property
    def open_attempt(self) -> QuizAttempt | None:
        return next((a for a in self.attempts if a.is_open), None)

    @property
    def grade(self) -> Decimal | None:
        return quiz_grade(self.graded, self.quiz.grading_method)

    @property
    def passed(self) -> bool | None:
        grade = self.grade
        return None if grade is None else grade >= self.quiz.pass_mark

    @property
    def attempts_left(self) -> int | None:
        if not self.quiz.max_attempts:
            return None
        return max(0, self.quiz.max_attempts - len(self.attempts))


@dataclass
class CourseProgress:
    course: CoursePage
    enrolment: Enrolment | None
    required_lesson_ids: set[int]
    done_lesson_ids: set[int]
    final: QuizStanding | None

    @property
    def enrolled(self) -> bool:
        return self.enrolment is not None

    @property
    def required_total(self) -> int:
        return len(self.required_lesson_ids)

    @property
    def required_done(self) -> int:
        return len(self.required_lesson_ids & self.done_lesson_ids)

    @property
    def percent(self) -> int:
        """Share of the steps done: required lessons, plus the final quiz when the rule needs it."""
        steps = self.required_total if self.course.needs_lessons() else 0
        done = self.required_done if self.course.needs_lessons() else 0
        if self.course.needs_quiz():
            steps += 1
            done += 1 if self.final and self.final.passed else 0
        if self.completed:
            return 100
        return int(done * 100 / steps) if steps else 0

    @property
    def rule_met(self) -> bool:
        if self.enrolment is None:
            return False
        if self.course.needs_lessons() and not self.required_lesson_ids <= self.done_lesson_ids:
            return False
        return not (self.course.needs_quiz() and not (self.final and self.final.passed))

    @property
    def completed(self) -> bool:
        return bool(self.enrolment and self.enrolment.completed_at)

    def result(self) -> CourseResult:
        return CourseResult(
            enrolled=self.enrolled,
            completed=self.completed,
            completed_at=self.enrolment.completed_at if self.enrolment else None,
            score=self.final.grade if self.final else None,
            passed=self.final.passed if self.final else None,
        )


def quiz_grade(graded: Sequence[QuizAttempt], method: str) -> Decimal | None:
    """The grade of a learner in a quiz from their graded attempts (in attempt order)."""
    if not graded:
        return None
    ordered = sorted(graded, key=lambda a: a.number)
    percents = [a.percent for a in ordered]
    if method == GradingMethod.LAST:
        return percents[-1]
    if method == GradingMethod.FIRST:
        return percents[0]
    if method == GradingMethod.AVERAGE:
        return (sum(percents, Decimal(0)) / len(percents)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    return max(percents)


def _children_of(model, courses: Sequence[CoursePage]):
    """Live pages of a type directly under the given courses, found by path (one query)."""
    return (
        model.objects.live()
        .annotate(parent_path=Substr("path", 1, Length("path") - Page.steplen))
        .filter(parent_path__in=[c.path for c in courses], depth__in={c.depth + 1 for c in courses})
    )


def progress_for(
    *, user, courses: Iterable[CoursePage], enrolments: Iterable[Enrolment] | None = None
) -> dict[int, CourseProgress]:
    """Each course's progress for the user: five queries at most, whatever the number of courses."""
    courses = list(courses)
    if not courses:
        return {}
    by_path = {c.path: c for c in courses}
    if enrolments is None:
        enrolments = Enrolment.objects.filter(user=user, course__in=courses) if user.is_authenticated else []
    enrolments = {e.course_id: e for e in enrolments}
    required: dict[int, set[int]] = {c.pk: set() for c in courses}
    for pk, parent_path in _children_of(LessonPage, courses).filter(is_required=True).values_list("pk", "parent_path"):
        required[by_path[parent_path].pk].add(pk)
    done: dict[int, set[int]] = {c.pk: set() for c in courses}
    if enrolments:
        rows = LessonProgress.objects.filter(enrolment__in=enrolments.values()).values_list(
            "enrolment__course_id", "lesson_id"
        )
        for course_id, lesson_id in rows:
            done[course_id].add(lesson_id)
    finals = _final_quizzes(courses)
    standings = {quiz.pk: QuizStanding(quiz) for quiz in finals.values()}
    if enrolments and standings:
        for attempt in QuizAttempt.objects.filter(user=user, quiz_id__in=standings).order_by("number"):
            standings[attempt.quiz_id].attempts.append(attempt)
    return {
        c.pk: CourseProgress(
            course=c,
            enrolment=enrolments.get(c.pk),
            required_lesson_ids=required[c.pk],
            done_lesson_ids=done[c.pk],
            final=standings.get(finals[c.pk].pk) if c.pk in finals else None,
        )
        for c in courses
    }


def _final_quizzes(courses: Sequence[CoursePage]) -> dict[int, QuizPage]:
    """The quiz that counts for each course: the one chosen, or else the course's last quiz."""
    by_path = {c.path: c for c in courses}
    chosen = {c.final_quiz_id for c in courses if c.final_quiz_id}
    quizzes = _children_of(QuizPage, courses) | QuizPage.objects.live().filter(pk__in=chosen).annotate(
        parent_path=Substr("path", 1, Length("path") - Page.steplen)
    )
    found: dict[int, QuizPage] = {}
    fallback: dict[int, QuizPage] = {}
    for quiz in quizzes.order_by("path"):
        course = by_path.get(quiz.parent_path)
        for c in courses:
            if c.final_quiz_id == quiz.pk:
                found[c.pk] = quiz
        if course is not None:
            fallback[course.pk] = quiz
    return {c.pk: found.get(c.pk) or fallback[c.pk] for c in courses if c.pk in found or c.pk in fallback}


def course_result(*, user, course: CoursePage) -> CourseResult:
    """Enrolled? completed (when)? the final quiz's grade and pass — for training's rules and reports."""
    return progress_for(user=user, courses=[course])[course.pk].result()


def course_outline(course: CoursePage) -> list[Page]:
    """The course's live lessons and quizzes in tree order; lesson bodies are not loaded for the list."""
    lessons = LessonPage.objects.child_of(course).live().defer_streamfields()
    quizzes = QuizPage.objects.child_of(course).live()
    return sorted([*lessons, *quizzes], key=lambda page: page.path)


def _pages_version() -> int:
    return cache.version("pages")


def _learner_key(user, *parts) -> str:
    """A cache key for what a learner sees, stale as soon as the pages or the learner's own records change."""
    pages, learner = cache.versions("pages", f"learner:{user.pk}")
    return ":".join(str(p) for p in (*parts, user.pk, pages, learner))


def cached_progress(*, user, course: CoursePage) -> CourseProgress:
    """progress_for() of one course for the pages: cached until the learner or the pages change (courses.signals).

    Services never use it: they read progress inside their own transaction.
    """
    if not user.is_authenticated:
        return progress_for(user=user, courses=[course])[course.pk]
    return cache.remember(
        _learner_key(user, "course-progress", course.pk), lambda: progress_for(user=user, courses=[course])[course.pk]
    )


def course_page_context(*, user, course: CoursePage) -> dict:
    outline, legal_basis = cache.remember(
        f"course-outline:{course.pk}:{_pages_version()}",
        lambda: (course_outline(course), list(course.legal_basis.select_related("document"))),
    )
    return {"outline": outline, "progress": cached_progress(user=user, course=course), "legal_basis": legal_basis}


def _lesson_surroundings(lesson: LessonPage) -> tuple[CoursePage, Page | None, Page | None, list]:
    course = CoursePage.objects.get(path=lesson.path[: -Page.steplen])
    siblings = Page.objects.live().filter(path__startswith=course.path, depth=lesson.depth)
    previous = siblings.filter(path__lt=lesson.path).order_by("-path").first()
    following = siblings.filter(path__gt=lesson.path).order_by("path").first()
    return course, previous, following, list(lesson.legal_basis.select_related("document"))


def lesson_page_context(*, user, lesson: LessonPage) -> dict:
    course, previous, following, legal_basis = cache.remember(
        f"lesson-surroundings:{lesson.pk}:{_pages_version()}", lambda: _lesson_surroundings(lesson)
    )
    progress = cached_progress(user=user, course=course)
    return {
        "course": course,
        "previous_page": previous,
        "next_page": following,
        "progress": progress,
        "lesson_done": lesson.pk in progress.done_lesson_ids,
        "legal_basis": legal_basis,
    }


def attempts_for_quiz(*, user, quiz: QuizPage) -> QuizStanding:
    standing = QuizStanding(quiz)
    if user.is_authenticated:
        standing.attempts = list(QuizAttempt.objects.filter(user=user, quiz=quiz).order_by("number"))
    return standing


def cached_attempts_for_quiz(*, user, quiz: QuizPage) -> QuizStanding:
    """attempts_for_quiz() for the quiz page: cached until the learner's records change."""
    if not user.is_authenticated:
        return QuizStanding(quiz)
    attempts = cache.remember(
        _learner_key(user, "quiz-attempts", quiz.pk), lambda: attempts_for_quiz(user=user, quiz=quiz).attempts
    )
    return QuizStanding(quiz, attempts=attempts)


def question_count(quiz: QuizPage) -> int:
    return cache.remember(f"quiz-questions:{quiz.pk}:{_pages_version()}", quiz.question_count)


def my_courses(*, user) -> list[CourseProgress]:
    """The learner's enrolled courses, most recent first, with progress, attempts and completion."""
    enrolments = list(Enrolment.objects.for_learner(user).order_by("-enrolled_at", "-pk"))
    courses = [e.course for e in enrolments]
    progress = progress_for(user=user, courses=courses, enrolments=enrolments)
    return [progress[c.pk] for c in courses]


__all__ = [
    "CourseProgress",
    "CourseResult",
    "QuizStanding",
    "attempts_for_quiz",
    "cached_attempts_for_quiz",
    "cached_progress",
    "course_outline",
    "course_result",
    "my_courses",
    "progress_for",
    "question_count",
    "quiz_grade",
]
