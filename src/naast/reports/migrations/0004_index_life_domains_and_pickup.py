"""The received_at covering indexes of 0003 also carry `life_domain_key` and the pickup norm's
columns (added to the registry after 0003), so the report's one scan of a period reads the requests
received in it, their life domains and every norm from the index alone (instead of fetching each
row from the table, and joining every link of every year). The closed_at indexes keep their columns (the life domains count requests received in the
period); they are made again where the column's migration dropped them (SQLite rebuilds the table)."""

from django.db import migrations


RECEIVED_0003 = (
    "received_at, closed_at, status, outcome, is_quick_log, client_id, minutes_spent, channel, referrer, urgency, "
    "target_group_id, district_id, first_contact_due, first_contact_at, appointment_due, appointment_at, id, "
    "municipality_id, organisation_id"
)
RECEIVED = f"{RECEIVED_0003}, pickup_due, picked_up_at, life_domain_key"


def indexes(columns: str) -> dict:
    return {
        "reports_hr_recv": columns,
        "reports_hr_recv_muni": f"municipality_id, {columns}",
        "reports_hr_recv_org": f"organisation_id, {columns}",
    }


def replace(columns: str) -> list[str]:
    return [statement for name, cols in indexes(columns).items()
            for statement in (f"DROP INDEX IF EXISTS {name}", f"CREATE INDEX {name} ON registry_helprequest ({cols})")]


# On SQLite, adding the column (registry.0010) rebuilds the table with only the indexes its model
# declares: the closed_at indexes of 0003 are made again here where they are gone.
CLOSED = ("closed_at, received_at, status, outcome, is_quick_log, client_id, minutes_spent, municipality_id, "
          "organisation_id")
CLOSED_INDEXES = {
    "reports_hr_close": CLOSED,
    "reports_hr_close_muni": f"municipality_id, {CLOSED}",
    "reports_hr_close_org": f"organisation_id, {CLOSED}",
}
RESTORE_CLOSED = [f"CREATE INDEX IF NOT EXISTS {name} ON registry_helprequest ({columns})"
                  for name, columns in CLOSED_INDEXES.items()]


class Migration(migrations.Migration):
    dependencies = [("reports", "0003_index_ranges"), ("registry", "0010_life_domain_key")]

    operations = [migrations.RunSQL(replace(RECEIVED), replace(RECEIVED_0003)),
                  migrations.RunSQL(RESTORE_CLOSED, migrations.RunSQL.noop)]
