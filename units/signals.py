"""Small local reactions: keep track of each user's sessions and end them when the user is deactivated."""

from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_logged_out
from django.db import transaction
from django.db.models.signals import pre_save
from django.dispatch import receiver

from units.models import UserSession

User = get_user_model()


@receiver(user_logged_in)
def remember_session(sender, request, user, **kwargs):
    key = request.session.session_key
    if key:
        UserSession.objects.get_or_create(session_key=key, defaults={"user": user})


@receiver(user_logged_out)
def forget_session(sender, request, user, **kwargs):
    key = request.session.session_key
    if key:
        UserSession.objects.filter(session_key=key).delete()


@receiver(pre_save, sender=User)
def end_sessions_on_deactivation(sender, instance, **kwargs):
    # Covers every way a user is deactivated: the workspace, the Wagtail admin, the shell.
    if instance.pk is None or instance.is_active:
        return
    was_active = User.objects.filter(pk=instance.pk, is_active=True).exists()
    if was_active:
        from units.services import user_end_sessions

        transaction.on_commit(lambda: user_end_sessions(user=instance))
