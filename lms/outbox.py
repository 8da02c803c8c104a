"""Enqueue Celery tasks through a transactional outbox: a web request never fails or loses a job
because the broker is unreachable."""

from __future__ import annotations

import datetime
import logging

from celery import current_app
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from kombu.exceptions import OperationalError

from lms.models import OutboxMessage

log = logging.getLogger(__name__)

# Sending gives up quickly when the broker is down: the sweeper will try again.
SEND_OPTIONS = {"retry": True, "retry_policy": {"max_retries": 1, "interval_start": 0, "interval_step": 0.2}}


def enqueue(task, *args) -> OutboxMessage:
    """Record the task with the current transaction; send it to the broker after the commit."""
    message = OutboxMessage.objects.create(task=task.name, args=list(args))
    transaction.on_commit(lambda: send(message.pk))
    return message


def send(message_id: int) -> bool:
    """Send one pending message; a broker failure leaves it pending. Returns whether it went out."""
    message = OutboxMessage.objects.filter(pk=message_id, sent_at__isnull=True).first()
    if message is None:
        return False
    try:
        if current_app.conf.task_always_eager:
            current_app.tasks[message.task].apply(args=message.args)
        else:
            current_app.send_task(message.task, args=message.args, **SEND_OPTIONS)
    except (OperationalError, ConnectionError, OSError) as error:
        OutboxMessage.objects.filter(pk=message.pk).update(attempts=F("attempts") + 1, last_error=str(error)[:500])
        log.warning("Broker unreachable; task %s stays in the outbox: %s", message.task, error)
        return False
    OutboxMessage.objects.filter(pk=message.pk).update(sent_at=timezone.now(), attempts=F("attempts") + 1)
    return True


def flush(older_than: datetime.timedelta = datetime.timedelta(seconds=30), limit: int = 500) -> int:
    """Send what is still pending (oldest first); the sweeper runs this every minute."""
    cutoff = timezone.now() - older_than
    pending = OutboxMessage.objects.filter(sent_at__isnull=True, created_at__lte=cutoff).order_by("created_at")
    return sum(send(pk) for pk in pending.values_list("pk", flat=True)[:limit])


def purge(older_than: datetime.timedelta = datetime.timedelta(days=7)) -> int:
    deleted, _ = OutboxMessage.objects.filter(sent_at__lte=timezone.now() - older_than).delete()
    return deleted
