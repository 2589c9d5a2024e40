"""The public map in the residents' languages (issue 17): its own words translated, the
services' Dutch texts marked as Dutch, and a waiting time that counts right."""

import pytest
from django.conf import settings
from django.urls import reverse

from . import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def debt():
    return factories.service(
        "Schuldhulpverlening Westerveld", description="Hulp als u uw rekeningen niet kunt betalen.",
        types=["debt_help"], free_of_charge=True, waiting_weeks=1, wait_time="1 weken",
    )


def _page(client, url, language):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client.get(url).content.decode()


def test_dutch_service_text_on_an_english_page_is_marked_dutch(client, debt):
    page = _page(client, reverse("socialmap:detail", args=[debt.pk]), "en")
    assert '<html lang="en"' in page
    assert '<h1 class="utrecht-heading-1" lang="nl">Schuldhulpverlening Westerveld</h1>' in page
    assert 'lang="nl">Hulp als u uw rekeningen niet kunt betalen.' in page


def test_dutch_service_text_on_an_arabic_search_page_is_marked_dutch(client, debt):
    page = _page(client, reverse("socialmap:search") + "?q=schulden", "ar")
    assert '<html lang="ar" dir="rtl"' in page
    # Left to right inside the right-to-left page: the full stop stays at the sentence's end.
    assert 'lang="nl" dir="ltr">Schuldhulpverlening Westerveld</a>' in page
    assert 'lang="nl" dir="ltr">Hulp als u uw rekeningen niet kunt betalen.' in page
    assert "ابحث عن مساعدة قريبة منك" in page  # the map's own heading, in Arabic


def test_dutch_page_does_not_mark_its_own_language(client, debt):
    page = _page(client, reverse("socialmap:detail", args=[debt.pk]), "nl")
    assert 'lang="nl">Schuldhulpverlening' not in page


@pytest.mark.parametrize("language,expected", [("nl", "1 week"), ("en", "1 week"), ("pl", "1 tydzień"),
                                                ("uk", "1 тиждень"), ("ar", "أسبوع واحد")])
def test_one_week_of_waiting_is_not_written_as_weeks(client, debt, language, expected):
    page = _page(client, reverse("socialmap:detail", args=[debt.pk]), language)
    assert f"<dd>{expected}</dd>" in page
    assert "1 weken" not in page


# ------------------------------------------------ the kinds of help offered when nothing is found

@pytest.fixture
def map_with_service_types(debt):
    return [debt, factories.service("Maatjesproject Havelte", description="Een maatje om samen koffie te drinken.",
                                    types=["social_contact"], free_of_charge=True)]


def _fallback_links(page: str) -> list[str]:
    chips = page[page.index('class="socialmap-chips"'):]
    chips = chips[: chips.index("</ul>")]
    return [chip.split(">", 1)[1].split("</a>")[0] for chip in chips.split('<a class="utrecht-link"')[1:]]


@pytest.mark.parametrize("language,debt_help,meeting", [
    ("en", "Debt help and money matters", "Meeting people and loneliness"),
    ("ar", "المساعدة في الديون والشؤون المالية", "لقاء الناس والوحدة"),
    ("tr", "Borç yardımı ve para işleri", "İnsanlarla tanışma ve yalnızlık"),
    ("pl", "Pomoc w długach i sprawach finansowych", "Spotkania z ludźmi i samotność"),
    ("uk", "Допомога з боргами та фінансами", "Зустрічі з людьми та самотність"),
    ("nl", "Schuldhulp en geldzaken", "Ontmoeting en eenzaamheid"),
])
def test_nothing_found_offers_the_kinds_of_help_in_the_pages_language(client, map_with_service_types, language,
                                                                      debt_help, meeting):
    page = _page(client, reverse("socialmap:search") + "?q=qqqq+zzzz", language)
    links = _fallback_links(page)
    assert debt_help in links and meeting in links, links
    if language != "nl":
        assert "Schuldhulp en geldzaken" not in page and "Ontmoeting en eenzaamheid" not in page


@pytest.mark.parametrize("language", ["en", "ar", "tr", "pl", "uk", "nl"])
def test_following_a_kind_of_help_offered_finds_its_services(client, map_with_service_types, language):
    page = _page(client, reverse("socialmap:search") + "?q=qqqq+zzzz", language)
    chips = page[page.index('class="socialmap-chips"'):]
    hrefs = [chip.split('"', 1)[0] for chip in chips[: chips.index("</ul>")].split('href="')[1:]]
    assert len(hrefs) >= 2
    found = set()
    for href in hrefs:
        followed = _page(client, reverse("socialmap:search") + href.replace("&amp;", "&"), language)
        assert "socialmap-fallback" not in followed, href
        found |= {name for name in ("Schuldhulpverlening Westerveld", "Maatjesproject Havelte") if name in followed}
    assert found == {"Schuldhulpverlening Westerveld", "Maatjesproject Havelte"}


def test_a_service_type_on_a_card_is_in_the_pages_language_and_not_marked_dutch(client, debt):
    page = _page(client, reverse("socialmap:search") + "?q=schulden", "ar")
    assert '<span class="naast-badge">المساعدة في الديون والشؤون المالية</span>' in page
    assert "Schuldhulp en geldzaken" not in page


def test_phone_numbers_on_an_arabic_page_keep_their_order(client, debt):
    """In a right-to-left page the groups of "0522 123 456" would show reversed ("456 123 0522")
    and a resident would call the wrong number: every number is a left-to-right island."""
    from naast.organisations.models import ServiceProfile
    from naast.socialmap.models import Phone

    Phone.objects.create(service=debt, number="0522 123 456")
    profile = ServiceProfile.get()
    profile.phone = "0522 200 300"
    profile.save()
    page = _page(client, reverse("socialmap:search") + "?q=schulden", "ar")
    assert '<bdi dir="ltr">0522 123 456</bdi>' in page  # the card's call button
    assert '<bdi dir="ltr">0522 200 300</bdi>' in page  # the footer
    nothing = _page(client, reverse("socialmap:search") + "?q=xyzzyq", "ar")
    assert nothing.count('<bdi dir="ltr">0522 200 300</bdi>') >= 2  # the fallback's call button and the footer
    detail = _page(client, reverse("socialmap:detail", args=[debt.pk]), "ar")
    assert '<bdi dir="ltr">0522 123 456</bdi>' in detail


def test_a_dutch_postcode_in_an_arabic_help_text_keeps_its_order(client):
    """"7981 AB" inside a right-to-left sentence showed as "AB 7981": every Arabic text with a
    Dutch postcode example keeps it as a left-to-right island (Unicode isolate)."""
    import re

    import polib

    from naast.core.translations import catalogue_path

    catalogue = polib.pofile(str(catalogue_path("ar")))
    with_postcode = [e for e in catalogue if re.search(r"\d{4} [A-Z]{2}", e.msgid)]
    assert with_postcode  # the postcode field's help and the request form's examples
    for entry in with_postcode:
        assert re.search("\u2066\\d{4} [A-Z]{2}\u2069", entry.msgstr), entry.msgid
    assert "\u20667981 AB\u2069" in _page(client, reverse("socialmap:search"), "ar")  # as the map shows it


def test_the_answer_to_did_this_help_is_thanked_in_the_pages_language(client, debt):
    """The thanks after "did this help?" came in Dutch on every page (its view was not among the
    residents' texts); after a "no" the box with who to call is in the page's language too."""
    from django.core.cache import cache

    cache.clear()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "ar"
    page = client.post(reverse("socialmap:feedback"), {"q": "schulden", "helped": "no"}, follow=True).content.decode()
    assert "شكرًا لك. إجابتك تساعدنا على تحسين الخريطة." in page and "Dank u wel" not in page
    assert "نأسف لأن هذا لم يساعدك" in page
