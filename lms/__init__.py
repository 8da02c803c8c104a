"""The site: settings, URLs, Celery wiring, the home page and site-wide template tags."""

from .celery import app as celery_app

__all__ = ["celery_app"]
