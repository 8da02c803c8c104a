"""Writes of certificates and documents: issue, revoke, reissue, store and send PDFs, jobs and the access register."""

from __future__ import annotations

import datetime
import logging
import tempfile
import zipfile
from collections.abc import Iterable

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.files.base import ContentFile
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from certificates import exports, sources
from certificates.documents import DocumentHead, plain_lines, upper_lines
from certificates.models import (
    AccessRecord,
    Certificate,
    CertificateKind,
    CertificateSettings,
    ExportJob,
    JobStatus,
    RegisterCounter,
    format_register_number,
    new_verification_code,
)
from lms import audit, outbox, vietnamese
from units import access
from units.models import Official, Unit

log = logging.getLogger(__name__)
AUDITED = ("status", "register_number", "learner_name", "title", "revoke_reason", "replaced_by_id")
BULK_CHUNK = 10


# Office settings and document heads (reads) -----------------------------------------------------------


def default_short_code(office: Unit) -> str:
    """Initials of the office's name: "Phòng Nội vụ" → "PNV"."""
    return "".join(word[0] for word in vietnamese.strip_diacritics(office.name).split() if word).upper()[:20]


def office_settings(office: Unit) -> CertificateSettings:
    """The office's settings, or unsaved defaults when none were entered yet."""
    found = CertificateSettings.objects.filter(office=office).first()
    return found or CertificateSettings(office=office, short_code=default_short_code(office))


def supervising_body_of(office: Unit, conf: CertificateSettings) -> str:
    if conf.supervising_body:
        return conf.supervising_body
    parent = office.get_parent()
    return parent.name if parent else ""


def document_head(
    office: Unit,
    *,
    title: str,
    day: datetime.date | None = None,
    number: str = "",
    subtitle_lines: Iterable[str] = (),
    recipients: Iterable[str] | None = None,
    landscape: bool = False,
) -> DocumentHead:
    """The NĐ 30 frame of a document issued by an office today (or on a given day), from its settings.

    Recipients default to the office's configured "Nơi nhận"; the archive line names the office's short code.
    """
    conf = office_settings(office)
    return DocumentHead(
        supervising_body=supervising_body_of(office, conf),
        issuing_office=office.name,
        place=conf.place_name or office.effective_place_name(),
        day=day or timezone.localdate(),
        title=title,
        number=number,
        subtitle_lines=tuple(vietnamese.nfc(s) for s in subtitle_lines),
        signer_title_lines=upper_lines(conf.signer_title_lines),
        signer_name=conf.signer_name,
        recipients=tuple(recipients) if recipients is not None else plain_lines(conf.recipients),
        archive_note=f"VT, {conf.short_code}" if conf.short_code else "VT",
        landscape=landscape,
    )


# Issuing -----------------------------------------------------------------------------------------------


def _next_serial(office: Unit, year: int) -> int:
    """Take the next number of the office's register for the year; the counter row stays locked until commit."""
    RegisterCounter.objects.bulk_create([RegisterCounter(office=office, year=year)], ignore_conflicts=True)
    counter = RegisterCounter.objects.select_for_update(of=("self",)).get(office=office, year=year)
    counter.last_number += 1
    counter.save(update_fields=["last_number"])
    return counter.last_number


def _learner_snapshot(official: Official) -> dict:
    return {
        "learner_name": official.full_name,
        "learner_birth_year": official.birth_year,
        "learner_position": official.position,
        "learner_unit_name": official.unit.name,
    }


def _office_snapshot(office: Unit, kind: str) -> dict:
    conf = office_settings(office)
    return {
        "office_name": office.name,
        "supervising_body": supervising_body_of(office, conf),
        "place_name": conf.place_name or office.effective_place_name(),
        "signer_title_lines": conf.signer_title_lines,
        "signer_name": conf.signer_name,
        "certificate_title": conf.certificate_title,
        "certify_text": conf.certify_text,
        "completion_text": conf.completion_text(kind),
    }


def _create(*, official: Official, kind: str, source_id: int, office: Unit, day: datetime.date, fields: dict, user):
    """Number and insert a certificate in a savepoint, so that a refused insert gives its number back."""
    conf = office_settings(office)
    with transaction.atomic():
        serial = _next_serial(office, day.year)
        certificate = Certificate.objects.create(
            official=official,
            kind=kind,
            source_id=source_id,
            office=office,
            year=day.year,
            serial=serial,
            register_number=format_register_number(
                conf.number_pattern, number=serial, year=day.year, code=conf.short_code
            ),
            code=new_verification_code(),
            issued_on=day,
            issued_by=user if user and user.is_authenticated else None,
            **{k: _normalised(k, v) for k, v in fields.items()},
        )
    return certificate


def _normalised(name: str, value):
    if not isinstance(value, str):
        return value
    if name == "signer_title_lines":
        # One title a line: keep the line breaks that nfc() would fold into spaces.
        return "\n".join(vietnamese.nfc(line) for line in value.splitlines() if line.strip())
    return vietnamese.nfc(value)


def _check_source(kind: str, office: Unit) -> None:
    if kind not in CertificateKind.values:
        raise ValidationError(_("Unknown kind of certificate."))
    if not office.is_organising_office:
        raise ValidationError(
            _("%(office)s does not organise training, so it cannot issue certificates.") % {"office": office.name}
        )


@transaction.atomic
def certificate_issue(
    *,
    official: Official,
    kind: str,
    source_id: int,
    office: Unit,
    title: str,
    start_date: datetime.date | None = None,
    end_date: datetime.date | None = None,
    result_text: str = "",
    issued_by=None,
    issued_on: datetime.date | None = None,
) -> Certificate:
    """Issue the learner's certificate for a course or class, or return the one already issued.

    The learner's row is locked first, so concurrent workers and task retries for the same learner queue
    here and the later ones find the certificate; the register counter is locked next, so numbers are
    sequential and gap-free per office and year. Database constraints back both rules.
    """
    _check_source(kind, office)
    official = Official.objects.select_for_update(of=("self",)).select_related("unit").get(pk=official.pk)
    existing = Certificate.objects.live().filter(official=official, kind=kind, source_id=source_id).first()
    if existing:
        return existing
    day = issued_on or timezone.localdate()
    fields = {
        **_learner_snapshot(official),
        **_office_snapshot(office, kind),
        "title": title,
        "start_date": start_date,
        "end_date": end_date,
        "result_text": result_text or "",
    }
    try:
        certificate = _create(
            official=official, kind=kind, source_id=source_id, office=office, day=day, fields=fields, user=issued_by
        )
    except IntegrityError:
        # Only reachable without the row lock (another database session outside this service).
        existing = Certificate.objects.live().filter(official=official, kind=kind, source_id=source_id).first()
        if existing is None:
            raise
        return existing
    audit.record(certificate, "certificates.issue", user=issued_by, after=audit.snapshot(certificate, AUDITED))
    from certificates.tasks import deliver_certificate_task

    outbox.enqueue(deliver_certificate_task, certificate.pk)
    return certificate


def certificate_issue_from_source(
    *, official: Official, kind: str, source_id: int, issued_by=None, actor=None
) -> Certificate:
    """Issue from what the registered describer says about the course or class (idempotent).

    With an actor (an organiser issuing by hand or in bulk), the issuing office must be one of theirs.
    """
    snapshot = sources.describe(kind, source_id, official)
    if actor is not None and not (
        access.is_administrator(actor) or snapshot["office"].pk in access.organised_office_ids(actor)
    ):
        raise ValidationError(
            _("Only organisers of %(office)s issue its certificates.") % {"office": snapshot["office"].name}
        )
    existing = Certificate.objects.live().filter(official=official, kind=kind, source_id=source_id).first()
    if existing:
        return existing
    return certificate_issue(official=official, kind=kind, source_id=source_id, issued_by=issued_by, **snapshot)


def _locked(certificate: Certificate) -> Certificate:
    return (
        Certificate.objects.select_for_update(of=("self",)).select_related("official", "office").get(pk=certificate.pk)
    )


@transaction.atomic
def certificate_revoke(*, actor, certificate: Certificate, reason: str) -> Certificate:
    reason = vietnamese.nfc(reason)
    if not reason:
        raise ValidationError({"reason": _("Give the reason for revoking the certificate.")})
    certificate = _locked(certificate)
    if certificate.status != Certificate.Status.VALID:
        raise ValidationError(_("Only a valid certificate can be revoked."))
    before = audit.snapshot(certificate, AUDITED)
    certificate.status = Certificate.Status.REVOKED
    certificate.revoked_at = timezone.now()
    certificate.revoked_by = actor
    certificate.revoke_reason = reason
    certificate.save(update_fields=["status", "revoked_at", "revoked_by", "revoke_reason"])
    after = audit.snapshot(certificate, AUDITED)
    audit.record(certificate, "certificates.revoke", user=actor, before=before, after=after)
    return certificate


@transaction.atomic
def certificate_reissue(*, actor, certificate: Certificate, reason: str, changes: dict | None = None) -> Certificate:
    """Replace a valid certificate with a new one (new number and code): the old one points to it.

    The learner's details are read again (a corrected name, say); what was certified is kept unless
    changes say otherwise; the office's current signer and wording apply.
    """
    reason = vietnamese.nfc(reason)
    if not reason:
        raise ValidationError({"reason": _("Give the reason for reissuing the certificate.")})
    official = Official.objects.select_for_update(of=("self",)).select_related("unit").get(pk=certificate.official_id)
    old = _locked(certificate)
    if old.status != Certificate.Status.VALID:
        raise ValidationError(_("Only a valid certificate can be reissued."))
    before = audit.snapshot(old, AUDITED)
    allowed = {"title", "start_date", "end_date", "result_text", *_learner_snapshot(official)}
    unknown = set(changes or {}) - allowed
    if unknown:
        raise ValidationError(_("These details cannot be changed: %(fields)s") % {"fields": ", ".join(sorted(unknown))})
    fields = {
        "title": old.title,
        "start_date": old.start_date,
        "end_date": old.end_date,
        "result_text": old.result_text,
        **_learner_snapshot(official),
        **_office_snapshot(old.office, old.kind),
        **(changes or {}),
    }
    old.status = Certificate.Status.REPLACED
    old.revoke_reason = reason
    old.save(update_fields=["status", "revoke_reason"])
    new = _create(
        official=official,
        kind=old.kind,
        source_id=old.source_id,
        office=old.office,
        day=timezone.localdate(),
        fields=fields,
        user=actor,
    )
    old.replaced_by = new
    old.save(update_fields=["replaced_by"])
    audit.record(old, "certificates.reissue", user=actor, before=before, after=audit.snapshot(old, AUDITED))
    audit.record(new, "certificates.issue", user=actor, after=audit.snapshot(new, AUDITED))
    from certificates.tasks import deliver_certificate_task

    outbox.enqueue(deliver_certificate_task, new.pk)
    return new


# Files and mail ----------------------------------------------------------------------------------------


def certificate_store_pdf(*, certificate: Certificate) -> Certificate:
    """Render and keep the PDF once; a second call (a retry, a second worker) finds it and does nothing."""
    if certificate.pdf:
        return certificate
    stored = Certificate.objects.filter(pk=certificate.pk).values_list("pdf", flat=True).first()
    if stored:
        certificate.pdf.name = stored
        return certificate
    from certificates.rendering import render_certificate_pdf

    data = render_certificate_pdf(certificate)
    with transaction.atomic():
        locked = _locked(certificate)
        if not locked.pdf:
            locked.pdf.save(certificate.file_name(), ContentFile(data), save=False)
            locked.save(update_fields=["pdf"])
    return locked


def certificate_send(*, certificate: Certificate) -> bool:
    """Email the PDF to the learner once; returns whether a message went out."""
    with transaction.atomic():
        locked = _locked(certificate)
        if locked.emailed_at or locked.status != Certificate.Status.VALID:
            return False
        address = locked.official.email or (locked.official.user.email if locked.official.user_id else "")
        if not address:
            return False
        with translation.override(settings.LANGUAGE_CODE):
            context = {"certificate": locked, "url": settings.SITE_URL.rstrip("/") + "/certificates/mine/"}
            subject = render_to_string("certificates/email/issued_subject.txt", context).strip()
            body = render_to_string("certificates/email/issued.txt", context)
        message = EmailMessage(subject, body, None, [address])
        with locked.pdf.open("rb") as handle:
            message.attach(locked.file_name(), handle.read(), "application/pdf")
        message.send()
        locked.emailed_at = timezone.now()
        locked.save(update_fields=["emailed_at"])
    return True


# The access register -----------------------------------------------------------------------------------


def access_record(
    *,
    user,
    action: str,
    document: str,
    subject: str = "",
    fmt: str = "",
    rows: int = 0,
    office: Unit | None = None,
    certificate: Certificate | None = None,
) -> AccessRecord:
    return AccessRecord.objects.create(
        user=user,
        action=action,
        document=str(document)[:300],
        subject=str(subject)[:300],
        fmt=fmt,
        rows=rows,
        office=office,
        certificate=certificate,
    )


# Jobs --------------------------------------------------------------------------------------------------


def export_job_start(*, actor, kind: str, params: dict, fmt: str, office: Unit | None = None) -> ExportJob:
    """Queue an export that runs in the background; the job page polls its progress."""
    if fmt not in exports.FORMATS:
        raise ValidationError(exports.UNKNOWN_FORMAT)
    exporter = exports.build(kind, params)
    job = ExportJob.objects.create(
        kind=kind,
        title=exporter.title,
        params=params,
        fmt=fmt,
        total=exporter.count(),
        office=office,
        requested_by=actor,
    )
    from certificates.tasks import export_job_task

    outbox.enqueue(export_job_task, job.pk)
    return job


def _mark_running(job_id: int) -> ExportJob | None:
    with transaction.atomic():
        job = ExportJob.objects.select_for_update(of=("self",)).get(pk=job_id)
        if job.is_finished:
            return None
        if job.status == JobStatus.PENDING:
            job.status = JobStatus.RUNNING
            job.save(update_fields=["status"])
        return job


def _finish(job: ExportJob, *, status: str, error: str = "") -> None:
    job.status = status
    job.error = error
    job.finished_at = timezone.now()
    job.save(update_fields=["status", "error", "finished_at", "progress", "file", "file_name"])


def job_fail(*, job_id: int, error: str) -> None:
    """Mark a job failed so that its page stops waiting; a finished job is left as it is."""
    with transaction.atomic():
        job = ExportJob.objects.select_for_update(of=("self",)).get(pk=job_id)
        if not job.is_finished:
            _finish(job, status=JobStatus.FAILED, error=error[:1000])


def export_job_run(*, job_id: int) -> None:
    """Write the document to a temporary file as its rows come, then keep it in the private storage."""
    job = _mark_running(job_id)
    if job is None:
        return
    exporter = exports.build(job.kind, job.params)

    def progress(count: int) -> None:
        ExportJob.objects.filter(pk=job.pk).update(progress=min(count, job.total))

    try:
        with tempfile.TemporaryFile() as handle:
            count = exports.write(exporter, job.fmt, handle, progress)
            handle.seek(0)
            job.file_name = exporter.file_name(job.fmt)
            job.file.save(job.file_name, File(handle), save=False)
    except Exception as error:
        log.exception("export job %s failed", job.pk)
        job.progress = 0
        _finish(job, status=JobStatus.FAILED, error=str(error)[:1000])
        raise
    job.progress = min(count, job.total)
    _finish(job, status=JobStatus.DONE)


@transaction.atomic
def bulk_issue_start(*, actor, items: Iterable, title: str, office: Unit | None = None) -> ExportJob:
    """Issue certificates for many (official_id, kind, source_id) items in the background, then zip their PDFs.

    Training calls this for a whole class; the chunks run on as many workers as there are.
    """
    items = [[int(official_id), str(kind), int(source_id)] for official_id, kind, source_id in items]
    if not items:
        raise ValidationError(_("Choose at least one learner."))
    chunks = [[start, min(start + BULK_CHUNK, len(items))] for start in range(0, len(items), BULK_CHUNK)]
    job = ExportJob.objects.create(
        kind=ExportJob.BULK_CERTIFICATES,
        title=vietnamese.nfc(title),
        params={"items": items, "chunks": chunks, "done": [], "skipped": []},
        fmt="zip",
        total=len(items),
        office=office,
        requested_by=actor,
    )
    from certificates.tasks import bulk_issue_chunk_task

    for index in range(len(chunks)):
        outbox.enqueue(bulk_issue_chunk_task, job.pk, index)
    return job


def bulk_issue_chunk(*, job_id: int, index: int) -> None:
    """Issue one chunk of a bulk job; the chunk that completes the job queues the ZIP."""
    job = _mark_running(job_id)
    if job is None or index in job.params["done"]:
        return
    start, stop = job.params["chunks"][index]
    skipped = []
    for official_id, kind, source_id in job.params["items"][start:stop]:
        try:
            official = Official.objects.get(pk=official_id)
            certificate = certificate_issue_from_source(
                official=official, kind=kind, source_id=source_id, issued_by=job.requested_by, actor=job.requested_by
            )
            certificate_store_pdf(certificate=certificate)
        except (ValidationError, Official.DoesNotExist) as error:
            message = "; ".join(getattr(error, "messages", [str(error)]))
            skipped.append({"official_id": official_id, "message": message})
    with transaction.atomic():
        job = ExportJob.objects.select_for_update(of=("self",)).get(pk=job_id)
        if index in job.params["done"]:
            return
        job.params["done"].append(index)
        job.params["skipped"].extend(skipped)
        job.progress = F("progress") + (stop - start)
        job.save(update_fields=["params", "progress"])
        if len(job.params["done"]) == len(job.params["chunks"]):
            from certificates.tasks import bulk_zip_task

            outbox.enqueue(bulk_zip_task, job.pk)


def bulk_zip(*, job_id: int) -> None:
    """Put the PDFs of the job's certificates in one ZIP in the private storage."""
    job = ExportJob.objects.get(pk=job_id)
    if job.is_finished:
        return
    wanted = {(o, k, s) for o, k, s in job.params["items"]}
    certificates = (
        Certificate.objects.filter(status=Certificate.Status.VALID)
        .filter(official_id__in={o for o, _k, _s in wanted}, source_id__in={s for _o, _k, s in wanted})
        .order_by("office_id", "year", "serial")
    )
    written = 0
    with tempfile.TemporaryFile() as handle:
        with zipfile.ZipFile(handle, "w", compression=zipfile.ZIP_STORED) as archive:
            for certificate in certificates.iterator(chunk_size=200):
                if (certificate.official_id, certificate.kind, certificate.source_id) not in wanted:
                    continue
                certificate = certificate_store_pdf(certificate=certificate)
                with certificate.pdf.open("rb") as pdf_file:
                    archive.writestr(certificate.file_name(), pdf_file.read())
                written += 1
        handle.seek(0)
        with transaction.atomic():
            job = ExportJob.objects.select_for_update(of=("self",)).get(pk=job_id)
            if job.is_finished:
                return
            job.file_name = f"giay-chung-nhan-{job.pk}.zip"
            job.file.save(job.file_name, File(handle), save=False)
            job.params["certificates"] = written
            job.save(update_fields=["params"])
            _finish(job, status=JobStatus.DONE)
