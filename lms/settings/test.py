"""Test run: fast hashing, in-memory email, eager Celery unless a test asks for the live worker."""

import os
import tempfile
from pathlib import Path

os.environ.setdefault("SECRET_KEY", "test-only-insecure-key")
os.environ["EMAIL_BACKEND"] = "django.core.mail.backends.locmem.EmailBackend"

from .base import *  # noqa: F403

DEBUG = False
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}  # noqa: F405
# Static files straight from the source folders, without collectstatic.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
# Tests marked live_worker switch eager mode off for their duration (tests/conftest.py).
CELERY_TASK_ALWAYS_EAGER = True
_scratch = Path(tempfile.gettempdir()) / f"lms-test-{os.getpid()}"
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):  # noqa: F405
    # A file rather than memory, so that a real worker process started by a test sees the test database.
    _scratch.mkdir(parents=True, exist_ok=True)
    DATABASES["default"]["TEST"] = {"NAME": str(_scratch / "test.sqlite3")}  # noqa: F405
MEDIA_ROOT = Path(os.environ.get("TEST_MEDIA_ROOT", _scratch / "media"))
PRIVATE_ROOT = Path(os.environ.get("TEST_PRIVATE_ROOT", _scratch / "private"))
if not os.environ.get("S3_BUCKET"):
    STORAGES["private"]["OPTIONS"]["location"] = PRIVATE_ROOT  # noqa: F405
ACCOUNT_RATE_LIMITS = False
WAGTAILADMIN_BASE_URL = "http://testserver"
SITE_URL = "http://testserver"
