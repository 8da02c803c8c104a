"""QR self check-in: rotating tokens, the session window, late arrivals, replay and strangers."""

import datetime
import zoneinfo

import pytest
import time_machine
from django.urls import reverse

from tests.training.conftest import add_session, make_class
from training import checkin
from training.models import Attendance, AttendanceStatus, ClassStatus, Nomination, NominationStatus

pytestmark = pytest.mark.django_db
HCM = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")
DAY = datetime.date(2026, 12, 15)


@pytest.fixture
def running(office, unit_a, trainee_user):
    klass = make_class(
        office,
        [(unit_a, 5)],
        status=ClassStatus.IN_PROGRESS,
        start_date=DAY,
        end_date=DAY,
        deadline=datetime.datetime(2026, 12, 1, tzinfo=HCM),
    )
    session = add_session(klass, day=DAY, start=(7, 30), end=(11, 0))
    other = add_session(klass, day=DAY, start=(13, 30), end=(17, 0))
    Nomination.objects.create(
        training_class=klass, official=trainee_user.official, unit=unit_a, status=NominationStatus.APPROVED
    )
    return session, other


# Sign-ins happen inside the travelled clock: a session opened today would have expired by then.
def at(hour, minute, second=0):
    return datetime.datetime(2026, 12, 15, hour, minute, second, tzinfo=HCM)


def scan(client, session, token):
    return client.get(reverse("training:check_in_token", args=[session.pk, token]))


def confirm(client, session):
    return client.post(reverse("training:check_in", args=[session.pk]))


def test_scan_sign_in_and_confirm_marks_present_once(client, running, trainee_user):
    session, _other = running
    with time_machine.travel(at(7, 35), tick=False):
        response = scan(client, session, checkin.current_token(session))
        assert response.status_code == 302 and "/tai-khoan/login/" in response["Location"]
        client.post("/tai-khoan/login/", {"login": trainee_user.username, "password": "pw-Test-2026"})
        page = client.get(reverse("training:check_in", args=[session.pk]))
        assert page.status_code == 200, "the scanned ticket survives signing in"
        assert "Tôi có mặt" in page.content.decode()
        done = confirm(client, session)
        assert "Có mặt" in done.content.decode()
        # A second scan and confirmation (replay) changes nothing.
        scan(client, session, checkin.current_token(session))
        again = confirm(client, session)
        assert again.status_code == 400 and "đã được điểm danh" in again.content.decode()
    record = Attendance.objects.get()
    assert record.status == AttendanceStatus.PRESENT and record.self_checked_in


def test_arriving_after_the_threshold_is_late(client, running, trainee_user):
    session, _other = running
    with time_machine.travel(at(7, 50), tick=False):
        client.force_login(trainee_user)
        scan(client, session, checkin.current_token(session))
        confirm(client, session)
    assert Attendance.objects.get().status == AttendanceStatus.LATE


def test_expired_token_is_refused(client, running, trainee_user):
    session, _other = running
    with time_machine.travel(at(7, 35), tick=False) as clock:
        client.force_login(trainee_user)
        old = checkin.current_token(session)
        clock.shift(datetime.timedelta(seconds=65))
        response = scan(client, session, old)
    assert response.status_code == 400 and "đã hết hạn" in response.content.decode()
    assert not Attendance.objects.exists()


def test_token_of_the_previous_period_is_still_accepted(client, running, trainee_user):
    session, _other = running
    with time_machine.travel(at(7, 35, 10), tick=False) as clock:
        client.force_login(trainee_user)
        token = checkin.current_token(session)
        clock.shift(datetime.timedelta(seconds=30))
        assert scan(client, session, token).status_code == 302


def test_token_of_another_session_is_refused(client, running, trainee_user):
    session, other = running
    with time_machine.travel(at(7, 35), tick=False):
        client.force_login(trainee_user)
        response = scan(client, session, checkin.current_token(other))
    assert response.status_code == 400 and "không đúng cho buổi học này" in response.content.decode()
    assert client.post(reverse("training:check_in", args=[session.pk])).status_code == 400
    assert not Attendance.objects.exists()


def test_outside_the_session_window_is_refused(client, running, trainee_user):
    session, _other = running
    with time_machine.travel(at(12, 0), tick=False):
        client.force_login(trainee_user)
        response = scan(client, session, checkin.current_token(session))
    assert response.status_code == 400 and "mở từ 07:00 đến 11:30" in response.content.decode()


def test_person_not_on_the_roster_is_refused(client, running, coordinator_a):
    session, _other = running
    with time_machine.travel(at(7, 35), tick=False):
        client.force_login(coordinator_a)
        scan(client, session, checkin.current_token(session))
        response = confirm(client, session)
    assert response.status_code == 400 and "không có tên trong danh sách" in response.content.decode()
    assert not Attendance.objects.exists()


def test_without_a_scanned_code_there_is_no_check_in(client, running, trainee_user):
    session, _other = running
    with time_machine.travel(at(7, 35), tick=False):
        client.force_login(trainee_user)
        response = confirm(client, session)
    assert response.status_code == 400
    assert not Attendance.objects.exists()


def test_the_qr_page_shows_a_code_for_the_current_token(client, running, organiser):
    session, _other = running
    with time_machine.travel(at(7, 35), tick=False):
        client.force_login(organiser)
        page = client.get(reverse("training:session_qr", args=[session.pk])).content.decode()
        assert checkin.current_token(session) in page
    assert "<svg" in page and 'http-equiv="refresh"' in page
