"""The yearly report and the district summary as official documents (NĐ 30 layout) and spreadsheets."""

from __future__ import annotations

from collections.abc import Iterator

from certificates import dashboards, exports, reports, services
from certificates.models import AnnualReport, ReportingYear
from units.models import PersonnelCategory, Unit

CATEGORY_NAMES = {
    PersonnelCategory.CAN_BO: "Cán bộ",
    PersonnelCategory.CONG_CHUC: "Công chức",
    PersonnelCategory.VIEN_CHUC: "Viên chức",
    PersonnelCategory.NGUOI_LAO_DONG: "Người lao động",
    PersonnelCategory.KHONG_CHUYEN_TRACH: "Người hoạt động không chuyên trách",
    PersonnelCategory.HOA_GIAI_VIEN: "Hòa giải viên",
    PersonnelCategory.KHAC: "Khác",
}


def _percent(value) -> str:
    return "" if value is None else f"{value:g}%".replace(".", ",")


def figure_rows(figures: dict) -> list[tuple[str, object]]:
    """The report's figures as (label, value) lines, in Vietnamese: official documents are in Vietnamese."""
    rows: list[tuple[str, object]] = [("Tổng số cán bộ, công chức, người lao động", figures["officials_total"])]
    for code, name in CATEGORY_NAMES.items():
        if figures["officials"].get(code):
            rows.append((f"– {name}", figures["officials"][code]))
    rows += [
        ("Số lượt được cử tham gia lớp bồi dưỡng, tập huấn", figures["nominated"]),
        ("Số lượt được duyệt", figures["approved"]),
        ("Số lượt tham dự", figures["attended"]),
        ("Số lượt hoàn thành", figures["completed"]),
        ("Số giấy chứng nhận được cấp", figures["certificates"]),
        ("Số lượt hoàn thành khóa học trực tuyến", figures["course_completions"]),
        ("Số lượt làm bài kiểm tra trực tuyến", figures["attempts_graded"]),
        ("Tỷ lệ bài kiểm tra đạt yêu cầu", _percent(figures["pass_rate"])),
        ("Các lớp cán bộ của đơn vị đã tham dự", "; ".join(figures["classes"]) or "Không"),
    ]
    return rows


def report_context(reporting_year: ReportingYear, unit: Unit, report: AnnualReport | None) -> dict:
    figures = reports.figures_for(report, unit, reporting_year)
    head = services.document_head(
        unit,
        title="Báo cáo",
        subtitle_lines=[
            f"Kết quả thực hiện dân chủ ở cơ sở năm {reporting_year.year}",
            "(phần bồi dưỡng, tập huấn cán bộ)",
        ],
        recipients=[reporting_year.receiving_office.name],
    )
    sections = [
        ("I. Kết quả", report.results if report else ""),
        ("II. Khó khăn, hạn chế", report.difficulties if report else ""),
        ("III. Đề xuất, kiến nghị", report.proposals if report else ""),
    ]
    return {"head": head, "figure_rows": figure_rows(figures), "sections": sections, "figures": figures}


class DistrictSummary(exports.Exporter):
    """Tổng hợp kết quả bồi dưỡng theo đơn vị: one line per unit, then the totals."""

    kind = "reports.district"
    title = "Tổng hợp kết quả bồi dưỡng về dân chủ ở cơ sở"
    file_stem = "tong-hop-ket-qua-boi-duong"
    landscape = True

    def __init__(self, *, year: int, head=None):
        super().__init__(head=head)
        self.year = year
        self.data = dashboards.district(year=year)

    def columns(self) -> list[exports.Column]:
        return [
            exports.Column("number", "STT", 0.5, "center"),
            exports.Column("unit", "Đơn vị", 2.4),
            exports.Column("officials", "Số cán bộ", 0.8, "center"),
            exports.Column("quota", "Chỉ tiêu", 0.8, "center"),
            exports.Column("nominated", "Được cử", 0.8, "center"),
            exports.Column("approved", "Được duyệt", 0.8, "center"),
            exports.Column("attended", "Tham dự", 0.8, "center"),
            exports.Column("completed", "Hoàn thành", 0.9, "center"),
            exports.Column("certificates", "Giấy chứng nhận", 0.9, "center"),
            exports.Column("online", "Hoàn thành trực tuyến", 1.0, "center"),
            exports.Column("pass_rate", "Tỷ lệ đạt kiểm tra", 0.9, "center"),
        ]

    def count(self) -> int:
        return len(self.data["lines"])

    @staticmethod
    def _cells(number, line) -> tuple:
        return (
            number,
            line.unit.name,
            line.officials,
            line.quota,
            line.nominated,
            line.approved,
            line.attended,
            line.completed,
            line.certificates,
            line.course_completions,
            _percent(line.pass_rate),
        )

    def rows(self) -> Iterator[exports.Row]:
        for number, line in enumerate(self.data["lines"], start=1):
            yield exports.Row(cells=self._cells(number, line))
        yield exports.Row(kind=exports.RowKind.TOTAL, cells=self._cells("", self.data["totals"]))


def _district_summary(params: dict) -> DistrictSummary:
    reporting_year = ReportingYear.objects.select_related("receiving_office").get(year=params["year"])
    exporter = DistrictSummary(year=reporting_year.year)
    exporter.head = services.document_head(
        reporting_year.receiving_office,
        title=exporter.title,
        subtitle_lines=[f"Năm {reporting_year.year}"],
        landscape=True,
    )
    return exporter


def register() -> None:
    from django.utils.translation import gettext_lazy

    exports.register(DistrictSummary.kind, _district_summary, gettext_lazy("District summary of results"))
