"""Production-safe settings read from the environment; dev, test and production adjust them."""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env(name: str, default: str | None = None) -> str | None:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)
SECRET_KEY = env("SECRET_KEY")
if not SECRET_KEY and not DEBUG:
    raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "lms",
    "units",
    "courses",
    "training",
    "certificates",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.routable_page",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "allauth",
    "allauth.account",
    "axes",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "csp",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "lms.middleware.RequestSizeLimitMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "units.middleware.AccountGateMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    "lms.middleware.DatabaseErrorMiddleware",
    # Axes turns a locked-out login into its own response, so it runs last.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "lms.urls"
WSGI_APPLICATION = "lms.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "units.context_processors.roles",
            ],
        },
    },
]

# Database: SQLite unless DATABASE_URL names another one.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(env("CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Cache and sessions: Redis when REDIS_URL is set, so that any web process can serve any request.
REDIS_URL = env("REDIS_URL")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env("CACHE_KEY_PREFIX", "lms"),
        }
    }
    SESSION_ENGINE = "django.contrib.sessions.backends.cache"
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    SESSION_ENGINE = "django.contrib.sessions.backends.db"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

PASSWORD_HASHERS = [
    "lms.hashers.OwaspArgon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
]

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]

# Language, time and formats.
LANGUAGE_CODE = "vi"
# Each language is named in itself, so that a reader finds their own whatever the current language.
LANGUAGES = [("vi", "Tiếng Việt"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale", BASE_DIR / "locale-allauth"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
FORMAT_MODULE_PATH = ["lms.formats"]
WAGTAIL_I18N_ENABLED = False
WAGTAIL_CONTENT_LANGUAGES = [("vi", "Tiếng Việt")]
WAGTAILADMIN_PERMITTED_LANGUAGES = [("vi", "Tiếng Việt"), ("en", "English")]
WAGTAIL_DATE_FORMAT = "%d/%m/%Y"
WAGTAIL_DATETIME_FORMAT = "%d/%m/%Y %H:%M"

# Files. Public media and private files both go through STORAGES so that an S3-compatible bucket
# can replace the local disk without code changes; private files are only served by views that
# check permissions.
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env("MEDIA_ROOT", str(BASE_DIR / "media")))
PRIVATE_ROOT = Path(env("PRIVATE_ROOT", str(BASE_DIR / "private")))

AWS_STORAGE_BUCKET_NAME = env("S3_BUCKET")
if AWS_STORAGE_BUCKET_NAME:
    AWS_S3_ENDPOINT_URL = env("S3_ENDPOINT_URL")
    AWS_S3_REGION_NAME = env("S3_REGION")
    AWS_ACCESS_KEY_ID = env("S3_ACCESS_KEY_ID")
    AWS_SECRET_ACCESS_KEY = env("S3_SECRET_ACCESS_KEY")
    AWS_DEFAULT_ACL = None
    AWS_QUERYSTRING_AUTH = True
    _s3 = "storages.backends.s3.S3Storage"
    _default_storage = {"BACKEND": _s3, "OPTIONS": {"location": "media"}}
    _private_storage = {"BACKEND": _s3, "OPTIONS": {"location": "private", "default_acl": "private"}}
else:
    _fs = "django.core.files.storage.FileSystemStorage"
    _default_storage = {"BACKEND": _fs}
    _private_storage = {
        "BACKEND": "lms.storages.PrivateFileSystemStorage",
        "OPTIONS": {"location": PRIVATE_ROOT},
    }

STORAGES = {
    "default": _default_storage,
    "private": _private_storage,
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# Roster and nomination spreadsheets larger than this are refused before they are read.
LMS_MAX_IMPORT_BYTES = int(env("LMS_MAX_IMPORT_BYTES", str(10 * 1024 * 1024)))

# Email: console in development, SMTP from the environment in production.
EMAIL_BACKEND = env("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = env("EMAIL_HOST", "localhost")
EMAIL_PORT = int(env("EMAIL_PORT", "25"))
EMAIL_HOST_USER = env("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "Hệ thống bồi dưỡng DCCS <no-reply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Accounts (django-allauth).
SITE_URL = env("SITE_URL", "http://127.0.0.1:8000")
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "/"
ACCOUNT_LOGIN_METHODS = {"username", "email"}
ACCOUNT_SIGNUP_FIELDS = ["username*", "email*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "optional"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_SESSION_REMEMBER = None
ACCOUNT_ADAPTER = "units.adapters.AccountAdapter"
ACCOUNT_FORMS = {"signup": "units.forms.SelfSignupForm"}
ACCOUNT_RATE_LIMITS = {
    "login": "30/m/ip",
    "reset_password": "20/m/ip,5/m/key",
    "reset_password_from_key": "20/m/ip",
    "signup": "20/m/ip",
}
# Accounts come from unit rosters; self sign-up (confirmed by the unit's coordinator) is opt-in.
LMS_OPEN_SIGNUP = env_bool("LMS_OPEN_SIGNUP", False)
# Version of the personal-data processing notice; raising it asks every user to accept again.
LMS_PRIVACY_NOTICE_VERSION = env("LMS_PRIVACY_NOTICE_VERSION", "2026-01")

# Brute force: 5 failures for one username within 15 minutes lock that username for 15 minutes.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_USE_ATTEMPT_EXPIRATION = True
AXES_LOCKOUT_PARAMETERS = ["username"]
AXES_USERNAME_CALLABLE = "units.adapters.axes_username"
AXES_RESET_ON_SUCCESS = True
# Failed tries during a cool-off must not extend it, or an attacker could lock a user out for good.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_LOCKOUT_TEMPLATE = "account/lockout.html"
AXES_HTTP_RESPONSE_CODE = 429
# Officials of one commune often share one public address: locking by address would lock out the whole
# office. Per-address flooding is limited by allauth's ACCOUNT_RATE_LIMITS instead.
SILENCED_SYSTEM_CHECKS = ["axes.W006"]
AXES_IPWARE_PROXY_COUNT = int(env("AXES_PROXY_COUNT", "0")) or None
# allauth's rate limits read the client's address the same way; without it, behind a proxy every sign-in would
# count against the proxy's own address and the 31st learner of an exam's first minute would be refused.
ALLAUTH_TRUSTED_PROXY_COUNT = int(env("AXES_PROXY_COUNT", "0"))

# Training classes: QR check-in tokens rotate every LMS_CHECKIN_TOKEN_SECONDS and are accepted from
# LMS_CHECKIN_MARGIN_MINUTES before a session starts until as long after it ends; later arrivals are "late".
LMS_CHECKIN_TOKEN_SECONDS = int(env("LMS_CHECKIN_TOKEN_SECONDS", "30"))
LMS_CHECKIN_MARGIN_MINUTES = int(env("LMS_CHECKIN_MARGIN_MINUTES", "30"))
LMS_CHECKIN_LATE_AFTER_MINUTES = int(env("LMS_CHECKIN_LATE_AFTER_MINUTES", "15"))
# A scanned code lets the trainee sign in and confirm within this time.
LMS_CHECKIN_TICKET_MINUTES = 10

# Celery: a real broker when CELERY_BROKER_URL is set, otherwise tasks run inline.
CELERY_BROKER_URL = env("CELERY_BROKER_URL")
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
if not CELERY_BROKER_URL:
    CELERY_BROKER_URL = "memory://"
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_TIME_LIMIT = 300
CELERY_TASK_SOFT_TIME_LIMIT = 240
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULE = {
    "flush-outbox": {"task": "lms.tasks.flush_outbox", "schedule": 60.0},
    "purge-outbox": {"task": "lms.tasks.purge_outbox", "schedule": crontab(hour=3, minute=0)},
    "purge-stale-roster-imports": {
        "task": "units.tasks.purge_stale_imports",
        "schedule": crontab(hour=2, minute=15),
    },
    "close-due-nominations": {
        "task": "training.tasks.close_due_nominations",
        "schedule": crontab(minute="*/5"),
    },
    "send-absence-feedback": {
        "task": "training.tasks.send_absence_feedback",
        "schedule": crontab(minute="*/15"),
    },
    "refresh-dashboard-statistics": {
        "task": "certificates.tasks.refresh_recent_statistics",
        "schedule": crontab(minute=5),
    },
    "report-reminders": {
        "task": "certificates.tasks.send_report_reminders",
        "schedule": crontab(hour=7, minute=0),
    },
    "close-overdue-quiz-attempts": {
        "task": "courses.tasks.close_overdue_attempts",
        "schedule": crontab(minute="*"),
    },
}

# Wagtail.
WAGTAIL_SITE_NAME = "Bồi dưỡng dân chủ ở cơ sở"
WAGTAILADMIN_BASE_URL = SITE_URL
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "pptx", "txt", "xlsx"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 20 * 1024 * 1024
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAILIMAGES_EXTENSIONS = ["gif", "jpg", "jpeg", "png", "webp"]
# No request body may be larger than the largest upload accepted anywhere, plus room for the form around it.
LMS_MAX_REQUEST_BYTES = (
    max(LMS_MAX_IMPORT_BYTES, WAGTAILDOCS_MAX_UPLOAD_SIZE, WAGTAILIMAGES_MAX_UPLOAD_SIZE) + 1024 * 1024
)
WAGTAILDOCS_SERVE_METHOD = "serve_view"
WAGTAILDOCS_INLINE_CONTENT_TYPES = ["application/pdf", "text/plain"]
WAGTAIL_PASSWORD_RESET_ENABLED = False

# Security defaults that hold everywhere; production.py adds the HTTPS-only ones.
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_AGE = 60 * 60 * 12

# Pages load nothing from elsewhere and run no inline code; the browser is told so.
CONTENT_SECURITY_POLICY = {
    # The Wagtail admin, used by editors only, relies on inline styles and scripts.
    "EXCLUDE_URL_PREFIXES": ["/admin/"],
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "frame-src": [SELF],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
        "base-uri": [SELF],
        "object-src": [NONE],
    },
}
PERMISSIONS_POLICY = {"camera": [], "microphone": [], "geolocation": [], "payment": [], "usb": []}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "INFO")},
    "loggers": {"axes": {"level": "WARNING"}, "django_tasks": {"level": "WARNING"}},
}

# Certificates: a PKCS#12 file and its password sign every certificate PDF when set; public verification
# is limited per client address (requests per minute).
LMS_SIGNING_P12 = env("LMS_SIGNING_P12")
LMS_SIGNING_PASSWORD = env("LMS_SIGNING_PASSWORD", "")
LMS_SIGNING_LOCATION = env("LMS_SIGNING_LOCATION")
LMS_VERIFY_RATE_PER_MINUTE = int(env("LMS_VERIFY_RATE_PER_MINUTE", "20"))

# Learning (courses app).
# A quiz submission is accepted this long (at most 60 s) after the deadline, for slow connections.
LMS_QUIZ_GRACE = timedelta(seconds=min(60, int(env("LMS_QUIZ_GRACE_SECONDS", "60"))))
# An attempt without a time limit must still end: it closes this many hours after it starts.
LMS_ATTEMPT_MAX_HOURS = int(env("LMS_ATTEMPT_MAX_HOURS", "24"))
