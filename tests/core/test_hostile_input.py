"""Anything a user can type gets an answer in their language, never a server error: every page's
query parameters, the public forms and the APIs are fed input people (and robots) do send."""

import json

import pytest

from naast.accounts.roles import Role

pytestmark = pytest.mark.django_db

HOSTILE = [
    "\x00", "a\x00b", "x" * 5000, "'; DROP TABLE x; --", "<script>alert(1)</script>", "%", "_", "\\", "&|!:*()",
    "😀", "-1", "99999999999999999999", "1e309", "NaN", "2018-Q9", "9999-99-99..0000-00-00", " ", "[]", "{}", "²", "１２",
]

PUBLIC_GETS = {
    "/kaart/": ["q", "postcode", "type", "life_domain", "target_group", "open_now", "free", "page", "lang", "place"],
    "/api/hsds/services": ["search", "page", "per_page", "taxonomy_term_id", "organization_id", "modified_after",
                           "full"],
    "/api/hsds/organizations": ["search", "page", "per_page"],
    "/api/hsds/service_at_locations": ["search", "page", "per_page", "postcode", "proximity", "taxonomy_term_id",
                                       "modified_after"],
    "/api/hsds/taxonomy_terms": ["search", "page", "per_page", "taxonomy_id"],
    "/enquete/": ["code", "token"],
}
STAFF_GETS = {
    "/staff/queue/": ["organisation", "municipality", "urgency", "life_domain", "channel", "page", "state"],
    "/staff/requests/": ["q", "status", "page", "organisation", "municipality"],
    "/staff/intake/": ["q", "client", "name", "phone", "email", "reference"],
    "/staff/kaart/": ["q", "postcode", "page", "type", "status"],
    "/staff/kaart/controleren/": ["page"],
    "/staff/dossier/": ["page", "status", "q"],
    "/staff/rapportages/": ["kind", "period", "municipality", "organisation", "scope"],
    "/staff/privacy/audit/": ["q", "user", "action", "from", "to", "page", "reference"],
}


def _no_server_error(response, url, value):
    assert response.status_code < 500, f"{url} with {value!r}: {response.status_code}"


@pytest.mark.parametrize("url", PUBLIC_GETS)
def test_public_pages_and_apis_answer_any_query(client, url):
    for param in PUBLIC_GETS[url]:
        for value in HOSTILE:
            _no_server_error(client.get(url, {param: value}), url, (param, value))


@pytest.mark.parametrize("url", STAFF_GETS)
def test_staff_pages_answer_any_query(f, org, client, url):
    admin = f.user(Role.COORDINATOR, Role.ADMIN, Role.PRIVACY_OFFICER, Role.DESK, org=org)
    client.force_login(admin)
    for param in STAFF_GETS[url]:
        for value in HOSTILE:
            _no_server_error(client.get(url, {param: value}), url, (param, value))


def test_public_form_answers_any_text(client):
    for value in HOSTILE:
        for field in ("question", "name", "postcode", "phone", "email", "municipality", "started", "submission_key",
                      "urgency", "contact_way"):
            response = client.post("/hulp-vragen/", {"question": "Hulp bij een brief", field: value})
            _no_server_error(response, "/hulp-vragen/", (field, value))


def test_partner_api_answers_any_json(client, settings):
    from naast.intake.services import create_partner_key

    # Every value is sent, not only the first hour's allowance of the key.
    settings.NAAST_INTAKE = {**settings.NAAST_INTAKE, "PARTNER_API_RATE_LIMIT_PER_HOUR": 0}

    _key, secret = create_partner_key("Huisartsenpraktijk Test", referrer="gp")
    headers = {"HTTP_AUTHORIZATION": f"Bearer {secret}"}
    for value in HOSTILE:
        for field in ("question", "name", "postcode", "phone", "email", "municipality_code", "urgency", "life_domains"):
            body = json.dumps({"question": "Hulp bij een brief", field: value})
            response = client.post("/api/partner/referrals", body, content_type="application/json", **headers)
            _no_server_error(response, "/api/partner/referrals", (field, value))
    response = client.post("/api/partner/referrals", "{not json", content_type="application/json", **headers)
    _no_server_error(response, "/api/partner/referrals", "{not json")
