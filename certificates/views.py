"""Certificate pages: public verification, the learner's certificates, issuing and revoking, jobs and the register."""

from __future__ import annotations

import tempfile
import time

from axes.helpers import get_client_ip_address
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from certificates import exports, services
from certificates.forms import IssueForm, ReasonForm, VerifyForm
from certificates.models import AccessRecord, Certificate, ExportJob, JobStatus, normalise_code
from units import access
from units.models import Unit

PAGE_SIZE = 50


def _require_organiser(user) -> None:
    if not (access.is_administrator(user) or access.is_organiser(user)):
        raise PermissionDenied


def _rate_limited(request) -> bool:
    """Count verification requests per client address and minute in the shared cache."""
    address = get_client_ip_address(request) or "unknown"
    key = f"certificates:verify:{address}:{int(time.time() // 60)}"
    cache.add(key, 0, timeout=90)
    try:
        count = cache.incr(key)
    except ValueError:
        count = 1
    return count > settings.LMS_VERIFY_RATE_PER_MINUTE


def _too_many(request):
    response = render(request, "certificates/verify_form.html", {"form": VerifyForm(), "limited": True}, status=429)
    response["Retry-After"] = "60"
    return response


@require_GET
def verify_form(request):
    form = VerifyForm(request.GET or None)
    if request.GET and form.is_valid():
        return redirect("certificates:verify", code=form.cleaned_data["code"])
    return render(request, "certificates/verify_form.html", {"form": form})


@require_GET
def verify(request, code: str):
    if _rate_limited(request):
        return _too_many(request)
    certificate = Certificate.objects.filter(code=normalise_code(code)).first()
    if certificate is None:
        raise Http404
    facts = {
        "learner_name": certificate.learner_name,
        "title": certificate.title,
        "start_date": certificate.start_date,
        "end_date": certificate.end_date,
        "office_name": certificate.office_name,
        "register_number": certificate.register_number,
        "issued_on": certificate.issued_on,
        "status": certificate.status,
        "status_label": certificate.get_status_display(),
    }
    return render(request, "certificates/verify.html", {"facts": facts})


@login_required
def my_certificates(request):
    certificates = Certificate.objects.of_user(request.user).select_related("replaced_by")
    return render(request, "certificates/mine.html", {"certificates": certificates})


@login_required
def certificate_pdf(request, pk: int):
    certificate = get_object_or_404(Certificate.objects.visible_to(request.user).with_related(), pk=pk)
    certificate = services.certificate_store_pdf(certificate=certificate)
    if certificate.official.user_id != request.user.pk:
        services.access_record(
            user=request.user,
            action=AccessRecord.Action.CERTIFICATE,
            document=f"{certificate.certificate_title} {certificate.register_number}",
            subject=certificate.learner_name,
            fmt="pdf",
            rows=1,
            office=certificate.office,
            certificate=certificate,
        )
    return FileResponse(
        certificate.pdf.open("rb"), as_attachment=True, filename=certificate.file_name(), content_type="application/pdf"
    )


@login_required
def manage(request):
    _require_organiser(request.user)
    certificates = Certificate.objects.managed_by(request.user).with_related()
    status = request.GET.get("status", "")
    if status in Certificate.Status.values:
        certificates = certificates.filter(status=status)
    query = request.GET.get("q", "").strip()
    if query:
        certificates = certificates.filter(learner_name__icontains=query) | certificates.filter(
            register_number__icontains=query
        )
    page = Paginator(certificates, PAGE_SIZE).get_page(request.GET.get("page"))
    offices = Unit.objects.organising_offices()
    if not access.is_administrator(request.user):
        offices = offices.filter(pk__in=access.organised_office_ids(request.user))
    this_year = timezone.localdate().year
    return render(
        request,
        "certificates/manage.html",
        {
            "page": page,
            "status": status,
            "q": query,
            "statuses": Certificate.Status.choices,
            "offices": offices,
            "years": range(this_year, this_year - 5, -1),
            "formats": exports.FORMATS,
        },
    )


def _issue_error(form, error: ValidationError) -> None:
    for message in error.messages:
        form.add_error(None, message)


@login_required
def issue(request):
    _require_organiser(request.user)
    form = IssueForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        kind, source_id = form.cleaned_data["source"]
        source_label = dict(form.fields["source"].choices).get(form.data["source"], "")
        officials = list(form.cleaned_data["officials"])
        try:
            if len(officials) == 1:
                certificate = services.certificate_issue_from_source(
                    official=officials[0], kind=kind, source_id=source_id, issued_by=request.user, actor=request.user
                )
            else:
                job = services.bulk_issue_start(
                    actor=request.user,
                    items=[(o.pk, kind, source_id) for o in officials],
                    title=_("Certificates: %(source)s") % {"source": source_label},
                )
        except ValidationError as error:
            _issue_error(form, error)
        else:
            if len(officials) == 1:
                messages.success(
                    request,
                    _("Certificate %(number)s is issued to %(name)s.")
                    % {"number": certificate.register_number, "name": certificate.learner_name},
                )
                return redirect("certificates:manage")
            return redirect("certificates:job", pk=job.pk)
    return render(request, "certificates/issue.html", {"form": form})


def _reason_action(request, pk: int, template: str, action, success: str):
    certificate = get_object_or_404(Certificate.objects.managed_by(request.user).with_related(), pk=pk)
    form = ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            result = action(actor=request.user, certificate=certificate, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            _issue_error(form, error)
        else:
            messages.success(request, success % {"number": result.register_number, "name": result.learner_name})
            return redirect("certificates:manage")
    return render(request, template, {"form": form, "certificate": certificate})


@login_required
def revoke(request, pk: int):
    _require_organiser(request.user)
    return _reason_action(
        request, pk, "certificates/revoke.html", services.certificate_revoke, _("Certificate %(number)s is revoked.")
    )


@login_required
def reissue(request, pk: int):
    _require_organiser(request.user)
    return _reason_action(
        request,
        pk,
        "certificates/reissue.html",
        services.certificate_reissue,
        _("Certificate %(number)s is issued to %(name)s in place of the old one."),
    )


def export_response(request, *, kind: str, params: dict, fmt: str, subject: str = "", office: Unit | None = None):
    """Send a document at once, or queue it as a job (with a progress page) when it has many rows."""
    if fmt not in exports.FORMATS:
        raise Http404
    exporter = exports.build(kind, params)
    if exporter.count() > exports.ASYNC_THRESHOLD:
        job = services.export_job_start(actor=request.user, kind=kind, params=params, fmt=fmt, office=office)
        return redirect("certificates:job", pk=job.pk)
    # Handed to the response, which closes it once sent.
    handle = tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024)  # noqa: SIM115
    rows = exports.write(exporter, fmt, handle)
    handle.seek(0)
    services.access_record(
        user=request.user,
        action=AccessRecord.Action.EXPORT,
        document=exporter.title,
        subject=subject,
        fmt=fmt,
        rows=rows,
        office=office,
    )
    return FileResponse(
        handle, as_attachment=True, filename=exporter.file_name(fmt), content_type=exports.CONTENT_TYPES[fmt]
    )


@login_required
def register_export(request, fmt: str):
    _require_organiser(request.user)
    offices = Unit.objects.organising_offices()
    if not access.is_administrator(request.user):
        offices = offices.filter(pk__in=access.organised_office_ids(request.user))
    office = get_object_or_404(offices, pk=request.GET.get("office") or 0)
    try:
        year = int(request.GET.get("year", timezone.localdate().year))
    except ValueError:
        raise Http404 from None
    return export_response(
        request,
        kind=exports.CertificateRegister.kind,
        params={"office_id": office.pk, "year": year},
        fmt=fmt,
        subject=f"{office.name} – {year}",
        office=office,
    )


@login_required
def job_detail(request, pk: int):
    job = get_object_or_404(ExportJob.objects.visible_to(request.user), pk=pk)
    return render(request, "certificates/job.html", {"job": job})


@login_required
def job_status(request, pk: int):
    job = get_object_or_404(ExportJob.objects.visible_to(request.user), pk=pk)
    return JsonResponse(
        {
            "status": job.status,
            "status_label": job.get_status_display(),
            "progress": job.progress,
            "total": job.total,
            "percent": job.percent,
            "download": reverse("certificates:job_download", args=[job.pk]) if job.status == JobStatus.DONE else "",
        }
    )


@login_required
def job_download(request, pk: int):
    job = get_object_or_404(ExportJob.objects.visible_to(request.user), pk=pk, status=JobStatus.DONE)
    if not job.file:
        raise Http404
    is_bulk = job.kind == ExportJob.BULK_CERTIFICATES
    services.access_record(
        user=request.user,
        action=AccessRecord.Action.ZIP if is_bulk else AccessRecord.Action.EXPORT,
        document=job.title,
        subject=job.title,
        fmt=job.fmt,
        rows=job.params.get("certificates", job.total) if is_bulk else job.total,
        office=job.office,
    )
    return FileResponse(
        job.file.open("rb"),
        as_attachment=True,
        filename=job.file_name,
        content_type=exports.CONTENT_TYPES.get(job.fmt, "application/octet-stream"),
    )


@login_required
def access_register(request):
    _require_organiser(request.user)
    records = AccessRecord.objects.visible_to(request.user)
    page = Paginator(records, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "certificates/access_register.html", {"page": page})


# Documents of a training class.


def _organised_class(request, pk: int):
    from training.models import TrainingClass

    classes = TrainingClass.objects.organised_by(request.user).select_related("organising_office")
    return get_object_or_404(classes, pk=pk)


@login_required
def class_documents(request, pk: int):
    from certificates import classes

    training_class = _organised_class(request, pk)
    documents = [(kind, exports.label(kind)) for kind in classes.KINDS]
    completed = len(classes.completed_items(training_class))
    issued = Certificate.objects.filter(kind="class", source_id=training_class.pk, status=Certificate.Status.VALID)
    return render(
        request,
        "certificates/class_documents.html",
        {
            "c": training_class,
            "documents": documents,
            "formats": ("pdf", "xlsx", "csv"),
            "completed": completed,
            "issued": issued.count(),
            "recipients": classes.recipients(training_class),
        },
    )


@login_required
def class_document(request, pk: int, kind: str, fmt: str):
    from certificates import classes

    training_class = _organised_class(request, pk)
    if kind not in classes.KINDS:
        raise Http404
    return export_response(
        request,
        kind=kind,
        params={"class_id": training_class.pk},
        fmt=fmt,
        subject=training_class.name,
        office=training_class.organising_office,
    )


@login_required
def class_announcement(request, pk: int):
    """The announcement of a class as an official document, for the office and the invited units."""
    from certificates import classes
    from certificates.pdf import render_document
    from training.models import TrainingClass

    training_class = get_object_or_404(
        TrainingClass.objects.visible_to(request.user).select_related("organising_office"), pk=pk
    )
    pdf = render_document("certificates/documents/announcement.html", classes.announcement_context(training_class))
    return FileResponse(
        iter([pdf]), as_attachment=True, filename="thong-bao-mo-lop.pdf", content_type=exports.CONTENT_TYPES["pdf"]
    )


@login_required
def class_issue(request, pk: int):
    """Issue the certificates of everyone who completed a finished class, as one background job."""
    from certificates import classes
    from training.models import ClassStatus

    training_class = _organised_class(request, pk)
    if request.method != "POST":
        return redirect("certificates:class_documents", pk=pk)
    if training_class.status != ClassStatus.FINISHED:
        messages.error(request, _("Certificates are issued once the class has finished."))
        return redirect("certificates:class_documents", pk=pk)
    try:
        job = services.bulk_issue_start(
            actor=request.user,
            items=classes.completed_items(training_class),
            title=training_class.name,
            office=training_class.organising_office,
        )
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect("certificates:class_documents", pk=pk)
    return redirect("certificates:job", pk=job.pk)
