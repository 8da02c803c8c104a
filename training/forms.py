"""Forms of the class pages: the class and its sessions, quotas, nominations, decisions and attendance."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from lms import spreadsheets, vietnamese
from training.models import ClassSession, TrainingClass
from units.forms import UnitChoiceField
from units.models import PersonnelCategory, Unit


def _sorted_units(queryset):
    units = sorted(queryset, key=lambda u: vietnamese.sort_key(u.name))
    return [("", "---------")] + [(u.pk, u.name) for u in units]


class ClassForm(forms.ModelForm):
    target_categories = forms.MultipleChoiceField(
        label=_("Personnel categories"),
        choices=PersonnelCategory.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("None ticked: every category."),
    )
    target_positions = forms.CharField(
        label=_("Positions"),
        required=False,
        help_text=_("Comma-separated words the position must contain, e.g. “Tư pháp - Hộ tịch, Hòa giải”."),
    )
    nomination_deadline = forms.DateTimeField(
        label=_("Nomination deadline"), widget=forms.DateTimeInput(attrs={"placeholder": "dd/mm/yyyy hh:mm"})
    )
    organising_office = UnitChoiceField(queryset=Unit.objects.none(), label=_("Organising office"))

    class Meta:
        model = TrainingClass
        fields = [
            "name",
            "kind",
            "organising_office",
            "description",
            "course",
            "target_categories",
            "target_positions",
            "venue",
            "start_date",
            "end_date",
            "capacity",
            "nomination_deadline",
            "min_attendance_percent",
            "document_recipients",
        ]
        widgets = {
            "start_date": forms.DateInput(attrs={"placeholder": "dd/mm/yyyy"}),
            "end_date": forms.DateInput(attrs={"placeholder": "dd/mm/yyyy"}),
            "description": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, offices=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organising_office"].queryset = offices
        self.fields["document_recipients"].queryset = Unit.objects.organising_offices().current()
        self.fields["document_recipients"].widget = forms.CheckboxSelectMultiple(
            choices=self.fields["document_recipients"].choices
        )
        self.fields["document_recipients"].label_from_instance = lambda unit: unit.name
        if self.instance.pk:
            self.initial["target_positions"] = ", ".join(self.instance.target_positions)

    def clean_target_positions(self):
        raw = self.cleaned_data.get("target_positions") or ""
        return [vietnamese.nfc(word) for word in raw.split(",") if word.strip()]

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start_date"), cleaned.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("The class cannot end before it starts."))
        min_attendance = cleaned.get("min_attendance_percent")
        if min_attendance is not None and min_attendance > 100:
            self.add_error("min_attendance_percent", _("A percentage is at most 100."))
        return cleaned


class SessionForm(forms.ModelForm):
    class Meta:
        model = ClassSession
        fields = ["date", "part", "start_time", "end_time", "room"]
        widgets = {
            "date": forms.DateInput(attrs={"placeholder": "dd/mm/yyyy"}),
            "start_time": forms.TimeInput(attrs={"placeholder": "07:30"}),
            "end_time": forms.TimeInput(attrs={"placeholder": "11:00"}),
        }

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start_time"), cleaned.get("end_time")
        if start and end and end <= start:
            self.add_error("end_time", _("A session ends after it starts."))
        return cleaned


class QuotaForm(forms.Form):
    unit = forms.TypedChoiceField(label=_("Unit"), coerce=int)
    seats = forms.IntegerField(label=_("Seats"), min_value=0, max_value=10_000)

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].choices = _sorted_units(units or [])


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}), max_length=1000)


class OptionalReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), required=False, max_length=1000)


class DeadlineForm(forms.Form):
    deadline = forms.DateTimeField(
        label=_("New deadline"), widget=forms.DateTimeInput(attrs={"placeholder": "dd/mm/yyyy hh:mm"})
    )


class OfficialChoiceForm(forms.Form):
    official = forms.TypedChoiceField(label=_("Official"), coerce=int)
    reason = forms.CharField(label=_("Reason"), required=False, max_length=1000)

    def __init__(self, *args, officials=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["official"].choices = [("", "---------")] + [
            (o.pk, f"{o.full_name} ({o.birth_year}) – {o.position or o.get_category_display()} – {o.unit.name}")
            for o in officials
        ]


class NominationUploadForm(forms.Form):
    file = spreadsheets.TableFileField(label=_("List of nominees (.xlsx or .csv)"))
