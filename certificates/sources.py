"""What a certificate can certify: each kind ("course", "class") registers a describer.

courses and training register theirs in their AppConfig.ready():

    sources.register("class", describe_class, choices=classes_for_issuing, label=_("Training class"))

describe(source_id, official) returns the snapshot fields of what is certified, as on today:
{"office": Unit (the issuing office), "title": str, "start_date": date | None, "end_date": date | None,
"result_text": str}. It raises ValidationError when the official has not completed it.
choices(user), optional, lists (source_id, title) pairs the user may issue certificates for.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

Describer = Callable[[int, object], dict]
Choices = Callable[[object], list[tuple[int, str]]]

SNAPSHOT_KEYS = ("office", "title", "start_date", "end_date", "result_text")


@dataclass(frozen=True)
class Source:
    kind: str
    describe: Describer
    choices: Choices | None
    label: str


_sources: dict[str, Source] = {}


def register(kind: str, describe: Describer, *, choices: Choices | None = None, label: str = "") -> None:
    _sources[kind] = Source(kind=kind, describe=describe, choices=choices, label=label or kind)


def unregister(kind: str) -> None:
    _sources.pop(kind, None)


def is_registered(kind: str) -> bool:
    return kind in _sources


def registered() -> list[Source]:
    return list(_sources.values())


def describe(kind: str, source_id: int, official) -> dict:
    """The snapshot fields of a course or class for an official, checked for completeness."""
    source = _sources.get(kind)
    if source is None:
        raise ValidationError(_("Certificates cannot be issued for this kind of training yet."))
    snapshot = source.describe(source_id, official)
    missing = [key for key in ("office", "title") if not snapshot.get(key)]
    if missing:
        raise ValueError(f"describer for {kind!r} left out {', '.join(missing)}")
    return {key: snapshot.get(key) for key in SNAPSHOT_KEYS}
