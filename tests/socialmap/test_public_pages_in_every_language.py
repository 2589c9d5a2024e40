"""Every public page passes axe-core (WCAG 2.1 AA) in each of the six resident languages, Arabic
right to left included (issue 17): the home page, the form (empty and with errors), the thank-you
page, the follow-up code page and follow-up page, the map and a service, the survey, both
statements and the page-not-found page."""

import pytest
from django.conf import settings as django_settings
from selenium.webdriver.common.by import By

from naast.accounts.roles import Role
from naast.casework import services as casework
from naast.intake import services as intake
from tests import factories as f
from tests.browser import assert_accessible, click_and_wait_for_next_page

from . import factories

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("language", ["nl", "en", "ar", "tr", "pl", "uk"])
def test_public_pages_are_accessible_in_every_language(browser, live_server, settings, language):
    settings.NAAST_INTAKE = {**settings.NAAST_INTAKE, "MIN_SECONDS_TO_SUBMIT": 0}
    service = factories.service("Schuldhulp Westerveld", description="Hulp bij schulden.", waiting_weeks=1)
    code = intake.register_request(
        channel="web", question="Vraag", resident=intake.ResidentDetails(display_name="Truus"), follow_up_link=True,
    ).follow_up_token
    org = f.organisation("MEE Test")
    supporter = f.user(Role.SUPPORTER, org=org)
    survey = casework.close_request(f.help_request(org=org, supporter=supporter), by=supporter, outcome="answered",
                                    summary="Klaar.").survey_code
    base = live_server.url
    browser.get(base + "/healthz")
    browser.delete_all_cookies()
    browser.add_cookie({"name": django_settings.LANGUAGE_COOKIE_NAME, "value": language, "path": "/"})
    for path in ["/", "/hulp-vragen/", "/hulp-vragen/volg/", f"/hulp-vragen/volg/{code}/", "/kaart/?q=schulden",
                 f"/kaart/{service.pk}/", "/enquete/", f"/enquete/{survey}/", "/privacy/", "/toegankelijkheid/",
                 "/bestaat-niet/"]:
        browser.get(base + path)
        html = browser.find_element(By.TAG_NAME, "html")
        assert html.get_attribute("lang") == language, path
        assert html.get_attribute("dir") == ("rtl" if language == "ar" else "ltr"), path
        assert_accessible(browser)
    # The form with errors (the summary takes the focus), then sent: the thank-you page.
    browser.get(base + "/hulp-vragen/")
    click_and_wait_for_next_page(browser, "main form.naast-intake-form button[type=submit]")
    assert browser.switch_to.active_element.get_attribute("class").count("naast-error-summary") == 1
    assert_accessible(browser)
    browser.find_element(By.ID, "id_question").send_keys("Ik kan mijn huur niet betalen.")
    browser.find_element(By.CSS_SELECTOR, "input[name=contact_way][value=none]").click()
    click_and_wait_for_next_page(browser, "main form.naast-intake-form button[type=submit]")
    assert "/hulp-vragen/bedankt/" in browser.current_url
    assert_accessible(browser)
