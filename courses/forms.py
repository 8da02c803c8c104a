"""The quiz attempt form and its review: what each drawn question shows, in the attempt's frozen order.

Only display positions reach the browser. Fractions, feedback and explanations are added to the view
only when a graded attempt is reviewed, and only as far as the quiz's review policy allows.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from courses import grading
from courses.models import AttemptQuestion, QuestionCategory, ReviewPolicy

REVIEW_LEVELS = {ReviewPolicy.SCORE: 0, ReviewPolicy.CORRECTNESS: 1, ReviewPolicy.EXPLANATIONS: 2}


@dataclass
class ChoiceView:
    value: str
    label: str
    checked: bool
    correct: bool | None = None
    feedback: str = ""


@dataclass
class PromptView:
    key: str
    text: str
    options: list[tuple[str, str, bool]]
    chosen: str = ""
    right_answer: str = ""
    correct: bool | None = None


@dataclass
class SlotView:
    position: int
    kind: str
    text: str
    choices: list[ChoiceView] = field(default_factory=list)
    prompts: list[PromptView] = field(default_factory=list)
    answered: bool = False
    score: Decimal | None = None
    max_score: Decimal | None = None
    right: bool | None = None
    explanation: str = ""
    legal_basis: str = ""

    @property
    def multiple(self) -> bool:
        return self.kind == grading.MULTIPLE

    @property
    def field_name(self) -> str:
        return f"q{self.position}"


def _label(data: dict, index: int) -> str:
    choice = data["choices"][index]
    if data["kind"] == grading.TRUE_FALSE:
        return str(_("True") if choice.get("truth") else _("False"))
    return choice["text"]


def slot_view(slot: AttemptQuestion, *, review_level: int | None = None) -> SlotView:
    """review_level None: the attempt form, with nothing about right answers; 1: right answers; 2: explanations."""
    data, order, response = slot.version.data, slot.order, slot.response or {}
    view = SlotView(position=slot.position, kind=data["kind"], text=data["text"], answered=bool(slot.response))
    showing = review_level is not None and review_level >= 1
    if data["kind"] == grading.MATCHING:
        pairs = response.get("pairs", {})
        for k, prompt_index in enumerate(order["prompts"]):
            chosen_answer = pairs.get(str(prompt_index))
            options = [
                (str(p), data["answers"][answer_index], answer_index == chosen_answer)
                for p, answer_index in enumerate(order["answers"])
            ]
            prompt = PromptView(
                key=str(k),
                text=data["prompts"][prompt_index]["text"],
                options=options,
                chosen=data["answers"][chosen_answer] if chosen_answer is not None else "",
            )
            if showing:
                right_index = data["prompts"][prompt_index]["answer"]
                prompt.right_answer = data["answers"][right_index]
                prompt.correct = chosen_answer == right_index
            view.prompts.append(prompt)
    else:
        chosen = set(response.get("choices", [])) | ({response["choice"]} if "choice" in response else set())
        for position, index in enumerate(order["choices"]):
            choice = ChoiceView(value=str(position), label=_label(data, index), checked=index in chosen)
            if showing:
                choice.correct = Decimal(data["choices"][index]["fraction"]) > 0
                if review_level >= 2 and index in chosen:
                    choice.feedback = data["choices"][index].get("feedback", "")
            view.choices.append(choice)
    if showing:
        view.score, view.max_score = slot.score, slot.max_score
        view.right = grading.is_fully_right(data, slot.response)
    if review_level is not None and review_level >= 2:
        view.explanation = data.get("explanation", "")
        view.legal_basis = data.get("legal_basis", "")
    return view


class QuestionImportForm(forms.Form):
    FORMATS = [("gift", "Moodle GIFT"), ("moodlexml", "Moodle XML")]

    file = forms.FileField(label=_("File"))
    format = forms.ChoiceField(label=_("Format"), choices=FORMATS)
    category = forms.ModelChoiceField(
        label=_("Import into category"),
        queryset=QuestionCategory.objects.all(),
        required=False,
        help_text=_("Categories named in the file are created under this one. Empty: at the top level."),
    )
    dry_run = forms.BooleanField(label=_("Check only, save nothing"), required=False, initial=True)
    strict = forms.BooleanField(
        label=_("Import nothing if any question cannot be imported"), required=False, initial=False
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > settings.LMS_MAX_IMPORT_BYTES:
            raise forms.ValidationError(
                _("The file is larger than %(mb)s MB.") % {"mb": settings.LMS_MAX_IMPORT_BYTES // (1024 * 1024)}
            )
        return upload


class QuestionExportForm(forms.Form):
    format = forms.ChoiceField(label=_("Format"), choices=QuestionImportForm.FORMATS)
    category = forms.ModelChoiceField(
        label=_("Category"),
        queryset=QuestionCategory.objects.all(),
        required=False,
        help_text=_("With its subcategories. Empty: the whole bank."),
    )
    include_retired = forms.BooleanField(label=_("Include retired questions"), required=False)


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Search"), max_length=200, required=False)
