"""Account policy for allauth and axes: who may sign up, and which name a login attempt counts against."""

from __future__ import annotations

from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings
from django.contrib.auth import get_user_model


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request) -> bool:
        return settings.LMS_OPEN_SIGNUP


def axes_username(request, credentials: dict | None) -> str:
    """The account a login attempt is aimed at, so that its username and its email share one counter."""
    credentials = credentials or {}
    value = credentials.get("username") or credentials.get("email")
    if not value and request is not None:
        value = request.POST.get("login", "")
    value = str(value or "").strip().lower()
    if "@" in value:
        username = get_user_model().objects.filter(email__iexact=value).values_list("username", flat=True).first()
        if username:
            return username.lower()
    return value
