"""Refuses a request whose declared body is larger than any upload the site accepts, before it is read."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpResponse
from django.utils.translation import gettext as _


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
