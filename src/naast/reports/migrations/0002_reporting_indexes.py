"""Indexes the reports need on the registry's help requests, owned by the reports app.

Answered requests are found by closing time within a municipality or organisation; the
registry's own indexes start with received_at or status. RunSQL (not AddIndex) keeps the
registry's model state untouched; both SQLite and PostgreSQL understand these statements.
"""

from django.db import migrations

INDEXES = {
    "reports_hr_muni_closed": "municipality_id, closed_at",
    "reports_hr_org_closed": "organisation_id, closed_at",
}


class Migration(migrations.Migration):
    dependencies = [("reports", "0001_initial"), ("registry", "0001_initial")]

    operations = [
        migrations.RunSQL(
            f"CREATE INDEX IF NOT EXISTS {name} ON registry_helprequest ({columns})",
            f"DROP INDEX IF EXISTS {name}",
        )
        for name, columns in INDEXES.items()
    ]
