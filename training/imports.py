"""Bulk nomination from an XLSX/CSV list: every row is matched and checked before anything is written."""

from __future__ import annotations

from collections import Counter

from django.core import signing
from django.utils.translation import gettext as _

from lms import vietnamese
from lms.spreadsheets import CellError, Column, TableError, is_formula, read_table
from training.models import TrainingClass
from training.services import check_nominee, quota_unit_for
from units import access
from units.models import Official

COLUMNS = [
    Column("number", "STT", required=False),
    Column("full_name", "Họ và tên"),
    Column("birth_year", "Năm sinh"),
    Column("unit_code", "Mã đơn vị", required=False),
    Column("note", "Ghi chú", required=False),
]
HEADERS = {c.key: c.header for c in COLUMNS}
SALT = "training.nomination-import"


def check_file(*, actor, training_class: TrainingClass, data: bytes, file_name: str):
    """Match each row to one eligible official of the actor's units; returns (officials, errors)."""
    try:
        table = read_table(data, file_name, COLUMNS)
    except TableError as exc:
        return [], [{"row": 1, "column": "", "message": m} for m in exc.messages]
    candidates = list(
        Official.objects.filter(
            unit_id__in=access.coordinated_unit_ids(actor), is_active=True, confirmed=True
        ).select_related("unit")
    )
    by_key: dict[tuple[str, int], list[Official]] = {}
    for official in candidates:
        by_key.setdefault((official.match_name, official.birth_year), []).append(official)
    quotas = {q.unit_id: q.seats for q in training_class.quotas.all()}
    used = training_class.nominations.seats_used_by_unit()
    taking: Counter = Counter()
    seen: dict[int, int] = {}
    chosen: list[Official] = []
    errors: list[dict] = []
    for number, record in table.rows:
        row_errors: list[CellError] = []
        for key, value in record.items():
            if is_formula(value):
                row_errors.append(
                    CellError(
                        number,
                        HEADERS[key],
                        _("The cell begins with “%(char)s”, which a spreadsheet runs as a formula.")
                        % {"char": value[0]},
                    )
                )
        if row_errors:
            errors.extend(e.as_dict() for e in row_errors)
            continue
        name = vietnamese.nfc(record.get("full_name", ""))
        try:
            year = int(record.get("birth_year", ""))
        except ValueError:
            errors.append(
                CellError(
                    number,
                    HEADERS["birth_year"],
                    _("“%(value)s” is not a year.") % {"value": record.get("birth_year", "")},
                ).as_dict()
            )
            continue
        if not name:
            errors.append(CellError(number, HEADERS["full_name"], _("The name is empty.")).as_dict())
            continue
        matches = by_key.get((vietnamese.match_form(name), year), [])
        if record.get("unit_code"):
            matches = [o for o in matches if o.unit.code == record["unit_code"].strip()]
        if not matches:
            errors.append(
                CellError(
                    number,
                    HEADERS["full_name"],
                    _("No official %(name)s born %(year)s in your units.") % {"name": name, "year": year},
                ).as_dict()
            )
            continue
        if len(matches) > 1:
            errors.append(
                CellError(
                    number,
                    HEADERS["unit_code"],
                    _("Several officials are called %(name)s, born %(year)s: add the unit code.")
                    % {"name": name, "year": year},
                ).as_dict()
            )
            continue
        official = matches[0]
        if official.pk in seen:
            errors.append(
                CellError(
                    number, HEADERS["full_name"], _("Same person as row %(row)s.") % {"row": seen[official.pk]}
                ).as_dict()
            )
            continue
        seen[official.pk] = number
        problems = check_nominee(training_class, official)
        unit = quota_unit_for(training_class, official)
        if unit is None:
            problems.append(_("%(unit)s is not invited to this class.") % {"unit": official.unit.name})
        elif used.get(unit.pk, 0) + taking[unit.pk] + 1 > quotas.get(unit.pk, 0):
            problems.append(
                _("Over the quota of %(unit)s (%(seats)s seats).")
                % {"unit": unit.name, "seats": quotas.get(unit.pk, 0)}
            )
        if problems:
            errors.extend(CellError(number, HEADERS["full_name"], p).as_dict() for p in problems)
            continue
        taking[unit.pk] += 1
        chosen.append(official)
    if not table.rows:
        errors.append({"row": 2, "column": "", "message": _("The file has no rows below the header.")})
    return chosen, errors


def sign(training_class: TrainingClass, officials: list[Official]) -> str:
    return signing.dumps({"class": training_class.pk, "officials": [o.pk for o in officials]}, salt=SALT)


def unsign(training_class: TrainingClass, token: str) -> list[int]:
    """The official ids of a checked list; refuses a list for another class or older than an hour."""
    data = signing.loads(token, salt=SALT, max_age=3600)
    if data.get("class") != training_class.pk:
        raise signing.BadSignature("another class")
    return list(data["officials"])
