"""Site-wide models: the home page and the notices sent to users."""

from django.conf import settings
from django.db import models
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page


class HomePage(Page):
    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link", "ol", "ul"])
    body = RichTextField(_("body"), blank=True, features=["h2", "h3", "bold", "italic", "link", "ol", "ul"])

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("body")]
    max_count = 1
    parent_page_types = ["wagtailcore.Page"]

    class Meta:
        verbose_name = _("home page")

    def route(self, request, path_components):
        """Wagtail's routing with one query for the whole path instead of two per level below the home page.

        The pages on the path are found by their url_path; a page type that routes its own sub-URLs (a quiz's
        attempt and result pages) still receives the rest of the path, exactly as Page.route would hand it on.
        """
        if not path_components:
            return super().route(request, path_components)
        prefixes, url_path = [], self.url_path
        for component in path_components:
            url_path += f"{component}/"
            prefixes.append(url_path)
        found = {page.url_path: page for page in Page.objects.filter(url_path__in=prefixes)}
        current: Page = self
        for index, prefix in enumerate(prefixes):
            if index and current.specific_class.route is not Page.route:
                return current.specific.route(request, path_components[index:])
            child = found.get(prefix)
            if child is None:
                if index:
                    return current.specific.route(request, path_components[index:])
                raise Http404
            child._cached_parent_obj = current
            current = child
        page = current.specific
        page._cached_parent_obj = current._cached_parent_obj
        return page.route(request, [])

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # The sections under the home page (the courses, and whatever editors add) lead from it.
        context["sections"] = self.get_children().live().in_menu()
        return context


class Notification(models.Model):
    """A notice to one user about one event: shown in the site and emailed, each at most once."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    # One row per (user, event): a retried task or a repeated call cannot notify twice.
    event_key = models.CharField(max_length=200)
    subject = models.CharField(_("subject"), max_length=255)
    body = models.TextField(_("message"))
    url = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-pk"]
        constraints = [models.UniqueConstraint(fields=["user", "event_key"], name="one_notification_per_event")]
        indexes = [models.Index(fields=["user", "read_at"], name="notification_unread_idx")]

    def __str__(self) -> str:
        return self.subject


class OutboxMessage(models.Model):
    """A Celery task recorded in the same transaction as the change that needs it.

    If the broker is down when the transaction commits, the row stays pending and the outbox sweeper sends it
    once the broker is back, so no job is lost. Tasks are idempotent, so a message sent twice does no harm.
    """

    task = models.CharField(max_length=200)
    args = models.JSONField(default=list)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveIntegerField(default=0)
    last_error = models.CharField(max_length=500, blank=True)

    class Meta:
        indexes = [
            models.Index(fields=["created_at"], condition=models.Q(sent_at__isnull=True), name="outbox_pending_idx")
        ]

    def __str__(self) -> str:
        return f"{self.task}{tuple(self.args)}"
