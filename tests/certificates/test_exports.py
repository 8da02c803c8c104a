"""The exporter contract: each document as CSV, XLSX and PDF from the same rows, grouped and in name order, safe."""

import csv
import datetime
import io
import random

import pytest
from openpyxl import load_workbook

from certificates import exports
from certificates.documents import DocumentHead
from certificates.exports import (
    Attendance,
    AttendanceSummary,
    ParticipantList,
    Person,
    Result,
    ResultsList,
    SignInSheet,
)
from tests.certificates.pdftext import lines, reader
from tests.lms.test_vietnamese import GOLDEN

HEAD = DocumentHead(
    supervising_body="UBND huyện Đại Lộc",
    issuing_office="Phòng Nội vụ",
    place="Đại Lộc",
    day=datetime.date(2026, 1, 5),
    title="Danh sách học viên do các đơn vị cử",
    number="   /DS-PNV",
    subtitle_lines=("Lớp bồi dưỡng dân chủ ở cơ sở năm 2026",),
    signer_title_lines=("KT. TRƯỞNG PHÒNG", "PHÓ TRƯỞNG PHÒNG"),
    signer_name="Trần Văn Đức",
    recipients=("Phòng Tư pháp",),
    archive_note="VT, PNV",
)
UNITS = ["Xã Đại Hiệp", "Thị trấn Ái Nghĩa"]
FORMULAS = ['=HYPERLINK("http://x")', "+1", "-2+3", "@SUM(A1)", "\tTab", "\rCR", "\0NUL"]


def people() -> list[Person]:
    shuffled = GOLDEN[:]
    random.Random(5).shuffle(shuffled)
    return [
        Person(full_name=name, unit_name=UNITS[i % 2], birth_year=1980 + i, position="Chuyên viên", note="")
        for i, name in enumerate(shuffled)
    ]


def make(kind: str, records=None):
    records = records if records is not None else people()
    if kind == "participants":
        return ParticipantList(head=HEAD, records=records)
    if kind == "sign_in":
        return SignInSheet(head=HEAD, records=records, sessions=["Sáng 05/01", "Chiều 05/01", "Sáng 06/01"])
    if kind == "attendance":
        return AttendanceSummary(
            head=HEAD, records=[Attendance(person=p, sessions=4, present=3, late=0, excused=1) for p in records]
        )
    return ResultsList(
        head=HEAD,
        records=[
            Result(person=p, attendance_percent=75.0, quiz_score=8.5, completed=True, certificate_number="0001/GCN-PNV")
            for p in records
        ],
    )


KINDS = ["participants", "sign_in", "attendance", "results"]


def csv_rows(exporter) -> list[list[str]]:
    out = io.BytesIO()
    exports.write(exporter, "csv", out)
    assert out.getvalue().startswith(b"\xef\xbb\xbf")
    return list(csv.reader(io.StringIO(out.getvalue().decode("utf-8-sig"))))


def xlsx_rows(exporter) -> list[tuple]:
    out = io.BytesIO()
    exports.write(exporter, "xlsx", out)
    workbook = load_workbook(io.BytesIO(out.getvalue()))
    sheet = workbook.worksheets[0]
    for row in sheet.iter_rows():
        for cell in row:
            assert cell.data_type != "f", f"formula in {cell.coordinate}: {cell.value!r}"
    return [tuple(c for c in row) for row in sheet.iter_rows(values_only=True)]


def golden_by_unit() -> list[str]:
    names = {p.full_name: p.unit_name for p in people()}
    # Units in Vietnamese order (Thị trấn < Xã), names in the golden order inside each unit.
    return [n for unit in sorted(UNITS) for n in GOLDEN if names[n] == unit]


def test_participant_list_columns_and_groups_in_csv():
    rows = csv_rows(make("participants"))
    assert rows[0] == ["STT", "Họ và tên", "Năm sinh", "Chức vụ", "Đơn vị công tác", "Ghi chú"]
    assert rows[1] == ["Thị trấn Ái Nghĩa"]
    data = [r for r in rows[1:] if len(r) > 1]
    assert [r[1] for r in data] == golden_by_unit()
    assert [r[0] for r in data] == [str(n) for n in range(1, len(GOLDEN) + 1)]
    assert rows.index(["Xã Đại Hiệp"]) == 1 + len(GOLDEN) // 2 + 1


@pytest.mark.parametrize("kind", KINDS)
def test_every_document_reads_back_from_xlsx_with_openpyxl(kind):
    exporter = make(kind)
    rows = xlsx_rows(exporter)
    assert rows[0][0] == HEAD.title_upper
    assert rows[1][0] == "Lớp bồi dưỡng dân chủ ở cơ sở năm 2026"
    header = rows[3]
    assert list(header[: len(exporter.columns())]) == [c.header for c in exporter.columns()]
    names = [r[1] for r in rows[4:] if isinstance(r[0], int)]
    assert names == golden_by_unit()


def test_sign_in_sheet_has_one_column_per_session():
    columns = [c.header for c in make("sign_in").columns()]
    assert columns[-4:] == ["Ký tên (Sáng 05/01)", "Ký tên (Chiều 05/01)", "Ký tên (Sáng 06/01)", "Ghi chú"]
    assert columns[:5] == ["STT", "Họ và tên", "Năm sinh", "Chức vụ", "Đơn vị công tác"]


def test_attendance_summary_totals_each_unit():
    rows = csv_rows(make("attendance"))
    totals = [r for r in rows if len(r) > 1 and r[1].startswith("Cộng")]
    assert [t[2] for t in totals] == ["Thị trấn Ái Nghĩa", "Xã Đại Hiệp"]
    assert totals[0][1] == "Cộng: 7 học viên"
    assert totals[0][3:] == ["28", "21", "0", "7", "0", "75,0%"]


def test_results_list_shows_attendance_score_completion_and_number():
    rows = csv_rows(make("results"))
    assert rows[0] == [
        "STT",
        "Họ và tên",
        "Năm sinh",
        "Đơn vị công tác",
        "Tỷ lệ chuyên cần (%)",
        "Điểm kiểm tra",
        "Hoàn thành",
        "Số giấy chứng nhận",
    ]
    assert rows[2][4:] == ["75", "8,5", "Có", "0001/GCN-PNV"]


@pytest.mark.parametrize("kind", KINDS)
def test_every_document_reads_back_from_pdf_in_order(kind):
    exporter = make(kind)
    data, count = exports.render_pdf(exporter)
    assert count == len(GOLDEN)
    text_lines = lines(data)
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text_lines
    assert "Đại Lộc, ngày 05 tháng 01 năm 2026" in text_lines
    body = text_lines[: text_lines.index("Nơi nhận:")]
    found = [line for line in body if line in GOLDEN]
    assert found == golden_by_unit()
    assert "- Lưu: VT, PNV." in text_lines


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("fmt", ["csv", "xlsx", "pdf"])
def test_formula_cells_are_neutralised_in_every_exporter_and_format(kind, fmt):
    records = [
        Person(full_name=f"Nguyễn Văn {i}", unit_name="Xã Đại Hiệp", position=formula, birth_year=1980)
        for i, formula in enumerate(FORMULAS)
    ]
    records.append(Person(full_name="=cmd|' /C calc'!A0", unit_name="@Đơn vị", birth_year=1980))
    exporter = make(kind, records)
    if fmt == "csv":
        cells = [cell for row in csv_rows(exporter) for cell in row]
    elif fmt == "xlsx":
        cells = [cell for row in xlsx_rows(exporter) for cell in row if isinstance(cell, str)]
    else:
        data, _count = exports.render_pdf(exporter)
        cells = lines(data)
    dangerous = [c for c in cells if c and c[0] in "=+-@\t\r\0" and not c.startswith("- ")]
    assert dangerous == []
    assert "'=cmd|' /C calc'!A0" in cells
    assert any(c.startswith("'@Đơn vị") for c in cells)
    if kind in ("participants", "sign_in"):
        assert "'+1" in cells and "'-2+3" in cells and "'@SUM(A1)" in cells


def test_long_pdf_list_is_cut_into_page_tables_that_never_break():
    records = [Person(full_name=f"Nguyễn Thị Mỹ Hạnh {i}", unit_name=UNITS[i % 2], birth_year=1990) for i in range(120)]
    exporter = make("sign_in", records)
    table = exports.paginate(exporter, exporter.safe_rows())
    data, count = exports.render_pdf(exporter)
    assert count == 120
    assert len(table.pages) > 3
    # One table per page: when an estimate was short a table would spill onto an extra page.
    assert len(reader(data).pages) in (len(table.pages), len(table.pages) + 1)
    header_lines = [line for line in lines(data) if line == "Họ và tên"]
    assert len(header_lines) == len(table.pages)


def test_xlsx_is_written_row_by_row(monkeypatch):
    """The writer takes rows from the generator as it goes: the generator is not drained before writing."""
    exporter = make("results", [Person(full_name=f"Lê Văn {i}", unit_name="Xã Đại Hiệp") for i in range(50)])
    seen = []
    original = exporter.safe_rows

    def watched():
        for row in original():
            seen.append(row)
            yield row

    monkeypatch.setattr(exporter, "safe_rows", watched)
    assert exports.write(exporter, "xlsx", io.BytesIO()) == 50
    assert len(seen) == 51
