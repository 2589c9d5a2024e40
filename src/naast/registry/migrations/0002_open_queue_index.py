"""One partial index for the coordinator's queue, replacing the intake app's two.

`registry_hr_open_queue` covers open requests only, in queue order, with the columns the queue
filters and counts on. It replaces `intake_queue_order` and `intake_queue_counts` (raw SQL in
intake 0002, which stays because it has run on existing databases): one index to maintain on
every new request instead of two, and one the model state knows about.

The single-column indexes Django made for the municipality and organisation foreign keys go:
the composite (municipality, received_at) and (organisation, status) indexes start with the
same column. Only the model state changes for those fields (SeparateDatabaseAndState): an
AlterField would make SQLite rebuild the table, which silently drops the indexes other apps
created with raw SQL (reports 0002).
"""

from django.db import migrations, models

FOREIGN_KEYS = ("municipality_id", "organisation_id")
OPEN = "status IN ('received', 'assigned', 'in_progress')"


def _single_column_indexes(schema_editor, column):
    table = "registry_helprequest"
    with schema_editor.connection.cursor() as cursor:
        constraints = schema_editor.connection.introspection.get_constraints(cursor, table)
    return [
        name for name, info in constraints.items()
        if info["index"] and not info["unique"] and not info["primary_key"] and info["columns"] == [column]
    ]


def drop_foreign_key_indexes(apps, schema_editor):
    for column in FOREIGN_KEYS:
        for name in _single_column_indexes(schema_editor, column):
            schema_editor.execute(f"DROP INDEX IF EXISTS {schema_editor.quote_name(name)}")


def create_foreign_key_indexes(apps, schema_editor):
    for column in FOREIGN_KEYS:
        if not _single_column_indexes(schema_editor, column):
            name = schema_editor._create_index_name("registry_helprequest", [column])
            schema_editor.execute(
                f"CREATE INDEX {schema_editor.quote_name(name)} ON registry_helprequest ({schema_editor.quote_name(column)})"
            )


class Migration(migrations.Migration):
    dependencies = [
        ("registry", "0001_initial"),
        ("organisations", "0001_initial"),
        # Runs after the migration that created the two indexes it replaces.
        ("intake", "0002_queue_indexes"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="helprequest",
            index=models.Index(
                condition=models.Q(("status__in", ("received", "assigned", "in_progress"))),
                fields=[
                    "first_contact_due", "received_at", "id", "status", "first_contact_at", "organisation",
                    "municipality", "urgency", "channel",
                ],
                name="registry_hr_open_queue",
            ),
        ),
        migrations.RunSQL(
            sql=["DROP INDEX IF EXISTS intake_queue_order", "DROP INDEX IF EXISTS intake_queue_counts"],
            # Going back restores intake 0002's indexes as they were.
            reverse_sql=[
                "CREATE INDEX intake_queue_order ON registry_helprequest "
                f"(first_contact_due, received_at, id, status, first_contact_at, organisation_id) WHERE {OPEN}",
                "CREATE INDEX intake_queue_counts ON registry_helprequest "
                f"(organisation_id, status, first_contact_at, first_contact_due, urgency, id) WHERE {OPEN}",
            ],
        ),
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="helprequest",
                    name="municipality",
                    field=models.ForeignKey(
                        blank=True, db_index=False, null=True, on_delete=models.deletion.PROTECT,
                        related_name="help_requests", to="organisations.municipality", verbose_name="municipality",
                    ),
                ),
                migrations.AlterField(
                    model_name="helprequest",
                    name="organisation",
                    field=models.ForeignKey(
                        blank=True, db_index=False, null=True, on_delete=models.deletion.PROTECT,
                        related_name="help_requests", to="organisations.memberorganisation",
                        verbose_name="member organisation",
                    ),
                ),
            ],
            database_operations=[migrations.RunPython(drop_foreign_key_indexes, create_foreign_key_indexes)],
        ),
    ]
