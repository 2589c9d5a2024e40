"""Fill the look-up keys of the clients that exist (`naast.registry.models.LOOKUP_KEYS`), in chunks."""

from django.db import migrations

CHUNK = 2000


def fill(apps, schema_editor):
    from naast.registry.models import LOOKUP_KEYS, name_words

    Client = apps.get_model("registry", "Client")
    ClientNameWord = apps.get_model("registry", "ClientNameWord")
    db = schema_editor.connection.alias
    last = 0
    while True:
        chunk = list(Client.objects.using(db).filter(pk__gt=last).order_by("pk")
                     .only("pk", "display_name", "full_name", *LOOKUP_KEYS)[:CHUNK])
        if not chunk:
            return
        for client in chunk:
            for source, (key, function) in LOOKUP_KEYS.items():
                setattr(client, key, function(getattr(client, source)))
        Client.objects.using(db).bulk_update(chunk, [key for key, _ in LOOKUP_KEYS.values()])
        ClientNameWord.objects.using(db).bulk_create([
            ClientNameWord(client_id=client.pk, word=word)
            for client in chunk for word in name_words(client.display_name, client.full_name)])
        last = chunk[-1].pk


class Migration(migrations.Migration):
    dependencies = [("registry", "0008_client_lookup_keys")]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop, elidable=True)]
