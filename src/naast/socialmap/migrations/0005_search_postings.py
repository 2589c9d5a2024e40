"""The search index becomes an ordinary table of (stem, service, weight) rows, read per stem through
a (stem, weight) index; the per-database full-text tables (FTS5 on SQLite, tsvector on
PostgreSQL) go. See the README's design notes. The new index is filled after migrating
(`SocialMapConfig.ready` -> post_migrate), with the code of today rather than of this migration."""

import django.db.models.deletion
from django.db import migrations, models


def drop_full_text_tables(apps, schema_editor):
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS socialmap_search")
        cursor.execute("DROP TABLE IF EXISTS socialmap_search_key")


class Migration(migrations.Migration):

    dependencies = [
        ('socialmap', '0004_search_index_without_foreign_key'),
    ]

    operations = [
        migrations.CreateModel(
            name='SearchPosting',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('stem', models.CharField(max_length=64)),
                ('weight', models.FloatField()),
                ('service', models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='socialmap.service')),
            ],
            options={
                'indexes': [models.Index(fields=['stem', '-weight', 'service'], name='socialmap_posting_rank'), models.Index(fields=['service'], name='socialmap_posting_service')],
            },
        ),
        migrations.RunPython(drop_full_text_tables, migrations.RunPython.noop),
    ]
