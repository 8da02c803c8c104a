"""Django set up for a benchmark: test settings, a scratch SQLite database unless DATABASE_URL names one."""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def setup() -> None:
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    scratch = Path(tempfile.gettempdir()) / "lms-bench"
    scratch.mkdir(exist_ok=True)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lms.settings.test")
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{scratch / 'bench.sqlite3'}")
    os.environ.setdefault("TEST_PRIVATE_ROOT", str(scratch / "private"))
    os.environ.setdefault("TEST_MEDIA_ROOT", str(scratch / "media"))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)
