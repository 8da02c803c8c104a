"""The figures each role needs: organisers (district, from the statistics), coordinators (their units), learners."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Q, Sum
from django.utils import timezone

from certificates import reports, statistics
from certificates.models import AnnualReport, Certificate, ReportingYear, StatisticsRun, TrainingStatistic
from courses.models import Enrolment
from lms import charts, vietnamese
from training.models import ClassResult, ClassStatus, Nomination, TrainingClass
from units import access
from units.models import Official, Unit


def rate(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None


@dataclass
class UnitLine:
    unit: Unit
    values: dict

    def __getattr__(self, name):
        if name in statistics.METRICS:
            return self.values.get(name, 0)
        raise AttributeError(name)

    @property
    def attendance_rate(self):
        return rate(self.values.get("attended", 0), self.values.get("approved", 0))

    @property
    def completion_rate(self):
        return rate(self.values.get("completed", 0), self.values.get("approved", 0))

    @property
    def pass_rate(self):
        return rate(self.values.get("attempts_passed", 0), self.values.get("attempts_graded", 0))


ONLINE = ("officials", "course_completions", "attempts_graded", "attempts_passed")


def district(*, year: int, office_id: int | None = None, category: str = "") -> dict:
    """Per-unit lines and totals from the statistics, in a fixed number of queries whatever the data size."""
    rows = TrainingStatistic.objects.filter(year=year)
    if category:
        rows = rows.filter(category=category)
    if office_id:
        # Online figures and headcounts belong to no office; class figures and certificates to the chosen one.
        rows = rows.filter(Q(office_id=office_id) | Q(metric__in=ONLINE))
    values: dict[int, dict] = {}
    for unit_id, metric, value in (
        rows.values("unit_id", "metric").annotate(v=Sum("value")).values_list("unit_id", "metric", "v")
    ):
        values.setdefault(unit_id, {})[metric] = value
    district_totals = values.pop(None, {})
    units = {u.pk: u for u in Unit.objects.filter(pk__in=values.keys()).only("pk", "name")}
    lines = sorted(
        (UnitLine(units[pk], v) for pk, v in values.items() if pk in units),
        key=lambda line: vietnamese.sort_key(line.unit.name),
    )
    totals = UnitLine(Unit(name="Tổng cộng"), district_totals)
    run = StatisticsRun.objects.filter(year=year).first()
    return {"lines": lines, "totals": totals, "computed_at": run.computed_at if run else None}


def trend(*, years: list[int], office_id: int | None = None, category: str = "") -> list[tuple[str, dict]]:
    rows = TrainingStatistic.objects.filter(year__in=years, unit__isnull=True)
    if category:
        rows = rows.filter(category=category)
    if office_id:
        rows = rows.filter(Q(office_id=office_id) | Q(metric__in=ONLINE))
    by_year: dict[int, dict] = {y: {} for y in years}
    for year, metric, value in (
        rows.values("year", "metric").annotate(v=Sum("value")).values_list("year", "metric", "v")
    ):
        by_year[year][metric] = value
    return [(str(y), by_year[y]) for y in years]


def organiser_context(*, year: int, office_id: int | None, category: str) -> dict:
    data = district(year=year, office_id=office_id, category=category)
    lines = data["lines"]
    ranked = sorted(
        (line for line in lines if line.values.get("approved")), key=lambda line: -(line.completion_rate or 0)
    )[:25]
    history = trend(years=list(range(year - 4, year + 1)), office_id=office_id, category=category)
    return {
        **data,
        "completion_chart": charts.bar_chart(
            [(line.unit.name, line.completion_rate or 0) for line in ranked],
            title="Tỷ lệ hoàn thành theo đơn vị (%)",
            maximum=100,
            suffix="%",
        ),
        "trend_chart": charts.column_chart(
            [(label, values.get("completed", 0) + values.get("course_completions", 0)) for label, values in history],
            title="Số lượt hoàn thành bồi dưỡng theo năm",
        ),
        "history": history,
    }


def unit_officials(unit: Unit, year: int) -> list[dict]:
    """Officials of a unit (and its villages) with what they completed in the year."""
    subtree = Unit.objects.subtree_of([unit])
    officials = (
        Official.objects.active()
        .filter(unit__in=subtree)
        .select_related("unit")
        .annotate(
            class_done=Exists(
                ClassResult.objects.filter(
                    nomination__official=OuterRef("pk"), completed=True, training_class__start_date__year=year
                )
            ),
            course_done=Exists(Enrolment.objects.filter(official=OuterRef("pk"), completed_at__year=year)),
            nominated=Exists(
                Nomination.objects.filter(
                    official=OuterRef("pk"), training_class__start_date__year=year, status__in=["nominated", "approved"]
                )
            ),
        )
        .in_name_order()
    )
    return [
        {
            "official": o,
            "trained": o.class_done or o.course_done,
            "class_done": o.class_done,
            "course_done": o.course_done,
            "nominated": o.nominated,
        }
        for o in officials
    ]


LIST_LIMIT = 50


def coordinator_context(user, *, year: int) -> dict:
    assigned = Unit.objects.filter(pk__in=user.role_assignments.filter(role="coordinator").values("unit_id")).order_by(
        "path"
    )
    reporting_year = ReportingYear.objects.filter(year=year).first()
    reports_by_unit = {}
    if reporting_year:
        reports_by_unit = {
            r.unit_id: r for r in AnnualReport.objects.filter(reporting_year=reporting_year, unit__in=assigned)
        }
    units = []
    for unit in assigned:
        people = unit_officials(unit, year)
        trained = [p for p in people if p["trained"]]
        untrained = [p for p in people if not p["trained"]]
        report = reports_by_unit.get(unit.pk)
        units.append(
            {
                "unit": unit,
                "total": len(people),
                "trained_count": len(trained),
                "untrained_count": len(untrained),
                "trained": trained[:LIST_LIMIT],
                "untrained": untrained[:LIST_LIMIT],
                "rate": rate(len(trained), len(people)),
                "report_status": reports.status_of(reporting_year, report) if reporting_year else None,
                "report": report,
            }
        )
    now = timezone.now()
    upcoming = (
        TrainingClass.objects.open_to(user)
        .filter(Q(status=ClassStatus.ANNOUNCED, nomination_deadline__gt=now) | Q(start_date__gte=timezone.localdate()))
        .exclude(status__in=[ClassStatus.CANCELLED, ClassStatus.FINISHED])
        .select_related("organising_office")
        .order_by("start_date")[:20]
    )
    return {"units": units, "upcoming": upcoming, "reporting_year": reporting_year, "list_limit": LIST_LIMIT}


def learner_context(user) -> dict:
    from courses.queries import my_courses

    today = timezone.localdate()
    nominations = (
        Nomination.objects.filter(official__user=user)
        .exclude(training_class__status=ClassStatus.DRAFT)
        .select_related("training_class")
        .order_by("-training_class__start_date")[:20]
    )
    upcoming_sessions = (
        Nomination.objects.filter(official__user=user, status="approved")
        .filter(
            training_class__sessions__date__gte=today,
            training_class__sessions__date__lte=today + datetime.timedelta(days=14),
        )
        .values_list("training_class__name", "training_class__sessions__date", "training_class__sessions__start_time")
        .order_by("training_class__sessions__date", "training_class__sessions__start_time")[:10]
    )
    certificates = Certificate.objects.filter(official__user=user).exclude(status=Certificate.Status.REPLACED)
    return {
        "courses": my_courses(user=user),
        "nominations": nominations,
        "upcoming_sessions": upcoming_sessions,
        "certificates": certificates.order_by("-issued_on")[:20],
    }


def can_see_district(user) -> bool:
    return access.is_administrator(user) or access.is_organiser(user)
