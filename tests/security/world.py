"""A small district with one object of every kind, owned by unit A and office A, and a user for each role."""

from __future__ import annotations

import datetime
from types import SimpleNamespace

from django.contrib.auth.models import Group, Permission
from django.core.files.base import ContentFile
from django.utils import timezone
from wagtail.documents.models import Document
from wagtail.models import Collection

from certificates import reports
from certificates import services as certificate_services
from certificates.models import CertificateSettings, ExportJob, JobStatus, ReportingYear
from courses import services as course_services
from tests.courses import factories as course_factories
from tests.factories import OfficialFactory, UnitFactory, UserFactory, make_coordinator, make_organiser
from tests.training.conftest import add_session, make_class
from training import services as training_services
from units import imports
from units import services as unit_services
from units.access import EDITORS_GROUP
from units.models import RoleAssignment, UnitSuccession, UnitType

ROLES = (
    "anonymous",
    "learner",
    "coordinator_other",
    "coordinator",
    "organiser_other",
    "organiser",
    "editor",
    "admin",
)


def _editors_group() -> Group:
    """The content editors' group as the demo sets it up: the admin, pages, images, documents and the bank."""
    group, _created = Group.objects.get_or_create(name=EDITORS_GROUP)
    group.permissions.add(Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin"))
    for model in ("question", "questioncategory", "legaldocument"):
        for action in ("add", "change", "delete", "view"):
            group.permissions.add(
                Permission.objects.get(content_type__app_label="courses", codename=f"{action}_{model}")
            )
    return group


def build() -> SimpleNamespace:
    w = SimpleNamespace()
    w.district = UnitFactory(name="Huyện Đại Lộc", code="S.DAILOC", unit_type=UnitType.DISTRICT, place_name="Đại Lộc")
    w.unit_a = UnitFactory(parent=w.district, name="Thị trấn Ái Nghĩa", code="S.AINGHIA")
    w.unit_b = UnitFactory(parent=w.district, name="Xã Đại Hiệp", code="S.DAIHIEP")
    w.office = UnitFactory(
        parent=w.district, name="Phòng Nội vụ", code="S.PNV", unit_type=UnitType.OFFICE, is_organising_office=True
    )
    w.office_b = UnitFactory(
        parent=w.district, name="Phòng Tư pháp", code="S.PTP", unit_type=UnitType.OFFICE, is_organising_office=True
    )

    learner = UserFactory(username="hocvien.a")
    w.official = OfficialFactory(
        unit=w.unit_a,
        user=learner,
        full_name="Huỳnh Thị Ngọc Ân",
        email=learner.email,
        position="Công chức Tư pháp - Hộ tịch",
    )
    w.pending_official = OfficialFactory(unit=w.unit_a, full_name="Lê Văn Chờ", confirmed=False)
    coordinator = make_coordinator(w.unit_a, username="daumoi.a")
    organiser = make_organiser(w.office, username="bantochuc.pnv")
    editor = UserFactory(username="bientap")
    editor.groups.add(_editors_group())
    w.users = {
        "anonymous": None,
        "learner": learner,
        "coordinator_other": make_coordinator(w.unit_b, username="daumoi.b"),
        "coordinator": coordinator,
        "organiser_other": make_organiser(w.office_b, username="bantochuc.ptp"),
        "organiser": organiser,
        "editor": editor,
        "admin": UserFactory(username="quantri", is_superuser=True, is_staff=True),
    }

    w.roster_import = imports.roster_import_check(
        actor=coordinator, unit=w.unit_a, data=imports.template_workbook(), file_name="a.xlsx"
    )
    w.correction = unit_services.correction_request_create(official=w.official, message="Sai năm sinh.")
    w.succession = UnitSuccession.objects.create(
        predecessor=w.unit_b, successor=w.unit_a, kind="merge", effective_date=datetime.date(2025, 7, 1)
    )
    w.role_assignment = RoleAssignment.objects.get(user=coordinator)

    w.klass = make_class(w.office, [(w.unit_a, 3)])
    w.session = add_session(w.klass)
    w.nomination = training_services.nomination_create(actor=coordinator, training_class=w.klass, official=w.official)
    training_services.nomination_approve(actor=organiser, nomination=w.nomination)

    w.office_settings = CertificateSettings.objects.create(
        office=w.office, short_code="PNV", supervising_body="UBND huyện Đại Lộc", signer_name="Trần Văn Đức"
    )
    w.certificate = certificate_services.certificate_issue(
        official=w.official,
        kind="class",
        source_id=w.klass.pk,
        office=w.office,
        title=w.klass.name,
        start_date=w.klass.start_date,
        end_date=w.klass.end_date,
        issued_by=organiser,
    )
    # Stored now, so that a download renders nothing and only the access register is written.
    w.certificate = certificate_services.certificate_store_pdf(certificate=w.certificate)
    w.job = ExportJob.objects.create(
        kind="class.participants",
        title="Danh sách học viên",
        fmt="csv",
        status=JobStatus.DONE,
        total=1,
        progress=1,
        requested_by=organiser,
        office=w.office,
        file_name="danh-sach.csv",
        finished_at=timezone.now(),
    )
    w.job.file.save("danh-sach.csv", ContentFile("Họ và tên\nHuỳnh Thị Ngọc Ân\n".encode()), save=True)

    year = timezone.localdate().year
    w.reporting_year = ReportingYear.objects.create(
        year=year, deadline=datetime.date(year, 11, 20), receiving_office=w.office
    )
    w.report = reports.report_save(actor=coordinator, reporting_year=w.reporting_year, unit=w.unit_a, results="Tốt.")

    w.course = course_factories.make_course("Luật Thực hiện dân chủ ở cơ sở năm 2022")
    w.lesson = course_factories.make_lesson(w.course, "Những quy định chung")
    w.category = course_factories.make_category("Luật DCCS")
    w.question = course_factories.make_question(w.category)
    w.legal_document = course_factories.legal_document()
    w.quiz = course_factories.make_quiz(w.course, questions=[w.question], pass_mark=70)
    w.attempt = course_services.attempt_start(user=learner, quiz=w.quiz)

    # A transactional test starts from an empty database, without the root collection migrations make.
    collection = Collection.get_first_root_node() or Collection.add_root(name="Root")
    w.document = Document.objects.create(
        title="Luật 10/2022/QH15", file=ContentFile(b"%PDF-1.4\n", name="luat.pdf"), collection=collection
    )
    return w
