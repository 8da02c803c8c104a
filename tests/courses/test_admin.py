"""The Wagtail admin for editors: page editing screens, the question form's checks, categories as a tree."""

import pytest
from django.urls import reverse

from courses.models import Question, QuestionCategory
from tests.courses import factories
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor_client(client):
    client.force_login(UserFactory(username="bientap.thu", is_superuser=True, is_staff=True))
    return client


def test_editors_open_every_editing_screen(editor_client, course_tree):
    for page in (course_tree.course, course_tree.lessons[0], course_tree.quiz):
        assert editor_client.get(reverse("wagtailadmin_pages:edit", args=[page.pk])).status_code == 200
    html = editor_client.get(reverse("wagtailadmin_pages:edit", args=[course_tree.course.pk])).content.decode()
    assert 'type="checkbox" name="audience" value="hoa_giai_vien"' in html
    for name in ("question", "questioncategory", "legaldocument"):
        assert editor_client.get(reverse(f"wagtailsnippets_courses_{name}:add")).status_code == 200
    question = course_tree.questions[0]
    assert editor_client.get(reverse("wagtailsnippets_courses_question:edit", args=[question.pk])).status_code == 200
    export = editor_client.get(reverse("wagtailsnippets_courses_question:list"), {"export": "csv"})
    assert export.status_code == 200
    assert question.name in b"".join(export.streaming_content).decode()


def _question_post(category, *, correct: list[bool], kind="single"):
    data = {
        "category": category.pk,
        "name": "Câu từ màn hình quản trị",
        "kind": kind,
        "text": '{"blocks":[{"key":"a","text":"Nội dung câu hỏi?","type":"unstyled","depth":0,'
        '"inlineStyleRanges":[],"entityRanges":[]}],"entityMap":{}}',
        "mark": "1",
        "tags": "",
        "choices-TOTAL_FORMS": str(len(correct)),
        "choices-INITIAL_FORMS": "0",
        "choices-MIN_NUM_FORMS": "0",
        "choices-MAX_NUM_FORMS": "1000",
        "pairs-TOTAL_FORMS": "0",
        "pairs-INITIAL_FORMS": "0",
        "pairs-MIN_NUM_FORMS": "0",
        "pairs-MAX_NUM_FORMS": "1000",
    }
    for i, right in enumerate(correct):
        data[f"choices-{i}-text"] = f"Phương án {i}"
        data[f"choices-{i}-ORDER"] = str(i + 1)
        if right:
            data[f"choices-{i}-is_correct"] = "on"
    return data


def test_the_question_form_refuses_a_question_that_cannot_be_graded(editor_client):
    category = factories.make_category("Soạn thảo")
    url = reverse("wagtailsnippets_courses_question:add")
    response = editor_client.post(url, _question_post(category, correct=[False, False]))
    assert response.status_code == 200
    assert "Câu hỏi một lựa chọn phải có một phương án đúng được 100 % số điểm." in response.content.decode()
    assert not Question.objects.exists()
    response = editor_client.post(url, _question_post(category, correct=[True, False, False]))
    assert response.status_code == 302
    question = Question.objects.get()
    assert question.current_version.number == 1
    assert [c["fraction"] for c in question.current_version.data["choices"]] == ["1", "0", "0"]


def test_categories_keep_their_full_path_and_cannot_nest_in_themselves():
    law = factories.make_category("Luật DCCS")
    chapter = factories.make_category("Chương II", parent=law)
    section = factories.make_category("Công khai", parent=chapter)
    law.name = "Luật Thực hiện dân chủ ở cơ sở"
    law.save()
    section.refresh_from_db()
    assert section.full_path == "Luật Thực hiện dân chủ ở cơ sở / Chương II / Công khai"
    assert law.subtree_ids() == {law.pk, chapter.pk, section.pk}
    law.parent = section
    with pytest.raises(Exception, match="bên trong chính nó"):
        law.full_clean()
    assert QuestionCategory.objects.get(pk=law.pk).parent is None
