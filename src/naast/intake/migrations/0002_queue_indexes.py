"""Partial indexes on the registry's help requests for the coordinator's queue.

They cover only open requests (the queue never shows closed ones), so they stay small while the
registry grows with closed history. One is in queue order and carries the columns the queue
filters on, so the first page is read off the index; the other covers the counts at the top, so
they are an index-only scan. Kept here because the queue is this app's screen; plain SQL that
both SQLite and PostgreSQL accept.
"""

from django.db import migrations

OPEN = "status IN ('received', 'assigned', 'in_progress')"


class Migration(migrations.Migration):
    dependencies = [
        ("intake", "0001_initial"),
        ("registry", "0001_initial"),
    ]

    operations = [
        migrations.RunSQL(
            sql=[
                "CREATE INDEX intake_queue_order ON registry_helprequest "
                f"(first_contact_due, received_at, id, status, first_contact_at, organisation_id) WHERE {OPEN}",
                "CREATE INDEX intake_queue_counts ON registry_helprequest "
                f"(organisation_id, status, first_contact_at, first_contact_due, urgency, id) WHERE {OPEN}",
            ],
            reverse_sql=["DROP INDEX intake_queue_order", "DROP INDEX intake_queue_counts"],
        )
    ]
