"""Roster import: every bad row is reported by row and column in Vietnamese, and nothing is saved until accepted."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from tests.factories import OfficialFactory, UnitFactory
from units import imports
from units.models import Membership, Official, RosterImport

pytestmark = pytest.mark.django_db

HEADER = ["STT", "Họ và tên", "Giới tính", "Năm sinh", "Ngày sinh", "Chức vụ", "Phân loại", "Email", "Điện thoại"]
GOOD = [
    "1",
    "Nguyễn Văn An",
    "Nam",
    1985,
    "",
    "Công chức Tư pháp - Hộ tịch",
    "Công chức",
    "an@example.vn",
    "0905123456",
]


def xlsx(rows, header=HEADER) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def check(unit, user, rows, header=HEADER, name="ds.xlsx"):
    data = rows if isinstance(rows, bytes) else xlsx(rows, header)
    return imports.roster_import_check(actor=user, unit=unit, data=data, file_name=name)


def only_error(result):
    assert len(result.errors) == 1, result.errors
    return result.errors[0]


def test_valid_file_imports_every_row_with_memberships_and_audit(unit_a, coordinator_a):
    rows = [GOOD, ["2", "Lê Thị Hoà", "Nữ", 1990, "05/01/1990", "Hòa giải viên", "Hòa giải viên", "", ""]]
    result = check(unit_a, coordinator_a, rows)
    assert result.errors == [] and len(result.rows) == 2
    assert Official.objects.count() == 0, "checking writes nothing"
    assert imports.roster_import_apply(actor=coordinator_a, roster_import=result) == 2
    hoa = Official.objects.get(given_name="Hoà")
    assert hoa.birth_date.isoformat() == "1990-01-05"
    assert Membership.objects.filter(official=hoa, unit=unit_a, end_date__isnull=True).exists()
    from wagtail.models import ModelLogEntry

    assert ModelLogEntry.objects.filter(action="units.official.import", object_id=str(hoa.pk)).exists()


@pytest.mark.parametrize(
    ("header", "message"),
    [
        ([h for h in HEADER if h != "Năm sinh"], 'Thiếu cột "Năm sinh".'),
        ([*HEADER[:3], "Tuổi", *HEADER[3:]], 'Cột "Tuổi" không có trong mẫu.'),
    ],
)
def test_wrong_or_missing_header_is_reported_and_nothing_is_saved(unit_a, coordinator_a, header, message):
    result = check(unit_a, coordinator_a, [GOOD], header=header)
    assert message in [e["message"] for e in result.errors]
    assert result.rows == []
    with pytest.raises(ValidationError):
        imports.roster_import_apply(actor=coordinator_a, roster_import=result)
    assert Official.objects.count() == 0


@pytest.mark.parametrize(
    ("row", "column", "message"),
    [
        (["1", "", "Nam", 1985, "", "", "Công chức", "", ""], "Họ và tên", "Họ và tên bị bỏ trống."),
        (["1", "Nguyễn Văn An", "Nam", 1850, "", "", "Công chức", "", ""], "Năm sinh", "Năm sinh 1850 không hợp lệ"),
        (["1", "Nguyễn Văn An", "Nam", "abc", "", "", "Công chức", "", ""], "Năm sinh", "“abc” không phải là năm."),
        (["1", "Nguyễn Văn An", "Nam", 1985, "", "", "Bộ đội", "", ""], "Phân loại", "Phân loại “Bộ đội” không có"),
        (["1", '=HYPERLINK("x")', "Nam", 1985, "", "", "Công chức", "", ""], "Họ và tên", "bắt đầu bằng “=”"),
        (["1", "Nguyễn Văn An", "Nam", 1985, "", "+cmd", "Công chức", "", ""], "Chức vụ", "bắt đầu bằng “+”"),
        (["1", "Nguyễn Văn An", "Nam", 1985, "", "-2+3", "Công chức", "", ""], "Chức vụ", "bắt đầu bằng “-”"),
        (["1", "Nguyễn Văn An", "Nam", 1985, "", "", "Công chức", "@SUM(A1)", ""], "Email", "bắt đầu bằng “@”"),
        (["1", "Nguyễn Văn An", "Ông", 1985, "", "", "Công chức", "", ""], "Giới tính", "Ghi “Nam” hoặc “Nữ”."),
    ],
)
def test_each_bad_cell_gives_its_row_column_and_message_and_saves_nothing(unit_a, coordinator_a, row, column, message):
    result = check(unit_a, coordinator_a, [GOOD, row])
    error = only_error(result)
    assert error["row"] == 3
    assert error["column"] == column
    assert message in error["message"]
    with pytest.raises(ValidationError) as raised:
        imports.roster_import_apply(actor=coordinator_a, roster_import=result)
    assert "xác nhận chỉ nhập các dòng hợp lệ" in raised.value.messages[0]
    assert Official.objects.count() == 0


def test_duplicate_of_an_existing_official_by_normalised_name_year_and_unit(unit_a, coordinator_a):
    OfficialFactory(unit=unit_a, full_name="Lê Thị Hòa", birth_year=1990)
    result = check(unit_a, coordinator_a, [["1", "LÊ THỊ HOÀ", "Nữ", 1990, "", "", "Công chức", "", ""]])
    error = only_error(result)
    assert error["column"] == "Họ và tên"
    assert "đã có trong danh sách" in error["message"]


def test_same_name_in_another_unit_or_year_is_not_a_duplicate(unit_a, unit_b, coordinator_a):
    OfficialFactory(unit=unit_b, full_name="Lê Thị Hòa", birth_year=1990)
    OfficialFactory(unit=unit_a, full_name="Lê Thị Hòa", birth_year=1970)
    result = check(unit_a, coordinator_a, [["1", "Lê Thị Hòa", "Nữ", 1990, "", "", "Công chức", "", ""]])
    assert result.errors == []


def test_duplicate_rows_within_the_file(unit_a, coordinator_a):
    result = check(unit_a, coordinator_a, [GOOD, ["2", "Nguyễn Văn  An", "Nam", 1985, "", "", "Công chức", "", ""]])
    assert only_error(result)["message"] == "Trùng với dòng 2."


def test_valid_rows_only_after_the_user_confirms(client, unit_a, coordinator_a):
    client.force_login(coordinator_a)
    data = xlsx([GOOD, ["2", "", "Nam", 1985, "", "", "Công chức", "", ""]])
    response = client.post(
        reverse("units:roster_import_upload", args=[unit_a.pk]), {"file": SimpleUploadedFile("ds.xlsx", data)}
    )
    roster_import = RosterImport.objects.get()
    review = reverse("units:roster_import_review", args=[unit_a.pk, roster_import.pk])
    assert response["Location"] == review
    page = client.get(review).content.decode()
    assert "Họ và tên bị bỏ trống." in page
    client.post(review, {})
    assert Official.objects.count() == 0, "a file with errors is not written without confirmation"
    client.post(review, {"valid_only": "1"})
    assert list(Official.objects.values_list("full_name", flat=True)) == ["Nguyễn Văn An"]
    assert client.post(review, {"valid_only": "1"}).status_code == 200
    assert Official.objects.count() == 1, "a confirmed import is not written twice"


def test_csv_in_utf8_imports_and_other_encodings_are_refused(unit_a, coordinator_a):
    text = ",".join(HEADER) + "\n1,Võ Thị Ăn,Nữ,1991,,,Viên chức,,\n"
    result = check(unit_a, coordinator_a, text.encode("utf-8-sig"), name="ds.csv")
    assert result.errors == [] and result.rows[0]["full_name"] == "Võ Thị Ăn"
    result = check(unit_a, coordinator_a, text.encode("utf-16"), name="ds.csv")
    assert result.errors[0]["message"] == "Tệp CSV phải được lưu theo mã UTF-8."


def test_a_file_that_is_not_a_spreadsheet_is_refused(unit_a, coordinator_a):
    result = check(unit_a, coordinator_a, b"%PDF-1.7 not a workbook", name="ds.xlsx")
    assert result.errors[0]["message"] == "Tệp không phải là bảng tính Excel (.xlsx) hợp lệ."
    result = check(unit_a, coordinator_a, b"MZ", name="ds.exe")
    assert result.errors[0]["message"] == "Hãy tải lên tệp .xlsx hoặc .csv."


def test_unit_code_column_places_rows_in_villages_of_the_unit_only(unit_a, unit_b, coordinator_a):
    village = UnitFactory(parent=unit_a, code="T.AINGHIA.KP1", name="Khối phố 1")
    header = [*HEADER, "Mã đơn vị"]
    rows = [[*GOOD, "T.AINGHIA.KP1"], ["2", "Lê Văn Ơn", "Nam", 1980, "", "", "Công chức", "", "", unit_b.code]]
    result = check(unit_a, coordinator_a, rows, header=header)
    error = only_error(result)
    assert error["column"] == "Mã đơn vị" and error["row"] == 3
    assert result.rows[0]["unit_id"] == village.pk


def test_template_downloads_with_the_expected_headers(client, coordinator_a):
    client.force_login(coordinator_a)
    response = client.get(reverse("units:roster_template"))
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert [c.value for c in sheet[1]] == [c.header for c in imports.COLUMNS]


def test_five_thousand_rows_import_in_one_go(unit_a, coordinator_a):
    given = ["An", "Bình", "Chi", "Dũng", "Đào", "Giang", "Hà", "Khoa", "Lan", "Minh"]
    rows = [
        [str(i), f"Nguyễn Văn {given[i % 10]} {i}", "Nam", 1960 + i % 40, "", "Hòa giải viên", "Hòa giải viên", "", ""]
        for i in range(5000)
    ]
    # Names with digits are refused, so make each one unique with letters instead.
    for i, row in enumerate(rows):
        row[1] = f"Nguyễn {''.join('abcdefghij'[int(d)] for d in str(i))} {given[i % 10]}"
    result = check(unit_a, coordinator_a, rows)
    assert result.errors == []
    assert imports.roster_import_apply(actor=coordinator_a, roster_import=result) == 5000
    assert Official.objects.filter(unit=unit_a).count() == 5000
    assert Membership.objects.filter(unit=unit_a).count() == 5000
