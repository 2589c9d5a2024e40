"""Covering indexes for the report's three kinds of index range (see monitor.period_parts).

A period's requests are read as UNION ALL parts: received in the period (a range on
received_at) and received earlier but closed at or after its start or still open (ranges on
closed_at, where NULL sorts as one value). Each index starts with the scope (none, municipality,
organisation) and the range column and carries every column the report reads from that part, so
both databases answer from the index alone (an index-only scan on PostgreSQL after VACUUM; a
covering index on SQLite) instead of fetching each row from the table. The closed_at indexes
carry only the columns the earlier parts need (the breakdowns count requests received in the
period, which the received_at indexes serve). Every index also carries both scope columns, so a
report for one organisation within one municipality is still answered from an index (without
them SQLite picks the registry's (municipality, received_at) index and reads nine years of rows). They replace 0002's (municipality/organisation,
closed_at) indexes. RunSQL keeps the registry's model state untouched; both SQLite and
PostgreSQL accept these statements. The front door's partial queue indexes are not touched.
"""

from django.db import migrations

RECEIVED = (
    "received_at, closed_at, status, outcome, is_quick_log, client_id, minutes_spent, channel, referrer, urgency, "
    "target_group_id, district_id, first_contact_due, first_contact_at, appointment_due, appointment_at, id, "
    "municipality_id, organisation_id"
)
CLOSED = "closed_at, received_at, status, outcome, is_quick_log, client_id, minutes_spent, municipality_id, organisation_id"

INDEXES = {
    "reports_hr_recv": RECEIVED,
    "reports_hr_recv_muni": f"municipality_id, {RECEIVED}",
    "reports_hr_recv_org": f"organisation_id, {RECEIVED}",
    "reports_hr_close": CLOSED,
    "reports_hr_close_muni": f"municipality_id, {CLOSED}",
    "reports_hr_close_org": f"organisation_id, {CLOSED}",
}

OLD_INDEXES = {
    "reports_hr_muni_closed": "municipality_id, closed_at",
    "reports_hr_org_closed": "organisation_id, closed_at",
}


def create(indexes: dict) -> list[str]:
    return [f"CREATE INDEX IF NOT EXISTS {name} ON registry_helprequest ({columns})" for name, columns in indexes.items()]


def drop(indexes: dict) -> list[str]:
    return [f"DROP INDEX IF EXISTS {name}" for name in indexes]


class Migration(migrations.Migration):
    dependencies = [("reports", "0002_reporting_indexes"), ("registry", "0001_initial")]

    operations = [
        migrations.RunSQL(drop(OLD_INDEXES), create(OLD_INDEXES)),
        migrations.RunSQL(create(INDEXES), drop(INDEXES)),
    ]
