"""Export of the question bank to Moodle GIFT or Moodle XML, a category (with subcategories) or all of it."""

from __future__ import annotations

from courses.formats import gift, moodle_xml
from courses.models import Question, QuestionCategory


def questions_for_export(*, category: QuestionCategory | None = None, include_retired: bool = False):
    questions = Question.objects.select_related("category", "legal_document").prefetch_related(
        "choices", "pairs", "tags"
    )
    if category is not None:
        questions = questions.in_categories(category.subtree_ids())
    if not include_retired:
        questions = questions.active()
    return questions.order_by("category__full_path", "pk")


def export_bank(*, fmt: str, category: QuestionCategory | None = None, include_retired: bool = False) -> bytes:
    questions = questions_for_export(category=category, include_retired=include_retired)
    if fmt == "gift":
        return gift.export(questions).encode("utf-8")
    return moodle_xml.export(questions)
