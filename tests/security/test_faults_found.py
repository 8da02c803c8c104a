"""Faults found while building the security checks, each pinned by the test that would have caught it."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from certificates import reports
from certificates.models import ReportingYear
from courses.models import LegalDocument
from tests.factories import UserFactory
from tests.security.conftest import count
from tests.training.conftest import add_session, make_class

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    client.force_login(UserFactory(username="quantri", is_superuser=True, is_staff=True))
    return client


def test_deleting_a_reporting_year_that_has_reports_is_refused_with_a_message(
    admin_client, office, unit_a, coordinator_a
):
    year = ReportingYear.objects.create(year=2025, deadline=datetime.date(2025, 11, 20), receiving_office=office)
    reports.report_save(actor=coordinator_a, reporting_year=year, unit=unit_a, results="Tốt.")
    response = admin_client.post(reverse("reportingyear:delete", args=[year.pk]), follow=True)
    count("faults found")
    assert response.status_code == 200
    assert ReportingYear.objects.filter(pk=year.pk).exists()
    assert "không xóa được" in response.content.decode()


def test_a_chooser_without_a_create_tab_refuses_a_post_instead_of_failing(admin_client):
    response = admin_client.post(reverse("wagtailsnippetchoosers_courses_legaldocument:create"), {"title": "x"})
    count("faults found")
    # Wagtail answers a refusal in its admin with a redirect to the dashboard and a message.
    assert response.status_code == 302 and response["Location"] == reverse("wagtailadmin_home")
    assert not LegalDocument.objects.exists()


def test_check_in_without_the_rooms_code_shows_nothing_of_the_class(client, office, unit_a):
    training_class = make_class(office, [(unit_a, 2)], name="Lớp bí mật của Phòng Nội vụ")
    session = add_session(training_class)
    client.force_login(UserFactory())
    for url in (
        reverse("training:check_in", args=[session.pk]),
        reverse("training:check_in_token", args=[session.pk, "khong-hop-le"]),
    ):
        response = client.get(url)
        count("faults found")
        assert response.status_code == 400
        assert "Lớp bí mật" not in response.content.decode()


def test_recomputing_the_figures_never_sends_the_organiser_to_another_site(client, organiser):
    client.force_login(organiser)
    for target, expected in (("https://lua-dao.example.com/", "/thong-ke/"), ("//lua-dao.example.com", "/thong-ke/")):
        response = client.post(reverse("reports:refresh"), {"next": target})
        count("faults found")
        assert response.status_code == 302 and response["Location"] == expected
    response = client.post(reverse("reports:refresh"), {"next": "/thong-ke/?year=2025"})
    assert response["Location"] == "/thong-ke/?year=2025"
