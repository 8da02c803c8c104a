"""Workspace pages for coordinators and organisers (officials, imports, audit) and each user's profile pages."""

from __future__ import annotations

import io
import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from openpyxl import Workbook
from wagtail.models import ModelLogEntry

from lms import vietnamese
from lms.spreadsheets import safe_xlsx_cell
from units import access, imports, personal_data, services
from units.forms import ConsentForm, CorrectionForm, OfficialFilterForm, OfficialForm, RosterUploadForm
from units.models import CorrectionRequest, Official, RosterImport, Unit

PAGE_SIZE = 50


def _form_errors_from(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def _readable_units(user):
    if access.sees_all_officials(user):
        return Unit.objects.all()
    return Unit.objects.coordinated_by(user)


def _editable_units(user):
    if access.is_administrator(user):
        return Unit.objects.all()
    return Unit.objects.coordinated_by(user)


def _can_edit_unit(user, unit: Unit) -> bool:
    return access.is_administrator(user) or unit.pk in access.coordinated_unit_ids(user)


@login_required
def workspace(request):
    user = request.user
    if not access.is_staff_of_any_kind(user):
        raise PermissionDenied
    if access.is_administrator(user) or access.is_organiser(user):
        units = Unit.objects.current()
    else:
        assigned = user.role_assignments.filter(role="coordinator").values_list("unit_id", flat=True)
        units = Unit.objects.filter(pk__in=assigned)
    units = sorted(units, key=lambda u: (u.depth, vietnamese.sort_key(u.name)))
    pending = Official.objects.editable_by(user).filter(confirmed=False, is_active=True).count()
    open_corrections = CorrectionRequest.objects.filter(
        official__in=Official.objects.editable_by(user), resolved_at__isnull=True
    ).count()
    return render(
        request,
        "units/workspace.html",
        {"units": units, "pending_count": pending, "open_corrections": open_corrections},
    )


@login_required
def official_list(request, unit_pk: int):
    unit = get_object_or_404(_readable_units(request.user), pk=unit_pk)
    can_edit = _can_edit_unit(request.user, unit)
    subtree = Unit.objects.subtree_of([unit])
    officials = Official.objects.visible_to(request.user).filter(unit__in=subtree).select_related("unit", "user")
    form = OfficialFilterForm(request.GET or None)
    status = "active"
    if form.is_valid():
        officials = officials.search(form.cleaned_data["q"])
        if form.cleaned_data["category"]:
            officials = officials.filter(category=form.cleaned_data["category"])
        status = form.cleaned_data["status"] or "active"
    if status == "inactive":
        officials = officials.filter(is_active=False)
    elif status == "pending":
        officials = officials.filter(is_active=True, confirmed=False)
    else:
        officials = officials.filter(is_active=True, confirmed=True)
    page = Paginator(officials.in_name_order(), PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "units/official_list.html",
        {"unit": unit, "page": page, "form": form, "can_edit": can_edit, "query": query.urlencode()},
    )


@login_required
def official_detail(request, pk: int):
    official = get_object_or_404(Official.objects.visible_to(request.user).select_related("unit", "user"), pk=pk)
    can_edit = Official.objects.editable_by(request.user).filter(pk=pk).exists()
    history = None
    if access.sees_all_officials(request.user):
        history = (
            ModelLogEntry.objects.filter(
                content_type=ContentType.objects.get_for_model(Official), object_id=str(official.pk)
            )
            .select_related("user")
            .order_by("-timestamp")[:50]
        )
    return render(
        request,
        "units/official_detail.html",
        {
            "official": official,
            "can_edit": can_edit,
            "memberships": official.memberships.select_related("unit"),
            "history": history,
        },
    )


@login_required
def official_create(request, unit_pk: int):
    unit = get_object_or_404(_editable_units(request.user), pk=unit_pk)
    choices = list(Unit.objects.subtree_of([unit]).current())
    form = OfficialForm(request.POST or None, units=choices, initial={"unit": unit.pk})
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "unit"}
        try:
            official = services.official_create(actor=request.user, unit=form.cleaned_data["unit"], **data)
        except ValidationError as error:
            _form_errors_from(form, error)
        else:
            messages.success(request, _("%(name)s was added to the roster.") % {"name": official.full_name})
            return redirect("units:official_detail", pk=official.pk)
    return render(request, "units/official_form.html", {"form": form, "unit": unit, "official": None})


@login_required
def official_edit(request, pk: int):
    official = get_object_or_404(Official.objects.editable_by(request.user).select_related("unit"), pk=pk)
    choices = list(_editable_units(request.user).current())
    if official.unit not in choices:
        choices.append(official.unit)
    form = OfficialForm(request.POST or None, instance=official, units=choices)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "unit"}
        try:
            services.official_update(actor=request.user, official=official, unit=form.cleaned_data["unit"], **data)
        except ValidationError as error:
            _form_errors_from(form, error)
        else:
            messages.success(request, _("Changes saved."))
            return redirect("units:official_detail", pk=official.pk)
    return render(request, "units/official_form.html", {"form": form, "unit": official.unit, "official": official})


def _confirm_action(request, pk: int, template: str, action, success: str):
    official = get_object_or_404(Official.objects.editable_by(request.user).select_related("unit"), pk=pk)
    if request.method == "POST":
        try:
            action(actor=request.user, official=official)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, success % {"name": official.full_name})
        return redirect("units:official_detail", pk=official.pk)
    return render(request, template, {"official": official})


@login_required
def official_deactivate(request, pk: int):
    return _confirm_action(
        request,
        pk,
        "units/official_deactivate.html",
        services.official_deactivate,
        _("%(name)s is no longer on the active roster."),
    )


@login_required
def official_grant_login(request, pk: int):
    return _confirm_action(
        request,
        pk,
        "units/official_grant_login.html",
        services.official_grant_login,
        _("A login was created for %(name)s; an email with a link to set the password is on its way."),
    )


@login_required
@require_POST
def official_confirm(request, pk: int):
    official = get_object_or_404(Official.objects.editable_by(request.user), pk=pk)
    services.official_confirm(actor=request.user, official=official)
    messages.success(request, _("%(name)s is confirmed.") % {"name": official.full_name})
    return redirect("units:official_detail", pk=official.pk)


@login_required
def roster_import_upload(request, unit_pk: int):
    unit = get_object_or_404(_editable_units(request.user), pk=unit_pk)
    form = RosterUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        roster_import = imports.roster_import_check(
            actor=request.user, unit=unit, data=upload.read(), file_name=upload.name
        )
        return redirect("units:roster_import_review", unit_pk=unit.pk, pk=roster_import.pk)
    return render(request, "units/roster_import_upload.html", {"unit": unit, "form": form})


def _roster_import(request, unit_pk: int, pk: int) -> RosterImport:
    unit = get_object_or_404(_editable_units(request.user), pk=unit_pk)
    return get_object_or_404(RosterImport.objects.select_related("unit"), pk=pk, unit=unit)


@login_required
def roster_import_review(request, unit_pk: int, pk: int):
    roster_import = _roster_import(request, unit_pk, pk)
    if request.method == "POST":
        if request.POST.get("action") == "cancel":
            roster_import.status = RosterImport.Status.CANCELLED
            roster_import.save(update_fields=["status"])
            messages.info(request, _("The import was cancelled; nothing was written."))
            return redirect("units:official_list", unit_pk=unit_pk)
        try:
            count = imports.roster_import_apply(
                actor=request.user, roster_import=roster_import, valid_only=request.POST.get("valid_only") == "1"
            )
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("%(count)s officials were added to the roster.") % {"count": count})
            return redirect("units:official_list", unit_pk=unit_pk)
    return render(
        request,
        "units/roster_import_review.html",
        {"roster_import": roster_import, "unit": roster_import.unit, "errors": roster_import.errors[:500]},
    )


@login_required
def roster_template(request):
    if not access.is_staff_of_any_kind(request.user):
        raise PermissionDenied
    response = HttpResponse(
        imports.template_workbook(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = 'attachment; filename="mau-danh-sach-can-bo.xlsx"'
    return response


@login_required
def correction_list(request):
    if not access.is_staff_of_any_kind(request.user):
        raise PermissionDenied
    corrections = CorrectionRequest.objects.filter(
        official__in=Official.objects.editable_by(request.user)
    ).select_related("official__unit", "resolved_by")
    return render(request, "units/correction_list.html", {"corrections": corrections[:200]})


@login_required
@require_POST
def correction_resolve(request, pk: int):
    correction = get_object_or_404(
        CorrectionRequest.objects.filter(official__in=Official.objects.editable_by(request.user)), pk=pk
    )
    services.correction_request_resolve(actor=request.user, correction=correction)
    messages.success(request, _("Marked as done."))
    return redirect("units:correction_list")


@login_required
def audit_log(request):
    if not access.sees_all_officials(request.user):
        raise PermissionDenied
    entries = ModelLogEntry.objects.filter(action__regex=r"^(units|training|courses|certificates)\.").select_related(
        "user", "content_type"
    )
    page = Paginator(entries.order_by("-timestamp", "-pk"), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "units/audit_log.html", {"page": page})


# Profile pages of the signed-in user.


@login_required
def profile(request):
    official = Official.objects.filter(user=request.user).select_related("unit").first()
    return render(
        request,
        "units/profile.html",
        {"official": official, "sections": personal_data.collect(request.user), "correction_form": CorrectionForm()},
    )


@login_required
def personal_data_download(request, fmt: str):
    sections = personal_data.collect(request.user)
    stamp = timezone.localtime().strftime("%Y%m%d")
    if fmt == "json":
        body = json.dumps(sections, ensure_ascii=False, indent=2, default=str)
        response = HttpResponse(body, content_type="application/json; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="du-lieu-ca-nhan-{stamp}.json"'
        return response
    if fmt != "xlsx":
        raise Http404
    workbook = Workbook(write_only=True)
    for section in sections:
        sheet = workbook.create_sheet(section["title"][:31])
        rows = section["rows"]
        if not rows:
            sheet.append([_("(nothing recorded)")])
            continue
        headers = list(rows[0].keys())
        sheet.append(headers)
        for row in rows:
            sheet.append([safe_xlsx_cell(row.get(h)) for h in headers])
    out = io.BytesIO()
    workbook.save(out)
    response = HttpResponse(
        out.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="du-lieu-ca-nhan-{stamp}.xlsx"'
    return response


@login_required
@require_POST
def correction_request(request):
    official = Official.objects.filter(user=request.user).first()
    if official is None:
        messages.error(request, _("Your account is not linked to an official record."))
        return redirect("units:profile")
    form = CorrectionForm(request.POST)
    if form.is_valid():
        try:
            services.correction_request_create(official=official, message=form.cleaned_data["message"])
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Your request was sent to your unit's coordinator."))
    else:
        messages.error(request, _("Say what should be corrected."))
    return redirect("units:profile")


def consent(request):
    """The personal-data notice; a signed-in user who has not yet accepted it accepts it here."""
    if request.method == "POST" and not request.user.is_authenticated:
        return redirect("account_login")
    form = ConsentForm(request.POST or None)
    next_url = request.POST.get("next") or request.GET.get("next") or "/"
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
        next_url = "/"
    if request.method == "POST" and form.is_valid():
        services.consent_accept(user=request.user)
        return redirect(next_url)
    return render(request, "units/consent.html", {"form": form, "next": next_url})
