"""The office settings in the Wagtail admin, the demo data, and delivery on a real worker (CI's PostgreSQL run)."""

import time

import pytest
from django.urls import reverse

from certificates import demo, services
from certificates.models import Certificate, CertificateSettings
from lms.celery import app as celery_app
from tests.factories import UserFactory


@pytest.mark.django_db
def test_administrator_edits_an_offices_settings_in_the_wagtail_admin(client, office):
    admin = UserFactory(is_superuser=True, is_staff=True)
    client.force_login(admin)
    response = client.post(
        reverse("certificatesettings:add"),
        {
            "office": office.pk,
            "short_code": "PNV",
            "number_pattern": "{number:04d}/GCN-{code}",
            "signer_title_lines": "TRƯỞNG PHÒNG",
            "signer_name": "Lê Văn Ơn",
            "certificate_title": "GIẤY CHỨNG NHẬN",
            "certify_text": "Chứng nhận Ông/Bà",
            "course_text": "Đã hoàn thành khóa học",
            "class_text": "Đã hoàn thành lớp bồi dưỡng",
            "recipients": "",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert CertificateSettings.objects.get(office=office).signer_name == "Lê Văn Ơn"
    response = client.post(
        reverse("certificatesettings:edit", args=[CertificateSettings.objects.get().pk]),
        {"office": office.pk, "short_code": "PNV", "number_pattern": "{number.__class__}"},
    )
    assert response.status_code == 200
    assert CertificateSettings.objects.get().number_pattern == "{number:04d}/GCN-{code}"


@pytest.mark.django_db
def test_demo_data_is_idempotent():
    from certificates.models import AnnualReport
    from training import demo as training_demo
    from training.models import ClassResult
    from units import demo as units_demo

    units_demo.seed()
    training_demo.seed()
    demo.seed()
    counts = (Certificate.objects.count(), AnnualReport.objects.count())
    demo.seed()
    assert (Certificate.objects.count(), AnnualReport.objects.count()) == counts
    assert CertificateSettings.objects.count() == 2
    completed = ClassResult.objects.filter(completed=True, training_class__name=training_demo.FINISHED_CLASS)
    assert Certificate.objects.count() == completed.count() > 0
    learner = Certificate.objects.get(learner_name="Huỳnh Thị Ngọc Ân")
    assert learner.register_number.endswith("/GCN-PNV") and learner.title == training_demo.FINISHED_CLASS


@pytest.fixture
def live_worker():
    previous = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = False
    yield
    celery_app.conf.task_always_eager = previous


@pytest.mark.live_worker
@pytest.mark.django_db(transaction=True)
def test_the_worker_stores_and_mails_an_issued_certificate(live_worker, learner, office, office_settings):
    certificate = services.certificate_issue(
        official=learner, kind="class", source_id=5, office=office, title="Lớp bồi dưỡng"
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        certificate.refresh_from_db()
        if certificate.pdf and certificate.emailed_at:
            break
        time.sleep(0.3)
    assert certificate.pdf.name.endswith(".pdf") and certificate.emailed_at is not None
