"""Reading uploaded XLSX/CSV tables and writing safe cells: header checks, per-cell errors, formula guards."""

from __future__ import annotations

import csv
import io
import zipfile
from dataclasses import dataclass, field

from django import forms
from django.conf import settings
from django.utils.translation import gettext as _
from openpyxl import load_workbook

from lms import vietnamese

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r", "\0")
XLSX_MAX_CELL = 32767


class TableError(Exception):
    """The file as a whole cannot be read (wrong type, too big, wrong headers)."""

    def __init__(self, messages: list[str]):
        super().__init__("; ".join(messages))
        self.messages = messages


@dataclass
class Column:
    key: str
    header: str
    required: bool = True


@dataclass
class CellError:
    row: int
    column: str
    message: str

    def as_dict(self) -> dict:
        return {"row": self.row, "column": self.column, "message": self.message}


@dataclass
class Table:
    rows: list[tuple[int, dict[str, str]]] = field(default_factory=list)


def _header_key(text: str) -> str:
    return " ".join(vietnamese.strip_diacritics(str(text or "")).split())


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if hasattr(value, "strftime"):
        return value.strftime("%d/%m/%Y")
    return vietnamese.nfc(str(value))


def _size_error() -> str:
    return _("The file is larger than %(mb)s MB.") % {"mb": settings.LMS_MAX_IMPORT_BYTES // (1024 * 1024)}


def _is_workbook(head: io.BufferedIOBase) -> bool:
    """An .xlsx file is a zip archive holding a workbook part; a renamed document or page is not."""
    try:
        with zipfile.ZipFile(head) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError):
        return False
    return "[Content_Types].xml" in names and "xl/workbook.xml" in names


def check_upload(upload) -> None:
    """Refuse an uploaded table before it is read: too large, not .xlsx/.csv, or not what its name says.

    Raises TableError with messages the user can read.
    """
    if upload.size > settings.LMS_MAX_IMPORT_BYTES:
        raise TableError([_size_error()])
    name = (upload.name or "").lower()
    upload.seek(0)
    if name.endswith(".xlsx"):
        if not _is_workbook(upload):
            raise TableError([_("The file is not a valid Excel (.xlsx) workbook.")])
    elif name.endswith(".csv"):
        head = upload.read(64 * 1024)
        if b"\0" in head:
            raise TableError([_("The CSV file contains binary data.")])
        try:
            head.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            # A multi-byte letter may be cut at the end of the sample; only an error before it counts.
            if exc.start < len(head) - 4:
                raise TableError([_("The CSV file must be saved as UTF-8.")]) from exc
    else:
        raise TableError([_("Upload an .xlsx or .csv file.")])
    upload.seek(0)


class TableFileField(forms.FileField):
    """A roster or nomination table in a form: judged by size and content before anything reads it."""

    def clean(self, data, initial=None):
        upload = super().clean(data, initial)
        if upload:
            try:
                check_upload(upload)
            except TableError as error:
                raise forms.ValidationError(error.messages) from None
        return upload


def _raw_rows(data: bytes, file_name: str):
    name = file_name.lower()
    if name.endswith(".xlsx"):
        if not _is_workbook(io.BytesIO(data)):
            raise TableError([_("The file is not a valid Excel (.xlsx) workbook.")])
        try:
            workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
        except Exception as exc:  # openpyxl raises many kinds of error for damaged files
            raise TableError([_("The Excel file could not be read: %(error)s") % {"error": exc}]) from exc
        # A damaged sheet may only show itself while its rows are read.
        try:
            sheet = workbook.worksheets[0]
            rows = [[_cell_text(v) for v in values] for values in sheet.iter_rows(values_only=True)]
        except Exception as exc:
            raise TableError([_("The Excel file could not be read: %(error)s") % {"error": exc}]) from exc
        finally:
            workbook.close()
        yield from rows
    elif name.endswith(".csv"):
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise TableError([_("The CSV file must be saved as UTF-8.")]) from exc
        if "\0" in text:
            raise TableError([_("The CSV file contains binary data.")])
        # newline="" lets the csv module read lines ended by CR alone (old spreadsheet programs) and CRs in quotes.
        try:
            rows = [[vietnamese.nfc(v) for v in values] for values in csv.reader(io.StringIO(text, newline=""))]
        except csv.Error as exc:
            raise TableError(
                [_("The CSV file could not be read; save it again as “CSV UTF-8” from a spreadsheet program.")]
            ) from exc
        yield from rows
    else:
        raise TableError([_("Upload an .xlsx or .csv file.")])


def read_table(data: bytes, file_name: str, columns: list[Column]) -> Table:
    """Read the first sheet: check the header row, then return non-empty rows keyed by column."""
    if len(data) > settings.LMS_MAX_IMPORT_BYTES:
        raise TableError([_size_error()])
    rows = _raw_rows(data, file_name)
    try:
        header = next(rows)
    except StopIteration:
        raise TableError([_("The file is empty.")]) from None
    expected = {_header_key(c.header): c for c in columns}
    positions: dict[str, int] = {}
    problems: list[str] = []
    for index, title in enumerate(header):
        key = _header_key(title)
        if not key:
            continue
        column = expected.get(key)
        if column is None:
            problems.append(_('Unknown column "%(title)s".') % {"title": title})
        elif column.key in positions:
            problems.append(_('Column "%(title)s" appears twice.') % {"title": column.header})
        else:
            positions[column.key] = index
    for column in columns:
        if column.required and column.key not in positions:
            problems.append(_('Missing column "%(title)s".') % {"title": column.header})
    if problems:
        raise TableError(problems)
    table = Table()
    for number, values in enumerate(rows, start=2):
        record = {key: (values[i].strip() if i < len(values) else "") for key, i in positions.items()}
        if any(record.values()):
            table.rows.append((number, record))
    return table


def is_formula(text: str) -> bool:
    return bool(text) and text.startswith(FORMULA_PREFIXES)


def safe_cell(value):
    """A value ready for a spreadsheet cell: text that a spreadsheet would run as a formula gets a quote."""
    if isinstance(value, str) and is_formula(value):
        return "'" + value
    return value


def safe_xlsx_cell(value):
    """Without the control characters an XLSX file cannot hold (NUL, vertical tab, ...), then safe_cell.

    In this order, because dropping a leading control character may uncover a formula ("\x01=1").
    """
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    if isinstance(value, str):
        value = ILLEGAL_CHARACTERS_RE.sub("", value)
        if len(value) > XLSX_MAX_CELL - 1:
            # Excel declares a workbook damaged when a cell holds more than this; the quote needs one.
            value = value[: XLSX_MAX_CELL - 2] + "…"
    return safe_cell(value)


class SafeExportMixin:
    """For Wagtail index views with list_export: every cell goes through the same guards as the site's exports
    (Wagtail keeps formulas out of XLSX only, and stops with an error on a control character)."""

    def preprocess_field_value(self, field, value, export_format):
        value = super().preprocess_field_value(field, value, export_format)
        return safe_xlsx_cell(value) if export_format == self.FORMAT_XLSX else safe_cell(value)
