"""Cached reads for every page: version counters that writes bump, so that a cached value is never stale for long.

A cached value's key carries the version of what it was computed from; bumping the version (after the writing
transaction commits) makes every key built on the old one unreachable, and the cache forgets them in time.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.cache import cache
from django.db import transaction

VERSION_SECONDS = 60 * 60 * 24
VALUE_SECONDS = 60 * 10


def version(name: str) -> int:
    value = cache.get(f"v:{name}")
    if value is None:
        value = 1
        cache.add(f"v:{name}", value, VERSION_SECONDS)
    return value


def versions(*names: str) -> tuple[int, ...]:
    """Several versions in one round trip to the cache."""
    keys = [f"v:{name}" for name in names]
    found = cache.get_many(keys)
    for key in keys:
        if key not in found:
            cache.add(key, 1, VERSION_SECONDS)  # add, not set: a bump racing with this read wins
    return tuple(found.get(key, 1) for key in keys)


def _increment(name: str) -> None:
    try:
        cache.incr(f"v:{name}")
    except ValueError:
        cache.set(f"v:{name}", 2, VERSION_SECONDS)


def bump(name: str) -> None:
    """Make values computed from `name` stale: now, so that the writer reads its own write, and again when the
    transaction commits, so that a value another request cached from the old rows in between goes too."""
    _increment(name)
    if transaction.get_connection().in_atomic_block:
        transaction.on_commit(lambda: _increment(name))


def remember(key: str, compute: Callable[[], Any], seconds: int = VALUE_SECONDS) -> Any:
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, seconds)
    return value
