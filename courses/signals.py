"""Small local reactions of learning: cached page reads (courses.queries) go stale when what they show changes."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from wagtail.models import Page
from wagtail.signals import post_page_move

from courses.models import CourseLegalBasis, Enrolment, LegalDocument, LessonLegalBasis, LessonProgress, QuizAttempt
from lms import cache


@receiver(post_save)
@receiver(post_delete)
def forget_cached_pages(sender, **kwargs):
    """Any saved or deleted page (publishing saves it), or a legal reference shown on one."""
    if issubclass(sender, Page | CourseLegalBasis | LessonLegalBasis | LegalDocument):
        cache.bump("pages")


@receiver(post_page_move)
def forget_cached_pages_on_move(sender, **kwargs):
    cache.bump("pages")


@receiver(post_save, sender=Enrolment)
@receiver(post_delete, sender=Enrolment)
@receiver(post_save, sender=LessonProgress)
@receiver(post_delete, sender=LessonProgress)
@receiver(post_save, sender=QuizAttempt)
@receiver(post_delete, sender=QuizAttempt)
def forget_cached_progress(sender, instance, **kwargs):
    if sender is LessonProgress:
        user_id = Enrolment.objects.filter(pk=instance.enrolment_id).values_list("user_id", flat=True).first()
        if user_id is None:
            return  # deleted with its enrolment, whose own signal does it
    else:
        user_id = instance.user_id
    cache.bump(f"learner:{user_id}")
