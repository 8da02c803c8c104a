"""Certificates: snapshot, numbering, idempotency, revoke and reissue, PDF contents, verification, downloads, mail."""

import datetime
import re

import pytest
from celery.exceptions import Retry
from django.conf import settings
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from certificates import services
from certificates.models import (
    CODE_ALPHABET,
    AccessRecord,
    Certificate,
    CertificateSettings,
    RegisterCounter,
    group_code,
    normalise_code,
    validate_number_pattern,
)
from certificates.rendering import render_certificate_pdf
from lms import completion
from tests.certificates.conftest import TEST_CLASSES
from tests.certificates.pdftext import lines, reader
from tests.factories import OfficialFactory, UnitFactory, UserFactory, make_coordinator, make_organiser
from units.models import UnitType

pytestmark = pytest.mark.django_db
SESSION_QUERY = 1 if settings.SESSION_ENGINE.endswith(".db") else 0
TITLE_7 = TEST_CLASSES[7][0]


def issue(official, source_id=7, **extra):
    return services.certificate_issue_from_source(official=official, kind="class", source_id=source_id, **extra)


def test_issue_keeps_a_snapshot_that_later_changes_do_not_touch(learner, office, test_source):
    certificate = issue(learner)
    assert certificate.register_number == "0001/GCN-PNV"
    assert (certificate.learner_name, certificate.learner_birth_year) == ("Đặng Lộc Mỹ Nữ", 1990)
    assert certificate.learner_unit_name == "Thị trấn Ái Nghĩa"
    assert certificate.learner_position == "Công chức Tư pháp - Hộ tịch"
    assert (certificate.office_name, certificate.supervising_body) == ("Phòng Nội vụ", "UBND huyện Đại Lộc")
    assert certificate.signer_name == "Trần Văn Đức"
    assert certificate.completion_text == "Đã hoàn thành lớp bồi dưỡng"
    assert (certificate.start_date, certificate.end_date) == (datetime.date(2026, 1, 5), datetime.date(2026, 1, 7))
    learner.full_name = "Đặng Thị Khác"
    learner.save()
    office.name = "Phòng Nội vụ mới"
    office.save()
    CertificateSettings.objects.filter(office=office).update(signer_name="Người Khác")
    certificate.refresh_from_db()
    assert (certificate.learner_name, certificate.office_name, certificate.signer_name) == (
        "Đặng Lộc Mỹ Nữ",
        "Phòng Nội vụ",
        "Trần Văn Đức",
    )


def test_issue_is_idempotent_per_learner_and_source(learner, test_source):
    first = issue(learner)
    again = issue(learner)
    assert again.pk == first.pk
    other = issue(learner, source_id=8)
    assert other.register_number == "0002/GCN-PNV"
    assert Certificate.objects.count() == 2
    assert RegisterCounter.objects.get().last_number == 2


def test_numbers_are_per_office_and_year_with_the_configured_pattern(learner, office, district, test_source):
    CertificateSettings.objects.filter(office=office).update(number_pattern="{number:03d}/{year}/GCN-{code}")
    kwargs = {"kind": "class", "office": office, "title": "Lớp", "issued_on": datetime.date(2025, 12, 31)}
    a = services.certificate_issue(official=learner, source_id=1, **kwargs)
    b = services.certificate_issue(official=learner, source_id=2, **{**kwargs, "issued_on": datetime.date(2026, 1, 2)})
    c = services.certificate_issue(official=learner, source_id=3, **{**kwargs, "issued_on": datetime.date(2026, 1, 3)})
    assert [x.register_number for x in (a, b, c)] == ["001/2025/GCN-PNV", "001/2026/GCN-PNV", "002/2026/GCN-PNV"]
    justice = UnitFactory(
        parent=district, name="Phòng Tư pháp", code="T.PTP", unit_type=UnitType.OFFICE, is_organising_office=True
    )
    d = services.certificate_issue(
        official=learner, source_id=4, **{**kwargs, "office": justice, "issued_on": datetime.date(2026, 1, 3)}
    )
    assert d.register_number == "0001/GCN-PTP"
    assert d.supervising_body == "Huyện Đại Lộc"


@pytest.mark.parametrize("pattern", ["{number.real}", "{year}", "{number!r}", "{number:>{year}}", "{x}{number}"])
def test_unsafe_or_incomplete_number_patterns_are_refused(pattern):
    with pytest.raises(ValidationError):
        validate_number_pattern(pattern)


def test_only_an_organising_office_issues(learner, unit_b):
    with pytest.raises(ValidationError) as raised:
        services.certificate_issue(official=learner, kind="class", source_id=1, office=unit_b, title="Lớp")
    assert "không tổ chức bồi dưỡng" in raised.value.messages[0]


def test_verification_code_has_140_random_bits_in_a_readable_form(learner, test_source):
    codes = {issue(learner, source_id=s).code for s in (7, 8)}
    for code in codes:
        assert len(code) == 28 and set(code) <= set(CODE_ALPHABET)
        grouped = group_code(code)
        assert re.fullmatch(r"([0-9A-Z]{4}-){6}[0-9A-Z]{4}", grouped)
        assert normalise_code(grouped.lower().replace("-", " ")) == code
    assert len(codes) == 2


def test_revoke_needs_a_reason_and_shows_on_the_verification_page(client, learner, organiser, test_source):
    certificate = issue(learner)
    with pytest.raises(ValidationError):
        services.certificate_revoke(actor=organiser, certificate=certificate, reason="  ")
    services.certificate_revoke(actor=organiser, certificate=certificate, reason="Cấp nhầm người")
    certificate.refresh_from_db()
    assert certificate.status == "revoked" and certificate.revoked_at and certificate.revoked_by == organiser
    with pytest.raises(ValidationError):
        services.certificate_revoke(actor=organiser, certificate=certificate, reason="Lần hai")
    page = client.get(certificate.get_verify_url())
    assert "đã thu hồi" in page.content.decode()
    assert issue(learner).pk == certificate.pk  # a revoked certificate is not issued again by itself


def test_reissue_replaces_with_a_new_number_and_code_pointing_from_the_old(learner, organiser, test_source):
    old = issue(learner)
    learner.full_name = "Đặng Lộc Mỹ Nữ Sửa"
    learner.save()
    new = services.certificate_reissue(actor=organiser, certificate=old, reason="Sửa họ tên")
    old.refresh_from_db()
    assert old.status == "replaced" and old.replaced_by == new and old.revoke_reason == "Sửa họ tên"
    assert new.status == "valid" and new.learner_name == "Đặng Lộc Mỹ Nữ Sửa"
    assert new.register_number == "0002/GCN-PNV" and new.code != old.code
    assert new.title == TITLE_7
    assert issue(learner).pk == new.pk
    with pytest.raises(ValidationError):
        services.certificate_reissue(actor=organiser, certificate=old, reason="Lại")


def test_pdf_is_a4_landscape_with_every_detail_and_the_qr_link(learner, test_source):
    certificate = issue(learner)
    data = render_certificate_pdf(certificate)
    page = reader(data).pages[0]
    assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) == (842, 595)
    text_lines = lines(data)
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text_lines
    assert "GIẤY CHỨNG NHẬN" in text_lines
    assert any("Đặng Lộc Mỹ Nữ" in line and "Năm sinh: 1990" in line for line in text_lines)
    assert "Chức vụ, đơn vị công tác: Công chức Tư pháp - Hộ tịch, Thị trấn Ái Nghĩa" in text_lines
    assert f"Đã hoàn thành lớp bồi dưỡng: {TITLE_7}" in " ".join(text_lines)
    assert "Thời gian: từ ngày 05/01/2026 đến ngày 07/01/2026" in text_lines
    assert "Số vào sổ: 0001/GCN-PNV" in text_lines
    signer_at = text_lines.index("KT. TRƯỞNG PHÒNG")
    assert text_lines[signer_at : signer_at + 3] == ["KT. TRƯỞNG PHÒNG", "PHÓ TRƯỞNG PHÒNG", "Trần Văn Đức"]
    assert certificate.display_code in text_lines
    assert f"http://testserver/certificates/verify/{certificate.display_code}/" in text_lines
    images = page["/Resources"]["/XObject"]
    assert len(images) == 1  # the QR code


def test_certificate_dates_follow_the_nd30_rule(learner, office, test_source):
    for day, expected in (
        (datetime.date(2026, 1, 5), "ngày 05 tháng 01 năm 2026"),
        (datetime.date(2026, 3, 15), "ngày 15 tháng 3 năm 2026"),
    ):
        certificate = services.certificate_issue(
            official=learner, kind="course", source_id=day.month, office=office, title="Khóa học", issued_on=day
        )
        assert f"Đại Lộc, {expected}" in lines(render_certificate_pdf(certificate))


def test_verification_page_shows_exactly_the_public_fields(client, learner, test_source):
    certificate = issue(learner)
    response = client.get(reverse("certificates:verify", args=[certificate.display_code.lower()]))
    assert response.status_code == 200
    assert set(response.context["facts"]) == {
        "learner_name",
        "title",
        "start_date",
        "end_date",
        "office_name",
        "register_number",
        "issued_on",
        "status",
        "status_label",
    }
    html = response.content.decode()
    labels = re.findall(r"<dt>(.*?)</dt>", html)
    assert labels == ["Họ và tên", "Khóa học hoặc lớp học", "Thời gian", "Cơ quan cấp", "Số vào sổ", "Ngày cấp"]
    for shown in ("Đặng Lộc Mỹ Nữ", TITLE_7, "05/01/2026 – 07/01/2026", "Phòng Nội vụ", "0001/GCN-PNV", "Còn hiệu lực"):
        assert shown in html
    for hidden in ("1990", "Công chức Tư pháp", "Thị trấn Ái Nghĩa", "hocvien@example.vn"):
        assert hidden not in html


def test_unknown_code_is_404_and_the_form_redirects_to_the_code(client, learner, test_source):
    certificate = issue(learner)
    assert client.get(reverse("certificates:verify", args=["ZZZZ-ZZZZ"])).status_code == 404
    response = client.get(reverse("certificates:verify_form"), {"code": certificate.display_code.lower()})
    assert response.status_code == 302 and response.url.endswith(f"/{certificate.code}/")
    assert client.get(response.url).status_code == 200


def test_verification_is_rate_limited_per_address(client, learner, test_source, settings):
    settings.LMS_VERIFY_RATE_PER_MINUTE = 3
    url = issue(learner).get_verify_url()
    statuses = [client.get(url).status_code for _ in range(3)] + [
        client.get(reverse("certificates:verify", args=["AAAA"])).status_code
    ]
    assert statuses == [200, 200, 200, 429]
    assert "Quá nhiều lượt kiểm tra" in client.get(url).content.decode()
    other = client.get(url, REMOTE_ADDR="10.0.0.9")
    assert other.status_code == 200


def test_my_certificates_lists_only_the_learners_own(client, learner_user, learner, unit_a, test_source):
    mine = issue(learner)
    other = issue(OfficialFactory(unit=unit_a, full_name="Lê Văn Khác"))
    client.force_login(learner_user)
    html = client.get(reverse("certificates:mine")).content.decode()
    assert "Chứng nhận của tôi" in html
    assert mine.register_number in html and other.register_number not in html


def test_pdf_download_permission_matrix_and_staff_downloads_are_registered(
    client, learner_user, learner, unit_b, organiser, test_source
):
    certificate = issue(learner)
    url = reverse("certificates:pdf", args=[certificate.pk])
    assert client.get(url).status_code == 302  # anonymous: to the login page
    client.force_login(UserFactory())
    assert client.get(url).status_code == 404
    client.force_login(make_coordinator(unit_b))
    assert client.get(url).status_code == 404
    client.force_login(learner_user)
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert AccessRecord.objects.count() == 0
    client.force_login(organiser)
    assert b"".join(client.get(url).streaming_content).startswith(b"%PDF")
    record = AccessRecord.objects.get()
    assert (record.user, record.action, record.subject, record.rows) == (organiser, "certificate", "Đặng Lộc Mỹ Nữ", 1)
    assert "0001/GCN-PNV" in record.document
    register = client.get(reverse("certificates:access_register"))
    assert "Đặng Lộc Mỹ Nữ" in register.content.decode()


def test_coordinator_of_the_learners_unit_downloads(client, learner, unit_a, test_source):
    certificate = issue(learner)
    client.force_login(make_coordinator(unit_a))
    assert client.get(reverse("certificates:pdf", args=[certificate.pk])).status_code == 200


def test_issued_certificate_is_emailed_once_with_the_pdf(learner, test_source, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        certificate = issue(learner)
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["hocvien@example.vn"]
    assert TITLE_7 in message.subject
    file_name, content, mimetype = message.attachments[0]
    assert file_name.endswith(".pdf")
    assert mimetype == "application/pdf" and content.startswith(b"%PDF")
    assert certificate.display_code in message.body
    services.certificate_send(certificate=certificate)
    assert len(mail.outbox) == 1


def test_completion_hook_issues_through_the_task(learner, test_source, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        completion.completed(kind="class", object_id=7, official_id=learner.pk, user_id=learner.user_id)
    certificate = Certificate.objects.get()
    assert (certificate.official, certificate.source_id, certificate.title) == (learner, 7, TITLE_7)
    assert certificate.pdf and certificate.emailed_at
    with django_capture_on_commit_callbacks(execute=True):
        completion.completed(kind="course", object_id=7, official_id=learner.pk, user_id=learner.user_id)
    assert Certificate.objects.count() == 1  # there is no course 7: nothing is issued


def test_task_retries_do_not_issue_twice_or_skip_a_number(
    learner, unit_a, test_source, django_capture_on_commit_callbacks, monkeypatch
):
    from certificates import rendering, tasks

    failures = {"left": 1}
    real_render = rendering.render_certificate_pdf

    def flaky(certificate):
        if failures["left"]:
            failures["left"] -= 1
            raise OSError("disk full")
        return real_render(certificate)

    monkeypatch.setattr(rendering, "render_certificate_pdf", flaky)
    # The first delivery fails after the certificate was committed; Celery would retry it later.
    with pytest.raises(Retry), django_capture_on_commit_callbacks(execute=True):
        tasks.issue_certificate_task.apply(args=[learner.pk, "class", 7])
    issued = Certificate.objects.get()
    assert not issued.pdf and len(mail.outbox) == 0
    with django_capture_on_commit_callbacks(execute=True):
        tasks.deliver_certificate_task.apply(args=[issued.pk])
        # The completion message delivered twice (acks_late after a worker loss) and a retry of it.
        tasks.issue_certificate_task.apply(args=[learner.pk, "class", 7])
        tasks.issue_certificate_task.apply(args=[learner.pk, "class", 7])
        tasks.deliver_certificate_task.apply(args=[issued.pk])
    certificate = Certificate.objects.get()
    assert certificate.serial == 1 and certificate.pdf
    assert len(mail.outbox) == 1
    second = OfficialFactory(unit=unit_a)
    tasks.issue_certificate_task.apply(args=[second.pk, "class", 7])
    assert Certificate.objects.get(official=second).serial == 2
    assert tasks.issue_certificate_task.apply(args=[second.pk, "class", 99]).result is None


def test_organiser_revokes_and_reissues_through_the_pages(client, learner, organiser, office, test_source):
    certificate = issue(learner)
    client.force_login(organiser)
    assert client.get(reverse("certificates:manage")).status_code == 200
    response = client.post(reverse("certificates:revoke", args=[certificate.pk]), {"reason": ""})
    assert response.status_code == 200
    certificate.refresh_from_db()
    assert certificate.status == "valid"
    response = client.post(reverse("certificates:reissue", args=[certificate.pk]), {"reason": "Sửa năm sinh"})
    assert response.status_code == 302
    new = Certificate.objects.get(status="valid")
    response = client.post(reverse("certificates:revoke", args=[new.pk]), {"reason": "Gian lận"})
    assert response.status_code == 302
    assert Certificate.objects.filter(status="revoked").count() == 1


def test_other_offices_organiser_and_coordinators_cannot_manage(client, learner, district, unit_a, test_source):
    certificate = issue(learner)
    justice = UnitFactory(
        parent=district, name="Phòng Tư pháp", code="T.PTP", unit_type=UnitType.OFFICE, is_organising_office=True
    )
    client.force_login(make_organiser(justice))
    assert client.post(reverse("certificates:revoke", args=[certificate.pk]), {"reason": "x"}).status_code == 404
    client.force_login(make_coordinator(unit_a))
    assert client.get(reverse("certificates:manage")).status_code == 403
    assert client.get(reverse("certificates:access_register")).status_code == 403


def test_organiser_issues_one_by_hand(client, learner, organiser, test_source):
    client.force_login(organiser)
    response = client.get(reverse("certificates:issue"))
    assert TITLE_7 in response.content.decode()
    response = client.post(reverse("certificates:issue"), {"source": "class:7", "officials": [learner.pk]})
    assert response.status_code == 302
    assert Certificate.objects.get().issued_by == organiser
    response = client.post(reverse("certificates:issue"), {"source": "class:99", "officials": [learner.pk]})
    assert "Chưa hoàn thành lớp học." in response.content.decode()


def test_organiser_of_another_office_cannot_issue_its_certificates(client, learner, district, test_source):
    justice = UnitFactory(
        parent=district, name="Phòng Tư pháp", code="T.PTP", unit_type=UnitType.OFFICE, is_organising_office=True
    )
    client.force_login(make_organiser(justice))
    response = client.post(reverse("certificates:issue"), {"source": "class:7", "officials": [learner.pk]})
    assert "Chỉ ban tổ chức của Phòng Nội vụ" in response.content.decode()
    assert Certificate.objects.count() == 0


def _manage_queries(client, organiser) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("certificates:manage")).status_code == 200
    return len(queries)


def test_manage_page_query_count_does_not_grow_with_certificates(client, organiser, unit_a, test_source):
    client.force_login(organiser)
    client.get(reverse("certificates:manage"))  # the consent gate is checked once per session
    for _ in range(3):
        issue(OfficialFactory(unit=unit_a))
    small = _manage_queries(client, organiser)
    for _ in range(20):
        issue(OfficialFactory(unit=unit_a))
    large = _manage_queries(client, organiser)
    assert small == large == 5 + SESSION_QUERY


def test_personal_data_lists_the_certificates(client, learner_user, learner, test_source):
    issue(learner)
    client.force_login(learner_user)
    html = client.get(reverse("units:profile")).content.decode()
    assert "0001/GCN-PNV" in html
