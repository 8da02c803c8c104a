"""QR self check-in: rotating session tokens, checked against the session's time window."""

from __future__ import annotations

import datetime
import hashlib
import hmac

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from training.models import ClassSession


def _window(now: datetime.datetime) -> int:
    return int(now.timestamp()) // settings.LMS_CHECKIN_TOKEN_SECONDS


def _mac(session: ClassSession, window: int) -> str:
    key = f"{settings.SECRET_KEY}:{session.qr_secret}".encode()
    return hmac.new(key, f"{session.pk}:{window}".encode(), hashlib.sha256).hexdigest()[:20]


def current_token(session: ClassSession, now: datetime.datetime | None = None) -> str:
    window = _window(now or timezone.now())
    return f"{window}-{_mac(session, window)}"


def check_window(session: ClassSession, now: datetime.datetime | None = None) -> None:
    now = now or timezone.now()
    margin = datetime.timedelta(minutes=settings.LMS_CHECKIN_MARGIN_MINUTES)
    if not (session.starts_at() - margin <= now <= session.ends_at() + margin):
        opens = timezone.localtime(session.starts_at() - margin)
        closes = timezone.localtime(session.ends_at() + margin)
        raise ValidationError(
            _("Check-in for this session is open from %(opens)s to %(closes)s on %(day)s.")
            % {"opens": opens.strftime("%H:%M"), "closes": closes.strftime("%H:%M"), "day": opens.strftime("%d/%m/%Y")}
        )


def check_token(session: ClassSession, token: str, now: datetime.datetime | None = None) -> None:
    """Accept the token shown now or in the previous period (a scan takes a moment); refuse anything else."""
    now = now or timezone.now()
    window_text, _sep, mac = (token or "").partition("-")
    if not window_text.isdigit() or not hmac.compare_digest(mac, _mac(session, int(window_text))):
        raise ValidationError(_("This QR code is not the one of this session. Scan the code shown in the room."))
    if int(window_text) < _window(now) - 1:
        raise ValidationError(_("This QR code has expired. Scan the code shown on the screen now."))
    if int(window_text) > _window(now):
        raise ValidationError(_("This QR code is not valid yet."))
    check_window(session, now)
