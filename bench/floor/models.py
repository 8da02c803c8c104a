"""A bare Wagtail page: the lesson's StreamField and nothing else, served by Wagtail's own serve()."""

from wagtail.fields import StreamField
from wagtail.models import Page

from courses.blocks import LessonBodyBlock


class BarePage(Page):
    body = StreamField(LessonBodyBlock(), blank=True)

    template = "floor/bare_page.html"
