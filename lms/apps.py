"""App configuration for the site itself (home page, health check, site-wide tags)."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LmsConfig(AppConfig):
    name = "lms"
    verbose_name = _("Site")

    def ready(self):
        from lms import signals  # noqa: F401
