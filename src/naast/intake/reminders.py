"""Deadline reminders for coordinators (`naast send-reminders`, run by cron).

A coordinator gets one e-mail listing the requests of their organisation (and of the shared
front-door queue) whose first contact is due within one working day or overdue. Each
(request, kind, deadline) is mailed once: `ReminderSent` remembers it, so running the command
every hour never repeats a reminder, while a changed deadline or a request turning overdue does
produce a new one. The e-mails go through the outbox: recorded together with the reminders, and
tried again by `naast send-mail` while the mail server is down.

Two runs at once (two servers' cron) never remind twice: the reminders are claimed by inserting
their `ReminderSent` rows (INSERT ... ON CONFLICT DO NOTHING RETURNING), and a run e-mails only
what its own insert returned, in the same transaction. A run that lost every row to the other
sends nothing. The command also takes the single-run lock (`naast.core.locks`), but correctness
does not depend on it.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from naast.accounts.models import User
from naast.accounts.roles import Role
from naast.core.links import absolute_url
from naast.core.models import OutgoingMail
from naast.core.outbox import queue_mail
from naast.registry.lifecycle import end_of_next_working_day
from naast.registry.models import HelpRequest

from .models import ReminderSent

MAX_LISTED = 200


@dataclass
class ReminderResult:
    requests: int = 0
    emails: int = 0


def due_requests(now: datetime):
    sent = ReminderSent.objects.filter(help_request=OuterRef("pk"), due=OuterRef("first_contact_due"))
    return (
        HelpRequest.objects.open()
        .filter(first_contact_at__isnull=True, first_contact_due__lte=end_of_next_working_day(now))
        .annotate(
            sent_overdue=Exists(sent.filter(kind=ReminderSent.Kind.OVERDUE)),
            sent_soon=Exists(sent.filter(kind=ReminderSent.Kind.DUE_SOON)),
        )
        .only("pk", "reference", "organisation_id", "first_contact_due", "urgency")
        .order_by("first_contact_due")
    )


def send_reminders(now: datetime | None = None) -> ReminderResult:
    now = now or timezone.now()
    pending: list[tuple[HelpRequest, str]] = []
    for hr in due_requests(now).iterator(chunk_size=2000):
        kind = ReminderSent.Kind.OVERDUE if hr.first_contact_due < now else ReminderSent.Kind.DUE_SOON
        already = hr.sent_overdue if kind == ReminderSent.Kind.OVERDUE else hr.sent_soon
        if not already:
            pending.append((hr, kind))
    result = ReminderResult(requests=len(pending))
    if not pending:
        return result
    coordinators = list(
        User.objects.filter(is_active=True, role_grants__role=Role.COORDINATOR).exclude(email="").distinct()
    )
    per_coordinator: dict[int, list[tuple[HelpRequest, str]]] = defaultdict(list)
    for hr, kind in pending:
        for coordinator in coordinators:
            if hr.organisation_id is None or hr.organisation_id == coordinator.organisation_id:
                per_coordinator[coordinator.pk].append((hr, kind))
    with transaction.atomic():
        claimed = _claim(pending, now)
        per_coordinator = {pk: [item for item in items if (item[0].pk, item[1]) in claimed]
                           for pk, items in per_coordinator.items()}
        messages = []
        with override(settings.LANGUAGE_CODE):
            for coordinator in coordinators:
                items = per_coordinator.get(coordinator.pk)
                if items:
                    messages.append(_message(coordinator, items))
        for subject, body, to in messages:
            queue_mail(kind=OutgoingMail.Kind.REMINDER, to=to, subject=subject, body=body)
    result.requests = len(claimed)
    result.emails = len(messages)
    return result


def _claim(pending: list[tuple[HelpRequest, str]], now: datetime) -> set[tuple[int, str]]:
    """Insert a `ReminderSent` row for each (request, kind) at its current deadline; returns the
    ones this run inserted. A row another run inserted first (its transaction committed, or, on
    PostgreSQL, still open: the insert waits for it) is not returned, so only one run mails it."""
    table = connection.ops.quote_name(ReminderSent._meta.db_table)
    fields = [ReminderSent._meta.get_field(name) for name in ("help_request", "kind", "due", "sent_at")]
    columns = ", ".join(connection.ops.quote_name(field.column) for field in fields)
    returning = ", ".join(connection.ops.quote_name(field.column) for field in fields[:2])
    claimed: set[tuple[int, str]] = set()
    with connection.cursor() as cursor:
        if not connection.features.can_return_columns_from_insert:  # SQLite before 3.35: row by row
            for hr, kind in pending:
                cursor.execute(f"INSERT INTO {table} ({columns}) VALUES (%s, %s, %s, %s) ON CONFLICT DO NOTHING",
                               [hr.pk, kind, fields[2].get_db_prep_value(hr.first_contact_due, connection),
                                fields[3].get_db_prep_value(now, connection)])
                if cursor.rowcount == 1:
                    claimed.add((hr.pk, kind))
            return claimed
        for start in range(0, len(pending), 500):
            batch = pending[start:start + 500]
            params = []
            for hr, kind in batch:
                params += [hr.pk, kind, fields[2].get_db_prep_value(hr.first_contact_due, connection),
                           fields[3].get_db_prep_value(now, connection)]
            values = ", ".join(["(%s, %s, %s, %s)"] * len(batch))
            cursor.execute(f"INSERT INTO {table} ({columns}) VALUES {values} "
                           f"ON CONFLICT DO NOTHING RETURNING {returning}", params)
            claimed.update((pk, kind) for pk, kind in cursor.fetchall())
    return claimed


def _message(coordinator: User, items: list[tuple[HelpRequest, str]]) -> tuple[str, str, str]:
    overdue = sum(1 for _hr, kind in items if kind == ReminderSent.Kind.OVERDUE)
    lines = [
        _("Help requests whose first contact is overdue or due within one working day:"),
        "",
    ]
    for hr, kind in items[:MAX_LISTED]:
        label = _("OVERDUE") if kind == ReminderSent.Kind.OVERDUE else _("due soon")
        urgent = " (" + _("urgent") + ")" if hr.urgency == "urgent" else ""
        lines.append(f"- {hr.reference}{urgent}: {label}, {timezone.localtime(hr.first_contact_due):%d-%m-%Y %H:%M}")
    if len(items) > MAX_LISTED:
        lines.append(_("… and %(n)s more: see the queue.") % {"n": len(items) - MAX_LISTED})
    lines += ["", _("Open the queue after logging in: %(path)s") % {"path": absolute_url(reverse("intake:queue"))}]
    subject = _("Deadlines: %(overdue)s overdue, %(soon)s due soon") % {
        "overdue": overdue, "soon": len(items) - overdue}
    return subject, "\n".join(lines), coordinator.email


def refresh_planner_statistics() -> None:
    """SQLite only: `PRAGMA optimize`, which runs ANALYZE on the tables this connection read
    (the help requests, just now) when their statistics are missing or far out of date.

    Without statistics SQLite's planner guesses, and for the coordinator's queue it guesses
    wrong: it reads all open requests through the status index and sorts them, instead of
    walking the partial queue index in order (milliseconds against a quarter second at 100,000
    open requests). PostgreSQL keeps its statistics itself (autovacuum).
    """
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA optimize")
