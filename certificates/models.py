"""Certificates and their register, office settings, jobs, the access register, yearly reports, dashboard figures."""

from __future__ import annotations

import datetime
import secrets
import string

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import storages
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from lms import vietnamese
from units.models import Official, Unit

DEFAULT_NUMBER_PATTERN = "{number:04d}/GCN-{code}"
NUMBER_FIELDS = {"number", "year", "code"}

# Crockford's base 32: no I, L, O or U, so a code read aloud or typed from paper is not misread.
CODE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
CODE_LENGTH = 28  # 140 bits of randomness
CODE_GROUP = 4
_CODE_FIXES = str.maketrans({"O": "0", "I": "1", "L": "1", "U": "V"})


def private_storage():
    return storages["private"]


def new_verification_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def normalise_code(text: str) -> str:
    """The stored form of a code as typed: without separators, upper case, look-alike letters mapped."""
    cleaned = "".join(ch for ch in (text or "").upper() if ch.isalnum())
    return cleaned.translate(_CODE_FIXES)


def group_code(code: str) -> str:
    return "-".join(code[i : i + CODE_GROUP] for i in range(0, len(code), CODE_GROUP))


def validate_number_pattern(pattern: str) -> None:
    """A register-number pattern may use {number} (with a width such as :04d), {year} and {code} only."""
    try:
        parsed = list(string.Formatter().parse(pattern))
    except ValueError as error:
        raise ValidationError(_("The pattern is not valid: %(error)s") % {"error": error}) from error
    names = [name for _text, name, _spec, _conv in parsed if name is not None]
    if "number" not in names:
        raise ValidationError(_("The pattern must contain {number}."))
    for _text, name, spec, conversion in parsed:
        if name is None:
            continue
        if name not in NUMBER_FIELDS or conversion or (spec and not (spec.rstrip("d").isdigit() or spec == "d")):
            raise ValidationError(
                _('"%(field)s" is not allowed; use {number}, {number:04d}, {year} or {code}.') % {"field": name}
            )


def format_register_number(pattern: str, *, number: int, year: int, code: str) -> str:
    validate_number_pattern(pattern)
    return pattern.format(number=number, year=year, code=code)


class CertificateKind(models.TextChoices):
    COURSE = "course", _("Online course")
    CLASS = "class", _("Training class")


class CertificateSettings(models.Model):
    """What an organising office prints on its certificates and documents; read on each issue date."""

    office = models.OneToOneField(
        Unit,
        verbose_name=_("issuing office"),
        on_delete=models.CASCADE,
        related_name="certificate_settings",
        limit_choices_to={"is_organising_office": True},
    )
    short_code = models.CharField(
        _("short code"), max_length=20, help_text=_('Used in numbers such as "0001/GCN-PNV", e.g. "PNV".')
    )
    number_pattern = models.CharField(
        _("register-number pattern"),
        max_length=60,
        default=DEFAULT_NUMBER_PATTERN,
        validators=[validate_number_pattern],
        help_text=_("{number:04d} is the sequence number in the year, {year} the year, {code} the short code."),
    )
    supervising_body = models.CharField(
        _("supervising body"),
        max_length=200,
        blank=True,
        help_text=_('E.g. "UBND huyện Đại Lộc". The parent unit\'s name when empty.'),
    )
    place_name = models.CharField(
        _("place name"), max_length=100, blank=True, help_text=_("The unit's place name when empty.")
    )
    signer_title_lines = models.TextField(
        _("signer's title"),
        default="KT. TRƯỞNG PHÒNG\nPHÓ TRƯỞNG PHÒNG",
        help_text=_("One line each, e.g. KT. TRƯỞNG PHÒNG, then PHÓ TRƯỞNG PHÒNG."),
    )
    signer_name = models.CharField(_("signer's name"), max_length=150, blank=True)
    certificate_title = models.CharField(_("certificate title"), max_length=100, default="GIẤY CHỨNG NHẬN")
    certify_text = models.CharField(_("certification line"), max_length=100, default="Chứng nhận Ông/Bà")
    course_text = models.CharField(
        _("wording for a course"), max_length=150, default="Đã hoàn thành khóa học trực tuyến"
    )
    class_text = models.CharField(_("wording for a class"), max_length=150, default="Đã hoàn thành lớp bồi dưỡng")
    recipients = models.TextField(
        _('default recipients ("Nơi nhận")'),
        blank=True,
        help_text=_('One recipient a line; "Lưu: VT" is added at the end.'),
    )

    class Meta:
        verbose_name = _("certificate settings of an office")
        verbose_name_plural = _("certificate settings of offices")

    def __str__(self) -> str:
        return str(self.office)

    def save(self, *args, **kwargs):
        for name in ("short_code", "supervising_body", "place_name", "signer_name", "certify_text"):
            setattr(self, name, vietnamese.nfc(getattr(self, name)))
        super().save(*args, **kwargs)

    def completion_text(self, kind: str) -> str:
        return self.course_text if kind == CertificateKind.COURSE else self.class_text


class RegisterCounter(models.Model):
    """The last register number given by an office in a year; locked while a number is taken."""

    office = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField()
    last_number = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["office", "year"], name="one_counter_per_office_year")]

    def __str__(self) -> str:
        return f"{self.office_id}/{self.year}: {self.last_number}"


class CertificateQuerySet(models.QuerySet):
    def with_related(self) -> CertificateQuerySet:
        return self.select_related("official", "office", "replaced_by")

    def live(self) -> CertificateQuerySet:
        """Certificates that are not replaced: the one that counts for a learner and a course or class."""
        return self.exclude(status=Certificate.Status.REPLACED)

    def of_user(self, user) -> CertificateQuerySet:
        if not user.is_authenticated:
            return self.none()
        return self.filter(official__user=user)

    def managed_by(self, user) -> CertificateQuerySet:
        """Certificates the user may revoke or reissue: those of the offices they organise for."""
        from units import access

        if access.is_administrator(user):
            return self
        return self.filter(office_id__in=access.organised_office_ids(user))

    def visible_to(self, user) -> CertificateQuerySet:
        """The learner's own, their issuing office's organisers', their unit coordinators' and administrators'."""
        from units import access

        if not user.is_authenticated:
            return self.none()
        if access.is_administrator(user):
            return self
        condition = Q(official__user=user) | Q(office_id__in=access.organised_office_ids(user))
        coordinated = access.coordinated_unit_ids(user)
        if coordinated:
            condition |= Q(official__unit_id__in=coordinated)
        return self.filter(condition)


class Certificate(models.Model):
    class Status(models.TextChoices):
        VALID = "valid", _("Valid")
        REVOKED = "revoked", _("Revoked")
        REPLACED = "replaced", pgettext_lazy("certificate", "Replaced")

    official = models.ForeignKey(
        Official, verbose_name=_("learner"), on_delete=models.PROTECT, related_name="certificates"
    )
    kind = models.CharField(_("kind"), max_length=16, choices=CertificateKind.choices)
    source_id = models.PositiveBigIntegerField(_("course or class"))
    office = models.ForeignKey(
        Unit, verbose_name=_("issuing office"), on_delete=models.PROTECT, related_name="issued_certificates"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    serial = models.PositiveIntegerField(_("sequence number"))
    register_number = models.CharField(_("register number"), max_length=80)
    code = models.CharField(_("verification code"), max_length=CODE_LENGTH, unique=True, editable=False)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.VALID)
    issued_on = models.DateField(_("issued on"))
    issued_at = models.DateTimeField(auto_now_add=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    # The snapshot: what the certificate says, as it was on the issue date, never recomputed.
    learner_name = models.CharField(_("full name"), max_length=150)
    learner_birth_year = models.PositiveSmallIntegerField(_("year of birth"), null=True, blank=True)
    learner_position = models.CharField(_("position"), max_length=150, blank=True)
    learner_unit_name = models.CharField(_("unit"), max_length=255, blank=True)
    title = models.CharField(_("course or class"), max_length=300)
    start_date = models.DateField(_("from"), null=True, blank=True)
    end_date = models.DateField(_("until"), null=True, blank=True)
    result_text = models.CharField(_("result"), max_length=200, blank=True)
    office_name = models.CharField(_("issuing office"), max_length=255)
    supervising_body = models.CharField(_("supervising body"), max_length=255, blank=True)
    place_name = models.CharField(_("place name"), max_length=100, blank=True)
    signer_title_lines = models.TextField(_("signer's title"), blank=True)
    signer_name = models.CharField(_("signer's name"), max_length=150, blank=True)
    certificate_title = models.CharField(max_length=100)
    certify_text = models.CharField(max_length=100)
    completion_text = models.CharField(max_length=150)

    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    revoke_reason = models.TextField(_("reason"), blank=True)
    replaced_by = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="replaces", verbose_name=_("replaced by")
    )
    pdf = models.FileField(storage=private_storage, upload_to="certificates/%Y/", blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)

    objects = CertificateQuerySet.as_manager()

    SNAPSHOT_FIELDS = (
        "learner_name",
        "learner_birth_year",
        "learner_position",
        "learner_unit_name",
        "title",
        "start_date",
        "end_date",
        "result_text",
        "office_name",
        "supervising_body",
        "place_name",
        "signer_title_lines",
        "signer_name",
        "certificate_title",
        "certify_text",
        "completion_text",
    )

    class Meta:
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")
        ordering = ["-issued_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["office", "year", "serial"], name="certificate_serial_unique"),
            models.UniqueConstraint(
                fields=["office", "year", "register_number"], name="certificate_register_number_unique"
            ),
            models.UniqueConstraint(
                fields=["official", "kind", "source_id"],
                condition=~Q(status="replaced"),
                name="one_live_certificate_per_learner_and_source",
            ),
            models.CheckConstraint(condition=Q(serial__gte=1), name="certificate_serial_positive"),
            models.CheckConstraint(
                condition=~Q(status="revoked") | Q(revoked_at__isnull=False), name="revoked_certificate_has_date"
            ),
        ]
        indexes = [models.Index(fields=["kind", "source_id"], name="certificate_source_idx")]

    def __str__(self) -> str:
        return f"{self.register_number} – {self.learner_name}"

    @property
    def display_code(self) -> str:
        return group_code(self.code)

    def get_verify_url(self) -> str:
        return reverse("certificates:verify", args=[self.display_code])

    def absolute_verify_url(self) -> str:
        return settings.SITE_URL.rstrip("/") + self.get_verify_url()

    @property
    def is_valid(self) -> bool:
        return self.status == self.Status.VALID

    def file_name(self) -> str:
        safe = self.register_number.replace("/", "-")
        return f"{safe}-{vietnamese.strip_diacritics(self.learner_name).replace(' ', '-')}.pdf"


class JobStatus(models.TextChoices):
    PENDING = "pending", _("Waiting")
    RUNNING = "running", _("Running")
    DONE = "done", pgettext_lazy("job", "Done")
    FAILED = "failed", _("Failed")


class ExportJobQuerySet(models.QuerySet):
    def visible_to(self, user) -> ExportJobQuerySet:
        """A job is its requester's; administrators see every job."""
        from units import access

        if not user.is_authenticated:
            return self.none()
        if access.is_administrator(user):
            return self
        return self.filter(requested_by=user)


class ExportJob(models.Model):
    """A long export or a bulk issue that runs in the background; the page polls its progress."""

    BULK_CERTIFICATES = "certificates.bulk"

    kind = models.CharField(_("kind"), max_length=60)
    title = models.CharField(_("document"), max_length=300)
    params = models.JSONField(default=dict)
    fmt = models.CharField(_("format"), max_length=8)
    status = models.CharField(_("status"), max_length=10, choices=JobStatus.choices, default=JobStatus.PENDING)
    progress = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(default=0)
    file = models.FileField(storage=private_storage, upload_to="exports/%Y/%m/", blank=True)
    file_name = models.CharField(max_length=255, blank=True)
    error = models.TextField(blank=True)
    office = models.ForeignKey(Unit, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="export_jobs")
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    objects = ExportJobQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(progress__lte=models.F("total")), name="job_progress_within_total")
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.get_status_display()})"

    @property
    def percent(self) -> int:
        return 100 if not self.total else min(100, round(100 * self.progress / self.total))

    @property
    def is_finished(self) -> bool:
        return self.status in (JobStatus.DONE, JobStatus.FAILED)


class AccessRecordQuerySet(models.QuerySet):
    def visible_to(self, user) -> AccessRecordQuerySet:
        """Administrators see every record; organisers those of the offices they work for."""
        from units import access

        if access.is_administrator(user):
            return self.select_related("user", "office")
        return self.filter(office_id__in=access.organised_office_ids(user)).select_related("user", "office")


class AccessRecord(models.Model):
    """One export or certificate download by staff: who, when, which document, for whom, how many rows."""

    class Action(models.TextChoices):
        EXPORT = "export", _("Export")
        CERTIFICATE = "certificate", _("Certificate download")
        ZIP = "zip", _("Certificates (ZIP)")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True, db_index=True)
    action = models.CharField(_("action"), max_length=16, choices=Action.choices)
    document = models.CharField(_("document"), max_length=300)
    subject = models.CharField(_("about"), max_length=300, blank=True)
    fmt = models.CharField(_("format"), max_length=8, blank=True)
    rows = models.PositiveIntegerField(_("rows"), default=0)
    office = models.ForeignKey(Unit, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    certificate = models.ForeignKey(Certificate, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    objects = AccessRecordQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.at:%d/%m/%Y %H:%M} {self.user} – {self.document}"


# The yearly results report and the statistics behind the dashboards.


def _default_deadline(year: int) -> datetime.date:
    return datetime.date(year, 11, 20)


class ReportingYear(models.Model):
    """A reporting year: when unit reports are due and which office receives them (Phòng Nội vụ by the plan)."""

    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    deadline = models.DateField(_("deadline"), help_text=_("20/11 of the year unless set otherwise."))
    receiving_office = models.ForeignKey(
        Unit,
        verbose_name=_("receiving office"),
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"is_organising_office": True},
    )

    class Meta:
        verbose_name = _("reporting year")
        verbose_name_plural = _("reporting years")
        ordering = ["-year"]

    def __str__(self) -> str:
        return str(self.year)

    def save(self, *args, **kwargs):
        if self.deadline is None:
            self.deadline = _default_deadline(self.year)
        super().save(*args, **kwargs)


class ReportStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("Not started")
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    LATE = "late", _("Late")
    RETURNED = "returned", _("Returned for correction")


class AnnualReport(models.Model):
    """A unit's yearly report on training in grassroots democracy: figures from the data plus the narrative."""

    reporting_year = models.ForeignKey(ReportingYear, on_delete=models.PROTECT, related_name="reports")
    unit = models.ForeignKey(Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="annual_reports")
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=[(code, label) for code, label in ReportStatus.choices if code not in ("not_started", "late")],
        default=ReportStatus.DRAFT,
    )
    results = models.TextField(_("results"), blank=True)
    difficulties = models.TextField(_("difficulties"), blank=True)
    proposals = models.TextField(_("proposals"), blank=True)
    # Frozen at submission: the figures the unit signed, whatever the data says later.
    figures = models.JSONField(default=dict, blank=True)
    figures_as_of = models.DateField(null=True, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    return_reason = models.TextField(_("reason for returning"), blank=True)
    returned_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("annual report")
        verbose_name_plural = _("annual reports")
        constraints = [models.UniqueConstraint(fields=["reporting_year", "unit"], name="one_report_per_unit_year")]

    def __str__(self) -> str:
        return f"{self.unit} – {self.reporting_year}"


class TrainingStatistic(models.Model):
    """One figure of one unit in one year, by organising office and personnel category, for the dashboards.

    Recomputed by a Celery job from the records (certificates.statistics); dashboards sum these rows instead
    of scanning attempts and nominations on every request.
    """

    year = models.PositiveSmallIntegerField()
    # No unit: the district's total, stored with the units' lines so that totals and trends read a few rows.
    unit = models.ForeignKey(Unit, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    office = models.ForeignKey(Unit, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    category = models.CharField(max_length=20, blank=True)
    metric = models.CharField(max_length=24)
    value = models.IntegerField()

    class Meta:
        indexes = [
            models.Index(fields=["year", "metric", "unit"], name="statistic_lookup_idx"),
            models.Index(fields=["year"], condition=Q(unit__isnull=True), name="statistic_totals_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.unit_id} {self.metric}={self.value}"


class StatisticsRun(models.Model):
    """When the statistics of a year were last computed, shown beside every dashboard figure."""

    year = models.PositiveSmallIntegerField(unique=True)
    computed_at = models.DateTimeField()
    seconds = models.FloatField(default=0)

    def __str__(self) -> str:
        return f"{self.year}: {self.computed_at:%d/%m/%Y %H:%M}"
