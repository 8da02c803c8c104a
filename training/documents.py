"""Documents offered on a class's pages: apps that render documents (certificates) register them here.

Training does not render PDFs or spreadsheets itself; the documents app registers each document with a
label, the URL name that serves it (taking the class pk) and who may see the link.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.urls import reverse


@dataclass(frozen=True)
class ClassDocument:
    key: str
    label: str
    url_name: str
    allowed: Callable[[object, object], bool]


_documents: dict[str, ClassDocument] = {}


def register(document: ClassDocument) -> None:
    _documents[document.key] = document


def for_class(training_class, user) -> list[tuple[str, str]]:
    """(label, url) of the documents of a class that the user may open."""
    return [
        (str(doc.label), reverse(doc.url_name, args=[training_class.pk]))
        for doc in _documents.values()
        if doc.allowed(training_class, user)
    ]
