"""Error pages (403, 404, 500) in the service's style, with what happened and what to do next."""

import pytest
from django.conf import settings as django_settings
from django.template import loader

from naast.accounts.roles import Role
from naast.organisations.models import ServiceProfile

pytestmark = pytest.mark.django_db


def test_the_tests_run_with_debug_off_so_these_are_the_pages_people_see():
    assert django_settings.DEBUG is False


def test_a_missing_public_page_is_styled_and_offers_the_start_page_and_the_phone(client):
    profile = ServiceProfile.get()
    profile.phone = "0521 123 456"
    profile.save()
    ServiceProfile.clear_cache()
    response = client.get("/bestaat-niet/")
    html = response.content.decode()
    assert response.status_code == 404
    assert "naast/naast.css" in html and '<html lang="nl"' in html
    assert "Pagina niet gevonden" in html and "De pagina die u zoekt bestaat niet (meer)." in html
    assert '<a class="utrecht-link" href="/">Naar de startpagina</a>' in html
    assert 'Of bel ons op <bdi dir="ltr">0521 123 456</bdi>: we helpen u graag.' in html


def test_a_missing_page_in_english(client):
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    html = client.get("/bestaat-niet/").content.decode()
    assert "Page not found" in html and "To the start page" in html


def test_a_forbidden_staff_page_is_styled_with_the_menu_and_the_way_back(f, login, muni):
    funder = login(f.user(Role.FUNDER, muni=muni))
    response = funder.get("/staff/queue/")
    html = response.content.decode()
    assert response.status_code == 403
    assert "naast/naast.css" in html and "Geen toegang tot deze pagina" in html
    assert "Dat kan komen door uw rol" in html
    assert '<a class="utrecht-link" href="/staff/">Naar het overzicht</a>' in html
    assert 'href="/staff/rapportages/"' in html  # the staff menu is there
    assert "Forbidden" not in html and "Foutcode: 403" in html


def test_a_missing_staff_page_leads_back_to_the_overview(f, login, org):
    html = login(f.user(Role.COORDINATOR, org=org)).get("/staff/requests/HV-BESTAATNIET/").content.decode()
    assert "Pagina niet gevonden" in html and "zoek de pagina in het menu" in html
    assert 'href="/staff/">Naar het overzicht</a>' in html


def test_the_500_page_needs_no_request_and_no_database(django_assert_num_queries):
    with django_assert_num_queries(0):
        html = loader.get_template("500.html").render()
    assert "Er ging iets mis" in html and "naast/naast.css" in html and 'href="/"' in html


def test_a_server_error_shows_the_500_page_over_http(client, settings):
    settings.ROOT_URLCONF = "tests.core.error_urls"
    client.raise_request_exception = False
    response = client.get("/kapot/")
    html = response.content.decode()
    assert response.status_code == 500
    assert "Er ging iets mis" in html and "Het ligt niet aan u" in html and "Foutcode: 500" in html
