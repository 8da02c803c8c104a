"""Unit reorganisations (merge, split, rename) read from a succession file and applied as data.

A file names the units to create and the successions, with one effective date:

    effective_date: 2025-07-01
    legal_basis: Nghị quyết ... (optional)
    units:                       # units that come into being
      - {code: X, name: ..., type: commune, parent: PARENT_CODE, place_name: ...}
    successions:
      - {kind: merge, from: [A, B, C], to: X}
      - {kind: rename, from: [D], to: Y}
      - {kind: split, from: [E], to: [F, G]}

The CSV form has one succession per line: kind, from_code, to_code, to_name, to_type, to_parent_code,
effective_date (new units are created from the to_* columns). Predecessors stop being valid the day
before the effective date; they and everything recorded against them stay as they were. Officials of a
merged or renamed unit move to its successor on the effective date; coordinators of a predecessor also
coordinate its successor. Applying the same file twice changes nothing the second time.
"""

from __future__ import annotations

import csv
import datetime
import io
from dataclasses import dataclass, field

import yaml
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from lms import audit
from units.models import Membership, Official, Role, RoleAssignment, SuccessionKind, Unit, UnitSuccession, UnitType


@dataclass
class Plan:
    effective_date: datetime.date
    legal_basis: str = ""
    units: list[dict] = field(default_factory=list)
    successions: list[dict] = field(default_factory=list)


@dataclass
class Outcome:
    units_created: int = 0
    successions_created: int = 0
    units_retired: int = 0
    officials_moved: int = 0
    notes: list[str] = field(default_factory=list)


def _date(value) -> datetime.date:
    if isinstance(value, datetime.date):
        return value
    try:
        return datetime.date.fromisoformat(str(value).strip())
    except ValueError:
        raise ValidationError(_("“%(value)s” is not a date (use YYYY-MM-DD).") % {"value": value}) from None


def _codes(value) -> list[str]:
    if isinstance(value, list | tuple):
        return [str(v).strip() for v in value]
    return [str(value).strip()]


def parse(text: str, file_name: str) -> Plan:
    if file_name.lower().endswith(".csv"):
        return _parse_csv(text)
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise ValidationError(_("The YAML file could not be read: %(error)s") % {"error": exc}) from exc
    if not isinstance(data, dict) or "effective_date" not in data:
        raise ValidationError(_("The file must give an effective_date, units and successions."))
    plan = Plan(effective_date=_date(data["effective_date"]), legal_basis=str(data.get("legal_basis", "")))
    plan.units = list(data.get("units") or [])
    for item in data.get("successions") or []:
        plan.successions.append({"kind": item["kind"], "from": _codes(item["from"]), "to": _codes(item["to"])})
    return plan


def _parse_csv(text: str) -> Plan:
    reader = csv.DictReader(io.StringIO(text))
    plan: Plan | None = None
    grouped: dict[tuple[str, str], list[str]] = {}
    for line in reader:
        day = _date(line["effective_date"])
        if plan is None:
            plan = Plan(effective_date=day)
        elif day != plan.effective_date:
            raise ValidationError(_("All lines of one file must share the same effective date."))
        to_code = line["to_code"].strip()
        if line.get("to_name") and to_code not in {u["code"] for u in plan.units}:
            plan.units.append(
                {
                    "code": to_code,
                    "name": line["to_name"],
                    "type": line.get("to_type") or UnitType.COMMUNE,
                    "parent": line.get("to_parent_code") or None,
                }
            )
        grouped.setdefault((line["kind"].strip(), to_code), []).append(line["from_code"].strip())
    if plan is None:
        raise ValidationError(_("The file has no successions."))
    for (kind, to_code), from_codes in grouped.items():
        plan.successions.append({"kind": kind, "from": from_codes, "to": [to_code]})
    return plan


@transaction.atomic
def apply(plan: Plan, *, actor=None) -> Outcome:
    outcome = Outcome()
    day = plan.effective_date
    for spec in plan.units:
        if Unit.objects.filter(code=spec["code"]).exists():
            continue
        values = {
            "code": spec["code"],
            "name": spec["name"],
            "unit_type": spec.get("type", UnitType.COMMUNE),
            "place_name": spec.get("place_name", ""),
            "valid_from": day,
        }
        if spec.get("parent"):
            try:
                parent = Unit.objects.get(code=spec["parent"])
            except Unit.DoesNotExist:
                raise ValidationError(_("Parent unit %(code)s does not exist.") % {"code": spec["parent"]}) from None
            unit = parent.add_child(**values)
        else:
            unit = Unit.add_root(**values)
        audit.record(unit, "wagtail.create", user=actor, after={"code": unit.code, "name": unit.name})
        outcome.units_created += 1

    for succession in plan.successions:
        kind = succession["kind"]
        if kind not in SuccessionKind.values:
            raise ValidationError(_("Unknown succession kind “%(kind)s”.") % {"kind": kind})
        predecessors = _units(succession["from"])
        successors = _units(succession["to"])
        for predecessor in predecessors:
            for successor in successors:
                _succession, created = UnitSuccession.objects.get_or_create(
                    predecessor=predecessor,
                    successor=successor,
                    defaults={"kind": kind, "effective_date": day, "legal_basis": plan.legal_basis},
                )
                outcome.successions_created += int(created)
            if predecessor.valid_to is None:
                predecessor.valid_to = day - datetime.timedelta(days=1)
                predecessor.save(update_fields=["valid_to"])
                outcome.units_retired += 1
            if len(successors) == 1:
                outcome.officials_moved += _carry_over(predecessor, successors[0], day)
            else:
                outcome.notes.append(
                    _("Officials of %(unit)s stay there: a split needs each of them assigned by hand.")
                    % {"unit": predecessor.name}
                )
    return outcome


def _units(codes: list[str]) -> list[Unit]:
    found = {u.code: u for u in Unit.objects.filter(code__in=codes)}
    missing = [c for c in codes if c not in found]
    if missing:
        raise ValidationError(_("Unknown unit codes: %(codes)s.") % {"codes": ", ".join(missing)})
    return [found[c] for c in codes]


def _carry_over(predecessor: Unit, successor: Unit, day: datetime.date) -> int:
    for assignment in RoleAssignment.objects.filter(unit=predecessor, role=Role.COORDINATOR):
        RoleAssignment.objects.get_or_create(user_id=assignment.user_id, role=Role.COORDINATOR, unit=successor)
    officials = list(Official.objects.filter(unit=predecessor, is_active=True))
    Membership.objects.filter(official__in=officials, end_date__isnull=True).update(
        end_date=day - datetime.timedelta(days=1)
    )
    Membership.objects.bulk_create(
        [Membership(official=o, unit=successor, position=o.position, start_date=day) for o in officials]
    )
    Official.objects.filter(pk__in=[o.pk for o in officials]).update(unit=successor)
    audit.record_many(
        officials,
        "units.official.move",
        user=None,
        data=lambda o: {"changes": {"unit_id": [predecessor.pk, successor.pk]}, "reorganisation": str(day)},
    )
    return len(officials)
