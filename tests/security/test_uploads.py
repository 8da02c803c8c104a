"""Uploads: a size limit the server enforces, types judged by content, no SVG or HTML served inline, private files."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse
from PIL import Image
from wagtail.documents.models import Document
from wagtail.images.models import Image as WagtailImage
from wagtail.models import Collection

from courses.models import Question
from tests.factories import OfficialFactory, UserFactory
from tests.security.conftest import count
from tests.training.conftest import make_class
from units import imports
from units.models import Official, RosterImport

pytestmark = pytest.mark.django_db

MB = 1024 * 1024


def _docx_named_xlsx() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<document/>")
    return out.getvalue()


# Files that claim to be tables and are not, with the Vietnamese message each must get.
NOT_TABLES = [
    ("danh-sach.xlsx", b"<html><script>alert(1)</script></html>", "không phải là bảng tính Excel"),
    ("danh-sach.xlsx", _docx_named_xlsx(), "không phải là bảng tính Excel"),
    ("danh-sach.csv", b"Ho ten\x00\x01\x02", "dữ liệu nhị phân"),
    ("danh-sach.csv", b"Ho ten,Nam sinh\nNguy\xeanx V\xe3n \xc2n,1980\n", "UTF-8"),
    ("danh-sach.html", b"<html></html>", "Hãy tải lên tệp .xlsx hoặc .csv"),
    ("danh-sach.svg", b"<svg xmlns='http://www.w3.org/2000/svg'><script>alert(1)</script></svg>", ".xlsx hoặc .csv"),
]


@pytest.mark.parametrize(("name", "content", "message"), NOT_TABLES)
def test_roster_upload_judges_the_file_by_its_content(client, coordinator_a, unit_a, name, content, message):
    OfficialFactory(unit=unit_a, full_name="Người Đã Có")
    client.force_login(coordinator_a)
    url = reverse("units:roster_import_upload", args=[unit_a.pk])
    response = client.post(url, {"file": SimpleUploadedFile(name, content)})
    count("uploads")
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not RosterImport.objects.exists()
    assert list(Official.objects.values_list("full_name", flat=True)) == ["Người Đã Có"]


@pytest.mark.parametrize(("name", "content", "message"), NOT_TABLES)
def test_nomination_upload_judges_the_file_by_its_content(
    client, office, unit_a, coordinator_a, name, content, message
):
    training_class = make_class(office, [(unit_a, 3)])
    client.force_login(coordinator_a)
    url = reverse("training:nominate_upload", args=[training_class.pk])
    response = client.post(url, {"file": SimpleUploadedFile(name, content)})
    count("uploads")
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not training_class.nominations.exists()


@override_settings(LMS_MAX_IMPORT_BYTES=1 * MB)
def test_a_table_over_the_limit_is_refused_in_vietnamese(client, coordinator_a, unit_a):
    client.force_login(coordinator_a)
    padded = imports.template_workbook() + b"\0" * (MB + 1)
    url = reverse("units:roster_import_upload", args=[unit_a.pk])
    response = client.post(url, {"file": SimpleUploadedFile("lon.xlsx", padded)})
    count("uploads")
    assert "Tệp lớn hơn 1 MB." in response.content.decode()
    assert not RosterImport.objects.exists()


def test_a_real_workbook_still_goes_through(client, coordinator_a, unit_a):
    client.force_login(coordinator_a)
    url = reverse("units:roster_import_upload", args=[unit_a.pk])
    response = client.post(url, {"file": SimpleUploadedFile("mau.xlsx", imports.template_workbook())})
    count("uploads")
    assert response.status_code == 302 and RosterImport.objects.count() == 1


@override_settings(LMS_MAX_REQUEST_BYTES=2 * MB)
def test_a_body_larger_than_any_upload_is_refused_before_it_is_read(client, coordinator_a, unit_a):
    client.force_login(coordinator_a)
    url = reverse("units:roster_import_upload", args=[unit_a.pk])
    response = client.post(url, {"file": SimpleUploadedFile("lon.xlsx", b"x" * (3 * MB))})
    count("uploads")
    assert response.status_code == 413
    assert "lớn hơn 2 MB" in response.content.decode()
    assert not RosterImport.objects.exists()


@pytest.fixture
def admin_client(client):
    client.force_login(UserFactory(username="quantri", is_superuser=True, is_staff=True))
    return client


def _admin_upload(client, url_name: str, name: str, content: bytes):
    collection = Collection.get_first_root_node()
    data = {"title": name, "file": SimpleUploadedFile(name, content), "collection": collection.pk}
    return client.post(reverse(url_name), data)


XML_BOMBS = [
    # Entity expansion ("billion laughs") and an external entity reading a local file.
    b"""<?xml version="1.0"?><!DOCTYPE q [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">]>
<quiz><question type="truefalse"><name><text>&d;</text></name><questiontext format="html"><text>&d;</text>
</questiontext><answer fraction="100"><text>true</text></answer><answer fraction="0"><text>false</text></answer>
</question></quiz>""",
    b"""<?xml version="1.0"?><!DOCTYPE q [<!ENTITY x SYSTEM "file:///etc/passwd">]>
<quiz><question type="truefalse"><name><text>&x;</text></name><questiontext format="html"><text>&x;</text>
</questiontext><answer fraction="100"><text>true</text></answer><answer fraction="0"><text>false</text></answer>
</question></quiz>""",
    b"<quiz><question type='truefalse'><name><text>unterminated",
]


@pytest.mark.parametrize("content", XML_BOMBS)
def test_a_hostile_question_bank_expands_nothing_and_fails_cleanly(admin_client, content):
    url = reverse("question_transfer:import")
    response = admin_client.post(url, {"file": SimpleUploadedFile("bank.xml", content), "format": "moodlexml"})
    count("uploads")
    assert response.status_code == 200
    for question in Question.objects.all():
        assert "root:" not in question.text and "aaaaaaaaaa" * 100 not in question.text


@override_settings(LMS_MAX_IMPORT_BYTES=1 * MB)
def test_a_question_bank_over_the_limit_is_refused(admin_client):
    url = reverse("question_transfer:import")
    big = SimpleUploadedFile("bank.gift.txt", b"// x\n" * (MB // 4))
    response = admin_client.post(url, {"file": big, "format": "gift"})
    count("uploads")
    assert "Tệp lớn hơn 1 MB." in response.content.decode()
    assert not Question.objects.exists()


HOSTILE_DOCUMENTS = [
    ("trang.html", b"<html><script>alert(1)</script></html>"),
    ("anh.svg", b"<svg xmlns='http://www.w3.org/2000/svg'><script>alert(1)</script></svg>"),
    ("trang.htm", b"<script>alert(1)</script>"),
    ("script.js", b"alert(1)"),
]


@pytest.mark.parametrize(("name", "content"), HOSTILE_DOCUMENTS)
def test_editors_cannot_upload_pages_or_svg_as_documents(admin_client, name, content):
    response = _admin_upload(admin_client, "wagtaildocs:add", name, content)
    count("uploads")
    assert response.status_code == 200
    assert not Document.objects.exists()


def _png(size=(4, 4)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, "red").save(out, "PNG")
    return out.getvalue()


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("anh.svg", b"<svg xmlns='http://www.w3.org/2000/svg'><script>alert(1)</script></svg>"),
        ("anh.png", b"<html><script>alert(1)</script></html>"),
        ("anh.jpg", b"GIF89a<script>alert(1)</script>"),
    ],
)
def test_images_are_judged_by_pillow_and_svg_is_refused(admin_client, name, content):
    response = _admin_upload(admin_client, "wagtailimages:add", name, content)
    count("uploads")
    assert response.status_code == 200
    assert not WagtailImage.objects.exists()


def test_a_real_image_is_accepted(admin_client):
    response = _admin_upload(admin_client, "wagtailimages:add", "anh.png", _png())
    count("uploads")
    assert response.status_code == 302 and WagtailImage.objects.count() == 1


@pytest.mark.parametrize(
    ("name", "content", "inline"),
    [
        ("luat.pdf", b"%PDF-1.4\n", True),
        ("ghi-chu.txt", b"<script>alert(1)</script>", True),
        ("bang.xlsx", imports.template_workbook(), False),
        ("bai.docx", _docx_named_xlsx(), False),
    ],
)
def test_documents_are_served_sandboxed_and_only_pdf_and_text_inline(client, name, content, inline):
    document = Document.objects.create(title=name, file=ContentFile(content, name=name))
    response = client.get(reverse("wagtaildocs_serve", args=[document.pk, document.filename]))
    count("uploads")
    assert response.status_code == 200
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "default-src 'none'"
    disposition = response["Content-Disposition"]
    assert disposition.startswith("inline" if inline else "attachment"), disposition
    assert "html" not in response["Content-Type"] and "svg" not in response["Content-Type"]


def test_wagtail_settings_keep_svg_and_html_out():
    assert "svg" not in settings.WAGTAILIMAGES_EXTENSIONS
    assert not {"svg", "html", "htm", "xhtml", "js"} & set(settings.WAGTAILDOCS_EXTENSIONS)
    assert settings.WAGTAILDOCS_SERVE_METHOD == "serve_view"
    assert set(settings.WAGTAILDOCS_INLINE_CONTENT_TYPES) <= {"application/pdf", "text/plain"}
    assert getattr(settings, "WAGTAILDOCS_BLOCK_EMBEDDED_CONTENT", True)


@override_settings(WAGTAILDOCS_MAX_UPLOAD_SIZE=1024, WAGTAILIMAGES_MAX_UPLOAD_SIZE=1024)
@pytest.mark.parametrize(
    ("url_name", "name", "content"),
    [
        ("wagtaildocs:add", "luat.pdf", b"%PDF-1.4\n" + b"0" * 4096),
        ("wagtailimages:add", "anh.png", _png((600, 600))),
    ],
)
def test_documents_and_images_over_the_limit_are_refused(admin_client, url_name, name, content):
    assert len(content) > 1024
    response = _admin_upload(admin_client, url_name, name, content)
    count("uploads")
    assert response.status_code == 200
    assert not Document.objects.exists() and not WagtailImage.objects.exists()


@pytest.mark.parametrize(
    ("name", "content"),
    # A bank saved in the Windows Vietnamese code page is read on purpose; binary content is not text at all.
    [("bank.gift.txt", b"\xff\xfe\x00\x00binary\x00junk"), ("bank.gift.txt", _png())],
)
def test_a_question_bank_that_is_not_text_is_refused_cleanly(admin_client, name, content):
    url = reverse("question_transfer:import")
    response = admin_client.post(url, {"file": SimpleUploadedFile(name, content), "format": "gift", "dry_run": ""})
    count("uploads")
    assert response.status_code == 200
    assert not Question.objects.exists()


HOSTILE_HTML = (
    '<script>alert(1)</script><img src=x onerror="alert(2)"><a href="javascript:alert(3)">x</a>'
    '<iframe src="//lua-dao.example.com"></iframe><p style="x" onclick="alert(4)">Điều 5</p>'
)


@pytest.mark.parametrize("fmt", ["gift", "moodlexml"])
def test_imported_questions_keep_no_script(admin_client, fmt):
    if fmt == "gift":
        content = f"::Câu độc:: [html]{HOSTILE_HTML.replace('=', chr(92) + '=')} {{=Đúng ~Sai}}\n".encode()
    else:
        escaped = HOSTILE_HTML.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        content = (
            '<?xml version="1.0" encoding="UTF-8"?><quiz><question type="multichoice"><name><text>Câu độc</text>'
            f'</name><questiontext format="html"><text>{escaped}</text></questiontext><single>true</single>'
            '<answer fraction="100"><text>Đúng</text></answer><answer fraction="0"><text>Sai</text></answer>'
            "</question></quiz>"
        ).encode()
    data = {"file": SimpleUploadedFile(f"bank.{fmt}", content), "format": fmt}
    response = admin_client.post(reverse("question_transfer:import"), data)
    count("uploads")
    assert response.status_code == 200
    question = Question.objects.get()
    text = question.text.lower()
    assert "Điều 5" in question.text
    for marker in ("<script", "onerror", "javascript:", "<iframe", "onclick", "style="):
        assert marker not in text, (marker, question.text)
