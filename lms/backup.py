"""Backup and restore of the whole site: the database (pg_dump custom format, or SQLite's online backup)
plus the media and private files, in one tar archive with a manifest of row counts and file digests."""

from __future__ import annotations

import datetime
import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.db import DatabaseError, connection

DATABASE_MEMBER = {"postgresql": "database.pgdump", "sqlite": "database.sqlite3"}
MANIFEST = "manifest.json"


class BackupError(Exception):
    pass


def file_roots() -> dict[str, Path]:
    """The folders of uploaded and generated files kept on local disk (none when they live in a bucket)."""
    if os.environ.get("S3_BUCKET"):
        return {}
    return {"media": Path(settings.MEDIA_ROOT), "private": Path(settings.PRIVATE_ROOT)}


def row_counts() -> dict[str, int]:
    return {model._meta.label: model._default_manager.count() for model in apps.get_models()}


def file_digests() -> dict[str, str]:
    digests = {}
    for name, root in file_roots().items():
        for path in sorted(root.rglob("*")) if root.exists() else []:
            if path.is_file():
                digests[f"{name}/{path.relative_to(root).as_posix()}"] = hashlib.sha256(path.read_bytes()).hexdigest()
    return digests


def _engine() -> str:
    vendor = connection.vendor
    if vendor not in DATABASE_MEMBER:
        raise BackupError(f"Chưa hỗ trợ sao lưu cơ sở dữ liệu {vendor}.")
    return vendor


def _pg_environment() -> tuple[list[str], dict[str, str]]:
    db = connection.settings_dict
    args = ["--dbname", db["NAME"]]
    if db.get("HOST"):
        args += ["--host", db["HOST"]]
    if db.get("PORT"):
        args += ["--port", str(db["PORT"])]
    if db.get("USER"):
        args += ["--username", db["USER"]]
    env = {**os.environ}
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = db["PASSWORD"]
    return args, env


def _run(command: list[str], env: dict[str, str]) -> None:
    program = shutil.which(command[0])
    if program is None:
        raise BackupError(f"Không tìm thấy chương trình {command[0]} (gói postgresql-client).")
    result = subprocess.run([program, *command[1:]], env=env, capture_output=True, text=True, check=False)  # noqa: S603
    if result.returncode != 0:
        raise BackupError(f"{command[0]} thất bại: {result.stderr.strip()[:2000]}")


def _dump_database(engine: str, target: Path) -> None:
    if engine == "postgresql":
        args, env = _pg_environment()
        _run(["pg_dump", "--format=custom", "--no-owner", "--no-privileges", "--file", str(target), *args], env)
        return
    connection.ensure_connection()
    with sqlite3.connect(target) as copy:
        connection.connection.backup(copy)
    copy.close()


def _load_database(engine: str, source: Path) -> None:
    if engine == "postgresql":
        args, env = _pg_environment()
        # Other connections of this process would hold locks that the restore waits for.
        connection.close()
        _run(
            [
                "pg_restore",
                "--clean",
                "--if-exists",
                "--no-owner",
                "--no-privileges",
                "--single-transaction",
                *args,
                str(source),
            ],
            env,
        )
        return
    connection.ensure_connection()
    with sqlite3.connect(source) as original:
        original.backup(connection.connection)
    original.close()


def create(destination: Path) -> dict:
    """Write the archive; returns its manifest."""
    engine = _engine()
    manifest = {
        "created_at": datetime.datetime.now(datetime.UTC).isoformat(),
        "engine": engine,
        "rows": row_counts(),
        "files": file_digests(),
    }
    destination.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as scratch:
        dump = Path(scratch) / DATABASE_MEMBER[engine]
        _dump_database(engine, dump)
        (Path(scratch) / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8")
        partial = destination.with_name(destination.name + ".partial")
        with tarfile.open(partial, "w:gz") as archive:
            archive.add(Path(scratch) / MANIFEST, MANIFEST)
            archive.add(dump, dump.name)
            for name, root in file_roots().items():
                if root.exists():
                    archive.add(root, name)
        # A crash while writing never leaves something that looks like a finished backup.
        partial.replace(destination)
    return manifest


def read_manifest(source: Path) -> dict:
    try:
        with tarfile.open(source, "r:*") as archive:
            return json.load(archive.extractfile(MANIFEST))
    except (OSError, tarfile.TarError, KeyError, ValueError, TypeError) as error:
        raise BackupError(f"{source} không phải là bản sao lưu của hệ thống: {error}") from error


def holds_data() -> list[str]:
    """What the restore would overwrite: people in the database, files on disk."""
    from django.contrib.auth import get_user_model

    from units.models import Official

    found = []
    try:
        if get_user_model().objects.exists() or Official.objects.exists():
            found.append("cơ sở dữ liệu đã có người dùng hoặc cán bộ")
    except DatabaseError:  # a database without tables holds nothing to lose
        pass
    for name, root in file_roots().items():
        if root.exists() and any(root.iterdir()):
            found.append(f"thư mục {name} ({root}) không trống")
    return found


def restore(source: Path, *, force: bool = False) -> dict:
    """Replace the database and the files with those of the archive; refuses to overwrite without force."""
    manifest = read_manifest(source)
    engine = _engine()
    if manifest["engine"] != engine:
        raise BackupError(
            f"Bản sao lưu là của {manifest['engine']}, còn cơ sở dữ liệu hiện tại là {engine}; "
            "hãy khôi phục vào cùng loại cơ sở dữ liệu."
        )
    existing = holds_data()
    if existing and not force:
        raise BackupError(
            "Không khôi phục vì sẽ ghi đè dữ liệu hiện có: " + "; ".join(existing) + ". "
            "Nếu chắc chắn muốn thay toàn bộ, chạy lại với --force."
        )
    with tempfile.TemporaryDirectory() as scratch, tarfile.open(source, "r:*") as archive:
        archive.extractall(scratch, filter="data")
        _load_database(engine, Path(scratch) / DATABASE_MEMBER[engine])
        for name, root in file_roots().items():
            if root.exists():
                shutil.rmtree(root)
            unpacked = Path(scratch) / name
            if unpacked.exists():
                shutil.copytree(unpacked, root)
            else:
                root.mkdir(parents=True, exist_ok=True)
    return manifest
