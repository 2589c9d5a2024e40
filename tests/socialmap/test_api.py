"""The HSDS 3.0 API: pages, filters, the shared search, OpenAPI, clear 4xx on bad input, no internal fields."""

import pytest

from naast.organisations.models import PostcodeDistrict
from naast.socialmap.models import Address, Location, ServiceAtLocation

from . import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def smap():
    return factories.small_map()


def test_root_describes_the_api(client):
    data = client.get("/api/hsds/").json()
    assert data["version"] == "3.0" and data["openapi_url"].endswith("/api/hsds/openapi.json")


def test_services_page_and_search_use_the_public_search(client, smap):
    data = client.get("/api/hsds/services", {"search": "ik kan mijn huur niet betalen", "per_page": 3}).json()
    assert data["contents"][0]["name"] == "Huurspreekuur"
    assert {"total_items", "total_pages", "page_number", "size", "first_page", "last_page", "empty"} <= set(data)
    everything = client.get("/api/hsds/services", {"per_page": 2, "page": 2}).json()
    assert everything["total_items"] == len(smap) and everything["page_number"] == 2 and len(everything["contents"]) == 2


def test_service_detail_and_no_internal_fields(client):
    s = factories.service("Buurtcoach", internal_notes="GEHEIM", direct_line="0522 987 654")
    response = client.get(f"/api/hsds/services/{s.pk}")
    assert response.status_code == 200 and response.json()["name"] == "Buurtcoach"
    body = response.content.decode()
    assert "GEHEIM" not in body and "0522 987 654" not in body and "+31522987654" not in body
    assert client.get("/api/hsds/services/00000000-0000-4000-8000-000000000000").status_code == 404


def test_filters_taxonomy_term_organization_and_modified_after(client, smap):
    from naast.socialmap.seed import service_type_id

    data = client.get("/api/hsds/services", {"taxonomy_term_id": str(service_type_id("dementia"))}).json()
    assert [s["name"] for s in data["contents"]] == ["Casemanager dementie"]
    other = factories.service("Andere organisatie", organization=factories.organization("Stichting Anders"))
    data = client.get("/api/hsds/services", {"organization_id": str(other.organization_id)}).json()
    assert [s["name"] for s in data["contents"]] == ["Andere organisatie"]
    data = client.get("/api/hsds/services", {"modified_after": "2999-01-01T00:00:00Z"}).json()
    assert data["total_items"] == 0 and data["empty"] is True


@pytest.mark.parametrize(
    "params", [{"page": "0"}, {"per_page": "10000"}, {"taxonomy_term_id": "abc"}, {"modified_after": "gisteren"}]
)
def test_invalid_parameters_get_a_clear_400(client, params):
    response = client.get("/api/hsds/services", params)
    assert response.status_code == 400
    assert response.json()["errors"]


def test_service_at_locations_near_a_postcode(client, f, muni):
    district = f.district("Diever", muni)
    PostcodeDistrict.objects.create(postcode="7981", district=district)
    near = factories.service("Inloop Diever")
    far = factories.service("Inloop Zwolle")
    for service, postcode in ((near, "7981 AB"), (far, "8011 AA")):
        loc = Location.objects.create(name=service.name)
        Address.objects.create(location=loc, address_1="Brink 1", city="X", state_province="Y", postal_code=postcode)
        ServiceAtLocation.objects.create(service=service, location=loc)
    data = client.get("/api/hsds/service_at_locations", {"postcode": "7981AB", "proximity": "5"}).json()
    assert [c["service"]["name"] for c in data["contents"]] == ["Inloop Diever"]
    assert client.get("/api/hsds/service_at_locations", {"postcode": "hallo"}).status_code == 400
    assert client.get("/api/hsds/service_at_locations", {"proximity": "5"}).status_code == 400


def test_taxonomies_and_terms(client):
    taxonomies = client.get("/api/hsds/taxonomies").json()
    assert "naast-service-type" in [t["name"] for t in taxonomies["contents"]]
    terms = client.get("/api/hsds/taxonomy_terms", {"per_page": 100}).json()
    assert "Dementie en geheugen" in [t["name"] for t in terms["contents"]]


def test_organizations(client):
    s = factories.service("Buurtcoach")
    data = client.get("/api/hsds/organizations").json()
    assert [o["name"] for o in data["contents"]] == [s.organization.name]
    assert client.get(f"/api/hsds/organizations/{s.organization_id}").json()["services"][0]["name"] == "Buurtcoach"


def test_openapi_document_is_served(client):
    doc = client.get("/api/hsds/openapi.json").json()
    assert "/api/hsds/services" in doc["paths"] and "/api/hsds/service_at_locations" in doc["paths"]


# --- odd input: a clear 400 on both databases, never a 500 ------------------------------------
LISTS = ["/api/hsds/services", "/api/hsds/service_at_locations"]
ALL_LISTS = [*LISTS, "/api/hsds/organizations", "/api/hsds/taxonomies", "/api/hsds/taxonomy_terms"]


@pytest.mark.parametrize("url", LISTS)
@pytest.mark.parametrize(("value", "says"), [
    ("2020-01-01T00:00:00-16:43", "UTC offset"),  # PostgreSQL refused this one with a 500
    ("2020-01-01T00:00:00+23:59", "UTC offset"),
    ("2020-01-01T00:00:00+14:01", "UTC offset"),
    ("2020-01-01T00:00:00+24:00", "modified_after"),
    ("9999-12-31T23:59:59-14:00", "out of range"),  # past the year 9999 in UTC
    ("0001-01-01T00:00:00+14:00", "out of range"),
    ("0001-01-01", "out of range"),  # midnight in Amsterdam is still the year 0 in UTC
    ("2020-02-30", "modified_after"),
    ("2020-01-01T25:00", "modified_after"),
    ("gisteren", "modified_after"),
])
def test_an_impossible_moment_gets_a_clear_400(client, smap, url, value, says):
    client.raise_request_exception = False
    response = client.get(url, {"modified_after": value})
    assert response.status_code == 400, (value, response.status_code)
    assert response.json()["detail"] == "Invalid parameters." and says in " ".join(response.json()["errors"])


@pytest.mark.parametrize("url", ALL_LISTS)
@pytest.mark.parametrize("params", [
    {"page": "0"}, {"page": "-1"}, {"page": "99999999999999999999"}, {"page": "1.5"}, {"page": ""}, {"page": "nan"},
    {"per_page": "0"}, {"per_page": "-5"}, {"per_page": "501"}, {"per_page": "1e3"}, {"per_page": "inf"},
])
def test_odd_paging_gets_a_clear_400(client, url, params):
    client.raise_request_exception = False
    response = client.get(url, params)
    assert response.status_code == 400 and response.json()["errors"], (params, response.status_code)


@pytest.mark.parametrize("url", [u for u in ALL_LISTS if u != "/api/hsds/taxonomies"])
def test_a_nul_character_in_a_search_gets_a_clear_400(client, url):
    client.raise_request_exception = False
    response = client.get(url, {"search": "schuld\x00hulp"})  # PostgreSQL cannot store or compare NUL
    assert response.status_code == 400 and "NUL" in " ".join(response.json()["errors"])


@pytest.mark.parametrize("params", [
    {"postcode": "7981\x00AB"}, {"postcode": "hallo"}, {"postcode": "7981 AB", "proximity": "0"},
    {"postcode": "7981 AB", "proximity": "-5"}, {"postcode": "7981 AB", "proximity": "nan"},
    {"postcode": "7981 AB", "proximity": "inf"}, {"postcode": "7981 AB", "proximity": "1e308"},
    {"postcode": "7981 AB", "proximity": "200.1"}, {"postcode": "7981 AB", "proximity": "vijf"},
    {"proximity": "5"}, {"postcode": "x" * 11},
])
def test_odd_places_get_a_clear_400(client, params):
    client.raise_request_exception = False
    response = client.get("/api/hsds/service_at_locations", params)
    assert response.status_code == 400 and response.json()["errors"], (params, response.status_code)


@pytest.mark.parametrize("url", ALL_LISTS)
def test_the_last_possible_page_is_an_empty_page(client, smap, url):
    data = client.get(url, {"page": "100000", "per_page": "500"}).json()
    assert data["empty"] is True and data["page_number"] == 100000


def test_modified_after_means_the_same_moment_in_any_offset(client):
    from datetime import UTC, datetime

    changed = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
    service = factories.service("Schuldhulp", modified_at=changed)
    ServiceAtLocation.objects.create(service=service, location=Location.objects.create(name="Wijkcentrum"))
    for value, found in [
        ("2026-03-02T01:59:00+14:00", 1),  # 11:59 UTC
        ("2026-03-02T02:01:00+14:00", 0),  # 12:01 UTC
        ("2026-03-01T00:01:00-12:00", 0),  # 12:01 UTC
        ("2026-03-01T12:59:00", 1),  # no offset: Dutch time (UTC+1 in March), 11:59 UTC
        ("2026-03-01T13:01:00", 0),
        ("2026-03-01T11:59:00Z", 1),
    ]:
        for url in LISTS:
            data = client.get(url, {"modified_after": value}).json()
            assert data["total_items"] == found, (url, value)
