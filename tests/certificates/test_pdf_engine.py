"""The PDF engine: committed Liberation Serif 2.x faces, NFC text, works from any directory, no glyph left out."""

import datetime
import logging
import os
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest
from reportlab.pdfbase.ttfonts import TTFontFile

from certificates import pdf
from certificates.documents import DocumentHead
from tests.certificates.pdftext import fonts_drawing_text, lines, text

ROOT = Path(__file__).resolve().parents[2]
VIETNAMESE_LETTERS = "aàảãáạăằẳẵắặâầẩẫấậbcdđeèẻẽéẹêềểễếệghiìỉĩíịklmnoòỏõóọôồổỗốộơờởỡớợpqrstuùủũúụưừửữứựvxyỳỷỹýỵ"


def _head(**extra) -> DocumentHead:
    values = {
        "supervising_body": "UBND huyện Đại Lộc",
        "issuing_office": "Phòng Nội vụ",
        "place": "Đại Lộc",
        "day": datetime.date(2026, 1, 5),
        "title": "Danh sách học viên",
    }
    return DocumentHead(**{**values, **extra})


def test_the_committed_fonts_are_liberation_serif_2_with_the_ofl():
    for file_name, _weight, _style in pdf.FONT_FACES:
        font = TTFontFile(str(pdf.FONTS_DIR / file_name))
        assert font.familyName == b"Liberation Serif"
        version = (pdf.FONTS_DIR / file_name).read_bytes()
        assert b"Version 2." in version
    licence = (pdf.FONTS_DIR / "OFL.txt").read_text()
    assert "SIL OPEN FONT LICENSE Version 1.1" in licence


def test_every_vietnamese_letter_in_all_four_faces_round_trips():
    letters = VIETNAMESE_LETTERS + VIETNAMESE_LETTERS.upper()
    html = (
        f"<html><head><style>{pdf.font_face_css()} body {{ font-family: '{pdf.FONT_FAMILY}'; }}</style></head><body>"
        f"<p>{letters}</p><p><b>{letters}</b></p><p><i>{letters}</i></p><p><b><i>{letters}</i></b></p></body></html>"
    )
    data = pdf.html_to_pdf(html)
    assert lines(data) == [letters] * 4
    assert {name.split("+")[-1] for name in fonts_drawing_text(data)} == {
        "LiberationSerif",
        "LiberationSerif-Bold",
        "LiberationSerif-Italic",
        "LiberationSerif-BoldItalic",
    }


def test_text_given_decomposed_comes_out_composed():
    decomposed = unicodedata.normalize("NFD", "Nguyễn Thị Hòa")
    data = pdf.render_document("certificates/documents/base.html", {"head": _head(title=decomposed)})
    assert "NGUYỄN THỊ HÒA" in text(data)
    assert unicodedata.is_normalized("NFC", text(data))


def test_rendering_works_from_the_root_directory(tmp_path):
    """Workers and gunicorn do not run from the project folder; the fonts must be found anyway."""
    script = (
        "import django, datetime, logging, sys;"
        "logging.basicConfig(level=logging.WARNING, stream=sys.stderr);"
        "django.setup();"
        "from certificates import pdf;"
        "from certificates.documents import DocumentHead;"
        "head = DocumentHead(supervising_body='UBND huyện Đại Lộc', issuing_office='Phòng Nội vụ', place='Đại Lộc',"
        " day=datetime.date(2026, 3, 15), title='Giấy chứng nhận');"
        f"open({str(tmp_path / 'out.pdf')!r}, 'wb').write("
        "pdf.render_document('certificates/documents/base.html', {'head': head}))"
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT), "DJANGO_SETTINGS_MODULE": "lms.settings.test"}
    result = subprocess.run([sys.executable, "-c", script], cwd="/", env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert "xhtml2pdf" not in result.stderr, result.stderr
    data = (tmp_path / "out.pdf").read_bytes()
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in lines(data)
    assert all("LiberationSerif" in name for name in fonts_drawing_text(data))


def test_the_glyph_guard_catches_a_font_without_vietnamese(xhtml2pdf_warnings):
    """The autouse guard that fails every test on an xhtml2pdf warning does see a missing glyph."""
    pdf.html_to_pdf("<html><body><p style='font-family: Helvetica'>Đặng</p></body></html>")
    assert any("U+1EB7" in message for message in xhtml2pdf_warnings.messages)
    xhtml2pdf_warnings.messages.clear()


def test_a_document_may_not_reach_files_outside_the_fonts_or_the_network(xhtml2pdf_warnings):
    with pytest.raises(Exception):  # noqa: B017 - either refusal is fine, as long as nothing is read
        pdf.resource_policy().check_path("/etc/passwd")
    with pytest.raises(Exception):  # noqa: B017
        pdf.resource_policy().check_url("https://example.com/logo.png")
    logging.getLogger("xhtml2pdf").debug("quiet")
