"""Quota under concurrency: coordinators of one unit nominating at the same moment never exceed it."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from tests.factories import OfficialFactory, make_coordinator
from tests.training.conftest import add_session, make_class
from training import services
from training.models import Nomination


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_parallel_nominations_never_exceed_the_quota(office, unit_a):
    klass = make_class(office, [(unit_a, 2)])
    add_session(klass)
    coordinators = [make_coordinator(unit_a, username=f"daumoi{i}") for i in range(8)]
    officials = [OfficialFactory(unit=unit_a) for _ in range(8)]
    barrier = threading.Barrier(len(coordinators))
    outcomes: list[str] = []

    def nominate(actor, official):
        try:
            barrier.wait()
            services.nomination_create(actor=actor, training_class=klass, official=official)
            outcomes.append("ok")
        except ValidationError as error:
            outcomes.append(error.messages[0])
        finally:
            connection.close()

    threads = [threading.Thread(target=nominate, args=pair) for pair in zip(coordinators, officials, strict=True)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert outcomes.count("ok") == 2
    assert all("2/2 chỉ tiêu" in o for o in outcomes if o != "ok")
    assert Nomination.objects.filter(training_class=klass).active().count() == 2


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_the_same_official_nominated_twice_at_once_is_kept_once(office, unit_a):
    klass = make_class(office, [(unit_a, 5)])
    add_session(klass)
    coordinators = [make_coordinator(unit_a, username=f"daumoi{i}") for i in range(4)]
    official = OfficialFactory(unit=unit_a)
    barrier = threading.Barrier(len(coordinators))

    def nominate(actor):
        try:
            barrier.wait()
            services.nomination_create(actor=actor, training_class=klass, official=official)
        except ValidationError:
            pass
        finally:
            connection.close()

    threads = [threading.Thread(target=nominate, args=(c,)) for c in coordinators]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert Nomination.objects.filter(training_class=klass, official=official).active().count() == 1
