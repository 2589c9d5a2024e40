"""Two server processes reindexing the same services at once (two staff saving one service, an
import beside an edit) must leave one set of index lines per service and exact stem counts: at
once, both read the old lines and both wrote new ones, so a service's words counted twice in the
ranking and the stems' counts drifted."""

import threading

import pytest
from django.db import connection, connections
from django.db.models import Count

from naast.socialmap.models import SearchFacet, SearchPosting, SearchStem
from naast.socialmap.search.index import reindex

from . import factories

pytestmark = pytest.mark.django_db(transaction=True)


def test_writers_at_once_leave_one_set_of_lines_and_exact_counts():
    if connection.vendor != "postgresql":
        pytest.skip("SQLite lets one writer at a time hold the database: two writers never overlap there")
    ids = [factories.service(f"Inloop {n}", description="Koffie en een praatje in de buurt.", groups=["elderly"]).pk
           for n in range(6)]
    errors = []

    def writer(start: int) -> None:
        try:
            for turn in range(12):
                at = (start + turn) % len(ids)
                reindex(ids[at:] + ids[:at])  # the same services, each writer starting elsewhere
        except Exception as error:  # a deadlock or a duplicate would end up here
            errors.append(repr(error))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=writer, args=(n * 2,)) for n in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert not SearchPosting.objects.values("stem", "service_id").annotate(n=Count("*")).filter(n__gt=1).exists()
    assert not SearchFacet.objects.values("facet", "service_id").annotate(n=Count("*")).filter(n__gt=1).exists()
    kept = dict(SearchStem.objects.filter(documents__gt=0).values_list("stem", "documents"))
    assert kept == dict(SearchPosting.objects.order_by().values_list("stem").annotate(n=Count("*")))
    assert kept["koffie"] == len(ids)
