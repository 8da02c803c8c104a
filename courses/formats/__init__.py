"""Question-bank file formats (Moodle GIFT and Moodle XML): what a parsed question looks like, and text rules."""

from __future__ import annotations

import html
import re
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.html import escape, strip_tags
from django.utils.translation import gettext_lazy as _
from wagtail.whitelist import Whitelister, allow_without_attributes, attribute_rule, check_url

from lms import vietnamese

# Moodle's text formats, as GIFT names them ([html], [moodle], [plain], [markdown]).
HTML, MOODLE, PLAIN, MARKDOWN = "html", "moodle", "plain", "markdown"

SKIP_REASONS = {
    "essay": _("Essay questions are graded by hand; this site grades automatically."),
    "numerical": _("Numerical questions are not supported."),
    "shortanswer": _("Short-answer questions are not supported."),
    "multianswer": _("Cloze (embedded answers) questions are not supported."),
    "description": _("A description is not a question."),
}


def skip_reason(moodle_type: str) -> str:
    if moodle_type in SKIP_REASONS:
        return str(SKIP_REASONS[moodle_type])
    return str(_("Questions of type “%(type)s” are not supported.") % {"type": moodle_type})


@dataclass
class ParsedQuestion:
    """One question read from a file, ready to validate and save (or the reason it cannot be)."""

    line: int | None
    name: str
    moodle_type: str
    kind: str | None = None
    category: list[str] = field(default_factory=list)
    text: str = ""
    explanation: str = ""
    mark: Decimal = Decimal(1)
    choices: list = field(default_factory=list)  # grading.ChoiceSpec
    pairs: list = field(default_factory=list)  # grading.PairSpec
    true_is_correct: bool | None = None
    feedback_true: str = ""
    feedback_false: str = ""
    tags: list[str] = field(default_factory=list)
    legal: tuple[str, int | None, str] | None = None  # (document number, article, clause)
    problem: str = ""  # why it cannot be imported, when it cannot

    @property
    def supported(self) -> bool:
        return self.kind is not None and not self.problem


class _QuestionHTML(Whitelister):
    """The HTML a question may keep: text formatting, lists and links; scripts and styles go entirely."""

    element_rules = {
        "[document]": allow_without_attributes,
        "a": attribute_rule({"href": check_url}),
        "b": allow_without_attributes,
        "strong": lambda tag: _rename(tag, "b"),
        "i": allow_without_attributes,
        "em": lambda tag: _rename(tag, "i"),
        "br": allow_without_attributes,
        "p": allow_without_attributes,
        "ul": allow_without_attributes,
        "ol": allow_without_attributes,
        "li": allow_without_attributes,
        "sub": allow_without_attributes,
        "sup": allow_without_attributes,
    }

    def clean_tag_node(self, doc, tag):
        if tag.name in {"script", "style", "iframe", "object", "embed", "audio", "video", "img"}:
            tag.decompose()
            return
        super().clean_tag_node(doc, tag)


def _rename(tag, name: str) -> None:
    tag.name = name
    tag.attrs = {}


_BLOCK_RE = re.compile(r"<(p|ul|ol)\b", re.I)


def to_rich_text(text: str, fmt: str) -> str:
    """Question text or explanation, in any Moodle format, as the site's rich text (sanitised HTML)."""
    text = unicodedata.normalize("NFC", text or "").replace("\r\n", "\n").strip()
    if fmt in {PLAIN, MARKDOWN}:
        body = "<br/>".join(escape(line) for line in text.split("\n"))
    else:
        if fmt == MOODLE:
            text = text.replace("\n", "<br/>")
        body = _QuestionHTML().clean(text).strip()
    if not body:
        return ""
    return body if _BLOCK_RE.match(body) else f"<p>{body}</p>"


def to_plain(text: str, fmt: str) -> str:
    """Answer, item or feedback text as plain text: HTML tags dropped, entities decoded."""
    if fmt in {HTML, MOODLE}:
        text = html.unescape(strip_tags(text))
    return vietnamese.nfc(text)
