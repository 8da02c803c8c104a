"""Moodle XML: read and write question banks (<quiz><question type="…">), categories and tags included.

The parser refuses entities, DTDs and network access, so a crafted file cannot read local files or
expand into gigabytes. Besides Moodle's elements, an exported question may carry <legalbasis>, which
Moodle ignores.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _
from lxml import etree

from courses import grading
from courses.formats import HTML, MARKDOWN, MOODLE, PLAIN, ParsedQuestion, to_plain, to_rich_text
from courses.formats.gift import _category_path, _default_name

_FORMATS = {"html": HTML, "moodle_auto_format": MOODLE, "plain_text": PLAIN, "markdown": MARKDOWN}


class MoodleXMLError(ValueError):
    pass


def _parser() -> etree.XMLParser:
    return etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False, remove_comments=True
    )


def _text(element, path: str) -> str:
    node = element.find(path)
    return node.text or "" if node is not None else ""


def _formatted(element, name: str, default: str = MOODLE) -> tuple[str, str]:
    node = element.find(name)
    if node is None:
        return default, ""
    return _FORMATS.get(node.get("format", ""), default), _text(node, "text")


def _decimal(value: str, default: Decimal) -> Decimal:
    try:
        return Decimal(value.strip())
    except (InvalidOperation, AttributeError):
        return default


def parse(source: bytes) -> list[ParsedQuestion]:
    try:
        root = etree.fromstring(source, parser=_parser())
    except etree.XMLSyntaxError as error:
        raise MoodleXMLError(_("The file is not valid XML: %(error)s") % {"error": error}) from None
    if root.tag != "quiz":
        raise MoodleXMLError(_("This is not a Moodle XML question file (it must start with <quiz>)."))
    questions: list[ParsedQuestion] = []
    category: list[str] = []
    for element in root.iter("question"):
        moodle_type = element.get("type", "")
        if moodle_type == "category":
            category = _category_path(_text(element, "category/text"))
            continue
        question_format, question_text = _formatted(element, "questiontext")
        general_format, general = _formatted(element, "generalfeedback", question_format)
        name = _text(element, "name/text").strip() or _default_name(question_text)
        question = ParsedQuestion(
            line=element.sourceline,
            name=name,
            moodle_type=moodle_type,
            category=list(category),
            text=to_rich_text(question_text, question_format),
            explanation=to_rich_text(general, general_format),
            mark=_decimal(_text(element, "defaultgrade"), Decimal(1)),
            tags=[t.text.strip() for t in element.findall("tags/tag/text") if t.text and t.text.strip()],
        )
        legal = element.find("legalbasis")
        if legal is not None and legal.get("document"):
            article = legal.get("article", "")
            question.legal = (
                legal.get("document"),
                int(article) if article.isdigit() else None,
                legal.get("clause", ""),
            )
        if moodle_type == "multichoice":
            _choices(question, element)
        elif moodle_type == "truefalse":
            _true_false(question, element)
        elif moodle_type == "matching":
            _pairs(question, element)
        questions.append(question)
    return questions


def _answer_text(answer, fmt: str) -> tuple[str, str]:
    answer_format = _FORMATS.get(answer.get("format", ""), fmt)
    feedback_format, feedback = _formatted(answer, "feedback", fmt)
    return to_plain(_text(answer, "text"), answer_format), to_plain(feedback, feedback_format)


def _choices(question: ParsedQuestion, element) -> None:
    single = _text(element, "single").strip().lower() in {"true", "1"}
    answers = element.findall("answer")
    if len(answers) < 2:
        question.problem = _("A choice question needs at least two answers.")
        return
    question.kind = grading.SINGLE if single else grading.MULTIPLE
    for answer in answers:
        weight = _decimal(answer.get("fraction", "0"), Decimal(0))
        text, feedback = _answer_text(answer, HTML)
        if single and weight in {Decimal(0), Decimal(100)}:
            question.choices.append(grading.ChoiceSpec(text, weight == 100, None, feedback))
        else:
            question.choices.append(grading.ChoiceSpec(text, weight > 0, weight, feedback))


def _true_false(question: ParsedQuestion, element) -> None:
    truth = None
    for answer in element.findall("answer"):
        word = _text(answer, "text").strip().lower()
        _text_value, feedback = _answer_text(answer, HTML)
        right = _decimal(answer.get("fraction", "0"), Decimal(0)) > 0
        if word == "true":
            question.feedback_true = feedback
            truth = right if truth is None else truth
        elif word == "false":
            question.feedback_false = feedback
            truth = (not right) if truth is None else truth
    if truth is None:
        question.problem = _("A true/false question needs its “true” and “false” answers.")
        return
    question.kind = grading.TRUE_FALSE
    question.true_is_correct = truth


def _pairs(question: ParsedQuestion, element) -> None:
    for sub in element.findall("subquestion"):
        sub_format = _FORMATS.get(sub.get("format", ""), HTML)
        prompt = to_plain(_text(sub, "text"), sub_format)
        question.pairs.append(grading.PairSpec(prompt, to_plain(_text(sub, "answer/text"), PLAIN)))
    question.kind = grading.MATCHING


def _add_text(parent, tag: str, value: str, fmt: str | None = None, cdata: bool = False):
    node = etree.SubElement(parent, tag)
    if fmt:
        node.set("format", fmt)
    text = etree.SubElement(node, "text")
    text.text = etree.CDATA(value) if cdata and value else value
    return node


def export(questions: Iterable) -> bytes:
    """A Moodle XML file of the given questions (with choices, pairs, tags and legal documents loaded)."""
    root = etree.Element("quiz")
    current = None
    for question in questions:
        names = question.category.names()
        if names != current:
            node = etree.SubElement(root, "question", type="category")
            _add_text(node, "category", "$course$/" + "/".join(n.replace("/", "//") for n in names))
            current = names
        root.append(_question(question))
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def _question(question):
    moodle_type = {
        grading.SINGLE: "multichoice",
        grading.MULTIPLE: "multichoice",
        grading.TRUE_FALSE: "truefalse",
        grading.MATCHING: "matching",
    }[question.kind]
    node = etree.Element("question", type=moodle_type)
    _add_text(node, "name", question.name)
    _add_text(node, "questiontext", str(question.text), "html", cdata=True)
    _add_text(node, "generalfeedback", str(question.explanation), "html", cdata=True)
    etree.SubElement(node, "defaultgrade").text = grading.fraction_text(question.mark)
    if question.kind in {grading.SINGLE, grading.MULTIPLE}:
        etree.SubElement(node, "single").text = "true" if question.kind == grading.SINGLE else "false"
        etree.SubElement(node, "shuffleanswers").text = "true"
        choices = list(question.choices.all())
        specs = [grading.ChoiceSpec(c.text, c.is_correct, c.weight, c.feedback) for c in choices]
        for spec, fraction in zip(specs, grading.choice_fractions(question.kind, specs), strict=True):
            answer = _add_text(node, "answer", spec.text, "plain_text")
            answer.set("fraction", grading.fraction_text(fraction * 100))
            _add_text(answer, "feedback", spec.feedback, "plain_text")
    elif question.kind == grading.TRUE_FALSE:
        for word, feedback in (("true", question.feedback_true), ("false", question.feedback_false)):
            right = question.true_is_correct == (word == "true")
            answer = _add_text(node, "answer", word, "moodle_auto_format")
            answer.set("fraction", "100" if right else "0")
            _add_text(answer, "feedback", feedback, "plain_text")
    else:
        etree.SubElement(node, "shuffleanswers").text = "true"
        for pair in question.pairs.all():
            sub = _add_text(node, "subquestion", pair.prompt, "plain_text")
            answer = etree.SubElement(sub, "answer")
            etree.SubElement(answer, "text").text = pair.answer
    tags = sorted(tag.name for tag in question.tags.all())
    if tags:
        tags_node = etree.SubElement(node, "tags")
        for tag in tags:
            _add_text(tags_node, "tag", tag)
    if question.legal_document_id:
        etree.SubElement(
            node,
            "legalbasis",
            document=question.legal_document.number,
            article=str(question.article or ""),
            clause=question.clause,
        )
    return node
