"""Site-wide background jobs."""

from celery import shared_task

from lms import notifications, outbox


@shared_task(bind=True, max_retries=5, default_retry_delay=120, acks_late=True)
def email_notification(self, notice_id: int) -> bool:
    try:
        return notifications.send(notice_id)
    except OSError as error:  # SMTP unreachable: try again later; the row lock and emailed_at prevent doubles
        raise self.retry(exc=error) from error


@shared_task
def flush_outbox() -> int:
    """Send the tasks that could not reach the broker when they were recorded."""
    return outbox.flush()


@shared_task
def purge_outbox() -> int:
    return outbox.purge()
