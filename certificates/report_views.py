"""Pages of the yearly reports and the dashboards (organiser, coordinator, learner)."""

from __future__ import annotations

import io

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from certificates import dashboards, exports, reports, statistics
from certificates.forms import DashboardFilterForm, ReasonForm, ReportForm
from certificates.models import AccessRecord, AnnualReport, ReportingYear
from certificates.pdf import render_document
from certificates.report_documents import DistrictSummary, report_context
from certificates.services import access_record
from certificates.tasks import refresh_statistics_task
from lms import outbox
from units import access
from units.models import Unit

UNITS_PER_PAGE = 100


def _page(request, lines: list):
    """A page of the per-unit table: a district has up to a thousand units, a phone shows a hundred."""
    return Paginator(lines, UNITS_PER_PAGE).get_page(request.GET.get("page"))


def _query(request) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


def _reporting_year(year: int) -> ReportingYear:
    return get_object_or_404(ReportingYear.objects.select_related("receiving_office"), year=year)


def _year_param(request) -> int:
    try:
        return int(request.GET.get("year") or timezone.localdate().year)
    except ValueError:
        raise Http404 from None


@login_required
def report_index(request):
    year = _year_param(request)
    reporting_year = ReportingYear.objects.filter(year=year).select_related("receiving_office").first()
    user = request.user
    receiving = reporting_year is not None and reports.can_receive(user, reporting_year)
    if not (receiving or access.is_coordinator(user) or access.is_administrator(user)):
        raise PermissionDenied
    units = statistics.reporting_units()
    if not receiving:
        coordinated = access.coordinated_unit_ids(user)
        units = [u for u in units if u.pk in coordinated]
    existing = {}
    if reporting_year:
        existing = {r.unit_id: r for r in AnnualReport.objects.filter(reporting_year=reporting_year)}
    rows = [
        {
            "unit": unit,
            "report": existing.get(unit.pk),
            "status": reports.status_of(reporting_year, existing.get(unit.pk)) if reporting_year else None,
        }
        for unit in units
    ]
    counts = {}
    for row in rows:
        counts[row["status"]] = counts.get(row["status"], 0) + 1
    return render(
        request,
        "certificates/reports/index.html",
        {
            "year": year,
            "reporting_year": reporting_year,
            "rows": rows,
            "receiving": receiving,
            "counts": counts,
            "years": ReportingYear.objects.values_list("year", flat=True),
        },
    )


def _report_access(request, year: int, unit_pk: int):
    reporting_year = _reporting_year(year)
    unit = get_object_or_404(Unit, pk=unit_pk, unit_type__in=statistics.REPORTING_TYPES)
    can_edit = reports.can_edit(request.user, unit)
    can_receive = reports.can_receive(request.user, reporting_year)
    if not (can_edit or can_receive):
        raise Http404
    report = AnnualReport.objects.filter(reporting_year=reporting_year, unit=unit).first()
    return reporting_year, unit, report, can_edit, can_receive


@login_required
def report_detail(request, year: int, unit_pk: int):
    reporting_year, unit, report, can_edit, can_receive = _report_access(request, year, unit_pk)
    status = reports.status_of(reporting_year, report)
    figures = reports.figures_for(report, unit, reporting_year)
    editable = can_edit and (report is None or report.status != "submitted")
    form = ReportForm(
        request.POST or None,
        initial={k: getattr(report, k) for k in ("results", "difficulties", "proposals")} if report else None,
    )
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action in ("save", "submit") and editable:
                if not form.is_valid():
                    raise ValidationError(_("Check the form."))
                reports.report_save(actor=request.user, reporting_year=reporting_year, unit=unit, **form.cleaned_data)
                if action == "submit":
                    reports.report_submit(actor=request.user, reporting_year=reporting_year, unit=unit)
                    messages.success(
                        request,
                        _("The report is submitted to %(office)s.") % {"office": reporting_year.receiving_office.name},
                    )
                else:
                    messages.success(request, _("Draft saved."))
            elif action == "return" and can_receive and report is not None:
                reports.report_return(actor=request.user, report=report, reason=request.POST.get("reason", ""))
                messages.success(request, _("The report is returned to the unit for correction."))
            else:
                raise PermissionDenied
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        return redirect("reports:report", year=year, unit_pk=unit.pk)
    return render(
        request,
        "certificates/reports/detail.html",
        {
            "reporting_year": reporting_year,
            "unit": unit,
            "report": report,
            "status": status,
            "late_submission": report is not None and reports.submitted_late(reporting_year, report),
            "figures": figures,
            "officials_lines": [
                f"{statistics.CATEGORY_LABELS.get(code, code)}: {count}" for code, count in figures["officials"].items()
            ],
            "form": form,
            "editable": editable,
            "can_receive": can_receive,
            "return_form": ReasonForm(),
        },
    )


@login_required
def report_export(request, year: int, unit_pk: int, fmt: str):
    reporting_year, unit, report, _can_edit, _can_receive = _report_access(request, year, unit_pk)
    context = report_context(reporting_year, unit, report)
    if fmt == "pdf":
        data = render_document("certificates/documents/annual_report.html", context)
    elif fmt == "xlsx":
        data = _report_xlsx(context)
    else:
        raise Http404
    access_record(
        user=request.user,
        action=AccessRecord.Action.EXPORT,
        document=context["head"].title,
        subject=f"{unit.name} – {year}",
        fmt=fmt,
        rows=0,
    )
    return FileResponse(
        io.BytesIO(data),
        as_attachment=True,
        filename=f"bao-cao-{year}-{unit.code}.{fmt}",
        content_type=exports.CONTENT_TYPES[fmt],
    )


def _report_xlsx(context: dict) -> bytes:
    from openpyxl import Workbook

    from lms.spreadsheets import safe_xlsx_cell

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Báo cáo"
    sheet.append([context["head"].title])
    sheet.append([context["head"].issuing_office])
    sheet.append([])
    sheet.append(["Chỉ tiêu", "Số liệu"])
    for label, value in context["figure_rows"]:
        sheet.append([label, safe_xlsx_cell(value)])
    sheet.append([])
    for title, text in context["sections"]:
        sheet.append([title, safe_xlsx_cell(text)])
    sheet.column_dimensions["A"].width = 60
    sheet.column_dimensions["B"].width = 80
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _require_receiving(request, year: int) -> ReportingYear:
    reporting_year = _reporting_year(year)
    if not reports.can_receive(request.user, reporting_year):
        raise Http404
    return reporting_year


@login_required
def district_summary(request, year: int):
    reporting_year = _require_receiving(request, year)
    data = dashboards.district(year=year)
    statuses = {r.unit_id: r for r in AnnualReport.objects.filter(reporting_year=reporting_year)}
    for line in data["lines"]:
        line.report_status = reports.status_of(reporting_year, statuses.get(line.unit.pk))
    return render(request, "certificates/reports/summary.html", {"reporting_year": reporting_year, **data})


@login_required
def district_summary_export(request, year: int, fmt: str):
    from certificates.views import export_response

    reporting_year = _require_receiving(request, year)
    return export_response(
        request,
        kind=DistrictSummary.kind,
        params={"year": year},
        fmt=fmt,
        subject=str(year),
        office=reporting_year.receiving_office,
    )


# Dashboards.


@login_required
def organiser_dashboard(request):
    if not dashboards.can_see_district(request.user):
        raise PermissionDenied
    this_year = timezone.localdate().year
    years = list(range(this_year, this_year - 5, -1))
    offices = Unit.objects.organising_offices().current()
    form = DashboardFilterForm(request.GET or None, years=years, offices=offices, initial={"year": this_year})
    year, office_id, category = this_year, None, ""
    if request.GET and form.is_valid():
        year, office_id, category = (
            form.cleaned_data["year"],
            form.cleaned_data["office"],
            form.cleaned_data["category"],
        )
    context = dashboards.organiser_context(year=year, office_id=office_id, category=category)
    page = _page(request, context["lines"])
    return render(
        request,
        "certificates/dashboards/organiser.html",
        {"form": form, "year": year, "page": page, "query": _query(request), **context},
    )


@login_required
@require_POST
def refresh_statistics(request):
    if not dashboards.can_see_district(request.user):
        raise PermissionDenied
    year = _year_param(request)
    outbox.enqueue(refresh_statistics_task, year)
    messages.info(request, _("The figures are being recomputed; reload the page in a moment."))
    next_url = request.POST.get("next") or ""
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
        # Only pages of this site: a forged form must not send an organiser elsewhere.
        next_url = "/thong-ke/"
    return redirect(next_url)


@login_required
def unit_dashboard(request, unit_pk: int):
    """Drill-down from a unit to its officials and what each completed in the year."""
    if dashboards.can_see_district(request.user):
        units = Unit.objects.all()
    else:
        units = Unit.objects.coordinated_by(request.user)
    unit = get_object_or_404(units, pk=unit_pk)
    year = _year_param(request)
    people = dashboards.unit_officials(unit, year)
    return render(
        request,
        "certificates/dashboards/unit.html",
        {"unit": unit, "year": year, "people": people, "trained": sum(1 for p in people if p["trained"])},
    )


@login_required
def coordinator_dashboard(request):
    if not access.is_coordinator(request.user):
        raise PermissionDenied
    year = _year_param(request)
    return render(
        request,
        "certificates/dashboards/coordinator.html",
        {"year": year, **dashboards.coordinator_context(request.user, year=year)},
    )


@login_required
def learner_dashboard(request):
    return render(request, "certificates/dashboards/learner.html", dashboards.learner_context(request.user))
