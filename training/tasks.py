"""Background jobs of classes: closing nominations at the deadline and telling units who was absent."""

from __future__ import annotations

from celery import shared_task
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lms.notifications import notify
from training import services
from training.models import Attendance, AttendanceStatus, ClassSession, ClassStatus, TrainingClass
from units.access import coordinators_of


@shared_task
def close_due_nominations() -> int:
    """Announced classes whose deadline has passed stop taking nominations."""
    closed = 0
    for training_class in TrainingClass.objects.filter(
        status=ClassStatus.ANNOUNCED, nomination_deadline__lte=timezone.now()
    ):
        services.class_close_nominations(actor=None, training_class=training_class)
        closed += 1
    return closed


@shared_task(bind=True, max_retries=3, default_retry_delay=60)
def send_absence_feedback(self) -> int:
    """After each session, the coordinators of units with trainees absent without leave are told who, once."""
    sent = 0
    candidates = ClassSession.objects.filter(
        absence_feedback_sent_at__isnull=True,
        training_class__status__in=[ClassStatus.IN_PROGRESS, ClassStatus.FINISHED],
        date__lte=timezone.localdate(),
    ).select_related("training_class")
    for session in candidates:
        if session.ends_at() > timezone.now():
            continue
        with transaction.atomic():
            session = ClassSession.objects.select_for_update().get(pk=session.pk)
            if session.absence_feedback_sent_at:
                continue
            absent = (
                Attendance.objects.filter(session=session, status=AttendanceStatus.ABSENT)
                .select_related("nomination__official", "nomination__unit")
                .order_by("nomination__official__sort_key")
            )
            by_unit: dict = {}
            for record in absent:
                by_unit.setdefault(record.nomination.unit, []).append(record.nomination.official.full_name)
            for unit, names in by_unit.items():
                notify(
                    users=coordinators_of(unit),
                    event_key=f"session:{session.pk}:absent:{unit.pk}",
                    subject=_("Absent without leave: %(name)s") % {"name": session.training_class.name},
                    body=_(
                        "At the session of %(session)s of “%(name)s”, these trainees of %(unit)s were absent "
                        "without leave: %(names)s."
                    )
                    % {
                        "session": str(session),
                        "name": session.training_class.name,
                        "unit": unit.name,
                        "names": ", ".join(names),
                    },
                )
            session.absence_feedback_sent_at = timezone.now()
            session.save(update_fields=["absence_feedback_sent_at"])
            sent += 1
    return sent
