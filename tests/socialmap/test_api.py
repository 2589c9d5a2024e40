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
