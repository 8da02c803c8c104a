"""Demo classes: one announced by Phòng Nội vụ with nominations in every state, one of Phòng Tư pháp under way."""

from __future__ import annotations

import datetime

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from training.models import (
    Attendance,
    AttendanceStatus,
    ClassKind,
    ClassResult,
    ClassSession,
    ClassStatus,
    Nomination,
    NominationStatus,
    Quota,
    SessionPart,
    TrainingClass,
)
from units.models import Official, PersonnelCategory, Unit

FINISHED_CLASS = "Lớp bồi dưỡng Luật Thực hiện dân chủ ở cơ sở cho cán bộ, công chức cấp xã năm 2025"
HOME_AFFAIRS_CLASS = "Lớp bồi dưỡng kiến thức, kỹ năng thực hiện dân chủ ở cơ sở năm 2026"
JUSTICE_CLASS = "Hội nghị tập huấn nghiệp vụ hòa giải ở cơ sở và công tác tư pháp - hộ tịch năm 2026"
COMMUNES = ["AINGHIA", "DAIHIEP", "DAIHOA", "DAIAN", "DAINGHIA", "DAIDONG"]


def _unit(code: str) -> Unit:
    return Unit.objects.get(code=f"QNAM.DAILOC.{code}")


def _sessions(training_class: TrainingClass, first_day: datetime.date, days: int) -> list[ClassSession]:
    sessions = []
    for offset in range(days):
        day = first_day + datetime.timedelta(days=offset)
        sessions.append(
            ClassSession.objects.create(
                training_class=training_class,
                date=day,
                part=SessionPart.MORNING,
                start_time=datetime.time(7, 30),
                end_time=datetime.time(11, 0),
                room="Hội trường UBND huyện",
            )
        )
        sessions.append(
            ClassSession.objects.create(
                training_class=training_class,
                date=day,
                part=SessionPart.AFTERNOON,
                start_time=datetime.time(13, 30),
                end_time=datetime.time(17, 0),
                room="Hội trường UBND huyện",
            )
        )
    return sessions


def _home_affairs_class(organiser) -> None:
    if TrainingClass.objects.filter(name=HOME_AFFAIRS_CLASS).exists():
        return
    today = timezone.localdate()
    deadline = timezone.make_aware(datetime.datetime.combine(today + datetime.timedelta(days=10), datetime.time(17, 0)))
    training_class = TrainingClass.objects.create(
        name=HOME_AFFAIRS_CLASS,
        kind=ClassKind.COURSE,
        organising_office=Unit.objects.get(code="QNAM.DAILOC.PNV"),
        description=(
            "Bồi dưỡng Luật Thực hiện dân chủ ở cơ sở năm 2022 và các văn bản hướng dẫn cho cán bộ, công chức "
            "cấp xã, theo Kế hoạch triển khai Nghị quyết số 21/NQ-HĐND ngày 19/12/2023 của HĐND huyện."
        ),
        target_categories=[PersonnelCategory.CAN_BO, PersonnelCategory.CONG_CHUC],
        venue="Hội trường UBND huyện Đại Lộc",
        start_date=today + datetime.timedelta(days=20),
        end_date=today + datetime.timedelta(days=21),
        capacity=30,
        nomination_deadline=deadline,
        min_attendance_percent=80,
        status=ClassStatus.ANNOUNCED,
        announced_at=timezone.now(),
        created_by=organiser,
    )
    _sessions(training_class, training_class.start_date, 2)
    training_class.document_recipients.set([Unit.objects.get(code="QNAM.DAILOC.PNV")])
    for code in COMMUNES:
        Quota.objects.create(training_class=training_class, unit=_unit(code), seats=4)
    states = {
        "AINGHIA": [NominationStatus.APPROVED, NominationStatus.NOMINATED],
        "DAIHIEP": [NominationStatus.REJECTED, NominationStatus.WITHDRAWN, NominationStatus.NOMINATED],
        "DAIHOA": [NominationStatus.APPROVED, NominationStatus.APPROVED],
    }
    for code, wanted in states.items():
        officials = Official.objects.filter(
            unit=_unit(code), category__in=training_class.target_categories, user__isnull=True
        ).in_name_order()
        for official, status in zip(officials, wanted, strict=False):
            Nomination.objects.create(
                training_class=training_class,
                official=official,
                unit=official.unit,
                status=status,
                reason={
                    NominationStatus.REJECTED: "Đã tham gia lớp cùng nội dung năm 2025.",
                    NominationStatus.WITHDRAWN: "Trùng lịch tiếp công dân định kỳ.",
                }.get(status, ""),
                decided_by=organiser if status in (NominationStatus.APPROVED, NominationStatus.REJECTED) else None,
                decided_at=timezone.now() if status in (NominationStatus.APPROVED, NominationStatus.REJECTED) else None,
            )


def _justice_class(organiser) -> None:
    if TrainingClass.objects.filter(name=JUSTICE_CLASS).exists():
        return
    today = timezone.localdate()
    training_class = TrainingClass.objects.create(
        name=JUSTICE_CLASS,
        kind=ClassKind.CONFERENCE,
        organising_office=Unit.objects.get(code="QNAM.DAILOC.PTP"),
        description="Tập huấn Luật Hòa giải ở cơ sở năm 2013, kỹ năng hòa giải và nghiệp vụ tư pháp - hộ tịch.",
        target_categories=[PersonnelCategory.CONG_CHUC, PersonnelCategory.HOA_GIAI_VIEN],
        target_positions=["Tư pháp - Hộ tịch", "hòa giải"],
        venue="Hội trường UBND huyện Đại Lộc",
        start_date=today - datetime.timedelta(days=1),
        end_date=today + datetime.timedelta(days=1),
        capacity=40,
        nomination_deadline=timezone.now() - datetime.timedelta(days=7),
        min_attendance_percent=75,
        status=ClassStatus.IN_PROGRESS,
        announced_at=timezone.now() - datetime.timedelta(days=20),
        created_by=organiser,
    )
    sessions = _sessions(training_class, training_class.start_date, 3)
    training_class.document_recipients.set(Unit.objects.filter(code__in=["QNAM.DAILOC.PNV", "QNAM.DAILOC.PTP"]))
    nominations = []
    for code in COMMUNES:
        commune = _unit(code)
        Quota.objects.create(training_class=training_class, unit=commune, seats=5)
        officials = [
            o
            for o in Official.objects.filter(unit__path__startswith=commune.path, is_active=True).in_name_order()
            if training_class.is_eligible(o)
        ][:4]
        for official in officials:
            nominations.append(
                Nomination.objects.create(
                    training_class=training_class,
                    official=official,
                    unit=commune,
                    status=NominationStatus.APPROVED,
                    decided_by=organiser,
                    decided_at=timezone.now(),
                )
            )
    cycle = [AttendanceStatus.PRESENT] * 6 + [AttendanceStatus.LATE, AttendanceStatus.EXCUSED, AttendanceStatus.ABSENT]
    for index, session in enumerate(sessions[:2]):
        for position, nomination in enumerate(nominations):
            if nomination.official.user_id:
                continue  # the demo learner checks in by QR themself
            status = cycle[(position + index) % len(cycle)]
            Attendance.objects.create(
                session=session,
                nomination=nomination,
                status=status,
                marked_by=organiser,
                reason="Ốm, có giấy xác nhận" if status == AttendanceStatus.EXCUSED else "",
            )


def _finished_class(organiser) -> None:
    """A 2025 class of Phòng Nội vụ, finished, with its results; certificates are issued by the certificates demo."""
    if TrainingClass.objects.filter(name=FINISHED_CLASS).exists():
        return
    start = datetime.date(2025, 5, 12)
    training_class = TrainingClass.objects.create(
        name=FINISHED_CLASS,
        kind=ClassKind.COURSE,
        organising_office=Unit.objects.get(code="QNAM.DAILOC.PNV"),
        description="Bồi dưỡng Luật Thực hiện dân chủ ở cơ sở năm 2022 và Nghị định 59/2023/NĐ-CP.",
        target_categories=[PersonnelCategory.CAN_BO, PersonnelCategory.CONG_CHUC],
        venue="Hội trường UBND huyện Đại Lộc",
        start_date=start,
        end_date=start + datetime.timedelta(days=1),
        capacity=30,
        nomination_deadline=timezone.make_aware(datetime.datetime(2025, 5, 5, 17, 0)),
        min_attendance_percent=75,
        status=ClassStatus.FINISHED,
        announced_at=timezone.make_aware(datetime.datetime(2025, 4, 20, 8, 0)),
        finished_at=timezone.make_aware(datetime.datetime(2025, 5, 13, 17, 0)),
        created_by=organiser,
    )
    training_class.document_recipients.set([Unit.objects.get(code="QNAM.DAILOC.PNV")])
    sessions = _sessions(training_class, start, 2)
    learner = Official.objects.filter(user__username="hocvien").first()
    for code in ("AINGHIA", "DAIHIEP", "DAIHOA", "DAIAN"):
        commune = _unit(code)
        Quota.objects.create(training_class=training_class, unit=commune, seats=4)
        officials = list(
            Official.objects.filter(
                unit=commune, category__in=training_class.target_categories, user__isnull=True
            ).in_name_order()[:3]
        )
        if code == "AINGHIA" and learner:
            officials.append(learner)
        for index, official in enumerate(officials):
            nomination = Nomination.objects.create(
                training_class=training_class,
                official=official,
                unit=commune,
                status=NominationStatus.APPROVED,
                decided_by=organiser,
                decided_at=training_class.announced_at,
            )
            Nomination.objects.filter(pk=nomination.pk).update(created_at=training_class.announced_at)
            attended = len(sessions) if index != 2 else 2
            for session in sessions[:attended]:
                Attendance.objects.create(
                    session=session, nomination=nomination, status=AttendanceStatus.PRESENT, marked_by=organiser
                )
            for session in sessions[attended:]:
                Attendance.objects.create(
                    session=session, nomination=nomination, status=AttendanceStatus.ABSENT, marked_by=organiser
                )
            percent = round(100 * attended / len(sessions), 1)
            ClassResult.objects.create(
                training_class=training_class,
                nomination=nomination,
                sessions_attended=attended,
                sessions_total=len(sessions),
                attendance_percent=percent,
                completed=percent >= training_class.min_attendance_percent,
            )


@transaction.atomic
def seed(stdout=None) -> list[tuple[str, str]]:
    users = get_user_model().objects
    _finished_class(users.get(username="phongnoivu"))
    _home_affairs_class(users.get(username="phongnoivu"))
    _justice_class(users.get(username="phongtuphap"))
    if stdout:
        stdout.write(f"Lớp bồi dưỡng: {TrainingClass.objects.count()} · Đề cử: {Nomination.objects.count()}")
    return []
