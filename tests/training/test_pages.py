"""Class pages: bulk nomination, marking by tap, “Lớp của tôi”, beat tasks, and query counts at two sizes."""

import datetime
import io

import pytest
from django.conf import settings
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import Workbook

from lms.models import Notification
from tests.factories import OfficialFactory, UnitFactory
from tests.training.conftest import add_session, make_class
from training import services, tasks
from training.models import Attendance, AttendanceStatus, ClassStatus, Nomination, NominationStatus, TrainingClass

pytestmark = pytest.mark.django_db
SESSION_QUERY = 1 if settings.SESSION_ENGINE.endswith(".db") else 0


def xlsx(rows, header=("STT", "Họ và tên", "Năm sinh")):
    workbook = Workbook()
    workbook.active.append(list(header))
    for row in rows:
        workbook.active.append(list(row))
    out = io.BytesIO()
    workbook.save(out)
    return SimpleUploadedFile("cu-di-hoc.xlsx", out.getvalue())


def test_bulk_nomination_checks_every_row_then_confirms(client, klass, coordinator_a, officials_a, official_b):
    client.force_login(coordinator_a)
    url = reverse("training:nominate_upload", args=[klass.pk])
    bad = client.post(
        url,
        {
            "file": xlsx(
                [(1, "Lê Thị Ánh", 1985), (2, "Trần Văn Đức", 1985), (3, "Nguyễn Văn An", 1985), (4, "Võ Thị Ăn", 1985)]
            )
        },
    )
    errors = bad.context["errors"]
    assert [(e["row"], e["column"]) for e in errors] == [(3, "Họ và tên"), (5, "Họ và tên")]
    assert "Không có cán bộ Trần Văn Đức" in errors[0]["message"]
    assert "Vượt chỉ tiêu" in errors[1]["message"]
    assert not Nomination.objects.exists()
    good = client.post(url, {"file": xlsx([(1, "LÊ THỊ ÁNH", 1985), (2, "Nguyễn Văn An", 1985)])})
    assert good.context["errors"] == [] and len(good.context["officials"]) == 2
    assert not Nomination.objects.exists(), "checking writes nothing"
    client.post(url, {"token": good.context["token"]})
    assert set(Nomination.objects.values_list("official__full_name", flat=True)) == {"Lê Thị Ánh", "Nguyễn Văn An"}


def test_bulk_confirmation_token_is_bound_to_its_class(client, klass, office, unit_a, coordinator_a, officials_a):
    other = make_class(office, [(unit_a, 5)], name="Lớp khác")
    client.force_login(coordinator_a)
    good = client.post(reverse("training:nominate_upload", args=[klass.pk]), {"file": xlsx([(1, "Lê Thị Ánh", 1985)])})
    client.post(reverse("training:nominate_upload", args=[other.pk]), {"token": good.context["token"]})
    assert not Nomination.objects.exists()


def test_organiser_marks_by_tap_with_and_without_javascript(client, klass, organiser, coordinator_a, officials_a):
    nomination = services.nomination_create(actor=coordinator_a, training_class=klass, official=officials_a[0])
    services.nomination_approve(actor=organiser, nomination=nomination)
    services.class_start(actor=organiser, training_class=klass)
    session = klass.sessions.first()
    client.force_login(organiser)
    url = reverse("training:session_marking", args=[session.pk])
    response = client.post(url, {"mark": f"{nomination.pk}:late"})
    assert response.status_code == 302
    assert Attendance.objects.get().status == AttendanceStatus.LATE
    response = client.post(url, {"mark": f"{nomination.pk}:present"}, headers={"Accept": "application/json"})
    assert response.json()["counts"] == {"present": 1} and response.json()["unmarked"] == 0
    response = client.post(url, {"mark": f"{nomination.pk}:excused"}, headers={"Accept": "application/json"})
    assert response.status_code == 400 and "cần có lý do" in response.json()["error"]


def test_my_classes_shows_status_schedule_attendance(client, klass, organiser, coordinator_a, trainee_user):
    nomination = services.nomination_create(actor=coordinator_a, training_class=klass, official=trainee_user.official)
    services.nomination_approve(actor=organiser, nomination=nomination)
    services.class_start(actor=organiser, training_class=klass)
    klass.refresh_from_db()
    services.attendance_record(
        actor=organiser, session=klass.sessions.first(), nomination=nomination, status=AttendanceStatus.PRESENT
    )
    client.force_login(trainee_user)
    page = client.get(reverse("training:my_classes")).content.decode()
    assert klass.name in page and "Đã duyệt" in page and "Có mặt" in page and "Hội trường UBND huyện" in page


def test_deadline_task_closes_nominations(office, unit_a):
    due = make_class(office, [(unit_a, 1)], deadline=timezone.now() - datetime.timedelta(minutes=1))
    open_class = make_class(office, [(unit_a, 1)])
    assert tasks.close_due_nominations() == 1
    due.refresh_from_db()
    open_class.refresh_from_db()
    assert due.status == ClassStatus.NOMINATIONS_CLOSED and open_class.status == ClassStatus.ANNOUNCED


def test_absence_feedback_reaches_the_units_coordinator_once(
    office, unit_a, organiser, coordinator_a, officials_a, django_capture_on_commit_callbacks
):
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    klass = make_class(office, [(unit_a, 3)], status=ClassStatus.IN_PROGRESS, start_date=yesterday, end_date=yesterday)
    session = add_session(klass, day=yesterday)
    absent, present = (
        Nomination.objects.create(training_class=klass, official=o, unit=unit_a, status=NominationStatus.APPROVED)
        for o in officials_a[:2]
    )
    services.attendance_record(actor=organiser, session=session, nomination=absent, status=AttendanceStatus.ABSENT)
    services.attendance_record(actor=organiser, session=session, nomination=present, status=AttendanceStatus.PRESENT)
    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.send_absence_feedback() == 1
        assert tasks.send_absence_feedback() == 0
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [coordinator_a.email]
    assert absent.official.full_name in mail.outbox[0].body
    assert present.official.full_name not in mail.outbox[0].body
    assert Notification.objects.filter(user=coordinator_a).count() == 1


def test_organiser_creates_a_class_from_the_form(client, organiser, office):
    client.force_login(organiser)
    response = client.post(
        reverse("training:class_create"),
        {
            "name": "Lớp bồi dưỡng hòa giải viên",
            "kind": "course",
            "organising_office": office.pk,
            "target_categories": ["hoa_giai_vien"],
            "target_positions": "hòa giải, Tư pháp - Hộ tịch",
            "venue": "Hội trường xã",
            "start_date": "05/01/2027",
            "end_date": "06/01/2027",
            "capacity": 40,
            "nomination_deadline": "28/12/2026 17:00",
            "min_attendance_percent": 80,
        },
    )
    klass = TrainingClass.objects.get()
    assert response.status_code == 302
    assert klass.target_positions == ["hòa giải", "Tư pháp - Hộ tịch"]
    assert timezone.localtime(klass.nomination_deadline).strftime("%d/%m/%Y %H:%M") == "28/12/2026 17:00"
    assert klass.status == ClassStatus.DRAFT and klass.start_date == datetime.date(2027, 1, 5)


def _classroom(office, parent, size, name):
    commune = UnitFactory(parent=parent, name=name)
    klass = make_class(office, [(commune, size)], status=ClassStatus.IN_PROGRESS, capacity=size)
    session = add_session(klass)
    for i in range(size):
        official = OfficialFactory(unit=commune)
        nomination = Nomination.objects.create(
            training_class=klass, official=official, unit=commune, status=NominationStatus.APPROVED
        )
        if i % 3:
            Attendance.objects.create(session=session, nomination=nomination, status=AttendanceStatus.PRESENT)
    return klass, session


def _count(client, url):
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_compiled_list_and_marking_page_queries_do_not_grow_with_the_class(client, office, district, organiser):
    client.force_login(organiser)
    small, small_session = _classroom(office, district, 10, "Xã Mười")
    large, large_session = _classroom(office, district, 500, "Xã Năm Trăm")
    compiled = [_count(client, reverse("training:compiled_list", args=[k.pk])) for k in (small, large)]
    marking = [_count(client, reverse("training:session_marking", args=[s.pk])) for s in (small_session, large_session)]
    assert compiled == [6 + SESSION_QUERY] * 2
    assert marking == [5 + SESSION_QUERY] * 2
