"""The Celery app for the benchmark's worker: the project's app, with the benchmark's describer of classes.

The describer is registered in each worker process once Django's apps are ready: registered at import, it
would be replaced by the training app's own describer of classes when the apps load.
"""

from celery.signals import worker_process_init

from bench.describer import register
from lms.celery import app


@worker_process_init.connect
def _register_describer(**_kwargs):
    register()


__all__ = ["app"]
