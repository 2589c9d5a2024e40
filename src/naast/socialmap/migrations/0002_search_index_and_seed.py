"""The full-text index (per database) and the seeded service types and search phrases."""

import uuid

from django.db import migrations

NAMESPACE = uuid.UUID("6f1d3c2e-8a51-4b7e-9d0a-2c4e5f6a7b8c")


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
    from naast.socialmap.seed import NAAST_TAXONOMY, SEARCH_PHRASES, SERVICE_TYPES

    Taxonomy = apps.get_model("socialmap", "Taxonomy")
    TaxonomyTerm = apps.get_model("socialmap", "TaxonomyTerm")
    SearchPhrase = apps.get_model("socialmap", "SearchPhrase")
    LifeDomain = apps.get_model("taxonomies", "LifeDomain")
    taxonomy, _ = Taxonomy.objects.update_or_create(
        id=uuid.uuid5(NAMESPACE, f"taxonomy:{NAAST_TAXONOMY['name']}"),
        defaults={"name": NAAST_TAXONOMY["name"], "description": NAAST_TAXONOMY["description"],
                  "version": NAAST_TAXONOMY["version"]},
    )
    terms = {}
    for code, (name_nl, name_en, _domain, keywords) in SERVICE_TYPES.items():
        terms[code], _ = TaxonomyTerm.objects.update_or_create(
            id=uuid.uuid5(NAMESPACE, f"service-type:{code}"),
            defaults={"taxonomy_ref": taxonomy, "taxonomy_id_value": taxonomy.id, "code": code, "name": name_nl,
                      "description": name_en, "taxonomy": taxonomy.name, "language": "nl", "keywords": keywords},
        )
    domains = {d.code: d for d in LifeDomain.objects.all()}
    for phrase, (expansion, term_code, domain_code) in SEARCH_PHRASES.items():
        SearchPhrase.objects.update_or_create(
            phrase=phrase,
            defaults={"expansion": expansion, "term": terms.get(term_code), "life_domain": domains.get(domain_code)},
        )


class Migration(migrations.Migration):
    dependencies = [
        ("socialmap", "0001_initial"),
        ("taxonomies", "0002_seed_life_domains_and_target_groups"),
    ]

    operations = [
        migrations.RunPython(create_index, drop_index),
        migrations.RunPython(seed, migrations.RunPython.noop),
    ]
