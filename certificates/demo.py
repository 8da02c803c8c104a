"""Demo data for certificates: office settings, the certificates of the finished demo class, yearly reports and
the dashboard statistics."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone

from certificates import reports, services, statistics
from certificates.models import AnnualReport, CertificateSettings, ReportingYear, ReportStatus
from training.demo import FINISHED_CLASS
from training.models import ClassResult, TrainingClass
from units.models import RoleAssignment, Unit

OFFICES = {
    "QNAM.DAILOC.PNV": ("PNV", "KT. TRƯỞNG PHÒNG\nPHÓ TRƯỞNG PHÒNG", "Nguyễn Văn Hùng", "UBND huyện\nPhòng Tư pháp"),
    "QNAM.DAILOC.PTP": ("PTP", "TRƯỞNG PHÒNG", "Phan Thị Lan", "UBND huyện\nPhòng Nội vụ"),
}
REPORT_TEXT = {
    "results": (
        "Đơn vị đã cử đủ cán bộ, công chức tham gia các lớp bồi dưỡng do Phòng Nội vụ, Phòng Tư pháp tổ chức; "
        "100% công chức chuyên môn hoàn thành khóa học trực tuyến về Luật Thực hiện dân chủ ở cơ sở năm 2022.\n"
        "Việc công khai thông tin theo Điều 11 của Luật được niêm yết tại trụ sở và trên trang thông tin điện tử."
    ),
    "difficulties": "Một số thôn ở xa, đường truyền internet yếu nên việc học trực tuyến còn chậm.",
    "proposals": "Đề nghị tổ chức thêm lớp tập huấn kỹ năng hòa giải ở cơ sở cho tổ trưởng tổ hòa giải.",
}


@transaction.atomic
def seed(stdout=None) -> list[tuple[str, str]]:
    for code, (short, titles, signer, recipients) in OFFICES.items():
        office = Unit.objects.filter(code=code).first()
        if office is None:
            continue
        CertificateSettings.objects.get_or_create(
            office=office,
            defaults={
                "short_code": short,
                "signer_title_lines": titles,
                "signer_name": signer,
                "recipients": recipients,
                "supervising_body": "UBND huyện Đại Lộc",
            },
        )
    issued = _class_certificates()
    _reports()
    for year in (timezone.localdate().year - 2, timezone.localdate().year - 1, timezone.localdate().year):
        statistics.refresh(year)
    if stdout:
        stdout.write(f"Giấy chứng nhận: {issued} mới · Báo cáo năm: {AnnualReport.objects.count()}")
    return []


def _class_certificates() -> int:
    training_class = TrainingClass.objects.filter(name=FINISHED_CLASS).first()
    if training_class is None:
        return 0
    issued = 0
    for result in ClassResult.objects.filter(training_class=training_class, completed=True).select_related(
        "nomination__official"
    ):
        official = result.nomination.official
        if not official.certificates.filter(kind="class", source_id=training_class.pk).exists():
            services.certificate_issue_from_source(official=official, kind="class", source_id=training_class.pk)
            issued += 1
    return issued


def _reports() -> None:
    office = Unit.objects.get(code="QNAM.DAILOC.PNV")
    author = RoleAssignment.objects.filter(role="coordinator", unit__code="QNAM.DAILOC.AINGHIA").first()
    this_year = timezone.localdate().year
    for year in (this_year - 1, this_year):
        reporting_year, _created = ReportingYear.objects.get_or_create(
            year=year, defaults={"receiving_office": office, "deadline": datetime.date(year, 11, 20)}
        )
        ai_nghia = Unit.objects.get(code="QNAM.DAILOC.AINGHIA")
        if author and not AnnualReport.objects.filter(reporting_year=reporting_year, unit=ai_nghia).exists():
            reports.report_save(actor=author.user, reporting_year=reporting_year, unit=ai_nghia, **REPORT_TEXT)
            report = reports.report_submit(actor=author.user, reporting_year=reporting_year, unit=ai_nghia)
            # Submitted a few days before the deadline.
            AnnualReport.objects.filter(pk=report.pk).update(
                submitted_at=timezone.make_aware(datetime.datetime(year, 11, 15, 9, 30))
            )
        dai_hiep = Unit.objects.get(code="QNAM.DAILOC.DAIHIEP")
        AnnualReport.objects.get_or_create(
            reporting_year=reporting_year,
            unit=dai_hiep,
            defaults={"status": ReportStatus.DRAFT, "results": "Đang tổng hợp số liệu của các thôn."},
        )
