"""Every URL of the site from the resolver, and the registry of what each role must get from those naming an object.

A URL names an object when one of its arguments is an identifier (pk, id, code, token, key, year...). Each such
URL has an entry here: how to fill its arguments from the world of `tests/security/world.py`, and which roles may
use it. Everyone else gets a 404 (or the answer written in the entry), never a 200 and never a 500.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from django.urls import URLPattern, URLResolver, get_resolver, reverse
from wagtail.admin.viewsets import viewsets as admin_viewsets

IDENTIFIER = re.compile(r"(^|_)(pk|id|code|token|key|uidb36|year|slug|uuid)$")
PROJECT_APPS = {"lms", "units", "courses", "training", "certificates"}


@dataclass(frozen=True)
class Route:
    name: str
    route: str
    arguments: tuple[str, ...]

    @property
    def identifiers(self) -> tuple[str, ...]:
        return tuple(a for a in self.arguments if IDENTIFIER.search(a) or a.isdigit())

    @property
    def is_admin(self) -> bool:
        return self.route.startswith("admin/")


def _arguments(pattern) -> tuple[str, ...]:
    converters = getattr(pattern.pattern, "converters", None)
    if converters is not None and converters:
        return tuple(converters)
    regex = pattern.pattern.regex
    named = tuple(regex.groupindex)
    unnamed = tuple(str(i) for i in range(regex.groups - len(named)))
    return named or unnamed


def routes() -> Iterator[Route]:
    def walk(resolver, prefix: str, namespace: str | None, inherited: tuple[str, ...]):
        for pattern in resolver.url_patterns:
            if isinstance(pattern, URLResolver):
                inner = namespace
                if pattern.namespace:
                    inner = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
                yield from walk(pattern, prefix + str(pattern.pattern), inner, inherited + _arguments(pattern))
            elif isinstance(pattern, URLPattern):
                name = f"{namespace}:{pattern.name}" if namespace and pattern.name else pattern.name
                yield Route(name or "", prefix + str(pattern.pattern), inherited + _arguments(pattern))

    yield from walk(get_resolver(), "", None, ())


def project_admin_namespaces() -> set[str]:
    """URL namespaces of the admin viewsets and snippets that the project registers for its own models."""
    admin_viewsets.populate()
    found = set()
    for viewset in admin_viewsets.viewsets:
        model = getattr(viewset, "model", None)
        app_label = getattr(getattr(model, "_meta", None), "app_label", None)
        if app_label in PROJECT_APPS or type(viewset).__module__.split(".")[0] in PROJECT_APPS:
            found.add(viewset.url_namespace)
    return found


def routes_with_identifiers() -> list[Route]:
    namespaces = project_admin_namespaces()
    chosen = {}
    for route in routes():
        if not route.identifiers:
            continue
        if route.is_admin and route.name.split(":")[0] not in namespaces:
            continue
        chosen.setdefault(route.name, route)
    return list(chosen.values())


def page_routes_with_identifiers() -> list[Route]:
    """Routes inside the project's routable pages (a quiz's attempt and result) that name an object."""
    from django.apps import apps
    from wagtail.contrib.routable_page.models import RoutablePageMixin

    found = []
    for model in apps.get_models():
        if not issubclass(model, RoutablePageMixin) or model._meta.app_label not in PROJECT_APPS:
            continue
        for pattern in model.get_subpage_urls():
            route = Route(f"page:{model.__name__}.{pattern.name}", str(pattern.pattern), _arguments(pattern))
            if route.identifiers:
                found.append(route)
    return found


def routes_without_identifiers() -> list[Route]:
    namespaces = project_admin_namespaces()
    chosen = {}
    for route in routes():
        if route.identifiers or not route.name:
            continue
        if route.is_admin and route.name.split(":")[0] not in namespaces:
            continue
        chosen.setdefault(route.name, route)
    return list(chosen.values())


# Who may use an object's URL. Anyone else signed in gets `denied` (404 unless said otherwise); anonymous
# visitors are sent to sign in unless the URL is public.
ALL_SIGNED_IN = frozenset(
    {"learner", "coordinator_other", "coordinator", "organiser_other", "organiser", "editor", "admin"}
)
ADMIN = frozenset({"admin"})
COORDINATOR = frozenset({"coordinator", "admin"})
ORGANISER = frozenset({"organiser", "admin"})
COORDINATOR_OR_ORGANISER = frozenset({"coordinator", "organiser", "admin"})
# Organisers compile lists across units, so every organiser reads every roster (units/access.py).
ROSTER_READERS = COORDINATOR_OR_ORGANISER | {"organiser_other"}


@dataclass(frozen=True)
class Entry:
    """How to reach one URL's object, and what each role gets.

    `arguments` turns the world into the URL's keyword arguments (or a path, for the routes of a page).
    `allow` may use the URL: a GET answers 200 (or `allowed_get`), a POST anything but 404, 403 or 500.
    `denied` maps a role (or "role:method") to its answer when it is not 404; `public` URLs do not send anonymous
    visitors away. `get` is the answer of a GET for every signed-in role when the URL takes POST only.
    """

    arguments: Callable
    allow: frozenset = frozenset()
    denied: dict = field(default_factory=dict)
    public: bool = False
    get: int | None = None
    allowed_get: tuple = (200,)


EVERYONE = ALL_SIGNED_IN | {"anonymous"}
NOT_ORGANISERS_403 = {"learner": 403, "coordinator_other": 403, "coordinator": 403, "editor": 403}


def _everyone(status: int) -> dict:
    return dict.fromkeys(EVERYONE, status)


def _everyone_signed_in(status: int) -> dict:
    return dict.fromkeys(ALL_SIGNED_IN, status)


def _everyone_on(method: str, status: int) -> dict:
    return {f"{role}:{method}": status for role in EVERYONE}


def _page(attr: str, route: str):
    def path(w):
        page = getattr(w, attr)
        return page.url + route.format(w=w)

    return path


ENTRIES: dict[str, Entry] = {
    # Accounts: a wrong or stale key answers with allauth's "bad link" page.
    "account_confirm_email": Entry(
        lambda w: {"key": "khong-hop-le"}, public=True, allow=EVERYONE, denied=_everyone_on("post", 404)
    ),
    "account_reset_password_from_key": Entry(
        lambda w: {"uidb36": "1", "key": "khong-hop-le"}, public=True, allow=EVERYONE
    ),
    # Officials workspace.
    "units:official_list": Entry(lambda w: {"unit_pk": w.unit_a.pk}, allow=ROSTER_READERS),
    "units:official_create": Entry(lambda w: {"unit_pk": w.unit_a.pk}, allow=COORDINATOR),
    "units:roster_import_upload": Entry(lambda w: {"unit_pk": w.unit_a.pk}, allow=COORDINATOR),
    "units:roster_import_review": Entry(
        lambda w: {"unit_pk": w.unit_a.pk, "pk": w.roster_import.pk}, allow=COORDINATOR
    ),
    "units:official_detail": Entry(lambda w: {"pk": w.official.pk}, allow=ROSTER_READERS),
    "units:official_edit": Entry(lambda w: {"pk": w.official.pk}, allow=COORDINATOR),
    "units:official_deactivate": Entry(lambda w: {"pk": w.pending_official.pk}, allow=COORDINATOR),
    "units:official_grant_login": Entry(lambda w: {"pk": w.pending_official.pk}, allow=COORDINATOR),
    "units:official_confirm": Entry(lambda w: {"pk": w.pending_official.pk}, allow=COORDINATOR, get=405),
    "units:correction_resolve": Entry(lambda w: {"pk": w.correction.pk}, allow=COORDINATOR, get=405),
    # Classes.
    "training:class_detail": Entry(lambda w: {"pk": w.klass.pk}, allow=COORDINATOR_OR_ORGANISER | {"learner"}),
    # Only coordinators nominate, for their own units; administrators coordinate nothing.
    "training:nominate": Entry(lambda w: {"pk": w.klass.pk}, allow=frozenset({"coordinator"}), get=405),
    "training:nominate_upload": Entry(lambda w: {"pk": w.klass.pk}, allow=frozenset({"coordinator"})),
    "training:class_manage": Entry(lambda w: {"pk": w.klass.pk}, allow=ORGANISER),
    "training:class_edit": Entry(lambda w: {"pk": w.klass.pk}, allow=ORGANISER),
    "training:class_transition": Entry(lambda w: {"pk": w.klass.pk}, allow=ORGANISER, get=405),
    "training:compiled_list": Entry(lambda w: {"pk": w.klass.pk}, allow=ORGANISER),
    "training:organiser_add": Entry(lambda w: {"pk": w.klass.pk}, allow=ORGANISER),
    "training:nomination_withdraw": Entry(lambda w: {"pk": w.nomination.pk}, allow=COORDINATOR_OR_ORGANISER),
    "training:nomination_substitute": Entry(lambda w: {"pk": w.nomination.pk}, allow=COORDINATOR_OR_ORGANISER),
    "training:nomination_approve": Entry(lambda w: {"pk": w.nomination.pk}, allow=ORGANISER, get=405),
    "training:nomination_reject": Entry(lambda w: {"pk": w.nomination.pk}, allow=ORGANISER, get=405),
    "training:session_delete": Entry(lambda w: {"pk": w.session.pk}, allow=ORGANISER, get=405),
    "training:session_marking": Entry(lambda w: {"pk": w.session.pk}, allow=ORGANISER),
    "training:session_counts": Entry(lambda w: {"pk": w.session.pk}, allow=ORGANISER),
    "training:session_qr": Entry(lambda w: {"pk": w.session.pk}, allow=ORGANISER),
    # Without a scanned code (a ticket in the session) check-in answers 400 and shows nothing of the class.
    "training:check_in": Entry(lambda w: {"session_pk": w.session.pk}, denied=_everyone_signed_in(400)),
    "training:check_in_token": Entry(
        lambda w: {"session_pk": w.session.pk, "token": "khong-hop-le"}, public=True, denied=_everyone(400)
    ),
    # Certificates and documents.
    # Public by design: the QR code on the paper leads here; the page shows only what the paper shows.
    "certificates:verify": Entry(
        lambda w: {"code": w.certificate.code}, public=True, allow=EVERYONE, denied=_everyone_on("post", 405)
    ),
    "certificates:pdf": Entry(lambda w: {"pk": w.certificate.pk}, allow=COORDINATOR_OR_ORGANISER | {"learner"}),
    # Users who organise nothing are refused before any certificate is looked up.
    "certificates:revoke": Entry(lambda w: {"pk": w.certificate.pk}, allow=ORGANISER, denied=NOT_ORGANISERS_403),
    "certificates:reissue": Entry(lambda w: {"pk": w.certificate.pk}, allow=ORGANISER, denied=NOT_ORGANISERS_403),
    "certificates:job": Entry(lambda w: {"pk": w.job.pk}, allow=ORGANISER),
    "certificates:job_status": Entry(lambda w: {"pk": w.job.pk}, allow=ORGANISER),
    "certificates:job_download": Entry(lambda w: {"pk": w.job.pk}, allow=ORGANISER),
    "certificates:class_documents": Entry(lambda w: {"pk": w.klass.pk}, allow=ORGANISER),
    "certificates:class_announcement": Entry(
        lambda w: {"pk": w.klass.pk}, allow=COORDINATOR_OR_ORGANISER | {"learner"}
    ),
    "certificates:class_issue": Entry(lambda w: {"pk": w.klass.pk}, allow=ORGANISER, allowed_get=(302,)),
    "certificates:class_document": Entry(
        lambda w: {"pk": w.klass.pk, "kind": "class.participants", "fmt": "csv"}, allow=ORGANISER
    ),
    # Yearly reports and dashboards.
    "reports:report": Entry(
        lambda w: {"year": w.reporting_year.year, "unit_pk": w.unit_a.pk}, allow=COORDINATOR_OR_ORGANISER
    ),
    "reports:report_export": Entry(
        lambda w: {"year": w.reporting_year.year, "unit_pk": w.unit_a.pk, "fmt": "xlsx"},
        allow=COORDINATOR_OR_ORGANISER,
    ),
    "reports:summary": Entry(lambda w: {"year": w.reporting_year.year}, allow=ORGANISER),
    "reports:summary_export": Entry(lambda w: {"year": w.reporting_year.year, "fmt": "csv"}, allow=ORGANISER),
    # Every organiser sees the district's figures and drills down to any unit.
    "reports:unit": Entry(lambda w: {"unit_pk": w.unit_a.pk}, allow=ROSTER_READERS),
    # Learning.
    # The page's script saves answers: JSON answers, 401 when signed out, and another's attempt is "not yours".
    "courses:autosave": Entry(
        lambda w: {"attempt_id": w.attempt.pk},
        allow=frozenset({"learner"}),
        get=405,
        public=True,
        denied={"anonymous:get": 405, "anonymous:post": 401, **{f"{r}:post": 400 for r in ALL_SIGNED_IN - {"learner"}}},
    ),
    "page:QuizPage.attempt_view": Entry(_page("quiz", "bai-lam/{w.attempt.pk}/"), allow=frozenset({"learner"})),
    # The attempt is still open: its result page leads the learner back to it.
    "page:QuizPage.result_view": Entry(
        _page("quiz", "ket-qua/{w.attempt.pk}/"), allow=frozenset({"learner"}), allowed_get=(302,)
    ),
    # Wagtail's own public routes.
    # Documents of the lessons are public content.
    "wagtaildocs_serve": Entry(lambda w: (w.document.pk, w.document.filename), public=True, allow=EVERYONE),
    "wagtaildocs_authenticate_with_password": Entry(lambda w: {"restriction_id": 999_999}, public=True),
    "wagtailcore_authenticate_with_password": Entry(
        lambda w: {"page_view_restriction_id": 999_999, "page_id": w.course.pk}, public=True
    ),
    "wagtail_serve": Entry(_page("course", ""), public=True, allow=EVERYONE),
}


# The project's admin screens: the object each viewset's URLs open, and who besides administrators may use them.
# Editors keep the question bank; units, roles, successions, certificate settings and reporting years are for
# administrators only.
EDITORS = ADMIN | {"editor"}
ADMIN_OBJECTS: dict[str, tuple[str, frozenset]] = {
    "unit": ("unit_a", ADMIN),
    "unitsuccession": ("succession", ADMIN),
    "roleassignment": ("role_assignment", ADMIN),
    "certificatesettings": ("office_settings", ADMIN),
    "reportingyear": ("reporting_year", ADMIN),
    "wagtailsnippets_courses_question": ("question", EDITORS),
    "wagtailsnippets_courses_questioncategory": ("category", EDITORS),
    "wagtailsnippets_courses_legaldocument": ("legal_document", EDITORS),
    "wagtailsnippetchoosers_courses_question": ("question", EDITORS),
    "wagtailsnippetchoosers_courses_questioncategory": ("category", EDITORS),
    "wagtailsnippetchoosers_courses_legaldocument": ("legal_document", EDITORS),
}
ADMIN_ACTIONS = {"edit", "delete", "usage", "history", "history_results", "copy", "chosen"}


def admin_entry(name: str) -> Entry | None:
    namespace, _sep, action = name.partition(":")
    if namespace not in ADMIN_OBJECTS or action not in ADMIN_ACTIONS:
        return None
    attr, allowed = ADMIN_OBJECTS[namespace]
    return Entry(lambda w: {"pk": getattr(w, attr).pk}, allow=allowed)


def entry_for(name: str) -> Entry | None:
    return ENTRIES.get(name) or admin_entry(name)


# Arguments of list URLs that take a format rather than an object.
LIST_ARGUMENTS = {"units:personal_data_download": {"fmt": "xlsx"}, "certificates:register_export": {"fmt": "csv"}}


def path_for(w, name: str) -> str:
    """The address of a URL name (or a page route) filled from the world."""
    if name in LIST_ARGUMENTS or (name not in ENTRIES and admin_entry(name) is None):
        return reverse(name, kwargs=LIST_ARGUMENTS.get(name))
    arguments = entry_for(name).arguments(w)
    if isinstance(arguments, str):
        return arguments
    if isinstance(arguments, tuple):
        return reverse(name, args=arguments)
    return reverse(name, kwargs=arguments)
