"""A search without words narrowed by a life domain, target group or service type reads that
link's facet (`SearchFacet`) in name order instead of walking the whole map by name. What a
resident sees must not change by it: the same services, in name order, paged without repeats;
a change of links or names through the map's writer shows in the very next search; and the
link tables stay the rule, so a facet line left behind never shows a service that lost its link."""

import pytest

from naast.socialmap import services as map_services
from naast.socialmap.apps import build_missing_search_index
from naast.socialmap.models import SearchFacet, Service, ServiceArea
from naast.socialmap.search import SearchFilters, search_services
from naast.socialmap.search.index import reindex
from naast.taxonomies.models import TargetGroup

from . import factories

pytestmark = pytest.mark.django_db


def names(filters: SearchFilters, page: int = 1, per_page: int = 20) -> list[str]:
    return [s.name for s in search_services("", filters, page=page, per_page=per_page).services]


@pytest.fixture
def elderly_map():
    # Names that sort differently from the order they were made in, and others in between.
    for name in ["Valpreventie Zuidwolde", "Alarmering Ruinen", "Maaltijdservice Diever", "Boodschappenhulp Havelte",
                 "Ouderenadviseur Beilen"]:
        factories.service(name, groups=["elderly"], domains=["care"])
    for name in ["Aanloophuis", "Jongerenwerk", "Zwemles"]:
        factories.service(name, groups=["youth_parents"], domains=["wellbeing"])
    factories.service("Dagbesteding Smilde", groups=["elderly"], domains=["wellbeing"], types=["day_activities"])


def test_a_target_group_lists_its_services_by_name_and_pages_without_repeats(elderly_map):
    expected = ["Alarmering Ruinen", "Boodschappenhulp Havelte", "Dagbesteding Smilde", "Maaltijdservice Diever",
                "Ouderenadviseur Beilen", "Valpreventie Zuidwolde"]
    assert names(SearchFilters(target_group="elderly")) == expected
    pages = [names(SearchFilters(target_group="elderly"), page=p, per_page=4) for p in (1, 2)]
    assert pages == [expected[:4], expected[4:]]
    assert search_services("", SearchFilters(target_group="elderly")).total == 6


def test_life_domain_service_type_and_two_links_together(elderly_map):
    assert names(SearchFilters(life_domain="wellbeing")) == ["Aanloophuis", "Dagbesteding Smilde", "Jongerenwerk",
                                                             "Zwemles"]
    assert names(SearchFilters(life_domain="wellbeing", target_group="elderly")) == ["Dagbesteding Smilde"]
    day_care = Service.objects.get(name="Dagbesteding Smilde").terms.get()
    assert names(SearchFilters(taxonomy_term_id=day_care.pk)) == ["Dagbesteding Smilde"]
    assert names(SearchFilters(target_group="no-such-group")) == []


def test_links_and_names_changed_through_the_writer_show_in_the_next_search(elderly_map, f):
    user = f.user("coordinator")
    service = Service.objects.get(name="Zwemles")
    service.name = "Beweegcursus"
    map_services.save_service(service, user=user, m2m={"target_groups": TargetGroup.objects.filter(code="elderly")})
    assert names(SearchFilters(target_group="elderly"))[:3] == ["Alarmering Ruinen", "Beweegcursus",
                                                                "Boodschappenhulp Havelte"]
    assert "Beweegcursus" not in names(SearchFilters(target_group="youth_parents"))

    alarm = Service.objects.get(name="Alarmering Ruinen")
    alarm.name = "Personenalarmering Ruinen"
    map_services.save_service(alarm, user=user)
    assert names(SearchFilters(target_group="elderly"))[-2:] == ["Personenalarmering Ruinen", "Valpreventie Zuidwolde"]


def test_words_and_a_link_follow_a_change_of_links_through_the_writer(elderly_map, f):
    """With search words a link filter checks the candidates against the link's services held as
    ids (read once per map change): a link removed or added through the map's writer shows in
    the very next search."""
    user = f.user("coordinator")
    wanted = SearchFilters(target_group="elderly")
    assert [s.name for s in search_services("valpreventie", wanted).services] == ["Valpreventie Zuidwolde"]
    service = Service.objects.get(name="Valpreventie Zuidwolde")
    map_services.save_service(service, user=user, m2m={"target_groups": TargetGroup.objects.none()})
    assert search_services("valpreventie", wanted).services == []
    assert [s.name for s in search_services("valpreventie").services] == ["Valpreventie Zuidwolde"]
    swimming = Service.objects.get(name="Zwemles")
    map_services.save_service(swimming, user=user, m2m={"target_groups": TargetGroup.objects.filter(code="elderly")})
    assert [s.name for s in search_services("zwemles", wanted).services] == ["Zwemles"]


def test_the_link_tables_decide_when_a_facet_line_is_left_behind(elderly_map):
    """A link removed without the writer (a raw update, a script): the facet still lists the
    service, but the filter asks the link table and leaves it out."""
    service = Service.objects.get(name="Maaltijdservice Diever")
    Service.target_groups.through.objects.filter(service=service).delete()
    assert SearchFacet.objects.filter(service=service, facet__startswith="group:").exists()
    assert "Maaltijdservice Diever" not in names(SearchFilters(target_group="elderly"))
    assert search_services("", SearchFilters(target_group="elderly")).total == 5


def test_a_database_without_facets_gets_them_after_migrate(elderly_map):
    """An existing map, upgraded: its facets are written once after `migrate`."""
    before = sorted(SearchFacet.objects.values_list("facet", "name", "service_id"))
    SearchFacet.objects.all().delete()
    assert names(SearchFilters(target_group="elderly")) == []  # the facet is what finds them
    build_missing_search_index(sender=None)
    assert sorted(SearchFacet.objects.values_list("facet", "name", "service_id")) == before
    assert len(names(SearchFilters(target_group="elderly"))) == 6


def test_a_full_rebuild_writes_the_same_facets_and_removing_a_service_drops_them(elderly_map):
    before = sorted(SearchFacet.objects.values_list("facet", "name", "service_id"))
    reindex()
    assert sorted(SearchFacet.objects.values_list("facet", "name", "service_id")) == before
    gone = Service.objects.get(name="Jongerenwerk")
    gone.delete()
    assert not SearchFacet.objects.filter(service_id=gone.pk).exists()
    assert names(SearchFilters(target_group="youth_parents")) == ["Aanloophuis", "Zwemles"]


def test_a_place_without_words_lists_its_services_by_name_with_the_count_capped(f, muni):
    """A municipality whose services are known as ids: they are checked in name order (the
    database's) against the audience and the other filters, as far as the count and the page
    need. Its own areas, its districts' areas, areas everywhere and services without an area
    count; another municipality's and services residents may not see do not."""
    other = f.municipality("GM1690", "De Wolden")
    district = f.district("Diever", muni)
    org = factories.organization()
    visible = []
    for i in range(215):
        service = Service.objects.create(name=f"Dienst {i:03d}", organization=org, free_of_charge=i % 2 == 0,
                                         status="inactive" if i % 50 == 7 else "active")
        area = {"district": district} if i % 3 == 0 else {"municipality": muni}
        ServiceArea.objects.create(service=service, **area)
        if service.status == "active":
            visible.append(service.name)
    for name in ["Dienst 050a elders", "Dienst 100a elders"]:
        ServiceArea.objects.create(service=Service.objects.create(name=name, organization=org), municipality=other)
    ServiceArea.objects.create(service=Service.objects.create(name="Dienst 000a overal", organization=org))
    Service.objects.create(name="Dienst 199a zonder gebied", organization=org)
    reindex()
    visible = sorted(visible + ["Dienst 000a overal", "Dienst 199a zonder gebied"])

    here = SearchFilters(municipality=muni.code)
    first = search_services("", here)
    assert [s.name for s in first.services] == visible[:20]
    assert first.capped and first.total == 201  # "more than 200"
    assert names(here, page=10) == visible[180:200]
    assert names(here, page=11) == visible[200:]
    exact = search_services("", here, exact_count=True)
    assert exact.total == len(visible) == 212 and not exact.capped

    free = [name for name in visible if len(name) == len("Dienst 000") and int(name[-3:]) % 2 == 0]
    free_here = search_services("", SearchFilters(municipality=muni.code, free=True), exact_count=True)
    assert free_here.total == len(free) and [s.name for s in free_here.services] == free[:20]
    # A district: its own areas, its municipality's areas as a whole, everywhere; not the other municipality.
    assert names(SearchFilters(district=district.pk), page=3) == visible[40:60]
