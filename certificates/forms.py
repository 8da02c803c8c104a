"""Forms of the certificate pages: verification code, issuing, revoking and reissuing."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from certificates import sources
from certificates.models import normalise_code
from units.models import Official


class VerifyForm(forms.Form):
    code = forms.CharField(
        label=_("Verification code"),
        max_length=60,
        help_text=_("As printed under the QR code, e.g. 7KQ2-9MXD-…; dashes and case do not matter."),
    )

    def clean_code(self) -> str:
        code = normalise_code(self.cleaned_data["code"])
        if not code:
            raise forms.ValidationError(_("Type the code printed on the certificate."))
        return code


class IssueForm(forms.Form):
    source = forms.ChoiceField(label=_("Course or class"))
    officials = forms.ModelMultipleChoiceField(
        label=_("Learners"),
        queryset=Official.objects.none(),
        widget=forms.SelectMultiple(attrs={"size": 12}),
        help_text=_("One learner is issued at once; several run as a background job that ends with a ZIP file."),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        choices = []
        for source in sources.registered():
            if source.choices is None:
                continue
            choices += [(f"{source.kind}:{pk}", f"{source.label} – {title}") for pk, title in source.choices(user)]
        self.fields["source"].choices = [("", "---------"), *choices]
        self.fields["officials"].queryset = (
            Official.objects.visible_to(user).active().select_related("unit").in_name_order()
        )
        self.fields["officials"].label_from_instance = lambda o: f"{o.full_name} ({o.birth_year}) – {o.unit.name}"

    def clean_source(self) -> tuple[str, int]:
        kind, _sep, pk = self.cleaned_data["source"].partition(":")
        return kind, int(pk)


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}), max_length=1000)


class ReportForm(forms.Form):
    results = forms.CharField(label=_("Results"), widget=forms.Textarea(attrs={"rows": 8}), required=False)
    difficulties = forms.CharField(
        label=_("Difficulties and limitations"), widget=forms.Textarea(attrs={"rows": 5}), required=False
    )
    proposals = forms.CharField(label=_("Proposals"), widget=forms.Textarea(attrs={"rows": 5}), required=False)


class DashboardFilterForm(forms.Form):
    year = forms.TypedChoiceField(label=_("Year"), coerce=int)
    office = forms.TypedChoiceField(label=_("Organising office"), coerce=int, required=False, empty_value=None)
    category = forms.ChoiceField(label=_("Personnel category"), required=False)

    def __init__(self, *args, years, offices, **kwargs):
        from units.models import PersonnelCategory

        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [(y, y) for y in years]
        self.fields["office"].choices = [("", _("All offices")), *((o.pk, o.name) for o in offices)]
        self.fields["category"].choices = [("", _("All categories")), *PersonnelCategory.choices]
