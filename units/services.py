"""Writes to units, officials, roles and accounts; views, commands and tasks all go through these."""

from __future__ import annotations

import datetime
from importlib import import_module

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lms import audit, outbox, vietnamese
from units.models import (
    ConsentRecord,
    CorrectionRequest,
    Membership,
    Official,
    Unit,
    UserSession,
)

User = get_user_model()

OFFICIAL_FIELDS = (
    "full_name",
    "sex",
    "birth_year",
    "birth_date",
    "position",
    "category",
    "email",
    "phone",
)


def validate_birth_year(year: int) -> None:
    this_year = timezone.localdate().year
    if not (this_year - 100 <= year <= this_year - 15):
        raise ValidationError(
            _("Year of birth %(year)s is not possible for a serving official.") % {"year": year},
            code="birth_year",
        )


def find_duplicate(*, unit: Unit, full_name: str, birth_year: int, exclude_pk: int | None = None):
    """An official of the unit with the same name (ignoring case and tone placement) and year of birth."""
    qs = Official.objects.filter(
        unit=unit, birth_year=birth_year, match_name=vietnamese.match_form(full_name), is_active=True
    )
    if exclude_pk:
        qs = qs.exclude(pk=exclude_pk)
    return qs.first()


@transaction.atomic
def official_create(*, actor, unit: Unit, confirmed: bool = True, **fields) -> Official:
    official = Official(unit=unit, confirmed=confirmed, **{k: v for k, v in fields.items() if k in OFFICIAL_FIELDS})
    official.fill_derived_fields()
    if not official.full_name:
        raise ValidationError({"full_name": _("Full name is required.")})
    validate_birth_year(official.birth_year)
    if find_duplicate(unit=unit, full_name=official.full_name, birth_year=official.birth_year):
        raise ValidationError(
            _("%(name)s, born %(year)s, is already on the roster of %(unit)s.")
            % {"name": official.full_name, "year": official.birth_year, "unit": unit}
        )
    official.save()
    Membership.objects.create(official=official, unit=unit, position=official.position, start_date=timezone.localdate())
    audit.record(official, "units.official.create", user=actor, after=audit.snapshot(official, Official.AUDITED_FIELDS))
    return official


@transaction.atomic
def official_update(*, actor, official: Official, unit: Unit | None = None, **fields) -> Official:
    official = Official.objects.select_for_update().get(pk=official.pk)
    before = audit.snapshot(official, Official.AUDITED_FIELDS)
    for name, value in fields.items():
        if name in OFFICIAL_FIELDS:
            setattr(official, name, value)
    official.fill_derived_fields()
    validate_birth_year(official.birth_year)
    target_unit = unit or official.unit
    if find_duplicate(
        unit=target_unit, full_name=official.full_name, birth_year=official.birth_year, exclude_pk=official.pk
    ):
        raise ValidationError(
            _("%(name)s, born %(year)s, is already on the roster of %(unit)s.")
            % {"name": official.full_name, "year": official.birth_year, "unit": target_unit}
        )
    if unit is not None and unit.pk != official.unit_id:
        _move(official, unit, timezone.localdate())
    official.save()
    audit.record(
        official,
        "units.official.edit",
        user=actor,
        before=before,
        after=audit.snapshot(official, Official.AUDITED_FIELDS),
    )
    return official


def _move(official: Official, unit: Unit, day: datetime.date) -> None:
    Membership.objects.filter(official=official, end_date__isnull=True).update(end_date=day)
    Membership.objects.create(official=official, unit=unit, position=official.position, start_date=day)
    official.unit = unit


@transaction.atomic
def official_move(*, actor, official: Official, unit: Unit, day: datetime.date) -> Official:
    """Move an official to another unit from a given day, closing the current membership."""
    official = Official.objects.select_for_update().get(pk=official.pk)
    before = audit.snapshot(official, Official.AUDITED_FIELDS)
    _move(official, unit, day)
    official.save(update_fields=["unit", "updated_at"])
    audit.record(
        official,
        "units.official.move",
        user=actor,
        before=before,
        after=audit.snapshot(official, Official.AUDITED_FIELDS),
    )
    return official


@transaction.atomic
def official_deactivate(*, actor, official: Official) -> Official:
    """Take an official off the active roster; their login, if any, stops working at once."""
    official = Official.objects.select_for_update().get(pk=official.pk)
    if not official.is_active:
        return official
    before = audit.snapshot(official, Official.AUDITED_FIELDS)
    official.is_active = False
    official.save(update_fields=["is_active", "updated_at"])
    Membership.objects.filter(official=official, end_date__isnull=True).update(end_date=timezone.localdate())
    if official.user_id:
        user_deactivate(user=official.user)
    audit.record(
        official,
        "units.official.deactivate",
        user=actor,
        before=before,
        after=audit.snapshot(official, Official.AUDITED_FIELDS),
    )
    return official


@transaction.atomic
def official_confirm(*, actor, official: Official) -> Official:
    """Confirm a self sign-up: the official joins the roster and the account gets full access."""
    official = Official.objects.select_for_update().get(pk=official.pk)
    if official.confirmed:
        return official
    official.confirmed = True
    official.save(update_fields=["confirmed", "updated_at"])
    Membership.objects.get_or_create(
        official=official,
        end_date=None,
        defaults={"unit": official.unit, "position": official.position, "start_date": timezone.localdate()},
    )
    audit.record(official, "units.official.confirm", user=actor, before={"confirmed": False}, after={"confirmed": True})
    return official


def _free_username(full_name: str) -> str:
    base = ".".join(vietnamese.strip_diacritics(full_name).split())[:140] or "hocvien"
    base = "".join(ch for ch in base if ch.isalnum() or ch == ".")
    taken = set(User.objects.filter(username__startswith=base).values_list("username", flat=True))
    if base not in taken:
        return base
    n = 2
    while f"{base}{n}" in taken:
        n += 1
    return f"{base}{n}"


@transaction.atomic
def official_grant_login(*, actor, official: Official) -> User:
    """Create a login for an official; they receive an email with a link to choose their password."""
    from units.tasks import send_login_invitation

    official = Official.objects.select_for_update().get(pk=official.pk)
    if not official.is_active:
        raise ValidationError(_("This official is no longer active."))
    if official.user_id:
        raise ValidationError(_("This official already has a login."))
    if not official.email:
        raise ValidationError(_("Add an email address first: the invitation to set a password is sent there."))
    if User.objects.filter(email__iexact=official.email).exists():
        raise ValidationError(_("Another login already uses the email address %(email)s.") % {"email": official.email})
    user = User(
        username=_free_username(official.full_name),
        email=official.email,
        first_name=official.given_name,
        last_name=" ".join(p for p in (official.family_name, official.middle_name) if p),
    )
    user.set_unusable_password()
    user.save()
    official.user = user
    official.save(update_fields=["user", "updated_at"])
    audit.record(
        official, "units.official.grant_login", user=actor, before={"user_id": None}, after={"user_id": user.pk}
    )
    outbox.enqueue(send_login_invitation, official.pk)
    return user


def user_end_sessions(*, user) -> int:
    """End every session of a user, whatever the session backend."""
    store = import_module(settings.SESSION_ENGINE).SessionStore
    keys = list(UserSession.objects.filter(user=user).values_list("session_key", flat=True))
    for key in keys:
        store(session_key=key).delete()
    UserSession.objects.filter(user=user).delete()
    return len(keys)


def user_deactivate(*, user) -> None:
    """Deactivate an account; its sessions end with it (see units.signals)."""
    if user.is_active:
        user.is_active = False
        user.save(update_fields=["is_active"])


def consent_accept(*, user) -> ConsentRecord:
    record, _created = ConsentRecord.objects.get_or_create(
        user=user, notice_version=settings.LMS_PRIVACY_NOTICE_VERSION
    )
    return record


def has_current_consent(user) -> bool:
    return ConsentRecord.objects.filter(user=user, notice_version=settings.LMS_PRIVACY_NOTICE_VERSION).exists()


@transaction.atomic
def correction_request_create(*, official: Official, message: str) -> CorrectionRequest:
    from units.tasks import notify_correction_request

    message = vietnamese.nfc(message)
    if not message:
        raise ValidationError(_("Say what should be corrected."))
    request = CorrectionRequest.objects.create(official=official, message=message)
    outbox.enqueue(notify_correction_request, request.pk)
    return request


@transaction.atomic
def correction_request_resolve(*, actor, correction: CorrectionRequest) -> CorrectionRequest:
    correction.resolved_at = timezone.now()
    correction.resolved_by = actor
    correction.save(update_fields=["resolved_at", "resolved_by"])
    return correction
