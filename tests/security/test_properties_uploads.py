"""Hostile files and text through the pages that take uploads and give spreadsheets: never a 500, nothing
written by a refused upload, no formula cell in a downloaded workbook."""

from __future__ import annotations

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from certificates import reports, statistics
from certificates.models import ReportingYear
from courses.models import Question
from lms.spreadsheets import FORMULA_PREFIXES
from tests.factories import OfficialFactory, UnitFactory, UserFactory
from tests.security._hostile import hostile_text
from tests.security.test_properties_imports import (
    GIFT_STREAM,
    NOMINATION_GOOD,
    NOMINATION_HEADER,
    ROSTER_GOOD,
    ROSTER_HEADER,
    moodle_xml,
    rolled_back,
    table_file,
)
from tests.training.conftest import make_class
from training.models import Nomination
from units.models import Official

pytestmark = pytest.mark.django_db

WEB = settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large],
)


def workbook_cells(response):
    content = b"".join(response.streaming_content) if response.streaming else response.content
    for sheet in load_workbook(io.BytesIO(content)).worksheets:
        for row in sheet.iter_rows():
            yield from row


def assert_no_formula(response) -> None:
    for cell in workbook_cells(response):
        assert cell.data_type != "f", f"{cell.coordinate}: {cell.value!r}"
        assert not (isinstance(cell.value, str) and cell.value.startswith(FORMULA_PREFIXES)), repr(cell.value)


@WEB
@given(upload=table_file(ROSTER_HEADER, ROSTER_GOOD))
def test_roster_upload_page_answers_any_file_and_writes_nothing_until_confirmed(client, unit_a, coordinator_a, upload):
    data, file_name = upload
    client.force_login(coordinator_a)
    with rolled_back():
        officials = Official.objects.count()
        response = client.post(
            reverse("units:roster_import_upload", args=[unit_a.pk]), {"file": SimpleUploadedFile(file_name, data)}
        )
        assert response.status_code in {200, 302}
        if response.status_code == 302:
            assert client.get(response["Location"]).status_code == 200
        assert Official.objects.count() == officials


@WEB
@given(upload=table_file(NOMINATION_HEADER, NOMINATION_GOOD))
def test_nomination_upload_page_answers_any_file_and_nominates_nobody_on_checking(
    client, office, unit_a, coordinator_a, upload
):
    data, file_name = upload
    client.force_login(coordinator_a)
    with rolled_back():
        training_class = make_class(office, [(unit_a, 2)])
        OfficialFactory(unit=unit_a, full_name="Nguyễn Văn An", birth_year=1985, confirmed=True, position="Công chức")
        response = client.post(
            reverse("training:nominate_upload", args=[training_class.pk]),
            {"file": SimpleUploadedFile(file_name, data)},
        )
        assert response.status_code == 200
        assert not Nomination.objects.exists()


@WEB
@given(
    content=st.one_of(
        GIFT_STREAM.map(lambda pieces: ("gift", "".join(pieces).encode())),
        moodle_xml().map(lambda data: ("moodlexml", data)),
    ),
    dry_run=st.booleans(),
)
def test_question_import_page_answers_any_file(client, content, dry_run):
    fmt, data = content
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    with rolled_back():
        before = Question.objects.count()
        response = client.post(
            reverse("question_transfer:import"),
            {"file": SimpleUploadedFile("cau-hoi.txt", data), "format": fmt, "dry_run": "on" if dry_run else ""},
        )
        assert response.status_code == 200
        if dry_run:
            assert Question.objects.count() == before


@WEB
@given(results=hostile_text, difficulties=hostile_text, proposals=hostile_text)
def test_annual_report_workbook_holds_any_narrative_without_formulas(
    client, office, unit_a, coordinator_a, results, difficulties, proposals
):
    year = ReportingYear.objects.get_or_create(
        year=2026, defaults={"deadline": datetime.date(2026, 11, 20), "receiving_office": office}
    )[0]
    with rolled_back():
        reports.report_save(
            actor=coordinator_a,
            reporting_year=year,
            unit=unit_a,
            results=results.replace("\0", ""),
            difficulties=difficulties.replace("\0", ""),
            proposals=proposals.replace("\0", ""),
        )
        client.force_login(coordinator_a)
        response = client.get(reverse("reports:report_export", args=[2026, unit_a.pk, "xlsx"]))
        assert response.status_code == 200
        assert_no_formula(response)


@settings(WEB, max_examples=15)
@given(names=st.lists(hostile_text.map(lambda t: t.replace("\0", "")[:200]), min_size=1, max_size=3))
def test_district_summary_workbook_holds_any_unit_name_without_formulas(client, district, office, organiser, names):
    ReportingYear.objects.get_or_create(
        year=2026, defaults={"deadline": datetime.date(2026, 11, 20), "receiving_office": office}
    )
    client.force_login(organiser)
    with rolled_back():
        for index, name in enumerate(names):
            UnitFactory(parent=district, name=name or f"Xã {index}", code=f"H.{index}")
        statistics.refresh(2026)
        response = client.get(reverse("reports:summary_export", args=[2026, "xlsx"]))
        assert response.status_code == 200
        assert_no_formula(response)
