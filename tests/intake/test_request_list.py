"""The staff list and page of help requests."""

import pytest

from naast.accounts.roles import Role

pytestmark = pytest.mark.django_db


def test_coordinator_lists_and_searches_their_requests(f, org, other_org, login):
    coordinator = f.user(Role.COORDINATOR, org=org)
    ours = f.help_request(org=org, client=f.client("Femke V."))
    theirs = f.help_request(org=other_org, client=f.client("Gerrit W."))
    client = login(coordinator)
    page = client.get("/staff/requests/").content.decode()
    assert ours.reference in page and theirs.reference not in page
    found = client.get("/staff/requests/", {"q": "femke"}).content.decode()
    assert ours.reference in found
    nothing = client.get("/staff/requests/", {"q": "zzzz"}).content.decode()
    assert "Geen hulpvragen gevonden" in nothing


def test_request_page_shows_the_question(f, org, login):
    supporter = f.user(Role.SUPPORTER, org=org)
    hr = f.help_request(org=org, supporter=supporter, question="Ik kan mijn huur niet betalen.")
    page = login(supporter).get(f"/staff/requests/{hr.reference}/")
    assert page.status_code == 200
    assert "Ik kan mijn huur niet betalen." in page.content.decode()


def test_unknown_reference_is_404_and_someone_elses_is_403(f, org, login):
    supporter = f.user(Role.SUPPORTER, org=org)
    other = f.help_request(org=org)
    client = login(supporter)
    assert client.get("/staff/requests/HV-XXXX-XXXX/").status_code == 404
    assert client.get(f"/staff/requests/{other.reference}/").status_code == 403


def test_references_are_unique_and_readable(f):
    refs = {f.help_request().reference for _ in range(50)}
    assert len(refs) == 50
    assert all(len(r) == 12 and r.startswith("HV-") and not set(r) & set("01ILOU") for r in refs)


@pytest.mark.parametrize("query", ["hv pyhm qcd4", "HVPYHMQCD4", "HV-PYHM-QCD4", "pyhm"])
def test_the_list_finds_a_reference_typed_with_spaces_or_without_hyphens(query, f, org, login):
    coordinator = f.user(Role.COORDINATOR, org=org)
    f.help_request(org=org, reference="HV-PYHM-QCD4")
    other = f.help_request(org=org, reference="HV-ABCD-EFGH")
    page = login(coordinator).get("/staff/requests/", {"q": query}).content.decode()
    assert "HV-PYHM-QCD4" in page and other.reference not in page, query


@pytest.mark.parametrize("query", ["femke", "FEMKE van", "fem v", "José", "jose de"])
def test_the_list_finds_a_resident_by_the_start_of_each_name_word(query, f, org, login):
    """As at the desk: every typed word starts a word of the name, forgiving case and accents."""
    coordinator = f.user(Role.COORDINATOR, org=org)
    femke = f.help_request(org=org, client=f.client("Femke V.", full_name="Femke van Dijk"))
    jose = f.help_request(org=org, client=f.client("José de Vries"))
    other = f.help_request(org=org, client=f.client("Gerrit Wolters"))
    page = login(coordinator).get("/staff/requests/", {"q": query}).content.decode()
    expected = jose if query.lower().startswith("jos") else femke
    assert expected.reference in page and other.reference not in page, query
