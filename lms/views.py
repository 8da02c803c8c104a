"""Site-wide views: the health check and the user's notices."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.utils import timezone
from django.views.decorators.cache import never_cache

from lms import notifications


def _database() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return "ok"


def _cache() -> str:
    cache.set("healthz", "1", 5)
    if cache.get("healthz") != "1":
        raise RuntimeError("cache did not return what was stored")
    return "ok"


def _broker() -> str:
    from lms.celery import app

    if app.conf.task_always_eager:
        return "eager"
    with app.connection_for_write() as conn:
        conn.ensure_connection(max_retries=1, timeout=2)
    return "ok"


@never_cache
def healthz(request):
    """State of the database, the cache and the broker; 503 when any of them is down."""
    report = {}
    healthy = True
    for name, check in (("database", _database), ("cache", _cache), ("broker", _broker)):
        try:
            report[name] = check()
        except Exception as exc:  # any failure of a dependency is reported, not raised
            healthy = False
            report[name] = f"error: {exc.__class__.__name__}"
            if settings.DEBUG:
                report[name] += f": {exc}"
    report["status"] = "ok" if healthy else "error"
    return JsonResponse(report, status=200 if healthy else 503)


@login_required
def notices(request):
    """The user's notices; opening the page marks them read (by POST from the button)."""
    from lms.models import Notification

    if request.method == "POST":
        Notification.objects.filter(user=request.user, read_at__isnull=True).update(read_at=timezone.now())
        notifications.forget_unread(request.user.pk)
        return redirect("notices")
    items = Notification.objects.filter(user=request.user)[:100]
    return render(request, "lms/notices.html", {"items": items})


def favicon(request):
    """Browsers ask for /favicon.ico on pages that name no icon (error pages, files)."""
    return redirect(static("img/favicon.svg"), permanent=True)
