"""The question bank in the Wagtail admin: questions, categories and legal documents, import and export."""

from __future__ import annotations

from django import forms
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel, ObjectList, TabbedInterface
from wagtail.admin.ui.tables import BooleanColumn, UpdatedAtColumn
from wagtail.admin.viewsets.base import ViewSet
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.chooser import SnippetChooserViewSet, SnippetCreateView
from wagtail.snippets.views.snippets import IndexView as SnippetIndexView
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from courses import exports, grading, imports
from courses.forms import QuestionExportForm, QuestionImportForm
from courses.models import LegalDocument, Question, QuestionCategory
from lms.spreadsheets import SafeExportMixin


class QuestionAdminForm(WagtailAdminModelForm):
    """Checks that the question can be graded as written, with its answers or pairs, before saving."""

    def clean(self):
        cleaned = super().clean()
        kind = cleaned.get("kind")
        if not kind:
            return cleaned
        choices, pairs = [], []
        # The inline forms are cleaned after this form; clean them now to check the question as a whole.
        for name in ("choices", "pairs"):
            self.formsets[name].is_valid()
        for form in self.formsets["choices"].forms:
            data = getattr(form, "cleaned_data", {})
            if data and not data.get("DELETE") and data.get("text"):
                choices.append(grading.ChoiceSpec(data["text"], bool(data.get("is_correct")), data.get("weight"), ""))
        for form in self.formsets["pairs"].forms:
            data = getattr(form, "cleaned_data", {})
            if data and not data.get("DELETE") and data.get("answer"):
                pairs.append(grading.PairSpec(data.get("prompt", ""), data["answer"]))
        try:
            grading.validate_content(
                kind=kind, choices=choices, pairs=pairs, true_is_correct=cleaned.get("true_is_correct")
            )
        except ValidationError as error:
            self.add_error(None, error)
        return cleaned


class BankChooserCreateView(SnippetCreateView):
    """The bank's choosers have no "create" tab: a POST to its address is refused instead of failing."""

    def can_create(self):
        return bool(self.get_creation_form_class()) and super().can_create()


class BankChooserViewSet(SnippetChooserViewSet):
    create_view_class = BankChooserCreateView


TRUTH_WIDGET = forms.RadioSelect(choices=[(True, gettext_lazy("True")), (False, gettext_lazy("False"))])


class QuestionIndexView(SafeExportMixin, SnippetIndexView):
    pass


class QuestionViewSet(SnippetViewSet):
    chooser_viewset_class = BankChooserViewSet
    model = Question
    index_view_class = QuestionIndexView
    icon = "help"
    menu_label = gettext_lazy("Questions")
    list_display = [
        "name",
        "category",
        "kind",
        "legal_basis",
        BooleanColumn("is_retired", label=gettext_lazy("Retired")),
        UpdatedAtColumn(),
    ]
    list_filter = ["kind", "category", "is_retired", "legal_document"]
    list_export = ["name", "category", "kind", "legal_basis", "is_retired", "mark"]
    export_filename = "ngan-hang-cau-hoi"
    search_fields = ["name", "text"]
    search_backend_name = None
    edit_handler = TabbedInterface(
        [
            ObjectList(
                [
                    FieldPanel("category"),
                    FieldPanel("name"),
                    FieldPanel("kind"),
                    FieldPanel("text"),
                    InlinePanel("choices", label=gettext_lazy("Answers (single and multiple choice)")),
                    MultiFieldPanel(
                        [
                            FieldPanel("true_is_correct", widget=TRUTH_WIDGET),
                            FieldPanel("feedback_true"),
                            FieldPanel("feedback_false"),
                        ],
                        heading=gettext_lazy("True / false"),
                    ),
                    InlinePanel("pairs", label=gettext_lazy("Pairs (matching)")),
                    FieldPanel("explanation"),
                ],
                heading=gettext_lazy("Question"),
            ),
            ObjectList(
                [
                    FieldPanel("legal_document"),
                    FieldRowPanel([FieldPanel("article"), FieldPanel("clause")]),
                    FieldPanel("mark"),
                    FieldPanel("tags"),
                    FieldPanel("is_retired"),
                ],
                heading=gettext_lazy("Legal basis and use"),
            ),
        ],
        base_form_class=QuestionAdminForm,
    )


class QuestionCategoryViewSet(SnippetViewSet):
    chooser_viewset_class = BankChooserViewSet
    model = QuestionCategory
    icon = "folder-open-inverse"
    menu_label = gettext_lazy("Categories")
    list_display = ["full_path", "description"]
    search_fields = ["full_path"]
    search_backend_name = None
    panels = [FieldPanel("name"), FieldPanel("parent"), FieldPanel("description")]


class LegalDocumentViewSet(SnippetViewSet):
    chooser_viewset_class = BankChooserViewSet
    model = LegalDocument
    icon = "doc-full"
    menu_label = gettext_lazy("Legal documents")
    list_display = ["title", "number", "effective_from", "effective_until"]
    search_fields = ["title", "number"]
    search_backend_name = None


class QuestionTransferViewSet(ViewSet):
    """Import and export of the bank in Moodle GIFT and Moodle XML."""

    name = "question_transfer"
    icon = "download"
    menu_label = gettext_lazy("Import / export")
    add_to_admin_menu = False

    @property
    def menu_url(self):
        return reverse(self.get_url_name("import"))

    def get_urlpatterns(self):
        return [
            path("", self.import_view, name="import"),
            path("export/", self.export_view, name="export"),
        ]

    def import_view(self, request):
        if not request.user.has_perm("courses.add_question"):
            raise PermissionDenied
        report = None
        form = QuestionImportForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                report = imports.questions_import(
                    actor=request.user,
                    content=upload.read(),
                    fmt=form.cleaned_data["format"],
                    root=form.cleaned_data["category"],
                    dry_run=form.cleaned_data["dry_run"],
                    strict=form.cleaned_data["strict"],
                    source_name=upload.name,
                )
            except ValidationError as error:
                form.add_error("file", error)
        return render(
            request,
            "courses/admin/question_import.html",
            {
                "form": form,
                "report": report,
                "export_form": QuestionExportForm(),
                "export_url": reverse(self.get_url_name("export")),
                "header_title": _("Import / export questions"),
                "page_title": _("Import / export questions"),
                "header_icon": self.icon,
            },
        )

    def export_view(self, request):
        if not request.user.has_perm("courses.view_question") and not request.user.has_perm("courses.change_question"):
            raise PermissionDenied
        form = QuestionExportForm(request.GET)
        if not form.is_valid():
            form = QuestionExportForm({"format": "gift"})
            form.is_valid()
        fmt = form.cleaned_data["format"]
        content = exports.export_bank(
            fmt=fmt, category=form.cleaned_data["category"], include_retired=form.cleaned_data["include_retired"]
        )
        extension, content_type = ("gift.txt", "text/plain") if fmt == "gift" else ("xml", "application/xml")
        response = HttpResponse(content, content_type=f"{content_type}; charset=utf-8")
        stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
        response["Content-Disposition"] = f'attachment; filename="cau-hoi-{stamp}.{extension}"'
        return response


class QuestionBankGroup(SnippetViewSetGroup):
    items = (QuestionViewSet, QuestionCategoryViewSet, LegalDocumentViewSet, QuestionTransferViewSet)
    menu_label = gettext_lazy("Question bank")
    menu_icon = "help"
    menu_order = 250


register_snippet(QuestionBankGroup)
