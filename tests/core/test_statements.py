"""The privacy statement and the accessibility statement (issue 17): public, linked from every
page's footer, the accessibility statement in the Dutch government's model with its date."""

import pytest
from django.conf import settings

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("path", ["/", "/hulp-vragen/", "/kaart/", "/enquete/", "/hulp-vragen/volg/",
                                  "/bestaat-niet/", "/privacy/", "/toegankelijkheid/"])
def test_every_public_page_links_both_statements_in_its_footer(client, path):
    page = client.get(path).content.decode()
    footer = page[page.index("<footer"):]
    assert 'href="/privacy/"' in footer and "Privacyverklaring" in footer
    assert 'href="/toegankelijkheid/"' in footer and "Toegankelijkheidsverklaring" in footer


def test_privacy_statement_says_what_why_who_and_the_residents_rights(client):
    page = client.get("/privacy/").content.decode()
    for words in ("Welke gegevens?", "gezondheid", "Wie ziet uw gegevens?", "De gemeente ziet uw gegevens niet",
                  "Cookies", "inzien", "Autoriteit Persoonsgegevens"):
        assert words in page


def test_accessibility_statement_follows_the_model_with_status_and_date(client):
    page = client.get("/toegankelijkheid/").content.decode()
    assert "Status: voldoet gedeeltelijk" in page
    assert "WCAG 2.1" in page and "digitoegankelijk.nl" in page
    assert "opgesteld op 6 december 2026" in page
    assert "Nationale ombudsman" in page


def test_statement_on_an_arabic_page_is_marked_dutch_and_says_so(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "ar"
    page = client.get("/toegankelijkheid/").content.decode()
    assert '<html lang="ar" dir="rtl"' in page
    assert "بيان إمكانية الوصول" in page and "هذا البيان باللغة الهولندية" in page
    assert '<div lang="nl">' in page
    assert "opgesteld op 6 december 2026" in page  # the Dutch text keeps a Dutch date
