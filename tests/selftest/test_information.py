"""The public information page (what client support is, in plain language) and its A4 flyer: the
service's own contact details, linked from the home page, one A4 page as PDF, in Dutch and English."""

import re

import pytest

from naast.organisations.models import ServiceProfile

from .helpers import pdf_pages

pytestmark = pytest.mark.django_db


@pytest.fixture
def profile():
    profile = ServiceProfile.get()
    profile.name = "Cliëntondersteuning Westerveld"
    profile.phone = "0522 200 300"
    profile.email = "hulp@clientondersteuning.example"
    profile.website = "https://clientondersteuning.example"
    profile.save()
    return profile


def test_the_home_page_links_to_the_information_page(client, profile):
    home = client.get("/").content.decode()
    assert 'href="/clientondersteuning/"' in home and "Wat is cliëntondersteuning?" in home


def test_the_information_page_says_what_the_law_promises_and_how_to_reach_the_service(client, profile):
    page = client.get("/clientondersteuning/").content.decode()
    for promise in ("Het is gratis", "Wij zijn onafhankelijk", "U mag bij elk gesprek iemand meenemen",
                    "Dan mag u om een andere ondersteuner vragen"):
        assert promise in page
    assert 'href="tel:0522200300"' in page and "hulp@clientondersteuning.example" in page
    assert "https://clientondersteuning.example" in page and 'href="/hulp-vragen/"' in page
    assert 'href="/clientondersteuning/folder/"' in page and 'href="/clientondersteuning/folder.pdf"' in page
    # Plain language: short sentences (B1 aims at about 15 words; none here is longer than 20).
    main = page.split("<main", 1)[1].split("</main>")[0]
    paragraphs = [re.sub(r"<[^>]+>", " ", p) for p in re.findall(r"<p[^>]*>(.*?)</p>", main, re.S)]
    sentences = [s for p in paragraphs for s in re.split(r"[.?!](?:\s|$)", " ".join(p.split())) if s.strip()]
    assert len(sentences) >= 10 and max(len(s.split()) for s in sentences) <= 20


def test_the_page_in_english(client, profile, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get("/clientondersteuning/").content.decode()
    assert "What is client support?" in page and "It is free" in page


def test_the_flyer_page_prints_on_its_own(client, profile):
    page = client.get("/clientondersteuning/folder/").content.decode()
    assert "@page" not in page  # the print rules live in the stylesheet
    assert "selftest/information" in page and "0522 200 300" in page
    assert "naast-header" not in page  # no site navigation on the flyer


def test_the_flyer_pdf_is_one_a4_page(client, profile):
    response = client.get("/clientondersteuning/folder.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    body = response.content
    assert body.startswith(b"%PDF") and pdf_pages(body) == 1
    assert b"/MediaBox [ 0 0 595.2756 841.8898 ]" in body  # A4


def test_the_flyer_stays_on_one_page_with_long_contact_details(client, profile):
    profile.name = "Stichting Onafhankelijke Cliëntondersteuning voor Inwoners van de Gemeenten " * 2
    profile.name = profile.name[:200]
    profile.website = ("https://www." + "heel-lang-" * 15 + "voorbeeld.example/informatie/clientondersteuning")[:200]
    profile.email = "informatie.en.aanmelding.clientondersteuning@" + "lang" * 10 + ".example"
    profile.save()
    assert pdf_pages(client.get("/clientondersteuning/folder.pdf").content) == 1


def test_the_page_in_arabic_and_the_flyer_pdf_in_letters_it_can_print(client, profile, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "ar"
    page = client.get("/clientondersteuning/").content.decode()
    assert "ما هو دعم العملاء؟" in page and "Wat is cliëntondersteuning" not in page
    assert "ما هو دعم العملاء؟" in client.get("/").content.decode()  # the home page's card too
    # The PDF's fonts print no Arabic: it comes in Dutch instead of boxes.
    import base64
    import zlib

    body = client.get("/clientondersteuning/folder.pdf").content
    # reportlab writes its page streams ASCII85- and Flate-encoded.
    streams = b"".join(zlib.decompress(base64.a85decode(m.strip().removesuffix(b"~>")))
                       for m in re.findall(rb"/ASCII85Decode /FlateDecode \] /Length \d+\s*>>\s*stream\r?\n(.*?)endstream",
                                           body, re.S))
    assert pdf_pages(body) == 1 and b"(Wat is cli" in streams and b"Het is gratis" in streams
