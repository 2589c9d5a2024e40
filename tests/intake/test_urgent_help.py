"""When it cannot wait (issue 17): the form, the thank-you page and the follow-up page say where
to go now, with the numbers of the service profile (the national ones by default)."""

import pytest

from naast.organisations.models import ServiceProfile
from naast.registry.models import HelpRequest

from .test_public_form import URL, form_data

pytestmark = pytest.mark.django_db


def _pages(client):
    form = client.get(URL).content.decode()
    thanks = client.post(URL, form_data(), follow=True).content.decode()
    follow_url = client.get("/hulp-vragen/bedankt/").content.decode().split('href="http://testserver')[1].split('"')[0]
    follow_up = client.get(follow_url).content.decode()
    return {"form": form, "thanks": thanks, "follow-up": follow_up}


def test_form_thanks_and_follow_up_say_where_to_go_now(client):
    profile = ServiceProfile.get()
    profile.phone = "0522 123 456"
    profile.save()
    for name, page in _pages(client).items():
        assert "Kan het niet wachten?" in page, name
        assert 'href="tel:112"' in page, name
        assert "113 Zelfmoordpreventie" in page and 'href="tel:08000113"' in page, name
        assert "Veilig Thuis" in page and 'href="tel:08002000"' in page, name
        assert 'href="tel:0522123456"' in page, name
    assert HelpRequest.objects.count() == 1


def test_the_numbers_are_configurable_per_service(client):
    profile = ServiceProfile.get()
    profile.suicide_prevention_phone = "0900-1450"
    profile.domestic_violence_phone = ""  # a line left empty is not shown
    profile.save()
    page = client.get(URL).content.decode()
    assert 'href="tel:09001450"' in page and "08000113" not in page
    assert "Veilig Thuis" not in page


def test_arabic_page_says_it_in_arabic(client, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "ar"
    page = client.get(URL).content.decode()
    assert "ألا يمكن أن ينتظر الأمر؟" in page and 'href="tel:112"' in page
