"""Search at /search/: courses and lessons found with or without diacritics, on SQLite and PostgreSQL alike."""

import pytest
from django.urls import reverse

from tests.courses import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def pages():
    course = factories.make_course(
        "Luật Thực hiện dân chủ ở cơ sở", summary="Dân biết, dân bàn, dân làm, dân kiểm tra."
    )
    mediation = factories.make_course("Hòa giải ở cơ sở", summary="Dành cho hòa giải viên.")
    return {
        "course": course,
        "mediation": mediation,
        "training": factories.make_lesson(course, "Bồi dưỡng cán bộ", text="Kế hoạch bồi dưỡng hằng năm."),
        "party": factories.make_lesson(
            course, "Vai trò lãnh đạo", text="Sự lãnh đạo của Đảng đối với công tác dân vận."
        ),
        "other": factories.make_lesson(mediation, "Thủ tục tiếp công dân", text="Tiếp công dân định kỳ."),
    }


def _found(client, query: str) -> set[str]:
    response = client.get(reverse("courses:search"), {"q": query})
    assert response.status_code == 200
    return {page.title for page in response.context["page"].object_list}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("dan chu", {"Luật Thực hiện dân chủ ở cơ sở"}),
        ("dân chủ", {"Luật Thực hiện dân chủ ở cơ sở"}),
        ("hoa giai", {"Hòa giải ở cơ sở"}),
        ("Hoà giải", {"Hòa giải ở cơ sở"}),
        ("boi duong", {"Bồi dưỡng cán bộ"}),
        ("dang", {"Vai trò lãnh đạo"}),
        ("tiep cong dan", {"Thủ tục tiếp công dân"}),
    ],
)
def test_search_ignores_diacritics(client, pages, query, expected):
    assert _found(client, query) == expected


def test_search_page_lists_results_with_their_type_and_handles_no_match(client, pages):
    html = client.get(reverse("courses:search"), {"q": "hoa giai"}).content.decode()
    assert "1 kết quả cho “hoa giai”" in html and "khóa học" in html
    html = client.get(reverse("courses:search"), {"q": "xyzxyz"}).content.decode()
    assert "Không tìm thấy kết quả nào cho “xyzxyz”." in html
    assert client.get(reverse("courses:search")).status_code == 200


def test_unpublished_pages_are_not_found(client, pages):
    pages["training"].unpublish()
    assert _found(client, "boi duong") == set()
