"""Pages every deployment has: the public home, the staff overview, and the health check."""

import datetime as dt
import logging
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.apps import apps
from django.contrib.auth.decorators import login_required
from django.db import DatabaseError, connections
from django.http import JsonResponse
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from .extensions import menu_items, public_links

logger = logging.getLogger("naast.health")


def home(request):
    links = [{"url": reverse(link.url_name), "label": link.label, "text": link.text} for link in public_links()]
    return render(request, "core/home.html", {"public_links": links})


# --- the staff overview ------------------------------------------------------------------------
@dataclass
class Figure:
    """One number on the overview, as a sentence ("3 help requests late") linking to its page."""

    text: str
    url: str
    count: int = 0


@dataclass
class Task:
    """One block of "what to do today" for a role: numbers and links, never client data."""

    title: str
    figures: list[Figure] = field(default_factory=list)
    links: list[dict] = field(default_factory=list)  # {"url", "label"}
    covers: set[str] = field(default_factory=set)  # menu url names this block replaces as a card


def _url(name: str, **query) -> str:
    """The URL of `name` with a query string, or "" when the app providing it is not installed."""
    try:
        url = reverse(name)
    except NoReverseMatch:
        return ""
    return f"{url}?{urlencode(query)}" if query else url


def _installed(*names: str) -> bool:
    return all(apps.is_installed(f"naast.{name}") for name in names)


def _today_bounds() -> tuple[dt.datetime, dt.date]:
    today = timezone.localdate()
    return timezone.make_aware(dt.datetime.combine(today, dt.time.min)), today


def _queue_task(user) -> Task | None:
    """Coordinator: the front-door queue's figures, from the queue's own aggregate (one query)."""
    from naast.intake import selectors as intake_selectors
    from naast.privacy import policy

    url = _url("intake:queue")
    if not url or not policy.can_manage_queue(user):
        return None
    _rows, counts = intake_selectors.queue(user)
    return Task(
        _("The queue"),
        [
            Figure(ngettext("%(n)s help request late", "%(n)s help requests late", counts["overdue"])
                   % {"n": counts["overdue"]}, url, counts["overdue"]),
            Figure(ngettext("%(n)s due today", "%(n)s due today", counts["due_today"])
                   % {"n": counts["due_today"]}, url, counts["due_today"]),
            Figure(ngettext("%(n)s not assigned yet", "%(n)s not assigned yet", counts["unassigned"])
                   % {"n": counts["unassigned"]}, url, counts["unassigned"]),
        ],
        covers={"intake:queue"},
    )


def _caseload_task(user) -> Task | None:
    """Supporter: their own open requests (the caseload page's query), this week's appointments
    and first contacts past their deadline; two aggregate queries."""
    from django.db.models import Count, Q

    from naast.accounts.roles import Role
    from naast.casework import selectors as casework_selectors
    from naast.casework.models import Appointment
    from naast.privacy import policy
    from naast.registry.models import HelpRequest

    url = _url("casework:caseload")
    if not url or not (policy.sees_client_data(user) and user.has_role(Role.SUPPORTER)):
        return None
    now = timezone.now()
    own = casework_selectors.caseload_requests(user, supporter=user).values("pk")
    counts = HelpRequest.objects.filter(pk__in=own).aggregate(
        open=Count("pk"),
        late=Count("pk", filter=Q(first_contact_at__isnull=True, first_contact_due__lt=now)),
    )
    today = timezone.localdate()
    week_end = timezone.make_aware(dt.datetime.combine(today + dt.timedelta(days=7 - today.weekday()), dt.time.min))
    appointments = Appointment.objects.filter(
        supporters=user, cancelled_at__isnull=True, starts_at__gte=now, starts_at__lt=week_end
    ).count()
    return Task(
        _("My help requests"),
        [
            Figure(ngettext("%(n)s open help request", "%(n)s open help requests", counts["open"])
                   % {"n": counts["open"]}, url, counts["open"]),
            Figure(ngettext("%(n)s appointment this week", "%(n)s appointments this week", appointments)
                   % {"n": appointments}, url, appointments),
            Figure(ngettext("%(n)s first contact late", "%(n)s first contacts late", counts["late"])
                   % {"n": counts["late"]}, url, counts["late"]),
        ],
        covers={"casework:caseload"},
    )


def _desk_task(user) -> Task | None:
    """Desk: register a request; how many the desk may see came in today (one count)."""
    from naast.accounts.roles import Role
    from naast.privacy import policy
    from naast.registry.models import HelpRequest

    register = _url("intake:desk")
    if not user.has_role(Role.DESK) or not policy.can_register_requests(user):
        return None
    start, _today = _today_bounds()
    received = policy.visible_help_requests(user, HelpRequest.objects.filter(received_at__gte=start)).count()
    task = Task(_("Front desk"), covers={"intake:desk"})
    if register:
        task.links.append({"url": register, "label": _("Register a help request")})
    task.figures.append(Figure(ngettext("%(n)s help request received today", "%(n)s help requests received today",
                                        received) % {"n": received}, _url("registry:list"), received))
    return task


def _reports_task(user) -> Task | None:
    """Funders and auditors: their reports; aggregates only, so no numbers here."""
    from naast.accounts.roles import Role
    from naast.reports.selectors import can_see_reports

    url = _url("reports:monitor")
    if not url or not user.has_role(Role.FUNDER, Role.AUDITOR) or not can_see_reports(user):
        return None
    return Task(_("Reports"), links=[{"url": url, "label": _("Open the reports")}], covers={"reports:monitor"})


def _audit_task(user) -> Task | None:
    """Privacy officer: the audit log and today's number of events (one count)."""
    from naast.privacy import policy
    from naast.privacy.selectors import audit_events

    url = _url("privacy:audit_log")
    if not url or not policy.can_read_audit_log(user):
        return None
    _start, today = _today_bounds()
    events = audit_events(date_from=today, date_to=today).count()
    today_url = _url("privacy:audit_log", date_from=today.isoformat(), date_to=today.isoformat())
    return Task(
        _("Audit log"),
        [Figure(ngettext("%(n)s event today", "%(n)s events today", events) % {"n": events}, today_url, events)],
        [{"url": url, "label": _("Open the audit log")}],
        covers={"privacy:audit_log"},
    )


def _admin_task(user) -> Task | None:
    """Functional administrator: the Django admin; and for whoever keeps the social map up to
    date, the number of services due for a check (one count)."""
    from .menu import can_use_admin

    # Titled for what it holds: the admin for the administrator, else only the map's to-check list.
    task = Task(_("Administration") if can_use_admin(user) else _("Social map"))
    if can_use_admin(user):
        task.links.append({"url": reverse("admin:index"), "label": _("Open the administration")})
        task.covers.add("admin:index")
    if _installed("socialmap"):
        from naast.socialmap.permissions import can_edit_map
        from naast.socialmap.selectors import stale_services

        todo = _url("socialmap:todo")
        if todo and can_edit_map(user):
            stale = stale_services().order_by().count()
            task.figures.append(Figure(ngettext("%(n)s service on the social map to check",
                                                "%(n)s services on the social map to check", stale)
                                       % {"n": stale}, todo, stale))
            task.covers.add("socialmap:todo")
    return task if task.links or task.figures else None


TASKS = (
    (("intake", "privacy"), _queue_task),
    (("casework", "privacy", "registry"), _caseload_task),
    (("intake", "privacy", "registry"), _desk_task),
    (("reports",), _reports_task),
    (("privacy",), _audit_task),
    ((), _admin_task),
)


def dashboard_tasks(user) -> list[Task]:
    """What each of the user's roles has to do today, in a fixed number of queries (one or two
    aggregates per block, whatever the amount of data). Only counts the requests the user may
    see (need-to-know policy), through the same selectors as the pages the numbers link to."""
    return [task for needs, build in TASKS if _installed(*needs) and (task := build(user)) is not None]


@login_required
def dashboard(request):
    tasks = dashboard_tasks(request.user)
    covered = {"core:dashboard"}.union(*(task.covers for task in tasks))
    items = [item for item in menu_items() if item.allowed(request.user) and item.url_name not in covered]
    return render(request, "core/dashboard.html", {"tasks": tasks, "shortcuts": items})


@require_GET
@never_cache
def healthz(request):
    """200 when every configured database answers; 503 with the failing part otherwise."""
    checks = {}
    healthy = True
    for alias in connections:
        try:
            with connections[alias].cursor() as cursor:
                cursor.execute("SELECT 1")
                cursor.fetchone()
            checks[f"database:{alias}"] = "ok"
        except DatabaseError as exc:
            healthy = False
            checks[f"database:{alias}"] = "error"
            logger.error("health check failed", extra={"database": alias, "error": str(exc)})
    return JsonResponse({"status": "ok" if healthy else "error", "checks": checks}, status=200 if healthy else 503)
