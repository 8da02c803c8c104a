"""Question versions: the content learners see, frozen once drawn into an attempt."""

from __future__ import annotations

from django.db import transaction

from courses import grading
from courses.models.questions import MatchingPair, Question, QuestionChoice, QuestionVersion


def choice_specs(question: Question) -> list[grading.ChoiceSpec]:
    rows = QuestionChoice.objects.filter(question=question).order_by("sort_order", "pk")
    return [grading.ChoiceSpec(c.text, c.is_correct, c.weight, c.feedback) for c in rows]


def pair_specs(question: Question) -> list[grading.PairSpec]:
    rows = MatchingPair.objects.filter(question=question).order_by("sort_order", "pk")
    return [grading.PairSpec(p.prompt, p.answer) for p in rows]


def build_data(question: Question) -> dict:
    """The learner-facing content of the question as it is now, in JSON-ready values."""
    data = {
        "kind": question.kind,
        "text": question.text,
        "explanation": question.explanation,
        "mark": grading.fraction_text(question.mark),
        "legal_basis": question.legal_basis,
        "choices": [],
        "prompts": [],
        "answers": [],
    }
    if question.kind == grading.TRUE_FALSE:
        truth = bool(question.true_is_correct)
        data["choices"] = [
            {"text": "", "truth": True, "fraction": "1" if truth else "0", "feedback": question.feedback_true},
            {"text": "", "truth": False, "fraction": "0" if truth else "1", "feedback": question.feedback_false},
        ]
    elif question.kind == grading.MATCHING:
        data["prompts"], data["answers"] = grading.matching_data(pair_specs(question))
    else:
        specs = choice_specs(question)
        fractions = grading.choice_fractions(question.kind, specs)
        data["choices"] = [
            {"text": spec.text, "fraction": grading.fraction_text(fraction), "feedback": spec.feedback}
            for spec, fraction in zip(specs, fractions, strict=True)
        ]
    return data


@transaction.atomic
def version_sync(question: Question) -> QuestionVersion:
    """Make the current version match the question: edit it in place until an attempt has drawn it,
    then start a new one, so that past attempts keep grading and reviewing against what they showed."""
    from courses.models.learning import AttemptQuestion

    data = build_data(question)
    current = None
    if question.current_version_id is not None:
        current = QuestionVersion.objects.select_for_update().filter(pk=question.current_version_id).first()
    if current is not None and current.data == data:
        return current
    if current is not None and not AttemptQuestion.objects.filter(version=current).exists():
        current.data = data
        current.save(update_fields=["data"])
        question.current_version = current
        return current
    number = (current.number + 1) if current else 1
    version = QuestionVersion.objects.create(question=question, number=number, data=data)
    Question.objects.filter(pk=question.pk).update(current_version=version)
    question.current_version = version
    return version
