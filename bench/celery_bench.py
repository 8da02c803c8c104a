"""The Celery app for the benchmark's worker: the project's app plus the benchmark's describer."""

from bench.describer import register
from lms.celery import app

register()

__all__ = ["app"]
