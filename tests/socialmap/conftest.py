"""Social-map tests need the seeded reference data, which a transactional (browser) test may have
flushed in the same worker; put it back when it is missing."""

import importlib

import pytest


@pytest.fixture(autouse=True)
def _seeded(request):
    marker = request.node.get_closest_marker("django_db")
    if marker is None:
        return
    request.getfixturevalue("transactional_db" if marker.kwargs.get("transaction") else "db")
    from django.apps import apps

    from naast.socialmap import concepts, seed
    from naast.socialmap.models import SearchConcept, SearchPhrase
    from naast.socialmap.search.query import invalidate_phrases
    from naast.socialmap.search.vocabulary import VOCABULARY
    from naast.taxonomies.models import LifeDomain

    if not LifeDomain.objects.exists():
        importlib.import_module("naast.taxonomies.migrations.0002_seed_life_domains_and_target_groups").seed(apps, None)
    if SearchPhrase.objects.count() < len(seed.SEARCH_PHRASES):
        seed.apply(apps)
    if SearchConcept.objects.count() < len(concepts.concepts()):
        concepts.apply(apps)
    VOCABULARY.invalidate()
    invalidate_phrases()
