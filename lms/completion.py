"""Completion hook: a lower app says that someone completed something; higher apps act on it.

courses calls completed(kind="course", ...) when a learner meets a course's rule, training calls
completed(kind="class", ...) when a class finishes; certificates registers a handler in its
AppConfig.ready() that enqueues the certificate task. A plain registry instead of a signal keeps the
flow visible: the call is in the service, the handler is one function.
"""

from __future__ import annotations

from collections.abc import Callable

Handler = Callable[..., None]
_handlers: list[Handler] = []


def register(handler: Handler) -> Handler:
    if handler not in _handlers:
        _handlers.append(handler)
    return handler


def completed(*, kind: str, object_id: int, official_id: int | None, user_id: int | None) -> None:
    """Call inside the completing transaction; handlers must defer side effects to after commit."""
    for handler in _handlers:
        handler(kind=kind, object_id=object_id, official_id=official_id, user_id=user_id)
