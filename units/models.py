"""Who: the unit tree with validity and successions, officials, their memberships, roles and account records."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from treebeard.mp_tree import MP_Node, MP_NodeManager, MP_NodeQuerySet

from lms import vietnamese


class UnitType(models.TextChoices):
    PROVINCE = "province", _("Province / centrally-run city")
    DISTRICT = "district", _("District / town")
    COMMUNE = "commune", _("Commune / ward / township")
    OFFICE = "office", _("Specialised office")
    VILLAGE = "village", _("Village / residential group")
    AGENCY = "agency", _("Agency / public service unit")
    OTHER = "other", _("Other")


class UnitQuerySet(MP_NodeQuerySet):
    def valid_on(self, day: datetime.date) -> UnitQuerySet:
        return self.filter(Q(valid_from__isnull=True) | Q(valid_from__lte=day)).filter(
            Q(valid_to__isnull=True) | Q(valid_to__gte=day)
        )

    def current(self) -> UnitQuerySet:
        return self.valid_on(timezone.localdate())

    def subtree_of(self, units) -> UnitQuerySet:
        """The given units and all their descendants."""
        paths = [unit.path for unit in units]
        if not paths:
            return self.none()
        condition = Q()
        for path in paths:
            condition |= Q(path__startswith=path)
        return self.filter(condition)

    def coordinated_by(self, user) -> UnitQuerySet:
        """Units whose officials the user may manage: assigned units and their descendants."""
        from units import access

        return self.filter(pk__in=access.coordinated_unit_ids(user))

    def organising_offices(self) -> UnitQuerySet:
        return self.filter(is_organising_office=True)


class UnitManager(MP_NodeManager.from_queryset(UnitQuerySet)):
    def get_queryset(self) -> UnitQuerySet:
        # treebeard's manager builds its own queryset class; keep the tree order with ours.
        return UnitQuerySet(self.model, using=self._db).order_by("path")


class Unit(MP_Node):
    code = models.CharField(_("official code"), max_length=32, unique=True)
    name = models.CharField(_("name"), max_length=255)
    unit_type = models.CharField(_("type"), max_length=16, choices=UnitType.choices)
    place_name = models.CharField(
        _("place name"),
        max_length=100,
        blank=True,
        help_text=_('Used in the date line of documents, e.g. "Đại Lộc". Inherited from the parent when empty.'),
    )
    is_organising_office = models.BooleanField(_("organises training"), default=False)
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid until"), null=True, blank=True)

    objects = UnitManager()

    class Meta:
        verbose_name = _("unit")
        verbose_name_plural = _("units")

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        self.name = vietnamese.nfc(self.name)
        self.code = self.code.strip()
        super().save(*args, **kwargs)

    def is_valid_on(self, day: datetime.date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (self.valid_to is None or self.valid_to >= day)

    @property
    def is_current(self) -> bool:
        return self.is_valid_on(timezone.localdate())

    @cached_property
    def supervising_unit(self) -> Unit | None:
        return self.get_parent()

    def effective_place_name(self) -> str:
        if self.place_name:
            return self.place_name
        for ancestor in reversed(self.get_ancestors()):
            if ancestor.place_name:
                return ancestor.place_name
        return ""

    def lineage_ids(self) -> set[int]:
        """This unit and every unit it succeeded, directly or through earlier successions."""
        from units.access import with_predecessors

        return with_predecessors({self.pk})


class SuccessionKind(models.TextChoices):
    MERGE = "merge", _("Merge")
    SPLIT = "split", _("Split")
    RENAME = "rename", _("Rename")


class UnitSuccession(models.Model):
    predecessor = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="successions_out")
    successor = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="successions_in")
    kind = models.CharField(_("kind"), max_length=8, choices=SuccessionKind.choices)
    effective_date = models.DateField(_("effective date"))
    legal_basis = models.CharField(_("legal basis"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("unit succession")
        verbose_name_plural = _("unit successions")
        constraints = [
            models.UniqueConstraint(fields=["predecessor", "successor"], name="unique_unit_succession"),
        ]

    def __str__(self) -> str:
        return f"{self.predecessor} → {self.successor} ({self.effective_date:%d/%m/%Y})"


class Sex(models.TextChoices):
    MALE = "M", _("Male")
    FEMALE = "F", _("Female")


class PersonnelCategory(models.TextChoices):
    CAN_BO = "can_bo", _("Cadre (cán bộ)")
    CONG_CHUC = "cong_chuc", _("Civil servant (công chức)")
    VIEN_CHUC = "vien_chuc", _("Public employee (viên chức)")
    NGUOI_LAO_DONG = "nguoi_lao_dong", _("Employee (người lao động)")
    KHONG_CHUYEN_TRACH = "khong_chuyen_trach", _("Part-time commune worker")
    HOA_GIAI_VIEN = "hoa_giai_vien", _("Grassroots mediator (hòa giải viên)")
    KHAC = "khac", _("Other")


class OfficialQuerySet(models.QuerySet):
    def active(self) -> OfficialQuerySet:
        return self.filter(is_active=True)

    def visible_to(self, user) -> OfficialQuerySet:
        """Officials the user may see: all for administrators and organisers, own units for coordinators."""
        from units import access

        if access.sees_all_officials(user):
            return self
        return self.filter(unit_id__in=access.coordinated_unit_ids(user))

    def editable_by(self, user) -> OfficialQuerySet:
        from units import access

        if access.is_administrator(user):
            return self
        return self.filter(unit_id__in=access.coordinated_unit_ids(user))

    def search(self, text: str) -> OfficialQuerySet:
        """Name search where diacritics are optional and tone placement does not matter."""
        text = vietnamese.nfc(text)
        if not text:
            return self
        if vietnamese.has_diacritics(text):
            return self.filter(match_name__contains=vietnamese.match_form(text))
        return self.filter(search_name__contains=vietnamese.strip_diacritics(text))

    def in_name_order(self) -> OfficialQuerySet:
        return self.order_by("sort_key", "pk")


class Official(models.Model):
    full_name = models.CharField(_("full name"), max_length=150)
    family_name = models.CharField(_("family name"), max_length=50, editable=False)
    middle_name = models.CharField(_("middle name"), max_length=100, editable=False, blank=True)
    given_name = models.CharField(_("given name"), max_length=50, editable=False)
    sort_key = models.CharField(max_length=600, editable=False, db_index=True)
    search_name = models.CharField(max_length=150, editable=False)
    match_name = models.CharField(max_length=200, editable=False)
    sex = models.CharField(_("sex"), max_length=1, choices=Sex.choices)
    birth_year = models.PositiveSmallIntegerField(_("year of birth"))
    birth_date = models.DateField(_("date of birth"), null=True, blank=True)
    position = models.CharField(_("position"), max_length=150, blank=True)
    category = models.CharField(_("personnel category"), max_length=20, choices=PersonnelCategory.choices)
    unit = models.ForeignKey(Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="officials")
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="official"
    )
    is_active = models.BooleanField(_("active"), default=True)
    # Self sign-ups wait here until a coordinator of the chosen unit confirms them.
    confirmed = models.BooleanField(_("confirmed"), default=True)
    invitation_sent_at = models.DateTimeField(_("login invitation sent"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = OfficialQuerySet.as_manager()

    # Fields shown in the audit log and the personal-data export.
    AUDITED_FIELDS = (
        "full_name",
        "sex",
        "birth_year",
        "birth_date",
        "position",
        "category",
        "unit_id",
        "email",
        "phone",
        "user_id",
        "is_active",
        "confirmed",
    )

    class Meta:
        verbose_name = _("official")
        verbose_name_plural = _("officials")
        indexes = [models.Index(fields=["unit", "birth_year", "match_name"], name="official_dedupe_idx")]

    def __str__(self) -> str:
        return self.full_name

    def save(self, *args, **kwargs):
        self.fill_derived_fields()
        super().save(*args, **kwargs)

    NAME_KEYS = ("full_name", "family_name", "middle_name", "given_name", "sort_key", "search_name", "match_name")

    @classmethod
    def name_fits(cls, full_name: str) -> bool:
        """Whether every key derived from the name fits its column: a 60-letter word or 80 one-letter words
        do not, and PostgreSQL would refuse the row where SQLite keeps it."""
        probe = cls(full_name=full_name, position="", email="")
        probe.fill_derived_fields()
        return all(len(getattr(probe, name)) <= cls._meta.get_field(name).max_length for name in cls.NAME_KEYS)

    def fill_derived_fields(self) -> None:
        """Normalise the text and compute the name keys; bulk_create callers call it themselves."""
        self.full_name = vietnamese.nfc(self.full_name)
        self.position = vietnamese.nfc(self.position)
        self.family_name, self.middle_name, self.given_name = vietnamese.split_name(self.full_name)
        self.sort_key = vietnamese.name_sort_key(self.full_name)
        self.search_name = vietnamese.strip_diacritics(self.full_name)
        self.match_name = vietnamese.match_form(self.full_name)
        self.email = self.email.strip().lower()


class Membership(models.Model):
    """An official's membership of a unit over a period; the open one matches Official.unit."""

    official = models.ForeignKey(Official, on_delete=models.CASCADE, related_name="memberships")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="memberships")
    position = models.CharField(_("position"), max_length=150, blank=True)
    start_date = models.DateField(_("from"))
    end_date = models.DateField(_("until"), null=True, blank=True)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["-start_date"]
        constraints = [
            models.UniqueConstraint(
                fields=["official"], condition=Q(end_date__isnull=True), name="one_open_membership_per_official"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.official} @ {self.unit}"


class Role(models.TextChoices):
    COORDINATOR = "coordinator", _("Unit coordinator")
    ORGANISER = "organiser", _("Organiser")


class RoleAssignment(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="role_assignments")
    role = models.CharField(_("role"), max_length=16, choices=Role.choices)
    unit = models.ForeignKey(Unit, verbose_name=_("unit"), on_delete=models.CASCADE, related_name="role_assignments")

    class Meta:
        verbose_name = _("role assignment")
        verbose_name_plural = _("role assignments")
        constraints = [models.UniqueConstraint(fields=["user", "role", "unit"], name="unique_role_assignment")]

    def __str__(self) -> str:
        return f"{self.user} – {self.get_role_display()} – {self.unit}"


class ConsentRecord(models.Model):
    """A user's acceptance of a version of the personal-data processing notice."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="consents")
    notice_version = models.CharField(max_length=20)
    accepted_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "notice_version"], name="unique_consent_version")]

    def __str__(self) -> str:
        return f"{self.user} – {self.notice_version}"


class UserSession(models.Model):
    """Which sessions belong to a user, so that deactivating the user can end them on any session backend."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="tracked_sessions")
    session_key = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"{self.user} – {self.created_at:%d/%m/%Y %H:%M}"


class CorrectionRequest(models.Model):
    """An official's request to correct what the site holds about them; it reaches their coordinators."""

    official = models.ForeignKey(Official, on_delete=models.CASCADE, related_name="correction_requests")
    message = models.TextField(_("what should be corrected"))
    created_at = models.DateTimeField(auto_now_add=True)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.official} – {self.created_at:%d/%m/%Y}"


class RosterImport(models.Model):
    """An uploaded roster file, validated; written to the roster only when confirmed."""

    class Status(models.TextChoices):
        VALIDATED = "validated", _("Checked")
        IMPORTED = "imported", _("Imported")
        CANCELLED = "cancelled", _("Cancelled")

    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="roster_imports")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    created_at = models.DateTimeField(auto_now_add=True)
    file_name = models.CharField(max_length=255)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.VALIDATED)
    total_rows = models.PositiveIntegerField(default=0)
    rows = models.JSONField(default=list, help_text="Valid rows, ready to write.")
    errors = models.JSONField(default=list)
    imported_count = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return self.file_name
