"""Whatever a user types into the resident pages' addresses: never a 500."""

import pytest

from naast.accounts.roles import Role

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("number", ["99999999999999999999", "0", "9223372036854775808"])
def test_an_impossible_client_number_is_404(f, org, login, number):
    client = login(f.user(Role.COORDINATOR, org=org))
    assert client.get(f"/staff/inwoner/{number}/").status_code == 404


@pytest.mark.parametrize("query", ["first=abc&second=1", "first=99999999999999999999&second=1", "first=1&second=1",
                                   "first=-3&second=2", "first=1"])
def test_the_merge_page_takes_any_query_without_a_500(f, org, muni, login, query):
    for name in ("Noor", "Noor"):
        f.help_request(org=org, municipality=muni, client=f.client(name))
    client = login(f.user(Role.COORDINATOR, org=org))
    assert client.get(f"/staff/inwoner/samenvoegen/?{query}").status_code in (200, 404)
    assert client.post("/staff/inwoner/dubbel/", {"undo": "99999999999999999999"}).status_code == 404
