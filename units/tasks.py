"""Background jobs of the units app: login invitations, correction notices, clean-up."""

from __future__ import annotations

import datetime

from allauth.account.forms import default_token_generator
from allauth.account.utils import user_pk_to_url_str
from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from units.models import CorrectionRequest, Official, RosterImport


def _absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


@shared_task(bind=True, max_retries=3, default_retry_delay=60)
def send_login_invitation(self, official_id: int) -> None:
    """Email an official the link to set the password of their new login, once."""
    with transaction.atomic():
        official = Official.objects.select_for_update(of=("self",)).select_related("user").get(pk=official_id)
        if official.invitation_sent_at or not official.user_id:
            return
        user = official.user
        path = reverse(
            "account_reset_password_from_key",
            kwargs={"uidb36": user_pk_to_url_str(user), "key": default_token_generator.make_token(user)},
        )
        with translation.override(settings.LANGUAGE_CODE):
            context = {"official": official, "user": user, "url": _absolute(path), "site_url": settings.SITE_URL}
            subject = render_to_string("units/email/login_invitation_subject.txt", context).strip()
            body = render_to_string("units/email/login_invitation.txt", context)
        send_mail(subject, body, None, [user.email])
        official.invitation_sent_at = timezone.now()
        official.save(update_fields=["invitation_sent_at"])


@shared_task(bind=True, max_retries=3, default_retry_delay=60)
def notify_correction_request(self, correction_id: int) -> None:
    """Tell the coordinators of the official's unit that a correction was asked for."""
    from units.access import coordinators_of

    correction = CorrectionRequest.objects.select_related("official__unit").get(pk=correction_id)
    recipients = sorted({u.email for u in coordinators_of(correction.official.unit) if u.email})
    if not recipients:
        return
    with translation.override(settings.LANGUAGE_CODE):
        context = {
            "correction": correction,
            "official": correction.official,
            "url": _absolute(reverse("units:correction_list")),
        }
        subject = render_to_string("units/email/correction_subject.txt", context).strip()
        body = render_to_string("units/email/correction.txt", context)
    send_mail(subject, body, None, recipients)


@shared_task
def purge_stale_imports() -> int:
    """Drop roster uploads that were checked but never confirmed within a week."""
    cutoff = timezone.now() - datetime.timedelta(days=7)
    deleted, _ = RosterImport.objects.filter(
        created_at__lt=cutoff, status__in=[RosterImport.Status.VALIDATED, RosterImport.Status.CANCELLED]
    ).delete()
    return deleted
