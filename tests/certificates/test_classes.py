"""A class's documents and certificates: lists in NĐ 30 layout addressed as configured, and issuing on completion."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from certificates.models import AccessRecord, Certificate
from tests.certificates import pdftext
from tests.factories import OfficialFactory, UnitFactory, make_coordinator
from tests.training.conftest import add_session, make_class
from training import services
from training.models import AttendanceStatus, ClassStatus, Nomination, NominationStatus
from units.models import UnitType

pytestmark = pytest.mark.django_db


@pytest.fixture
def justice(district):
    return UnitFactory(
        parent=district, name="Phòng Tư pháp", code="T.PTP", unit_type=UnitType.OFFICE, is_organising_office=True
    )


@pytest.fixture
def finished(office, office_settings, justice, unit_a, unit_b, organiser):
    klass = make_class(
        office,
        [(unit_a, 5), (unit_b, 5)],
        status=ClassStatus.IN_PROGRESS,
        name="Lớp bồi dưỡng thực hiện dân chủ ở cơ sở",
    )
    klass.document_recipients.set([office, justice])
    morning = add_session(klass)
    afternoon = add_session(klass, start=(13, 30), end=(17, 0), part="afternoon")
    people = [
        (unit_b, "Trần Thị Ngữ", '=HYPERLINK("http://x")'),
        (unit_a, "Nguyễn Văn Đặng", "Công chức Tư pháp - Hộ tịch"),
        (unit_a, "Lê Thị Ánh", "Chủ tịch UBND"),
        (unit_b, "Phạm Văn Ộ", "Hòa giải viên"),
    ]
    nominations = []
    for unit, name, position in people:
        official = OfficialFactory(unit=unit, full_name=name, position=position, birth_year=1980)
        nominations.append(
            Nomination.objects.create(
                training_class=klass, official=official, unit=unit, status=NominationStatus.APPROVED
            )
        )
    for nomination in nominations[:3]:
        for session in (morning, afternoon):
            services.attendance_record(
                actor=organiser, session=session, nomination=nomination, status=AttendanceStatus.PRESENT
            )
    services.attendance_record(
        actor=organiser, session=morning, nomination=nominations[3], status=AttendanceStatus.ABSENT
    )
    klass.refresh_from_db()
    return klass, nominations


def test_finishing_a_class_issues_certificates_to_those_who_completed(
    finished, organiser, django_capture_on_commit_callbacks
):
    klass, _nominations = finished
    with django_capture_on_commit_callbacks(execute=True):
        services.class_finish(actor=organiser, training_class=klass)
    issued = Certificate.objects.filter(kind="class", source_id=klass.pk)
    assert set(issued.values_list("learner_name", flat=True)) == {"Trần Thị Ngữ", "Nguyễn Văn Đặng", "Lê Thị Ánh"}
    certificate = issued.get(learner_name="Lê Thị Ánh")
    assert certificate.title == klass.name and certificate.register_number.endswith("/GCN-PNV")
    assert "Tham dự 100,0%" in certificate.result_text


def test_participant_list_pdf_groups_by_unit_in_vietnamese_order_and_is_addressed(client, finished, organiser):
    klass, _n = finished
    client.force_login(organiser)
    response = client.get(reverse("certificates:class_document", args=[klass.pk, "class.participants", "pdf"]))
    lines = pdftext.lines(b"".join(response.streaming_content))
    text = "\n".join(lines)
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in lines
    assert "DANH SÁCH HỌC VIÊN DO CÁC ĐƠN VỊ CỬ" in text
    order = [text.index(name) for name in ("Lê Thị Ánh", "Nguyễn Văn Đặng", "Trần Thị Ngữ", "Phạm Văn Ộ")]
    assert order == sorted(order), "Ái Nghĩa before Đại Hiệp; within a unit, Vietnamese name order"
    assert "- Phòng Nội vụ;" in lines and "- Phòng Tư pháp;" in lines
    assert AccessRecord.objects.get().rows == 4


def test_sign_in_sheet_has_a_column_per_session_and_results_xlsx_reads_back(client, finished, organiser):
    klass, _n = finished
    services.class_finish(actor=organiser, training_class=klass)
    client.force_login(organiser)
    response = client.get(reverse("certificates:class_document", args=[klass.pk, "class.signin", "xlsx"]))
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    values = [c.value for row in sheet.iter_rows() for c in row if c.value is not None]
    assert sum(1 for v in values if str(v).startswith("Ký tên")) == 2
    response = client.get(reverse("certificates:class_document", args=[klass.pk, "class.results", "xlsx"]))
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = {row[1]: row for row in sheet.iter_rows(values_only=True) if row and isinstance(row[0], int)}
    assert rows["Phạm Văn Ộ"][6] == "Không" and rows["Lê Thị Ánh"][6] == "Có"


def test_formula_cells_are_neutralised_in_class_exports(client, finished, organiser):
    klass, _n = finished
    client.force_login(organiser)
    response = client.get(reverse("certificates:class_document", args=[klass.pk, "class.participants", "csv"]))
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    assert "'=HYPERLINK" in body and ",=HYPERLINK" not in body


def test_announcement_pdf_has_the_schedule_and_quota_table(client, finished, organiser, coordinator_a):
    klass, _n = finished
    client.force_login(coordinator_a)
    response = client.get(reverse("certificates:class_announcement", args=[klass.pk]))
    text = pdftext.text(b"".join(response.streaming_content))
    assert "THÔNG BÁO" in text and "Mở lớp bồi dưỡng Lớp bồi dưỡng thực hiện dân chủ ở cơ sở" in text
    assert "Thị trấn Ái Nghĩa" in text and "Xã Đại Hiệp" in text and "Tổng cộng" in text
    assert "Sáng" in text and "Chiều" in text


def test_class_documents_are_404_to_others(client, finished, coordinator_b):
    klass, _n = finished
    stranger = make_coordinator(UnitFactory(name="Xã Khác"))
    client.force_login(coordinator_b)
    for url in (
        reverse("certificates:class_documents", args=[klass.pk]),
        reverse("certificates:class_document", args=[klass.pk, "class.participants", "pdf"]),
        reverse("certificates:class_issue", args=[klass.pk]),
    ):
        assert client.get(url).status_code == 404
        assert client.post(url).status_code == 404
    client.force_login(stranger)
    assert client.get(reverse("certificates:class_announcement", args=[klass.pk])).status_code == 404
    assert not AccessRecord.objects.exists()


def test_issuing_a_whole_class_runs_a_job_for_those_who_completed(
    client, finished, organiser, django_capture_on_commit_callbacks
):
    klass, _n = finished
    services.class_finish(actor=organiser, training_class=klass)
    client.force_login(organiser)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("certificates:class_issue", args=[klass.pk]))
    assert response.status_code == 302 and "/jobs/" in response["Location"]
    assert Certificate.objects.filter(kind="class", source_id=klass.pk).count() == 3
