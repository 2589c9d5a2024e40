"""Drop the search table's foreign key on PostgreSQL.

Django does not know the raw `socialmap_search` table, so its test-database flush (TRUNCATE of
the known tables) was refused while that table referenced `socialmap_service`. Services are
archived, never deleted, and search results are joined back to `socialmap_service`, so a
stale index row cannot surface.
"""

from django.db import migrations


def drop_fk(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            "ALTER TABLE socialmap_search DROP CONSTRAINT IF EXISTS socialmap_search_service_id_fkey"
        )


class Migration(migrations.Migration):
    dependencies = [("socialmap", "0003_service_name_index")]
    operations = [migrations.RunPython(drop_fk, migrations.RunPython.noop)]
