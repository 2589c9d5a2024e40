"""The public map for residents: search, filters, fallback, detail page, no internal fields."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from naast.organisations.models import ServiceProfile
from naast.socialmap.models import Address, Location, Phone, ServiceAtLocation

from . import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def debt():
    s = factories.service(
        "Schuldhulpverlening Westerveld", description="Hulp als u uw rekeningen niet kunt betalen.",
        types=["debt_help"], free_of_charge=True, internal_notes="GEHEIM: vraag naar Piet",
        direct_line="0522 999 111", referral_instructions="Alleen via de huisarts", last_verified_on=dt.date(2026, 3, 2),
    )
    loc = Location.objects.create(name="Gemeentehuis Diever", latitude=52.85, longitude=6.31)
    Address.objects.create(location=loc, address_1="Brink 1", city="Diever", state_province="Drenthe", postal_code="7981 AA")
    ServiceAtLocation.objects.create(service=s, location=loc)
    Phone.objects.create(service=s, number="0522 123 456")
    return s


def test_home_page_links_to_the_map(client):
    response = client.get("/")
    assert reverse("socialmap:search") in response.content.decode()


def test_search_finds_the_service_and_shows_call_link(client, debt):
    response = client.get(reverse("socialmap:search"), {"q": "ik heb schulden"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Schuldhulpverlening Westerveld" in html
    assert 'href="tel:+31522123456"' in html
    assert "GEHEIM" not in html and "999 111" not in html


def test_detail_page_shows_route_last_checked_and_hides_internal_fields(client, debt):
    html = client.get(reverse("socialmap:detail", args=[debt.pk])).content.decode()
    assert "openstreetmap.org/directions" in html and "52.85" in html
    assert "2 maart 2026" in html  # last checked on, in Dutch
    assert "Brink 1" in html and "Gratis" in html
    for secret in ("GEHEIM", "999 111", "Alleen via de huisarts"):
        assert secret not in html


def test_archived_service_page_is_gone_for_residents(client, debt):
    debt.archived_at = timezone.now()
    debt.save()
    assert client.get(reverse("socialmap:detail", args=[debt.pk])).status_code == 404


def test_no_match_offers_our_phone_number_and_categories(client, debt):
    profile = ServiceProfile.get()
    profile.phone = "0522 200 300"
    profile.save()
    html = client.get(reverse("socialmap:search"), {"q": "qqqq zzzz"}).content.decode()
    assert "wij zoeken het samen uit" in html.lower()
    assert 'href="tel:0522200300"' in html
    assert "Schuldhulp en geldzaken" in html  # a category to try


def test_only_everyday_words_like_ik_zoek_hulp_ask_what_kind_of_help_not_say_nothing_was_found(client, debt):
    """"hulp" or "ik zoek hulp" hold no word to search for: the page asked nothing, so it must not
    say nothing fits; it asks what kind of help, with the kinds of help and our number."""
    profile = ServiceProfile.get()
    profile.phone = "0522 200 300"
    profile.save()
    for query in ["hulp", "ik zoek hulp"]:
        html = client.get(reverse("socialmap:search"), {"q": query}).content.decode()
        assert "Wat voor hulp zoekt u?" in html and "geen passende hulp gevonden" not in html
        assert "Schuldhulp en geldzaken" in html and 'href="tel:0522200300"' in html
    html = client.get(reverse("socialmap:search"), {"q": "qqqq zzzz"}).content.decode()
    assert "geen passende hulp gevonden" in html and "Wat voor hulp zoekt u?" not in html


def test_invalid_filter_values_do_not_break_the_page(client, debt):
    response = client.get(reverse("socialmap:search"), {"q": "schulden", "age": "oud", "place": "x:1", "page": "abc"})
    assert response.status_code == 200
    assert "Vul een geheel getal in" in response.content.decode() or "geheel getal" in response.content.decode()


def test_filters_are_applied_from_the_form(client, debt, muni):
    factories.service("Jeugdteam Diever", description="Opvoeden", domains=["youth_care"], minimum_age=0, maximum_age=18)
    html = client.get(reverse("socialmap:search"), {"domain": "youth_care"}).content.decode()
    assert "Jeugdteam Diever" in html and "Schuldhulpverlening" not in html
    html = client.get(reverse("socialmap:search"), {"free": "on"}).content.decode()
    assert "Schuldhulpverlening" in html and "Jeugdteam Diever" not in html
    html = client.get(reverse("socialmap:search"), {"place": f"m:{muni.code}"}).content.decode()
    assert "Schuldhulpverlening" in html  # no service area: available everywhere


def test_the_place_list_groups_villages_under_their_municipality(client, f, muni):
    """Villages were listed as "— Diever" under their municipality (a screen reader read out the
    dash): a municipality with villages is a group with the whole municipality first."""
    diever = f.district("Diever", muni)
    f.municipality("GM1690", "De Wolden")  # no villages: one option
    html = client.get(reverse("socialmap:search")).content.decode()
    assert f'<optgroup label="{muni.name}">' in html and "— Diever" not in html
    assert f'<option value="m:{muni.code}">Heel {muni.name}</option>' in html
    assert f'<option value="d:{diever.pk}">Diever</option>' in html
    assert '<option value="m:GM1690">De Wolden</option>' in html
    found = client.get(reverse("socialmap:search"), {"place": f"d:{diever.pk}", "q": "schulden"})
    assert found.status_code == 200 and "geldige keuze" not in found.content.decode()


def test_search_page_works_as_a_plain_html_form(client):
    html = client.get(reverse("socialmap:search")).content.decode()
    assert '<form method="get"' in html and 'name="q"' in html and "<script" not in html.split("</head>")[1]
