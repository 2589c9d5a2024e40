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
    assert 'lang="nl">Schuldhulpverlening Westerveld</a>' in page
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
