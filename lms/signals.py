"""Small local reactions of the site: a new or deleted notice changes the unread count in the menu."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from lms.models import Notification
from lms.notifications import forget_unread


@receiver(post_save, sender=Notification)
@receiver(post_delete, sender=Notification)
def forget_unread_count(sender, instance, **kwargs):
    forget_unread(instance.user_id)
