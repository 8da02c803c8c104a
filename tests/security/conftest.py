"""Counts the cases each security check runs, and prints the counts at the end of the run for docs/security.md."""

from __future__ import annotations

import re
from collections import Counter
from contextlib import contextmanager

from django.db import connection

CASES: Counter = Counter()


def count(check: str, n: int = 1) -> None:
    CASES[check] += n


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    if CASES:
        summary = ", ".join(f"{check}={n}" for check, n in sorted(CASES.items()))
        terminalreporter.write_line(f"security cases: {summary}")


# Tables whose writes on a read are bookkeeping, reviewed one by one: sessions (sign-in state, flash messages,
# the check-in ticket), the sign-in time, django-axes' access log, the access register that records every
# export and certificate download by staff (the plan asks for it), and three rows the libraries keep for
# themselves: Wagtail's admin profile (made the first time a staff member sees the userbar), Wagtail's
# "who else is editing this" sessions, and allauth's copy of the user's address (made when the e-mail page opens).
BOOKKEEPING_TABLES = {
    "django_session",
    "axes_accesslog",
    "axes_accessattempt",
    "certificates_accessrecord",
    "wagtailusers_userprofile",
    "wagtailadmin_editingsession",
    "account_emailaddress",
}
WRITE = re.compile(r"^\s*(INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+[\"`]?(\w+)[\"`]?", re.IGNORECASE)


class WriteDetector:
    """Records every INSERT, UPDATE and DELETE the database sees, except the reviewed bookkeeping."""

    def __init__(self):
        self.writes: list[str] = []

    def __call__(self, execute, sql, params, many, context):
        match = WRITE.match(sql)
        if match:
            table = match.group(2).lower()
            last_login_only = table == "auth_user" and re.search(r"SET\s+\"?last_login\"?\s*=\s*%s\s+WHERE", sql)
            if table not in BOOKKEEPING_TABLES and not last_login_only:
                self.writes.append(f"{match.group(1).split()[0].upper()} {table}")
        return execute(sql, params, many, context)


@contextmanager
def detect_writes():
    detector = WriteDetector()
    with connection.execute_wrapper(detector):
        yield detector.writes
