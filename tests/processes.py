"""Real redis-server and Celery worker processes for the tests of faults, always stopped at the end."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from lms.celery import app as celery_app

ROOT = Path(__file__).resolve().parents[1]
PORTS = range(6390, 6400)


def free_port() -> int:
    for port in PORTS:
        with socket.socket() as sock:
            try:
                sock.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError("no free port in 6390-6399 for redis-server")


def wait_for(predicate, timeout: float, what: str, interval: float = 0.2):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    raise AssertionError(f"timed out after {timeout:.0f} s waiting for {what}")


class RedisServer:
    def __init__(self):
        self.port = free_port()
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        self.process = subprocess.Popen(
            [
                shutil.which("redis-server"),
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
            ],
            stdout=subprocess.DEVNULL,
        )

        def accepting():
            with socket.socket() as sock:
                return sock.connect_ex(("127.0.0.1", self.port)) == 0

        wait_for(accepting, 10, "redis-server to accept connections", 0.05)

    def stop(self) -> None:
        if self.process:
            self.process.terminate()
            self.process.wait(10)
            self.process = None


def database_url() -> str:
    """The test database as a URL a separate process can open (pytest-django's test_<name> or SQLite file)."""
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        name = db["NAME"]
        assert not connection.is_in_memory_db(), "the SQLite test database must be a file (lms.settings.test)"
        return f"sqlite:///{name}"
    credentials = db["USER"] + (f":{db['PASSWORD']}" if db.get("PASSWORD") else "")
    return f"postgres://{credentials}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


class Worker:
    """`celery worker --pool=solo` on the test database and a given broker, logging to a file."""

    def __init__(self, broker_url: str, log_path: Path, **env: str):
        self.broker_url = broker_url
        self.log_path = log_path
        self.env = env
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "lms.settings.test",
            "CELERY_BROKER_URL": self.broker_url,
            "DATABASE_URL": database_url(),
            "CONN_MAX_AGE": "0",
            "TEST_MEDIA_ROOT": str(settings.MEDIA_ROOT),
            "TEST_PRIVATE_ROOT": str(settings.PRIVATE_ROOT),
            **self.env,
        }
        env.pop("REDIS_URL", None)
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "tests.security._worker_app",
                "worker",
                "--pool=solo",
                "--concurrency=1",
                "-l",
                "info",
                "--without-heartbeat",
                "--without-gossip",
                "--without-mingle",
                "-n",
                f"secflt{os.getpid()}-{time.monotonic_ns()}@%h",
                "--logfile",
                str(self.log_path),
            ],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        wait_for(lambda: "ready." in self.log(), 60, "the worker to be ready")

    def log(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""

    def kill(self) -> None:
        """SIGKILL, as the out-of-memory killer or a power cut would: no warm shutdown, no acknowledgement."""
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(10)
        self.process = None

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(20)
            except subprocess.TimeoutExpired:
                self.kill()
        self.process = None


@pytest.fixture
def redis_server(monkeypatch):
    """A redis-server of the test's own, not started yet; this process's Celery app points at it."""
    server = RedisServer()
    monkeypatch.setenv("CELERY_BROKER_URL", server.url)
    previous = (celery_app.conf.broker_url, celery_app.conf.task_always_eager)
    celery_app.conf.broker_url = server.url
    celery_app.conf.task_always_eager = False
    celery_app._after_fork()  # forget connections to the previous broker
    yield server
    server.stop()
    celery_app.conf.broker_url, celery_app.conf.task_always_eager = previous
    celery_app._after_fork()


@pytest.fixture
def worker_factory(tmp_path):
    started: list[Worker] = []

    def make(broker_url: str, **env) -> Worker:
        worker = Worker(broker_url, tmp_path / f"worker-{len(started)}.log", **env)
        started.append(worker)
        return worker

    yield make
    for worker in started:
        worker.stop()
