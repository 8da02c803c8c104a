"""Background jobs of certificates: issue from the completion hook, deliver PDFs, exports and bulk issues."""

from __future__ import annotations

import logging

from celery import shared_task
from django.core.exceptions import ValidationError
from django.db import OperationalError

from certificates import services
from certificates.models import Certificate
from units.models import Official

log = logging.getLogger(__name__)


@shared_task(bind=True, max_retries=3, default_retry_delay=30)
def issue_certificate_task(self, official_id: int, kind: str, source_id: int) -> int | None:
    """Issue the certificate a completion earned; safe to run again (a retry, a duplicate message)."""
    official = Official.objects.filter(pk=official_id).first()
    if official is None:
        return None
    try:
        certificate = services.certificate_issue_from_source(official=official, kind=kind, source_id=source_id)
    except ValidationError as error:
        log.warning("no certificate for official %s, %s %s: %s", official_id, kind, source_id, error.messages)
        return None
    except OperationalError as error:
        raise self.retry(exc=error) from error
    return certificate.pk


@shared_task(bind=True, max_retries=3, default_retry_delay=60, autoretry_for=(OSError,), retry_backoff=True)
def deliver_certificate_task(self, certificate_id: int) -> None:
    """Keep the PDF and email it to the learner, each once."""
    certificate = Certificate.objects.select_related("official__user", "office").filter(pk=certificate_id).first()
    if certificate is None:
        return
    certificate = services.certificate_store_pdf(certificate=certificate)
    services.certificate_send(certificate=certificate)


@shared_task(time_limit=1800, soft_time_limit=1700)
def export_job_task(job_id: int) -> None:
    services.export_job_run(job_id=job_id)


@shared_task(bind=True, max_retries=3, default_retry_delay=10)
def bulk_issue_chunk_task(self, job_id: int, index: int) -> None:
    try:
        services.bulk_issue_chunk(job_id=job_id, index=index)
    except OperationalError as error:
        if self.request.retries < self.max_retries:
            raise self.retry(exc=error) from error
        services.job_fail(job_id=job_id, error=str(error))
        raise
    except Exception as error:
        services.job_fail(job_id=job_id, error=str(error))
        raise


@shared_task(time_limit=1800, soft_time_limit=1700)
def bulk_zip_task(job_id: int) -> None:
    try:
        services.bulk_zip(job_id=job_id)
    except Exception as error:
        services.job_fail(job_id=job_id, error=str(error))
        raise


@shared_task
def refresh_statistics_task(year: int) -> float:
    """Recompute a year's dashboard figures; returns how long it took in seconds."""
    from certificates import statistics

    return statistics.refresh(year).seconds


@shared_task
def refresh_recent_statistics() -> None:
    from django.utils import timezone

    from certificates import statistics

    year = timezone.localdate().year
    for each in (year - 1, year):
        statistics.refresh(each)


@shared_task
def send_report_reminders() -> int:
    from certificates import reports

    return reports.send_reminders()
