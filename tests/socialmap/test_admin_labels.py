"""The social map's admin pages speak Dutch, though several HSDS models have English verbose
names or none: the admin's forms, inlines and columns name them (naast.socialmap.admin)."""

import datetime as dt
import html
import re

import pytest
from django.utils import translation

from naast.accounts.roles import Role
from naast.socialmap.admin import opening_hours_text
from naast.socialmap.models import Address, Location, Schedule, ServiceAtLocation, TaxonomyTerm

from . import factories as sm

pytestmark = pytest.mark.django_db

ENGLISH = ["Organization", "External identifier", "Addresss", "Attention", "Region", "Address type", "Phones",
           "Schedules", "Service areas", "Service at locations", "Taxonomy id value", "Parent id", "Municipality",
           "District", "Location", "Description", "Phone", "Schedule", "Service area", "Address"]


@pytest.fixture
def admin_client(f, login):
    return login(f.user(Role.ADMIN, username="beheer-test"))


@pytest.fixture
def service(muni):
    s = sm.service("Huurspreekuur", hours=[("WE", (9, 0), (12, 30)), ("FR,MO", (13, 0), (16, 0))], municipality=muni)
    Schedule.objects.create(service=s, closed=True, valid_from=dt.date(2026, 12, 24), valid_to=dt.date(2026, 12, 26))
    s.phones.create(number="0522 123 456")
    ServiceAtLocation.objects.create(service=s, location=location(s.organization))
    return s


def location(organization=None):
    loc = Location.objects.create(name="De Brink", organization=organization)
    Address.objects.create(location=loc, address_1="Brink 1", city="Diever", state_province="Drenthe",
                           postal_code="7981 AA")
    return loc


def words(client, url) -> set[str]:
    """What the page shows as labels, column and inline headings and inline row names."""
    response = client.get(url)
    assert response.status_code == 200, url
    page = response.content.decode()
    found = re.findall(r"<label[^>]*>(.*?)</label>|<th[^>]*>(.*?)</th>|<h[23][^>]*>(.*?)</h[23]>"
                       r'|<td class="original">(.*?)</td>', page, re.S)
    texts = {html.unescape(re.sub(r"<[^>]+>|\s+", " ", part)).strip().rstrip(":") for parts in found for part in parts}
    return texts - {""}


def assert_no_english(texts: set[str]):
    english = {text for text in texts for word in ENGLISH if re.match(rf"{word}\b", text)}
    assert english == set()


def test_service_pages_name_their_inlines_and_columns_in_dutch(admin_client, service):
    for url in ["/admin/socialmap/service/add/", f"/admin/socialmap/service/{service.pk}/change/"]:
        texts = words(admin_client, url)
        assert {"Telefoonnummers", "Openingstijden en sluitingen", "Werkgebieden", "Locaties"} <= texts, url
        assert {"Gemeente", "Wijk", "Locatie", "Beschrijving", "Dagen", "Open vanaf", "Dicht om"} <= texts, url
        assert_no_english(texts)


def test_service_page_shows_opening_hours_readably(admin_client, service):
    texts = words(admin_client, f"/admin/socialmap/service/{service.pk}/change/")
    assert {"woensdag 09:00–12:30", "maandag, vrijdag 13:00–16:00",
            "Gesloten van 24 december 2026 tot en met 26 december 2026."} <= texts
    page = admin_client.get(f"/admin/socialmap/service/{service.pk}/change/").content.decode()
    assert "WE 09:00:00-12:30:00" not in page and "None-None" not in page


def test_location_pages_speak_dutch_and_spell_addresses(admin_client, service):
    loc = Location.objects.get(name="De Brink")
    for url in ["/admin/socialmap/location/add/", f"/admin/socialmap/location/{loc.pk}/change/"]:
        texts = words(admin_client, url)
        assert {"Organisatie", "Extern kenmerk", "Soort extern kenmerk", "Adressen", "Ter attentie van", "Regio",
                "Soort adres", "Straat en huisnummer"} <= texts, url
        assert_no_english(texts)
    assert "Addresss" not in admin_client.get(f"/admin/socialmap/location/{loc.pk}/change/").content.decode()
    texts = words(admin_client, "/admin/socialmap/location/")
    assert "Organisatie" in texts and "Stichting Test" in admin_client.get("/admin/socialmap/location/").content.decode()
    assert_no_english(texts)


def test_a_location_is_saved_with_its_address_through_the_dutch_form(admin_client):
    response = admin_client.post("/admin/socialmap/location/add/", {
        "name": "Bibliotheek Diever", "location_type": "physical",
        "addresses-TOTAL_FORMS": "1", "addresses-INITIAL_FORMS": "0",
        "addresses-MIN_NUM_FORMS": "0", "addresses-MAX_NUM_FORMS": "1000",
        "addresses-0-address_1": "Peperstraat 2", "addresses-0-city": "Diever", "addresses-0-region": "Zuidwest-Drenthe",
        "addresses-0-state_province": "Drenthe", "addresses-0-postal_code": "7981 AB", "addresses-0-country": "NL",
        "addresses-0-address_type": "physical", "addresses-0-attention": "Balie",
    })
    assert response.status_code == 302, response.content.decode()
    address = Address.objects.get(location__name="Bibliotheek Diever")
    assert (address.attention, address.region) == ("Balie", "Zuidwest-Drenthe")


def test_the_delete_summary_names_addresses_in_dutch(admin_client):
    loc = location()
    page = admin_client.get(f"/admin/socialmap/location/{loc.pk}/delete/").content.decode()
    assert "Adressen: 1" in page and "ddresss" not in page


def test_organisation_pages_speak_dutch(admin_client, service):
    for url in ["/admin/socialmap/organization/add/", f"/admin/socialmap/organization/{service.organization.pk}/change/",
                "/admin/socialmap/organization/"]:
        texts = words(admin_client, url)
        assert "Naam" in texts, url
        assert_no_english(texts)
    assert {"Id moederorganisatie", "Lidorganisatie van de dienst"} <= words(admin_client,
                                                                              "/admin/socialmap/organization/add/")


def test_taxonomy_term_pages_speak_dutch(admin_client):
    term = TaxonomyTerm.objects.first()
    for url in ["/admin/socialmap/taxonomyterm/add/", f"/admin/socialmap/taxonomyterm/{term.pk}/change/"]:
        texts = words(admin_client, url)
        assert {"Id taxonomie", "Id bovenliggende term"} <= texts, url
        assert_no_english(texts)


def test_opening_hours_text_in_english_and_for_open_ended_closures():
    weekly = Schedule(byday="TU,MO", opens_at=dt.time(9), closes_at=dt.time(12, 30))
    with translation.override("en"):
        assert opening_hours_text(weekly) == "Monday, Tuesday 09:00–12:30"
    with translation.override("nl"):
        assert opening_hours_text(weekly) == "maandag, dinsdag 09:00–12:30"
        assert opening_hours_text(Schedule(closed=True, valid_from=dt.date(2027, 1, 4))) == "Gesloten vanaf 4 januari 2027."
        assert opening_hours_text(Schedule(closed=True, valid_to=dt.date(2027, 1, 4))) == "Gesloten tot en met 4 januari 2027."
        assert opening_hours_text(Schedule(byday="SA")) == "zaterdag"
