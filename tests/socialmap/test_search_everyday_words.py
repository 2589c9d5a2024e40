"""Issue 18: a resident's everyday words find the right services on an imported map (not the
demo's), in six languages; phrases count as phrases; one card per service; nearest first."""

from pathlib import Path

import pytest

from naast.socialmap.hsds.write import import_path
from naast.socialmap.search import SearchFilters, search_services

pytestmark = pytest.mark.django_db

MAP = Path(__file__).resolve().parents[2] / "bench" / "hsds_map_westerveld.json"


@pytest.fixture
def imported_map():
    import_path(MAP)


def names(query, **kwargs):
    return [s.name for s in search_services(query, **kwargs).services]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("schuldhulp", "Schuldhulpverlening"),
        ("geldzorgen", "Schuldhulpverlening"),
        ("geldzorgen", "Budgetcoaching"),
        ("maaltijden thuis", "Maaltijdservice aan huis"),
        ("boodschappen", "Boodschappendienst"),
        ("debt", "Schuldhulpverlening"),
        ("I can't pay my bills", "Schuldhulpverlening"),
        ("meals at home", "Maaltijdservice aan huis"),
        ("ديون", "Schuldhulpverlening"),
        ("أشعر بالوحدة", "Maatjesproject"),
        ("borç", "Schuldhulpverlening"),
        ("evde yemek", "Maaltijdservice aan huis"),
        ("długi", "Schuldhulpverlening"),
        ("борги", "Schuldhulpverlening"),
        ("lonely", "Maatjesproject"),
        ("dementia", "Casemanager dementie"),
    ],
)
def test_everyday_words_in_six_languages_find_the_service_in_the_first_three(imported_map, query, expected):
    assert expected in names(query)[:3], names(query)[:5]


def test_meals_at_home_is_about_meals_not_about_home(imported_map):
    top = names("maaltijden thuis")
    assert top[0] == "Maaltijdservice aan huis"
    assert "Veilig Thuis" not in top[:3]


def test_shopping_service_comes_before_odd_jobs(imported_map):
    top = names("boodschappen")
    assert top[0] == "Boodschappendienst"


# ---------------------------------------------------------------- ranking a resident would agree with

def test_one_card_per_service_offered_in_several_villages(imported_map):
    result = search_services("klusjes")
    odd_jobs = [s for s in result.services if s.name == "Klussendienst"]
    assert len(odd_jobs) == 1, [s.name for s in result.services]
    assert len(odd_jobs[0].also_in) == 3
    assert {"Diever", "Havelte", "Dwingeloo", "Vledder"} - set(odd_jobs[0].also_in) != set()


def test_staff_see_each_service_of_a_group_to_edit_it(imported_map):
    result = search_services("klusjes", audience="staff")
    assert [s.name for s in result.services].count("Klussendienst") == 4


def test_equal_services_nearest_to_the_residents_postcode_first(imported_map):
    for postcode, village in (("7981 CD", "Diever"), ("8381 AA", "Vledder"), ("7970 ZZ", "Havelte")):
        card = next(s for s in search_services("voedselbank", SearchFilters(postcode=postcode)).services
                    if s.name == "Voedselbank uitgiftepunt")
        city = card.service_at_locations.all()[0].location.addresses.all()[0].city
        assert city == village
        assert village not in card.also_in


def test_ties_are_ordered_by_freshness_then_name_never_by_id():
    import datetime as dt

    from naast.socialmap.models import Service
    from naast.socialmap.search.index import reindex

    # Created in an order unlike both the names' and the ids'.
    made = [Service.objects.create(name=name, description="Een wandelmaatje voor wie niet alleen wil lopen.")
            for name in ("Mu", "Zeta", "Alpha")]
    reindex([s.pk for s in made])
    assert names("wandelmaatje") == ["Alpha", "Mu", "Zeta"]
    Service.objects.filter(name="Zeta").update(last_verified_on=dt.date(2026, 11, 30))
    Service.objects.filter(name="Mu").update(assured_date=dt.date(2026, 10, 1))
    assert names("wandelmaatje") == ["Zeta", "Mu", "Alpha"]


def test_the_place_filter_is_visible_without_opening_more_filters(client, imported_map):
    html = client.get("/kaart/").content.decode()
    details_at = html.index('<details class="socialmap-filters"')
    assert html.index('name="place"') < details_at
    assert html.index('name="postcode"') < details_at


def test_a_wrong_postcode_gets_a_clear_message_not_an_error(client, imported_map):
    response = client.get("/kaart/", {"q": "schulden", "postcode": "12345"})
    assert response.status_code == 200
    assert "1234 AB" in response.content.decode()


def test_nothing_found_in_another_language_still_points_to_the_life_domain(imported_map):
    # Nothing on the Westerveld map is about pets; the concept knows the life domain.
    result = search_services("pet")
    assert result.total == 0
    assert [d.code for d in result.fallback.life_domains] == ["wellbeing"]


def test_a_word_the_thesaurus_understood_is_not_corrected_into_another_dutch_word(imported_map):
    result = search_services("I have debts")
    assert result.plan.corrections == {}
    assert result.services[0].name in ("Schuldhulpverlening", "Budgetcoaching")


# ------------------------------------------------------- the faults of issue 18, on the resident's page

def _cards(client, query, language="nl"):
    """The cards a resident sees on the public map for `query`: (name, organisation) in order."""
    import re

    from django.conf import settings

    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    html = client.get("/kaart/", {"q": query}).content.decode()
    cards = html.split('<li class="socialmap-card">')[1:]
    found = []
    for card in cards:
        name = re.search(r'<h2 class="utrecht-heading-3"><a [^>]*>([^<]+)</a>', card).group(1)
        org = re.search(r'<p class="utrecht-paragraph naast-muted"[^>]*>([^<]+)</p>', card)
        found.append((name, org.group(1) if org else ""))
    return found


@pytest.mark.parametrize(("query", "language", "expected"), [
    ("schuldhulp", "nl", "Schuldhulpverlening"),
    ("geldzorgen", "nl", "Budgetcoaching"),
    ("maaltijden thuis", "nl", "Maaltijdservice aan huis"),
    ("boodschappen", "nl", "Boodschappendienst"),
    ("I can't pay my bills", "en", "Schuldhulpverlening"),
    ("أشعر بالوحدة", "ar", "Maatjesproject"),
    ("evde yemek", "tr", "Maaltijdservice aan huis"),
])
def test_a_resident_finds_the_service_near_the_top_of_the_page(client, imported_map, query, language, expected):
    names_on_page = [name for name, _org in _cards(client, query, language)]
    assert expected in names_on_page[:3], names_on_page[:5]


@pytest.mark.parametrize("query", ["klusjes", "boodschappen", "maaltijden thuis", "veilig thuis", "voedselbank"])
def test_a_resident_never_sees_the_same_card_twice(client, imported_map, query):
    cards = _cards(client, query)
    assert cards, query
    assert len(cards) == len(set(cards)), cards
