"""Import of question banks from Moodle GIFT or Moodle XML: check every question, save the good ones.

Each question is validated and saved on its own savepoint, so one bad question does not stop the rest,
unless the import is strict (then nothing is saved when any question cannot be imported). Types the
site does not grade (essay, numerical, short answer, cloze, …) are reported with their line and name.
A dry run reports the same without saving anything.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import DatabaseError, transaction
from django.utils.translation import gettext as _

from courses import grading
from courses.formats import ParsedQuestion, gift, moodle_xml, skip_reason
from courses.models import LegalDocument, MatchingPair, Question, QuestionCategory, QuestionChoice
from lms import audit, vietnamese

FORMATS = ("gift", "moodlexml")


@dataclass(frozen=True)
class ReportLine:
    line: int | None
    name: str
    reason: str = ""

    def __str__(self) -> str:
        where = _("line %(line)s") % {"line": self.line} if self.line else ""
        label = f"{where} – “{self.name}”" if where else f"“{self.name}”"
        return f"{label}: {self.reason}" if self.reason else label


@dataclass
class ImportReport:
    dry_run: bool
    strict: bool
    imported: list[ReportLine] = field(default_factory=list)
    skipped: list[ReportLine] = field(default_factory=list)
    failed: list[ReportLine] = field(default_factory=list)
    warnings: list[ReportLine] = field(default_factory=list)
    categories_created: list[str] = field(default_factory=list)
    saved: bool = False

    @property
    def problems(self) -> list[ReportLine]:
        return self.skipped + self.failed


class _Rollback(Exception):
    pass


def _decode(content: bytes | str) -> str:
    if isinstance(content, str):
        return content
    for encoding in ("utf-8-sig", "cp1258", "latin-1"):
        try:
            return content.decode(encoding)
        except UnicodeDecodeError:
            continue
    return content.decode("utf-8", errors="replace")


def parse(content: bytes | str, fmt: str) -> list[ParsedQuestion]:
    if fmt == "gift":
        return gift.parse(_decode(content))
    if fmt == "moodlexml":
        data = content.encode("utf-8") if isinstance(content, str) else content
        try:
            return moodle_xml.parse(data)
        except moodle_xml.MoodleXMLError as error:
            raise ValidationError(str(error)) from None
    raise ValidationError(_("Unknown format %(format)s.") % {"format": fmt})


def questions_import(
    *,
    actor,
    content: bytes | str,
    fmt: str,
    root: QuestionCategory | None = None,
    dry_run: bool = False,
    strict: bool = False,
    source_name: str = "",
) -> ImportReport:
    """Import the questions of a GIFT or Moodle XML file under an optional root category."""
    parsed = parse(content, fmt)
    report = ImportReport(dry_run=dry_run, strict=strict)
    created: list[Question] = []
    try:
        with transaction.atomic():
            categories = _CategoryMaker(root, report)
            documents = {d.number: d for d in LegalDocument.objects.all()}
            for item in parsed:
                _import_one(item, categories, documents, report, created)
            if dry_run or (strict and report.problems):
                raise _Rollback
            audit.record_many(
                created, "courses.question.import", user=actor, data=lambda q: {"file": source_name, "format": fmt}
            )
            report.saved = True
    except _Rollback:
        report.saved = False
    return report


def _import_one(item: ParsedQuestion, categories, documents, report: ImportReport, created: list) -> None:
    line = ReportLine(item.line, item.name)
    if item.kind is None and not item.problem:
        report.skipped.append(ReportLine(item.line, item.name, skip_reason(item.moodle_type)))
        return
    if item.problem:
        report.failed.append(ReportLine(item.line, item.name, item.problem))
        return
    try:
        grading.validate_content(
            kind=item.kind, choices=item.choices, pairs=item.pairs, true_is_correct=item.true_is_correct
        )
        if not item.text:
            raise ValidationError(_("The question has no text."))
    except ValidationError as error:
        report.failed.append(ReportLine(item.line, item.name, " ".join(error.messages)))
        return
    document = None
    if item.legal:
        document = documents.get(item.legal[0])
        if document is None:
            report.warnings.append(
                ReportLine(
                    item.line,
                    item.name,
                    _("Legal document %(number)s is not listed; the legal basis was left empty.")
                    % {"number": item.legal[0]},
                )
            )
    try:
        with transaction.atomic():
            question = _save(item, categories.get(item.category), document)
    except (DatabaseError, ValidationError) as error:
        report.failed.append(ReportLine(item.line, item.name, "; ".join(getattr(error, "messages", [str(error)]))))
        return
    created.append(question)
    report.imported.append(line)


def _save(item: ParsedQuestion, category: QuestionCategory, document: LegalDocument | None) -> Question:
    question = Question(
        category=category,
        name=vietnamese.nfc(item.name)[:255],
        kind=item.kind,
        text=item.text,
        explanation=item.explanation,
        mark=item.mark,
        true_is_correct=item.true_is_correct,
        feedback_true=item.feedback_true,
        feedback_false=item.feedback_false,
        legal_document=document,
        article=item.legal[1] if document and item.legal else None,
        clause=item.legal[2] if document and item.legal else "",
    )
    question.choices = [
        QuestionChoice(text=c.text[:1000], is_correct=c.is_correct, weight=c.weight, feedback=c.feedback, sort_order=i)
        for i, c in enumerate(item.choices)
    ]
    question.pairs = [
        MatchingPair(prompt=p.prompt[:1000], answer=p.answer[:255], sort_order=i) for i, p in enumerate(item.pairs)
    ]
    if item.tags:
        question.tags.add(*item.tags)
    question.save()
    return question


class _CategoryMaker:
    """Finds or creates the category path of each question under the import's root, once per path."""

    def __init__(self, root: QuestionCategory | None, report: ImportReport):
        self.root = root
        self.report = report
        self.cache: dict[tuple[str, ...], QuestionCategory] = {}

    def get(self, names: list[str]) -> QuestionCategory:
        names = [vietnamese.nfc(n).replace("/", "-") for n in names] or [_("Imported questions")]
        key = tuple(names)
        if key in self.cache:
            return self.cache[key]
        parent = self.root
        for depth in range(1, len(names) + 1):
            prefix = key[:depth]
            if prefix in self.cache:
                parent = self.cache[prefix]
                continue
            category = QuestionCategory.objects.filter(parent=parent, name=names[depth - 1]).first()
            if category is None:
                category = QuestionCategory.objects.create(parent=parent, name=names[depth - 1])
                self.report.categories_created.append(category.full_path)
            self.cache[prefix] = parent = category
        return parent
