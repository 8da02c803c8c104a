"""The yearly report of each unit (training part, due 20/11 to Phòng Nội vụ): status, drafting, submission,
returns and the reminders before the deadline."""

from __future__ import annotations

import datetime
import unicodedata

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from certificates import statistics
from certificates.models import AnnualReport, ReportingYear, ReportStatus
from lms import audit
from lms.notifications import notify
from units import access
from units.models import Unit

REMINDER_DAYS = (14, 7, 1, -1)  # days before the deadline; -1 is the day after
NARRATIVE_LABELS = {
    "results": gettext_lazy("Results"),
    "difficulties": gettext_lazy("Difficulties and limitations"),
    "proposals": gettext_lazy("Proposals"),
}


def status_of(reporting_year: ReportingYear, report: AnnualReport | None, today: datetime.date | None = None) -> str:
    """Not started, draft, submitted, late or returned; late means past the deadline (local time) unsent."""
    today = today or timezone.localdate()
    if report is not None and report.status in (ReportStatus.SUBMITTED, ReportStatus.RETURNED):
        return report.status
    if today > reporting_year.deadline:
        return ReportStatus.LATE
    return ReportStatus.DRAFT if report is not None else ReportStatus.NOT_STARTED


def submitted_late(reporting_year: ReportingYear, report: AnnualReport) -> bool:
    return bool(report.submitted_at and timezone.localdate(report.submitted_at) > reporting_year.deadline)


def can_receive(user, reporting_year: ReportingYear) -> bool:
    """Staff of the receiving office (Phòng Nội vụ) and administrators see and return every unit's report."""
    return access.is_administrator(user) or reporting_year.receiving_office_id in access.organised_office_ids(user)


def can_edit(user, unit: Unit) -> bool:
    return access.is_administrator(user) or unit.pk in access.coordinated_unit_ids(user)


def figures_for(report: AnnualReport | None, unit: Unit, reporting_year: ReportingYear) -> dict:
    """A submitted report shows the figures it was signed with; otherwise they are computed now."""
    if report is not None and report.status == ReportStatus.SUBMITTED and report.figures:
        return report.figures
    return statistics.unit_figures(unit, reporting_year.year).as_dict()


@transaction.atomic
def report_save(*, actor, reporting_year: ReportingYear, unit: Unit, **narrative) -> AnnualReport:
    report, _created = AnnualReport.objects.select_for_update().get_or_create(reporting_year=reporting_year, unit=unit)
    if report.status == ReportStatus.SUBMITTED:
        raise ValidationError(_("A submitted report can only be changed after Phòng Nội vụ returns it."))
    before = {k: getattr(report, k) for k in ("results", "difficulties", "proposals")}
    for key in ("results", "difficulties", "proposals"):
        if key in narrative:
            # Paragraphs matter here, so only the Unicode form is normalised, not the spacing.
            setattr(report, key, unicodedata.normalize("NFC", narrative[key] or "").strip())
    report.save()
    audit.record(
        report, "certificates.report.edit", user=actor, before=before, after={k: getattr(report, k) for k in before}
    )
    return report


@transaction.atomic
def report_submit(*, actor, reporting_year: ReportingYear, unit: Unit) -> AnnualReport:
    report, _created = AnnualReport.objects.select_for_update().get_or_create(reporting_year=reporting_year, unit=unit)
    if report.status == ReportStatus.SUBMITTED:
        raise ValidationError(_("This report is already submitted."))
    missing = [label for key, label in NARRATIVE_LABELS.items() if not getattr(report, key).strip()]
    if missing:
        parts = ", ".join(str(label) for label in missing)
        raise ValidationError(_("Fill in before submitting: %(parts)s.") % {"parts": parts})
    figures = statistics.unit_figures(unit, reporting_year.year)
    report.figures = figures.as_dict()
    report.figures_as_of = figures.as_of
    report.status = ReportStatus.SUBMITTED
    report.submitted_at = timezone.now()
    report.submitted_by = actor
    report.save()
    audit.record(
        report,
        "certificates.report.submit",
        user=actor,
        before={"status": "draft"},
        after={"status": ReportStatus.SUBMITTED},
    )
    return report


@transaction.atomic
def report_return(*, actor, report: AnnualReport, reason: str) -> AnnualReport:
    report = AnnualReport.objects.select_for_update().select_related("reporting_year", "unit").get(pk=report.pk)
    if not can_receive(actor, report.reporting_year):
        raise ValidationError(_("Only the receiving office can return a report."))
    if report.status != ReportStatus.SUBMITTED:
        raise ValidationError(_("Only a submitted report can be returned."))
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("Give the reason for returning the report."))
    report.status = ReportStatus.RETURNED
    report.return_reason = reason
    report.returned_at = timezone.now()
    report.save()
    audit.record(
        report,
        "certificates.report.return",
        user=actor,
        before={"status": ReportStatus.SUBMITTED},
        after={"status": ReportStatus.RETURNED, "reason": reason},
    )
    notify(
        users=access.coordinators_of(report.unit),
        event_key=f"report:{report.pk}:returned:{report.returned_at:%Y%m%d%H%M%S}",
        subject=_("Report %(year)s returned for correction") % {"year": report.reporting_year.year},
        body=_("Phòng Nội vụ returned the %(year)s report of %(unit)s for correction: %(reason)s")
        % {"year": report.reporting_year.year, "unit": report.unit.name, "reason": reason},
        url=reverse("reports:report", args=[report.reporting_year.year, report.unit_id]),
    )
    return report


def send_reminders(today: datetime.date | None = None) -> int:
    """Remind coordinators of units that have not submitted: 14, 7 and 1 days before, and the day after."""
    today = today or timezone.localdate()
    sent = 0
    for reporting_year in ReportingYear.objects.select_related("receiving_office"):
        days_left = (reporting_year.deadline - today).days
        if days_left not in REMINDER_DAYS:
            continue
        submitted = set(
            AnnualReport.objects.filter(reporting_year=reporting_year, status=ReportStatus.SUBMITTED).values_list(
                "unit_id", flat=True
            )
        )
        for unit in statistics.reporting_units(today):
            if unit.pk in submitted:
                continue
            if days_left > 0:
                subject = _("Report %(year)s due in %(days)s day(s)") % {"year": reporting_year.year, "days": days_left}
            else:
                subject = _("Report %(year)s is late") % {"year": reporting_year.year}
            created = notify(
                users=access.coordinators_of(unit),
                event_key=f"report:{reporting_year.year}:{unit.pk}:reminder:{days_left}",
                subject=subject,
                body=_("The %(year)s report of %(unit)s on training in grassroots democracy is due on %(deadline)s.")
                % {
                    "year": reporting_year.year,
                    "unit": unit.name,
                    "deadline": reporting_year.deadline.strftime("%d/%m/%Y"),
                },
                url=reverse("reports:report", args=[reporting_year.year, unit.pk]),
            )
            sent += len(created)
    return sent
