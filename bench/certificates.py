"""Certificate benchmark: PDFs per second with xhtml2pdf against a pure ReportLab floor, and 1,000 through the tasks.

    python bench/certificates.py [--quick] [--worker]

--worker also times a real `celery -A bench.celery_bench worker` (2 processes) against DATABASE_URL and
CELERY_BROKER_URL (defaults: redis://127.0.0.1:6379/6); DATABASE_URL must then be PostgreSQL.
"""

from __future__ import annotations

import datetime
import io
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import setup_django

NAMES = ["Đặng Lộc Mỹ Nữ", "Nguyễn Thị Ngọc Ánh", "Trương Văn Ưng", "Huỳnh Thị Ỷ Lan", "Lê Văn Ơn"]


def sample_certificate():
    from certificates.models import Certificate, new_verification_code

    return Certificate(
        kind="class",
        source_id=1,
        year=2026,
        serial=12,
        register_number="0012/GCN-PNV",
        code=new_verification_code(),
        issued_on=datetime.date(2026, 3, 15),
        learner_name="Đặng Lộc Mỹ Nữ",
        learner_birth_year=1990,
        learner_position="Công chức Tư pháp - Hộ tịch",
        learner_unit_name="Thị trấn Ái Nghĩa",
        title="Lớp bồi dưỡng kiến thức, kỹ năng thực hiện dân chủ ở cơ sở năm 2026",
        start_date=datetime.date(2026, 3, 9),
        end_date=datetime.date(2026, 3, 11),
        result_text="Hoàn thành",
        office_name="Phòng Nội vụ",
        supervising_body="UBND huyện Đại Lộc",
        place_name="Đại Lộc",
        signer_title_lines="KT. TRƯỞNG PHÒNG\nPHÓ TRƯỞNG PHÒNG",
        signer_name="Trần Văn Đức",
        certificate_title="GIẤY CHỨNG NHẬN",
        certify_text="Chứng nhận Ông/Bà",
        completion_text="Đã hoàn thành lớp bồi dưỡng",
    )


def render_reportlab(certificate) -> bytes:
    """The same certificate laid out with ReportLab's own Platypus (paragraphs that wrap, tables for the
    two columns, the QR image): what a hand-written ReportLab document costs, the floor for a template engine."""
    from reportlab.lib.enums import TA_CENTER
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.platypus import Image, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    from certificates import pdf, rendering
    from certificates.documents import nd30_place_date, upper

    for key, face in {"R": "Regular", "B": "Bold", "I": "Italic"}.items():
        name = f"BenchSerif-{key}"
        if name not in pdfmetrics.getRegisteredFontNames():
            pdfmetrics.registerFont(TTFont(name, str(pdf.FONTS_DIR / f"LiberationSerif-{face}.ttf")))

    def style(size=13, font="R", center=True, space=0):
        return ParagraphStyle(
            f"s{size}{font}{center}{space}",
            fontName=f"BenchSerif-{font}",
            fontSize=size,
            leading=size * 1.2,
            alignment=TA_CENTER if center else 0,
            spaceBefore=space,
        )

    out = io.BytesIO()
    doc = SimpleDocTemplate(
        out, pagesize=landscape(A4), leftMargin=30 * mm, rightMargin=15 * mm, topMargin=20 * mm, bottomMargin=20 * mm
    )
    width = doc.width
    head = Table(
        [
            [
                [
                    Paragraph(upper(certificate.supervising_body), style(12)),
                    Paragraph(upper(certificate.office_name), style(12, "B")),
                ],
                [
                    Paragraph("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", style(12, "B")),
                    Paragraph("Độc lập - Tự do - Hạnh phúc", style(13, "B")),
                ],
            ],
            [
                Paragraph(f"Số: {certificate.register_number}", style()),
                Paragraph(nd30_place_date(certificate.place_name, certificate.issued_on), style(13, "I")),
            ],
        ],
        colWidths=[width * 0.42, width * 0.58],
        style=TableStyle([("LINEBELOW", (0, 0), (-1, 0), 0.75, "black"), ("VALIGN", (0, 0), (-1, -1), "TOP")]),
    )
    body = style(15, center=False)
    body.leftIndent = 25 * mm
    lines = [
        f"{certificate.certify_text}: <font name='BenchSerif-B' size='18'>{certificate.learner_name}</font>"
        f"    Năm sinh: {certificate.learner_birth_year}",
        f"Chức vụ, đơn vị công tác: {certificate.learner_position}, {certificate.learner_unit_name}",
        f"{certificate.completion_text}: <font name='BenchSerif-B'>{certificate.title}</font>",
        f"Thời gian: {rendering.period_text(certificate)}",
        f"Kết quả: {certificate.result_text}",
    ]
    url = certificate.absolute_verify_url()
    qr = Image(io.BytesIO(rendering.qr_png(url)), 30 * mm, 30 * mm)
    left = [
        qr,
        Paragraph(f"Số vào sổ: <b>{certificate.register_number}</b>", style(10, center=False)),
        Paragraph(f"Mã xác minh: {certificate.display_code}", style(11, "B", center=False)),
        Paragraph(url, style(8, center=False)),
    ]
    right = [Paragraph(t, style(13, "B")) for t in certificate.signer_title_lines.splitlines()]
    right += [Spacer(1, 60), Paragraph(certificate.signer_name, style(13, "B"))]
    story = [
        head,
        Paragraph(certificate.certificate_title, style(30, "B", space=28)),
        Spacer(1, 18),
        *[Paragraph(line, body) for line in lines],
        Spacer(1, 26),
        Table([[left, right]], colWidths=[width * 0.5, width * 0.5], style=[("VALIGN", (0, 0), (-1, -1), "TOP")]),
    ]
    doc.build(story)
    return out.getvalue()


def per_second(render, certificate, count: int) -> float:
    """Renders per second from the median render time: robust to other work on a shared machine."""
    render(certificate)  # fonts and caches warm
    times = []
    for _ in range(count):
        started = time.perf_counter()
        render(certificate)
        times.append(time.perf_counter() - started)
    return 1 / statistics.median(times)


def _bench_data(size: int):
    """An organising office and `size` officials in two units, created once and reused."""
    from certificates.models import CertificateSettings
    from units.models import Official, Unit, UnitType

    root = Unit.objects.filter(code="BENCH").first() or Unit.add_root(
        code="BENCH", name="Huyện Đại Lộc", unit_type=UnitType.DISTRICT, place_name="Đại Lộc"
    )
    office = Unit.objects.filter(code="BENCH.PNV").first() or root.add_child(
        code="BENCH.PNV", name="Phòng Nội vụ", unit_type=UnitType.OFFICE, is_organising_office=True
    )
    CertificateSettings.objects.get_or_create(
        office=office, defaults={"short_code": "PNV", "signer_name": "Trần Văn Đức", "supervising_body": "UBND huyện"}
    )
    commune = Unit.objects.filter(code="BENCH.XA").first() or root.add_child(
        code="BENCH.XA", name="Thị trấn Ái Nghĩa", unit_type=UnitType.COMMUNE
    )
    existing = Official.objects.filter(unit=commune).count()
    people = []
    for i in range(existing, size):
        official = Official(
            full_name=f"{NAMES[i % len(NAMES)]} {i:04d}",
            sex="F",
            birth_year=1970 + i % 30,
            position="Công chức",
            category="cong_chuc",
            unit=commune,
            email=f"bench{i}@example.vn",
        )
        official.fill_derived_fields()
        people.append(official)
    Official.objects.bulk_create(people, batch_size=500)
    return office, list(Official.objects.filter(unit=commune).order_by("pk").values_list("pk", flat=True)[:size])


def _reset(office) -> None:
    from certificates.models import Certificate, ExportJob, RegisterCounter

    Certificate.objects.filter(office=office).delete()
    RegisterCounter.objects.filter(office=office).delete()
    ExportJob.objects.filter(title__startswith="bench").delete()


def class_through_tasks(size: int, *, worker: bool = False) -> float:
    """Seconds to issue `size` certificates of one class and zip them, through the bulk job's tasks."""
    from django.contrib.auth import get_user_model

    from bench import describer
    from certificates import services
    from certificates.models import ExportJob, JobStatus
    from lms.celery import app
    from units.models import Role, RoleAssignment

    describer.register()
    office, official_ids = _bench_data(size)
    _reset(office)
    user, _created = get_user_model().objects.get_or_create(username="bench-organiser")
    RoleAssignment.objects.get_or_create(user=user, role=Role.ORGANISER, unit=office)
    app.conf.task_always_eager = not worker
    started = time.perf_counter()
    job = services.bulk_issue_start(actor=user, items=[(pk, "class", 1) for pk in official_ids], title="bench class")
    while True:
        job.refresh_from_db()
        if job.status in (JobStatus.DONE, JobStatus.FAILED):
            break
        time.sleep(0.1)
    elapsed = time.perf_counter() - started
    if job.status != JobStatus.DONE or job.params.get("certificates") != size:
        raise RuntimeError(f"bulk job ended {job.status}: {job.error or job.params.get('skipped')}")
    ExportJob.objects.filter(pk=job.pk).delete()
    return elapsed


def _start_worker() -> subprocess.Popen:
    # Like `make worker` in production, the worker keeps its database connection between tasks (CONN_MAX_AGE's
    # default); Celery's Django fixup closes it when it is too old or broken.
    env = {**os.environ, "PYTHONPATH": str(setup_django.ROOT)}
    env.pop("CONN_MAX_AGE", None)
    worker = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "bench.celery_bench",
            "worker",
            "--concurrency=2",
            "-l",
            "warning",
            "--without-heartbeat",
            "--without-gossip",
            "--without-mingle",
        ],
        cwd="/",
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    time.sleep(6)
    return worker


def run(quick: bool = False, worker: bool = False) -> dict:
    os.environ.setdefault("CELERY_BROKER_URL", "redis://127.0.0.1:6379/6") if worker else None
    setup_django.setup()
    from certificates.rendering import render_certificate_pdf

    certificate = sample_certificate()
    count = 10 if quick else 60
    xhtml = per_second(render_certificate_pdf, certificate, count)
    floor = per_second(render_reportlab, certificate, count)
    size = 100 if quick else 1000
    figures = {
        "xhtml2pdf_per_s": round(xhtml, 1),
        "xhtml2pdf_ms": round(1000 / xhtml, 1),
        "reportlab_per_s": round(floor, 1),
        "reportlab_ms": round(1000 / floor, 1),
        "ratio": round(floor / xhtml, 2),
    }
    eager = class_through_tasks(size)
    figures["class_1000_s"] = round(eager * 1000 / size, 1)
    figures["class_1000_mode"] = "eager in-process" + ("" if size == 1000 else f", {size} scaled to 1000")
    if worker:
        process = _start_worker()
        try:
            figures["class_1000_worker_s"] = round(class_through_tasks(size, worker=True) * 1000 / size, 1)
            figures["class_1000_worker_mode"] = "celery worker, 2 processes" + (
                "" if size == 1000 else f", {size} scaled to 1000"
            )
        finally:
            process.terminate()
            process.wait(timeout=30)
    return figures


if __name__ == "__main__":
    print(json.dumps(run(quick="--quick" in sys.argv, worker="--worker" in sys.argv), indent=2))
