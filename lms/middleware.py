"""Request guards: oversized bodies are refused at the door, and a database failure answers with a page
that says nothing was saved rather than a bare 500."""

from __future__ import annotations

import logging

from django.conf import settings
from django.db import DatabaseError
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

log = logging.getLogger(__name__)


class RequestSizeLimitMiddleware:
    """Form checks see a file only after it is received; this stops an oversized body at the door with a 413."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > settings.LMS_MAX_REQUEST_BYTES:
            limit = settings.LMS_MAX_REQUEST_BYTES // (1024 * 1024)
            message = _("The upload is larger than %(mb)s MB, the most this site accepts.") % {"mb": limit}
            return HttpResponse(message, status=413, content_type="text/plain; charset=utf-8")
        return self.get_response(request)


class DatabaseErrorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, DatabaseError):
            return None
        log.exception("database error on %s %s", request.method, request.path)
        # Services write in one transaction each, so the failed one left nothing behind. The page is
        # rendered without context processors: they would query the database that just failed.
        body = render_to_string("lms/database_error.html")
        response = HttpResponse(body, status=503)
        response["Retry-After"] = "30"
        return response
