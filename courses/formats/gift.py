"""Moodle GIFT: read and write question banks, following Moodle's own parser (qformat_gift).

Questions are separated by blank lines; "//" starts a comment line; "$CATEGORY: a/b" switches category;
"::name::" names a question; answers sit in braces with "=" (right), "~" (wrong), "%50%" (weights),
"#" (feedback), "####" (general feedback) and "->" (matching); ":#={}~" and new lines are escaped with a
backslash. Comments may carry "[tag:…]" (as Moodle writes them) and, for this site, "[legal:number|article|
clause]" and "[mark:n]", which Moodle ignores.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from decimal import Decimal, InvalidOperation

from django.utils.html import escape, strip_tags
from django.utils.translation import gettext as _

from courses import grading
from courses.formats import HTML, MARKDOWN, MOODLE, PLAIN, ParsedQuestion, to_plain, to_rich_text

_ESCAPED = {"\\:": "\ue000", "\\#": "\ue001", "\\=": "\ue002", "\\{": "\ue003", "\\}": "\ue004", "\\~": "\ue005"}
_NEWLINE = "\ue006"
_BACKSLASH = "\ue007"
_RESTORE = {placeholder: escaped[1] for escaped, placeholder in _ESCAPED.items()} | {_NEWLINE: "\n"}
_WEIGHT_RE = re.compile(r"^%(-?\d+(?:\.\d*)?)%")
_TAG_RE = re.compile(r"\[tag:([^\]]+)\]")
_LEGAL_RE = re.compile(r"\[legal:([^\]|]*)\|([^\]|]*)\|([^\]]*)\]")
_MARK_RE = re.compile(r"\[mark:(\d+(?:\.\d+)?)\]")
_FORMATS = {HTML, MOODLE, PLAIN, MARKDOWN}
TRUE_WORDS, FALSE_WORDS = {"T", "TRUE"}, {"F", "FALSE"}


def _protect(text: str) -> str:
    text = text.replace("\\\\", _BACKSLASH)
    for escaped, placeholder in _ESCAPED.items():
        text = text.replace(escaped, placeholder)
    return text.replace("\\n", _NEWLINE).replace(_BACKSLASH, "\\")


def _restore(text: str) -> str:
    for placeholder, char in _RESTORE.items():
        text = text.replace(placeholder, char)
    return text


def _with_format(text: str, default: str) -> tuple[str, str]:
    """Moodle's parse_text_with_format: an optional [format] prefix, then the text."""
    text = text.strip()
    if text.startswith("["):
        end = text.find("]")
        if end > 0 and text[1:end] in _FORMATS:
            return text[1:end], _restore(text[end + 1 :]).strip()
    return default, _restore(text).strip()


def _blocks(source: str) -> Iterator[list[tuple[int, str]]]:
    block: list[tuple[int, str]] = []
    for number, raw in enumerate(source.lstrip("\ufeff").splitlines(), start=1):
        line = raw.strip()
        if line:
            block.append((number, line))
        elif block:
            yield block
            block = []
    if block:
        yield block


def _category_path(value: str) -> list[str]:
    value = value.strip()
    value = re.sub(r"^\$[a-z0-9]+\$/?", "", value)
    parts = [p.replace("\ue008", "/").strip() for p in value.replace("//", "\ue008").split("/")]
    parts = [p for p in parts if p]
    if parts and parts[0] == "top":
        parts = parts[1:]
    return parts


def _default_name(text: str) -> str:
    plain = " ".join(strip_tags(text).split())
    return plain[:80] or _("Untitled question")


def parse(source: str) -> list[ParsedQuestion]:
    """Every question of a GIFT file, in order, each with its category path and line number."""
    questions: list[ParsedQuestion] = []
    category: list[str] = []
    for block in _blocks(source):
        comments = " ".join(line for _n, line in block if line.startswith("//"))
        lines = [" " if line.startswith("//") else line for _n, line in block]
        text = "\n".join(lines).strip()
        if not text:
            continue
        line_number = next((n for n, line in block if not line.startswith("//")), block[0][0])
        text = _protect(text)
        if text.startswith("$CATEGORY:"):
            category = _category_path(_restore(text[len("$CATEGORY:") :]))
            continue
        question = _read(text, line_number)
        question.category = list(category)
        question.tags = [t.strip() for t in _TAG_RE.findall(comments) if t.strip()]
        legal = _LEGAL_RE.search(comments)
        if legal:
            number, article, clause = (part.strip() for part in legal.groups())
            question.legal = (number, int(article) if article.isdigit() else None, clause)
        mark = _MARK_RE.search(comments)
        if mark:
            question.mark = Decimal(mark.group(1))
        questions.append(question)
    return questions


def _read(text: str, line: int) -> ParsedQuestion:
    name = ""
    if text.startswith("::"):
        rest = text[2:]
        end = rest.find("::")
        if end != -1:
            name = _restore(rest[:end]).strip()
            text = rest[end + 2 :].strip()
        else:
            text = rest
    start, finish = text.find("{"), text.find("}")
    if start == -1 and finish == -1:
        question_format, question_text = _with_format(text, MOODLE)
        return ParsedQuestion(
            line=line, name=name or _default_name(question_text), moodle_type="description", text=question_text
        )
    if start == -1 or finish == -1 or finish < start:
        return ParsedQuestion(
            line=line,
            name=name or _default_name(_restore(text)),
            moodle_type="unknown",
            problem=_("The braces around the answers do not match."),
        )
    answers = text[start + 1 : finish].strip()
    if text.endswith("}"):
        question_source = text[:start] + text[finish + 1 :]
    else:
        # Text after the answers: Moodle's "missing word" form, with a blank where the answers were.
        question_source = text[:start] + "_____" + text[finish + 1 :]
    general = ""
    separator = answers.rfind("####")
    if separator != -1:
        general = answers[separator + 4 :]
        answers = answers[:separator].strip()
    question_format, question_text = _with_format(question_source, MOODLE)
    general_format, general_text = _with_format(general, question_format)
    question = ParsedQuestion(
        line=line,
        name=name or _default_name(question_text),
        moodle_type="",
        text=to_rich_text(question_text, question_format),
        explanation=to_rich_text(general_text, general_format),
    )
    if answers == "":
        question.moodle_type = "essay"
    elif answers.startswith("#"):
        question.moodle_type = "numerical"
    elif "~" in answers:
        question.moodle_type = "multichoice"
        _choices(question, answers, question_format)
    elif "=" in answers and "->" in answers:
        question.moodle_type = "match"
        _pairs(question, answers, question_format)
    else:
        check = answers.split("#", 1)[0].strip() if answers.find("#") > 0 else answers
        if check in TRUE_WORDS | FALSE_WORDS:
            question.moodle_type = "truefalse"
            _true_false(question, answers, question_format)
        else:
            question.moodle_type = "shortanswer"
    return question


def _split_feedback(answer: str, fmt: str) -> tuple[str, str]:
    text, _sep, feedback = answer.partition("#")
    text_format, text = _with_format(text, fmt)
    feedback_format, feedback = _with_format(feedback, fmt)
    return to_plain(text, text_format), to_plain(feedback, feedback_format)


def _choices(question: ParsedQuestion, answers: str, fmt: str) -> None:
    single = "=" in answers
    parts = [p.strip() for p in answers.replace("=", "~=").split("~")]
    if parts and not parts[0]:
        parts = parts[1:]
    if len(parts) < 2:
        question.problem = _("A choice question needs at least two answers.")
        return
    question.kind = grading.SINGLE if single else grading.MULTIPLE
    for part in parts:
        weight = Decimal(0)
        if part.startswith("="):
            weight, part = Decimal(100), part[1:]
        else:
            match = _WEIGHT_RE.match(part)
            if match:
                try:
                    weight = Decimal(match.group(1))
                except InvalidOperation:
                    weight = Decimal(0)
                part = part[match.end() :]
        text, feedback = _split_feedback(part, fmt)
        if single and weight in {Decimal(0), Decimal(100)}:
            question.choices.append(grading.ChoiceSpec(text, weight == 100, None, feedback))
        else:
            question.choices.append(grading.ChoiceSpec(text, weight > 0, weight, feedback))


def _pairs(question: ParsedQuestion, answers: str, fmt: str) -> None:
    parts = [p.strip() for p in answers.split("=")]
    if parts and not parts[0]:
        parts = parts[1:]
    if len(parts) < 2:
        question.problem = _("A matching question needs at least two items to match.")
        return
    for part in parts:
        if "->" not in part:
            question.problem = _("Every item of a matching question needs “->” before its answer.")
            return
        prompt, _arrow, answer = part.partition("->")
        prompt_format, prompt = _with_format(prompt, fmt)
        question.pairs.append(grading.PairSpec(to_plain(prompt, prompt_format), _restore(answer).strip()))
    question.kind = grading.MATCHING


def _true_false(question: ParsedQuestion, answers: str, fmt: str) -> None:
    bits = [*answers.split("#", 2), "", ""]
    answer = _restore(bits[0]).strip()
    wrong_format, wrong = _with_format(bits[1], fmt)
    right_format, right = _with_format(bits[2], fmt)
    wrong, right = to_plain(wrong, wrong_format), to_plain(right, right_format)
    question.kind = grading.TRUE_FALSE
    question.true_is_correct = answer in TRUE_WORDS
    if question.true_is_correct:
        question.feedback_true, question.feedback_false = right, wrong
    else:
        question.feedback_true, question.feedback_false = wrong, right


def _escape(text: str) -> str:
    """Moodle's repchar: escape the characters GIFT reserves, write new lines as \\n."""
    for char in ("\\", "#", "=", "~", "{", "}", ":"):
        text = text.replace(char, "\\" + char)
    return text.replace("\r", "").replace("\n", "\\n")


def _percent(fraction: Decimal) -> str:
    return grading.fraction_text(fraction * 100)


def _category_line(names: list[str]) -> str:
    return "$CATEGORY: $course$/" + "/".join(name.replace("/", "//") for name in names)


def export(questions: Iterable) -> str:
    """A GIFT file of the given questions (with their choices, pairs, tags and legal documents loaded)."""
    out: list[str] = []
    current_category = None
    for question in questions:
        names = question.category.names()
        if names != current_category:
            out.append(f"// category: {' / '.join(names)}\n{_category_line(names)}\n")
            current_category = names
        out.append(_question(question))
    return "\n".join(out)


def _question(question) -> str:
    head = [f"// question: {question.pk}  name: {question.name}"]
    tags = sorted(tag.name for tag in question.tags.all())
    if tags:
        head.append("// " + " ".join(f"[tag:{tag}]" for tag in tags))
    if question.legal_document_id:
        head.append(f"// [legal:{question.legal_document.number}|{question.article or ''}|{question.clause}]")
    if question.mark != 1:
        head.append(f"// [mark:{grading.fraction_text(question.mark)}]")
    body = f"::{_escape(question.name)}::[html]{_escape(str(question.text))}"
    general = f"####{_escape(str(question.explanation))}" if question.explanation else ""
    if question.kind == grading.TRUE_FALSE:
        right, wrong = (
            (question.feedback_true, question.feedback_false)
            if question.true_is_correct
            else (question.feedback_false, question.feedback_true)
        )
        answer = "TRUE" if question.true_is_correct else "FALSE"
        feedback = ""
        if wrong or right:
            feedback = f"#{_escape(escape(wrong))}"
        if right:
            feedback += f"#{_escape(escape(right))}"
        return "\n".join([*head, f"{body}{{{answer}{feedback}{general}}}", ""])
    lines = [*head, body + "{"]
    if question.kind == grading.MATCHING:
        for pair in question.pairs.all():
            lines.append(f"\t={_escape(escape(pair.prompt))} -> {_escape(pair.answer)}")
    else:
        choices = list(question.choices.all())
        specs = [grading.ChoiceSpec(c.text, c.is_correct, c.weight, c.feedback) for c in choices]
        for spec, fraction in zip(specs, grading.choice_fractions(question.kind, specs), strict=True):
            if question.kind == grading.SINGLE and fraction == 1:
                mark = "="
            elif fraction == 0:
                mark = "~"
            else:
                mark = f"~%{_percent(fraction)}%"
            line = f"\t{mark}{_escape(escape(spec.text))}"
            if spec.feedback:
                line += f"#{_escape(escape(spec.feedback))}"
            lines.append(line)
    if general:
        lines.append(f"\t{general}")
    lines.append("}")
    return "\n".join(lines) + "\n"
