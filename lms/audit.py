"""The audit log: who changed what and when, before → after, stored in Wagtail's log entries."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from wagtail.log_actions import log


def _plain(value):
    if isinstance(value, datetime.datetime | datetime.date):
        return value.isoformat()
    return value


def snapshot(instance, fields: Iterable[str]) -> dict:
    """The audited fields of an instance as JSON-ready values."""
    return {name: _plain(getattr(instance, name)) for name in fields}


def record(instance, action: str, *, user, before: dict | None = None, after: dict | None = None, **extra):
    """Log an action on an instance with the fields it changed; returns the log entry."""
    before = before or {}
    after = after or {}
    changes = {
        name: [before.get(name), after.get(name)]
        for name in sorted(set(before) | set(after))
        if before.get(name) != after.get(name)
    }
    return log(instance=instance, action=action, user=user, data={"changes": changes, **extra})


def record_many(instances, action: str, *, user, data) -> None:
    """Log the same action on many instances in one insert; data(instance) gives each entry's data."""
    from django.contrib.contenttypes.models import ContentType
    from django.utils import timezone
    from wagtail.models import ModelLogEntry

    instances = list(instances)
    if not instances:
        return
    content_type = ContentType.objects.get_for_model(instances[0])
    now = timezone.now()
    ModelLogEntry.objects.bulk_create(
        [
            ModelLogEntry(
                content_type=content_type,
                object_id=str(instance.pk),
                label=str(instance)[:255],
                action=action,
                user=user,
                timestamp=now,
                data=data(instance),
            )
            for instance in instances
        ],
        batch_size=1000,
    )
