"""Hypothesis strategies for hostile text and files shared by the property tests."""

from __future__ import annotations

import csv
import io
import unicodedata

from hypothesis import strategies as st
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

NAMES = ["Nguyễn Văn An", "Lê Thị Hoà", "Trần Thị Ánh", "Phạm Đức Thắng", "Võ Thị Ăn", "Hồ Ngọc Hà"]
FORMULA_STARTS = ["=", "+", "-", "@", "\t", "\r", "\0"]
CONTROL = "".join(chr(c) for c in range(32)) + "\x7f"

formula = st.builds(
    lambda start, body: start + body,
    st.sampled_from(FORMULA_STARTS),
    st.sampled_from(["1+1", 'HYPERLINK("http://x")', "cmd|' /C calc'!A0", "SUM(A1:A9)", ""]),
)
control_text = st.text(alphabet=st.sampled_from(CONTROL + "ab=+"), max_size=12)
nfd_name = st.sampled_from(NAMES).map(lambda n: unicodedata.normalize("NFD", n))
huge = st.sampled_from([1_000, 32_766, 32_767, 33_000]).map(lambda n: "Ẩ" * n)
hostile_text = st.one_of(
    st.text(max_size=30),
    formula,
    control_text,
    nfd_name,
    st.sampled_from(NAMES),
    huge,
    # Names that fit the 150-letter field but not the keys derived from them.
    st.sampled_from(["Nguyễn " + "A" * 60, " ".join(["Hà"] * 60), " ".join(["à"] * 75)]),
    st.sampled_from(["", " ", "Nam", "Nữ", "1985", "Công chức", "x@example.vn", "T.AINGHIA", "0905 123 456"]),
)


def xlsx_bytes(rows: list[list]) -> bytes:
    """An .xlsx file; characters XLSX cannot hold at all are dropped, as any spreadsheet program would."""
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append([ILLEGAL_CHARACTERS_RE.sub("", v) if isinstance(v, str) else v for v in row])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def csv_bytes(rows: list[list]) -> bytes:
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    return out.getvalue().encode("utf-8")


@st.composite
def damaged(draw, good: bytes) -> bytes:
    """A file cut short, with bytes flipped, or replaced by noise."""
    how = draw(st.sampled_from(["cut", "flip", "noise", "zip-of-noise"]))
    if how == "cut":
        return good[: draw(st.integers(min_value=0, max_value=len(good) - 1))]
    if how == "flip":
        data = bytearray(good)
        for _ in range(draw(st.integers(min_value=1, max_value=20))):
            data[draw(st.integers(min_value=0, max_value=len(data) - 1))] = draw(st.integers(0, 255))
        return bytes(data)
    if how == "noise":
        return draw(st.binary(max_size=2000))
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("[Content_Types].xml", draw(st.binary(max_size=200)))
        archive.writestr("xl/workbook.xml", draw(st.binary(max_size=200)))
    return out.getvalue()
