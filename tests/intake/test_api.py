"""The partner referral API: token auth per partner, OpenAPI document, clear 4xx JSON in Dutch
or English, nothing written on invalid input, referrals land in the registry as `partner`."""

import json

import pytest

from naast.intake import services
from naast.intake.models import PartnerApiKey
from naast.registry.models import Client, HelpRequest

pytestmark = pytest.mark.django_db
URL = "/api/partner/referrals"


@pytest.fixture
def key(db):
    _obj, key = services.create_partner_key("Huisartsenpraktijk Diever", referrer="gp")
    return key


def post(client, body, key=None, lang="nl", raw=None):
    headers = {"HTTP_ACCEPT_LANGUAGE": lang}
    if key:
        headers["HTTP_AUTHORIZATION"] = f"Bearer {key}"
    data = raw if raw is not None else json.dumps(body)
    return client.post(URL, data=data, content_type="application/json", **headers)


def referral(**overrides):
    body = {"question": "Mevrouw heeft hulp nodig bij het keukentafelgesprek.", "municipality": "GM1701",
            "urgency": "urgent", "life_domains": ["care"], "resident_name": "mevr. J.", "phone": "0612345678",
            "consent_to_share": True}
    body.update(overrides)
    return body


def test_referral_lands_in_the_registry_with_the_partner_as_referrer(client, key, muni):
    response = post(client, referral(), key)
    assert response.status_code == 201, response.content
    payload = response.json()
    hr = HelpRequest.objects.get(reference=payload["reference"])
    assert hr.channel == "partner" and hr.referrer == "gp" and hr.urgency == "urgent" and hr.municipality == muni
    assert hr.intake.asker_name == "Huisartsenpraktijk Diever"
    assert [d.code for d in hr.life_domains.all()] == ["care"]
    assert payload["first_contact_due"] is not None
    assert PartnerApiKey.objects.get().last_used_at is not None


def test_keys_are_stored_hashed(key):
    assert not PartnerApiKey.objects.filter(key_hash__contains=key).exists()
    assert key not in PartnerApiKey.objects.get().key_hash


@pytest.mark.parametrize(("auth", "lang", "text"), [
    (None, "nl", "API-sleutel ontbreekt"),
    ("wrong", "en", "Missing or unknown API key"),
])
def test_missing_or_wrong_key_is_401(client, muni, auth, lang, text):
    response = post(client, referral(), auth, lang=lang)
    assert response.status_code == 401 and text in response.json()["detail"]
    assert not HelpRequest.objects.exists()


def test_inactive_key_is_refused(client, key, muni):
    PartnerApiKey.objects.update(active=False)
    assert post(client, referral(), key).status_code == 401


@pytest.mark.parametrize(
    ("body", "field", "lang", "text"),
    [
        (referral(municipality="GM9999"), "municipality", "nl", "Onbekende gemeentecode"),
        (referral(urgency="asap"), "urgency", "en", "Use one of: urgent, regular"),
        (referral(life_domains=["astrology"]), "life_domains", "nl", "Onbekende levensgebieden"),
        (referral(postcode="ABCDEF"), "postcode", "nl", "postcode"),
        (referral(email="not-an-address"), "email", "en", "valid e-mail"),
        (referral(referrer="boss"), "referrer", "nl", "Gebruik een van"),
        (referral(question=""), "question", "nl", ""),
        ({"municipality": "GM1701"}, "question", "en", ""),
    ],
)
def test_invalid_referrals_get_422_and_write_nothing(client, key, muni, body, field, lang, text):
    response = post(client, body, key, lang=lang)
    assert response.status_code == 422, response.content
    payload = response.json()
    assert field in payload["errors"] and text in payload["errors"][field]
    expected = "nothing was saved" if lang == "en" else "er is niets opgeslagen"
    assert expected in payload["detail"]
    assert not HelpRequest.objects.exists() and not Client.objects.exists()


def test_body_that_is_not_json_gets_a_clear_error(client, key, muni):
    response = post(client, None, key, raw="{not json")
    assert response.status_code == 400
    assert "geen geldige JSON" in response.json()["detail"]
    assert not HelpRequest.objects.exists()


def test_openapi_document_describes_the_referral_endpoint(client):
    doc = client.get("/api/partner/openapi.json").json()
    assert "/api/partner/referrals" in doc["paths"]
    assert doc["components"]["securitySchemes"]


def test_create_partner_key_command(client, muni, capsys):
    from django.core.management import call_command

    call_command("create-partner-key", "Wmo-team Westerveld", "--referrer", "municipality")
    key = capsys.readouterr().out.strip().splitlines()[-1]
    assert post(client, referral(), key).status_code == 201
    assert HelpRequest.objects.get().referrer == "municipality"


@pytest.mark.parametrize("field", ["question", "resident_name", "phone", "referrer_contact", "municipality",
                                   "life_domains"])
def test_a_nul_character_is_refused_not_a_server_error(client, key, muni, field):
    """PostgreSQL cannot store a NUL character; the referral is refused with a 422 instead."""
    value = ["care\x00"] if field == "life_domains" else "Hulp\x00nodig"
    client.raise_request_exception = False
    response = post(client, referral(**{field: value}), key)
    assert response.status_code == 422 and field in response.json()["errors"]
    assert not HelpRequest.objects.exists()
