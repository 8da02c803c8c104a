"""Notifying users: an in-site notice and an email, each at most once per recipient and event."""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.utils import timezone

from lms import cache, outbox
from lms.models import Notification


def notify(*, users: Iterable, event_key: str, subject: str, body: str, url: str = "") -> list[Notification]:
    """Create the notices that do not exist yet and email them after the transaction commits."""
    from lms.tasks import email_notification

    created = []
    for user in {u.pk: u for u in users if u is not None and u.is_active}.values():
        try:
            with transaction.atomic():
                notice = Notification.objects.create(
                    user=user, event_key=event_key[:200], subject=subject[:255], body=body, url=url
                )
        except IntegrityError:
            continue  # this user already has this event's notice
        created.append(notice)
        outbox.enqueue(email_notification, notice.pk)
    return created


def send(notice_id: int) -> bool:
    """Email a notice once; returns whether an email went out now."""
    with transaction.atomic():
        notice = Notification.objects.select_for_update(of=("self",)).select_related("user").get(pk=notice_id)
        if notice.emailed_at or not notice.user.email:
            return False
        body = notice.body
        if notice.url:
            body += "\n\n" + settings.SITE_URL.rstrip("/") + notice.url
        send_mail(notice.subject, body, None, [notice.user.email])
        notice.emailed_at = timezone.now()
        notice.save(update_fields=["emailed_at"])
    return True


def unread_count(user) -> int:
    """Shown in the menu of every page: cached until a notice of the user is created or read."""
    return cache.remember(
        f"unread:{user.pk}:{cache.version(f'notices:{user.pk}')}",
        lambda: Notification.objects.filter(user=user, read_at__isnull=True).count(),
    )


def forget_unread(user_id: int) -> None:
    cache.bump(f"notices:{user_id}")
