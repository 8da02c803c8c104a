"""Writes to classes: status moves, quotas and deadlines, nominations and their decisions, attendance, results."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from courses.queries import course_result
from courses.services import enrolment_create
from lms import audit, completion
from lms.notifications import notify
from training.models import (
    ACTIVE_NOMINATION,
    ATTENDED,
    Attendance,
    AttendanceStatus,
    ClassResult,
    ClassSession,
    ClassStatus,
    Nomination,
    NominationStatus,
    Quota,
    TrainingClass,
)
from units import access
from units.models import Official, Unit

TRANSITIONS = {
    ClassStatus.DRAFT: {ClassStatus.ANNOUNCED, ClassStatus.CANCELLED},
    ClassStatus.ANNOUNCED: {ClassStatus.NOMINATIONS_CLOSED, ClassStatus.CANCELLED},
    ClassStatus.NOMINATIONS_CLOSED: {ClassStatus.ANNOUNCED, ClassStatus.IN_PROGRESS, ClassStatus.CANCELLED},
    ClassStatus.IN_PROGRESS: {ClassStatus.FINISHED, ClassStatus.CANCELLED},
    ClassStatus.FINISHED: set(),
    ClassStatus.CANCELLED: set(),
}


def _lock_class(training_class: TrainingClass) -> TrainingClass:
    return TrainingClass.objects.select_for_update().get(pk=training_class.pk)


def _move(training_class: TrainingClass, target: str, *, actor, **extra) -> TrainingClass:
    if target not in TRANSITIONS[training_class.status]:
        raise ValidationError(
            _("A class that is “%(current)s” cannot become “%(target)s”.")
            % {"current": training_class.get_status_display(), "target": ClassStatus(target).label}
        )
    before = training_class.status
    training_class.status = target
    for name, value in extra.items():
        setattr(training_class, name, value)
    training_class.save()
    audit.record(
        training_class,
        "training.class.status",
        user=actor,
        before={"status": before},
        after={"status": target, **{k: str(v) for k, v in extra.items()}},
    )
    return training_class


def _require_organiser(actor, training_class: TrainingClass) -> None:
    if not TrainingClass.objects.organised_by(actor).filter(pk=training_class.pk).exists():
        raise ValidationError(_("Only the organising office can do this."))


def _class_url(training_class: TrainingClass) -> str:
    return reverse("training:class_detail", args=[training_class.pk])


def _date(value) -> str:
    return date_format(
        timezone.localtime(value) if isinstance(value, datetime.datetime) else value, "SHORT_DATE_FORMAT"
    )


@transaction.atomic
def class_announce(*, actor, training_class: TrainingClass) -> TrainingClass:
    """Publish a class to the invited units; their coordinators are notified once each."""
    training_class = _lock_class(training_class)
    _require_organiser(actor, training_class)
    problems = []
    if not training_class.sessions.exists():
        problems.append(_("Add at least one session."))
    if not training_class.quotas.exists():
        problems.append(_("Invite at least one unit with a quota."))
    if training_class.nomination_deadline <= timezone.now():
        problems.append(_("The nomination deadline must be in the future."))
    if problems:
        raise ValidationError(problems)
    _move(training_class, ClassStatus.ANNOUNCED, actor=actor, announced_at=timezone.now())
    deadline = timezone.localtime(training_class.nomination_deadline)
    for quota in training_class.quotas.select_related("unit"):
        notify(
            users=access.coordinators_of(quota.unit),
            event_key=f"class:{training_class.pk}:announced",
            subject=_("New class: %(name)s") % {"name": training_class.name},
            body=_(
                "%(office)s announces the class “%(name)s” (%(start)s – %(end)s, %(venue)s). "
                "%(unit)s may nominate %(seats)s official(s) until %(deadline)s."
            )
            % {
                "office": training_class.organising_office.name,
                "name": training_class.name,
                "start": _date(training_class.start_date),
                "end": _date(training_class.end_date),
                "venue": training_class.venue,
                "unit": quota.unit.name,
                "seats": quota.seats,
                "deadline": deadline.strftime("%H:%M %d/%m/%Y"),
            },
            url=_class_url(training_class),
        )
    return training_class


@transaction.atomic
def class_close_nominations(*, actor, training_class: TrainingClass) -> TrainingClass:
    training_class = _lock_class(training_class)
    if actor is not None:
        _require_organiser(actor, training_class)
    return _move(training_class, ClassStatus.NOMINATIONS_CLOSED, actor=actor)


@transaction.atomic
def class_start(*, actor, training_class: TrainingClass) -> TrainingClass:
    training_class = _lock_class(training_class)
    _require_organiser(actor, training_class)
    if training_class.status == ClassStatus.ANNOUNCED:
        _move(training_class, ClassStatus.NOMINATIONS_CLOSED, actor=actor)
    return _move(training_class, ClassStatus.IN_PROGRESS, actor=actor)


@transaction.atomic
def class_cancel(*, actor, training_class: TrainingClass, reason: str) -> TrainingClass:
    training_class = _lock_class(training_class)
    _require_organiser(actor, training_class)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("Give the reason for cancelling."))
    _move(training_class, ClassStatus.CANCELLED, actor=actor, cancel_reason=reason)
    users = [n.official.user for n in training_class.nominations.active().select_related("official__user")]
    for quota in training_class.quotas.select_related("unit"):
        users.extend(access.coordinators_of(quota.unit))
    notify(
        users=users,
        event_key=f"class:{training_class.pk}:cancelled",
        subject=_("Class cancelled: %(name)s") % {"name": training_class.name},
        body=_("The class “%(name)s” is cancelled. Reason: %(reason)s")
        % {"name": training_class.name, "reason": reason},
        url=_class_url(training_class),
    )
    return training_class


@transaction.atomic
def class_extend_deadline(*, actor, training_class: TrainingClass, deadline: datetime.datetime) -> TrainingClass:
    training_class = _lock_class(training_class)
    _require_organiser(actor, training_class)
    if deadline <= timezone.now():
        raise ValidationError(_("The new deadline must be in the future."))
    if deadline <= training_class.nomination_deadline:
        raise ValidationError(_("The new deadline must be later than the current one."))
    before = training_class.nomination_deadline
    if training_class.status == ClassStatus.NOMINATIONS_CLOSED:
        _move(training_class, ClassStatus.ANNOUNCED, actor=actor)
    elif training_class.status != ClassStatus.ANNOUNCED:
        raise ValidationError(_("The deadline can only be extended before the class starts."))
    training_class.nomination_deadline = deadline
    training_class.save(update_fields=["nomination_deadline"])
    audit.record(
        training_class,
        "training.class.deadline",
        user=actor,
        before={"nomination_deadline": before.isoformat()},
        after={"nomination_deadline": deadline.isoformat()},
    )
    return training_class


@transaction.atomic
def quota_set(*, actor, training_class: TrainingClass, unit: Unit, seats: int) -> Quota:
    """Invite a unit or change its quota; never below the seats already used."""
    training_class = _lock_class(training_class)
    _require_organiser(actor, training_class)
    if training_class.status in (ClassStatus.FINISHED, ClassStatus.CANCELLED):
        raise ValidationError(_("This class is closed."))
    quota = Quota.objects.select_for_update().filter(training_class=training_class, unit=unit).first()
    used = training_class.nominations.active().filter(unit=unit).count()
    if seats < used:
        raise ValidationError(
            _("%(unit)s already uses %(used)s seats; the quota cannot be lower.") % {"unit": unit.name, "used": used}
        )
    before = quota.seats if quota else None
    if quota is None:
        quota = Quota.objects.create(training_class=training_class, unit=unit, seats=seats)
    else:
        quota.seats = seats
        quota.save(update_fields=["seats"])
    audit.record(
        training_class,
        "training.quota",
        user=actor,
        before={f"quota:{unit.code}": before},
        after={f"quota:{unit.code}": seats},
    )
    return quota


# Nominations.


def quota_unit_for(training_class: TrainingClass, official: Official) -> Unit | None:
    """The invited unit whose quota covers the official: their unit or its nearest invited ancestor."""
    path = official.unit.path
    best = None
    for quota in training_class.quotas.select_related("unit"):
        if path.startswith(quota.unit.path) and (best is None or len(quota.unit.path) > len(best.path)):
            best = quota.unit
    return best


def check_nominee(training_class: TrainingClass, official: Official) -> list[str]:
    """Why an official cannot be nominated for a class (empty when they can)."""
    problems = []
    if not official.is_active or not official.confirmed:
        problems.append(_("%(name)s is not on the active roster.") % {"name": official.full_name})
    if not training_class.is_eligible(official):
        problems.append(
            _("%(name)s (%(position)s) is not in the audience of this class.")
            % {"name": official.full_name, "position": official.position or official.get_category_display()}
        )
    if training_class.nominations.active().filter(official=official).exists():
        problems.append(_("%(name)s is already nominated for this class.") % {"name": official.full_name})
    return problems


def _check_window(actor, training_class: TrainingClass) -> bool:
    """Whether the actor acts as organiser; coordinators only act before the deadline."""
    as_organiser = TrainingClass.objects.organised_by(actor).filter(pk=training_class.pk).exists()
    if as_organiser:
        if training_class.status not in (
            ClassStatus.ANNOUNCED,
            ClassStatus.NOMINATIONS_CLOSED,
            ClassStatus.IN_PROGRESS,
        ):
            raise ValidationError(_("Nominations are not open for this class."))
        return True
    if training_class.status != ClassStatus.ANNOUNCED:
        raise ValidationError(_("Nominations are not open for this class."))
    if timezone.now() >= training_class.nomination_deadline:
        raise ValidationError(
            _("The nomination deadline (%(deadline)s) has passed.")
            % {"deadline": timezone.localtime(training_class.nomination_deadline).strftime("%H:%M %d/%m/%Y")}
        )
    return False


def _check_quota(training_class: TrainingClass, unit: Unit, extra: int = 1) -> None:
    # The quota row is locked, so two coordinators of one unit nominating at once are serialised here.
    quota = Quota.objects.select_for_update().get(training_class=training_class, unit=unit)
    used = Nomination.objects.filter(training_class=training_class, unit=unit, status__in=ACTIVE_NOMINATION).count()
    if used + extra > quota.seats:
        raise ValidationError(
            _("%(unit)s has used %(used)s of its %(seats)s seats.")
            % {"unit": unit.name, "used": used, "seats": quota.seats}
        )
    total = Nomination.objects.filter(training_class=training_class, status__in=ACTIVE_NOMINATION).count()
    if total + extra > training_class.capacity:
        raise ValidationError(_("The class is full (%(capacity)s seats).") % {"capacity": training_class.capacity})


def _nominate(actor, training_class: TrainingClass, official: Official, as_organiser: bool) -> Nomination:
    if not as_organiser and official.unit_id not in access.coordinated_unit_ids(actor):
        raise ValidationError(_("%(name)s is not an official of your units.") % {"name": official.full_name})
    problems = check_nominee(training_class, official)
    if problems:
        raise ValidationError(problems)
    unit = quota_unit_for(training_class, official)
    if unit is None:
        raise ValidationError(_("%(unit)s is not invited to this class.") % {"unit": official.unit.name})
    _check_quota(training_class, unit)
    late = as_organiser and timezone.now() >= training_class.nomination_deadline
    nomination = Nomination.objects.create(
        training_class=training_class,
        official=official,
        unit=unit,
        nominated_by=actor,
        status=NominationStatus.APPROVED if as_organiser else NominationStatus.NOMINATED,
        added_late=late,
        decided_by=actor if as_organiser else None,
        decided_at=timezone.now() if as_organiser else None,
    )
    audit.record(
        nomination,
        "training.nomination.create",
        user=actor,
        after=audit.snapshot(nomination, Nomination.AUDITED_FIELDS) | {"added_late": late},
    )
    if as_organiser:
        _enrol_in_course(training_class, nomination)
    return nomination


@transaction.atomic
def nomination_create(*, actor, training_class: TrainingClass, official: Official) -> Nomination:
    """Nominate an official: eligible, of the actor's units, within quota, before the deadline, once."""
    training_class = _lock_class(training_class)
    as_organiser = _check_window(actor, training_class)
    return _nominate(actor, training_class, official, as_organiser)


@transaction.atomic
def nomination_create_many(*, actor, training_class: TrainingClass, officials: list[Official]) -> list[Nomination]:
    """All or nothing: a bulk nomination either fits entirely or changes nothing."""
    training_class = _lock_class(training_class)
    as_organiser = _check_window(actor, training_class)
    return [_nominate(actor, training_class, official, as_organiser) for official in officials]


def _lock_nomination(nomination: Nomination) -> Nomination:
    return Nomination.objects.select_for_update(of=("self",)).select_related("official", "unit").get(pk=nomination.pk)


def _require_nomination_rights(actor, nomination: Nomination) -> bool:
    as_organiser = _check_window(actor, nomination.training_class)
    if not as_organiser and nomination.unit_id not in access.coordinated_unit_ids(actor):
        raise ValidationError(_("This nomination is not one of your units'."))
    return as_organiser


@transaction.atomic
def nomination_withdraw(*, actor, nomination: Nomination, reason: str) -> Nomination:
    nomination = _lock_nomination(nomination)
    _lock_class(nomination.training_class)
    _require_nomination_rights(actor, nomination)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("Give the reason for withdrawing."))
    if not nomination.is_active:
        raise ValidationError(_("This nomination is no longer active."))
    before = audit.snapshot(nomination, Nomination.AUDITED_FIELDS)
    nomination.status = NominationStatus.WITHDRAWN
    nomination.reason = reason
    nomination.save(update_fields=["status", "reason"])
    audit.record(
        nomination,
        "training.nomination.withdraw",
        user=actor,
        before=before,
        after=audit.snapshot(nomination, Nomination.AUDITED_FIELDS),
    )
    return nomination


@transaction.atomic
def nomination_substitute(*, actor, nomination: Nomination, official: Official, reason: str = "") -> Nomination:
    """Replace a nominee by another official of the same unit; the seat passes from one to the other."""
    nomination = _lock_nomination(nomination)
    training_class = _lock_class(nomination.training_class)
    as_organiser = _require_nomination_rights(actor, nomination)
    if not nomination.is_active:
        raise ValidationError(_("This nomination is no longer active."))
    before = audit.snapshot(nomination, Nomination.AUDITED_FIELDS)
    nomination.status = NominationStatus.REPLACED
    nomination.reason = (reason or "").strip()
    nomination.save(update_fields=["status", "reason"])
    if quota_unit_for(training_class, official) != nomination.unit:
        raise ValidationError(
            _("%(name)s is not covered by the quota of %(unit)s.")
            % {"name": official.full_name, "unit": nomination.unit}
        )
    replacement = _nominate(actor, training_class, official, as_organiser)
    nomination.replaced_by = replacement
    nomination.save(update_fields=["replaced_by"])
    audit.record(
        nomination,
        "training.nomination.substitute",
        user=actor,
        before=before,
        after=audit.snapshot(nomination, Nomination.AUDITED_FIELDS),
    )
    return replacement


def _enrol_in_course(training_class: TrainingClass, nomination: Nomination) -> None:
    """An approved trainee with a login is enrolled in the class's online course."""
    if training_class.course_id and nomination.official.user_id:
        enrolment_create(user=nomination.official.user, course=training_class.course, source="class")


def _decide(actor, nomination: Nomination, status: str, reason: str) -> Nomination:
    nomination = _lock_nomination(nomination)
    training_class = nomination.training_class
    _require_organiser(actor, training_class)
    if training_class.status in (ClassStatus.FINISHED, ClassStatus.CANCELLED, ClassStatus.DRAFT):
        raise ValidationError(_("This class is closed."))
    allowed = {
        NominationStatus.APPROVED: {NominationStatus.NOMINATED},
        NominationStatus.REJECTED: {NominationStatus.NOMINATED, NominationStatus.APPROVED},
    }[status]
    if nomination.status not in allowed:
        raise ValidationError(
            _("A nomination that is “%(current)s” cannot be changed so.") % {"current": nomination.get_status_display()}
        )
    before = audit.snapshot(nomination, Nomination.AUDITED_FIELDS)
    nomination.status = status
    nomination.reason = reason
    nomination.decided_by = actor
    nomination.decided_at = timezone.now()
    nomination.save(update_fields=["status", "reason", "decided_by", "decided_at"])
    audit.record(
        nomination,
        f"training.nomination.{status}",
        user=actor,
        before=before,
        after=audit.snapshot(nomination, Nomination.AUDITED_FIELDS),
    )
    if status == NominationStatus.APPROVED:
        _enrol_in_course(training_class, nomination)
        subject = _("Approved for the class %(name)s") % {"name": training_class.name}
        body = _("%(person)s is approved to attend “%(name)s”.")
    else:
        subject = _("Not approved for the class %(name)s") % {"name": training_class.name}
        body = _("%(person)s is not approved to attend “%(name)s”. Reason: %(reason)s")
    notify(
        users=[nomination.official.user, *access.coordinators_of(nomination.unit)],
        event_key=f"nomination:{nomination.pk}:{status}",
        subject=subject,
        body=body % {"person": nomination.official.full_name, "name": training_class.name, "reason": reason},
        url=_class_url(training_class),
    )
    return nomination


@transaction.atomic
def nomination_approve(*, actor, nomination: Nomination) -> Nomination:
    return _decide(actor, nomination, NominationStatus.APPROVED, "")


@transaction.atomic
def nomination_reject(*, actor, nomination: Nomination, reason: str) -> Nomination:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("Give the reason for rejecting."))
    return _decide(actor, nomination, NominationStatus.REJECTED, reason)


# Attendance.


def _require_attendance_rights(actor, session: ClassSession) -> None:
    _require_organiser(actor, session.training_class)
    if session.training_class.status not in (ClassStatus.NOMINATIONS_CLOSED, ClassStatus.IN_PROGRESS):
        raise ValidationError(_("Attendance is taken once nominations are closed and until the class finishes."))


@transaction.atomic
def attendance_record(
    *, actor, session: ClassSession, nomination: Nomination, status: str, reason: str = ""
) -> Attendance:
    # Read both again: the caller's objects may be older than the class's status or the decision.
    session = ClassSession.objects.select_related("training_class").get(pk=session.pk)
    nomination = Nomination.objects.select_related("official").get(pk=nomination.pk)
    _require_attendance_rights(actor, session)
    if nomination.training_class_id != session.training_class_id or nomination.status != NominationStatus.APPROVED:
        raise ValidationError(_("%(name)s is not on this class's roster.") % {"name": nomination.official.full_name})
    if status not in AttendanceStatus.values:
        raise ValidationError(_("Unknown attendance status."))
    reason = (reason or "").strip()
    if status == AttendanceStatus.EXCUSED and not reason:
        raise ValidationError(_("Absence with leave needs a reason."))
    record = Attendance.objects.select_for_update().filter(session=session, nomination=nomination).first()
    before = {"status": record.status, "reason": record.reason} if record else {}
    if record is None:
        record = Attendance(session=session, nomination=nomination)
    record.status = status
    record.reason = reason if status == AttendanceStatus.EXCUSED else ""
    record.marked_by = actor
    record.self_checked_in = False
    record.save()
    if before != {"status": record.status, "reason": record.reason}:
        audit.record(
            record,
            "training.attendance",
            user=actor,
            before=before,
            after={"status": record.status, "reason": record.reason},
        )
    return record


@transaction.atomic
def attendance_mark_all_present(*, actor, session: ClassSession) -> int:
    """Mark everyone not yet marked as present; those already marked keep their status."""
    _require_attendance_rights(actor, session)
    marked = set(session.attendances.values_list("nomination_id", flat=True))
    pending = [n for n in session.training_class.nominations.roster() if n.pk not in marked]
    records = Attendance.objects.bulk_create(
        [Attendance(session=session, nomination=n, status=AttendanceStatus.PRESENT, marked_by=actor) for n in pending]
    )
    audit.record_many(
        records,
        "training.attendance",
        user=actor,
        data=lambda r: {"changes": {"status": [None, AttendanceStatus.PRESENT]}, "all_present": True},
    )
    return len(records)


@transaction.atomic
def attendance_self_check_in(*, user, session: ClassSession, late_after: datetime.timedelta) -> Attendance:
    """A trainee marks themself present (late after the threshold) from the session's QR code, once."""
    nomination = (
        Nomination.objects.filter(
            training_class=session.training_class, official__user=user, status=NominationStatus.APPROVED
        )
        .select_related("official")
        .first()
    )
    if nomination is None:
        raise ValidationError(_("You are not on the list of this class."))
    existing = Attendance.objects.select_for_update().filter(session=session, nomination=nomination).first()
    if existing is not None:
        raise ValidationError(
            _("You are already marked “%(status)s” for this session.") % {"status": existing.get_status_display()}
        )
    status = AttendanceStatus.LATE if timezone.now() > session.starts_at() + late_after else AttendanceStatus.PRESENT
    record = Attendance.objects.create(
        session=session, nomination=nomination, status=status, self_checked_in=True, marked_by=user
    )
    audit.record(record, "training.attendance.check_in", user=user, after={"status": status})
    return record


# Finishing a class.


def _quiz_result(training_class: TrainingClass, official: Official):
    """(score, passed) of the linked course's quiz, or (None, None) when no course is linked."""
    course = training_class.course
    if course is None or official.user_id is None:
        return None, (None if course is None else False)
    result = course_result(user=official.user, course=course)
    return result.score, bool(result.passed)


@transaction.atomic
def class_finish(*, actor, training_class: TrainingClass) -> list[ClassResult]:
    """Close the class: compute and store each trainee's result; completions go to the completion hook."""
    training_class = _lock_class(training_class)
    _require_organiser(actor, training_class)
    _move(training_class, ClassStatus.FINISHED, actor=actor, finished_at=timezone.now())
    total = training_class.sessions.count()
    attended = {}
    for nomination_id in Attendance.objects.filter(
        session__training_class=training_class, status__in=ATTENDED
    ).values_list("nomination_id", flat=True):
        attended[nomination_id] = attended.get(nomination_id, 0) + 1
    results = []
    for nomination in training_class.nominations.roster():
        count = attended.get(nomination.pk, 0)
        percent = (Decimal(count * 100) / total).quantize(Decimal("0.1")) if total else Decimal("0")
        score, passed = _quiz_result(training_class, nomination.official)
        completed = percent >= training_class.min_attendance_percent and passed is not False
        result, _created = ClassResult.objects.update_or_create(
            nomination=nomination,
            defaults={
                "training_class": training_class,
                "sessions_attended": count,
                "sessions_total": total,
                "attendance_percent": percent,
                "quiz_score": score,
                "quiz_passed": passed,
                "completed": completed,
            },
        )
        results.append(result)
        if completed:
            completion.completed(
                kind="class",
                object_id=training_class.pk,
                official_id=nomination.official_id,
                user_id=nomination.official.user_id,
            )
    return results
