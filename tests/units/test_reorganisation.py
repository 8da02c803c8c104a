"""Unit reorganisation from a succession file: history keeps the old units, new communes inherit it."""

from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse

from tests.factories import make_coordinator
from units import access, reorganisation
from units.demo import seed_officials, seed_units
from units.models import Membership, Official, Unit, UnitSuccession

pytestmark = pytest.mark.django_db
FILE = Path(__file__).resolve().parents[2] / "units" / "reorganisations" / "2025-07-01-da-nang.yaml"


@pytest.fixture
def demo_units():
    units = seed_units()
    seed_officials(units)
    return units


def test_the_2025_merger_file_applies_and_keeps_history(demo_units, client):
    ai_nghia = Unit.objects.get(code="QNAM.DAILOC.AINGHIA")
    official = Official.objects.filter(unit=ai_nghia).first()
    old_membership = Membership.objects.get(official=official, end_date__isnull=True)
    coordinator = make_coordinator(ai_nghia)

    call_command("apply_unit_reorganisation", str(FILE))

    dai_loc = Unit.objects.get(code="DNANG.DAILOC")
    assert dai_loc.name == "Xã Đại Lộc" and dai_loc.get_parent().code == "DNANG"
    predecessors = set(UnitSuccession.objects.filter(successor=dai_loc).values_list("predecessor__code", flat=True))
    assert predecessors == {f"QNAM.DAILOC.{c}" for c in ("AINGHIA", "DAIHIEP", "DAIHOA", "DAIAN", "DAINGHIA")}
    ai_nghia.refresh_from_db()
    assert ai_nghia.valid_to.isoformat() == "2025-06-30"
    assert ai_nghia.name == "Thị trấn Ái Nghĩa", "the old unit keeps its name for old records"
    assert not ai_nghia.is_current and dai_loc.is_current

    old_membership.refresh_from_db()
    assert old_membership.unit == ai_nghia and old_membership.end_date.isoformat() == "2025-06-30"
    official.refresh_from_db()
    assert official.unit == dai_loc
    assert dai_loc.lineage_ids() >= {dai_loc.pk, ai_nghia.pk}

    # The coordinator of the old town now coordinates the new commune and still sees the old records.
    assert dai_loc.pk in access.coordinated_unit_ids(coordinator)
    coordinator = type(coordinator).objects.get(pk=coordinator.pk)
    assert ai_nghia.pk in access.coordinated_unit_ids(coordinator)
    client.force_login(coordinator)
    assert client.get(reverse("units:official_detail", args=[official.pk])).status_code == 200

    # A coordinator appointed for the new commune sees the predecessors' history too.
    newcomer = make_coordinator(dai_loc)
    assert {ai_nghia.pk, dai_loc.pk} <= access.coordinated_unit_ids(newcomer)
    assert Official.objects.visible_to(newcomer).filter(memberships__unit=ai_nghia).exists()


def test_units_valid_on_a_date_before_and_after(demo_units):
    call_command("apply_unit_reorganisation", str(FILE))
    import datetime

    communes_2024 = Unit.objects.valid_on(datetime.date(2024, 12, 31)).filter(unit_type="commune")
    communes_2026 = Unit.objects.valid_on(datetime.date(2026, 1, 1)).filter(unit_type="commune")
    assert communes_2024.count() == 18
    assert set(communes_2026.values_list("name", flat=True)) == {
        "Xã Đại Lộc",
        "Xã Hà Nha",
        "Xã Thượng Đức",
        "Xã Vu Gia",
        "Xã Phú Thuận",
    }


def test_applying_twice_changes_nothing(demo_units):
    call_command("apply_unit_reorganisation", str(FILE))
    counts = (Unit.objects.count(), UnitSuccession.objects.count(), Membership.objects.count())
    call_command("apply_unit_reorganisation", str(FILE))
    assert (Unit.objects.count(), UnitSuccession.objects.count(), Membership.objects.count()) == counts


def test_csv_succession_file_renames_a_unit(unit_a):
    text = (
        "kind,from_code,to_code,to_name,to_type,to_parent_code,effective_date\n"
        f"rename,{unit_a.code},T.AINGHIA2,Phường Ái Nghĩa,commune,T.DAILOC,2026-01-01\n"
    )
    outcome = reorganisation.apply(reorganisation.parse(text, "doi-ten.csv"))
    assert outcome.units_created == 1 and outcome.successions_created == 1
    renamed = Unit.objects.get(code="T.AINGHIA2")
    assert UnitSuccession.objects.get(successor=renamed).kind == "rename"


def test_unknown_codes_are_refused_without_changing_anything(unit_a):
    text = "effective_date: 2026-01-01\nsuccessions:\n  - {kind: merge, from: [NOPE], to: T.AINGHIA}\n"
    with pytest.raises(Exception, match="NOPE"):
        reorganisation.apply(reorganisation.parse(text, "x.yaml"))
    unit_a.refresh_from_db()
    assert unit_a.valid_to is None
