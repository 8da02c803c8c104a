"""StreamField blocks of a lesson: headings, text, quoted legal articles, images, documents, videos, key points."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images.blocks import ImageBlock
from wagtail.snippets.blocks import SnippetChooserBlock

TEXT_FEATURES = ["bold", "italic", "link", "ol", "ul", "h3", "h4"]


class HeadingBlock(blocks.CharBlock):
    class Meta:
        icon = "title"
        label = _("Heading")
        template = "courses/blocks/heading.html"


class LegalQuoteBlock(blocks.StructBlock):
    """An article of a law quoted word for word, with the citation the reader can check."""

    document = SnippetChooserBlock("courses.LegalDocument", label=_("Legal document"))
    article = blocks.IntegerBlock(label=_("Article"), min_value=1)
    clause = blocks.CharBlock(label=_("Clause / point"), required=False, help_text=_('e.g. "khoản 1, điểm a"'))
    text = blocks.RichTextBlock(label=_("Quoted text"), features=["bold", "italic", "ol", "ul"])

    class Meta:
        icon = "openquote"
        label = _("Quoted legal article")
        template = "courses/blocks/legal_quote.html"


class FigureBlock(blocks.StructBlock):
    image = ImageBlock(label=_("Image"))
    caption = blocks.CharBlock(label=_("Caption"), required=False)

    class Meta:
        icon = "image"
        label = _("Image")
        template = "courses/blocks/figure.html"


class DownloadBlock(blocks.StructBlock):
    document = DocumentChooserBlock(label=pgettext_lazy("lesson block", "Document"))
    title = blocks.CharBlock(label=_("Link text"), required=False)

    class Meta:
        icon = "doc-full"
        label = _("Downloadable document")
        template = "courses/blocks/download.html"


class VideoBlock(blocks.StructBlock):
    video = EmbedBlock(label=_("Video address"), help_text=_("Address of the video on a video site"))
    caption = blocks.CharBlock(label=_("Caption"), required=False)

    class Meta:
        icon = "media"
        label = _("Video")
        template = "courses/blocks/video.html"


class KeyPointsBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Title"), default=_("Key points"))
    points = blocks.ListBlock(blocks.CharBlock(label=_("Point")), label=_("Points"))

    class Meta:
        icon = "list-ul"
        label = _("Key points")
        template = "courses/blocks/key_points.html"


class LessonBodyBlock(blocks.StreamBlock):
    heading = HeadingBlock()
    text = blocks.RichTextBlock(label=_("Text"), features=TEXT_FEATURES, icon="pilcrow")
    legal_quote = LegalQuoteBlock()
    image = FigureBlock()
    document = DownloadBlock()
    video = VideoBlock()
    key_points = KeyPointsBlock()
