"""The question bank: legal documents, categories (a tree), questions with their choices and frozen versions."""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from taggit.models import TaggedItemBase
from wagtail.fields import RichTextField
from wagtail.models import Orderable

from lms import vietnamese

QUESTION_TEXT_FEATURES = ["bold", "italic", "ol", "ul", "link"]
CATEGORY_SEPARATOR = " / "


class LegalDocument(models.Model):
    """A law, decree or decision that lessons and questions cite, so they can be reviewed when it changes."""

    number = models.CharField(_("number"), max_length=50, unique=True, help_text=_('e.g. "10/2022/QH15"'))
    title = models.CharField(_("title"), max_length=255, help_text=_('e.g. "Luật Thực hiện dân chủ ở cơ sở"'))
    issued_on = models.DateField(pgettext_lazy("legal document", "issued on"), null=True, blank=True)
    effective_from = models.DateField(_("in force from"), null=True, blank=True)
    effective_until = models.DateField(
        _("in force until"), null=True, blank=True, help_text=_("Set when the document is replaced or repealed.")
    )

    class Meta:
        verbose_name = _("legal document")
        verbose_name_plural = _("legal documents")
        ordering = ["title", "number"]

    def __str__(self) -> str:
        return f"{self.title} số {self.number}"

    def save(self, *args, **kwargs):
        self.number = vietnamese.nfc(self.number)
        self.title = vietnamese.nfc(self.title)
        super().save(*args, **kwargs)


def citation(document: LegalDocument | None, article: int | None, clause: str = "") -> str:
    """'Điều 11 khoản 1, Luật Thực hiện dân chủ ở cơ sở số 10/2022/QH15', or '' without a document."""
    if document is None:
        return ""
    parts = []
    if article:
        parts.append(f"Điều {article}")
    if clause:
        parts.append(clause)
    where = " ".join(parts)
    return f"{where}, {document}" if where else str(document)


class QuestionCategory(models.Model):
    """A folder of the question bank; categories nest, and a quiz can draw from one with its subcategories."""

    name = models.CharField(_("name"), max_length=255)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent category"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    description = models.TextField(_("description"), blank=True)
    full_path = models.CharField(_("category"), max_length=1000, editable=False, db_index=True)

    class Meta:
        verbose_name = _("question category")
        verbose_name_plural = _("question categories")
        ordering = ["full_path"]
        constraints = [
            models.UniqueConstraint(fields=["parent", "name"], name="unique_category_name_in_parent"),
            models.UniqueConstraint(
                fields=["name"], condition=Q(parent__isnull=True), name="unique_root_category_name"
            ),
        ]

    def __str__(self) -> str:
        return self.full_path or self.name

    def save(self, *args, **kwargs):
        self.name = vietnamese.nfc(self.name).replace("/", "-")
        self.full_path = f"{self.parent.full_path}{CATEGORY_SEPARATOR}{self.name}" if self.parent else self.name
        with transaction.atomic():
            super().save(*args, **kwargs)
            for child in self.children.all():
                child.save()

    def clean(self):
        ancestor = self.parent
        while ancestor is not None:
            if self.pk and ancestor.pk == self.pk:
                raise ValidationError({"parent": _("A category cannot be placed inside itself.")})
            ancestor = ancestor.parent

    def names(self) -> list[str]:
        return self.full_path.split(CATEGORY_SEPARATOR)

    def subtree_ids(self) -> set[int]:
        """This category and every category below it, from one query over the (small) category table."""
        children: dict[int | None, list[int]] = {}
        for pk, parent_id in QuestionCategory.objects.values_list("pk", "parent_id"):
            children.setdefault(parent_id, []).append(pk)
        found, frontier = {self.pk}, [self.pk]
        while frontier:
            frontier = [c for pk in frontier for c in children.get(pk, [])]
            found.update(frontier)
        return found


class QuestionKind(models.TextChoices):
    SINGLE = "single", _("Single choice")
    MULTIPLE = "multiple", _("Multiple choice")
    TRUE_FALSE = "true_false", _("True / false")
    MATCHING = "matching", _("Matching")


class QuestionTag(TaggedItemBase):
    content_object = ParentalKey("courses.Question", on_delete=models.CASCADE, related_name="tagged_items")


class QuestionQuerySet(models.QuerySet):
    def active(self) -> QuestionQuerySet:
        return self.filter(is_retired=False)

    def in_categories(self, category_ids) -> QuestionQuerySet:
        return self.filter(category_id__in=category_ids)

    def citing(self, document: LegalDocument, article: int | None = None) -> QuestionQuerySet:
        """Questions based on a legal document (and article): the ones to review when it changes."""
        qs = self.filter(legal_document=document)
        return qs.filter(article=article) if article else qs


class Question(ClusterableModel):
    category = models.ForeignKey(
        QuestionCategory, verbose_name=_("category"), on_delete=models.PROTECT, related_name="questions"
    )
    name = models.CharField(_("short name"), max_length=255, help_text=_("Shown in lists and kept in exports."))
    kind = models.CharField(_("type"), max_length=16, choices=QuestionKind.choices, default=QuestionKind.SINGLE)
    text = RichTextField(_("question"), features=QUESTION_TEXT_FEATURES)
    explanation = RichTextField(
        _("explanation"), blank=True, features=QUESTION_TEXT_FEATURES, help_text=_("Shown after grading.")
    )
    true_is_correct = models.BooleanField(
        _("the statement is true"), null=True, blank=True, help_text=_("Only for true / false questions.")
    )
    feedback_true = models.TextField(_('feedback when "True" is chosen'), blank=True)
    feedback_false = models.TextField(_('feedback when "False" is chosen'), blank=True)
    mark = models.DecimalField(
        _("marks"), max_digits=6, decimal_places=2, default=Decimal(1), help_text=_("Weight of the question in a quiz.")
    )
    legal_document = models.ForeignKey(
        LegalDocument,
        verbose_name=_("legal basis"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="questions",
    )
    article = models.PositiveSmallIntegerField(_("article"), null=True, blank=True)
    clause = models.CharField(_("clause / point"), max_length=100, blank=True)
    tags = ClusterTaggableManager(through=QuestionTag, blank=True, verbose_name=_("tags"))
    is_retired = models.BooleanField(
        _("retired"), default=False, help_text=_("Retired questions are not drawn into new attempts.")
    )
    current_version = models.ForeignKey(
        "courses.QuestionVersion", null=True, blank=True, editable=False, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = QuestionQuerySet.as_manager()

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["category__full_path", "pk"]

    def __str__(self) -> str:
        return self.name

    @property
    def legal_basis(self) -> str:
        return citation(self.legal_document, self.article, self.clause)

    def save(self, *args, **kwargs):
        from courses.versions import version_sync

        self.name = vietnamese.nfc(self.name)
        with transaction.atomic():
            # ClusterableModel.save writes the choices and pairs too, so the version sees them.
            super().save(*args, **kwargs)
            version_sync(self)


class QuestionChoice(Orderable):
    question = ParentalKey(Question, on_delete=models.CASCADE, related_name="choices")
    text = models.CharField(_("answer"), max_length=1000)
    is_correct = models.BooleanField(_("correct"), default=False)
    weight = models.DecimalField(
        _("weight (%)"),
        max_digits=8,
        decimal_places=5,
        null=True,
        blank=True,
        help_text=_("Optional. Share of the marks for choosing this answer, e.g. 50 or -100."),
    )
    feedback = models.TextField(_("feedback"), blank=True)

    class Meta(Orderable.Meta):
        verbose_name = _("answer")
        verbose_name_plural = _("answers")

    def __str__(self) -> str:
        return self.text


class MatchingPair(Orderable):
    question = ParentalKey(Question, on_delete=models.CASCADE, related_name="pairs")
    prompt = models.CharField(
        _("item"), max_length=1000, blank=True, help_text=_("Leave empty to add an extra wrong answer.")
    )
    answer = models.CharField(_("matches"), max_length=255)

    class Meta(Orderable.Meta):
        verbose_name = _("matching pair")
        verbose_name_plural = _("matching pairs")

    def __str__(self) -> str:
        return f"{self.prompt} → {self.answer}"


class QuestionVersion(models.Model):
    """The content of a question as learners saw it; frozen once an attempt has drawn it."""

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    data = models.JSONField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("question version")
        verbose_name_plural = _("question versions")
        constraints = [models.UniqueConstraint(fields=["question", "number"], name="unique_question_version")]

    def __str__(self) -> str:
        return f"{self.question_id} v{self.number}"
