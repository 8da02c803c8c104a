"""Browser tests: Playwright driving Debian's Chromium against the live test server.

Every page opened through `chromium_page` is also checked against the Content Security Policy: a violation,
reported by the browser as an event or on the console, fails the test.
"""

from __future__ import annotations

import os
from contextlib import contextmanager

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
CSP_MARKERS = ("Content Security Policy", "Content-Security-Policy", "Refused to")
# Runs before the page's own scripts; it is injected by the browser, so the page's policy does not stop it.
REPORT_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", (event) => {
  window.lmsCspViolation(`${event.violatedDirective} blocked ${event.blockedURI || "inline"} at ${event.documentURI}`);
});
"""


@contextmanager
def chromium_page(viewport: dict | None = None):
    """A fresh page; Playwright's sync API runs an event loop, so Django must allow ORM calls beside it."""
    from playwright.sync_api import sync_playwright

    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        context = browser.new_context(viewport=viewport or {"width": 1280, "height": 900}, locale="vi-VN")
        violations: list[str] = []
        context.expose_function("lmsCspViolation", lambda text: violations.append(text))
        context.add_init_script(REPORT_VIOLATIONS)
        page = context.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda error: errors.append(str(error)))

        def on_console(message):
            if message.type == "error":
                errors.append(message.text)
            if any(marker in message.text for marker in CSP_MARKERS):
                violations.append(message.text)

        page.on("console", on_console)
        page.js_errors = errors
        page.csp_violations = violations
        try:
            yield page
            # Events are delivered asynchronously; give the last page a moment to report.
            page.wait_for_timeout(100)
            assert violations == [], f"Content Security Policy violations: {violations}"
        finally:
            context.close()
            browser.close()
            # Inside Playwright's event loop Django may open a separate connection for this thread: close it,
            # or the PostgreSQL test database cannot be dropped at the end of the run.
            from django.db import connections

            connections.close_all()


def sign_in(page, base_url: str, username: str, password: str = "pw-Test-2026") -> None:
    page.goto(f"{base_url}/tai-khoan/login/")
    page.fill("input[name=login]", username)
    page.fill("input[name=password]", password)
    page.click("main button[type=submit]")
