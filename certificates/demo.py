"""Demo data for certificates: settings of the two organising offices and a certificate for the demo learner."""

from __future__ import annotations

import datetime

from django.db import transaction

from certificates import services
from certificates.models import Certificate, CertificateSettings
from units.models import Official, Unit

OFFICES = {
    "QNAM.DAILOC.PNV": ("PNV", "KT. TRƯỞNG PHÒNG\nPHÓ TRƯỞNG PHÒNG", "Nguyễn Văn Hùng", "UBND huyện\nPhòng Tư pháp"),
    "QNAM.DAILOC.PTP": ("PTP", "TRƯỞNG PHÒNG", "Phan Thị Lan", "UBND huyện\nPhòng Nội vụ"),
}
# Demo certificates point at a source number no real class will have, so that they never stand in for one.
DEMO_SOURCE_ID = 900_001
DEMO_TITLE = "Hội nghị tập huấn thực hiện dân chủ ở cơ sở năm 2025 (dữ liệu mẫu)"


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
    learner = Official.objects.filter(user__username="hocvien").first()
    office = Unit.objects.filter(code="QNAM.DAILOC.PNV").first()
    if learner and office and not Certificate.objects.filter(official=learner, source_id=DEMO_SOURCE_ID).exists():
        certificate = services.certificate_issue(
            official=learner,
            kind="class",
            source_id=DEMO_SOURCE_ID,
            office=office,
            title=DEMO_TITLE,
            start_date=datetime.date(2025, 10, 13),
            end_date=datetime.date(2025, 10, 15),
            result_text="Hoàn thành",
        )
        if stdout:
            stdout.write(f"Giấy chứng nhận mẫu: {certificate.register_number}, mã {certificate.display_code}")
    return []
