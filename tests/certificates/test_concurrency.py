"""Numbers and uniqueness under concurrent workers: row locks on PostgreSQL, constraints everywhere."""

import threading

import pytest
from django.db import IntegrityError, connection, transaction

from certificates import services, tasks
from certificates.models import Certificate, RegisterCounter
from tests.factories import OfficialFactory

WORKERS = 8


def run_together(target, arguments) -> list:
    """Start one thread per argument at the same moment; return their results (or exceptions)."""
    barrier = threading.Barrier(len(arguments))
    results = [None] * len(arguments)

    def work(index, argument):
        try:
            barrier.wait()
            results[index] = target(argument)
        except Exception as error:  # collected and asserted on by the test
            results[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=work, args=(i, a)) for i, a in enumerate(arguments)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_issues_get_sequential_gap_free_numbers(office, office_settings, unit_a):
    officials = [OfficialFactory(unit=unit_a) for _ in range(WORKERS)]

    def issue(official):
        return services.certificate_issue(official=official, kind="class", source_id=1, office=office, title="Lớp")

    results = run_together(issue, officials)
    assert all(isinstance(r, Certificate) for r in results), results
    assert sorted(r.serial for r in results) == list(range(1, WORKERS + 1))
    assert len({r.register_number for r in results}) == WORKERS
    assert RegisterCounter.objects.get(office=office).last_number == WORKERS


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_workers_for_one_learner_issue_one_certificate(learner, test_source):
    def run_task(_n):
        return tasks.issue_certificate_task.apply(args=[learner.pk, "class", 7]).result

    results = run_together(run_task, list(range(WORKERS)))
    assert not [r for r in results if isinstance(r, Exception)], results
    certificate = Certificate.objects.get()
    assert set(results) == {certificate.pk}
    assert certificate.serial == 1
    assert RegisterCounter.objects.get().last_number == 1


@pytest.mark.django_db
def test_the_database_refuses_a_second_live_certificate_or_a_reused_number(learner, office, office_settings):
    first = services.certificate_issue(official=learner, kind="class", source_id=1, office=office, title="Lớp")
    duplicate = {f.attname: getattr(first, f.attname) for f in Certificate._meta.concrete_fields if f.attname != "id"}
    with pytest.raises(IntegrityError), transaction.atomic():
        Certificate.objects.create(**{**duplicate, "code": "X" * 28, "serial": 2, "register_number": "2"})
    with pytest.raises(IntegrityError), transaction.atomic():
        Certificate.objects.create(**{**duplicate, "code": "Y" * 28, "source_id": 2, "register_number": "2"})
    replaced = {**duplicate, "code": "Z" * 28, "serial": 3, "register_number": "3", "status": "replaced"}
    Certificate.objects.create(**replaced)
    assert Certificate.objects.count() == 2
