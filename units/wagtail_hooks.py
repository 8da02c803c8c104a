"""Wagtail admin screens for units, successions and roles, and the names of the audit log's actions."""

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.views.generic import IndexView
from wagtail.admin.viewsets.model import ModelViewSetGroup

from lms.admin import ProtectedModelViewSet
from lms.spreadsheets import SafeExportMixin
from units.models import RoleAssignment, Unit, UnitSuccession


class UnitForm(WagtailAdminModelForm):
    """Places a unit in the tree: treebeard needs add_root/add_child rather than a plain save."""

    parent = forms.ModelChoiceField(queryset=Unit.objects.all(), required=False, label=_("Parent unit"))

    class Meta:
        model = Unit
        fields = ["code", "name", "unit_type", "place_name", "is_organising_office", "valid_from", "valid_to"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["parent"].initial = self.instance.get_parent()
            self.fields["parent"].queryset = Unit.objects.exclude(path__startswith=self.instance.path)

    def save(self, commit=True):
        unit = super().save(commit=False)
        parent = self.cleaned_data.get("parent")
        if unit.pk is None:
            if parent:
                return parent.add_child(instance=unit)
            return Unit.add_root(instance=unit)
        unit.save()
        current = unit.get_parent()
        if parent != current:
            if parent:
                unit.move(parent, pos="last-child")
            else:
                unit.move(Unit.get_first_root_node(), pos="last-sibling")
        return unit


class UnitIndexView(SafeExportMixin, IndexView):
    pass


class UnitViewSet(ProtectedModelViewSet):
    model = Unit
    index_view_class = UnitIndexView
    icon = "site"
    menu_label = _("Units")
    list_display = ["name", "code", "unit_type", "valid_from", "valid_to"]
    list_filter = ["unit_type", "is_organising_office"]
    search_fields = ["name", "code"]
    list_export = ["code", "name", "unit_type", "valid_from", "valid_to"]
    ordering = ["path"]

    def get_form_class(self, for_update=False):
        return UnitForm


class UnitSuccessionViewSet(ProtectedModelViewSet):
    model = UnitSuccession
    icon = "arrow-right"
    menu_label = _("Unit successions")
    form_fields = ["predecessor", "successor", "kind", "effective_date", "legal_basis"]
    list_display = ["predecessor", "successor", "kind", "effective_date"]
    list_filter = ["kind"]


class RoleAssignmentViewSet(ProtectedModelViewSet):
    model = RoleAssignment
    icon = "key"
    menu_label = _("Roles")
    form_fields = ["user", "role", "unit"]
    list_display = ["user", "role", "unit"]
    list_filter = ["role"]


class UnitsGroup(ModelViewSetGroup):
    menu_label = _("Units and officials")
    menu_icon = "group"
    menu_order = 300
    # Officials are kept in the workspace, whose services record memberships and the audit trail.
    items = (UnitViewSet, UnitSuccessionViewSet, RoleAssignmentViewSet)


@hooks.register("register_admin_viewset")
def register_units_group():
    return UnitsGroup()


@hooks.register("register_log_actions")
def register_units_log_actions(actions):
    actions.register_action("units.official.create", _("Official added"), _("Official added"))
    actions.register_action("units.official.edit", _("Official edited"), _("Official edited"))
    actions.register_action("units.official.move", _("Official moved to another unit"), _("Moved"))
    actions.register_action("units.official.deactivate", _("Official deactivated"), _("Deactivated"))
    actions.register_action("units.official.confirm", _("Self sign-up confirmed"), _("Confirmed"))
    actions.register_action("units.official.grant_login", _("Login given"), _("Login given"))
    actions.register_action("units.official.import", _("Official imported"), _("Imported"))
