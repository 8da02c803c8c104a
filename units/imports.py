"""Roster import from XLSX/CSV: every row is checked first; nothing is written until the whole file is accepted."""

from __future__ import annotations

import datetime
import io

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook

from lms import audit, vietnamese
from lms.spreadsheets import CellError, Column, TableError, is_formula, read_table
from units.models import Membership, Official, PersonnelCategory, RosterImport, Sex, Unit

# The headers are part of the file format, so they stay Vietnamese whatever the interface language.
COLUMNS = [
    Column("number", "STT", required=False),
    Column("full_name", "Họ và tên"),
    Column("sex", "Giới tính"),
    Column("birth_year", "Năm sinh"),
    Column("birth_date", "Ngày sinh", required=False),
    Column("position", "Chức vụ", required=False),
    Column("category", "Phân loại"),
    Column("email", "Email", required=False),
    Column("phone", "Điện thoại", required=False),
    Column("unit_code", "Mã đơn vị", required=False),
]
HEADERS = {c.key: c.header for c in COLUMNS}

SEX_WORDS = {"nam": Sex.MALE, "nu": Sex.FEMALE}
CATEGORY_WORDS = {
    "can bo": PersonnelCategory.CAN_BO,
    "cong chuc": PersonnelCategory.CONG_CHUC,
    "vien chuc": PersonnelCategory.VIEN_CHUC,
    "nguoi lao dong": PersonnelCategory.NGUOI_LAO_DONG,
    "nguoi hoat dong khong chuyen trach": PersonnelCategory.KHONG_CHUYEN_TRACH,
    "khong chuyen trach": PersonnelCategory.KHONG_CHUYEN_TRACH,
    "hoa giai vien": PersonnelCategory.HOA_GIAI_VIEN,
    "khac": PersonnelCategory.KHAC,
}
CATEGORY_LABELS_VI = [
    "Cán bộ",
    "Công chức",
    "Viên chức",
    "Người lao động",
    "Người hoạt động không chuyên trách",
    "Hòa giải viên",
    "Khác",
]


def template_workbook() -> bytes:
    """An empty roster with the expected headers and one example row."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Danh sách"
    sheet.append([c.header for c in COLUMNS])
    sheet.append(
        ["1", "Nguyễn Văn An", "Nam", 1985, "05/01/1985", "Công chức Văn phòng - Thống kê", "Công chức", "", "", ""]
    )
    for letter, width in zip("ABCDEFGHIJ", (6, 28, 10, 10, 12, 32, 30, 26, 14, 14), strict=True):
        sheet.column_dimensions[letter].width = width
    help_sheet = workbook.create_sheet("Hướng dẫn")
    help_sheet.append(["Cột", "Cách ghi"])
    help_sheet.append(["Giới tính", "Nam hoặc Nữ"])
    help_sheet.append(["Năm sinh", "Bốn chữ số, ví dụ 1985"])
    help_sheet.append(["Ngày sinh", "Không bắt buộc, dạng dd/mm/yyyy"])
    help_sheet.append(["Phân loại", ", ".join(CATEGORY_LABELS_VI)])
    help_sheet.append(["Mã đơn vị", "Để trống nếu thuộc đơn vị đang nhập; hoặc mã một đơn vị trực thuộc"])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _check_row(number: int, record: dict[str, str], units_by_code: dict[str, Unit], default_unit: Unit):
    errors: list[CellError] = []

    def error(key: str, message: str) -> None:
        errors.append(CellError(number, HEADERS[key], message))

    for key, value in record.items():
        if is_formula(value):
            error(
                key, _("The cell begins with “%(char)s”, which a spreadsheet runs as a formula.") % {"char": value[0]}
            )
    if errors:
        return None, errors

    full_name = vietnamese.nfc(record.get("full_name", ""))
    if not full_name:
        error("full_name", _("The name is empty."))
    elif any(ch.isdigit() for ch in full_name) or not Official.name_fits(full_name):
        error("full_name", _("“%(value)s” is not a person's name.") % {"value": full_name[:60]})

    sex = SEX_WORDS.get(vietnamese.strip_diacritics(record.get("sex", "")))
    if sex is None:
        error("sex", _("Write “Nam” or “Nữ”."))

    birth_year = None
    this_year = timezone.localdate().year
    raw_year = record.get("birth_year", "")
    try:
        birth_year = int(raw_year)
    except ValueError:
        if raw_year:
            error("birth_year", _("“%(value)s” is not a year.") % {"value": raw_year})
        else:
            error("birth_year", _("The year of birth is empty."))
    else:
        if not (this_year - 100 <= birth_year <= this_year - 15):
            error(
                "birth_year",
                _("%(year)s is not possible: an official is born between %(low)s and %(high)s.")
                % {"year": birth_year, "low": this_year - 100, "high": this_year - 15},
            )
            birth_year = None

    birth_date = None
    if record.get("birth_date"):
        try:
            birth_date = datetime.datetime.strptime(record["birth_date"], "%d/%m/%Y").date()
        except ValueError:
            error("birth_date", _("Write the date as dd/mm/yyyy."))
        else:
            if birth_year and birth_date.year != birth_year:
                error("birth_date", _("The date of birth does not match the year of birth."))

    category = CATEGORY_WORDS.get(" ".join(vietnamese.strip_diacritics(record.get("category", "")).split()))
    if category is None:
        error(
            "category",
            _("Unknown category “%(value)s”; use one of: %(choices)s.")
            % {"value": record.get("category", ""), "choices": ", ".join(CATEGORY_LABELS_VI)},
        )

    email = record.get("email", "").strip().lower()
    if email:
        from django.core.validators import validate_email

        try:
            validate_email(email)
        except ValidationError:
            error("email", _("“%(value)s” is not an email address.") % {"value": email})

    phone = record.get("phone", "").replace(" ", "").replace(".", "")
    if phone and not phone.isdigit():
        error("phone", _("A phone number has digits only."))

    unit = default_unit
    if record.get("unit_code"):
        unit = units_by_code.get(record["unit_code"].strip())
        if unit is None:
            error(
                "unit_code", _("Unit code %(code)s is not this unit or one below it.") % {"code": record["unit_code"]}
            )

    if errors:
        return None, errors
    return {
        "row": number,
        "full_name": full_name,
        "sex": sex,
        "birth_year": birth_year,
        "birth_date": birth_date.isoformat() if birth_date else None,
        "position": vietnamese.nfc(record.get("position", ""))[:150],
        "category": category,
        "email": email,
        "phone": phone[:20],
        "unit_id": unit.pk,
    }, []


def roster_import_check(*, actor, unit: Unit, data: bytes, file_name: str) -> RosterImport:
    """Read and check a roster file; the result is stored, and nothing reaches the roster yet."""
    try:
        table = read_table(data, file_name, COLUMNS)
    except TableError as exc:
        return RosterImport.objects.create(
            unit=unit,
            created_by=actor,
            file_name=file_name[:255],
            errors=[{"row": 1, "column": "", "message": m} for m in exc.messages],
        )
    subtree = list(Unit.objects.subtree_of([unit]).only("pk", "code", "path", "name"))
    units_by_code = {u.code: u for u in subtree}
    existing = set(
        Official.objects.filter(unit__in=subtree, is_active=True).values_list("unit_id", "birth_year", "match_name")
    )
    seen: dict[tuple, int] = {}
    valid: list[dict] = []
    errors: list[dict] = []
    for number, record in table.rows:
        row, row_errors = _check_row(number, record, units_by_code, unit)
        if row is not None:
            key = (row["unit_id"], row["birth_year"], vietnamese.match_form(row["full_name"]))
            if key in existing:
                row_errors.append(
                    CellError(
                        number,
                        HEADERS["full_name"],
                        _("%(name)s, born %(year)s, is already on the roster.")
                        % {"name": row["full_name"], "year": row["birth_year"]},
                    )
                )
            elif key in seen:
                row_errors.append(
                    CellError(number, HEADERS["full_name"], _("Same person as row %(row)s.") % {"row": seen[key]})
                )
            else:
                seen[key] = number
                valid.append(row)
        errors.extend(e.as_dict() for e in row_errors)
    if not table.rows:
        errors.append({"row": 2, "column": "", "message": _("The file has no rows below the header.")})
    return RosterImport.objects.create(
        unit=unit,
        created_by=actor,
        file_name=file_name[:255],
        total_rows=len(table.rows),
        rows=valid,
        errors=errors,
    )


@transaction.atomic
def roster_import_apply(*, actor, roster_import: RosterImport, valid_only: bool = False) -> int:
    """Write a checked import: all rows, or with valid_only the rows without errors. Returns the count."""
    roster_import = RosterImport.objects.select_for_update().get(pk=roster_import.pk)
    if roster_import.status != RosterImport.Status.VALIDATED:
        raise ValidationError(_("This file has already been imported or cancelled."))
    if roster_import.errors and not valid_only:
        raise ValidationError(_("The file has errors: fix them, or confirm importing only the valid rows."))
    if not roster_import.rows:
        raise ValidationError(_("There is no valid row to import."))
    # Someone may have added the same people since the file was checked.
    keys = {(r["unit_id"], r["birth_year"], vietnamese.match_form(r["full_name"])) for r in roster_import.rows}
    clash = Official.objects.filter(
        unit_id__in={k[0] for k in keys}, is_active=True, birth_year__in={k[1] for k in keys}
    ).values_list("unit_id", "birth_year", "match_name")
    if keys & set(clash):
        raise ValidationError(_("Some people in the file were added to the roster meanwhile; check the file again."))

    today = timezone.localdate()
    officials = []
    for row in roster_import.rows:
        official = Official(
            full_name=row["full_name"],
            sex=row["sex"],
            birth_year=row["birth_year"],
            birth_date=datetime.date.fromisoformat(row["birth_date"]) if row["birth_date"] else None,
            position=row["position"],
            category=row["category"],
            email=row["email"],
            phone=row["phone"],
            unit_id=row["unit_id"],
        )
        official.fill_derived_fields()
        officials.append(official)
    Official.objects.bulk_create(officials, batch_size=1000)
    Membership.objects.bulk_create(
        [Membership(official=o, unit_id=o.unit_id, position=o.position, start_date=today) for o in officials],
        batch_size=1000,
    )
    audit.record_many(
        officials,
        "units.official.import",
        user=actor,
        data=lambda o: {
            "changes": {"full_name": [None, o.full_name], "unit_id": [None, o.unit_id]},
            "import": roster_import.pk,
        },
    )
    roster_import.status = RosterImport.Status.IMPORTED
    roster_import.imported_count = len(officials)
    roster_import.save(update_fields=["status", "imported_count"])
    return len(officials)
