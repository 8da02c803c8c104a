"""Accounts: sign-in rules, brute-force cool-off, deactivation, consent, self sign-up, own data."""

import datetime
import io
import json
from importlib import import_module

import pytest
import time_machine
from django.conf import settings
from django.core import mail
from django.test import override_settings
from django.urls import reverse
from openpyxl import load_workbook

from tests.factories import OfficialFactory, UserFactory
from units import services
from units.models import ConsentRecord, CorrectionRequest, Official, UserSession

pytestmark = pytest.mark.django_db
LOGIN = "/tai-khoan/login/"


def _login(client, login, password):
    return client.post(LOGIN, {"login": login, "password": password})


def test_login_by_username_or_email(client):
    user = UserFactory(username="hoa.le", email="hoa@example.vn")
    assert _login(client, "hoa.le", "pw-Test-2026").status_code == 302
    client.logout()
    assert _login(client, "HOA@example.vn", "pw-Test-2026").status_code == 302
    assert int(client.session["_auth_user_id"]) == user.pk


def test_unknown_user_and_wrong_password_get_the_same_message(client):
    UserFactory(username="hoa.le")
    wrong_password = _login(client, "hoa.le", "sai-mat-khau").context["form"].non_field_errors()
    unknown_user = _login(client, "khong.co.ai", "sai-mat-khau").context["form"].non_field_errors()
    assert wrong_password == unknown_user
    assert "không đúng" in wrong_password[0]


def test_brute_force_settings_are_five_failures_and_fifteen_minutes_by_username():
    assert settings.AXES_FAILURE_LIMIT == 5
    assert datetime.timedelta(minutes=15) == settings.AXES_COOLOFF_TIME
    assert settings.AXES_LOCKOUT_PARAMETERS == ["username"]
    assert settings.AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT is False


def test_five_failures_lock_the_username_for_fifteen_minutes_then_it_opens_again(client):
    UserFactory(username="hoa.le", email="hoa@example.vn")
    start = datetime.datetime(2026, 3, 2, 8, 0, tzinfo=datetime.UTC)
    with time_machine.travel(start, tick=False) as clock:
        for _ in range(4):
            assert _login(client, "hoa.le", "sai").status_code == 200
        # The fifth failure (here through the email address) starts the cool-off.
        assert _login(client, "hoa@example.vn", "sai").status_code == 429
        locked = _login(client, "hoa.le", "pw-Test-2026")
        assert locked.status_code == 429, "even the right password is refused during the cool-off"
        assert "15 phút" in locked.content.decode()
        clock.shift(datetime.timedelta(minutes=14))
        assert _login(client, "hoa.le", "pw-Test-2026").status_code == 429
        clock.shift(datetime.timedelta(minutes=2))
        assert _login(client, "hoa.le", "pw-Test-2026").status_code == 302


def test_other_usernames_are_not_locked_by_someone_elses_failures(client):
    UserFactory(username="hoa.le")
    UserFactory(username="an.nguyen")
    for _ in range(5):
        _login(client, "hoa.le", "sai")
    assert _login(client, "an.nguyen", "pw-Test-2026").status_code == 302


def test_deactivating_a_user_ends_their_sessions(client, coordinator_a, unit_a, django_capture_on_commit_callbacks):
    official = OfficialFactory(unit=unit_a, email="an@example.vn")
    user = UserFactory(username="an")
    official.user = user
    official.save()
    assert _login(client, "an", "pw-Test-2026").status_code == 302
    session_key = client.session.session_key
    assert UserSession.objects.filter(user=user, session_key=session_key).exists()
    assert client.get(reverse("units:profile")).status_code == 200

    with django_capture_on_commit_callbacks(execute=True):
        services.official_deactivate(actor=coordinator_a, official=official)

    store = import_module(settings.SESSION_ENGINE).SessionStore
    assert not store().exists(session_key)
    assert not UserSession.objects.filter(user=user).exists()
    response = client.get(reverse("units:profile"))
    assert response.status_code == 302 and LOGIN in response["Location"]


def test_deactivation_in_the_wagtail_admin_also_ends_sessions(client, django_capture_on_commit_callbacks):
    user = UserFactory(username="an")
    _login(client, "an", "pw-Test-2026")
    key = client.session.session_key
    user.is_active = False
    with django_capture_on_commit_callbacks(execute=True):
        user.save()
    store = import_module(settings.SESSION_ENGINE).SessionStore
    assert not store().exists(key)


def test_first_login_asks_for_the_notice_and_records_its_version_and_date(client):
    user = UserFactory(username="moi", consented=False)
    _login(client, "moi", "pw-Test-2026")
    response = client.get("/quan-ly/")
    assert response.status_code == 302 and response["Location"].startswith(reverse("units:consent"))
    page = client.get(response["Location"]).content.decode()
    assert "Nghị định 13/2023/NĐ-CP" in page
    client.post(reverse("units:consent"), {"accept": "on", "next": "/ho-so/"})
    record = ConsentRecord.objects.get(user=user)
    assert record.notice_version == settings.LMS_PRIVACY_NOTICE_VERSION
    assert record.accepted_at is not None
    assert client.get(reverse("units:profile")).status_code == 200


def test_consent_refuses_a_redirect_to_another_site(client):
    UserFactory(username="moi", consented=False)
    _login(client, "moi", "pw-Test-2026")
    response = client.post(reverse("units:consent"), {"accept": "on", "next": "https://evil.example/"})
    assert response["Location"] == "/"


def test_granting_a_login_sends_an_invitation_to_set_the_password(
    client, coordinator_a, unit_a, django_capture_on_commit_callbacks
):
    official = OfficialFactory(unit=unit_a, full_name="Đặng Thị Ánh", email="anh@example.vn")
    client.force_login(coordinator_a)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("units:official_grant_login", args=[official.pk]))
    assert response.status_code == 302
    official.refresh_from_db()
    assert official.user.username == "dang.thi.anh"
    assert not official.user.has_usable_password()
    assert official.invitation_sent_at is not None
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["anh@example.vn"]
    link = next(line for line in mail.outbox[0].body.splitlines() if "/tai-khoan/password/reset/key/" in line)
    path = link.replace("http://testserver", "")
    client.logout()
    form_page = client.get(path, follow=True)
    assert form_page.status_code == 200
    client.post(form_page.redirect_chain[-1][0], {"password1": "Mat-khau-moi-2026", "password2": "Mat-khau-moi-2026"})
    assert _login(client, "anh@example.vn", "Mat-khau-moi-2026").status_code == 302


def test_granting_a_login_needs_an_email(client, coordinator_a, unit_a):
    official = OfficialFactory(unit=unit_a, email="")
    client.force_login(coordinator_a)
    client.post(reverse("units:official_grant_login", args=[official.pk]))
    official.refresh_from_db()
    assert official.user is None and not mail.outbox


def test_sign_up_is_closed_by_default(client):
    response = client.get("/tai-khoan/signup/")
    assert "signup_closed" in " ".join(t.name for t in response.templates)


@override_settings(LMS_OPEN_SIGNUP=True)
def test_self_sign_up_waits_for_the_coordinator(client, unit_a, coordinator_a):
    response = client.post(
        "/tai-khoan/signup/",
        {
            "username": "tu.dang.ky",
            "email": "tudangky@example.vn",
            "password1": "Mat-khau-dai-2026",
            "password2": "Mat-khau-dai-2026",
            "full_name": "Trương Thị Út",
            "sex": "F",
            "birth_year": 1995,
            "unit": unit_a.pk,
            "category": "hoa_giai_vien",
            "position": "Hòa giải viên",
            "accept_notice": "on",
        },
    )
    assert response.status_code == 302, response.context["form"].errors if response.context else response
    official = Official.objects.get(user__username="tu.dang.ky")
    assert not official.confirmed
    assert client.get("/quan-ly/")["Location"] == reverse("units:profile")
    assert "chờ" in client.get(reverse("units:profile")).content.decode()
    services.official_confirm(actor=coordinator_a, official=official)
    client.get(reverse("units:profile"))
    assert client.get("/").status_code == 200


def test_an_official_downloads_everything_held_about_them(client, unit_a):
    user = UserFactory(username="an")
    OfficialFactory(unit=unit_a, user=user, full_name="Nguyễn Thị Bảo", phone="0905111222")
    client.force_login(user)
    data = json.loads(client.get(reverse("units:personal_data_download", args=["json"])).content)
    flat = json.dumps(data, ensure_ascii=False)
    assert "Nguyễn Thị Bảo" in flat and "0905111222" in flat and "Thị trấn Ái Nghĩa" in flat
    workbook = load_workbook(io.BytesIO(client.get(reverse("units:personal_data_download", args=["xlsx"])).content))
    values = {c.value for sheet in workbook.worksheets for row in sheet.iter_rows() for c in row}
    assert "Nguyễn Thị Bảo" in values and "0905111222" in values


def test_a_correction_request_reaches_the_units_coordinator(
    client, unit_a, coordinator_a, django_capture_on_commit_callbacks
):
    user = UserFactory(username="an")
    OfficialFactory(unit=unit_a, user=user)
    client.force_login(user)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("units:correction_request"), {"message": "Năm sinh của tôi là 1986"})
    assert CorrectionRequest.objects.get().message == "Năm sinh của tôi là 1986"
    assert mail.outbox[0].to == [coordinator_a.email]
    assert "1986" in mail.outbox[0].body


@override_settings(ACCOUNT_RATE_LIMITS={"login": "2/m/ip"}, ALLAUTH_TRUSTED_PROXY_COUNT=1)
def test_sign_in_rate_limit_counts_each_client_behind_the_proxy_not_the_proxy(client):
    from django.core.cache import cache

    cache.clear()
    for n in range(3):
        UserFactory(username=f"hv.{n}", password="pw-Test-2026")
    for n in range(3):
        client.logout()
        response = client.post(
            LOGIN, {"login": f"hv.{n}", "password": "pw-Test-2026"}, HTTP_X_FORWARDED_FOR=f"198.51.100.{n + 1}"
        )
        assert response.status_code == 302
    client.logout()
    for _ in range(2):
        client.post(LOGIN, {"login": "hv.0", "password": "pw-Test-2026"}, HTTP_X_FORWARDED_FOR="198.51.100.9")
        client.logout()
    refused = client.post(LOGIN, {"login": "hv.0", "password": "pw-Test-2026"}, HTTP_X_FORWARDED_FOR="198.51.100.9")
    assert refused.status_code == 429


def test_the_proxy_count_for_sign_in_limits_is_the_one_given_for_axes():
    assert (settings.AXES_IPWARE_PROXY_COUNT or 0) == settings.ALLAUTH_TRUSTED_PROXY_COUNT
