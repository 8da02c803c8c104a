"""Classes: the class and its sessions, unit quotas, nominations, attendance and each trainee's result."""

from __future__ import annotations

import datetime
import secrets

from django.conf import settings
from django.db import models
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lms import vietnamese
from units.models import Official, PersonnelCategory, Unit


class ClassStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    ANNOUNCED = "announced", _("Announced")
    NOMINATIONS_CLOSED = "closed", _("Nominations closed")
    IN_PROGRESS = "in_progress", _("In progress")
    FINISHED = "finished", _("Finished")
    CANCELLED = "cancelled", _("Cancelled")


class ClassKind(models.TextChoices):
    COURSE = "course", _("Training class (lớp bồi dưỡng)")
    CONFERENCE = "conference", _("Training conference (hội nghị tập huấn)")


class TrainingClassQuerySet(models.QuerySet):
    def organised_by(self, user) -> TrainingClassQuerySet:
        """Classes of the offices the user organises for (all of them for administrators)."""
        from units import access

        if access.is_administrator(user):
            return self
        return self.filter(organising_office_id__in=access.organised_office_ids(user))

    def open_to(self, user) -> TrainingClassQuerySet:
        """Classes that invite one of the user's coordinated units (announced or later, never drafts)."""
        from units import access

        return (
            self.exclude(status=ClassStatus.DRAFT)
            .filter(quotas__unit_id__in=access.coordinated_unit_ids(user))
            .distinct()
        )

    def attended_by(self, user) -> TrainingClassQuerySet:
        return self.filter(nominations__official__user=user).exclude(status=ClassStatus.DRAFT).distinct()

    def visible_to(self, user) -> TrainingClassQuerySet:
        """Every class a user may open: as organiser, as coordinator of an invited unit, or as a nominee."""
        from units import access

        if access.is_administrator(user):
            return self
        ids = set(self.organised_by(user).values_list("pk", flat=True))
        ids |= set(self.open_to(user).values_list("pk", flat=True))
        ids |= set(self.attended_by(user).values_list("pk", flat=True))
        return self.filter(pk__in=ids)


class TrainingClass(models.Model):
    name = models.CharField(_("name"), max_length=255)
    kind = models.CharField(_("kind"), max_length=16, choices=ClassKind.choices, default=ClassKind.COURSE)
    organising_office = models.ForeignKey(
        Unit,
        verbose_name=_("organising office"),
        on_delete=models.PROTECT,
        related_name="organised_classes",
        limit_choices_to={"is_organising_office": True},
    )
    description = models.TextField(_("description"), blank=True)
    # The online part: trainees are enrolled when approved, and the course's final quiz counts for completion.
    course = models.ForeignKey(
        "courses.CoursePage",
        verbose_name=_("linked online course"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="training_classes",
    )
    target_categories = models.JSONField(
        _("personnel categories"), default=list, blank=True, help_text=_("Empty: every category.")
    )
    target_positions = models.JSONField(
        _("positions"),
        default=list,
        blank=True,
        help_text=_("Words the position must contain, e.g. “Tư pháp - Hộ tịch”. Empty: every position."),
    )
    venue = models.CharField(_("venue"), max_length=255)
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"))
    capacity = models.PositiveIntegerField(_("capacity"))
    nomination_deadline = models.DateTimeField(_("nomination deadline"))
    min_attendance_percent = models.PositiveSmallIntegerField(_("minimum attendance (%)"), default=80)
    # Offices that receive the class's lists and results (Nơi nhận), e.g. Phòng Nội vụ and/or Phòng Tư pháp.
    document_recipients = models.ManyToManyField(
        Unit,
        verbose_name=_("documents are sent to"),
        blank=True,
        related_name="+",
        limit_choices_to={"is_organising_office": True},
    )
    status = models.CharField(_("status"), max_length=16, choices=ClassStatus.choices, default=ClassStatus.DRAFT)
    cancel_reason = models.TextField(_("reason for cancelling"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    announced_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    objects = TrainingClassQuerySet.as_manager()

    class Meta:
        verbose_name = _("training class")
        verbose_name_plural = _("training classes")
        ordering = ["-start_date", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(end_date__gte=models.F("start_date")), name="class_ends_after_start"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def nominations_open(self) -> bool:
        return self.status == ClassStatus.ANNOUNCED and timezone.now() < self.nomination_deadline

    def is_eligible(self, official: Official) -> bool:
        if self.target_categories and official.category not in self.target_categories:
            return False
        if self.target_positions:
            position = vietnamese.strip_diacritics(official.position)
            return any(vietnamese.strip_diacritics(word) in position for word in self.target_positions)
        return True

    def target_categories_display(self) -> list[str]:
        labels = dict(PersonnelCategory.choices)
        return [str(labels.get(c, c)) for c in self.target_categories]


class SessionPart(models.TextChoices):
    MORNING = "morning", _("Morning")
    AFTERNOON = "afternoon", _("Afternoon")
    EVENING = "evening", _("Evening")


def _new_secret() -> str:
    return secrets.token_hex(16)


class ClassSession(models.Model):
    training_class = models.ForeignKey(TrainingClass, on_delete=models.CASCADE, related_name="sessions")
    date = models.DateField(_("date"))
    part = models.CharField(_("part of day"), max_length=10, choices=SessionPart.choices)
    start_time = models.TimeField(_("starts"))
    end_time = models.TimeField(_("ends"))
    room = models.CharField(_("room"), max_length=255, blank=True)
    # Secret behind the rotating check-in QR token; only the server knows it.
    qr_secret = models.CharField(max_length=64, default=_new_secret, editable=False)
    absence_feedback_sent_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        ordering = ["date", "start_time", "pk"]

    def __str__(self) -> str:
        return f"{self.date:%d/%m/%Y} {self.get_part_display()}"

    def starts_at(self) -> datetime.datetime:
        return timezone.make_aware(datetime.datetime.combine(self.date, self.start_time))

    def ends_at(self) -> datetime.datetime:
        return timezone.make_aware(datetime.datetime.combine(self.date, self.end_time))


class Quota(models.Model):
    """Seats a class offers one invited unit; the unit's coordinators nominate within it."""

    training_class = models.ForeignKey(TrainingClass, on_delete=models.CASCADE, related_name="quotas")
    unit = models.ForeignKey(Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="class_quotas")
    seats = models.PositiveIntegerField(_("seats"))

    class Meta:
        verbose_name = _("quota")
        verbose_name_plural = _("quotas")
        constraints = [models.UniqueConstraint(fields=["training_class", "unit"], name="one_quota_per_unit")]

    def __str__(self) -> str:
        return f"{self.unit}: {self.seats}"


class NominationStatus(models.TextChoices):
    NOMINATED = "nominated", _("Nominated")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    REPLACED = "replaced", _("Replaced")


ACTIVE_NOMINATION = [NominationStatus.NOMINATED, NominationStatus.APPROVED]


class NominationQuerySet(models.QuerySet):
    def active(self) -> NominationQuerySet:
        return self.filter(status__in=ACTIVE_NOMINATION)

    def for_coordinator(self, user) -> NominationQuerySet:
        from units import access

        return self.filter(unit_id__in=access.coordinated_unit_ids(user))

    def roster(self) -> NominationQuerySet:
        """Approved trainees with what a list needs, in Vietnamese name order."""
        return (
            self.filter(status=NominationStatus.APPROVED)
            .select_related("official", "unit")
            .order_by("official__sort_key", "pk")
        )

    def seats_used_by_unit(self) -> dict[int, int]:
        return dict(self.active().values("unit_id").annotate(n=Count("pk")).values_list("unit_id", "n"))


class Nomination(models.Model):
    training_class = models.ForeignKey(TrainingClass, on_delete=models.CASCADE, related_name="nominations")
    official = models.ForeignKey(Official, on_delete=models.PROTECT, related_name="nominations")
    # The invited unit whose quota the nomination uses, as it was when nominated.
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="nominations")
    status = models.CharField(
        _("status"), max_length=12, choices=NominationStatus.choices, default=NominationStatus.NOMINATED
    )
    reason = models.TextField(_("reason"), blank=True)
    nominated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    replaced_by = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="replaces"
    )
    added_late = models.BooleanField(default=False)

    objects = NominationQuerySet.as_manager()

    AUDITED_FIELDS = ("status", "reason", "official_id", "unit_id", "replaced_by_id")

    class Meta:
        verbose_name = _("nomination")
        verbose_name_plural = _("nominations")
        constraints = [
            models.UniqueConstraint(
                fields=["training_class", "official"],
                condition=Q(status__in=["nominated", "approved"]),
                name="one_active_nomination_per_official",
            ),
        ]
        indexes = [models.Index(fields=["training_class", "unit", "status"], name="nomination_quota_idx")]

    def __str__(self) -> str:
        return f"{self.official} – {self.training_class}"

    @property
    def is_active(self) -> bool:
        return self.status in ACTIVE_NOMINATION


class AttendanceStatus(models.TextChoices):
    PRESENT = "present", _("Present")
    LATE = "late", _("Late")
    EXCUSED = "excused", _("Absent with leave")
    ABSENT = "absent", _("Absent without leave")


ATTENDED = [AttendanceStatus.PRESENT, AttendanceStatus.LATE]


class Attendance(models.Model):
    session = models.ForeignKey(ClassSession, on_delete=models.CASCADE, related_name="attendances")
    nomination = models.ForeignKey(Nomination, on_delete=models.CASCADE, related_name="attendances")
    status = models.CharField(_("status"), max_length=10, choices=AttendanceStatus.choices)
    reason = models.CharField(_("reason"), max_length=255, blank=True)
    self_checked_in = models.BooleanField(default=False)
    marked_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    marked_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        constraints = [models.UniqueConstraint(fields=["session", "nomination"], name="one_attendance_per_session")]

    def __str__(self) -> str:
        return f"{self.nomination.official} – {self.session}: {self.get_status_display()}"


class ClassResult(models.Model):
    """A trainee's outcome, computed and stored when the class finishes."""

    training_class = models.ForeignKey(TrainingClass, on_delete=models.CASCADE, related_name="results")
    nomination = models.OneToOneField(Nomination, on_delete=models.CASCADE, related_name="result")
    sessions_attended = models.PositiveSmallIntegerField(default=0)
    sessions_total = models.PositiveSmallIntegerField(default=0)
    attendance_percent = models.DecimalField(max_digits=5, decimal_places=1)
    quiz_score = models.DecimalField(max_digits=5, decimal_places=1, null=True, blank=True)
    quiz_passed = models.BooleanField(null=True)
    completed = models.BooleanField(default=False)
    computed_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("class result")
        verbose_name_plural = _("class results")

    def __str__(self) -> str:
        return f"{self.nomination.official}: {self.attendance_percent}%"
