"""A word's rarity in the ranking comes from how many services have it, kept by the index's writer
(`SearchStem`) instead of counted per search: the count must follow every edit, a full rebuild
and a removal exactly, and a resident's ranking must follow it in the very next search."""

from importlib import import_module
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.db import connection
from django.db.models import Count

from naast.socialmap import services as map_services
from naast.socialmap.models import SearchPosting, SearchStem
from naast.socialmap.search import search_services
from naast.socialmap.search.index import reindex, remove_from_index
from naast.socialmap.search.vocabulary import Vocabulary

from . import factories

pytestmark = pytest.mark.django_db


def counted() -> dict[str, int]:
    """What counting the postings says (the slow way the counts replace)."""
    return dict(SearchPosting.objects.order_by().values_list("stem").annotate(n=Count("*")))


def kept() -> dict[str, int]:
    return dict(SearchStem.objects.filter(documents__gt=0).values_list("stem", "documents"))


def order(query: str) -> list[str]:
    return [s.name for s in search_services(query).services]


@pytest.fixture
def cafe_and_bikes():
    """'koffie' in four services, 'fietsen' in one: the bike repair is the rarer match."""
    factories.service("Inloop Noord", description="Wij schenken koffie.")
    factories.service("Inloop Zuid", description="Wij repareren fietsen.")
    return [factories.service(f"Buurthuis {n}", description=f"Koffie en {n} bij ons.") for n in ("spel", "taal", "muziek")]


def test_counts_follow_every_write_of_the_index(cafe_and_bikes, f):
    assert kept() == counted() and kept()["koffie"] == 4
    service = cafe_and_bikes[0]
    service.description = "Fietsen en spel bij ons."
    map_services.save_service(service, user=f.user("coordinator"))
    assert kept() == counted() and (kept()["koffie"], kept()["fiets"]) == (3, 2)
    remove_from_index([cafe_and_bikes[1].pk])
    assert kept() == counted() and kept()["koffie"] == 2
    reindex()
    assert kept() == counted() and kept()["koffie"] == 3


def test_the_rarer_word_ranks_first_and_follows_edits_at_once(cafe_and_bikes, f):
    # "koffie fietsen": the service with the rarer of the two words comes first.
    assert order("koffie fietsen").index("Inloop Zuid") < order("koffie fietsen").index("Inloop Noord")
    for service in cafe_and_bikes:  # now fietsen is everywhere, koffie in Inloop Noord only
        service.description = f"Fietsen en {service.name.split()[-1]} bij ons."
        map_services.save_service(service, user=f.user("coordinator"))
    assert order("koffie fietsen")[0] == "Inloop Noord"


def test_another_process_reads_the_counts_after_the_stamp_moves(cafe_and_bikes, f):
    other = Vocabulary()  # as another server process holds it
    with connection.cursor() as cursor:
        assert other.ensure().document_frequency(["koffie", "fiets", "onbekend"], cursor) == {
            "koffie": 4, "fiets": 1, "onbekend": 0}
        factories.service("Fietsenmaker", description="Fietsen")  # written here, stamp moves
        other._checked_at = -1e9  # its next look at the stamp (once a second)
        assert other.ensure().document_frequency(["fiets"], cursor) == {"fiets": 2}


def test_an_index_from_before_the_counts_is_counted_once_by_the_migration(cafe_and_bikes):
    SearchStem.objects.all().delete()
    migration = import_module("naast.socialmap.migrations.0015_search_stems")
    migration.count_stems(apps, SimpleNamespace(connection=connection))  # what it reads of the schema editor
    assert kept() == counted()
