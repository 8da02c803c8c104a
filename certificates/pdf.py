"""The PDF engine: xhtml2pdf with the committed Liberation Serif faces, NFC text and a closed resource policy.

xhtml2pdf's built-in fonts have no Vietnamese letters and it only logs a missing glyph; it also reads
files only under the working directory unless told otherwise, and silently falls back to Helvetica
when a font cannot be read. So the four faces are declared from this package's own folder, the policy
confines reads to that folder and forbids the network, and the result is the same from any working
directory (a Celery worker, gunicorn).
"""

from __future__ import annotations

import io
import unicodedata
from functools import cache
from pathlib import Path

from django.template.loader import render_to_string
from django.utils import translation
from xhtml2pdf import pisa
from xhtml2pdf.config.resources import ResourceAccessPolicy

FONTS_DIR = Path(__file__).resolve().parent / "fonts"
FONT_FAMILY = "Liberation Serif"
FONT_FACES = (
    ("LiberationSerif-Regular.ttf", "normal", "normal"),
    ("LiberationSerif-Bold.ttf", "bold", "normal"),
    ("LiberationSerif-Italic.ttf", "normal", "italic"),
    ("LiberationSerif-BoldItalic.ttf", "bold", "italic"),
)


# xhtml2pdf parses its built-in default stylesheet on every render; these documents use a handful of elements,
# so a short one does the same for them in a fraction of the time, and starts every element in our font.
DOCUMENT_DEFAULT_CSS = f"""
html {{ font-family: "{FONT_FAMILY}"; font-size: 10px; font-weight: normal; color: #000000; margin: 0;
  padding: 0; line-height: 150%; border: 1px none; display: inline; width: auto; height: auto;
  white-space: normal; }}
b, strong {{ font-weight: bold; }}
i, em {{ font-style: italic; }}
h1 {{ font-weight: bold; font-size: 138.5%; }}
h1, p {{ margin: 1em 0; }}
body, div, h1, p, table, tr, th, td {{ display: block; }}
tr, th, td {{ vertical-align: middle; width: auto; }}
th {{ text-align: center; font-weight: bold; }}
"""


class RenderError(Exception):
    """xhtml2pdf reported errors while building a document."""


@cache
def resource_policy() -> ResourceAccessPolicy:
    # Documents are built from our own templates; the only files they may read are the fonts.
    return ResourceAccessPolicy.server(base_dir=FONTS_DIR, allow_remote=False)


@cache
def font_face_css() -> str:
    """@font-face rules for the four faces, by absolute path inside the allowed folder."""
    rules = []
    for file_name, weight, style in FONT_FACES:
        path = (FONTS_DIR / file_name).as_posix()
        rules.append(
            f'@font-face {{ font-family: "{FONT_FAMILY}"; src: url("{path}"); '
            f"font-weight: {weight}; font-style: {style}; }}"
        )
    return "\n".join(rules)


def html_to_pdf(html: str) -> bytes:
    """Render a complete HTML document to PDF bytes; text is normalised to NFC first."""
    output = io.BytesIO()
    result = pisa.CreatePDF(
        unicodedata.normalize("NFC", html),
        dest=output,
        encoding="utf-8",
        default_css=DOCUMENT_DEFAULT_CSS,
        resource_policy=resource_policy(),
    )
    if result.err:
        raise RenderError(f"xhtml2pdf reported {result.err} error(s)")
    return output.getvalue()


def render_document(template_name: str, context: dict) -> bytes:
    """Render a document template to PDF. Official documents are in Vietnamese whatever the reader's language."""
    with translation.override("vi"):
        html = render_to_string(template_name, {**context, "font_face_css": font_face_css(), "font": FONT_FAMILY})
    return html_to_pdf(html)
