"""App configuration for units."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class UnitsConfig(AppConfig):
    name = "units"
    verbose_name = _("Units and officials")

    def ready(self):
        from units import personal_data, signals  # noqa: F401

        personal_data.register_defaults()
