"""The report's covering indexes on the help requests, as they stand after the latest migration
(`reports.0003`, `reports.0004`; docs/reports.md "Covering indexes"). They are plain SQL that both
databases accept, outside the registry's model state, so SQLite drops them whenever a migration
rebuilds the help requests' table (adding a column does): after every `migrate` the missing ones
are made again (`ensure`, a `post_migrate` receiver), so a report never silently loses its index
ranges. A change of their columns still takes a migration (which drops and makes them)."""

from __future__ import annotations

from django.db import connections

TABLE = "registry_helprequest"
RECEIVED = (
    "received_at, closed_at, status, outcome, is_quick_log, client_id, minutes_spent, channel, referrer, urgency, "
    "target_group_id, district_id, first_contact_due, first_contact_at, appointment_due, appointment_at, id, "
    "municipality_id, organisation_id, pickup_due, picked_up_at, life_domain_key"
)
CLOSED = ("closed_at, received_at, status, outcome, is_quick_log, client_id, minutes_spent, municipality_id, "
          "organisation_id")
INDEXES = {
    "reports_hr_recv": RECEIVED,
    "reports_hr_recv_muni": f"municipality_id, {RECEIVED}",
    "reports_hr_recv_org": f"organisation_id, {RECEIVED}",
    "reports_hr_close": CLOSED,
    "reports_hr_close_muni": f"municipality_id, {CLOSED}",
    "reports_hr_close_org": f"organisation_id, {CLOSED}",
}


def missing(using: str = "default") -> list[str]:
    connection = connections[using]
    with connection.cursor() as cursor:
        existing = set(connection.introspection.get_constraints(cursor, TABLE))
    return [name for name in INDEXES if name not in existing]


def ensure(using: str = "default") -> list[str]:
    """Make the missing indexes; returns their names."""
    made = missing(using)
    with connections[using].cursor() as cursor:
        for name in made:
            cursor.execute(f"CREATE INDEX IF NOT EXISTS {name} ON {TABLE} ({INDEXES[name]})")
    return made
