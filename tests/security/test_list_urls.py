"""URLs that name no object, for every role: never a 500; signed-out visitors and learners are refused staff pages."""

from __future__ import annotations

import pytest
from django.db import transaction
from django.test import Client

from tests.security import urlmap, world
from tests.security.conftest import count, detect_writes

pytestmark = pytest.mark.django_db

# Open to anyone: health check, language, the sign-in and password-reset pages, verification, search, the notice.
PUBLIC = {
    "healthz",
    "set_language",
    "account_login",
    "account_logout",
    "account_inactive",
    "account_signup",
    "account_reset_password",
    "account_reset_password_done",
    "account_reset_password_from_key_done",
    "account_confirm_login_code",
    "account_email_verification_sent",
    "certificates:verify_form",
    "courses:search",
    "units:consent",
    "wagtailcore_login",
}
# Pages for coordinators, organisers, editors and administrators: a learner is refused and nothing is written.
STAFF_ONLY = {
    "units:workspace",
    "units:roster_template",
    "units:correction_list",
    "units:audit_log",
    "training:class_create",
    "certificates:manage",
    "certificates:issue",
    "certificates:register_export",
    "certificates:access_register",
    "reports:index",
    "reports:organiser",
    "reports:refresh",
    "reports:coordinator",
}
LIST_ROUTES = sorted(urlmap.routes_without_identifiers(), key=lambda r: r.name)


def test_every_list_url_can_be_built():
    for route in LIST_ROUTES:
        assert urlmap.path_for(None, route.name)


@pytest.mark.parametrize("role", world.ROLES)
def test_no_list_url_fails_or_lets_the_wrong_role_in(role, home_page):
    w = world.build()
    client = Client()
    if w.users[role] is not None:
        client.force_login(w.users[role])
    problems = []
    for route in LIST_ROUTES:
        path = urlmap.path_for(None, route.name)
        if role != "anonymous" and route.name == "account_logout":
            # Signing out would turn every later request of this role into an anonymous one.
            continue
        for method in ("get", "post"):
            with transaction.atomic(), detect_writes() as writes:
                response = getattr(client, method)(path, {"q": "dân chủ"})
                transaction.set_rollback(True)
            count("list urls")
            status = response.status_code
            label = f"{role} {method.upper()} {path}: {status}"
            if method == "get":
                count("get without writes")
            if status >= 500:
                problems.append(label)
            elif method == "get" and writes:
                problems.append(f"{label}, a read wrote {writes}")
            elif role == "anonymous" and route.name not in PUBLIC:
                if status != 302 or "/login/" not in response["Location"]:
                    problems.append(f"{label}, expected a redirect to sign in")
            elif (
                role == "learner"
                and (route.name in STAFF_ONLY or route.is_admin)
                and (status not in (302, 403, 404, 405) or writes)
            ):
                problems.append(f"{label}, expected a refusal without writes (wrote {writes})")
    if role != "anonymous":
        assert client.get(urlmap.path_for(None, "units:profile")).status_code == 200, "the role was signed out"
    assert not problems, "\n".join(problems)
