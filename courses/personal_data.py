"""What learning holds about a person: enrolments, lessons done and quiz attempts, for their profile page."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from units import personal_data


def _when(moment) -> str:
    from django.utils import timezone

    return timezone.localtime(moment).strftime("%d/%m/%Y %H:%M") if moment else ""


def enrolments(user) -> list[dict]:
    from courses.models import Enrolment

    return [
        {
            str(_("Course")): e.course.title,
            str(_("Source")): e.get_source_display(),
            str(_("Enrolled at")): _when(e.enrolled_at),
            str(_("Completed at")): _when(e.completed_at),
        }
        for e in Enrolment.objects.filter(user=user).select_related("course").order_by("enrolled_at", "pk")
    ]


def lessons(user) -> list[dict]:
    from courses.models import LessonProgress

    rows = (
        LessonProgress.objects.filter(enrolment__user=user)
        .select_related("lesson", "enrolment__course")
        .order_by("completed_at", "pk")
    )
    return [
        {
            str(_("Course")): p.enrolment.course.title,
            str(_("Lesson")): p.lesson.title,
            str(_("Done at")): _when(p.completed_at),
        }
        for p in rows
    ]


def attempts(user) -> list[dict]:
    from courses.models import QuizAttempt

    rows = QuizAttempt.objects.filter(user=user).select_related("quiz").order_by("started_at", "pk")
    return [
        {
            str(_("Quiz")): a.quiz.title,
            str(_("Attempt")): a.number,
            str(_("Status")): a.get_status_display(),
            str(_("Started at")): _when(a.started_at),
            str(_("Submitted at")): _when(a.submitted_at),
            str(_("Score (%)")): "" if a.percent is None else str(a.percent),
            str(_("Passed")): "" if a.passed is None else str(_("Yes") if a.passed else _("No")),
        }
        for a in rows
    ]


def register() -> None:
    personal_data.register("courses_enrolments", _("Course enrolments"), enrolments)
    personal_data.register("courses_lessons", _("Lessons done"), lessons)
    personal_data.register("courses_attempts", _("Quiz attempts"), attempts)
