"""Scoring rules and question validation, on frozen version data (no database)."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from courses import grading
from courses.grading import ChoiceSpec, PairSpec


def _data(kind, choices=(), prompts=(), answers=()):
    return {"kind": kind, "choices": list(choices), "prompts": list(prompts), "answers": list(answers)}


def test_single_choice_gives_the_weight_of_the_chosen_answer():
    specs = [ChoiceSpec("a", True), ChoiceSpec("b", False), ChoiceSpec("c", False, Decimal(50))]
    fractions = grading.choice_fractions("single", specs)
    assert fractions == [1, 0, Decimal("0.5")]
    data = _data("single", [{"fraction": grading.fraction_text(f)} for f in fractions])
    assert grading.score_fraction(data, {"choice": 0}) == 1
    assert grading.score_fraction(data, {"choice": 2}) == Decimal("0.5")
    assert grading.score_fraction(data, {"choice": 1}) == 0
    assert grading.score_fraction(data, None) == 0


def test_multiple_choice_shares_the_marks_and_wrong_ticks_take_them_away():
    specs = [ChoiceSpec("a", True), ChoiceSpec("b", True), ChoiceSpec("c", True), ChoiceSpec("d", False)]
    fractions = grading.choice_fractions("multiple", specs)
    data = _data("multiple", [{"fraction": grading.fraction_text(f)} for f in fractions])
    assert grading.score_fraction(data, {"choices": [0, 1, 2]}) == 1
    assert grading.score_fraction(data, {"choices": [0, 1]}) == Decimal("0.66667")
    assert grading.score_fraction(data, {"choices": [0, 3]}) == 0
    assert grading.score_fraction(data, {"choices": [0, 1, 2, 3]}) == Decimal("0.66667")
    assert grading.score_fraction(data, {"choices": [3]}) == 0, "never below zero"


def test_moodle_weights_are_kept_as_given():
    specs = [
        ChoiceSpec("yellow", True, Decimal(50)),
        ChoiceSpec("red", False, Decimal(-100)),
        ChoiceSpec("off-beige", True, Decimal(50)),
        ChoiceSpec("blue", False, Decimal(-100)),
    ]
    assert grading.choice_fractions("multiple", specs) == [Decimal("0.5"), -1, Decimal("0.5"), -1]


def test_true_false_and_matching():
    tf = _data("true_false", [{"fraction": "0", "truth": True}, {"fraction": "1", "truth": False}])
    assert grading.score_fraction(tf, {"choice": 1}) == 1
    assert grading.score_fraction(tf, {"choice": 0}) == 0
    prompts, answers = grading.matching_data(
        [PairSpec("Điều 11", "công khai"), PairSpec("Điều 15", "bàn và quyết định"), PairSpec("", "khen thưởng")]
    )
    assert answers == ["công khai", "bàn và quyết định", "khen thưởng"]
    data = _data("matching", prompts=prompts, answers=answers)
    assert grading.score_fraction(data, {"pairs": {"0": 0, "1": 1}}) == 1
    assert grading.score_fraction(data, {"pairs": {"0": 0, "1": 2}}) == Decimal("0.5")


def test_form_values_are_display_positions_mapped_through_the_frozen_order():
    data = _data("single", [{"fraction": "1"}, {"fraction": "0"}, {"fraction": "0"}])
    order = {"choices": [2, 0, 1]}
    assert grading.response_from_form(data, order, {"": ["1"]}) == {"choice": 0}
    assert grading.response_from_form(data, order, {}) is None
    with pytest.raises(ValidationError):
        grading.response_from_form(data, order, {"": ["3"]})
    with pytest.raises(ValidationError):
        grading.response_from_form(data, order, {"": ["0", "1"]})
    with pytest.raises(ValidationError):
        grading.response_from_form(data, order, {"": ["x"]})


@pytest.mark.parametrize(
    ("kind", "choices", "pairs", "truth", "message"),
    [
        ("single", [ChoiceSpec("a", True)], [], None, "ít nhất hai phương án"),
        ("single", [ChoiceSpec("a", False), ChoiceSpec("b", False)], [], None, "một phương án đúng được 100 %"),
        ("multiple", [ChoiceSpec("a", False), ChoiceSpec("b", False)], [], None, "ít nhất một phương án đúng"),
        (
            "multiple",
            [ChoiceSpec("a", True, Decimal(50)), ChoiceSpec("b", True, Decimal(30))],
            [],
            None,
            "hiện là 80%",
        ),
        ("single", [ChoiceSpec("a", True, Decimal(150)), ChoiceSpec("b", False)], [], None, "-100 % đến 100 %"),
        ("true_false", [], [], None, "đúng hay sai"),
        ("matching", [], [PairSpec("Điều 11", "công khai"), PairSpec("", "x")], None, "ít nhất hai mục"),
    ],
)
def test_questions_that_cannot_be_graded_are_refused_in_vietnamese(kind, choices, pairs, truth, message):
    with pytest.raises(ValidationError) as raised:
        grading.validate_content(kind=kind, choices=choices, pairs=pairs, true_is_correct=truth)
    assert any(message in m for m in raised.value.messages)


def test_percent_rounds_half_up():
    assert grading.percent(Decimal(2), Decimal(3)) == Decimal("66.67")
    assert grading.percent(Decimal(0), Decimal(0)) == 0
