"""Certificates and exports live outside the public media and leave only through views that check permissions."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.storage import storages
from django.test import Client

from certificates.models import Certificate, ExportJob
from tests.security import world
from tests.security.conftest import count

pytestmark = pytest.mark.django_db


def test_private_storage_has_no_public_address():
    storage = storages["private"]
    with pytest.raises(ValueError):
        storage.url("certificates/x.pdf")
    private = Path(settings.PRIVATE_ROOT).resolve()
    media = Path(settings.MEDIA_ROOT).resolve()
    assert not private.is_relative_to(media) and not media.is_relative_to(private)


def test_certificate_and_export_fields_use_the_private_storage():
    assert Certificate._meta.get_field("pdf").storage is storages["private"]
    assert ExportJob._meta.get_field("file").storage is storages["private"]


def test_no_guessed_address_reaches_a_private_file(home_page):
    w = world.build()
    names = [w.certificate.pdf.name, w.job.file.name]
    for name in names:
        assert (Path(settings.PRIVATE_ROOT) / name).exists()
        assert not (Path(settings.MEDIA_ROOT) / name).exists()
    prefixes = [settings.MEDIA_URL, "/private/", "/", "/documents/", settings.STATIC_URL, "/media/../private/"]
    for role in world.ROLES:
        client = Client()
        if w.users[role] is not None:
            client.force_login(w.users[role])
        for name in names:
            for prefix in prefixes:
                response = client.get(prefix + name)
                count("private files")
                assert response.status_code in (301, 302, 404), (role, prefix + name, response.status_code)
                body = b"".join(response.streaming_content) if response.streaming else response.content
                assert b"%PDF" not in body and "Huỳnh".encode() not in body
