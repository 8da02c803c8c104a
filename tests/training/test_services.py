"""Class rules: status moves, eligibility, quota, deadline in local time, duplicates, substitution, decisions."""

import datetime
import zoneinfo

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone
from wagtail.models import ModelLogEntry

from lms import completion
from lms.models import Notification
from lms.tasks import email_notification
from tests.factories import OfficialFactory, UnitFactory, make_coordinator
from tests.training.conftest import add_session, make_class
from training import services
from training.models import (
    Attendance,
    AttendanceStatus,
    ClassResult,
    ClassStatus,
    Nomination,
    NominationStatus,
)
from units.models import PersonnelCategory

pytestmark = pytest.mark.django_db
HCM = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")


def nominate(actor, klass, official):
    return services.nomination_create(actor=actor, training_class=klass, official=official)


# Status.


def test_status_moves_only_along_the_allowed_path(organiser, office, unit_a):
    draft = make_class(office, [(unit_a, 1)], status=ClassStatus.DRAFT)
    with pytest.raises(ValidationError, match="Thêm ít nhất một buổi học"):
        services.class_announce(actor=organiser, training_class=draft)
    add_session(draft)
    services.class_announce(actor=organiser, training_class=draft)
    draft.refresh_from_db()
    assert draft.status == ClassStatus.ANNOUNCED and draft.announced_at
    with pytest.raises(ValidationError, match="không thể chuyển"):
        services.class_finish(actor=organiser, training_class=draft)
    services.class_start(actor=organiser, training_class=draft)
    services.class_finish(actor=organiser, training_class=draft)
    draft.refresh_from_db()
    assert draft.status == ClassStatus.FINISHED
    with pytest.raises(ValidationError):
        services.class_cancel(actor=organiser, training_class=draft, reason="muộn")


def test_cancelling_needs_a_reason_and_only_the_organising_office_moves_a_class(klass, organiser, coordinator_a):
    with pytest.raises(ValidationError, match="lý do"):
        services.class_cancel(actor=organiser, training_class=klass, reason="  ")
    with pytest.raises(ValidationError, match="cơ quan tổ chức"):
        services.class_cancel(actor=coordinator_a, training_class=klass, reason="không")
    services.class_cancel(actor=organiser, training_class=klass, reason="Trùng kỳ họp HĐND")
    klass.refresh_from_db()
    assert klass.status == ClassStatus.CANCELLED and klass.cancel_reason == "Trùng kỳ họp HĐND"


def test_announcing_notifies_each_invited_coordinator_once_by_email_and_in_site(
    office, unit_a, unit_b, organiser, coordinator_a, coordinator_b, django_capture_on_commit_callbacks
):
    other = make_coordinator(unit_a, username="daumoi.a2")
    training_class = make_class(office, [(unit_a, 2), (unit_b, 1)], status=ClassStatus.DRAFT)
    add_session(training_class)
    with django_capture_on_commit_callbacks(execute=True):
        services.class_announce(actor=organiser, training_class=training_class)
    assert sorted(m.to[0] for m in mail.outbox) == sorted([coordinator_a.email, coordinator_b.email, other.email])
    assert Notification.objects.filter(event_key=f"class:{training_class.pk}:announced").count() == 3
    notice = Notification.objects.get(user=coordinator_b)
    assert "Xã Đại Hiệp" in notice.body and "1" in notice.body


def test_notification_task_sends_once_even_when_retried(coordinator_a, django_capture_on_commit_callbacks):
    from lms.notifications import notify

    with django_capture_on_commit_callbacks(execute=True):
        notice = notify(users=[coordinator_a], event_key="x:1", subject="Thông báo", body="Nội dung")[0]
        notify(users=[coordinator_a], event_key="x:1", subject="Thông báo", body="Nội dung")
    assert len(mail.outbox) == 1
    email_notification.apply(args=[notice.pk])
    email_notification.apply(args=[notice.pk])
    assert len(mail.outbox) == 1


# Nominations.


def test_coordinator_nominates_an_eligible_official_of_their_unit(klass, coordinator_a, officials_a):
    nomination = nominate(coordinator_a, klass, officials_a[0])
    assert nomination.status == NominationStatus.NOMINATED and nomination.unit == officials_a[0].unit
    entry = ModelLogEntry.objects.get(action="training.nomination.create")
    assert entry.user == coordinator_a and entry.data["changes"]["status"] == [None, "nominated"]


def test_official_of_a_village_uses_the_communes_quota(klass, coordinator_a, unit_a):
    village = UnitFactory(parent=unit_a, name="Khối phố 2")
    official = OfficialFactory(unit=village)
    assert nominate(coordinator_a, klass, official).unit == unit_a


def test_ineligible_category_or_position_is_refused(office, unit_a, coordinator_a):
    klass = make_class(
        office,
        [(unit_a, 5)],
        target_categories=[PersonnelCategory.CONG_CHUC, PersonnelCategory.HOA_GIAI_VIEN],
        target_positions=["Tư pháp - Hộ tịch", "hòa giải"],
    )
    add_session(klass)
    ok = OfficialFactory(unit=unit_a, category=PersonnelCategory.CONG_CHUC, position="Công chức Tư pháp - Hộ tịch")
    mediator = OfficialFactory(unit=unit_a, category=PersonnelCategory.HOA_GIAI_VIEN, position="Tổ trưởng tổ hoà giải")
    wrong_position = OfficialFactory(unit=unit_a, category=PersonnelCategory.CONG_CHUC, position="Địa chính - Xây dựng")
    wrong_category = OfficialFactory(unit=unit_a, category=PersonnelCategory.CAN_BO, position="Tư pháp - Hộ tịch")
    nominate(coordinator_a, klass, ok)
    nominate(coordinator_a, klass, mediator)
    for official in (wrong_position, wrong_category):
        with pytest.raises(ValidationError, match="không thuộc đối tượng"):
            nominate(coordinator_a, klass, official)


def test_quota_is_never_exceeded(klass, coordinator_a, officials_a):
    nominate(coordinator_a, klass, officials_a[0])
    nominate(coordinator_a, klass, officials_a[1])
    with pytest.raises(ValidationError, match="đã dùng 2/2 chỉ tiêu"):
        nominate(coordinator_a, klass, officials_a[2])
    assert klass.nominations.active().count() == 2


def test_withdrawn_seat_can_be_used_again(klass, coordinator_a, officials_a):
    first = nominate(coordinator_a, klass, officials_a[0])
    nominate(coordinator_a, klass, officials_a[1])
    services.nomination_withdraw(actor=coordinator_a, nomination=first, reason="Đi công tác")
    nominate(coordinator_a, klass, officials_a[2])
    assert klass.nominations.active().count() == 2


def test_the_same_official_is_never_nominated_twice(klass, coordinator_a, officials_a):
    nominate(coordinator_a, klass, officials_a[0])
    with pytest.raises(ValidationError, match="đã được cử"):
        nominate(coordinator_a, klass, officials_a[0])


def test_coordinator_cannot_nominate_another_units_official(klass, coordinator_a, official_b):
    with pytest.raises(ValidationError, match="không thuộc đơn vị"):
        nominate(coordinator_a, klass, official_b)


def test_deadline_is_local_time_and_a_minute_late_is_refused(office, unit_a, coordinator_a, officials_a):
    deadline = datetime.datetime(2026, 12, 10, 17, 0, tzinfo=HCM)
    with time_machine.travel(datetime.datetime(2026, 12, 1, 9, 0, tzinfo=HCM), tick=False) as clock:
        klass = make_class(office, [(unit_a, 3)], deadline=deadline)
        add_session(klass)
        clock.move_to(datetime.datetime(2026, 12, 10, 16, 59, tzinfo=HCM))
        nominate(coordinator_a, klass, officials_a[0])
        # 17:00 in Hồ Chí Minh City is 10:00 UTC: the deadline is read in local time.
        clock.move_to(datetime.datetime(2026, 12, 10, 10, 0, tzinfo=datetime.UTC))
        with pytest.raises(ValidationError, match="17:00 10/12/2026"):
            nominate(coordinator_a, klass, officials_a[1])
        with pytest.raises(ValidationError, match="Hạn cử"):
            services.nomination_withdraw(actor=coordinator_a, nomination=Nomination.objects.get(), reason="x")


def test_organiser_adds_after_the_deadline_and_it_is_logged_as_late(
    office, unit_a, organiser, coordinator_a, officials_a
):
    klass = make_class(office, [(unit_a, 3)], deadline=timezone.now() - datetime.timedelta(hours=1))
    add_session(klass)
    with pytest.raises(ValidationError):
        nominate(coordinator_a, klass, officials_a[0])
    nomination = nominate(organiser, klass, officials_a[0])
    assert nomination.added_late and nomination.status == NominationStatus.APPROVED
    entry = ModelLogEntry.objects.get(action="training.nomination.create")
    assert entry.user == organiser and entry.data["changes"]["added_late"] == [None, True]


def test_substitution_passes_the_seat_and_keeps_the_history(klass, coordinator_a, officials_a):
    old = nominate(coordinator_a, klass, officials_a[0])
    nominate(coordinator_a, klass, officials_a[1])
    new = services.nomination_substitute(actor=coordinator_a, nomination=old, official=officials_a[2], reason="Ốm")
    old.refresh_from_db()
    assert old.status == NominationStatus.REPLACED and old.replaced_by == new
    assert new.status == NominationStatus.NOMINATED and new.official == officials_a[2]
    assert klass.nominations.active().count() == 2
    with pytest.raises(ValidationError, match="đã được cử"):
        services.nomination_substitute(actor=coordinator_a, nomination=new, official=officials_a[1])


def test_substitute_must_be_covered_by_the_same_quota(klass, organiser, coordinator_a, officials_a, official_b):
    old = nominate(coordinator_a, klass, officials_a[0])
    with pytest.raises(ValidationError):
        services.nomination_substitute(actor=organiser, nomination=old, official=official_b)
    old.refresh_from_db()
    assert old.status == NominationStatus.NOMINATED, "a refused substitution changes nothing"


def test_rejection_needs_a_reason_and_both_nominee_and_coordinator_are_told(
    klass, organiser, coordinator_a, trainee_user, django_capture_on_commit_callbacks
):
    nomination = nominate(coordinator_a, klass, trainee_user.official)
    with pytest.raises(ValidationError, match="lý do"):
        services.nomination_reject(actor=organiser, nomination=nomination, reason="")
    with django_capture_on_commit_callbacks(execute=True):
        services.nomination_reject(actor=organiser, nomination=nomination, reason="Đã học năm 2025")
    nomination.refresh_from_db()
    assert nomination.status == NominationStatus.REJECTED and nomination.decided_by == organiser
    assert {m.to[0] for m in mail.outbox} == {trainee_user.email, coordinator_a.email}
    assert "Đã học năm 2025" in mail.outbox[0].body


def test_organiser_extends_a_quota_and_the_deadline(klass, organiser, coordinator_a, officials_a):
    nominate(coordinator_a, klass, officials_a[0])
    nominate(coordinator_a, klass, officials_a[1])
    with pytest.raises(ValidationError, match="không thể thấp hơn"):
        services.quota_set(actor=organiser, training_class=klass, unit=officials_a[0].unit, seats=1)
    services.quota_set(actor=organiser, training_class=klass, unit=officials_a[0].unit, seats=3)
    nominate(coordinator_a, klass, officials_a[2])
    services.class_close_nominations(actor=organiser, training_class=klass)
    later = klass.nomination_deadline + datetime.timedelta(days=3)
    services.class_extend_deadline(actor=organiser, training_class=klass, deadline=later)
    klass.refresh_from_db()
    assert klass.status == ClassStatus.ANNOUNCED and klass.nomination_deadline == later


# Attendance and results.


@pytest.fixture
def running_class(klass, organiser, coordinator_a, officials_a):
    for official in officials_a[:2]:
        services.nomination_approve(actor=organiser, nomination=nominate(coordinator_a, klass, official))
    services.class_start(actor=organiser, training_class=klass)
    klass.refresh_from_db()
    return klass


def test_attendance_statuses_and_audit(running_class, organiser):
    session = running_class.sessions.first()
    nomination = running_class.nominations.roster().first()
    with pytest.raises(ValidationError, match="cần có lý do"):
        services.attendance_record(
            actor=organiser, session=session, nomination=nomination, status=AttendanceStatus.EXCUSED
        )
    services.attendance_record(actor=organiser, session=session, nomination=nomination, status=AttendanceStatus.LATE)
    services.attendance_record(
        actor=organiser, session=session, nomination=nomination, status=AttendanceStatus.EXCUSED, reason="Ốm"
    )
    record = Attendance.objects.get()
    assert record.status == AttendanceStatus.EXCUSED and record.reason == "Ốm"
    entries = ModelLogEntry.objects.filter(action="training.attendance").order_by("pk")
    assert [e.data["changes"]["status"] for e in entries] == [[None, "late"], ["late", "excused"]]


def test_everyone_present_keeps_those_already_marked(running_class, organiser):
    session = running_class.sessions.first()
    first, second = running_class.nominations.roster()
    services.attendance_record(actor=organiser, session=session, nomination=first, status=AttendanceStatus.ABSENT)
    assert services.attendance_mark_all_present(actor=organiser, session=session) == 1
    assert dict(session.attendances.values_list("nomination_id", "status")) == {
        first.pk: AttendanceStatus.ABSENT,
        second.pk: AttendanceStatus.PRESENT,
    }


def test_only_approved_trainees_of_the_class_are_marked(running_class, organiser, coordinator_a, officials_a):
    pending = Nomination.objects.create(training_class=running_class, official=officials_a[3], unit=officials_a[3].unit)
    with pytest.raises(ValidationError, match="không có tên trong danh sách"):
        services.attendance_record(
            actor=organiser, session=running_class.sessions.first(), nomination=pending, status=AttendanceStatus.PRESENT
        )


def test_finishing_computes_results_and_sends_completions_to_the_hook(running_class, organiser):
    first, second = running_class.nominations.roster()
    morning, afternoon = running_class.sessions.all()
    for session in (morning, afternoon):
        services.attendance_record(actor=organiser, session=session, nomination=first, status=AttendanceStatus.PRESENT)
    services.attendance_record(actor=organiser, session=morning, nomination=second, status=AttendanceStatus.LATE)
    services.attendance_record(actor=organiser, session=afternoon, nomination=second, status=AttendanceStatus.ABSENT)
    calls = []
    completion.register(handler := lambda **kw: calls.append(kw))
    try:
        services.class_finish(actor=organiser, training_class=running_class)
    finally:
        completion._handlers.remove(handler)
    results = {r.nomination_id: r for r in ClassResult.objects.all()}
    assert results[first.pk].attendance_percent == 100 and results[first.pk].completed
    assert results[second.pk].attendance_percent == 50 and not results[second.pk].completed
    assert calls == [
        {"kind": "class", "object_id": running_class.pk, "official_id": first.official_id, "user_id": None}
    ]
