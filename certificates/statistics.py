"""Training figures of units: computed live for one unit's report, and rolled up for all units for the dashboards.

Every figure is counted "as of" a day and attributed to the unit the official belonged to on the day of the
event (membership dates), so a 2024 report keeps its units and totals after the 2025 reorganisation.
"""

from __future__ import annotations

import datetime
import time
from collections import defaultdict
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Count, Exists, OuterRef, Q, Subquery, Sum
from django.utils import timezone

from certificates.models import Certificate, StatisticsRun, TrainingStatistic
from courses.models import AttemptStatus, Enrolment, QuizAttempt
from training.models import ATTENDED, Attendance, ClassResult, Nomination, NominationStatus, Quota
from units.models import Membership, PersonnelCategory, Unit, UnitType

REPORTING_TYPES = (UnitType.COMMUNE, UnitType.OFFICE, UnitType.AGENCY)
COUNTED_NOMINATIONS = (NominationStatus.NOMINATED, NominationStatus.APPROVED, NominationStatus.REJECTED)
METRICS = (
    "officials",
    "quota",
    "nominated",
    "approved",
    "attended",
    "completed",
    "certificates",
    "course_completions",
    "attempts_graded",
    "attempts_passed",
)


def reporting_units(day: datetime.date | None = None):
    """Units that report: communes, offices and agencies valid on the day, in Vietnamese order of names."""
    from lms import vietnamese

    units = Unit.objects.valid_on(day or timezone.localdate()).filter(unit_type__in=REPORTING_TYPES)
    return sorted(units, key=lambda u: vietnamese.sort_key(u.name))


def end_of(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.max))


def default_as_of(year: int) -> datetime.date:
    return min(timezone.localdate(), datetime.date(year, 12, 31))


def _member_on(official_ref: str, date_ref: str, units):
    """An official (OuterRef path) belonged to one of the units on a date (OuterRef path)."""
    return Exists(
        Membership.objects.filter(
            official=OuterRef(official_ref), unit__in=units, start_date__lte=OuterRef(date_ref)
        ).filter(Q(end_date__isnull=True) | Q(end_date__gte=OuterRef(date_ref)))
    )


@dataclass
class UnitFigures:
    year: int
    as_of: datetime.date
    officials: dict[str, int] = field(default_factory=dict)
    nominated: int = 0
    approved: int = 0
    attended: int = 0
    completed: int = 0
    classes: list[str] = field(default_factory=list)
    certificates: int = 0
    course_completions: int = 0
    attempts_graded: int = 0
    attempts_passed: int = 0

    @property
    def officials_total(self) -> int:
        return sum(self.officials.values())

    @property
    def pass_rate(self) -> float | None:
        return round(100 * self.attempts_passed / self.attempts_graded, 1) if self.attempts_graded else None

    def as_dict(self) -> dict:
        return {
            "year": self.year,
            "as_of": self.as_of.isoformat(),
            "officials": self.officials,
            "officials_total": self.officials_total,
            "nominated": self.nominated,
            "approved": self.approved,
            "attended": self.attended,
            "completed": self.completed,
            "classes": self.classes,
            "certificates": self.certificates,
            "course_completions": self.course_completions,
            "attempts_graded": self.attempts_graded,
            "attempts_passed": self.attempts_passed,
            "pass_rate": self.pass_rate,
        }


def unit_figures(unit: Unit, year: int, as_of: datetime.date | None = None) -> UnitFigures:
    """The figures of one unit (with the units below it) for a year, counted as of a day."""
    as_of = as_of or default_as_of(year)
    until = end_of(as_of)
    subtree = Unit.objects.subtree_of([unit])
    figures = UnitFigures(year=year, as_of=as_of)

    members = (
        Membership.objects.filter(unit__in=subtree, start_date__lte=as_of)
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=as_of))
        .values("official__category")
        .annotate(n=Count("official", distinct=True))
    )
    figures.officials = {row["official__category"]: row["n"] for row in members}

    nominations = Nomination.objects.filter(
        unit__in=subtree, training_class__start_date__year=year, created_at__lte=until
    )
    figures.nominated = nominations.filter(status__in=COUNTED_NOMINATIONS).count()
    approved = nominations.filter(status=NominationStatus.APPROVED)
    figures.approved = approved.count()
    attended = approved.filter(
        Exists(Attendance.objects.filter(nomination=OuterRef("pk"), status__in=ATTENDED, session__date__lte=as_of))
    )
    figures.attended = attended.count()
    figures.completed = ClassResult.objects.filter(
        nomination__in=approved, completed=True, training_class__finished_at__lte=until
    ).count()
    figures.classes = sorted(set(attended.values_list("training_class__name", flat=True)))

    # Only officials who ever belonged to the unit can count; narrowing to them first keeps this an index lookup.
    ever = Membership.objects.filter(unit__in=subtree).values("official_id")
    figures.certificates = (
        Certificate.objects.filter(issued_on__year=year, issued_on__lte=as_of, official_id__in=ever)
        .exclude(status=Certificate.Status.REPLACED)
        .exclude(status=Certificate.Status.REVOKED, revoked_at__lte=until)
        .filter(_member_on("official", "issued_on", subtree))
        .count()
    )
    figures.course_completions = (
        Enrolment.objects.filter(completed_at__year=year, completed_at__lte=until, official_id__in=ever)
        .filter(_member_on("official", "completed_at__date", subtree))
        .count()
    )
    graded = (
        QuizAttempt.objects.filter(
            status=AttemptStatus.GRADED,
            submitted_at__year=year,
            submitted_at__lte=until,
            enrolment__official_id__in=ever,
        )
        .filter(_member_on("enrolment__official", "submitted_at__date", subtree))
        .aggregate(graded=Count("pk"), passed=Count("pk", filter=Q(passed=True)))
    )
    figures.attempts_graded = graded["graded"]
    figures.attempts_passed = graded["passed"]
    return figures


# The rollup for the dashboards: every reporting unit at once, in a fixed number of grouped queries.


def _unit_on(official_ref: str, date_ref: str):
    return Subquery(
        Membership.objects.filter(official=OuterRef(official_ref), start_date__lte=OuterRef(date_ref))
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=OuterRef(date_ref)))
        .order_by("-start_date")
        .values("unit_id")[:1]
    )


class _Rollup:
    def __init__(self, year: int):
        self.year = year
        units = list(Unit.objects.only("pk", "path", "unit_type"))
        reporting = {u.path: u.pk for u in units if u.unit_type in REPORTING_TYPES}
        # Each unit counts towards its nearest reporting ancestor (a village towards its commune).
        self.reporting_of: dict[int, int] = {}
        for unit in units:
            path = unit.path
            while path and path not in reporting:
                path = path[: -Unit.steplen]
            if path:
                self.reporting_of[unit.pk] = reporting[path]
        self.values: dict[tuple, int] = defaultdict(int)

    def add(self, unit_id, office_id, category, metric, value):
        reporting_unit = self.reporting_of.get(unit_id)
        if reporting_unit is not None and value:
            self.values[(reporting_unit, office_id, category or "", metric)] += value

    def rows(self) -> list[TrainingStatistic]:
        totals: dict[tuple, int] = defaultdict(int)
        for (_unit, office, category, metric), value in self.values.items():
            totals[(None, office, category, metric)] += value
        return [
            TrainingStatistic(year=self.year, unit_id=u, office_id=o, category=c, metric=m, value=v)
            for (u, o, c, m), v in (*self.values.items(), *totals.items())
        ]


def compute_rollup(year: int) -> list[TrainingStatistic]:
    rollup = _Rollup(year)
    day = default_as_of(year)
    until = end_of(day)

    officials = (
        Membership.objects.filter(start_date__lte=day)
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=day))
        .values("unit_id", "official__category")
        .annotate(n=Count("official", distinct=True))
    )
    for row in officials:
        rollup.add(row["unit_id"], None, row["official__category"], "officials", row["n"])

    quotas = (
        Quota.objects.filter(training_class__start_date__year=year)
        .values("unit_id", "training_class__organising_office_id")
        .annotate(seats=Sum("seats"))
    )
    for row in quotas:
        rollup.add(row["unit_id"], row["training_class__organising_office_id"], "", "quota", row["seats"] or 0)

    nominations = Nomination.objects.filter(training_class__start_date__year=year, created_at__lte=until)
    by_office = ("unit_id", "training_class__organising_office_id", "official__category")
    for row in nominations.values(*by_office).annotate(
        nominated=Count("pk", filter=Q(status__in=COUNTED_NOMINATIONS)),
        approved=Count("pk", filter=Q(status=NominationStatus.APPROVED)),
        attended=Count(
            "pk",
            filter=Q(status=NominationStatus.APPROVED)
            & Exists(Attendance.objects.filter(nomination=OuterRef("pk"), status__in=ATTENDED, session__date__lte=day)),
        ),
        completed=Count("pk", filter=Q(result__completed=True, training_class__finished_at__lte=until)),
    ):
        for metric in ("nominated", "approved", "attended", "completed"):
            rollup.add(
                row["unit_id"],
                row["training_class__organising_office_id"],
                row["official__category"],
                metric,
                row[metric],
            )

    certificates = (
        Certificate.objects.filter(issued_on__year=year, issued_on__lte=day)
        .exclude(status=Certificate.Status.REPLACED)
        .exclude(status=Certificate.Status.REVOKED, revoked_at__lte=until)
        .annotate(member_unit=_unit_on("official", "issued_on"))
        .values("member_unit", "office_id", "official__category")
        .annotate(n=Count("pk"))
    )
    for row in certificates:
        rollup.add(row["member_unit"], row["office_id"], row["official__category"], "certificates", row["n"])

    completions = (
        Enrolment.objects.filter(completed_at__year=year, completed_at__lte=until, official__isnull=False)
        .annotate(member_unit=_unit_on("official", "completed_at__date"))
        .values("member_unit", "official__category")
        .annotate(n=Count("pk"))
    )
    for row in completions:
        rollup.add(row["member_unit"], None, row["official__category"], "course_completions", row["n"])

    attempts = (
        QuizAttempt.objects.filter(
            status=AttemptStatus.GRADED,
            submitted_at__year=year,
            submitted_at__lte=until,
            enrolment__official__isnull=False,
        )
        .annotate(member_unit=_unit_on("enrolment__official", "submitted_at__date"))
        .values("member_unit", "enrolment__official__category")
        .annotate(graded=Count("pk"), passed=Count("pk", filter=Q(passed=True)))
    )
    for row in attempts:
        category = row["enrolment__official__category"]
        rollup.add(row["member_unit"], None, category, "attempts_graded", row["graded"])
        rollup.add(row["member_unit"], None, category, "attempts_passed", row["passed"])
    return rollup.rows()


def refresh(year: int) -> StatisticsRun:
    """Recompute a year's statistics and swap them in at once."""
    started = time.perf_counter()
    rows = compute_rollup(year)
    with transaction.atomic():
        TrainingStatistic.objects.filter(year=year).delete()
        TrainingStatistic.objects.bulk_create(rows, batch_size=5000)
        run, _created = StatisticsRun.objects.update_or_create(
            year=year, defaults={"computed_at": timezone.now(), "seconds": time.perf_counter() - started}
        )
    return run


CATEGORY_LABELS = dict(PersonnelCategory.choices)
