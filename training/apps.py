"""App configuration for training."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TrainingConfig(AppConfig):
    name = "training"
    verbose_name = _("Training classes")

    def ready(self):
        from training import personal_data
        from units.personal_data import register

        register("nominations", _("Class nominations"), personal_data.nominations)
        register("attendance", _("Class attendance"), personal_data.attendance)
        register("class_results", _("Class results"), personal_data.results)
