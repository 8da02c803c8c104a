"""Site-wide behaviour: settings, language and dates, the home page and the health check."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import formats, timezone, translation

from lms.celery import app as celery_app

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.django_db


def _run(args, env_extra):
    env = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DJANGO_SETTINGS_MODULE", "DEBUG"}}
    env.update(env_extra)
    return subprocess.run([sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)


def test_production_settings_refuse_to_start_without_secret_key():
    result = _run(["manage.py", "check"], {"DJANGO_SETTINGS_MODULE": "lms.settings.production"})
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_check_deploy_is_clean_with_production_settings():
    result = _run(
        ["manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        {
            "DJANGO_SETTINGS_MODULE": "lms.settings.production",
            "SECRET_KEY": "x" * 20 + "-a-long-random-production-secret-for-the-check-only-" + "y" * 20,
            "ALLOWED_HOSTS": "daotao.example.vn",
        },
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_defaults_are_vietnamese_local_time_and_eager_celery_without_a_broker():
    assert settings.LANGUAGE_CODE == "vi"
    assert ("en", "English") in [(code, str(name)) for code, name in settings.LANGUAGES]
    assert settings.TIME_ZONE == "Asia/Ho_Chi_Minh"
    assert celery_app.conf.task_serializer == "json"
    assert celery_app.conf.accept_content == ["json"]
    assert celery_app.conf.task_time_limit == 300


def test_dates_are_day_month_year_in_both_languages():
    day = timezone.datetime(2026, 1, 5).date()
    for language in ("vi", "en"):
        with translation.override(language):
            assert formats.date_format(day, "SHORT_DATE_FORMAT") == "05/01/2026"
            assert formats.date_format(day) == "05/01/2026"


def test_home_page_is_in_vietnamese_and_offers_english(client):
    response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="vi">' in html
    assert "Đăng nhập" in html
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"}, follow=True)
    assert '<html lang="en">' in response.content.decode()
    assert "Sign in" in response.content.decode()


def test_pages_load_nothing_from_other_sites(client):
    html = client.get("/").content.decode()
    assert "http://" not in html.replace("http://testserver", "")
    assert "https://" not in html
    assert "//fonts." not in html and "cdn" not in html.lower()


@pytest.mark.django_db
def test_healthz_reports_database_cache_and_broker(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    body = json.loads(response.content)
    assert body["database"] == "ok"
    assert body["cache"] == "ok"
    assert body["broker"] in {"ok", "eager"}
    assert body["status"] == "ok"


@pytest.mark.django_db
def test_healthz_reports_a_stopped_broker_as_503(client, monkeypatch):
    # Port 9 (discard) has no broker listening on this machine: a stopped broker, for real.
    # Celery reads CELERY_BROKER_URL from the environment before its configuration.
    monkeypatch.setenv("CELERY_BROKER_URL", "redis://127.0.0.1:9/0")
    previous = (celery_app.conf.broker_url, celery_app.conf.task_always_eager)
    celery_app.conf.broker_url = "redis://127.0.0.1:9/0"
    celery_app.conf.task_always_eager = False
    try:
        response = client.get("/healthz")
    finally:
        celery_app.conf.broker_url, celery_app.conf.task_always_eager = previous
    assert response.status_code == 503
    body = json.loads(response.content)
    assert body["broker"].startswith("error")
    assert body["database"] == "ok"
    assert body["status"] == "error"


def test_security_headers_on_every_page(client):
    response = client.get("/")
    policy = response["Content-Security-Policy"]
    for directive in (
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "frame-ancestors 'none'",
        "object-src 'none'",
        "form-action 'self'",
    ):
        assert directive in policy
    assert "unsafe-inline" not in policy
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert "camera=()" in response["Permissions-Policy"]


def test_passwords_are_hashed_with_argon2id_at_owasp_strength():
    from django.contrib.auth.hashers import identify_hasher, make_password
    from django.test import override_settings

    with override_settings(PASSWORD_HASHERS=["lms.hashers.OwaspArgon2PasswordHasher"]):
        encoded = make_password("Mat-khau-2026")
        hasher = identify_hasher(encoded)
        assert encoded.startswith("argon2$argon2id$")
        assert hasher.verify("Mat-khau-2026", encoded)
        assert "m=19456,t=2,p=1" in encoded
