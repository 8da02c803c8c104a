"""Background jobs of learning: closing and grading quiz attempts left open past their deadline."""

from __future__ import annotations

from celery import shared_task
from django.utils import timezone

from courses import services
from courses.models import QuizAttempt

BATCH = 500


@shared_task
def close_overdue_attempts() -> int:
    """Run every minute by beat: grade each abandoned attempt with the answers it saved."""
    ids = list(QuizAttempt.objects.overdue(timezone.now()).order_by("deadline").values_list("pk", flat=True)[:BATCH])
    return sum(1 for attempt_id in ids if services.attempt_close_overdue(attempt_id=attempt_id))
