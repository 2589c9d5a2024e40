"""The data migration chains the audit rows written before the chain existed, in insertion order."""

from datetime import timedelta

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from naast.privacy import chain
from naast.privacy.models import AuditEvent

BEFORE = [("privacy", "0003_retention")]


@pytest.mark.django_db(transaction=True)
def test_existing_rows_are_chained_in_insertion_order():
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    Old = executor.loader.project_state(BEFORE).apps.get_model("privacy", "AuditEvent")
    now = timezone.now()
    # Insertion order, not time order: the second row has the earlier time.
    for i, at in enumerate((now, now - timedelta(hours=1), now + timedelta(seconds=1))):
        Old.objects.create(at=at, username=f"medewerker{i}", roles="desk", action="read",
                           object_type="registry.client", object_id=str(i), object_label=f"#{i}", client_id=i)
    ids = list(Old.objects.order_by("id").values_list("id", flat=True))

    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())

    assert list(AuditEvent.objects.order_by("seq").values_list("id", flat=True)) == ids
    result = chain.verify()
    assert (result.ok, result.rows, result.last_seq) == (True, 3, 3)
    (event,) = chain.append([{"username": "nieuw", "action": "read", "object_type": "registry.client",
                              "object_id": "9"}])
    assert event.seq == 4 and chain.verify().ok
