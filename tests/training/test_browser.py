"""In Chromium: a coordinator nominates up to the quota, an organiser marks attendance on a phone,
a trainee checks in from the QR link."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.browser import chromium_page, sign_in
from tests.factories import OfficialFactory, UserFactory
from tests.training.conftest import add_session, make_class
from training import checkin
from training.models import Attendance, AttendanceStatus, ClassStatus, Nomination, NominationStatus

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("home_page")]
PHONE = {"width": 375, "height": 740}


def choose(page, name):
    value = page.locator("select[name=official] option", has_text=name).get_attribute("value")
    page.select_option("select[name=official]", value=value)


def test_coordinator_nominates_within_quota_and_is_stopped_at_quota(live_server, office, unit_a, coordinator_a):
    klass = make_class(office, [(unit_a, 2)])
    add_session(klass)
    for name in ("Lê Thị Ánh", "Nguyễn Văn An", "Võ Thị Ăn"):
        OfficialFactory(unit=unit_a, full_name=name)
    with chromium_page() as page:
        sign_in(page, live_server.url, coordinator_a.username)
        page.goto(f"{live_server.url}/lop/{klass.pk}/")
        for expected in ("Lê Thị Ánh", "Nguyễn Văn An"):
            choose(page, expected)
            page.click("text=Cử đi học")
            assert page.locator(".message.success").inner_text() == f"Đã cử {expected}."
        choose(page, "Võ Thị Ăn")
        page.click("text=Cử đi học")
        assert "đã dùng 2/2 chỉ tiêu" in page.locator(".message.error").inner_text()
        assert page.js_errors == []
    assert Nomination.objects.filter(training_class=klass).active().count() == 2


def test_organiser_marks_attendance_on_a_phone(live_server, office, unit_a, organiser):
    klass = make_class(office, [(unit_a, 5)], status=ClassStatus.IN_PROGRESS)
    session = add_session(klass)
    nominations = [
        Nomination.objects.create(
            training_class=klass,
            official=OfficialFactory(unit=unit_a, full_name=name),
            unit=unit_a,
            status=NominationStatus.APPROVED,
        )
        for name in ("Đỗ Văn An", "Lê Thị Ánh", "Trần Văn Đức")
    ]
    with chromium_page(viewport=PHONE) as page:
        sign_in(page, live_server.url, organiser.username)
        page.goto(f"{live_server.url}/lop/buoi/{session.pk}/diem-danh/")
        url = page.url
        row = page.locator(f"#n{nominations[1].pk}")
        row.locator("button.late").click()
        expect(page.locator("[data-count=late]")).to_have_text("1")
        assert page.url == url, "marking by tap stays on the page"
        assert row.locator("button.late").get_attribute("aria-pressed") == "true"
        box = row.locator("button.present").bounding_box()
        assert box["height"] >= 44 and box["x"] + box["width"] <= PHONE["width"], "one tap, within the screen"
        page.click("text=Tất cả có mặt")
        expect(page.locator("[data-count=present]")).to_have_text("2")
        assert page.locator("[data-count=unmarked]").inner_text() == "0"
        assert page.js_errors == []
    assert dict(Attendance.objects.values_list("nomination_id", "status")) == {
        nominations[0].pk: AttendanceStatus.PRESENT,
        nominations[1].pk: AttendanceStatus.LATE,
        nominations[2].pk: AttendanceStatus.PRESENT,
    }


def test_trainee_checks_in_by_the_qr_link(live_server, office, unit_a):
    now = timezone.localtime()
    klass = make_class(
        office, [(unit_a, 5)], status=ClassStatus.IN_PROGRESS, start_date=now.date(), end_date=now.date()
    )
    # Five minutes ago, but never yesterday: just after midnight the session starts at 00:00.
    start = max(now - datetime.timedelta(minutes=5), now.replace(hour=0, minute=0))
    session = add_session(klass, day=now.date(), start=(start.hour, start.minute), end=(23, 59))
    user = UserFactory(username="hocvien.qr")
    official = OfficialFactory(unit=unit_a, user=user)
    Nomination.objects.create(training_class=klass, official=official, unit=unit_a, status=NominationStatus.APPROVED)
    with chromium_page(viewport=PHONE) as page:
        page.goto(f"{live_server.url}/diem-danh/{session.pk}/{checkin.current_token(session)}/")
        assert "/tai-khoan/login/" in page.url
        page.fill("input[name=login]", user.username)
        page.fill("input[name=password]", "pw-Test-2026")
        page.click("main button[type=submit]")
        page.click("text=Tôi có mặt")
        assert "Anh/chị đã được điểm danh: Có mặt." in page.locator(".message.success").inner_text()
        assert page.js_errors == []
    assert Attendance.objects.get().self_checked_in
