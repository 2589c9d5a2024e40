"""A resident's journeys in headless Chromium, in Dutch and in Arabic (issue 17): search the map
and open a service; ask for help and receive the reference; open the follow-up link and ask for
another supporter; answer the survey. Each page on the way passes axe-core."""

import pytest
from django.conf import settings as django_settings
from selenium.webdriver.common.by import By

from naast.accounts.roles import Role
from naast.casework import services as casework
from naast.intake import services as intake
from naast.registry.models import HelpRequest
from tests import factories as f
from tests.browser import assert_accessible, click_and_wait_for_next_page

from . import factories

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WORDS = {
    "nl": {"thanks": "Dank u wel. We hebben uw vraag ontvangen.", "another": "We zoeken een andere ondersteuner voor u",
           "survey_thanks": "Bedankt voor uw antwoorden"},
    "ar": {"thanks": "شكرًا لك. وصلنا سؤالك.", "another": "سنبحث لك عن مرافق دعم آخر",
           "survey_thanks": "شكرًا على إجاباتك"},
}


@pytest.mark.parametrize("language", ["nl", "ar"])
def test_a_residents_journeys(browser, live_server, settings, language):
    settings.NAAST_INTAKE = {**settings.NAAST_INTAKE, "MIN_SECONDS_TO_SUBMIT": 0}
    words = WORDS[language]
    service = factories.service("Schuldhulp Westerveld", description="Hulp bij schulden en rekeningen.",
                                types=["debt_help"])
    base = live_server.url
    browser.get(base + "/healthz")
    browser.delete_all_cookies()
    browser.add_cookie({"name": django_settings.LANGUAGE_COOKIE_NAME, "value": language, "path": "/"})

    # 1. Search the map and open a service.
    browser.get(base + "/kaart/")
    browser.find_element(By.ID, "id_q").send_keys("schulden")
    click_and_wait_for_next_page(browser, "form.socialmap-search button[type=submit]")
    assert_accessible(browser)
    click_and_wait_for_next_page(browser, f"a[href='/kaart/{service.pk}/']")
    assert browser.find_element(By.TAG_NAME, "h1").text == "Schuldhulp Westerveld"
    assert_accessible(browser)

    # 2. Ask for help and receive the reference.
    browser.get(base + "/hulp-vragen/")
    browser.find_element(By.ID, "id_question").send_keys("Ik kan mijn rekeningen niet meer betalen.")
    browser.find_element(By.CSS_SELECTOR, "input[name=contact_way][value=none]").click()
    click_and_wait_for_next_page(browser, "main form.naast-intake-form button[type=submit]")
    assert words["thanks"] in browser.page_source
    hr = HelpRequest.objects.get()
    assert browser.find_element(By.CSS_SELECTOR, ".naast-reference").text == hr.reference
    assert_accessible(browser)

    # 3. Open the follow-up link and ask for another supporter.
    link = browser.find_element(By.CSS_SELECTOR, "main a[href*='/hulp-vragen/volg/']").get_attribute("href")
    org = f.organisation("MEE Test")
    supporter = f.user(Role.SUPPORTER, org=org)
    intake.assign(hr, [supporter], by=f.user(Role.COORDINATOR, org=org))
    browser.get(link)
    assert_accessible(browser)
    browser.find_element(By.ID, "id_other-reason").send_keys("Het klikt niet.")
    click_and_wait_for_next_page(browser, "form.naast-follow-up-another button[type=submit]")
    assert words["another"] in browser.page_source
    assert hr.another_supporter_requests.count() == 1

    # 4. Answer the survey (the supporter closed another request of this resident's).
    closed = f.help_request(org=org, supporter=supporter)
    code = casework.close_request(closed, by=supporter, outcome="answered", summary="Klaar.").survey_code
    browser.get(base + "/enquete/")
    browser.find_element(By.ID, "id_code").send_keys(code)
    click_and_wait_for_next_page(browser, "main form button[type=submit]")
    for name, value in (("mark", "8"), ("felt_understood", "4"), ("felt_seen", "4"), ("fitted_own_question", "5")):
        browser.find_element(By.CSS_SELECTOR, f"input[name={name}][value='{value}']").click()
    click_and_wait_for_next_page(browser, "main form button[type=submit]")
    assert words["survey_thanks"] in browser.page_source
    assert_accessible(browser)
