"""Exporters under hostile text: no cell a spreadsheet would run as a formula, no file broken by control
characters, the text still readable after a round trip; names in NFD and NFC sort, match and search as one."""

from __future__ import annotations

import csv
import io
import unicodedata

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from certificates import exports
from lms import vietnamese
from lms.spreadsheets import FORMULA_PREFIXES, XLSX_MAX_CELL, safe_xlsx_cell
from tests.courses import factories as course_factories
from tests.factories import OfficialFactory, UserFactory
from tests.security._hostile import hostile_text
from units.models import Official

BUDGET = settings(
    max_examples=100,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large],
)
LETTERS = "aăâbcdđeêghiklmnoôơpqrstuưvxyAĂÂĐÊÔƠƯàảãáạằẳẵắặầẩẫấậèẻẽéẹềểễếệìỉĩíịòỏõóọồổỗốộờởỡớợùủũúụừửữứựỳỷỹýỵ "
vietnamese_text = st.text(alphabet=LETTERS, min_size=1, max_size=40)


def visible(value: str) -> str:
    """The part of a text a reader must still find in the cell: NFC, without what XLSX cannot hold, no quote."""
    return ILLEGAL_CHARACTERS_RE.sub("", vietnamese.nfc(value)).lstrip("'")[:1000]


def assert_inert(value) -> None:
    if isinstance(value, str):
        assert not value.startswith(FORMULA_PREFIXES), repr(value)


@settings(max_examples=200, deadline=None)
@given(value=st.one_of(hostile_text, st.text()))
def test_an_xlsx_cell_never_holds_a_formula_or_a_character_xlsx_forbids(value):
    cell = safe_xlsx_cell(value)
    assert_inert(cell)
    assert not ILLEGAL_CHARACTERS_RE.search(cell)
    assert len(cell) <= XLSX_MAX_CELL


person = st.builds(
    exports.Person,
    full_name=hostile_text,
    unit_name=st.one_of(st.sampled_from(["Xã Đại Hiệp", "Thị trấn Ái Nghĩa"]), hostile_text),
    birth_year=st.one_of(st.none(), st.integers(min_value=1940, max_value=2010)),
    position=hostile_text,
    note=hostile_text,
)


@settings(BUDGET, max_examples=60)
@given(people=st.lists(person, min_size=1, max_size=8))
def test_participant_list_with_any_text_opens_in_a_spreadsheet_with_no_formula_and_every_name(people):
    exporter = exports.ParticipantList(records=people)
    out = io.BytesIO()
    assert exports.write_xlsx(exporter, out) == len(people)
    sheet = load_workbook(io.BytesIO(out.getvalue())).active
    texts = []
    for row in sheet.iter_rows():
        for cell in row:
            assert cell.data_type != "f", f"{cell.coordinate} is a formula: {cell.value!r}"
            assert_inert(cell.value)
            texts.append(cell.value)
    shown = [str(t).lstrip("'") for t in texts if t is not None]
    for one in people:
        assert any(cell.startswith(visible(one.full_name)) for cell in shown), one.full_name[:50]

    out = io.BytesIO()
    exports.write_csv(exporter, out)
    rows = list(csv.reader(io.StringIO(out.getvalue().decode("utf-8-sig"), newline="")))
    data_rows = [r for r in rows[1:] if len(r) == 6]
    assert len(data_rows) == len(people), "control characters break no row"
    for row in rows:
        for value in row:
            assert_inert(value)
    csv_names = {row[1] for row in data_rows}
    for one in people:
        name = vietnamese.nfc(one.full_name)
        assert ("'" + name if name.startswith(FORMULA_PREFIXES) else name) in csv_names


@pytest.mark.django_db
@BUDGET
@given(position=hostile_text, name=st.one_of(hostile_text, st.just('=HYPERLINK("http://x","Bấm")')))
def test_personal_data_download_holds_any_text_without_formulas(client, unit_a, position, name):
    user = UserFactory()
    # Forms refuse NUL and cap the lengths; what reaches the database is what the export must survive.
    position, name = position.replace("\0", "")[:150], name.replace("\0", "")[:50]
    OfficialFactory(unit=unit_a, user=user, position=position, full_name=name or "An")
    client.force_login(user)
    response = client.get("/ho-so/du-lieu.xlsx")
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(response.content))
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f"
                assert_inert(cell.value)
    Official.objects.filter(user=user).delete()
    user.delete()


@settings(max_examples=200, deadline=None)
@given(text=vietnamese_text)
def test_nfd_and_nfc_spellings_sort_match_and_fold_alike(text):
    nfd = unicodedata.normalize("NFD", text)
    nfc = unicodedata.normalize("NFC", text)
    assert vietnamese.nfc(nfd) == vietnamese.nfc(nfc)
    assert vietnamese.name_sort_key(nfd) == vietnamese.name_sort_key(nfc)
    assert vietnamese.sort_key(nfd) == vietnamese.sort_key(nfc)
    assert vietnamese.match_form(nfd) == vietnamese.match_form(nfc)
    assert vietnamese.strip_diacritics(nfd) == vietnamese.strip_diacritics(nfc)


@pytest.mark.django_db
@BUDGET
@given(name=vietnamese_text.filter(lambda t: t.strip()), typed_in_nfd=st.booleans())
def test_an_official_saved_in_one_form_is_found_by_a_search_in_the_other(unit_a, name, typed_in_nfd):
    stored = unicodedata.normalize("NFC" if typed_in_nfd else "NFD", name)
    query = unicodedata.normalize("NFD" if typed_in_nfd else "NFC", name)
    official = OfficialFactory(unit=unit_a, full_name=stored)
    assert official.full_name == vietnamese.nfc(name), "stored in NFC whatever was typed"
    assert Official.objects.filter(pk=official.pk).search(query).exists()
    official.delete()


@pytest.mark.django_db
@settings(BUDGET, max_examples=20)
@given(name=hostile_text.map(lambda t: t.replace("\0", "")[:200]), fmt=st.sampled_from(["xlsx", "csv"]))
def test_admin_list_exports_of_units_and_questions_neutralise_formulas(client, district, name, fmt):
    from django.core.cache import cache
    from django.db import transaction
    from django.urls import reverse

    from tests.factories import UnitFactory

    # The category tree is cached and each example's rows are rolled back; sessions may live in the cache too,
    # so the login comes after.
    cache.clear()
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    with transaction.atomic():
        UnitFactory(parent=district, name=name or "Xã", code="=HYPERLINK(1)")
        category = course_factories.make_category(name or "Chương")
        course_factories.make_questions(category, 1)
        for url in ("unit:index", "wagtailsnippets_courses_question:list"):
            response = client.get(reverse(url), {"export": fmt})
            assert response.status_code == 200
            # A CSV is streamed: read it before the example's rows are rolled back.
            check_export(b"".join(response.streaming_content) if response.streaming else response.content, fmt)
        transaction.set_rollback(True)


def check_export(content: bytes, fmt: str) -> None:
    if fmt == "xlsx":
        cells = [c for sheet in load_workbook(io.BytesIO(content)).worksheets for row in sheet.iter_rows() for c in row]
        assert all(c.data_type != "f" for c in cells)
        values = [c.value for c in cells]
    else:
        values = [v for row in csv.reader(io.StringIO(content.decode("utf-8-sig"), newline="")) for v in row]
    for value in values:
        assert_inert(value)
