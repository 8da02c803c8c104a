"""Bad input on the forms that change records: a clear Vietnamese message, and nothing already saved is lost."""

from __future__ import annotations

import pytest
from django.urls import reverse

from certificates.models import Certificate
from tests.security import world
from tests.security.conftest import count
from training.models import ClassStatus, NominationStatus

pytestmark = pytest.mark.django_db


@pytest.fixture
def w(home_page):
    return world.build()


def _signed_in(client, user):
    client.force_login(user)
    return client


def test_an_official_edited_with_a_bad_name_and_year_keeps_what_was_saved(client, w):
    before = (w.official.full_name, w.official.birth_year, w.official.unit_id)
    response = _signed_in(client, w.users["coordinator"]).post(
        reverse("units:official_edit", args=[w.official.pk]),
        {"full_name": "Nguyễn Văn 2", "birth_year": "1800", "unit": w.unit_a.pk, "category": "cong_chuc"},
    )
    count("bad input")
    page = response.content.decode()
    assert response.status_code == 200
    assert "Họ tên không được có chữ số." in page and "Cán bộ phải sinh trong khoảng" in page
    w.official.refresh_from_db()
    assert (w.official.full_name, w.official.birth_year, w.official.unit_id) == before


def test_a_class_that_would_end_before_it_starts_keeps_its_dates(client, w):
    before = (w.klass.start_date, w.klass.end_date)
    response = _signed_in(client, w.users["organiser"]).post(
        reverse("training:class_edit", args=[w.klass.pk]),
        {
            "name": w.klass.name,
            "organising_office": w.office.pk,
            "venue": "Hội trường",
            "start_date": "20/12/2030",
            "end_date": "10/12/2030",
            "capacity": "30",
            "nomination_deadline": "01/12/2030 17:00",
        },
    )
    count("bad input")
    assert response.status_code == 200
    assert "Ngày kết thúc không được trước ngày bắt đầu." in response.content.decode()
    w.klass.refresh_from_db()
    assert (w.klass.start_date, w.klass.end_date) == before


def test_a_session_ending_before_it_starts_is_not_added(client, w):
    response = _signed_in(client, w.users["organiser"]).post(
        reverse("training:class_manage", args=[w.klass.pk]),
        {"form": "session", "date": "20/12/2030", "part": "morning", "start_time": "11:00", "end_time": "07:30"},
    )
    count("bad input")
    assert "Giờ kết thúc phải sau giờ bắt đầu." in response.content.decode()
    assert w.klass.sessions.count() == 1


def test_a_rejection_without_a_reason_changes_nothing(client, w):
    response = _signed_in(client, w.users["organiser"]).post(
        reverse("training:nomination_reject", args=[w.nomination.pk]), {"reason": "  "}, follow=True
    )
    count("bad input")
    assert "Hãy nêu lý do không duyệt." in response.content.decode()
    w.nomination.refresh_from_db()
    assert w.nomination.status == NominationStatus.APPROVED


def test_an_impossible_deadline_changes_nothing(client, w):
    before = w.klass.nomination_deadline
    response = _signed_in(client, w.users["organiser"]).post(
        reverse("training:class_transition", args=[w.klass.pk]),
        {"action": "extend", "deadline": "32/13/2030 25:00"},
        follow=True,
    )
    count("bad input")
    assert "Ghi hạn mới theo dạng dd/mm/yyyy hh:mm." in response.content.decode()
    w.klass.refresh_from_db()
    assert w.klass.nomination_deadline == before and w.klass.status == ClassStatus.ANNOUNCED


def test_a_certificate_revoked_without_a_reason_stays_valid(client, w):
    response = _signed_in(client, w.users["organiser"]).post(
        reverse("certificates:revoke", args=[w.certificate.pk]), {"reason": ""}
    )
    count("bad input")
    assert response.status_code == 200
    assert "lý do" in response.content.decode().lower()
    w.certificate.refresh_from_db()
    assert w.certificate.status == Certificate.Status.VALID


def test_names_with_markup_are_drawn_as_text_in_the_charts():
    """The dashboards' SVG charts are inserted as markup, so the names in them must arrive escaped."""
    from lms import charts

    hostile = '<script>alert(1)</script><img src=x onerror="alert(2)">'
    for svg in (
        charts.bar_chart([(hostile, 3.0)], title=hostile),
        charts.column_chart([(hostile, 3.0)], title=hostile),
    ):
        count("bad input")
        assert "<script" not in svg and "<img" not in svg and "&lt;script&gt;" in svg
