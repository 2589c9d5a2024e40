from django.db import migrations, models


def count_stems(apps, schema_editor):
    """The stems of an existing index counted once, in the database."""
    posting = apps.get_model("socialmap", "SearchPosting")._meta.db_table
    stem = apps.get_model("socialmap", "SearchStem")._meta.db_table
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(f"INSERT INTO {stem} (stem, documents) SELECT stem, COUNT(*) FROM {posting} GROUP BY stem")


class Migration(migrations.Migration):

    dependencies = [
        ('socialmap', '0014_search_facets'),
    ]

    operations = [
        migrations.CreateModel(
            name='SearchStem',
            fields=[
                ('stem', models.CharField(max_length=64, primary_key=True, serialize=False)),
                ('documents', models.PositiveIntegerField(default=0)),
            ],
        ),
        migrations.RunPython(count_stems, migrations.RunPython.noop),
    ]
