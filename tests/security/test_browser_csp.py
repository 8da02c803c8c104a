"""In Chromium: the pages of every role satisfy the Content Security Policy and run without script errors."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.browser import chromium_page, sign_in
from tests.security import world
from tests.security.conftest import count

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("home_page")]


def _pages(w) -> dict[str, list[str]]:
    year = w.reporting_year.year
    public = [
        "/",
        w.course.url,
        w.lesson.url,
        w.quiz.url,
        reverse("certificates:verify_form"),
        reverse("certificates:verify", args=[w.certificate.code]),
        reverse("courses:search") + "?q=dan+chu",
    ]
    return {
        "anonymous": [*public, reverse("account_login"), reverse("account_reset_password")],
        "learner": [
            *public,
            w.quiz.url + f"bai-lam/{w.attempt.pk}/",
            reverse("courses:my_courses"),
            reverse("training:my_classes"),
            reverse("training:class_detail", args=[w.klass.pk]),
            reverse("certificates:mine"),
            reverse("reports:learner"),
            reverse("units:profile"),
            reverse("notices"),
        ],
        "coordinator": [
            reverse("units:workspace"),
            reverse("units:official_list", args=[w.unit_a.pk]),
            reverse("units:official_detail", args=[w.official.pk]),
            reverse("units:official_edit", args=[w.official.pk]),
            reverse("units:roster_import_upload", args=[w.unit_a.pk]),
            reverse("units:roster_import_review", args=[w.unit_a.pk, w.roster_import.pk]),
            reverse("training:class_list"),
            reverse("training:class_detail", args=[w.klass.pk]),
            reverse("training:nominate_upload", args=[w.klass.pk]),
            reverse("reports:coordinator"),
            reverse("reports:report", args=[year, w.unit_a.pk]),
        ],
        "organiser": [
            reverse("training:class_manage", args=[w.klass.pk]),
            reverse("training:compiled_list", args=[w.klass.pk]),
            reverse("training:session_marking", args=[w.session.pk]),
            reverse("training:session_qr", args=[w.session.pk]),
            reverse("certificates:manage"),
            reverse("certificates:issue"),
            reverse("certificates:class_documents", args=[w.klass.pk]),
            reverse("certificates:job", args=[w.job.pk]),
            reverse("certificates:access_register"),
            reverse("reports:organiser"),
            reverse("reports:summary", args=[year]),
            reverse("units:audit_log"),
        ],
    }


@pytest.mark.parametrize("role", ["anonymous", "learner", "coordinator", "organiser"])
def test_pages_of_each_role_satisfy_the_content_security_policy(live_server, role):
    w = world.build()
    with chromium_page() as page:
        if w.users[role] is not None:
            sign_in(page, live_server.url, w.users[role].username)
            page.wait_for_load_state()
        for path in _pages(w)[role]:
            response = page.goto(live_server.url + path)
            count("browser csp")
            assert response.status < 400, (path, response.status)
            assert "default-src 'self'" in (response.header_value("content-security-policy") or ""), path
        assert page.js_errors == []


def test_an_inline_script_is_caught_as_a_violation(live_server):
    """The control: the check above can fail, because the browser reports what the policy blocks."""
    with pytest.raises(AssertionError, match="Content Security Policy violations"), chromium_page() as page:
        page.goto(live_server.url + reverse("certificates:verify_form"))
        page.evaluate(
            "() => { const s = document.createElement('script'); s.textContent = 'window.x = 1';"
            " document.head.appendChild(s); }"
        )
    count("browser csp")
