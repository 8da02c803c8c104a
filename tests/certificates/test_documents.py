"""The NĐ 30 frame: date rule, header on one line, title, signer, recipients ending with the archive line; A4."""

import datetime

import pytest

from certificates import pdf, services
from certificates.documents import DocumentHead, nd30_date, nd30_place_date
from tests.certificates.pdftext import lines, reader

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (datetime.date(2026, 1, 5), "ngày 05 tháng 01 năm 2026"),
        (datetime.date(2026, 3, 15), "ngày 15 tháng 3 năm 2026"),
        (datetime.date(2026, 2, 9), "ngày 09 tháng 02 năm 2026"),
        (datetime.date(2025, 12, 1), "ngày 01 tháng 12 năm 2025"),
        (datetime.date(2025, 10, 31), "ngày 31 tháng 10 năm 2025"),
    ],
)
def test_nd30_date_pads_days_below_ten_and_only_months_one_and_two(day, expected):
    assert nd30_date(day) == expected


def test_place_date_line():
    assert nd30_place_date("Đại Lộc", datetime.date(2026, 1, 5)) == "Đại Lộc, ngày 05 tháng 01 năm 2026"
    assert nd30_place_date("", datetime.date(2026, 3, 15)) == "Ngày 15 tháng 3 năm 2026"


@pytest.mark.parametrize(
    ("day", "date_line"),
    [
        (datetime.date(2026, 1, 5), "Đại Lộc, ngày 05 tháng 01 năm 2026"),
        (datetime.date(2026, 3, 15), "Đại Lộc, ngày 15 tháng 3 năm 2026"),
    ],
)
def test_document_frame_reads_back_from_the_pdf(office, office_settings, day, date_line):
    head = services.document_head(
        office, title="Danh sách học viên do các đơn vị cử", day=day, number="12/DS-PNV", subtitle_lines=["Lớp A"]
    )
    data = pdf.render_document("certificates/documents/base.html", {"head": head})
    text_lines = lines(data)
    # pypdf reads the header cell by cell: each of these is a whole line of the PDF.
    assert text_lines[:6] == [
        "UBND HUYỆN ĐẠI LỘC",
        "PHÒNG NỘI VỤ",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Số: 12/DS-PNV",
        date_line,
    ]
    assert text_lines[6:8] == ["DANH SÁCH HỌC VIÊN DO CÁC ĐƠN VỊ CỬ", "Lớp A"]
    assert text_lines[8:] == [
        "Nơi nhận:",
        "- UBND huyện (b/c);",
        "- Phòng Tư pháp;",
        "- Lưu: VT, PNV.",
        "KT. TRƯỞNG PHÒNG",
        "PHÓ TRƯỞNG PHÒNG",
        "Trần Văn Đức",
    ]


def test_a4_portrait_and_landscape():
    head = DocumentHead(
        supervising_body="UBND huyện Đại Lộc",
        issuing_office="Phòng Nội vụ",
        place="",
        day=datetime.date(2026, 1, 5),
        title="Báo cáo",
    )
    portrait = reader(pdf.render_document("certificates/documents/base.html", {"head": head})).pages[0].mediabox
    landscape = (
        reader(pdf.render_document("certificates/documents/base.html", {"head": head, "landscape": True}))
        .pages[0]
        .mediabox
    )
    assert (round(float(portrait.width)), round(float(portrait.height))) == (595, 842)
    assert (round(float(landscape.width)), round(float(landscape.height))) == (842, 595)


def test_national_title_fits_the_header_column_on_one_line():
    """12 pt bold fits the right column of a portrait A4 page with NĐ 30 margins (30 + 15 mm)."""
    from reportlab.lib.units import mm

    from certificates.exports import _metrics

    column = (210 - 30 - 15) * mm * 0.60
    assert _metrics(bold=True).stringWidth("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", 12) < column
