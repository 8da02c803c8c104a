"""A database failure during a request answers with a plain page that says nothing was saved, not a bare 500."""

from __future__ import annotations

import logging

from django.db import DatabaseError
from django.http import HttpResponse
from django.template.loader import render_to_string

log = logging.getLogger(__name__)


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
