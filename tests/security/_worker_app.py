"""The site's Celery app as the fault tests run it in a worker process: a test describer of classes, an email
folder the test can count, a short visibility timeout, and optionally a pause after each certificate or notice."""

from __future__ import annotations

import datetime
import os
import time

from celery.signals import task_prerun

from lms.celery import app

# A message a killed worker took but never acknowledged goes back to the queue after this long
# (production keeps Redis's default of an hour, longer than any task's time limit).
app.conf.broker_transport_options = {"visibility_timeout": 4}
# The test settings run tasks inline; a worker sends the tasks it enqueues to the broker, as in production.
app.conf.task_always_eager = False

_ready = False


def _pause(**kwargs):
    time.sleep(float(os.environ.get("LMS_TEST_PAUSE_SECONDS", "0")))


@task_prerun.connect
def _prepare(**kwargs):
    global _ready
    if _ready:
        return
    _ready = True
    from django.conf import settings
    from django.db.models.signals import post_save

    from certificates import sources
    from certificates.models import Certificate
    from units.models import Unit

    if os.environ.get("LMS_TEST_EMAIL_DIR"):
        settings.EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
        settings.EMAIL_FILE_PATH = os.environ["LMS_TEST_EMAIL_DIR"]

    def describe(source_id, official):
        return {
            "office": Unit.objects.get(code=os.environ.get("LMS_TEST_OFFICE_CODE", "T.PNV")),
            "title": "Lớp bồi dưỡng kiến thức về thực hiện dân chủ ở cơ sở năm 2026",
            "start_date": datetime.date(2026, 1, 5),
            "end_date": datetime.date(2026, 1, 7),
            "result_text": "Đạt",
        }

    sources.register("class", describe, label="Lớp")
    from lms.models import Notification

    post_save.connect(_pause, sender=Certificate, weak=False)
    post_save.connect(_pause, sender=Notification, weak=False)
