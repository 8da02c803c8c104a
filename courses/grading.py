"""Question content rules and scoring, on the frozen version data: pure functions, no database.

A version's data is JSON: {"kind", "text", "explanation", "mark", "legal_basis", "choices": [{"text",
"fraction", "feedback", "truth"?}], "prompts": [{"text", "answer"}], "answers": [text]}. Fractions are
strings of decimals, the share of the marks a choice gives (negative ones take marks away).
A response is {"choice": i}, {"choices": [i, ...]} or {"pairs": {"i": j}}, always in version indices;
the browser only ever sees display positions, which the attempt's frozen order maps to these.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

SINGLE, MULTIPLE, TRUE_FALSE, MATCHING = "single", "multiple", "true_false", "matching"
CHOICE_KINDS = {SINGLE, MULTIPLE, TRUE_FALSE}
FRACTION_PLACES = Decimal("0.0000001")
SCORE_PLACES = Decimal("0.00001")
ONE, ZERO, HUNDRED = Decimal(1), Decimal(0), Decimal(100)


@dataclass(frozen=True)
class ChoiceSpec:
    text: str
    is_correct: bool
    weight: Decimal | None = None  # percent; None means "derive from is_correct"
    feedback: str = ""


@dataclass(frozen=True)
class PairSpec:
    prompt: str
    answer: str


def fraction_text(value: Decimal) -> str:
    text = format(value.quantize(FRACTION_PLACES).normalize(), "f")
    return "0" if text in {"-0", ""} else text


def choice_fractions(kind: str, choices: Sequence[ChoiceSpec]) -> list[Decimal]:
    """Share of the marks each choice gives.

    Single choice: 100 % for a correct answer, 0 for the others, unless weights say otherwise.
    Multiple choice: the correct answers share 100 %; each wrong one takes away 100 % / (number of
    correct answers), so ticking everything earns nothing. Explicit weights override either.
    """
    if kind != MULTIPLE:
        return [
            (c.weight / HUNDRED if c.weight is not None else (ONE if c.is_correct else ZERO)).quantize(FRACTION_PLACES)
            for c in choices
        ]
    explicit_positive = sum((c.weight for c in choices if c.weight is not None and c.weight > 0), ZERO)
    derived_correct = [c for c in choices if c.weight is None and c.is_correct]
    correct_count = sum(1 for c in choices if (c.weight is not None and c.weight > 0) or c.is_correct) or 1
    share = (HUNDRED - explicit_positive) / len(derived_correct) if derived_correct else ZERO
    result = []
    for c in choices:
        if c.weight is not None:
            percent = c.weight
        elif c.is_correct:
            percent = share
        else:
            percent = -HUNDRED / correct_count
        result.append((percent / HUNDRED).quantize(FRACTION_PLACES))
    return result


def validate_content(
    *,
    kind: str,
    choices: Sequence[ChoiceSpec] = (),
    pairs: Sequence[PairSpec] = (),
    true_is_correct: bool | None = None,
) -> None:
    """Raise ValidationError (in the user's language) when a question cannot be graded as written."""
    errors = []
    if kind in {SINGLE, MULTIPLE}:
        if len(choices) < 2:
            errors.append(_("A choice question needs at least two answers."))
        if any(not c.text.strip() for c in choices):
            errors.append(_("Every answer needs a text."))
        fractions = choice_fractions(kind, choices)
        if any(f > ONE or f < -ONE for f in fractions):
            errors.append(_("Weights must be between -100 % and 100 %."))
        if kind == SINGLE and choices and ONE not in fractions:
            errors.append(_("A single-choice question needs one answer worth 100 %."))
        if kind == MULTIPLE and choices:
            positive = sum((f for f in fractions if f > 0), ZERO)
            if positive == 0:
                errors.append(_("Mark at least one answer as correct."))
            elif abs(positive - ONE) > Decimal("0.0001"):
                errors.append(
                    _("The correct answers of a multiple-choice question must add up to 100%% (now %(total)s%%).")
                    % {"total": fraction_text(positive * HUNDRED)}
                )
    elif kind == TRUE_FALSE:
        if true_is_correct is None:
            errors.append(_("Say whether the statement is true or false."))
    elif kind == MATCHING:
        prompts = [p for p in pairs if p.prompt.strip()]
        if len(prompts) < 2:
            errors.append(_("A matching question needs at least two items to match."))
        if any(not p.answer.strip() for p in pairs):
            errors.append(_("Every item needs the answer it matches."))
    else:
        errors.append(_("Unknown question type."))
    if errors:
        raise ValidationError(errors)


def matching_data(pairs: Sequence[PairSpec]) -> tuple[list[dict], list[str]]:
    """Prompts pointing into a list of distinct answers (extra wrong answers included)."""
    answers: list[str] = []
    prompts = []
    for pair in pairs:
        if pair.answer not in answers:
            answers.append(pair.answer)
        if pair.prompt.strip():
            prompts.append({"text": pair.prompt, "answer": answers.index(pair.answer)})
    return prompts, answers


def display_counts(data: Mapping) -> tuple[int, int]:
    """How many items the attempt shuffles: (choices or prompts, answers of a matching question)."""
    if data["kind"] == MATCHING:
        return len(data["prompts"]), len(data["answers"])
    return len(data["choices"]), 0


def response_from_form(data: Mapping, order: Mapping, values: Mapping[str, Sequence[str]]) -> dict | None:
    """Turn the posted display positions of one question into a response in version indices.

    values maps a field suffix to its posted strings: "" → the choice(s), "<k>" → the answer picked for
    the k-th item shown of a matching question. Anything not shown in this attempt is refused.
    """
    kind = data["kind"]

    def pick(raw: str, shown: Sequence[int]) -> int:
        try:
            position = int(raw)
        except (TypeError, ValueError):
            raise ValidationError(_("This answer is not one of the choices.")) from None
        if not 0 <= position < len(shown):
            raise ValidationError(_("This answer is not one of the choices."))
        return shown[position]

    if kind in {SINGLE, TRUE_FALSE}:
        raw = [v for v in values.get("", []) if v != ""]
        if not raw:
            return None
        if len(raw) > 1:
            raise ValidationError(_("Choose only one answer."))
        return {"choice": pick(raw[0], order["choices"])}
    if kind == MULTIPLE:
        raw = [v for v in values.get("", []) if v != ""]
        if not raw:
            return None
        return {"choices": sorted({pick(v, order["choices"]) for v in raw})}
    if kind == MATCHING:
        pairs = {}
        for key, raw_values in values.items():
            if key == "":
                continue
            prompt = pick(key, order["prompts"])
            raw = [v for v in raw_values if v != ""]
            if raw:
                pairs[str(prompt)] = pick(raw[-1], order["answers"])
        return {"pairs": pairs} if pairs else None
    raise ValidationError(_("Unknown question type."))


def score_fraction(data: Mapping, response: Mapping | None) -> Decimal:
    """Share of the question's marks earned, between 0 and 1."""
    if not response:
        return ZERO
    kind = data["kind"]
    if kind in {SINGLE, TRUE_FALSE}:
        index = response.get("choice")
        if index is None or not 0 <= index < len(data["choices"]):
            return ZERO
        total = Decimal(data["choices"][index]["fraction"])
    elif kind == MULTIPLE:
        chosen = {i for i in response.get("choices", []) if 0 <= i < len(data["choices"])}
        total = sum((Decimal(data["choices"][i]["fraction"]) for i in chosen), ZERO)
    elif kind == MATCHING:
        prompts = data["prompts"]
        pairs = response.get("pairs", {})
        right = sum(1 for i, prompt in enumerate(prompts) if pairs.get(str(i)) == prompt["answer"])
        total = Decimal(right) / Decimal(len(prompts)) if prompts else ZERO
    else:
        return ZERO
    total = total.quantize(SCORE_PLACES, rounding=ROUND_HALF_UP)
    return max(ZERO, min(ONE, total))


def is_fully_right(data: Mapping, response: Mapping | None) -> bool:
    return score_fraction(data, response) == ONE


def percent(score: Decimal, maximum: Decimal) -> Decimal:
    if not maximum:
        return ZERO
    return (score * HUNDRED / maximum).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
