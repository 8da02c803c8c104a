"""Importers under random and hostile input: a clear error or a clean import, never a crash, never part of a file."""

from __future__ import annotations

import contextlib
import unicodedata

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from courses import imports as question_imports
from courses.models import Question, QuestionCategory
from lms import vietnamese
from lms.spreadsheets import is_formula
from tests.factories import OfficialFactory
from tests.security._hostile import NAMES, csv_bytes, damaged, hostile_text, xlsx_bytes
from tests.training.conftest import make_class
from training import imports as nomination_imports
from training import services as training_services
from training.models import Nomination
from units import imports as roster_imports
from units.models import Membership, Official

pytestmark = pytest.mark.django_db

BUDGET = settings(
    max_examples=100,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large],
)

ROSTER_HEADER = [
    "STT",
    "Họ và tên",
    "Giới tính",
    "Năm sinh",
    "Ngày sinh",
    "Chức vụ",
    "Phân loại",
    "Email",
    "Điện thoại",
]
ROSTER_GOOD = ["1", "Nguyễn Văn An", "Nam", "1985", "", "Công chức Tư pháp - Hộ tịch", "Công chức", "", "0905123456"]


@contextlib.contextmanager
def rolled_back():
    """Each example starts from the same rows: whatever it writes is undone."""
    with transaction.atomic():
        yield
        transaction.set_rollback(True)


def vietnamese_message(message) -> bool:
    """A message a person can read, in the interface language (every Vietnamese sentence has a diacritic)."""
    return isinstance(message, str) and bool(message.strip()) and vietnamese.has_diacritics(message)


@st.composite
def table_file(draw, header: list[str], good: list[str], names: list[str] = NAMES, years=None):
    years = years if years is not None else st.integers(min_value=1960, max_value=1995).map(str)
    rows = []
    for number in range(draw(st.integers(min_value=0, max_value=6))):
        row = list(good)
        row[0] = str(number + 1)
        row[1] = draw(st.sampled_from(names))
        row[header.index("Năm sinh")] = draw(years)
        for index in draw(st.sets(st.integers(min_value=0, max_value=len(good) - 1), max_size=3)):
            row[index] = draw(hostile_text)
        rows.append(row)
    head = list(header)
    if draw(st.integers(min_value=0, max_value=9)) == 0:
        head[draw(st.integers(min_value=0, max_value=len(head) - 1))] = draw(hostile_text)
    fmt = draw(st.sampled_from(["xlsx", "xlsx", "csv", "csv", "damaged", "other"]))
    if fmt == "xlsx":
        return xlsx_bytes([head, *rows]), "ds.xlsx"
    if fmt == "csv":
        return csv_bytes([head, *rows]), "ds.csv"
    if fmt == "damaged":
        return draw(damaged(xlsx_bytes([head, *rows]))), draw(st.sampled_from(["ds.xlsx", "ds.csv"]))
    return draw(st.binary(max_size=300)), draw(st.sampled_from(["ds.xls", "ds.txt", "ds", "ds.xlsx.exe"]))


@BUDGET
@given(upload=table_file(ROSTER_HEADER, ROSTER_GOOD), valid_only=st.booleans())
def test_roster_import_of_any_file_reports_each_problem_or_imports_every_row(unit_a, coordinator_a, upload, valid_only):
    data, file_name = upload
    with rolled_back():
        OfficialFactory(unit=unit_a, full_name="Hồ Ngọc Hà", birth_year=1985)
        officials, memberships = Official.objects.count(), Membership.objects.count()
        checked = roster_imports.roster_import_check(actor=coordinator_a, unit=unit_a, data=data, file_name=file_name)
        assert Official.objects.count() == officials, "checking writes nothing to the roster"
        assert all(vietnamese_message(e["message"]) for e in checked.errors), checked.errors
        for row in checked.rows:
            assert row["full_name"] == vietnamese.nfc(row["full_name"])
            assert Official.name_fits(row["full_name"]), "PostgreSQL would refuse the row at import time"
            assert not any(is_formula(str(value)) for value in row.values() if value is not None)
        try:
            count = roster_imports.roster_import_apply(
                actor=coordinator_a, roster_import=checked, valid_only=valid_only
            )
        except ValidationError as error:
            event("roster refused")
            assert all(vietnamese_message(m) for m in error.messages)
            assert Official.objects.count() == officials, "a refused import writes nothing"
            assert Membership.objects.count() == memberships
        else:
            event("roster imported")
            assert valid_only or not checked.errors
            assert count == len(checked.rows) > 0
            assert Official.objects.count() == officials + count, "every checked row, no more, no less"
            assert Membership.objects.count() == memberships + count


@pytest.fixture
def nomination_setting(office, unit_a, unit_b, coordinator_a):
    training_class = make_class(office, [(unit_a, 3), (unit_b, 2)])
    officials = [
        OfficialFactory(unit=unit_a, full_name=name, birth_year=1985, confirmed=True, position="Công chức")
        for name in NAMES[:4]
    ]
    OfficialFactory(unit=unit_b, full_name=NAMES[0], birth_year=1985, confirmed=True, position="Công chức")
    return training_class, officials


NOMINATION_HEADER = ["STT", "Họ và tên", "Năm sinh", "Mã đơn vị", "Ghi chú"]
NOMINATION_GOOD = ["1", "Nguyễn Văn An", "1985", "", ""]


@BUDGET
@given(
    upload=table_file(
        NOMINATION_HEADER,
        NOMINATION_GOOD,
        names=[*NAMES, *(unicodedata.normalize("NFD", n) for n in NAMES)],
        years=st.sampled_from(["1985", "1985", "1984"]),
    )
)
def test_nomination_list_of_any_file_is_checked_then_nominated_whole_or_not_at_all(
    nomination_setting, coordinator_a, unit_a, upload
):
    training_class, _officials = nomination_setting
    data, file_name = upload
    with rolled_back():
        chosen, errors = nomination_imports.check_file(
            actor=coordinator_a, training_class=training_class, data=data, file_name=file_name
        )
        assert all(vietnamese_message(e["message"]) for e in errors), errors
        assert len({o.pk for o in chosen}) == len(chosen), "nobody twice"
        assert all(o.unit_id == unit_a.pk for o in chosen), "only the coordinator's own officials"
        assert len(chosen) <= 3, "never over the quota"
        before = Nomination.objects.count()
        if not chosen:
            return
        try:
            training_services.nomination_create_many(
                actor=coordinator_a, training_class=training_class, officials=chosen
            )
        except ValidationError:
            event("nominations refused")
            assert Nomination.objects.count() == before
        else:
            event("nominations saved")
            assert Nomination.objects.count() == before + len(chosen)


def test_nomination_list_in_nfd_matches_the_roster_in_nfc(nomination_setting, coordinator_a):
    training_class, officials = nomination_setting
    rows = [
        NOMINATION_HEADER,
        *(
            [str(i), unicodedata.normalize("NFD", o.full_name), "1985", "", ""]
            for i, o in enumerate(officials[1:], start=1)
        ),
    ]
    chosen, errors = nomination_imports.check_file(
        actor=coordinator_a, training_class=training_class, data=csv_bytes(rows), file_name="ds.csv"
    )
    assert errors == [] and [o.pk for o in chosen] == [o.pk for o in officials[1:]]


def test_roster_row_in_nfd_is_the_same_person_as_one_on_the_roster_in_nfc(unit_a, coordinator_a):
    OfficialFactory(unit=unit_a, full_name="Lê Thị Hoà", birth_year=1990)
    row = ["1", unicodedata.normalize("NFD", "Lê Thị Hòa"), "Nữ", "1990", "", "", "Công chức", "", ""]
    checked = roster_imports.roster_import_check(
        actor=coordinator_a, unit=unit_a, data=csv_bytes([ROSTER_HEADER, row]), file_name="ds.csv"
    )
    assert checked.rows == [] and "đã có" in checked.errors[0]["message"]


GIFT_PIECES = st.one_of(
    st.sampled_from(
        [
            "::",
            "{",
            "}",
            "=",
            "~",
            "#",
            "->",
            "%50%",
            "%-100%",
            "$CATEGORY: A/B",
            "//",
            "\n",
            "\n\n",
            "\\",
            "T",
            "F",
            "[html]",
            "[markdown]",
            "<script>alert(1)</script>",
            "::Câu 1::",
            "Điều 5?",
            "{=A ~B}",
            "{T}",
            "{=a -> b =c -> d}",
            "{#3.5}",
            "{}",
            "\0",
            "\r",
            "=cmd|' /C calc'!A0",
        ]
    ),
    hostile_text,
)


GIFT_QUESTIONS = st.sampled_from(
    [
        "\n\n::Câu {n}::Theo Luật, ai bàn và quyết định?{{=Nhân dân ~Cán bộ ~Đảng viên}}\n\n",
        "\n\n$CATEGORY: Dân chủ/Chương {n}\n\n::Đúng sai {n}::Nhân dân được biết?{{T}}\n\n",
        "\n\n::Ghép {n}::Ghép nối{{=Bàn -> Quyết định =Biết -> Công khai}}\n\n",
        "\n\n::Nhiều {n}::Chọn các ý đúng{{~%50%A ~%50%B ~%-100%C}}\n\n",
    ]
)
GIFT_STREAM = st.lists(
    st.one_of(GIFT_QUESTIONS.flatmap(lambda q: st.integers(0, 99).map(lambda n: q.format(n=n))), GIFT_PIECES),
    max_size=30,
)


@BUDGET
@given(pieces=GIFT_STREAM, strict=st.booleans())
def test_gift_import_of_any_text_saves_exactly_what_it_reports(admin_user, pieces, strict):
    check_question_import(admin_user, "".join(pieces), "gift", strict)


def check_question_import(user, content, fmt, strict):
    with rolled_back():
        questions, categories = Question.objects.count(), QuestionCategory.objects.count()
        try:
            report = question_imports.questions_import(actor=user, content=content, fmt=fmt, strict=strict)
        except ValidationError as error:
            event(f"{fmt} refused")
            assert all(vietnamese_message(m) for m in error.messages), error.messages
            assert Question.objects.count() == questions and QuestionCategory.objects.count() == categories
            return
        assert all(str(line.reason).strip() for line in report.problems)
        event(f"{fmt} saved={report.saved} imported={bool(report.imported)}")
        if report.saved:
            assert not (strict and report.problems)
            assert Question.objects.count() == questions + len(report.imported)
        else:
            assert strict and report.problems
            assert Question.objects.count() == questions, "a strict import with a problem saves nothing"
            assert QuestionCategory.objects.count() == categories


XML_TEXT = st.one_of(hostile_text, st.sampled_from(["<b>x</b>", "]]>", "&amp;", "&lt;script&gt;"]))


@st.composite
def moodle_xml(draw):
    from xml.sax.saxutils import escape

    def text(value):
        value = "".join(ch for ch in value if ch in "\t\n\r" or ord(ch) >= 32)
        return escape(value)

    parts = []
    for _ in range(draw(st.integers(min_value=0, max_value=4))):
        kind = draw(st.sampled_from(["multichoice", "truefalse", "matching", "essay", "category", "", "x"]))
        answers = "".join(
            f'<answer fraction="{draw(st.sampled_from(["100", "0", "50", "-50", "abc", ""]))}" format="html">'
            f"<text>{text(draw(XML_TEXT))}</text></answer>"
            for _ in range(draw(st.integers(min_value=0, max_value=4)))
        )
        if draw(st.booleans()):
            parts.append(
                f'<question type="multichoice"><name><text>{text(draw(XML_TEXT))}</text></name>'
                f"<questiontext><text>{text(draw(XML_TEXT))} ?</text></questiontext><single>true</single>"
                f'<answer fraction="100"><text>Đúng</text></answer><answer fraction="0"><text>Sai</text></answer>'
                "</question>"
            )
            continue
        parts.append(
            f'<question type="{kind}"><name><text>{text(draw(XML_TEXT))}</text></name>'
            f'<questiontext format="{draw(st.sampled_from(["html", "plain_text", "markdown", "??"]))}">'
            f"<text>{text(draw(XML_TEXT))}</text></questiontext>"
            f"<category><text>{text(draw(XML_TEXT))}</text></category>"
            f"<single>{draw(st.sampled_from(['true', 'false', '']))}</single>"
            f"<defaultgrade>{draw(st.sampled_from(['1', '2.5', 'NaN', 'Infinity', '-1', '1e9', '']))}</defaultgrade>"
            f"{answers}</question>"
        )
    document = '<?xml version="1.0" encoding="UTF-8"?><quiz>' + "".join(parts) + "</quiz>"
    how = draw(st.sampled_from(["whole", "whole", "cut", "entities", "external", "noise"]))
    if how == "cut":
        document = document[: draw(st.integers(min_value=0, max_value=len(document)))]
    elif how == "entities":
        document = (
            '<?xml version="1.0"?><!DOCTYPE quiz [<!ENTITY a "qzqzqzqzqz">'
            + "".join(f'<!ENTITY {c} "{("&" + p + ";") * 10}">' for p, c in zip("abcdefgh", "bcdefghi", strict=True))
            + ']><quiz><question type="essay"><name><text>&i;</text></name></question></quiz>'
        )
    elif how == "external":
        document = (
            '<?xml version="1.0"?><!DOCTYPE quiz [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
            '<quiz><question type="truefalse"><name><text>&x;</text></name><questiontext><text>&x;</text>'
            '</questiontext><answer fraction="100"><text>true</text></answer>'
            '<answer fraction="0"><text>false</text></answer></question></quiz>'
        )
    elif how == "noise":
        return draw(st.binary(max_size=500))
    return document.encode("utf-8")


@BUDGET
@given(content=moodle_xml(), strict=st.booleans())
def test_moodle_xml_import_of_any_file_saves_exactly_what_it_reports_and_reads_no_entity(admin_user, content, strict):
    check_question_import(admin_user, content, "moodlexml", strict)
    with rolled_back():
        try:
            question_imports.questions_import(actor=admin_user, content=content, fmt="moodlexml")
        except ValidationError:
            return
        leaked = (
            Question.objects.filter(text__contains="root:").exists()
            or Question.objects.filter(name__contains="qzqzqzqzqz").exists()
        )
        assert not leaked, "entities are never expanded"


@pytest.mark.parametrize("name", ["Nguyễn " + "A" * 60, " ".join(["à"] * 75)], ids=["long-word", "many-words"])
def test_a_name_whose_keys_overflow_their_columns_is_refused_by_the_import_and_the_form(unit_a, coordinator_a, name):
    from units.forms import OfficialForm

    row = ["1", name, "Nam", "1985", "", "", "Công chức", "", ""]
    checked = roster_imports.roster_import_check(
        actor=coordinator_a, unit=unit_a, data=csv_bytes([ROSTER_HEADER, row]), file_name="ds.csv"
    )
    assert checked.rows == [] and checked.errors[0]["column"] == "Họ và tên"
    form = OfficialForm(
        {"full_name": name, "sex": "M", "birth_year": 1985, "category": "cong_chuc", "unit": unit_a.pk},
        units=[unit_a],
    )
    assert "full_name" in form.errors and "quá dài" in form.errors["full_name"][0]
