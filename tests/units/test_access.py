"""Scoping: a coordinator reaches only their units' officials; everything else is a 404."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.factories import OfficialFactory, UnitFactory, UserFactory
from units import imports
from units.models import Official, RosterImport

pytestmark = pytest.mark.django_db


@pytest.fixture
def official_b(unit_b):
    return OfficialFactory(unit=unit_b, full_name="Trần Thị Bích", email="bich@example.vn")


@pytest.fixture
def import_b(unit_b, coordinator_b):
    return imports.roster_import_check(
        actor=coordinator_b, unit=unit_b, data=imports.template_workbook(), file_name="b.xlsx"
    )


def _official_urls(official, unit, roster_import):
    return [
        ("get", reverse("units:official_list", args=[unit.pk])),
        ("get", reverse("units:official_detail", args=[official.pk])),
        ("get", reverse("units:official_edit", args=[official.pk])),
        ("post", reverse("units:official_edit", args=[official.pk])),
        ("get", reverse("units:official_deactivate", args=[official.pk])),
        ("post", reverse("units:official_deactivate", args=[official.pk])),
        ("get", reverse("units:official_grant_login", args=[official.pk])),
        ("post", reverse("units:official_grant_login", args=[official.pk])),
        ("post", reverse("units:official_confirm", args=[official.pk])),
        ("get", reverse("units:official_create", args=[unit.pk])),
        ("post", reverse("units:official_create", args=[unit.pk])),
        ("get", reverse("units:roster_import_upload", args=[unit.pk])),
        ("post", reverse("units:roster_import_upload", args=[unit.pk])),
        ("get", reverse("units:roster_import_review", args=[unit.pk, roster_import.pk])),
        ("post", reverse("units:roster_import_review", args=[unit.pk, roster_import.pk])),
    ]


def test_coordinator_of_unit_a_gets_404_on_every_official_url_of_unit_b(
    client, coordinator_a, unit_b, official_b, import_b
):
    client.force_login(coordinator_a)
    upload = {"file": SimpleUploadedFile("x.xlsx", imports.template_workbook())}
    for method, url in _official_urls(official_b, unit_b, import_b):
        data = upload if "nhap" in url and method == "post" else {"full_name": "Kẻ Lạ", "birth_year": 1980}
        response = getattr(client, method)(url, data)
        assert response.status_code == 404, (method, url, response.status_code)
    official_b.refresh_from_db()
    assert official_b.is_active and official_b.user_id is None and official_b.full_name == "Trần Thị Bích"
    assert Official.objects.filter(unit=unit_b).count() == 1
    assert RosterImport.objects.filter(unit=unit_b).count() == 1


def test_learner_gets_404_on_official_urls(client, unit_b, official_b, import_b):
    client.force_login(UserFactory())
    for method, url in _official_urls(official_b, unit_b, import_b):
        assert getattr(client, method)(url).status_code == 404, (method, url)


def test_anonymous_is_sent_to_sign_in(client, unit_b, official_b, import_b):
    for method, url in _official_urls(official_b, unit_b, import_b):
        response = getattr(client, method)(url)
        assert response.status_code == 302 and reverse("account_login") in response["Location"], url


def test_coordinator_reaches_officials_of_their_unit_and_its_villages(client, coordinator_a, unit_a):
    village = UnitFactory(parent=unit_a, name="Khối phố 1")
    official = OfficialFactory(unit=village)
    client.force_login(coordinator_a)
    assert client.get(reverse("units:official_detail", args=[official.pk])).status_code == 200
    assert client.get(reverse("units:official_list", args=[village.pk])).status_code == 200
    assert official.full_name in client.get(reverse("units:official_list", args=[unit_a.pk])).content.decode()


def test_organiser_reads_every_roster_but_edits_none(client, organiser, unit_b, official_b):
    client.force_login(organiser)
    assert client.get(reverse("units:official_detail", args=[official_b.pk])).status_code == 200
    assert client.get(reverse("units:official_list", args=[unit_b.pk])).status_code == 200
    assert client.get(reverse("units:official_edit", args=[official_b.pk])).status_code == 404
    assert client.post(reverse("units:official_deactivate", args=[official_b.pk])).status_code == 404
    official_b.refresh_from_db()
    assert official_b.is_active


def test_no_get_request_changes_an_official(client, coordinator_b, official_b):
    client.force_login(coordinator_b)
    for name in ("units:official_deactivate", "units:official_grant_login"):
        assert client.get(reverse(name, args=[official_b.pk])).status_code == 200
    assert client.get(reverse("units:official_confirm", args=[official_b.pk])).status_code == 405
    official_b.refresh_from_db()
    assert official_b.is_active and official_b.user_id is None
