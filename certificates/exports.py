"""Tabular documents: one exporter contract (columns, rows generated once) written as CSV, XLSX or PDF.

An exporter declares its columns and yields its rows once, already grouped by unit and in Vietnamese name
order. The writers stream: CSV row by row, XLSX with openpyxl's write-only mode, PDF as one table per
page with the header row repeated, so that xhtml2pdf's cost grows with the rows instead of faster than
them (a table that breaks across pages is re-measured on every page). Every text cell that a spreadsheet
would run as a formula gets a leading quote, in every format.

The concrete documents (participant list, sign-in sheet, attendance summary, results list) take plain
records, so the apps that own the data feed them; a provider registry rebuilds an exporter from JSON
parameters inside a background job.
"""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache

from django.utils.translation import gettext_lazy as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font
from reportlab.lib.units import mm
from reportlab.pdfbase.ttfonts import TTFont

from certificates import pdf
from certificates.documents import DocumentHead
from lms import vietnamese
from lms.spreadsheets import safe_cell, safe_xlsx_cell

FORMATS = ("xlsx", "csv", "pdf")
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
    "zip": "application/zip",
}
# Above this many rows an export runs as a background job with a progress bar.
ASYNC_THRESHOLD = 2000


class RowKind:
    DATA = "data"
    GROUP = "group"
    TOTAL = "total"


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    width: float = 1.0  # share of the table width in the PDF, characters ÷ 4 in XLSX
    align: str = "left"


@dataclass(frozen=True)
class Row:
    cells: tuple = ()
    kind: str = RowKind.DATA
    label: str = ""


@dataclass(frozen=True)
class Person:
    """The person part of a row, as the owning app knows it."""

    full_name: str
    unit_name: str
    birth_year: int | None = None
    position: str = ""
    note: str = ""
    unit_order: str = ""  # a key that orders the units; their Vietnamese name order when empty

    def group_key(self) -> str:
        return self.unit_order or vietnamese.sort_key(self.unit_name)


def in_document_order(records: Iterable, person: Callable = lambda r: r) -> list:
    """Records grouped by unit (units in Vietnamese order) and by Vietnamese name order inside a unit."""
    return sorted(
        records,
        key=lambda r: (person(r).group_key(), person(r).unit_name, vietnamese.name_sort_key(person(r).full_name)),
    )


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.2f}".rstrip("0").rstrip(".").replace(".", ",")
    return vietnamese.nfc(str(value)) if isinstance(value, str) else str(value)


def safe_cells(cells: Iterable) -> tuple:
    return tuple(safe_cell(vietnamese.nfc(c) if isinstance(c, str) else c) for c in cells)


class Exporter:
    """A tabular document: columns, rows (generated once), a head for the PDF and a file name."""

    kind = ""
    title = ""
    file_stem = "danh-sach"
    landscape = False
    row_padding_mm = 0.0  # extra room above and below each data row (space to sign)

    def __init__(self, *, head: DocumentHead | None = None):
        self.head = head

    def columns(self) -> list[Column]:
        raise NotImplementedError

    def rows(self) -> Iterator[Row]:
        raise NotImplementedError

    def count(self) -> int:
        """How many data rows the document has, known before they are generated."""
        raise NotImplementedError

    def file_name(self, fmt: str) -> str:
        return f"{self.file_stem}.{fmt}"

    def safe_rows(self) -> Iterator[Row]:
        for row in self.rows():
            yield Row(cells=safe_cells(row.cells), kind=row.kind, label=safe_cell(vietnamese.nfc(row.label)))


class PeopleExporter(Exporter):
    """An exporter over records that each carry a Person; rows grouped by unit with a group heading."""

    person: Callable = staticmethod(lambda record: record)

    def __init__(self, *, head: DocumentHead | None = None, records: Iterable = (), presorted: bool = False):
        super().__init__(head=head)
        records = list(records) if not isinstance(records, list | tuple) else records
        self.records = records if presorted else in_document_order(records, self.person)

    def count(self) -> int:
        return len(self.records)

    def cells(self, number: int, record) -> tuple:
        raise NotImplementedError

    def group_total(self, unit_name: str, records: list) -> Row | None:
        return None

    def rows(self) -> Iterator[Row]:
        current = None
        group: list = []
        for number, record in enumerate(self.records, start=1):
            person = self.person(record)
            if person.unit_name != current:
                if current is not None:
                    total = self.group_total(current, group)
                    if total:
                        yield total
                current = person.unit_name
                group = []
                yield Row(kind=RowKind.GROUP, label=person.unit_name)
            group.append(record)
            yield Row(cells=self.cells(number, record))
        if current is not None:
            total = self.group_total(current, group)
            if total:
                yield total


class ParticipantList(PeopleExporter):
    """Danh sách học viên do các đơn vị cử: one row per nominee, grouped by unit."""

    kind = "participants"
    title = "Danh sách học viên do các đơn vị cử"
    file_stem = "danh-sach-hoc-vien"

    def columns(self) -> list[Column]:
        return [
            Column("number", "STT", 0.5, "center"),
            Column("full_name", "Họ và tên", 2.2),
            Column("birth_year", "Năm sinh", 0.8, "center"),
            Column("position", "Chức vụ", 2.0),
            Column("unit", "Đơn vị công tác", 2.2),
            Column("note", "Ghi chú", 1.2),
        ]

    def cells(self, number: int, person: Person) -> tuple:
        return (number, person.full_name, person.birth_year or "", person.position, person.unit_name, person.note)


class SignInSheet(PeopleExporter):
    """Sign-in sheet: the participant columns and one "Ký tên" column per session."""

    kind = "sign_in"
    title = "Danh sách ký tên học viên"
    file_stem = "danh-sach-ky-ten"
    row_padding_mm = 2.5

    def __init__(self, *, sessions: Iterable[str] = (), **kwargs):
        super().__init__(**kwargs)
        self.sessions = [vietnamese.nfc(s) for s in sessions]
        self.landscape = len(self.sessions) > 2

    def columns(self) -> list[Column]:
        columns = [
            Column("number", "STT", 0.5, "center"),
            Column("full_name", "Họ và tên", 2.2),
            Column("birth_year", "Năm sinh", 0.8, "center"),
            Column("position", "Chức vụ", 1.8),
            Column("unit", "Đơn vị công tác", 2.0),
        ]
        columns += [Column(f"sign_{i}", f"Ký tên ({label})", 1.3) for i, label in enumerate(self.sessions, start=1)]
        columns.append(Column("note", "Ghi chú", 1.0))
        return columns

    def cells(self, number: int, person: Person) -> tuple:
        blanks = ("",) * len(self.sessions)
        return (
            number,
            person.full_name,
            person.birth_year or "",
            person.position,
            person.unit_name,
            *blanks,
            person.note,
        )


@dataclass(frozen=True)
class Attendance:
    person: Person
    sessions: int
    present: int = 0
    late: int = 0
    excused: int = 0
    unexcused: int = 0

    @property
    def attended(self) -> int:
        return self.present + self.late


def percent(part: int, whole: int) -> str:
    if not whole:
        return ""
    return f"{100 * part / whole:.1f}".replace(".", ",") + "%"


class AttendanceSummary(PeopleExporter):
    """Attendance per trainee, with a total per unit."""

    kind = "attendance"
    title = "Tổng hợp điểm danh học viên"
    file_stem = "tong-hop-diem-danh"
    landscape = True
    person = staticmethod(lambda record: record.person)

    def columns(self) -> list[Column]:
        return [
            Column("number", "STT", 0.5, "center"),
            Column("full_name", "Họ và tên", 2.2),
            Column("unit", "Đơn vị công tác", 2.2),
            Column("sessions", "Số buổi", 0.7, "center"),
            Column("present", "Có mặt", 0.7, "center"),
            Column("late", "Đi muộn", 0.7, "center"),
            Column("excused", "Vắng có phép", 0.9, "center"),
            Column("unexcused", "Vắng không phép", 0.9, "center"),
            Column("rate", "Tỷ lệ tham dự", 0.9, "center"),
        ]

    def cells(self, number: int, record: Attendance) -> tuple:
        return (
            number,
            record.person.full_name,
            record.person.unit_name,
            record.sessions,
            record.present,
            record.late,
            record.excused,
            record.unexcused,
            percent(record.attended, record.sessions),
        )

    def group_total(self, unit_name: str, records: list) -> Row:
        sessions = sum(r.sessions for r in records)
        attended = sum(r.attended for r in records)
        return Row(
            kind=RowKind.TOTAL,
            cells=(
                "",
                f"Cộng: {len(records)} học viên",
                unit_name,
                sessions,
                sum(r.present for r in records),
                sum(r.late for r in records),
                sum(r.excused for r in records),
                sum(r.unexcused for r in records),
                percent(attended, sessions),
            ),
        )


@dataclass(frozen=True)
class Result:
    person: Person
    attendance_percent: float | None = None
    quiz_score: float | None = None
    completed: bool = False
    certificate_number: str = ""


class ResultsList(PeopleExporter):
    """Results: attendance, quiz score, completion and certificate number."""

    kind = "results"
    title = "Danh sách kết quả học tập"
    file_stem = "ket-qua-hoc-tap"
    landscape = True
    person = staticmethod(lambda record: record.person)

    def columns(self) -> list[Column]:
        return [
            Column("number", "STT", 0.5, "center"),
            Column("full_name", "Họ và tên", 2.2),
            Column("birth_year", "Năm sinh", 0.8, "center"),
            Column("unit", "Đơn vị công tác", 2.2),
            Column("attendance", "Tỷ lệ chuyên cần (%)", 1.0, "center"),
            Column("score", "Điểm kiểm tra", 0.9, "center"),
            Column("completed", "Hoàn thành", 0.9, "center"),
            Column("certificate", "Số giấy chứng nhận", 1.3),
        ]

    def cells(self, number: int, record: Result) -> tuple:
        return (
            number,
            record.person.full_name,
            record.person.birth_year or "",
            record.person.unit_name,
            record.attendance_percent if record.attendance_percent is not None else "",
            record.quiz_score if record.quiz_score is not None else "",
            "Có" if record.completed else "Không",
            record.certificate_number,
        )


# Writers ---------------------------------------------------------------------------------------------

Progress = Callable[[int], None]


def _every(progress: Progress | None, count: int, step: int = 250) -> None:
    if progress and count % step == 0:
        progress(count)


def write_csv(exporter: Exporter, out, progress: Progress | None = None) -> int:
    """UTF-8 with a byte-order mark so that spreadsheet programs read the Vietnamese letters."""
    text = io.TextIOWrapper(out, encoding="utf-8-sig", newline="", write_through=True)
    writer = csv.writer(text)
    writer.writerow(safe_cells(c.header for c in exporter.columns()))
    count = 0
    for row in exporter.safe_rows():
        if row.kind == RowKind.GROUP:
            writer.writerow([row.label])
            continue
        writer.writerow([_text(c) for c in row.cells])
        if row.kind == RowKind.DATA:
            count += 1
            _every(progress, count)
    text.detach()
    return count


def write_xlsx(exporter: Exporter, out, progress: Progress | None = None) -> int:
    """Write-only workbook: each row goes to a temporary file as it comes, none is kept in memory."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=str(exporter.title)[:31] or "Sheet1")
    columns = exporter.columns()
    for index, column in enumerate(columns):
        letter = _column_letter(index + 1)
        sheet.column_dimensions[letter].width = max(6, round(column.width * 12))
    bold = Font(bold=True)
    wrap = Alignment(wrap_text=True, vertical="center")

    def styled(value, *, font=None):
        cell = WriteOnlyCell(sheet, value=value)
        if font:
            cell.font = font
        return cell

    if exporter.head is not None:
        sheet.append([styled(safe_xlsx_cell(exporter.head.title_upper), font=bold)])
        for line in exporter.head.subtitle_lines:
            sheet.append([safe_xlsx_cell(vietnamese.nfc(line))])
        sheet.append([])
    header = []
    for value in safe_cells(c.header for c in columns):
        cell = styled(safe_xlsx_cell(value), font=bold)
        cell.alignment = wrap
        header.append(cell)
    sheet.append(header)
    count = 0
    for row in exporter.safe_rows():
        if row.kind == RowKind.GROUP:
            sheet.append([styled(safe_xlsx_cell(row.label), font=bold)])
            continue
        if row.kind == RowKind.TOTAL:
            sheet.append([styled(safe_xlsx_cell(value), font=bold) for value in row.cells])
            continue
        sheet.append([safe_xlsx_cell(value) for value in row.cells])
        count += 1
        _every(progress, count)
    workbook.save(out)
    return count


def _column_letter(index: int) -> str:
    letters = ""
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


# PDF: rows are measured with the same font metrics xhtml2pdf uses, then cut into page-sized tables.
FONT_SIZE = 12
TABLE_FONT_SIZE = 11
LEADING = 1.2
CELL_PADDING_PT = 5
PAGE_MARGINS_MM = {"top": 20, "bottom": 20, "left": 30, "right": 15}
# Room taken on the first page by the header, number and date lines, title and subtitles.
FIRST_PAGE_HEAD_MM = 50
# Row heights are estimated; keep a margin so that a table never has to break inside a page.
FILL = 0.96


@cache
def _metrics(bold: bool = False) -> TTFont:
    face = "LiberationSerif-Bold.ttf" if bold else "LiberationSerif-Regular.ttf"
    return TTFont(f"measure-{face}", str(pdf.FONTS_DIR / face))


def page_size_mm(landscape: bool) -> tuple[float, float]:
    return (297, 210) if landscape else (210, 297)


@dataclass
class PdfTable:
    widths_pt: list[float]
    widths_percent: list[float]
    header_height: float
    pages: list[list[Row]] = field(default_factory=list)


def _lines(text: str, width_pt: float, bold: bool = False) -> int:
    if not text:
        return 1
    usable = max(width_pt - CELL_PADDING_PT, 10)
    return max(1, math.ceil(_metrics(bold).stringWidth(text, TABLE_FONT_SIZE) * 1.08 / usable))


def _row_height(cells: list[str], widths: list[float], padding: float, bold: bool = False) -> float:
    lines = max(_lines(text, width, bold) for text, width in zip(cells, widths, strict=False))
    return lines * TABLE_FONT_SIZE * LEADING + CELL_PADDING_PT + 2 * padding


def paginate(exporter: Exporter, rows: Iterable[Row]) -> PdfTable:
    """Cut the rows into page-sized tables, by each row's height measured with the document font."""
    columns = exporter.columns()
    page_w, page_h = page_size_mm(exporter.landscape)
    table_w = (page_w - PAGE_MARGINS_MM["left"] - PAGE_MARGINS_MM["right"]) * mm
    share = sum(c.width for c in columns)
    widths = [table_w * c.width / share for c in columns]
    percents = [round(100 * c.width / share, 2) for c in columns]
    header_h = _row_height([c.header for c in columns], widths, 0, bold=True)
    body_h = (page_h - PAGE_MARGINS_MM["top"] - PAGE_MARGINS_MM["bottom"]) * mm * FILL
    padding = exporter.row_padding_mm * mm
    table = PdfTable(widths_pt=widths, widths_percent=percents, header_height=header_h)
    room = body_h - FIRST_PAGE_HEAD_MM * mm - header_h
    page: list[Row] = []
    for row in rows:
        if row.kind == RowKind.GROUP:
            height = _row_height([row.label], [table_w], 0, bold=True)
        else:
            height = _row_height([_text(c) for c in row.cells], widths, padding, bold=row.kind == RowKind.TOTAL)
        if page and height > room:
            table.pages.append(page)
            page = []
            room = body_h - header_h
        page.append(row)
        room -= height
    if page or not table.pages:
        table.pages.append(page)
    return table


def render_pdf(exporter: Exporter, progress: Progress | None = None) -> tuple[bytes, int]:
    """The exporter's rows as an official document; returns the PDF and the number of data rows."""
    count = 0

    def counted():
        nonlocal count
        for row in exporter.safe_rows():
            if row.kind == RowKind.DATA:
                count += 1
                _every(progress, count)
            yield row

    table = paginate(exporter, counted())
    columns = exporter.columns()
    # Left is the default: a cell without a class costs xhtml2pdf less to style.
    aligns = ["" if c.align == "left" else c.align for c in columns]
    bold_aligns = [f"{a}-b" if a else "b" for a in aligns]
    pages = [
        [
            {
                "kind": row.kind,
                "label": row.label,
                "cells": list(
                    zip(bold_aligns if row.kind == RowKind.TOTAL else aligns, map(_text, row.cells), strict=False)
                ),
            }
            for row in page_rows
        ]
        for page_rows in table.pages
    ]
    context = {
        "head": exporter.head,
        "landscape": exporter.landscape,
        "columns": [
            {"header": c.header, "width": f"{w}%", "align": c.align}
            for c, w in zip(columns, table.widths_percent, strict=True)
        ],
        "column_count": len(columns),
        "pages": pages,
        "row_padding_mm": exporter.row_padding_mm,
        "table_font_size": TABLE_FONT_SIZE,
        "margins": PAGE_MARGINS_MM,
    }
    return pdf.render_document("certificates/documents/table.html", context), count


def write_pdf(exporter: Exporter, out, progress: Progress | None = None) -> int:
    data, count = render_pdf(exporter, progress)
    out.write(data)
    return count


WRITERS = {"csv": write_csv, "xlsx": write_xlsx, "pdf": write_pdf}


def write(exporter: Exporter, fmt: str, out, progress: Progress | None = None) -> int:
    """Write the document in a format to a binary file; returns the number of data rows."""
    return WRITERS[fmt](exporter, out, progress)


# Providers: rebuild an exporter from JSON parameters (for background jobs) ----------------------------

Provider = Callable[[dict], Exporter]
_providers: dict[str, tuple[Provider, object]] = {}


def register(kind: str, provider: Provider, label=None) -> None:
    _providers[kind] = (provider, label or kind)


def unregister(kind: str) -> None:
    _providers.pop(kind, None)


def build(kind: str, params: dict) -> Exporter:
    try:
        provider, _label = _providers[kind]
    except KeyError:
        raise LookupError(f"no exporter registered for {kind!r}") from None
    return provider(params)


def label(kind: str) -> str:
    entry = _providers.get(kind)
    return str(entry[1]) if entry else kind


UNKNOWN_FORMAT = _("Unknown format.")


class CertificateRegister(Exporter):
    """The register of certificates an office issued in a year, in number order."""

    kind = "certificates.register"
    title = "Sổ đăng ký cấp giấy chứng nhận"
    file_stem = "so-cap-giay-chung-nhan"
    landscape = True

    def __init__(self, *, office_id: int, year: int, head: DocumentHead | None = None):
        super().__init__(head=head)
        self.office_id = office_id
        self.year = year

    def queryset(self):
        from certificates.models import Certificate

        return Certificate.objects.filter(office_id=self.office_id, year=self.year).order_by("serial")

    def count(self) -> int:
        return self.queryset().count()

    def columns(self) -> list[Column]:
        return [
            Column("number", "STT", 0.5, "center"),
            Column("register_number", "Số vào sổ", 1.2),
            Column("full_name", "Họ và tên", 1.8),
            Column("birth_year", "Năm sinh", 0.7, "center"),
            Column("unit", "Đơn vị công tác", 1.8),
            Column("title", "Nội dung chứng nhận", 2.4),
            Column("issued_on", "Ngày cấp", 0.9, "center"),
            Column("status", "Tình trạng", 1.0),
        ]

    def rows(self) -> Iterator[Row]:
        statuses = {"valid": "Còn hiệu lực", "revoked": "Đã thu hồi", "replaced": "Đã cấp lại"}
        fields = ("register_number", "learner_name", "learner_birth_year", "learner_unit_name", "title", "issued_on")
        rows = self.queryset().values_list(*fields, "status").iterator(chunk_size=1000)
        for number, (register_number, name, year, unit, title, issued_on, status) in enumerate(rows, start=1):
            day = f"{issued_on:%d/%m/%Y}"
            yield Row(cells=(number, register_number, name, year or "", unit, title, day, statuses[status]))


def _certificate_register(params: dict) -> Exporter:
    from certificates.services import document_head
    from units.models import Unit

    office = Unit.objects.get(pk=params["office_id"])
    year = int(params["year"])
    head = document_head(
        office, title=CertificateRegister.title, subtitle_lines=[f"Năm {year}"], landscape=True, recipients=[]
    )
    return CertificateRegister(office_id=office.pk, year=year, head=head)


def register_defaults() -> None:
    register(CertificateRegister.kind, _certificate_register, _("Register of certificates"))
