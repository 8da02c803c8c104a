"""Worker killed mid-task: SIGKILL while a bulk certificate job or the report reminders run; the unacknowledged
task runs again on the next worker and ends with one certificate, register number, notice and email each."""

from __future__ import annotations

import datetime
import email
from collections import Counter
from pathlib import Path

import pytest
from django.db import transaction
from django.utils import timezone

from certificates import services
from certificates.models import Certificate, CertificateSettings, ExportJob, JobStatus, ReportingYear
from lms.celery import app as celery_app
from lms.models import Notification
from tests import processes
from tests.factories import OfficialFactory, UnitFactory, make_coordinator
from tests.processes import wait_for

pytestmark = [pytest.mark.redis, pytest.mark.django_db(transaction=True)]
redis_server = processes.redis_server
worker_factory = processes.worker_factory

LEARNERS = 6


def emails_by_recipient(folder: Path) -> Counter:
    sent: Counter = Counter()
    for path in folder.glob("*.log"):
        # The file backend writes each message followed by a line of dashes.
        for chunk in path.read_text(errors="replace").split("-" * 79):
            if chunk.strip():
                sent[email.message_from_string(chunk.strip())["To"]] += 1
    return sent


def test_bulk_certificates_killed_mid_job_end_with_one_certificate_number_and_email_each(
    redis_server,
    worker_factory,
    tmp_path,
    office,
    organiser,
    unit_a,
):
    CertificateSettings.objects.create(office=office, short_code="PNV", signer_name="Trần Văn Đức")
    learners = [
        OfficialFactory(unit=unit_a, full_name=f"Nguyễn Văn Học {i}", email=f"hoc{i}@example.vn")
        for i in range(LEARNERS)
    ]
    mail = tmp_path / "mail"
    mail.mkdir()
    redis_server.start()
    slow = worker_factory(redis_server.url, LMS_TEST_PAUSE_SECONDS="1.5", LMS_TEST_EMAIL_DIR=str(mail))
    slow.start()
    with transaction.atomic():
        job = services.bulk_issue_start(
            actor=organiser, items=[(o.pk, "class", 7) for o in learners], title="Lớp 2026", office=office
        )

    wait_for(lambda: Certificate.objects.count() >= 2, 60, "the first certificates")
    slow.kill()
    issued_before_kill = Certificate.objects.count()
    assert issued_before_kill < LEARNERS, "the worker died in the middle of the job"
    assert ExportJob.objects.get(pk=job.pk).status == JobStatus.RUNNING

    fresh = worker_factory(redis_server.url, LMS_TEST_EMAIL_DIR=str(mail))
    fresh.start()
    wait_for(lambda: ExportJob.objects.get(pk=job.pk).status == JobStatus.DONE, 120, "the job to finish")
    wait_for(lambda: Certificate.objects.filter(emailed_at__isnull=False).count() == LEARNERS, 60, "every email")

    certificates = list(Certificate.objects.order_by("serial"))
    assert len(certificates) == LEARNERS
    assert sorted(c.official_id for c in certificates) == sorted(o.pk for o in learners), "one each"
    assert [c.serial for c in certificates] == list(range(1, LEARNERS + 1)), "no number skipped or taken twice"
    assert len({c.register_number for c in certificates}) == LEARNERS
    assert all(c.pdf for c in certificates)
    job = ExportJob.objects.get(pk=job.pk)
    assert job.params["done"] == [0] and job.progress == LEARNERS and job.params["certificates"] == LEARNERS
    assert emails_by_recipient(mail) == Counter({o.email: 1 for o in learners}), "one email per learner"
    assert "bulk_issue_chunk_task" in fresh.log(), "the interrupted task ran again on the next worker"
    assert celery_app.conf.task_acks_late and celery_app.conf.task_reject_on_worker_lost


def test_report_reminders_killed_mid_run_reach_each_coordinator_once(
    redis_server, worker_factory, tmp_path, district, office
):
    coordinators = [
        make_coordinator(UnitFactory(parent=district, name=f"Xã Nhắc Việc {i}"), email=f"daumoi{i}@example.vn")
        for i in range(LEARNERS)
    ]
    ReportingYear.objects.create(
        year=timezone.localdate().year,
        deadline=timezone.localdate() + datetime.timedelta(days=7),
        receiving_office=office,
    )
    mail = tmp_path / "mail"
    mail.mkdir()
    redis_server.start()
    slow = worker_factory(redis_server.url, LMS_TEST_PAUSE_SECONDS="1.5", LMS_TEST_EMAIL_DIR=str(mail))
    slow.start()
    celery_app.send_task("certificates.tasks.send_report_reminders")  # as beat sends it each morning

    wait_for(lambda: Notification.objects.count() >= 2, 60, "the first notices")
    slow.kill()
    assert Notification.objects.count() < LEARNERS, "the worker died in the middle of the run"

    fresh = worker_factory(redis_server.url, LMS_TEST_EMAIL_DIR=str(mail))
    fresh.start()
    wait_for(lambda: Notification.objects.filter(emailed_at__isnull=False).count() == LEARNERS, 120, "every email")

    notices = Counter(Notification.objects.values_list("user_id", flat=True))
    assert notices == Counter({c.pk: 1 for c in coordinators}), "one notice per coordinator"
    assert emails_by_recipient(mail) == Counter({c.email: 1 for c in coordinators}), "one email per coordinator"
    assert "send_report_reminders" in fresh.log(), "the interrupted run went on on the next worker"
