"""Settings of the server under load: production, plus the bare page type that the page floor compares with."""

from lms.settings.production import *  # noqa: F403

INSTALLED_APPS = [*INSTALLED_APPS, "bench.floor"]  # noqa: F405
