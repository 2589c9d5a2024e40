"""Limits that see the resident: behind Naast's TLS proxy every request comes from the proxy's
address, and residents at one library or care home share an address; neither may block the
others. A client that writes its own X-Forwarded-For is not believed. Partner API keys have an
hourly limit."""

import itertools
import json
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from naast.intake import services
from naast.intake.models import PartnerApiCall, PartnerApiKey, PublicSubmission
from naast.organisations.models import ServiceProfile
from naast.registry.models import HelpRequest

from .test_public_form import form_data

pytestmark = pytest.mark.django_db
FORM = "/hulp-vragen/"
API = "/api/partner/referrals"
PROXY = "10.20.30.40"
_keys = itertools.count()


@pytest.fixture
def behind_proxy(settings):
    settings.NAAST = {**settings.NAAST, "TRUSTED_PROXIES": [PROXY]}
    settings.NAAST_INTAKE = {**settings.NAAST_INTAKE, "RATE_LIMIT_PER_HOUR": 2, "ADDRESS_LIMIT_PER_HOUR": 50}


def _post(client, question="Ik kan mijn huur niet meer betalen.", *, resident=None, peer=PROXY):
    headers = {"REMOTE_ADDR": peer}
    if resident is not None:
        headers["HTTP_X_FORWARDED_FOR"] = resident
    return client.post(FORM, form_data(question=question, submission_key=f"key-{next(_keys)}".ljust(24, "x")), **headers)


def test_two_residents_behind_the_same_proxy_each_get_through(client, behind_proxy):
    assert _post(client, resident="203.0.113.5").status_code == 302
    assert _post(client, resident="203.0.113.5").status_code == 302
    assert _post(client, resident="203.0.113.5").status_code == 429
    # A neighbour asking the very same question from home, through the same proxy.
    assert _post(client, resident="198.51.100.7").status_code == 302
    assert HelpRequest.objects.count() == 3


def test_residents_sharing_one_address_do_not_use_up_each_others_limit(client, settings):
    """A library: one address for everyone, no proxy of Naast's in between."""
    settings.NAAST_INTAKE = {**settings.NAAST_INTAKE, "RATE_LIMIT_PER_HOUR": 2, "ADDRESS_LIMIT_PER_HOUR": 4}
    library = "192.0.2.80"
    for _ in range(2):
        assert _post(client, "Ik kan mijn huur niet betalen", peer=library).status_code == 302
    # The same question again (however it is capitalised or punctuated): that resident waits.
    assert _post(client, "ik kan mijn HUUR niet betalen!", peer=library).status_code == 429
    # Another resident at the next computer, with their own question, gets through.
    assert _post(client, "Mijn moeder heeft hulp nodig bij het aanvragen van huishoudelijke hulp.",
                 peer=library).status_code == 302
    assert _post(client, "Wie helpt mij met een brief van de gemeente?", peer=library).status_code == 302
    # The address in all has its own, larger limit.
    assert _post(client, "Een vijfde, andere vraag", peer=library).status_code == 429
    assert HelpRequest.objects.count() == 4


def test_a_spoofed_forwarded_for_is_ignored(client, behind_proxy):
    # Not from the proxy: the header is the client's own invention, whatever it says.
    for fake in ["1.1.1.1", "1.1.1.2"]:
        assert _post(client, peer="192.0.2.50", resident=fake).status_code == 302
    assert _post(client, peer="192.0.2.50", resident="1.1.1.3").status_code == 429
    # Through the proxy, an address the client put in front of its own is not believed either:
    # the proxy appends the address it saw, and that one counts.
    for fake in ["6.6.6.1", "6.6.6.2"]:
        assert _post(client, resident=f"{fake}, 203.0.113.9").status_code == 302
    assert _post(client, resident="6.6.6.3, 203.0.113.9").status_code == 429


def test_the_limit_page_explains_and_shows_the_phone_number(client, behind_proxy):
    profile = ServiceProfile.get()
    profile.phone = "0521 123 456"
    profile.save()
    ServiceProfile.clear_cache()
    question = "Ik kan mijn huur niet meer betalen en weet niet wat ik moet doen."
    for _ in range(2):
        _post(client, question, resident="203.0.113.5")
    response = _post(client, question, resident="203.0.113.5")
    html = response.content.decode()
    assert response.status_code == 429 and response["Retry-After"] == "3600"
    assert "Uw vraag is nog niet verstuurd." in html
    assert "bibliotheek" in html and "over een uur" in html
    assert 'href="tel:0521123456"' in html and "0521 123 456" in html
    assert question in html  # what they typed is still there
    assert HelpRequest.objects.count() == 2


def test_records_are_forgotten_after_the_hour(client, behind_proxy):
    _post(client, resident="203.0.113.5")
    PublicSubmission.objects.update(created_at=timezone.now() - timedelta(hours=2))
    PublicSubmission.objects.create(address_hash="x")
    call_command("send-reminders")
    assert list(PublicSubmission.objects.values_list("address_hash", flat=True)) == ["x"]


# --- the partner API ---------------------------------------------------------------------------
_SENT = itertools.count(1)


def _referral(client, key, lang="nl", peer="127.0.0.1", **extra):
    # Each call a different referral: an identical body within ten minutes is one request (a double send).
    body = {"question": f"Mevrouw heeft hulp nodig bij het keukentafelgesprek ({next(_SENT)}).", "municipality": "GM1701"}
    return client.post(API, json.dumps(body), content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {key}",
                       HTTP_ACCEPT_LANGUAGE=lang, REMOTE_ADDR=peer, **extra)


def test_an_api_key_over_its_limit_gets_429(client, settings, muni):
    settings.NAAST_INTAKE = {**settings.NAAST_INTAKE, "PARTNER_API_RATE_LIMIT_PER_HOUR": 2}
    _obj, key = services.create_partner_key("Huisartsenpraktijk Diever", referrer="gp")
    _other, other_key = services.create_partner_key("Wmo-team Westerveld", referrer="municipality")
    assert [_referral(client, key).status_code for _ in range(2)] == [201, 201]
    over = _referral(client, key)
    assert over.status_code == 429 and over["Content-Type"].startswith("application/json")
    assert 3000 <= int(over["Retry-After"]) <= 3600
    assert over.json()["detail"].startswith("Te veel verzoeken met deze API-sleutel: ten hoogste 2 per uur.")
    assert "Try again in 60 minutes." in _referral(client, key, lang="en").json()["detail"]
    assert HelpRequest.objects.count() == 2
    # Another partner's key has its own hour.
    assert _referral(client, other_key).status_code == 201
    # An hour later the key works again.
    PartnerApiCall.objects.update(created_at=timezone.now() - timedelta(minutes=61))
    assert _referral(client, key).status_code == 201


def test_a_key_can_have_its_own_limit(client, settings, muni):
    settings.NAAST_INTAKE = {**settings.NAAST_INTAKE, "PARTNER_API_RATE_LIMIT_PER_HOUR": 100}
    obj, key = services.create_partner_key("Huisartsenpraktijk Diever", referrer="gp")
    PartnerApiKey.objects.filter(pk=obj.pk).update(rate_limit_per_hour=1)
    assert [_referral(client, key).status_code for _ in range(2)] == [201, 429]


def test_guessing_keys_is_limited_per_client_address(client, settings, muni, behind_proxy):
    settings.NAAST_INTAKE = {**settings.NAAST_INTAKE, "PARTNER_API_RATE_LIMIT_PER_HOUR": 3}
    guesser = {"peer": PROXY, "HTTP_X_FORWARDED_FOR": "203.0.113.66"}
    assert [_referral(client, f"guess-{i}", **guesser).status_code for i in range(4)] == [401, 401, 401, 429]
    assert "onbekende API-sleutel" in _referral(client, "guess-5", **guesser).json()["detail"]
    # A partner behind the same proxy with its real key is not blocked by the guesser.
    _obj, key = services.create_partner_key("Huisartsenpraktijk Diever", referrer="gp")
    assert _referral(client, key, peer=PROXY, HTTP_X_FORWARDED_FOR="198.51.100.20").status_code == 201
    assert _referral(client, "guess-6", peer=PROXY, HTTP_X_FORWARDED_FOR="198.51.100.20").status_code == 401
