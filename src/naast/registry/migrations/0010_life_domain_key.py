"""HelpRequest.life_domain_key (see naast.registry.life_domains), filled from the links in one
statement per database: the ids in ascending order, comma-separated."""

from django.db import migrations, models

POSTGRESQL = """
UPDATE registry_helprequest AS h SET life_domain_key = k.key
FROM (SELECT helprequest_id, string_agg(lifedomain_id::text, ',' ORDER BY lifedomain_id) AS key
      FROM registry_helprequest_life_domains GROUP BY helprequest_id) AS k
WHERE k.helprequest_id = h.id
"""
# SQLite keeps the order of an ordered subquery in group_concat.
SQLITE = """
UPDATE registry_helprequest SET life_domain_key = k.key
FROM (SELECT helprequest_id, group_concat(lifedomain_id, ',') AS key
      FROM (SELECT helprequest_id, lifedomain_id FROM registry_helprequest_life_domains
            ORDER BY helprequest_id, lifedomain_id)
      GROUP BY helprequest_id) AS k
WHERE k.helprequest_id = registry_helprequest.id
"""


def fill(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor == "postgresql":
        sql = POSTGRESQL
    elif connection.vendor == "sqlite":
        sql = SQLITE
    else:  # any other database: through the ORM
        HelpRequest = apps.get_model("registry", "HelpRequest")
        through = HelpRequest.life_domains.through
        keys = {}
        for request_id, domain_id in through.objects.order_by("helprequest_id", "lifedomain_id").values_list(
                "helprequest_id", "lifedomain_id"):
            keys.setdefault(request_id, []).append(str(domain_id))
        for request_id, ids in keys.items():
            HelpRequest.objects.filter(pk=request_id).update(life_domain_key=",".join(ids))
        return
    with connection.cursor() as cursor:
        cursor.execute(sql)


class Migration(migrations.Migration):

    dependencies = [
        ('registry', '0009_fill_client_lookup_keys'),
    ]

    operations = [
        migrations.AddField(
            model_name='helprequest',
            name='life_domain_key',
            field=models.CharField(blank=True, default='', editable=False, max_length=200),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
