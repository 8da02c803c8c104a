"""Learners' records: enrolments, lesson progress, quiz attempts and the questions drawn into them."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class EnrolmentSource(models.TextChoices):
    SELF = "self", _("Self-enrolled")
    CLASS = "class", _("Through a training class")


class EnrolmentQuerySet(models.QuerySet):
    def for_learner(self, user) -> EnrolmentQuerySet:
        if not user.is_authenticated:
            return self.none()
        return self.filter(user=user).select_related("course")


class Enrolment(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="enrolments")
    course = models.ForeignKey("courses.CoursePage", on_delete=models.CASCADE, related_name="enrolments")
    # The official the user was when enrolling, for the unit's reports; a user may have no official record.
    official = models.ForeignKey(
        "units.Official", null=True, blank=True, on_delete=models.SET_NULL, related_name="enrolments"
    )
    source = models.CharField(_("source"), max_length=8, choices=EnrolmentSource.choices, default=EnrolmentSource.SELF)
    enrolled_at = models.DateTimeField(_("enrolled at"), default=timezone.now)
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True)

    objects = EnrolmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("enrolment")
        verbose_name_plural = _("enrolments")
        ordering = ["-enrolled_at", "-pk"]
        constraints = [models.UniqueConstraint(fields=["user", "course"], name="one_enrolment_per_course")]

    def __str__(self) -> str:
        return f"{self.user} – {self.course_id}"


class LessonProgress(models.Model):
    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="lesson_progress")
    lesson = models.ForeignKey("courses.LessonPage", on_delete=models.CASCADE, related_name="progress")
    completed_at = models.DateTimeField(_("done at"), default=timezone.now)

    class Meta:
        verbose_name = _("lesson progress")
        verbose_name_plural = _("lesson progress")
        constraints = [models.UniqueConstraint(fields=["enrolment", "lesson"], name="one_progress_per_lesson")]

    def __str__(self) -> str:
        return f"{self.enrolment_id} – {self.lesson_id}"


class AttemptStatus(models.TextChoices):
    IN_PROGRESS = "in_progress", pgettext_lazy("quiz attempt", "In progress")
    GRADED = "graded", _("Graded")


class CloseReason(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted by the learner")
    LATE = "late", _("Submitted after the deadline; graded with the saved answers")
    ABANDONED = "abandoned", _("Left open; closed automatically at the deadline")


class QuizAttemptQuerySet(models.QuerySet):
    def for_learner(self, user) -> QuizAttemptQuerySet:
        if not user.is_authenticated:
            return self.none()
        return self.filter(user=user)

    def graded(self) -> QuizAttemptQuerySet:
        return self.filter(status=AttemptStatus.GRADED)

    def in_progress(self) -> QuizAttemptQuerySet:
        return self.filter(status=AttemptStatus.IN_PROGRESS)

    def overdue(self, now) -> QuizAttemptQuerySet:
        """Attempts still open although their deadline and the grace period have passed."""
        return self.in_progress().filter(deadline__lt=now - settings.LMS_QUIZ_GRACE)


class QuizAttempt(models.Model):
    quiz = models.ForeignKey("courses.QuizPage", on_delete=models.CASCADE, related_name="attempts")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="quiz_attempts")
    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="attempts")
    number = models.PositiveSmallIntegerField(_("attempt"))
    status = models.CharField(
        _("status"), max_length=12, choices=AttemptStatus.choices, default=AttemptStatus.IN_PROGRESS
    )
    started_at = models.DateTimeField(_("started at"), default=timezone.now)
    deadline = models.DateTimeField(_("deadline"))
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    close_reason = models.CharField(_("closed"), max_length=10, choices=CloseReason.choices, blank=True)
    pass_mark = models.DecimalField(_("pass mark (%)"), max_digits=5, decimal_places=2)
    max_score = models.DecimalField(_("maximum score"), max_digits=8, decimal_places=2)
    score = models.DecimalField(_("score"), max_digits=10, decimal_places=5, null=True, blank=True)
    percent = models.DecimalField(_("score (%)"), max_digits=5, decimal_places=2, null=True, blank=True)
    passed = models.BooleanField(_("passed"), null=True, blank=True)

    objects = QuizAttemptQuerySet.as_manager()

    class Meta:
        verbose_name = _("quiz attempt")
        verbose_name_plural = _("quiz attempts")
        ordering = ["started_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["quiz", "user", "number"], name="unique_attempt_number"),
            models.UniqueConstraint(
                fields=["quiz", "user"], condition=Q(status="in_progress"), name="one_open_attempt_per_quiz"
            ),
        ]
        indexes = [models.Index(fields=["status", "deadline"], name="attempt_overdue_idx")]

    def __str__(self) -> str:
        return f"{self.quiz_id} – {self.user_id} #{self.number}"

    @property
    def is_open(self) -> bool:
        return self.status == AttemptStatus.IN_PROGRESS


class AttemptQuestion(models.Model):
    """One question drawn into an attempt: the version shown, the order shown, and the saved answer."""

    attempt = models.ForeignKey(QuizAttempt, on_delete=models.CASCADE, related_name="questions")
    position = models.PositiveSmallIntegerField()
    version = models.ForeignKey("courses.QuestionVersion", on_delete=models.PROTECT, related_name="attempt_questions")
    order = models.JSONField(default=dict)
    response = models.JSONField(null=True, blank=True)
    saved_at = models.DateTimeField(null=True, blank=True)
    max_score = models.DecimalField(max_digits=6, decimal_places=2)
    score = models.DecimalField(max_digits=10, decimal_places=5, null=True, blank=True)

    class Meta:
        ordering = ["attempt", "position"]
        constraints = [models.UniqueConstraint(fields=["attempt", "position"], name="unique_attempt_position")]

    def __str__(self) -> str:
        return f"{self.attempt_id}/{self.position}"
