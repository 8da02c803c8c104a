"""The home page: what the site is for and where each kind of user goes next."""

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
