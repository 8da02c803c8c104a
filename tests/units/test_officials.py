"""Officials: NFC storage, Vietnamese order, diacritic-free search, duplicates, audit trail, query counts."""

import unicodedata

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from wagtail.models import ModelLogEntry

from tests.factories import OfficialFactory, UnitFactory, UserFactory
from tests.lms.test_vietnamese import GOLDEN
from units import services
from units.models import Membership, Official

pytestmark = pytest.mark.django_db
# Database-backed sessions cost one query per request; Redis-backed ones (REDIS_URL) cost none.
SESSION_QUERY = 1 if settings.SESSION_ENGINE.endswith(".db") else 0


def _create(unit, actor, name, year=1985, **extra):
    return services.official_create(
        actor=actor, unit=unit, full_name=name, sex="M", birth_year=year, category="cong_chuc", **extra
    )


def test_names_are_stored_in_nfc(unit_a, coordinator_a):
    official = _create(unit_a, coordinator_a, unicodedata.normalize("NFD", "Nguyễn  Thị   Hòa"))
    official.refresh_from_db()
    assert official.full_name == "Nguyễn Thị Hòa"
    assert unicodedata.is_normalized("NFC", official.full_name)
    assert (official.family_name, official.middle_name, official.given_name) == ("Nguyễn", "Thị", "Hòa")


def test_list_page_shows_officials_in_vietnamese_order(client, unit_a, coordinator_a):
    for name in reversed(GOLDEN):
        OfficialFactory(unit=unit_a, full_name=name)
    client.force_login(coordinator_a)
    response = client.get(reverse("units:official_list", args=[unit_a.pk]))
    shown = [o.full_name for o in response.context["page"]]
    assert shown == GOLDEN


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("hoa", {"Lê Thị Hòa", "Trần Văn Hoà", "Phạm Thị Hoa"}),
        ("Hòa", {"Lê Thị Hòa", "Trần Văn Hoà"}),
        ("Hoà", {"Lê Thị Hòa", "Trần Văn Hoà"}),
        ("dang van duc", {"Đặng Văn Đức"}),
        ("Đặng", {"Đặng Văn Đức"}),
        ("thi hoa", {"Lê Thị Hòa", "Phạm Thị Hoa"}),
    ],
)
def test_search_with_or_without_diacritics_and_either_tone_placement(unit_a, query, expected):
    for name in ("Lê Thị Hòa", "Trần Văn Hoà", "Phạm Thị Hoa", "Đặng Văn Đức", "Nguyễn Văn An"):
        OfficialFactory(unit=unit_a, full_name=name)
    assert set(Official.objects.search(query).values_list("full_name", flat=True)) == expected


def test_hoa_with_old_tone_placement_is_a_duplicate_of_hoa(unit_a, coordinator_a):
    _create(unit_a, coordinator_a, "Lê Thị Hòa", 1990)
    with pytest.raises(ValidationError) as raised:
        _create(unit_a, coordinator_a, "LÊ THỊ HOÀ", 1990)
    assert "đã có trong danh sách" in raised.value.messages[0]
    assert Official.objects.count() == 1


def test_every_change_is_audited_with_before_and_after(unit_a, unit_b, coordinator_a):
    official = _create(unit_a, coordinator_a, "Lê Văn Ơn", position="Chuyên viên")
    services.official_update(actor=coordinator_a, official=official, position="Trưởng thôn", unit=unit_b)
    edit = ModelLogEntry.objects.get(action="units.official.edit", object_id=str(official.pk))
    assert edit.user == coordinator_a
    assert edit.data["changes"]["position"] == ["Chuyên viên", "Trưởng thôn"]
    assert edit.data["changes"]["unit_id"] == [unit_a.pk, unit_b.pk]
    memberships = list(Membership.objects.filter(official=official).order_by("start_date", "pk"))
    assert [m.unit_id for m in memberships] == [unit_a.pk, unit_b.pk]
    assert memberships[0].end_date is not None and memberships[1].end_date is None
    services.official_deactivate(actor=coordinator_a, official=official)
    entry = ModelLogEntry.objects.get(action="units.official.deactivate")
    assert entry.data["changes"]["is_active"] == [True, False]


def test_audit_log_is_for_organisers_and_administrators(client, unit_a, coordinator_a, organiser):
    _create(unit_a, coordinator_a, "Lê Văn Ơn")
    client.force_login(coordinator_a)
    assert client.get(reverse("units:audit_log")).status_code == 403
    client.force_login(organiser)
    page = client.get(reverse("units:audit_log")).content.decode()
    assert "Lê Văn Ơn" in page and coordinator_a.username in page
    admin = UserFactory(is_superuser=True)
    client.force_login(admin)
    assert client.get(reverse("units:audit_log")).status_code == 200


def test_adding_through_the_workspace(client, unit_a, coordinator_a):
    client.force_login(coordinator_a)
    response = client.post(
        reverse("units:official_create", args=[unit_a.pk]),
        {"full_name": "Võ Thị Ăn", "sex": "F", "birth_year": 1993, "category": "vien_chuc", "unit": unit_a.pk},
    )
    official = Official.objects.get()
    assert response["Location"] == reverse("units:official_detail", args=[official.pk])
    bad = client.post(
        reverse("units:official_create", args=[unit_a.pk]),
        {"full_name": "Võ Thị Ăn", "sex": "F", "birth_year": 1800, "category": "vien_chuc", "unit": unit_a.pk},
    )
    assert bad.status_code == 200 and "Cán bộ phải sinh trong khoảng" in bad.content.decode()
    assert Official.objects.count() == 1


def _count_list_queries(client, unit):
    client.get(reverse("units:official_list", args=[unit.pk]))  # the first request of a session does one-off checks
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("units:official_list", args=[unit.pk]))
    assert response.status_code == 200
    return len(queries)


def test_list_page_query_count_does_not_grow_with_the_roster(client, unit_a, coordinator_a):
    village = UnitFactory(parent=unit_a)
    client.force_login(coordinator_a)
    for i in range(10):
        OfficialFactory(unit=village if i % 2 else unit_a, user=UserFactory() if i % 3 == 0 else None)
    small = _count_list_queries(client, unit_a)
    for i in range(200):
        OfficialFactory(unit=village if i % 2 else unit_a, user=UserFactory() if i % 3 == 0 else None)
    large = _count_list_queries(client, unit_a)
    assert small == large == 9 + SESSION_QUERY
