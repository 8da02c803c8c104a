"""Reading PDFs back in tests: text per page and per line, with pypdf."""

from __future__ import annotations

import io

from pypdf import PdfReader


def reader(data: bytes) -> PdfReader:
    return PdfReader(io.BytesIO(data))


def text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in reader(data).pages)


def lines(data: bytes) -> list[str]:
    return [line.strip() for line in text(data).splitlines() if line.strip()]


def font_names(data: bytes) -> set[str]:
    names = set()
    for page in reader(data).pages:
        fonts = page["/Resources"].get_object().get("/Font", {})
        for font in fonts.values():
            names.add(str(font.get_object()["/BaseFont"]))
    return names


def fonts_drawing_text(data: bytes) -> set[str]:
    """Fonts that actually show text (ReportLab selects Helvetica at the start of each page without using it)."""
    from pypdf.generic import ContentStream

    used = set()
    for page in reader(data).pages:
        fonts = page["/Resources"].get_object().get("/Font", {})
        current = None
        for operands, operator in ContentStream(page.get_contents(), page.pdf).operations:
            if operator == b"Tf":
                current = str(fonts[operands[0]].get_object()["/BaseFont"])
            elif operator in (b"Tj", b"TJ", b"'", b'"'):
                shown = operands[-1]
                pieces = shown if operator == b"TJ" else [shown]
                if any(isinstance(p, bytes | str) and len(p) and str(p).strip() for p in pieces):
                    used.add(current)
    return used
