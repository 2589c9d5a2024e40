"""Search that understands residents: stemming, compounds, typos, phrases, ranking, filters, fallback."""

import datetime as dt

import pytest
from django.utils import timezone

from naast.organisations.models import ServiceProfile
from naast.socialmap import services as map_services
from naast.socialmap.models import Location, SearchPhrase, Service, ServiceArea, ServiceAtLocation
from naast.socialmap.search import SearchFilters, filters, search_services
from naast.socialmap.search.index import reindex
from naast.socialmap.seed import service_type_id

from . import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def smap():
    return factories.small_map()


def names(result):
    return [s.name for s in result.services]


@pytest.mark.parametrize(
    ("query", "key"),
    [
        ("ik kan mijn huur niet betalen", "housing"),
        ("mijn moeder vergeet steeds dingen", "dementia"),
        ("hulp bij formulieren", "forms"),
        ("eenzaam", "lonely"),
        ("ik heb schulden", "debt"),
    ],
)
def test_resident_phrasings_find_the_fitting_service_first(smap, query, key):
    assert names(search_services(query))[0] == smap[key].name


@pytest.mark.parametrize("query", ["schuldhulp verlening", "schuldhulpverlening", "schuldhulpverlenning", "Schuldhulp"])
def test_debt_help_survives_split_joined_and_misspelled_compounds(smap, query):
    assert names(search_services(query))[0] == smap["debt"].name


@pytest.mark.parametrize("query", ["mantelzorg ondersteuning", "mantelzorgondersteuning", "mantelzorger"])
def test_informal_care_support_is_found_however_it_is_written(smap, query):
    assert smap["carers"].name in names(search_services(query))[:2]


@pytest.mark.parametrize("query", ["dementie", "Dementie", "demensie", "dementia", "dementerend", "dementei"])
def test_dementia_variants_find_the_case_manager(smap, query):
    assert names(search_services(query))[0] == smap["dementia"].name


def test_name_weighs_more_than_description():
    in_name = factories.service("Taalcafé", description="Elke week open.")
    in_text = factories.service("Buurthuis", description="Ook een taalcafé op dinsdag.")
    assert names(search_services("taalcafe"))[:2] == [in_name.name, in_text.name]


def test_a_phrase_added_by_a_coordinator_works_at_once(smap):
    assert smap["lonely"].name not in names(search_services("weduwe"))
    map_services.save_phrase(SearchPhrase(phrase="weduwe", expansion="ontmoeting eenzaamheid"))
    assert names(search_services("weduwe"))[0] == smap["lonely"].name


def test_nothing_fits_still_answers_with_our_phone_and_categories(smap):
    profile = ServiceProfile.get()
    profile.phone = "0522 200 300"
    profile.save()
    result = search_services("xqzv blorp")
    assert result.services == [] and result.total == 0
    assert result.fallback.phone == "0522 200 300"
    assert result.fallback.categories, "the closest categories are offered"


def test_filters_narrow_the_answer(smap, muni):
    factories.service("Budgetcoach Diever", description="Overzicht in uw geld", types=["debt_help"], municipality=muni)
    assert {s.name for s in search_services("", SearchFilters(life_domain="youth_care")).services} == {"Jeugdteam"}
    free = {s.name for s in search_services("", SearchFilters(free=True)).services}
    assert "Casemanager dementie" not in free and "Huurspreekuur" in free
    assert "Jeugdteam" not in names(search_services("", SearchFilters(age=40)))
    assert "Jeugdteam" in names(search_services("", SearchFilters(age=12)))
    assert "Casemanager dementie" in names(search_services("", SearchFilters(target_group="elderly")))


def test_place_filter_keeps_services_for_everyone_and_for_that_place(f, muni):
    other_muni = f.municipality("GM1690", "De Wolden")
    here = factories.service("Budgetcoach hier", municipality=muni)
    there = factories.service("Budgetcoach daar", municipality=other_muni)
    everywhere = factories.service("Landelijke hulplijn")
    district = f.district("Diever", muni)
    in_district = factories.service("Wijkteam Diever", district=district)
    found = set(names(search_services("", SearchFilters(municipality=muni.code))))
    assert {here.name, everywhere.name, in_district.name} <= found and there.name not in found
    found = set(names(search_services("", SearchFilters(district=district.pk))))
    assert {here.name, everywhere.name, in_district.name} <= found and there.name not in found


def test_place_filter_follows_areas_written_in_bulk_once_reindexed(f, muni):
    """Imports write areas in bulk; the reindex they end with keeps the place filter right."""
    other_muni = f.municipality("GM1690", "De Wolden")
    service = factories.service("Schuldhulp De Wolden")
    assert service.name in names(search_services("", SearchFilters(municipality=muni.code)))  # no area: everyone
    ServiceArea.objects.bulk_create([ServiceArea(service=service, municipality=other_muni)])
    reindex([service.pk])
    assert service.name not in names(search_services("", SearchFilters(municipality=muni.code)))
    assert service.name in names(search_services("", SearchFilters(municipality=other_muni.code)))


@pytest.fixture(params=["list", "per service"])
def filter_plan(request, monkeypatch):
    """Open now and the link filters read few matches as a list of ids and many per service;
    a small test map takes the list, so each test runs once more with the other plan forced."""
    if request.param == "per service":
        monkeypatch.setattr(filters, "SPARSE_OPEN", 0)
        monkeypatch.setattr(filters, "SPARSE_LINKS", 0)
    return request.param


def test_link_filters_give_the_same_services_with_either_plan(filter_plan):
    factories.service("Budgetcoach", types=["debt_help"], domains=["work_and_income"], groups=["elderly"])
    factories.service("Schuldhulp", types=["debt_help"], domains=["work_and_income"])
    factories.service("Zorgmaatje", types=["volunteer_help"], domains=["care"], groups=["elderly"])
    assert names(search_services("", SearchFilters(taxonomy_term_id=service_type_id("debt_help")))) == [
        "Budgetcoach", "Schuldhulp"]
    assert names(search_services("", SearchFilters(life_domain="care"))) == ["Zorgmaatje"]
    assert names(search_services("", SearchFilters(target_group="elderly"))) == ["Budgetcoach", "Zorgmaatje"]


def test_open_now_uses_opening_hours_and_closures(settings, filter_plan):
    now = timezone.localtime()
    day = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"][now.weekday()]
    start = (now - dt.timedelta(minutes=30)).time()
    end = (now + dt.timedelta(minutes=30)).time()
    if end < start:  # around midnight the window would wrap; the rule is the same tomorrow
        pytest.skip("test window crosses midnight")
    open_service = factories.service("Open inloop", hours=[(day, (start.hour, start.minute), (end.hour, end.minute))])
    factories.service("Gesloten inloop", hours=[("SU" if day != "SU" else "MO", (0, 0), (23, 59))])
    closed_today = factories.service("Inloop met vakantie", hours=[(day, (start.hour, start.minute), (end.hour, end.minute))])
    closed_today.schedules.create(closed=True, valid_from=now.date(), valid_to=now.date() + dt.timedelta(days=7))
    # Opening hours kept at a location, for the service there.
    at_location = factories.service("Spreekuur in het dorpshuis")
    place = Location.objects.create(name="Dorpshuis", organization=at_location.organization)
    ServiceAtLocation.objects.create(service=at_location, location=place).schedules.create(
        freq="WEEKLY", byday=day, opens_at=start, closes_at=end)
    assert names(search_services("", SearchFilters(open_now=True))) == [open_service.name, at_location.name]


def test_archived_and_inactive_services_are_not_public(smap, f):
    user = f.user("coordinator")
    map_services.archive_service(smap["debt"], user=user)
    Service.objects.filter(pk=smap["housing"].pk).update(status="inactive")
    assert smap["debt"].name not in names(search_services("schulden"))
    assert smap["housing"].name not in names(search_services("huur"))
    assert smap["housing"].name in names(search_services("huur", audience="staff"))
    assert smap["debt"].name not in names(search_services("schulden", audience="staff"))


def test_editing_a_service_replaces_its_search_document(f):
    from django.db import connection

    s = factories.service("Taalmaatje", description="Oefenen met praten")
    user = f.user("coordinator")
    s.description = "Samen Nederlands spreken"
    map_services.save_service(s, user=user)
    map_services.save_service(s, user=user)
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(DISTINCT service_id) FROM socialmap_searchposting")
        assert cursor.fetchone()[0] == 1
    assert names(search_services("spreken")) == ["Taalmaatje"]
    assert names(search_services("oefenen")) == []


def test_a_full_rebuild_of_the_index_keeps_its_database_indexes(f):
    """A full rebuild drops the index's own database indexes while it writes; they must come back,
    or every later search reads the whole table."""
    from django.db import connection

    from naast.socialmap.models import SearchPosting

    factories.service("Taalmaatje", description="Samen Nederlands spreken")
    reindex()
    with connection.cursor() as cursor:
        indexes = set(connection.introspection.get_constraints(cursor, SearchPosting._meta.db_table))
    assert {"socialmap_posting_rank", "socialmap_posting_service"} <= indexes
    assert names(search_services("spreken")) == ["Taalmaatje"]


def test_browsing_a_service_type_lists_its_services_by_name(f):
    for name in ["Zorgmaatje", "Budgetcoach", "Maatjesproject", "Schuldhulp"]:
        factories.service(name, types=["debt_help"] if name != "Zorgmaatje" else ["volunteer_help"])
    result = search_services("", SearchFilters(taxonomy_term_id=service_type_id("debt_help")))
    assert names(result) == ["Budgetcoach", "Maatjesproject", "Schuldhulp"] and result.total == 3


def test_open_now_when_nothing_is_open_answers_with_our_own_contact():
    now = timezone.localtime()
    other_day = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"][(now.weekday() + 3) % 7]
    factories.service("Alleen op een andere dag", hours=[(other_day, (0, 0), (23, 59))])
    result = search_services("", SearchFilters(open_now=True))
    assert result.services == [] and result.total == 0 and result.fallback is not None
