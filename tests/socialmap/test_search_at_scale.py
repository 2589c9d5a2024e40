"""Issue 20: search checks its candidates in chunks, best first, as far as a page needs; the cards
carry their phone and address; the vocabulary follows edits made in another server process."""

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from django.db import connection
from django.urls import reverse

from naast.socialmap.models import Service
from naast.socialmap.search import SearchFilters, search_services
from naast.socialmap.search.index import reindex
from naast.socialmap.search.vocabulary import VOCABULARY

from . import factories

pytestmark = pytest.mark.django_db


def _many(count: int, name: str, description: str, **fields) -> list[Service]:
    org = factories.organization()
    services = Service.objects.bulk_create(
        [Service(name=f"{name} {i}", description=f"{description} Nummer {i}.", organization=org, **fields)
         for i in range(count)])
    return services


def test_a_filtered_search_finds_a_matching_service_far_behind_the_first_chunk():
    # 150 services say "klusjesdienst" in their name (scored high) but cost money; the one free
    # one only mentions it in its description, so it ranks behind all of them.
    _many(150, "Klusjesdienst", "Wij doen klusjes in huis.", free_of_charge=False)
    free = Service.objects.create(name="Buurtwerk Ruinen", description="Ook een klusjesdienst, gratis.",
                                  organization=factories.organization(), free_of_charge=True)
    reindex()
    result = search_services("klusjesdienst", SearchFilters(free=True))
    assert [s.name for s in result.services] == ["Buurtwerk Ruinen"] and result.total == 1 and not result.capped
    assert search_services("klusjesdienst").services[0].name.startswith("Klusjesdienst")
    assert free.name in [s.name for s in search_services("klusjesdienst", per_page=200).services]


def test_services_residents_may_not_see_never_appear_however_well_they_score():
    _many(120, "Voedselbank", "Voedselbank voedselpakket", status="inactive")
    hidden = _many(30, "Voedselbank Archief", "Voedselbank voedselpakket")
    Service.objects.filter(pk__in=[s.pk for s in hidden]).update(archived_at="2026-01-01T00:00:00Z")
    Service.objects.create(name="Uitdeelpunt Diever", description="Wekelijks een voedselpakket van de voedselbank.",
                           organization=factories.organization())
    reindex()
    result = search_services("voedselbank")
    assert [s.name for s in result.services] == ["Uitdeelpunt Diever"] and result.total == 1
    staff = search_services("voedselbank", audience="staff", per_page=200)
    assert len(staff.services) == 121 and "Voedselbank Archief 0" not in [s.name for s in staff.services]


def test_a_long_list_says_more_than_a_number_it_knows(client):
    _many(130, "Taalcafe", "Samen Nederlands oefenen in het taalcafe.")
    reindex()
    first = search_services("taalcafe", per_page=20)
    # Not every candidate was checked, so the page says "more than N", and that is true.
    assert len(first.services) == 20 and first.capped and 20 <= first.count_cap < 130 and first.total >= 130
    last = search_services("taalcafe", per_page=20, page=7)
    assert len(last.services) == 10 and last.total == 130 and not last.capped
    html = client.get(reverse("socialmap:search"), {"q": "taalcafe"}).content.decode()
    assert f"Meer dan {first.count_cap} " in html


def test_a_card_shows_the_services_phone_and_address(client):
    from naast.socialmap.models import Address, Location, Phone, ServiceAtLocation

    s = factories.service("Formulierenhulp Havelte", description="Hulp bij formulieren.")
    Phone.objects.create(service=s, number="0522 123 456")
    location = Location.objects.create(name="Bibliotheek Havelte")
    Address.objects.create(location=location, address_1="Dorpsstraat 1", city="Havelte", state_province="Drenthe",
                           postal_code="7971 AA")
    ServiceAtLocation.objects.create(service=s, location=location)
    html = client.get(reverse("socialmap:search"), {"q": "formulierenhulp"}).content.decode()
    assert 'href="tel:+31522123456"' in html and 'Bel <bdi dir="ltr">0522 123 456</bdi>' in html
    assert "Dorpsstraat 1, Havelte" in html


def _database_url() -> str:
    settings = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{settings['NAME']}"
    return (f"postgres://{settings['USER']}:{settings.get('PASSWORD') or ''}@{settings['HOST'] or '127.0.0.1'}:"
            f"{settings['PORT'] or 5432}/{settings['NAME']}")


@pytest.mark.django_db(transaction=True)
def test_an_edit_in_another_server_process_is_found_without_a_restart(monkeypatch):
    factories.service("Schuldhulpverlening Westerveld", description="Hulp bij schulden.", types=["debt_help"])
    assert search_services("schulden").services  # the vocabulary is in memory now
    assert not search_services("fietsenmakerij").services
    # Another server process: a coordinator adds a service and a concept there.
    code = textwrap.dedent("""
        import django
        django.setup()
        from naast.socialmap import services
        from naast.socialmap.models import Organization, SearchConcept, Service
        from naast.socialmap.search.index import reindex
        s = Service.objects.create(name="Fietsenmakerij Ruinen", description="Wij repareren uw fiets.",
                                   organization=Organization.objects.first())
        reindex([s.pk])
        services.save_concept(SearchConcept(key="geldnood", phrases_nl="krap bij kas", expansion="schuldhulpverlening"))
    """)
    root = Path(__file__).resolve().parents[2]
    env = {**os.environ, "DATABASE_URL": _database_url(), "DJANGO_SETTINGS_MODULE": "naast.conf.settings", "DEBUG": "1"}
    subprocess.run([sys.executable, "-c", code], cwd=root, env=env, check=True, capture_output=True, timeout=120)
    monkeypatch.setattr(VOCABULARY, "CHECK_EVERY", 0.0)  # rather than waiting a second
    # A misspelling is corrected against the new word; the new concept is understood.
    assert [s.name for s in search_services("fietsenmakrij").services] == ["Fietsenmakerij Ruinen"]
    assert [s.name for s in search_services("ik zit krap bij kas").services] == ["Schuldhulpverlening Westerveld"]


@pytest.mark.parametrize("grouped", [False, True])
def test_paging_through_equal_matches_shows_each_service_once(grouped):
    # 130 services match "taalcafe" equally well; their order is broken by name (and freshness),
    # not by internal id. Paging through them, a resident must see every one exactly once.
    import random

    rng = random.Random(4)
    names = [f"Taalcafe {word}" for word in rng.sample([f"{a}{b}" for a in "BDGHKLMNPRSTVWZ" for b in "aeiou"], 65)]
    orgs = [factories.organization() for _ in range(13)]
    services = []
    for i in range(130):
        # Grouped: services of one organisation with one description stand for one card.
        description = "Samen Nederlands oefenen in het taalcafe." + ("" if grouped and i % 5 else f" Groep {i}.")
        services.append(Service(name=names[i % 65] + ("" if i < 65 else " II"), description=description,
                                organization=orgs[i % 13], last_verified_on=f"2026-{1 + i % 12:02d}-01"))
    rng.shuffle(services)
    Service.objects.bulk_create(services)
    reindex()
    seen: list[str] = []
    page = 1
    while True:
        result = search_services("taalcafe", per_page=7, page=page)
        seen += [s.name for s in result.services]
        for s in result.services:
            seen += [f"{s.name} @ {place}" for place in s.also_in]
        if page >= result.total_pages or not result.services:
            break
        page += 1
    shown = [name for name in seen if " @ " not in name]
    assert len(shown) == len(set(shown)), "a service appeared on two pages"
    if not grouped:
        assert len(shown) == 130, "a service was skipped between pages"


def test_a_place_filter_reads_the_municipalitys_postcodes_at_once_however_many_villages():
    from django.test.utils import CaptureQueriesContext

    from naast.organisations.models import District, Municipality, PostcodeDistrict
    from naast.socialmap.search.order import resident_place

    def place_of(code: str, villages: int):
        municipality = Municipality.objects.create(code=code, name=f"Gemeente {code}")
        for i in range(villages):
            district = District.objects.create(municipality=municipality, name=f"Dorp {i}")
            PostcodeDistrict.objects.create(postcode=f"{code[2:]}{i:02d}AA"[:6], district=district)
        with CaptureQueriesContext(connection) as queries:
            place = resident_place(municipality=code)
        return place, len(queries)

    small, small_queries = place_of("GM7001", 1)
    large, large_queries = place_of("GM7002", 8)
    assert len(large.cities) == 9 and "dorp 7" in large.cities  # the municipality and its eight villages
    assert large_queries == small_queries


def test_a_pages_cards_read_by_id_are_the_cards_the_orm_reads(client):
    """A result page's cards come through `selectors.cards_by_ids` (its queries put together
    once per process): the same names, organisations, phone, address, states and service types
    as the card queryset reads, and a renamed service type shows at once."""
    from naast.socialmap import selectors
    from naast.socialmap.models import Address, Location, Phone, ServiceAtLocation, TaxonomyTerm
    from naast.socialmap.search.results import fetch_cards

    with_all = factories.service("Formulierenhulp Havelte", description="Hulp bij formulieren en brieven.",
                                 types=["admin_help", "debt_help"], free_of_charge=True, waiting_weeks=3)
    Phone.objects.create(service=with_all, number="0522 123 456")
    location = Location.objects.create(name="Bibliotheek Havelte")
    Address.objects.create(location=location, address_1="Dorpsstraat 1", city="Havelte", postal_code="7971 AA")
    ServiceAtLocation.objects.create(service=with_all, location=location)
    bare = factories.service("Formulierenbrigade", description="Vrijwilligers helpen met formulieren.",
                             organization=None, status="temporarily closed")
    ids = [with_all.pk.hex, bare.pk.hex]

    def card(s):
        return (s.pk, s.name, s.description, s.organization.name if s.organization else None, s.card_phone,
                s.card_address, s.free_of_charge, s.status, s.waiting_weeks, s.archived_at,
                [(t.pk, t.name, t.code) for t in s.terms.all()])

    from django.test.utils import CaptureQueriesContext

    fast = fetch_cards(selectors.card_queryset(), ids)
    with CaptureQueriesContext(connection) as shown:
        [card(s) for s in fast.values()]  # what the page shows of each card: read with the cards
    assert len(shown) == 0
    orm = fetch_cards(selectors.card_queryset().all(), ids)  # a clone: read by the ORM
    assert {k: card(v) for k, v in fast.items()} == {k: card(v) for k, v in orm.items()}
    assert card(fast[with_all.pk.hex])[3:6] == (with_all.organization.name, "0522 123 456", "Dorpsstraat 1, Havelte")
    assert len(card(fast[with_all.pk.hex])[-1]) == 2 and card(fast[bare.pk.hex])[3] is None

    term = TaxonomyTerm.objects.get(code="admin_help")
    term.name = "Hulp bij papierwerk"
    from django.contrib.admin.sites import site

    from naast.socialmap.admin import TaxonomyTermAdmin
    TaxonomyTermAdmin(TaxonomyTerm, site).save_model(None, term, None, change=True)
    html = client.get(reverse("socialmap:search"), {"q": "formulieren"}).content.decode()
    assert "Hulp bij papierwerk" in html and "Tijdelijk gesloten" in html


def test_an_organisation_renamed_in_the_admin_is_found_by_its_new_name_at_once():
    """An organisation's name is part of its services' searchable text: the admin's save
    reindexes them, so a resident searching the new name finds them in the next search."""
    from django.contrib.admin.sites import site

    from naast.socialmap.admin import OrganizationAdmin
    from naast.socialmap.models import Organization

    org = Organization.objects.create(name="Stichting Kompasroos")
    factories.service("Maatjesproject", description="Samen wandelen en koffie drinken.", organization=org)
    # A word only the organisation's name has is searched for too.
    assert [s.name for s in search_services("kompasroos").services] == ["Maatjesproject"]
    assert not search_services("Zonnebloemhuis").services
    org.name = "Zonnebloemhuis"
    OrganizationAdmin(Organization, site).save_model(None, org, None, change=True)
    assert [s.name for s in search_services("Zonnebloemhuis").services] == ["Maatjesproject"]
