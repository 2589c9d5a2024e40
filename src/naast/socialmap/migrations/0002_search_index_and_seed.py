"""The full-text index (per database) and the seeded service types and search phrases."""

from django.db import migrations


def create_index(apps, schema_editor):
    connection = schema_editor.connection
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "CREATE TABLE socialmap_search (service_id uuid PRIMARY KEY "
                "REFERENCES socialmap_service(id) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED, "
                "document tsvector NOT NULL)"
            )
            cursor.execute("CREATE INDEX socialmap_search_document ON socialmap_search USING GIN (document)")
        elif connection.vendor == "sqlite":
            cursor.execute(
                "CREATE VIRTUAL TABLE socialmap_search USING fts5("
                "service_id UNINDEXED, name, taxonomy, body, tokenize='unicode61', prefix='4')"
            )
        else:
            raise RuntimeError(f"The social-map search supports PostgreSQL and SQLite, not {connection.vendor}.")


def drop_index(apps, schema_editor):
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS socialmap_search")


def seed(apps, schema_editor):
    from naast.socialmap.seed import apply

    apply(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("socialmap", "0001_initial"),
        ("taxonomies", "0002_seed_life_domains_and_target_groups"),
    ]

    operations = [
        migrations.RunPython(create_index, drop_index),
        migrations.RunPython(seed, migrations.RunPython.noop),
    ]
