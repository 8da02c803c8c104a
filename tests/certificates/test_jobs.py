"""Background jobs: bulk issue with progress and a ZIP, long exports as jobs, downloads only for the requester."""

import io
import zipfile

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from certificates import exports, services
from certificates.exports import ParticipantList, Person
from certificates.models import AccessRecord, Certificate, ExportJob
from tests.factories import OfficialFactory, UserFactory, make_organiser

pytestmark = pytest.mark.django_db


@pytest.fixture
def many_people():
    def provider(params):
        people = [
            Person(full_name=f"Nguyễn Văn {i:05d}", unit_name=f"Xã {i % 3}", birth_year=1980, position="=1+1")
            for i in range(params["rows"])
        ]
        return ParticipantList(records=people, presorted=True)

    exports.register("test.people", provider, "Danh sách thử")
    yield
    exports.unregister("test.people")


def test_bulk_issue_runs_in_chunks_records_progress_and_zips_every_pdf(
    client, organiser, unit_a, test_source, django_capture_on_commit_callbacks
):
    officials = [OfficialFactory(unit=unit_a) for _ in range(23)]
    items = [(o.pk, "class", 7) for o in officials] + [(officials[0].pk, "class", 99)]
    with django_capture_on_commit_callbacks(execute=True):
        job = services.bulk_issue_start(actor=organiser, items=items, title="Giấy chứng nhận lớp 7")
    job.refresh_from_db()
    assert (job.status, job.progress, job.total) == ("done", 24, 24)
    assert len(job.params["chunks"]) == 3 and sorted(job.params["done"]) == [0, 1, 2]
    assert [s["message"] for s in job.params["skipped"]] == ["Chưa hoàn thành lớp học."]
    assert Certificate.objects.count() == 23
    serials = sorted(Certificate.objects.values_list("serial", flat=True))
    assert serials == list(range(1, 24))

    client.force_login(organiser)
    page = client.get(reverse("certificates:job", args=[job.pk])).content.decode()
    assert "Chưa hoàn thành lớp học." in page and 'value="24"' in page
    status = client.get(reverse("certificates:job_status", args=[job.pk])).json()
    assert (status["status"], status["percent"]) == ("done", 100)
    response = client.get(reverse("certificates:job_download", args=[job.pk]))
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    names = archive.namelist()
    assert len(names) == 23 and all(archive.read(n).startswith(b"%PDF") for n in names)
    record = AccessRecord.objects.get()
    assert (record.action, record.rows, record.fmt) == ("zip", 23, "zip")


def test_a_chunk_run_twice_is_counted_once(organiser, unit_a, test_source, django_capture_on_commit_callbacks):
    officials = [OfficialFactory(unit=unit_a) for _ in range(12)]
    job = services.bulk_issue_start(actor=organiser, items=[(o.pk, "class", 7) for o in officials], title="Lớp")
    with django_capture_on_commit_callbacks(execute=True):
        services.bulk_issue_chunk(job_id=job.pk, index=0)
        services.bulk_issue_chunk(job_id=job.pk, index=0)
    job.refresh_from_db()
    assert (job.progress, job.status) == (10, "running")
    with django_capture_on_commit_callbacks(execute=True):
        services.bulk_issue_chunk(job_id=job.pk, index=1)
    job.refresh_from_db()
    assert (job.progress, job.status) == (12, "done")
    assert Certificate.objects.count() == 12


def test_job_pages_are_only_for_the_requester(client, organiser, office, unit_a, test_source):
    job = services.bulk_issue_start(actor=organiser, items=[(OfficialFactory(unit=unit_a).pk, "class", 7)], title="x")
    client.force_login(make_organiser(office, username="other"))
    for name in ("certificates:job", "certificates:job_status", "certificates:job_download"):
        assert client.get(reverse(name, args=[job.pk])).status_code == 404
    client.force_login(UserFactory())
    assert client.get(reverse("certificates:job", args=[job.pk])).status_code == 404


def test_a_long_export_becomes_a_job_and_its_file_is_streamed_from_disk(
    rf, organiser, many_people, django_capture_on_commit_callbacks
):
    from certificates.views import export_response

    request = rf.get("/")
    request.user = organiser
    with django_capture_on_commit_callbacks(execute=True):
        response = export_response(request, kind="test.people", params={"rows": 2001}, fmt="xlsx")
    assert response.status_code == 302
    job = ExportJob.objects.get()
    assert (job.status, job.progress, job.total, job.fmt) == ("done", 2001, 2001, "xlsx")
    with job.file.open("rb") as handle:
        sheet = load_workbook(io.BytesIO(handle.read()), read_only=True).worksheets[0]
        rows = list(sheet.iter_rows(values_only=True))
    data = [r for r in rows if isinstance(r[0], int)]
    assert len(data) == 2001 and data[0][3] == "'=1+1"


def test_a_short_export_is_sent_at_once_and_registered(rf, organiser, office, many_people):
    from certificates.views import export_response

    request = rf.get("/")
    request.user = organiser
    response = export_response(request, kind="test.people", params={"rows": 40}, fmt="csv", office=office)
    assert response.status_code == 200
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    assert text.count("Nguyễn Văn") == 40
    record = AccessRecord.objects.get()
    assert (record.action, record.rows, record.fmt, record.office) == ("export", 40, "csv", office)
    assert ExportJob.objects.count() == 0


def test_certificate_register_export_for_an_office_and_year(client, organiser, office, learner, test_source):
    certificate = services.certificate_issue_from_source(official=learner, kind="class", source_id=7)
    client.force_login(organiser)
    url = reverse("certificates:register_export", args=["xlsx"])
    response = client.get(url, {"office": office.pk, "year": certificate.year})
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "SỔ ĐĂNG KÝ CẤP GIẤY CHỨNG NHẬN"
    assert rows[4][:3] == (1, "0001/GCN-PNV", "Đặng Lộc Mỹ Nữ")
    assert AccessRecord.objects.get().rows == 1


def test_access_register_shows_an_organiser_only_their_offices_records(client, organiser, office, district):
    from tests.factories import UnitFactory
    from units.models import UnitType

    justice = UnitFactory(
        parent=district, name="Phòng Tư pháp", code="T.PTP", unit_type=UnitType.OFFICE, is_organising_office=True
    )
    services.access_record(user=organiser, action="export", document="Danh sách A", office=office, rows=5)
    services.access_record(user=organiser, action="export", document="Danh sách B", office=justice, rows=6)
    client.force_login(organiser)
    html = client.get(reverse("certificates:access_register")).content.decode()
    assert "Danh sách A" in html and "Danh sách B" not in html


def test_a_chunk_that_breaks_fails_the_job_instead_of_leaving_it_running(
    organiser, unit_a, test_source, monkeypatch, django_capture_on_commit_callbacks
):
    from certificates import rendering

    def broken(certificate):
        raise RuntimeError("renderer crashed")

    monkeypatch.setattr(rendering, "render_certificate_pdf", broken)
    official = OfficialFactory(unit=unit_a)
    with pytest.raises(RuntimeError), django_capture_on_commit_callbacks(execute=True):
        services.bulk_issue_start(actor=organiser, items=[(official.pk, "class", 7)], title="Lớp")
    job = ExportJob.objects.get()
    assert (job.status, job.error) == ("failed", "renderer crashed")
