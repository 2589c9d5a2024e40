"""Chain the audit rows written before the hash chain existed, in insertion order (by id)."""

from django.db import migrations

CHUNK = 5000


def chain_existing_rows(apps, schema_editor):
    # The one serialisation (naast.privacy.chain.row_hash): it never changes, every hash depends on it.
    from naast.privacy.chain import HASHED_FIELDS, row_hash
    from naast.privacy.models import GENESIS_HASH

    AuditEvent = apps.get_model("privacy", "AuditEvent")
    AuditChainHead = apps.get_model("privacy", "AuditChainHead")
    db = schema_editor.connection.alias
    events = AuditEvent.objects.using(db).order_by("id")
    seq, previous, last_id = 0, GENESIS_HASH, 0
    while True:
        chunk = list(events.filter(id__gt=last_id)[:CHUNK])
        if not chunk:
            break
        for event in chunk:
            seq += 1
            event.seq = seq
            event.hash = previous = row_hash(previous, [getattr(event, name) for name in HASHED_FIELDS])
        AuditEvent.objects.using(db).bulk_update(chunk, ["seq", "hash"])
        last_id = chunk[-1].id
    AuditChainHead.objects.using(db).all().delete()
    AuditChainHead.objects.using(db).create(seq=seq, hash=previous)


def unchain(apps, schema_editor):
    apps.get_model("privacy", "AuditChainHead").objects.using(schema_editor.connection.alias).all().delete()


class Migration(migrations.Migration):

    dependencies = [
        ("privacy", "0004_audit_chain_tables"),
    ]

    operations = [migrations.RunPython(chain_existing_rows, unchain)]
