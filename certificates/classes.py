"""The documents and certificates of a training class: lists, sign-in sheet, attendance, results, announcement."""

from __future__ import annotations

from collections import Counter

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from certificates import exports, services
from certificates.documents import DocumentHead, nd30_date
from certificates.models import Certificate
from training.models import (
    Attendance,
    AttendanceStatus,
    ClassResult,
    ClassStatus,
    TrainingClass,
)
from units.models import Unit

PARTICIPANTS = "class.participants"
SIGN_IN = "class.signin"
ATTENDANCE = "class.attendance"
RESULTS = "class.results"
KINDS = (PARTICIPANTS, SIGN_IN, ATTENDANCE, RESULTS)


def recipients(training_class: TrainingClass) -> list[str]:
    """Nơi nhận: the organising office's leaders and the offices the class sends its documents to."""
    names = [training_class.organising_office.name]
    for unit in training_class.document_recipients.all():
        if unit.name not in names:
            names.append(unit.name)
    return names


def _period(training_class: TrainingClass) -> str:
    start, end = training_class.start_date, training_class.end_date
    if start == end:
        return f"Thời gian: {nd30_date(start)}"
    return f"Thời gian: từ {nd30_date(start)} đến {nd30_date(end)}"


def head(training_class: TrainingClass, title: str, *, landscape: bool = False) -> DocumentHead:
    return services.document_head(
        training_class.organising_office,
        title=title,
        subtitle_lines=[training_class.name, _period(training_class)],
        recipients=recipients(training_class),
        landscape=landscape,
    )


def _class(params: dict) -> TrainingClass:
    return TrainingClass.objects.select_related("organising_office").get(pk=params["class_id"])


def _person(nomination) -> exports.Person:
    official = nomination.official
    return exports.Person(
        full_name=official.full_name,
        unit_name=nomination.unit.name,
        birth_year=official.birth_year,
        position=official.position,
        note="Bổ sung sau hạn" if nomination.added_late else "",
    )


def _roster(training_class: TrainingClass):
    return list(training_class.nominations.roster())


def participants(params: dict) -> exports.ParticipantList:
    training_class = _class(params)
    exporter = exports.ParticipantList(records=[_person(n) for n in _roster(training_class)])
    exporter.head = head(training_class, exporter.title, landscape=exporter.landscape)
    return exporter


def sign_in(params: dict) -> exports.SignInSheet:
    training_class = _class(params)
    sessions = [str(s) for s in training_class.sessions.all()]
    exporter = exports.SignInSheet(sessions=sessions, records=[_person(n) for n in _roster(training_class)])
    exporter.head = head(training_class, exporter.title, landscape=exporter.landscape)
    return exporter


def attendance(params: dict) -> exports.AttendanceSummary:
    training_class = _class(params)
    total = training_class.sessions.count()
    counts: dict[int, Counter] = {}
    for nomination_id, status in Attendance.objects.filter(session__training_class=training_class).values_list(
        "nomination_id", "status"
    ):
        counts.setdefault(nomination_id, Counter())[status] += 1
    records = []
    for nomination in _roster(training_class):
        seen = counts.get(nomination.pk, Counter())
        records.append(
            exports.Attendance(
                person=_person(nomination),
                sessions=total,
                present=seen[AttendanceStatus.PRESENT],
                late=seen[AttendanceStatus.LATE],
                excused=seen[AttendanceStatus.EXCUSED],
                unexcused=seen[AttendanceStatus.ABSENT],
            )
        )
    exporter = exports.AttendanceSummary(records=records)
    exporter.head = head(training_class, exporter.title, landscape=exporter.landscape)
    return exporter


def results(params: dict) -> exports.ResultsList:
    training_class = _class(params)
    outcomes = {r.nomination_id: r for r in ClassResult.objects.filter(training_class=training_class)}
    numbers = dict(
        Certificate.objects.filter(
            kind="class", source_id=training_class.pk, status=Certificate.Status.VALID
        ).values_list("official_id", "register_number")
    )
    records = []
    for nomination in _roster(training_class):
        outcome = outcomes.get(nomination.pk)
        records.append(
            exports.Result(
                person=_person(nomination),
                attendance_percent=float(outcome.attendance_percent) if outcome else None,
                quiz_score=float(outcome.quiz_score) if outcome and outcome.quiz_score is not None else None,
                completed=bool(outcome and outcome.completed),
                certificate_number=numbers.get(nomination.official_id, ""),
            )
        )
    exporter = exports.ResultsList(records=records)
    exporter.head = head(training_class, exporter.title, landscape=exporter.landscape)
    return exporter


def announcement_context(training_class: TrainingClass) -> dict:
    """The announcement “THÔNG BÁO Mở lớp …” with the schedule and the quota table."""
    kind = "lớp bồi dưỡng" if training_class.kind == "course" else "hội nghị tập huấn"
    document = services.document_head(
        training_class.organising_office,
        title="Thông báo",
        subtitle_lines=[f"Mở {kind} {training_class.name}"],
        recipients=[*(q.unit.name for q in training_class.quotas.select_related("unit")), *recipients(training_class)],
    )
    quotas = sorted(training_class.quotas.select_related("unit"), key=lambda q: q.unit.name)
    return {
        "head": document,
        "c": training_class,
        "period": _period(training_class),
        "sessions": training_class.sessions.all(),
        "quotas": quotas,
        "total_seats": sum(q.seats for q in quotas),
        "deadline": training_class.nomination_deadline,
        "audience": ", ".join(training_class.target_categories_display()) or "cán bộ, công chức",
    }


# What a class certificate certifies.


def describe(source_id: int, official) -> dict:
    training_class = TrainingClass.objects.select_related("organising_office").filter(pk=source_id).first()
    if training_class is None:
        raise ValidationError(_("This class no longer exists."))
    if training_class.status != ClassStatus.FINISHED:
        raise ValidationError(_("The class has not finished yet."))
    result = (
        ClassResult.objects.filter(training_class=training_class, nomination__official=official)
        .select_related("nomination")
        .first()
    )
    if result is None or not result.completed:
        raise ValidationError(
            _("%(name)s did not complete the class %(title)s.")
            % {"name": official.full_name, "title": training_class.name}
        )
    result_text = f"Tham dự {result.attendance_percent}% số buổi học".replace(".", ",")
    if result.quiz_score is not None:
        result_text += f"; điểm kiểm tra {result.quiz_score}%".replace(".", ",")
    return {
        "office": training_class.organising_office,
        "title": training_class.name,
        "start_date": training_class.start_date,
        "end_date": training_class.end_date,
        "result_text": result_text,
    }


def choices(user) -> list[tuple[int, str]]:
    return list(TrainingClass.objects.organised_by(user).filter(status=ClassStatus.FINISHED).values_list("pk", "name"))


def completed_items(training_class: TrainingClass) -> list[tuple[int, str, int]]:
    """(official_id, "class", class_id) for every trainee who completed the class."""
    return [
        (official_id, "class", training_class.pk)
        for official_id in ClassResult.objects.filter(training_class=training_class, completed=True).values_list(
            "nomination__official_id", flat=True
        )
    ]


def issuing_office(training_class: TrainingClass) -> Unit:
    return training_class.organising_office


LABELS = {
    PARTICIPANTS: gettext_lazy("Participant list"),
    SIGN_IN: gettext_lazy("Sign-in sheet"),
    ATTENDANCE: gettext_lazy("Attendance summary"),
    RESULTS: gettext_lazy("Results list"),
}


def register() -> None:
    from certificates import sources

    exports.register(PARTICIPANTS, participants, LABELS[PARTICIPANTS])
    exports.register(SIGN_IN, sign_in, LABELS[SIGN_IN])
    exports.register(ATTENDANCE, attendance, LABELS[ATTENDANCE])
    exports.register(RESULTS, results, LABELS[RESULTS])
    sources.register("class", describe, choices=choices, label=gettext_lazy("Training class"))
