"""`manage.py backup` and `restore`: a round trip gives back the same rows, the same sampled records and the
same file bytes; a restore over data is refused without --force."""

from __future__ import annotations

import hashlib
import tarfile
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from lms import backup
from tests.factories import OfficialFactory, UserFactory
from units.models import Official

SAMPLE = 3


def sampled_rows() -> dict[str, list[dict]]:
    """The first and last rows of every model, every field."""
    rows = {}
    for model in apps.get_models():
        manager = model._default_manager.order_by("pk")
        first = list(manager.values()[:SAMPLE])
        last = list(manager.reverse().values()[:SAMPLE])
        rows[model._meta.label] = first + last
    return rows


def files() -> dict[str, str]:
    return backup.file_digests()


@pytest.fixture
def content(unit_a, coordinator_a, organiser):
    for index in range(12):
        OfficialFactory(unit=unit_a, full_name=f"Nguyễn Văn Thử {index}", email=f"thu{index}@example.vn")
    media, private = Path(settings.MEDIA_ROOT), Path(settings.PRIVATE_ROOT)
    (media / "documents").mkdir(parents=True, exist_ok=True)
    (private / "certificates" / "2026").mkdir(parents=True, exist_ok=True)
    (media / "documents" / "Luật DCCS 2022.pdf").write_bytes(b"%PDF-1.4 " + bytes(range(256)) * 40)
    (private / "certificates" / "2026" / "PNV-1.pdf").write_bytes(hashlib.sha256(b"x").digest() * 1000)
    yield
    for root in (media, private):
        for path in sorted(root.rglob("*"), reverse=True):
            path.unlink() if path.is_file() else path.rmdir()


def round_trip(tmp_path):
    archive = tmp_path / "lms.tar.gz"
    call_command("backup", str(archive))
    expected = (backup.row_counts(), sampled_rows(), files())
    assert sum(expected[0].values()) > 50
    assert {"media/documents/Luật DCCS 2022.pdf", "private/certificates/2026/PNV-1.pdf"} <= set(expected[2])

    # Everything changes after the backup: people leave, files are lost or altered.
    Official.objects.filter(full_name__endswith=" 3").delete()
    OfficialFactory(unit=Official.objects.first().unit, full_name="Người đến sau")
    (Path(settings.MEDIA_ROOT) / "documents" / "Luật DCCS 2022.pdf").write_bytes(b"damaged")
    next(Path(settings.PRIVATE_ROOT).rglob("*.pdf")).unlink()
    (Path(settings.MEDIA_ROOT) / "stray.txt").write_text("not in the backup")

    with pytest.raises(CommandError) as refused:
        call_command("restore", str(archive))
    assert "--force" in str(refused.value) and "ghi đè dữ liệu hiện có" in str(refused.value)
    assert Official.objects.filter(full_name="Người đến sau").exists(), "a refused restore touches nothing"

    call_command("restore", str(archive), "--force")
    connection.close()
    assert backup.row_counts() == expected[0]
    assert sampled_rows() == expected[1]
    assert files() == expected[2]
    return archive


# make test runs this on SQLite (online backup API), the CI run on PostgreSQL (pg_dump/pg_restore).
@pytest.mark.django_db(transaction=True)
def test_backup_and_restore_round_trip_gives_back_rows_records_and_files(content, tmp_path):
    archive = round_trip(tmp_path)
    with tarfile.open(archive) as opened:
        assert backup.DATABASE_MEMBER[connection.vendor] in opened.getnames()


@pytest.mark.django_db
def test_restore_refuses_a_file_that_is_not_a_backup(tmp_path):
    bogus = tmp_path / "khong-phai.tar.gz"
    bogus.write_bytes(b"not a tar")
    with pytest.raises(CommandError, match="không phải là bản sao lưu"):
        call_command("restore", str(bogus))
    with pytest.raises(CommandError, match="Không tìm thấy"):
        call_command("restore", str(tmp_path / "missing.tar.gz"))


@pytest.mark.django_db
def test_backup_never_overwrites_an_earlier_backup(tmp_path):
    UserFactory()
    earlier = tmp_path / "lms.tar.gz"
    earlier.write_bytes(b"earlier")
    with pytest.raises(CommandError, match="đã có"):
        call_command("backup", str(earlier))
    assert earlier.read_bytes() == b"earlier"
