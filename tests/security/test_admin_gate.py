"""The rest of the Wagtail admin (pages, images, documents, users): no one without admin access gets in."""

from __future__ import annotations

import pytest
from django.db import transaction
from django.test import Client
from django.urls import NoReverseMatch, reverse

from tests.factories import UserFactory, make_organiser
from tests.security import urlmap
from tests.security.conftest import count, detect_writes

pytestmark = pytest.mark.django_db


# The sign-in page and what it needs (icons, translations of its script) are open by design.
OPEN_DOOR = ("/admin/login/", "/admin/logout/", "/admin/jsi18n/", "/admin/sprite/")


def _admin_paths() -> list[str]:
    project = urlmap.project_admin_namespaces()
    paths = []
    for route in urlmap.routes():
        if not route.is_admin or route.name.split(":")[0] in project or not route.name:
            continue
        try:
            paths.append(
                reverse(route.name, args=[1] * len(route.arguments)) if route.arguments else reverse(route.name)
            )
        except NoReverseMatch:
            paths.append(reverse(route.name, args=["1"] * len(route.arguments)))
    return sorted(set(paths))


def test_wagtails_own_admin_urls_are_all_visited():
    assert len(_admin_paths()) > 150


# Coordinators and learners meet the same door (no admin access), so one of them stands for both.
@pytest.mark.parametrize("role", ["anonymous", "learner", "organiser"])
def test_no_one_without_admin_access_gets_into_wagtails_admin(role, office):
    client = Client()
    users = {
        "learner": lambda: UserFactory(),
        "organiser": lambda: make_organiser(office),
    }
    if role in users:
        client.force_login(users[role]())
    problems = []
    for path in _admin_paths():
        if role != "anonymous" and path.startswith("/admin/logout/"):
            # Signing out would turn every later request of this role into an anonymous one.
            continue
        for method in ("get", "post"):
            with transaction.atomic(), detect_writes() as writes:
                response = getattr(client, method)(path)
                transaction.set_rollback(True)
            count("admin gate")
            location = response.get("Location", "")
            if path.startswith(OPEN_DOOR):
                if response.status_code >= 500:
                    problems.append(f"{role} {method.upper()} {path}: {response.status_code}")
                continue
            if response.status_code not in (302, 403, 404, 405) or writes:
                problems.append(f"{role} {method.upper()} {path}: {response.status_code} {location} {writes}")
            elif response.status_code == 302 and not location.startswith("/admin/login/"):
                problems.append(f"{role} {method.upper()} {path}: sent to {location}")
    assert not problems, "\n".join(problems)
