"""Broker down: the request that enqueues a job succeeds, the job waits in the outbox and runs once the
broker is back. The broker here is a real redis-server that the test stops and starts."""

import datetime
import time

import pytest
import redis
from celery.contrib.testing.worker import start_worker
from django.db import transaction
from django.urls import reverse

from lms import outbox
from lms.celery import app as celery_app
from lms.models import OutboxMessage
from tests import processes
from tests.factories import OfficialFactory
from units.models import Official
from units.tasks import purge_stale_imports

pytestmark = pytest.mark.redis

redis_server = processes.redis_server


# The embedded worker writes from another thread; SQLite's shared in-memory test database locks whole
# tables between threads, so this runs on PostgreSQL.
@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_job_enqueued_while_the_broker_is_down_runs_when_it_is_back(client, redis_server, unit_a, coordinator_a):
    official = OfficialFactory(unit=unit_a, email="an@example.vn")
    client.force_login(coordinator_a)

    response = client.post(reverse("units:official_grant_login", args=[official.pk]))

    assert response.status_code == 302, "the request succeeds although the broker is down"
    official.refresh_from_db()
    assert official.user is not None, "the change itself is saved"
    message = OutboxMessage.objects.get(task="units.tasks.send_login_invitation")
    assert message.sent_at is None and message.attempts == 1 and message.last_error

    redis_server.start()
    with start_worker(celery_app, pool="solo", perform_ping_check=False, shutdown_timeout=20):
        assert outbox.flush(older_than=datetime.timedelta(0)) == 1
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline and not Official.objects.get(pk=official.pk).invitation_sent_at:
            time.sleep(0.1)
    assert Official.objects.get(pk=official.pk).invitation_sent_at is not None, "the job ran on the worker"
    assert OutboxMessage.objects.get(pk=message.pk).sent_at is not None


@pytest.mark.django_db(transaction=True)
def test_messages_are_sent_straight_away_when_the_broker_is_up(redis_server):
    redis_server.start()
    with transaction.atomic():
        message = outbox.enqueue(purge_stale_imports)
    message.refresh_from_db()
    assert message.sent_at is not None and message.attempts == 1
    assert redis.Redis(port=redis_server.port).llen("celery") == 1
