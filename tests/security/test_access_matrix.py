"""Every URL that names an object, for every role, by GET and POST: the right answer, never a leak, never a 500."""

from __future__ import annotations

import itertools

import pytest
from django.db import transaction
from django.test import Client

from tests.security import urlmap, world
from tests.security.conftest import count, detect_writes

pytestmark = pytest.mark.django_db

IDENTIFIED = sorted(r.name for r in urlmap.routes_with_identifiers() + urlmap.page_routes_with_identifiers())


def _expected(entry: urlmap.Entry, role: str, method: str, is_admin: bool) -> set[int]:
    """The acceptable answers for one role and method."""
    for key in (f"{role}:{method}", role):
        if key in entry.denied:
            return {entry.denied[key]}
    if role == "anonymous" and not entry.public:
        return {302}
    if method == "get" and entry.get is not None:
        return {entry.get}
    if role in entry.allow:
        if method == "get":
            return set(entry.allowed_get)
        # A POST of arbitrary data may be refused as invalid, but the object was found.
        return {200, 302, 400, 403, 405, 409}
    # The Wagtail admin sends those without its permission back to its sign-in page or its dashboard.
    return {302} if is_admin else {404}


def _post_data(w) -> dict:
    return {
        "reason": "Thử",
        "action": "cancel",
        "full_name": "Người Lạ",
        "birth_year": "1980",
        "official": str(w.pending_official.pk),
        "mark": f"{w.nomination.pk}:present",
        "position": "0",
    }


def test_every_url_that_names_an_object_has_an_expectation():
    routes = urlmap.routes_with_identifiers() + urlmap.page_routes_with_identifiers()
    missing = [r.name for r in routes if urlmap.entry_for(r.name) is None]
    count("access guard", len(routes))
    assert not missing, f"URLs naming an object without an entry in tests/security/urlmap.py: {missing}"
    assert len(routes) > 60


@pytest.mark.parametrize("name", IDENTIFIED)
def test_each_role_gets_the_expected_answer(name, home_page):
    entry = urlmap.entry_for(name)
    w = world.build()
    path = urlmap.path_for(w, name)
    is_admin = path.startswith("/admin/")
    data = _post_data(w)
    problems = []
    clients = {}
    for role in world.ROLES:
        clients[role] = Client()
        if w.users[role] is not None:
            clients[role].force_login(w.users[role])
    for role, method in itertools.product(world.ROLES, ("get", "post")):
        # Each request runs in a savepoint that is rolled back, so an allowed POST (an approval, a deletion)
        # leaves the world as it was for the next role; a refused one must not write at all.
        with transaction.atomic(), detect_writes() as writes:
            response = getattr(clients[role], method)(path, data)
            transaction.set_rollback(True)
        count("access")
        if method == "get":
            count("get without writes")
        if writes and (method == "get" or role not in entry.allow):
            problems.append(f"{role} {method.upper()} {path} wrote {writes}")
        expected = _expected(entry, role, method, is_admin)
        status = response.status_code
        if status not in expected:
            problems.append(f"{role} {method.upper()} {path}: {status}, expected {sorted(expected)}")
        elif status == 302 and role not in entry.allow:
            location = response["Location"]
            signs_in = "/login/" in location
            if (role == "anonymous" and not signs_in) or (is_admin and not location.startswith("/admin/")):
                problems.append(f"{role} {method.upper()} {path}: sent to {location}")
    assert not problems, "\n".join(problems)
