"""Forms of the officials workspace, the profile pages and self sign-up."""

from __future__ import annotations

from allauth.account.forms import SignupForm
from django import forms
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lms import spreadsheets, vietnamese
from units.models import Official, PersonnelCategory, Sex, Unit, UnitType


class UnitChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Unit) -> str:
        return obj.name


class OfficialForm(forms.ModelForm):
    unit = UnitChoiceField(queryset=Unit.objects.none(), label=_("Unit"))

    class Meta:
        model = Official
        fields = ["full_name", "sex", "birth_year", "birth_date", "position", "category", "unit", "email", "phone"]
        widgets = {"birth_date": forms.DateInput(attrs={"placeholder": "dd/mm/yyyy"})}

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        units = sorted(units or [], key=lambda u: vietnamese.sort_key(u.name))
        self.fields["unit"].queryset = Unit.objects.filter(pk__in=[u.pk for u in units])
        self.fields["unit"].choices = [("", "---------")] + [(u.pk, u.name) for u in units]
        self.fields["birth_year"].widget.attrs.update({"inputmode": "numeric", "min": 1900, "max": 2100})

    def clean_full_name(self):
        name = vietnamese.nfc(self.cleaned_data["full_name"])
        if any(ch.isdigit() for ch in name):
            raise ValidationError(_("A name has no digits."))
        if not Official.name_fits(name):
            raise ValidationError(_("This name has a word, or words, too long for a person's name."))
        return name

    def clean_birth_year(self):
        year = self.cleaned_data["birth_year"]
        this_year = timezone.localdate().year
        if not (this_year - 100 <= year <= this_year - 15):
            raise ValidationError(
                _("An official is born between %(low)s and %(high)s.")
                % {"low": this_year - 100, "high": this_year - 15}
            )
        return year


class OfficialFilterForm(forms.Form):
    q = forms.CharField(label=_("Name"), required=False)
    category = forms.ChoiceField(
        label=_("Category"), required=False, choices=[("", _("All categories")), *PersonnelCategory.choices]
    )
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("active", _("Active")), ("inactive", _("No longer active")), ("pending", _("Awaiting confirmation"))],
    )


class RosterUploadForm(forms.Form):
    file = spreadsheets.TableFileField(label=_("Roster file (.xlsx or .csv)"))


class CorrectionForm(forms.Form):
    message = forms.CharField(
        label=_("What should be corrected?"), widget=forms.Textarea(attrs={"rows": 4}), max_length=2000
    )


class ConsentForm(forms.Form):
    accept = forms.BooleanField(label=_("I have read the notice and agree to the processing of my personal data."))


def _signup_units():
    return Unit.objects.current().filter(
        unit_type__in=[UnitType.COMMUNE, UnitType.OFFICE, UnitType.AGENCY, UnitType.DISTRICT, UnitType.VILLAGE]
    )


class SelfSignupForm(SignupForm):
    """Sign-up when enabled: the person names their unit and waits for its coordinator's confirmation."""

    full_name = forms.CharField(label=_("Full name"), max_length=150)
    sex = forms.ChoiceField(label=_("Sex"), choices=Sex.choices)
    birth_year = forms.IntegerField(label=_("Year of birth"))
    unit = UnitChoiceField(queryset=Unit.objects.none(), label=_("Unit"))
    category = forms.ChoiceField(label=_("Personnel category"), choices=PersonnelCategory.choices)
    position = forms.CharField(label=_("Position"), max_length=150, required=False)
    accept_notice = forms.BooleanField(
        label=_("I have read the personal-data notice and agree to the processing of my personal data.")
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = _signup_units()

    def clean_full_name(self):
        name = vietnamese.nfc(self.cleaned_data["full_name"])
        if not Official.name_fits(name):
            raise ValidationError(_("This name has a word, or words, too long for a person's name."))
        return name

    def clean_birth_year(self):
        year = self.cleaned_data["birth_year"]
        this_year = timezone.localdate().year
        if not (this_year - 100 <= year <= this_year - 15):
            raise ValidationError(
                _("An official is born between %(low)s and %(high)s.")
                % {"low": this_year - 100, "high": this_year - 15}
            )
        return year

    @transaction.atomic
    def save(self, request):
        from units.services import consent_accept

        user = super().save(request)
        official = Official(
            full_name=self.cleaned_data["full_name"],
            sex=self.cleaned_data["sex"],
            birth_year=self.cleaned_data["birth_year"],
            category=self.cleaned_data["category"],
            position=self.cleaned_data["position"],
            unit=self.cleaned_data["unit"],
            email=user.email,
            user=user,
            confirmed=False,
        )
        official.save()
        consent_accept(user=user)
        return user
