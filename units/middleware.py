"""Keeps a signed-in user to their profile until they accept the personal-data notice and, for self
sign-ups, until a coordinator confirms them."""

from __future__ import annotations

from django.conf import settings
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode


class AccountGateMiddleware:
    SESSION_KEY = "lms_consent_version"

    def __init__(self, get_response):
        self.get_response = get_response
        self._open_prefixes = None

    def open_prefixes(self) -> tuple[str, ...]:
        if self._open_prefixes is None:
            self._open_prefixes = (
                reverse("units:consent"),
                reverse("units:profile"),
                reverse("account_logout"),
                reverse("account_change_password"),
                reverse("set_language"),
                reverse("healthz"),
                settings.STATIC_URL,
            )
        return self._open_prefixes

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and not request.path.startswith(self.open_prefixes()):
            response = self.gate(request, user)
            if response is not None:
                return response
        return self.get_response(request)

    def gate(self, request, user):
        from units.models import Official
        from units.services import has_current_consent

        version = settings.LMS_PRIVACY_NOTICE_VERSION
        if request.session.get(self.SESSION_KEY) == version:
            return None
        if not has_current_consent(user):
            return redirect(f"{reverse('units:consent')}?{urlencode({'next': request.get_full_path()})}")
        if Official.objects.filter(user=user, confirmed=False).exists():
            return redirect("units:profile")
        # Remembered for the session so that the checks cost nothing on later requests.
        request.session[self.SESSION_KEY] = version
        return None
