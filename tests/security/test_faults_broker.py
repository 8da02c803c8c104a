"""Broker down: a web request that enqueues a job still succeeds and keeps the job in the outbox; once Redis is
back, the sweeper on a real worker process sends it and the job runs exactly once."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from lms.celery import app as celery_app
from lms.models import OutboxMessage
from tests import processes
from tests.factories import OfficialFactory
from tests.processes import wait_for
from units.models import Official

pytestmark = [pytest.mark.redis, pytest.mark.django_db(transaction=True)]

TASK = "units.tasks.send_login_invitation"


redis_server = processes.redis_server
worker_factory = processes.worker_factory


def test_login_invitation_waits_out_a_broker_outage_and_is_sent_once(
    client, redis_server, worker_factory, unit_a, coordinator_a
):
    official = OfficialFactory(unit=unit_a, email="an@example.vn")
    client.force_login(coordinator_a)

    response = client.post(reverse("units:official_grant_login", args=[official.pk]))

    assert response.status_code == 302, "the request succeeds although the broker is down"
    official.refresh_from_db()
    assert official.user is not None, "the change itself is saved"
    message = OutboxMessage.objects.get(task=TASK)
    assert message.sent_at is None and message.attempts == 1 and message.last_error

    redis_server.start()
    worker = worker_factory(redis_server.url)
    worker.start()
    # The sweeper only picks messages older than 30 s, so that it does not race the commit hook.
    OutboxMessage.objects.filter(pk=message.pk).update(created_at=timezone.now() - datetime.timedelta(minutes=1))
    celery_app.send_task("lms.tasks.flush_outbox")

    wait_for(lambda: Official.objects.get(pk=official.pk).invitation_sent_at, 60, "the invitation to be sent")
    wait_for(lambda: OutboxMessage.objects.get(pk=message.pk).sent_at, 10, "the outbox row to be marked sent")

    # The sweeper runs again, as beat would a minute later: nothing is sent twice.
    celery_app.send_task("lms.tasks.flush_outbox")
    wait_for(lambda: worker.log().count("lms.tasks.flush_outbox") >= 4, 30, "the second sweep")
    message.refresh_from_db()
    assert message.attempts == 2, "one failed try while the broker was down, one delivery"
    log = worker.log()
    assert log.count(f"Task {TASK}[") == 2, "received once and succeeded once:\n" + log[-3000:]
    assert f"Task {TASK}[" in log and "succeeded" in log


def test_a_request_while_the_broker_dies_mid_way_keeps_its_job(client, redis_server, unit_a, coordinator_a):
    redis_server.start()
    official = OfficialFactory(unit=unit_a, email="binh@example.vn")
    client.force_login(coordinator_a)
    redis_server.stop()

    response = client.post(reverse("units:official_grant_login", args=[official.pk]))

    assert response.status_code == 302
    assert OutboxMessage.objects.filter(task=TASK, sent_at__isnull=True).count() == 1
