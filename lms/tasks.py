"""Site-wide background jobs."""

from celery import shared_task

from lms import notifications


@shared_task(bind=True, max_retries=5, default_retry_delay=120, acks_late=True)
def email_notification(self, notice_id: int) -> bool:
    try:
        return notifications.send(notice_id)
    except OSError as error:  # SMTP unreachable: try again later; the row lock and emailed_at prevent doubles
        raise self.retry(exc=error) from error
