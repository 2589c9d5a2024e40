"""Pages every deployment has: the public home, the staff overview, and the health check."""

import datetime
import logging

from django.contrib.auth.decorators import login_required
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections
from django.http import JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from .extensions import dashboard_tasks, menu_items, public_links

logger = logging.getLogger("naast.health")


def home(request):
    links = [{"url": reverse(link.url_name), "label": link.label, "text": link.text} for link in public_links()]
    return render(request, "core/home.html", {"public_links": links})


# The date of the accessibility statement (the Dutch government's model asks for it): update it
# with the statement's text when the public pages are tested again.
ACCESSIBILITY_STATEMENT_DATE = datetime.date(2026, 12, 6)


def privacy_statement(request):
    return render(request, "core/privacy.html")


def accessibility_statement(request):
    return render(request, "core/accessibility.html", {"statement_date": ACCESSIBILITY_STATEMENT_DATE})


@login_required
def dashboard(request):
    tasks = dashboard_tasks(request.user)  # each app's block of today's work (its menu.py TASKS)
    covered = {"core:dashboard"}.union(*(task.covers for task in tasks))
    items = [item for item in menu_items() if item.allowed(request.user) and item.url_name not in covered]
    return render(request, "core/dashboard.html", {"tasks": tasks, "shortcuts": items})


@require_GET
def favicon(request):
    """Browsers ask /favicon.ico of pages without an icon link (a plain-text page such as
    /healthz). Answered by the static icon, not by the 404 page: that page carries the language
    form, and rendered for a visitor without a CSRF cookie it hands out a new one, which can replace
    the cookie of the page the visitor is filling in (its form then fails with "CSRF token
    incorrect")."""
    from django.http import HttpResponsePermanentRedirect
    from django.templatetags.static import static

    return HttpResponsePermanentRedirect(static("naast/favicon.svg"))


@require_GET
@never_cache
def healthz(request):
    """200 when the main database answers; 503 with the failing part otherwise. A read replica
    (`DATABASE_REPLICA_URL`) that does not answer is reported ("degraded") but keeps 200: the
    reports then read from the main database, and a load balancer should not take every server
    out for it."""
    checks = {}
    healthy, degraded = True, False
    for alias in connections:
        try:
            with connections[alias].cursor() as cursor:
                cursor.execute("SELECT 1")
                cursor.fetchone()
            checks[f"database:{alias}"] = "ok"
        except DatabaseError as exc:
            if alias == DEFAULT_DB_ALIAS:
                healthy = False
            else:
                degraded = True
            checks[f"database:{alias}"] = "error"
            logger.error("health check failed", extra={"database": alias, "error": str(exc)})
    if healthy and degraded:
        return JsonResponse({"status": "degraded", "checks": checks}, status=200)
    return JsonResponse({"status": "ok" if healthy else "error", "checks": checks}, status=200 if healthy else 503)


# The fields residents write their own words in (the help form, the follow-up page, the survey):
# kept on the page when a form fails its CSRF check, so nothing typed is lost.
TYPED_FIELDS = ("question", "msg-text", "other-reason", "comment")


def csrf_failure(request, reason: str = ""):
    """settings.CSRF_FAILURE_VIEW: a form arrived without a valid security token, mostly because
    the browser blocks cookies or the page was open for very long. Instead of Django's bare page,
    a Naast page in the resident's language: what happened and what to do, the text they typed
    (to copy, or to send again from this page) and the phone number. The reason and the text go
    in no log line."""
    typed = [value for name in TYPED_FIELDS if (value := (request.POST.get(name) or "").strip())]
    response = render(request, "csrf_failure.html", {"typed": "\n\n".join(typed), "back": request.path},
                      status=403)
    add_never_cache_headers(response)  # it shows what the resident typed: no cache may keep it
    return response
