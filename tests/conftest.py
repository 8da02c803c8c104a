"""Shared fixtures, and the rules that decide which marked tests run on this machine."""

from __future__ import annotations

import os
import shutil

import pytest
from django.conf import settings
from django.core.cache import cache

from tests.factories import UnitFactory, make_coordinator, make_organiser
from units.models import UnitType

CHROMIUM = "/usr/bin/chromium"


def _deselect_reasons(item) -> str | None:
    engine = settings.DATABASES["default"]["ENGINE"]
    if item.get_closest_marker("live_worker") and not os.environ.get("LMS_LIVE_WORKER"):
        return "live_worker (set LMS_LIVE_WORKER=1 with a running worker; .ci/run does)"
    if item.get_closest_marker("postgres") and "postgresql" not in engine:
        return "postgres (set DATABASE_URL to a PostgreSQL database; .ci/run does)"
    if item.get_closest_marker("redis") and not shutil.which("redis-server"):
        return "redis (needs the redis-server program, Debian package redis-server)"
    if item.get_closest_marker("browser") and not shutil.which("chromium") and not os.path.exists(CHROMIUM):
        return "browser (install Debian's chromium; .ci/run does)"
    return None


def pytest_collection_modifyitems(config, items):
    # Tests that need a service this run does not have are deselected, not skipped, and counted below,
    # so a green run never hides a skipped check.
    kept, dropped = [], {}
    for item in items:
        reason = _deselect_reasons(item)
        if reason:
            dropped.setdefault(reason, []).append(item)
        else:
            kept.append(item)
    if dropped:
        config.hook.pytest_deselected(items=[i for group in dropped.values() for i in group])
        items[:] = kept
        config._lms_dropped = {reason: len(group) for reason, group in dropped.items()}


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    for reason, count in getattr(config, "_lms_dropped", {}).items():
        terminalreporter.write_line(f"not run here: {count} test(s) marked {reason}")


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield


@pytest.fixture
def district():
    return UnitFactory(name="Huyện Đại Lộc", code="T.DAILOC", unit_type=UnitType.DISTRICT, place_name="Đại Lộc")


@pytest.fixture
def unit_a(district):
    return UnitFactory(parent=district, name="Thị trấn Ái Nghĩa", code="T.AINGHIA")


@pytest.fixture
def unit_b(district):
    return UnitFactory(parent=district, name="Xã Đại Hiệp", code="T.DAIHIEP")


@pytest.fixture
def office(district):
    return UnitFactory(
        parent=district, name="Phòng Nội vụ", code="T.PNV", unit_type=UnitType.OFFICE, is_organising_office=True
    )


@pytest.fixture
def coordinator_a(unit_a):
    return make_coordinator(unit_a, username="daumoi.a")


@pytest.fixture
def coordinator_b(unit_b):
    return make_coordinator(unit_b, username="daumoi.b")


@pytest.fixture
def organiser(office):
    return make_organiser(office, username="bantochuc")


@pytest.fixture
def home_page(db):
    """The home page and default site that migrations create; transactional tests flush them, so remake them."""
    from wagtail.models import Locale, Page, Site

    from lms.models import HomePage

    Locale.objects.get_or_create(language_code=settings.LANGUAGE_CODE)
    home = HomePage.objects.first()
    if home is None:
        root = Page.get_first_root_node() or Page.add_root(instance=Page(title="Root", slug="root"))
        home = root.add_child(instance=HomePage(title="Bồi dưỡng dân chủ ở cơ sở", slug="home"))
    Site.objects.update_or_create(
        is_default_site=True, defaults={"hostname": "localhost", "port": 80, "root_page": home}
    )
    return home
