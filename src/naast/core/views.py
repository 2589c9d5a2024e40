"""Pages every deployment has: the public home, the staff overview, and the health check."""

import logging

from django.contrib.auth.decorators import login_required
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections
from django.http import JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from .extensions import dashboard_tasks, menu_items, public_links

logger = logging.getLogger("naast.health")


def home(request):
    links = [{"url": reverse(link.url_name), "label": link.label, "text": link.text} for link in public_links()]
    return render(request, "core/home.html", {"public_links": links})


@login_required
def dashboard(request):
    tasks = dashboard_tasks(request.user)  # each app's block of today's work (its menu.py TASKS)
    covered = {"core:dashboard"}.union(*(task.covers for task in tasks))
    items = [item for item in menu_items() if item.allowed(request.user) and item.url_name not in covered]
    return render(request, "core/dashboard.html", {"tasks": tasks, "shortcuts": items})


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
