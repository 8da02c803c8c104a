"""Wagtail admin: each organising office's certificate settings, the reporting years, and the log actions."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.viewsets.model import ModelViewSetGroup

from certificates.models import CertificateSettings, ReportingYear
from lms.admin import ProtectedModelViewSet


class CertificateSettingsViewSet(ProtectedModelViewSet):
    model = CertificateSettings
    icon = "cog"
    menu_label = _("Certificate settings")
    form_fields = [
        "office",
        "short_code",
        "number_pattern",
        "supervising_body",
        "place_name",
        "signer_title_lines",
        "signer_name",
        "certificate_title",
        "certify_text",
        "course_text",
        "class_text",
        "recipients",
    ]
    list_display = ["office", "short_code", "number_pattern", "signer_name"]


class ReportingYearViewSet(ProtectedModelViewSet):
    model = ReportingYear
    icon = "date"
    menu_label = _("Reporting years")
    form_fields = ["year", "deadline", "receiving_office"]
    list_display = ["year", "deadline", "receiving_office"]


class CertificatesGroup(ModelViewSetGroup):
    menu_label = _("Certificates")
    menu_icon = "doc-full"
    menu_order = 310
    items = (CertificateSettingsViewSet, ReportingYearViewSet)


@hooks.register("register_admin_viewset")
def register_certificates_group():
    return CertificatesGroup()


@hooks.register("register_log_actions")
def register_certificate_log_actions(actions):
    actions.register_action("certificates.issue", _("Certificate issued"), _("Issued"))
    actions.register_action("certificates.revoke", _("Certificate revoked"), _("Revoked"))
    actions.register_action("certificates.reissue", _("Certificate reissued"), _("Reissued"))
    actions.register_action("certificates.report.edit", _("Yearly report edited"), _("Report edited"))
    actions.register_action("certificates.report.submit", _("Yearly report submitted"), _("Report submitted"))
    actions.register_action("certificates.report.return", _("Yearly report returned"), _("Report returned"))
