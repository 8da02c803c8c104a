"""With a real broker and worker (CI's PostgreSQL run): a task enqueued on commit runs on the worker."""

import time

import pytest

from lms.celery import app as celery_app
from tests.factories import OfficialFactory, make_coordinator
from units import services
from units.models import Official


@pytest.fixture
def live_worker():
    previous = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = False
    yield
    celery_app.conf.task_always_eager = previous


@pytest.mark.live_worker
@pytest.mark.django_db(transaction=True)
def test_task_enqueued_on_commit_runs_on_the_worker_and_writes_the_database(live_worker, unit_a):
    coordinator = make_coordinator(unit_a)
    official = OfficialFactory(unit=unit_a, email="worker@example.vn")
    services.official_grant_login(actor=coordinator, official=official)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if Official.objects.get(pk=official.pk).invitation_sent_at:
            break
        time.sleep(0.2)
    assert Official.objects.get(pk=official.pk).invitation_sent_at is not None


@pytest.mark.live_worker
@pytest.mark.django_db
def test_healthz_sees_the_live_broker(client, live_worker):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["broker"] == "ok"
