"""The Wagtail page tree of learning: course index → course → lessons and quizzes."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from courses.blocks import LessonBodyBlock
from lms import vietnamese
from units.models import PersonnelCategory

RICH_FEATURES = ["bold", "italic", "link", "ol", "ul"]


class PersonnelCategoriesField(models.JSONField):
    """A list of personnel categories, edited as checkboxes."""

    def formfield(self, **kwargs):
        return forms.TypedMultipleChoiceField(
            choices=PersonnelCategory.choices,
            required=not self.blank,
            label=self.verbose_name,
            help_text=self.help_text,
            widget=forms.CheckboxSelectMultiple,
        )


class CourseIndexPage(Page):
    intro = RichTextField(_("introduction"), blank=True, features=RICH_FEATURES)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["lms.HomePage"]
    subpage_types = ["courses.CoursePage"]

    class Meta:
        verbose_name = _("course list")

    def get_context(self, request, *args, **kwargs):
        from courses import queries

        context = super().get_context(request, *args, **kwargs)
        courses = list(CoursePage.objects.live().public().child_of(self).select_related("cover_image"))
        progress = queries.progress_for(user=request.user, courses=courses)
        context["rows"] = [(course, progress[course.pk]) for course in courses]
        return context


class CompletionRule(models.TextChoices):
    LESSONS_AND_QUIZ = "lessons_and_quiz", _("All required lessons done and the final quiz passed")
    LESSONS = "lessons", _("All required lessons done")
    QUIZ = "quiz", _("The final quiz passed")


class CoursePage(Page):
    summary = models.TextField(_("summary"), help_text=_("Two or three sentences shown in course lists."))
    objectives = RichTextField(_("objectives"), blank=True, features=RICH_FEATURES)
    audience = PersonnelCategoriesField(_("intended for"), default=list, blank=True)
    estimated_hours = models.DecimalField(
        _("estimated hours"), max_digits=4, decimal_places=1, null=True, blank=True, validators=[MinValueValidator(0)]
    )
    cover_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("cover image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    completion_rule = models.CharField(
        _("completion rule"), max_length=20, choices=CompletionRule.choices, default=CompletionRule.LESSONS_AND_QUIZ
    )
    final_quiz = models.ForeignKey(
        "courses.QuizPage",
        verbose_name=_("final quiz"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("The quiz that counts for completion; when empty, the last quiz of the course."),
    )

    # Certificates of the course are numbered in this office's register; none are issued while it is empty.
    certificate_office = models.ForeignKey(
        "units.Unit",
        verbose_name=_("office issuing the certificates"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        limit_choices_to={"is_organising_office": True},
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        FieldPanel("objectives"),
        FieldPanel("cover_image"),
        FieldPanel("estimated_hours"),
        FieldPanel("audience"),
        InlinePanel("legal_basis", label=_("Legal basis")),
        MultiFieldPanel(
            [FieldPanel("completion_rule"), FieldPanel("final_quiz"), FieldPanel("certificate_office")],
            heading=_("Completion"),
            help_text=_('Lessons count as required unless "required for completion" is unticked on the lesson.'),
        ),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("objectives"),
        index.SearchField("search_plain_text"),
    ]
    parent_page_types = ["courses.CourseIndexPage"]
    subpage_types = ["courses.LessonPage", "courses.QuizPage"]

    class Meta:
        verbose_name = _("course")

    def search_plain_text(self) -> str:
        """The course's text without diacritics, so that "dan chu" finds "dân chủ" on any search backend."""
        return vietnamese.strip_diacritics(" ".join([self.title, self.summary, _plain(self.objectives)]))

    def audience_labels(self) -> list[str]:
        labels = dict(PersonnelCategory.choices)
        return [str(labels[c]) for c in self.audience or [] if c in labels]

    def needs_lessons(self) -> bool:
        return self.completion_rule in {CompletionRule.LESSONS_AND_QUIZ, CompletionRule.LESSONS}

    def needs_quiz(self) -> bool:
        return self.completion_rule in {CompletionRule.LESSONS_AND_QUIZ, CompletionRule.QUIZ}

    def serve(self, request, *args, **kwargs):
        from courses import views

        if request.method == "POST":
            return views.course_enrol(request, self)
        return super().serve(request, *args, **kwargs)

    def get_context(self, request, *args, **kwargs):
        from courses import queries

        context = super().get_context(request, *args, **kwargs)
        context.update(queries.course_page_context(user=request.user, course=self))
        return context


class CourseLegalBasis(Orderable):
    page = ParentalKey(CoursePage, on_delete=models.CASCADE, related_name="legal_basis")
    document = models.ForeignKey(
        "courses.LegalDocument", verbose_name=_("legal document"), on_delete=models.PROTECT, related_name="+"
    )
    articles = models.CharField(_("articles"), max_length=255, blank=True, help_text=_('e.g. "Điều 11, 15, 25, 30"'))

    panels = [FieldPanel("document"), FieldPanel("articles")]

    def __str__(self) -> str:
        return f"{self.articles}, {self.document}" if self.articles else str(self.document)


class LessonPage(Page):
    summary = models.TextField(_("summary"), blank=True)
    body = StreamField(LessonBodyBlock(), verbose_name=_("content"))
    estimated_minutes = models.PositiveSmallIntegerField(_("estimated minutes"), null=True, blank=True)
    is_required = models.BooleanField(_("required for completion"), default=True)

    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        FieldPanel("body"),
        FieldRowPanel([FieldPanel("estimated_minutes"), FieldPanel("is_required")]),
        InlinePanel("legal_basis", label=_("Legal basis")),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("body"),
        index.SearchField("search_plain_text"),
    ]
    parent_page_types = ["courses.CoursePage"]
    subpage_types = []
    outline_kind = "lesson"

    class Meta:
        verbose_name = _("lesson")

    def search_plain_text(self) -> str:
        body = " ".join(str(text) for text in self.body.stream_block.get_searchable_content(self.body))
        return vietnamese.strip_diacritics(" ".join([self.title, self.summary, _plain(body)]))

    def serve(self, request, *args, **kwargs):
        from courses import views

        if request.method == "POST":
            return views.lesson_mark_done(request, self)
        return super().serve(request, *args, **kwargs)

    def get_context(self, request, *args, **kwargs):
        from courses import queries

        context = super().get_context(request, *args, **kwargs)
        context.update(queries.lesson_page_context(user=request.user, lesson=self))
        return context


class LessonLegalBasis(Orderable):
    page = ParentalKey(LessonPage, on_delete=models.CASCADE, related_name="legal_basis")
    document = models.ForeignKey(
        "courses.LegalDocument", verbose_name=_("legal document"), on_delete=models.PROTECT, related_name="+"
    )
    article = models.PositiveSmallIntegerField(_("article"), null=True, blank=True)
    clause = models.CharField(_("clause / point"), max_length=100, blank=True)

    panels = [FieldPanel("document"), FieldRowPanel([FieldPanel("article"), FieldPanel("clause")])]

    def __str__(self) -> str:
        from courses.models.questions import citation

        return citation(self.document, self.article, self.clause)


class GradingMethod(models.TextChoices):
    HIGHEST = "highest", _("Highest attempt")
    LAST = "last", _("Last attempt")
    FIRST = "first", _("First attempt")
    AVERAGE = "average", _("Average of attempts")


class ReviewPolicy(models.TextChoices):
    SCORE = "score", _("Score only")
    CORRECTNESS = "correctness", _("Score and which answers were right")
    EXPLANATIONS = "explanations", _("Score, right answers and explanations")


class QuizPage(RoutablePageMixin, Page):
    intro = RichTextField(_("instructions"), blank=True, features=RICH_FEATURES)
    shuffle_questions = models.BooleanField(_("shuffle questions"), default=True)
    shuffle_choices = models.BooleanField(_("shuffle answers"), default=True)
    time_limit_minutes = models.PositiveSmallIntegerField(
        _("time limit (minutes)"), null=True, blank=True, validators=[MinValueValidator(1)]
    )
    opens_at = models.DateTimeField(_("opens at"), null=True, blank=True)
    closes_at = models.DateTimeField(_("closes at"), null=True, blank=True)
    max_attempts = models.PositiveSmallIntegerField(
        _("maximum attempts"), null=True, blank=True, help_text=_("Empty for no limit.")
    )
    grading_method = models.CharField(
        _("grading method"), max_length=10, choices=GradingMethod.choices, default=GradingMethod.HIGHEST
    )
    pass_mark = models.DecimalField(
        _("pass mark (%)"),
        max_digits=5,
        decimal_places=2,
        default=Decimal(70),
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    review_policy = models.CharField(
        _("after submitting, the learner sees"),
        max_length=16,
        choices=ReviewPolicy.choices,
        default=ReviewPolicy.EXPLANATIONS,
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        InlinePanel("fixed_questions", label=_("Fixed questions")),
        InlinePanel("random_rules", label=_("Random questions from a category")),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("shuffle_questions"), FieldPanel("shuffle_choices")]),
                FieldRowPanel([FieldPanel("time_limit_minutes"), FieldPanel("max_attempts")]),
                FieldRowPanel([FieldPanel("opens_at"), FieldPanel("closes_at")]),
                FieldRowPanel([FieldPanel("grading_method"), FieldPanel("pass_mark")]),
                FieldPanel("review_policy"),
            ],
            heading=_("Settings"),
        ),
    ]
    parent_page_types = ["courses.CoursePage"]
    subpage_types = []
    outline_kind = "quiz"

    class Meta:
        verbose_name = _("quiz")

    def clean(self):
        super().clean()
        if self.opens_at and self.closes_at and self.closes_at <= self.opens_at:
            raise ValidationError({"closes_at": _("The quiz must close after it opens.")})

    def is_timed(self) -> bool:
        return bool(self.time_limit_minutes or self.closes_at)

    def question_count(self) -> int:
        return len(self.fixed_questions.all()) + sum(rule.count for rule in self.random_rules.all())

    @path("")
    def intro_view(self, request):
        from courses import views

        return views.quiz_intro(request, self)

    @path("bat-dau/")
    def start_view(self, request):
        from courses import views

        return views.quiz_start(request, self)

    @path("bai-lam/<int:attempt_id>/")
    def attempt_view(self, request, attempt_id):
        from courses import views

        return views.quiz_attempt(request, self, attempt_id)

    @path("ket-qua/<int:attempt_id>/")
    def result_view(self, request, attempt_id):
        from courses import views

        return views.quiz_result(request, self, attempt_id)


class QuizFixedQuestion(Orderable):
    page = ParentalKey(QuizPage, on_delete=models.CASCADE, related_name="fixed_questions")
    question = models.ForeignKey(
        "courses.Question", verbose_name=_("question"), on_delete=models.PROTECT, related_name="+"
    )

    panels = [FieldPanel("question")]

    def __str__(self) -> str:
        return str(self.question)


class QuizRandomRule(Orderable):
    page = ParentalKey(QuizPage, on_delete=models.CASCADE, related_name="random_rules")
    category = models.ForeignKey(
        "courses.QuestionCategory", verbose_name=_("category"), on_delete=models.PROTECT, related_name="+"
    )
    count = models.PositiveSmallIntegerField(_("number of questions"), validators=[MinValueValidator(1)])
    include_subcategories = models.BooleanField(_("include subcategories"), default=True)

    panels = [FieldRowPanel([FieldPanel("category"), FieldPanel("count"), FieldPanel("include_subcategories")])]

    def __str__(self) -> str:
        return f"{self.count} × {self.category}"


def _plain(html: str) -> str:
    from django.utils.html import strip_tags

    return strip_tags(str(html or ""))
