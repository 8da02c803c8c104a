"""Small local reactions: keep track of each user's sessions, end them when the user is deactivated, and let the
cached menu roles go when a role or a group membership changes."""

from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_logged_out
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save
from django.dispatch import receiver

from lms import cache
from units.models import RoleAssignment, UserSession

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


@receiver(post_save, sender=RoleAssignment)
@receiver(post_delete, sender=RoleAssignment)
@receiver(m2m_changed, sender=User.groups.through)
def forget_menu_roles(sender, **kwargs):
    cache.bump("roles")
