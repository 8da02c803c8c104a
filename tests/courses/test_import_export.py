"""Question banks in Moodle GIFT and Moodle XML: Moodle's own fixtures, round trips, dry runs, the admin."""

from decimal import Decimal
from io import StringIO
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from courses import exports, imports
from courses.formats import gift
from courses.models import Question, QuestionCategory
from tests.courses import factories
from tests.courses.factories import Spec

pytestmark = pytest.mark.django_db
FIXTURES = Path("/work/shared/fixtures")
if not FIXTURES.exists():
    FIXTURES = Path(__file__).resolve().parents[3] / "shared" / "fixtures"
GIFT_FIXTURE = FIXTURES / "moodle-gift" / "questions.gift.txt"
GIFT_CATEGORY_FIXTURE = FIXTURES / "moodle-gift" / "questions_in_category.gift.txt"
XML_FIXTURE = FIXTURES / "moodle-xml" / "nested_categories_with_questions.xml"


def _import(path, fmt, **kwargs):
    return imports.questions_import(actor=None, content=path.read_bytes(), fmt=fmt, **kwargs)


def test_moodle_gift_fixture_imports_its_gradable_questions_and_names_the_others():
    report = _import(GIFT_FIXTURE, "gift")
    assert report.saved
    assert [(line.line, line.name) for line in report.imported] == [
        (5, "Moodle activities"),
        (14, "Q2"),
        (22, "colours"),
        (41, "Q1"),
        (46, "2-08 TSL"),
        (49, "2-08 TSL"),
    ]
    assert [str(line) for line in report.skipped] == [
        "dòng 2 – “Q8”: Câu hỏi tự luận phải chấm thủ công; hệ thống chỉ chấm tự động.",
        "dòng 31 – “Q5”: Chưa hỗ trợ câu hỏi dạng số.",
        "dòng 34 – “Shortanswer”: Chưa hỗ trợ câu hỏi trả lời ngắn.",
    ]
    assert report.failed == []

    matching = Question.objects.get(name="Moodle activities")
    assert matching.kind == "matching"
    assert matching.text == "<p>Match the <b>activity</b> to the description.</p>"
    data = matching.current_version.data
    assert data["prompts"][0]["text"] == "An activity supporting asynchronous discussions."
    assert data["answers"] == ["Forum", "Choice", "Database", "Wiki", "Chat"]

    single = Question.objects.get(name="Q2")
    assert single.kind == "single"
    choices = single.current_version.data["choices"]
    assert [(c["text"], c["fraction"], c["feedback"]) for c in choices] == [
        ("yellow", "1", "right; good!"),
        ("red", "0", "wrong, it's yellow"),
        ("blue", "0", "wrong, it's yellow"),
    ]

    colours = Question.objects.get(name="colours")
    assert colours.kind == "multiple"
    assert [c["fraction"] for c in colours.current_version.data["choices"]] == ["0.5", "-1", "0.5", "-1"]

    true_false = Question.objects.get(name="Q1")
    assert true_false.true_is_correct is False
    assert true_false.feedback_true == "42 is the Ultimate Answer."
    assert true_false.feedback_false == "You gave the right answer."
    assert "Hitchiker" in true_false.explanation
    assert list(Question.objects.filter(name="2-08 TSL").values_list("true_is_correct", flat=True)) == [True, True]
    assert QuestionCategory.objects.get().name == "Câu hỏi nhập từ tệp"


def test_moodle_gift_category_fixture_creates_the_category_and_keeps_escaped_text():
    report = _import(GIFT_CATEGORY_FIXTURE, "gift")
    assert [line.name for line in report.imported] == ["Moodle activities", "Greeting", "Moodle acronym"]
    assert [str(line) for line in report.skipped] == ["dòng 22 – “Moodle user”: Chưa hỗ trợ câu hỏi trả lời ngắn."]
    assert report.categories_created == ["Default for New Features"]
    greeting = Question.objects.get(name="Greeting")
    assert greeting.category.full_path == "Default for New Features"
    assert '<a href="http://demo.moodle.net/file.php/5/media/bonjour.mp3">Listen to this greeting:</a>' in greeting.text
    assert [c.text for c in greeting.choices.all()] == ["English", "French", "German", "Spanish"]
    acronym = Question.objects.get(name="Moodle acronym")
    assert acronym.true_is_correct is True
    assert "Modular Object-Oriented Dynamic Learning Environment" in acronym.text


def test_moodle_xml_fixture_imports_nested_categories_and_names_the_essay():
    report = _import(XML_FIXTURE, "moodlexml")
    assert [line.name for line in report.imported] == [
        "Iota Question",
        "Kappa Question",
        "Lambda Question",
        "Mu Question",
    ]
    assert [str(line) for line in report.skipped] == [
        "dòng 55 – “Kappa Essay Question”: Câu hỏi tự luận phải chấm thủ công; hệ thống chỉ chấm tự động."
    ]
    paths = dict(Question.objects.values_list("name", "category__full_path"))
    assert paths == {
        "Iota Question": "Iota",
        "Kappa Question": "Iota / Kappa",
        "Lambda Question": "Iota / Kappa / Lambda",
        "Mu Question": "Iota / Mu",
    }
    assert set(Question.objects.values_list("true_is_correct", flat=True)) == {True}


def _bank():
    law = factories.legal_document()
    root = factories.make_category("Luật DCCS")
    chapter = factories.make_category("Chương II: Công khai", parent=root)
    single = factories.make_question(
        chapter,
        Spec(
            text="Theo Điều 11, nội dung nào {được} công khai? Giá: 5 = 5 # ~ \\ đặc biệt",
            choices=[("Dự toán ngân sách xã", True), ("Bí mật nhà nước & <khác>", False), ("A: B", False)],
            explanation="Xem Điều 11.",
        ),
        legal_document=law,
        article=11,
        clause="khoản 1",
    )
    single.choices.filter(sort_order=0).update(feedback="Đúng: theo #khoản 1.")
    single.tags.add("công khai", "điều 11")
    single.save()
    factories.make_question(
        root,
        Spec(
            kind="multiple",
            text="Chọn các nội dung Nhân dân bàn và quyết định",
            choices=[("Chủ trương thực hiện dự án", True), ("Mức đóng góp", True), ("Kỷ luật cán bộ", False)],
            mark=Decimal(2),
        ),
    )
    factories.make_question(
        root,
        Spec(
            kind="multiple",
            text="Trọng số riêng",
            choices=[("a", True, Decimal(70)), ("b", True, Decimal(30)), ("c", False, Decimal(-50))],
        ),
    )
    factories.make_question(
        chapter, Spec(kind="true_false", text="Luật có hiệu lực từ 01/7/2023.", true_is_correct=True)
    )
    factories.make_question(
        chapter,
        Spec(
            kind="matching",
            text="Ghép điều luật với nội dung",
            pairs=[("Điều 11", "Công khai"), ("Điều 15", "Bàn và quyết định"), ("", "Khen thưởng")],
        ),
    )
    return law


def _snapshot(under: str | None = None):
    """Each question as (category path, name, tags, learner-facing data), below a root category or not."""
    questions = Question.objects.select_related("category", "current_version").order_by("category__full_path", "pk")
    if under:
        questions = questions.filter(category__full_path__startswith=under + " / ")
    else:
        questions = questions.filter(category__full_path__startswith="Luật DCCS")
    return [
        (
            q.category.full_path.removeprefix(f"{under} / " if under else ""),
            q.name,
            sorted(t.name for t in q.tags.all()),
            q.current_version.data,
        )
        for q in questions
    ]


@pytest.mark.parametrize("fmt", ["gift", "moodlexml"])
def test_export_then_import_round_trips_a_bank(fmt):
    _bank()
    before = _snapshot()
    content = exports.export_bank(fmt=fmt)
    target = factories.make_category("Bản sao")
    report = imports.questions_import(actor=None, content=content, fmt=fmt, root=target)
    assert report.skipped == [] and report.failed == [] and report.warnings == []
    assert len(report.imported) == len(before)
    assert _snapshot("Bản sao") == before


def test_gift_escapes_reserved_characters():
    assert gift._escape("a:b#c=d~e{f}g\\h\nnext") == "a\\:b\\#c\\=d\\~e\\{f\\}g\\\\h\\nnext"
    parsed = gift.parse("::Tên\\: có dấu hai chấm::Câu \\{có ngoặc\\}?{=Đúng \\= bằng ~Sai}")
    assert parsed[0].name == "Tên: có dấu hai chấm"
    assert parsed[0].text == "<p>Câu {có ngoặc}?</p>"
    assert [c.text for c in parsed[0].choices] == ["Đúng = bằng", "Sai"]


def test_one_bad_question_does_not_stop_the_rest_unless_strict():
    source = (
        "::Tốt::Câu tốt?{=A ~B}\n\n::Hỏng::Thiếu ngoặc {=A ~B\n\n::Một đáp án::Chỉ một?{~%100%A}\n\n::Tốt 2::Câu?{T}\n"
    )
    report = imports.questions_import(actor=None, content=source, fmt="gift")
    assert [line.name for line in report.imported] == ["Tốt", "Tốt 2"]
    assert [str(line) for line in report.failed] == [
        "dòng 3 – “Hỏng”: Dấu ngoặc nhọn bao quanh các phương án trả lời không khớp nhau.",
        "dòng 5 – “Một đáp án”: Câu hỏi lựa chọn cần ít nhất hai phương án trả lời.",
    ]
    Question.objects.all().delete()
    strict = imports.questions_import(actor=None, content=source, fmt="gift", strict=True)
    assert not strict.saved and len(strict.imported) == 2
    assert not Question.objects.exists()


def test_dry_run_reports_without_saving():
    report = _import(GIFT_FIXTURE, "gift", dry_run=True)
    assert len(report.imported) == 6 and len(report.skipped) == 3 and not report.saved
    assert not Question.objects.exists() and not QuestionCategory.objects.exists()


def test_imported_html_is_sanitised():
    source = (
        '::X::[html]<p onclick="steal()">Câu <script>alert(1)</script><em>hỏi</em><img src="http://x/y.png"></p>{=A ~B}'
    )
    imports.questions_import(actor=None, content=source, fmt="gift")
    assert Question.objects.get().text == "<p>Câu <i>hỏi</i></p>"


def test_xml_entities_are_not_expanded():
    source = b"""<?xml version="1.0"?><!DOCTYPE quiz [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<quiz><question type="truefalse"><name><text>X &secret;</text></name>
<questiontext format="html"><text>Q</text></questiontext>
<answer fraction="100"><text>true</text></answer><answer fraction="0"><text>false</text></answer></question></quiz>"""
    imports.questions_import(actor=None, content=source, fmt="moodlexml")
    assert "root:" not in Question.objects.get().name


def test_legal_basis_travels_with_the_question_when_the_document_is_known():
    _bank()
    content = exports.export_bank(fmt="gift")
    assert b"// [legal:10/2022/QH15|11|kho\xe1\xba\xa3n 1]" in content
    imports.questions_import(actor=None, content=content, fmt="gift", root=factories.make_category("Bản sao"))
    copy = Question.objects.filter(category__full_path__startswith="Bản sao", article=11).get()
    assert copy.legal_basis == "Điều 11 khoản 1, Luật Thực hiện dân chủ ở cơ sở số 10/2022/QH15"


def test_command_reports_and_strict_mode_fails():
    out = StringIO()
    call_command("import_questions", str(GIFT_FIXTURE), "--format", "gift", "--dry-run", stdout=out)
    text = out.getvalue()
    assert "bỏ qua dòng 2 – “Q8”: Câu hỏi tự luận" in text
    assert "Chạy thử, chưa lưu gì. Nhập được: 6 · Bỏ qua: 3" in text
    assert not Question.objects.exists()
    with pytest.raises(CommandError):
        call_command("import_questions", str(GIFT_FIXTURE), "--format", "gift", "--strict", stdout=StringIO())
    assert not Question.objects.exists()
    call_command("import_questions", str(XML_FIXTURE), "--format", "moodlexml", stdout=out)
    assert Question.objects.count() == 4


def test_admin_import_and_export(client, learner):
    from tests.factories import UserFactory

    url = reverse("question_transfer:import")
    client.force_login(learner)
    assert client.get(url).status_code in {302, 403}
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    upload = SimpleUploadedFile("questions.gift.txt", GIFT_FIXTURE.read_bytes())
    response = client.post(url, {"file": upload, "format": "gift", "dry_run": ""})
    html = response.content.decode()
    assert response.status_code == 200
    assert "dòng 31 – “Q5”: Chưa hỗ trợ câu hỏi dạng số." in html
    assert Question.objects.count() == 6
    response = client.get(reverse("question_transfer:export"), {"format": "gift"})
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    assert b"::Moodle activities::" in response.content
    assert client.get(reverse("wagtailsnippets_courses_question:list")).status_code == 200


def test_admin_import_refuses_a_file_that_is_too_large(client, settings):
    from tests.factories import UserFactory

    settings.LMS_MAX_IMPORT_BYTES = 1024 * 1024
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    upload = SimpleUploadedFile("big.gift.txt", b"//" + b"x" * (1024 * 1024))
    response = client.post(reverse("question_transfer:import"), {"file": upload, "format": "gift"})
    assert "Tệp lớn hơn 1 MB." in response.content.decode()
    assert not Question.objects.exists()
