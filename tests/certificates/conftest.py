"""Fixtures of the certificate tests: a test describer, office settings, and a guard against missing glyphs."""

from __future__ import annotations

import datetime
import logging

import pytest
from django.core.exceptions import ValidationError

from certificates import sources
from certificates.models import CertificateSettings
from tests.factories import OfficialFactory, UserFactory

TEST_CLASSES = {
    7: ("Lớp bồi dưỡng kiến thức về thực hiện dân chủ ở cơ sở năm 2026", datetime.date(2026, 1, 5)),
    8: ("Hội nghị tập huấn Luật Hòa giải ở cơ sở", datetime.date(2026, 3, 15)),
}
NOT_COMPLETED = "Chưa hoàn thành lớp học."


class GlyphGuard(logging.Handler):
    """Collects every warning xhtml2pdf logs: a missing glyph is only ever a log line there."""

    def __init__(self):
        super().__init__(level=logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record):
        self.messages.append(record.getMessage())


@pytest.fixture(autouse=True)
def xhtml2pdf_warnings():
    guard = GlyphGuard()
    logger = logging.getLogger("xhtml2pdf")
    logger.addHandler(guard)
    yield guard
    logger.removeHandler(guard)
    assert guard.messages == [], "xhtml2pdf warned while rendering: " + " | ".join(guard.messages[:3])


@pytest.fixture
def office_settings(office):
    return CertificateSettings.objects.create(
        office=office,
        short_code="PNV",
        supervising_body="UBND huyện Đại Lộc",
        signer_title_lines="KT. TRƯỞNG PHÒNG\nPHÓ TRƯỞNG PHÒNG",
        signer_name="Trần Văn Đức",
        recipients="UBND huyện (b/c)\nPhòng Tư pháp",
    )


@pytest.fixture
def test_source(office, office_settings):
    """A "class" describer standing in for training's: classes 7 and 8 of the office; 99 is not completed."""
    calls = []

    def describe(source_id, official):
        calls.append((source_id, official.pk))
        if source_id not in TEST_CLASSES:
            raise ValidationError(NOT_COMPLETED)
        title, start = TEST_CLASSES[source_id]
        return {
            "office": office,
            "title": title,
            "start_date": start,
            "end_date": start + datetime.timedelta(days=2),
            "result_text": "Đạt",
        }

    def choices(user):
        return [*((pk, title) for pk, (title, _start) in TEST_CLASSES.items()), (99, "Lớp chưa kết thúc")]

    previous = sources._sources.get("class")
    sources.register("class", describe, choices=choices, label="Lớp")
    yield calls
    sources.unregister("class")
    if previous is not None:
        sources._sources["class"] = previous


@pytest.fixture
def learner_user(unit_a):
    user = UserFactory(username="hocvien")
    OfficialFactory(
        unit=unit_a,
        user=user,
        full_name="Đặng Lộc Mỹ Nữ",
        birth_year=1990,
        position="Công chức Tư pháp - Hộ tịch",
        email="hocvien@example.vn",
    )
    return user


@pytest.fixture
def learner(learner_user):
    return learner_user.official
