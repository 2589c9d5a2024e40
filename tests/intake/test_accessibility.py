"""The front door's pages pass axe-core (WCAG 2.1 AA), and the resident's path works without JavaScript."""

import pytest
from selenium.common.exceptions import StaleElementReferenceException, WebDriverException
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from naast.accounts.roles import Role
from naast.intake import services
from naast.registry.models import HelpRequest
from naast.taxonomies.models import LifeDomain
from tests.browser import assert_accessible, log_in

from .factories import supporter

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def wait_for_text(driver, text: str) -> None:
    """A form post is a page load; wait for it instead of reading the old page. The old page's
    element can go stale between finding it and reading it (Selenium says stale, or Chromium "node
    does not belong to the document", as in `tests/browser.py`): that just means try again."""
    WebDriverWait(driver, 15, ignored_exceptions=[StaleElementReferenceException, WebDriverException]).until(
        lambda d: text in d.find_element(By.ID, "main").text
    )


def housing_domain():
    # Transactional tests empty the tables the data migration filled; put back what we need.
    return LifeDomain.objects.get_or_create(code="housing", defaults={"name_nl": "Wonen", "name_en": "Housing"})[0]


def _fill_public_form(driver, live_server):
    driver.get(live_server.url + "/hulp-vragen/")
    driver.find_element(By.ID, "id_question").send_keys("Ik snap de brief van de gemeente niet.")
    driver.find_element(By.CSS_SELECTOR, "input[name=contact_way][value=email]").click()
    driver.find_element(By.ID, "id_email").send_keys("anna@example.org")
    driver.find_element(By.ID, "id_name").send_keys("Anna")
    driver.find_element(By.CSS_SELECTOR, "form.naast-intake-form button[type=submit]").click()


def test_public_form_and_its_errors_are_accessible(browser, live_server):
    assert_accessible(browser, live_server.url + "/hulp-vragen/")
    browser.find_element(By.CSS_SELECTOR, "input[name=contact_way][value=phone]").click()
    browser.find_element(By.CSS_SELECTOR, "form.naast-intake-form button[type=submit]").click()
    wait_for_text(browser, "Vul uw telefoonnummer in")
    assert_accessible(browser)


def test_resident_path_works_without_javascript_and_is_accessible(browser_nojs, browser, live_server):
    _fill_public_form(browser_nojs, live_server)
    wait_for_text(browser_nojs, "Uw kenmerk is")
    hr = HelpRequest.objects.get()
    assert hr.reference in browser_nojs.page_source
    follow_up = browser_nojs.find_element(By.CSS_SELECTOR, ".naast-break a").get_attribute("href")
    browser_nojs.get(follow_up)
    browser_nojs.find_element(By.ID, "id_msg-text").send_keys("Ik ben 's ochtends thuis.")
    browser_nojs.find_element(By.CSS_SELECTOR, "form.naast-follow-up-message button[type=submit]").click()
    wait_for_text(browser_nojs, "Uw bericht is naar het team gestuurd")
    assert hr.follow_ups.count() == 1
    # The same pages with JavaScript on pass axe-core.
    _fill_public_form(browser, live_server)
    wait_for_text(browser, "Uw kenmerk is")
    assert_accessible(browser)
    # The reference and the advice to write it down are two lines, not one run-on line.
    first, second = browser.find_elements(By.CSS_SELECTOR, ".utrecht-alert p")[:2]
    assert second.rect["y"] > first.rect["y"] + first.rect["height"] / 2
    assert_accessible(browser, follow_up)


def test_staff_pages_are_accessible(browser, live_server, f, org):
    housing = housing_domain()
    coordinator = f.user(Role.COORDINATOR, Role.DESK, org=org, first_name="Erik")
    s = supporter(org, domains=[housing], first_name="Lotte")
    hr = services.register_request(channel="phone", question="Huurachterstand", life_domains=[housing],
                                   resident=services.ResidentDetails(display_name="Bram", phone="0612345678"),
                                   urgency="urgent").help_request
    assigned = services.register_request(channel="web", question="Vraag", life_domains=[housing]).help_request
    services.assign(assigned, [s], by=coordinator)
    log_in(browser, live_server, coordinator)
    for path in ["/staff/queue/", "/staff/queue/?urgency=urgent", f"/staff/queue/{hr.reference}/",
                 f"/staff/queue/{assigned.reference}/", "/staff/intake/", "/staff/intake/?q=bram"]:
        assert_accessible(browser, live_server.url + path)
    # The desk's duplicate warning and error summary.
    browser.get(live_server.url + "/staff/intake/")
    browser.find_element(By.ID, "id_question").send_keys("Nog een vraag")
    browser.find_element(By.ID, "id_phone").send_keys("06 1234 5678")
    browser.find_element(By.CSS_SELECTOR, "form.naast-intake-form button[type=submit]").click()
    wait_for_text(browser, "misschien al bekend")
    assert_accessible(browser)


def test_empty_queue_is_accessible(browser, live_server, f, org):
    log_in(browser, live_server, f.user(Role.COORDINATOR, org=org))
    assert_accessible(browser, live_server.url + "/staff/queue/")



def test_the_limit_page_is_accessible_and_keeps_the_question(browser, live_server, settings):
    from naast.organisations.models import ServiceProfile

    settings.NAAST_INTAKE = {**settings.NAAST_INTAKE, "RATE_LIMIT_PER_HOUR": 1}
    profile = ServiceProfile.get()
    profile.phone = "0521 123 456"
    profile.save()
    ServiceProfile.clear_cache()
    _fill_public_form(browser, live_server)
    wait_for_text(browser, "Uw kenmerk is")
    _fill_public_form(browser, live_server)  # the same question again, from the same address
    wait_for_text(browser, "Uw vraag is nog niet verstuurd.")
    assert "0521 123 456" in browser.find_element(By.ID, "limited").text
    assert browser.find_element(By.ID, "id_question").get_attribute("value") == "Ik snap de brief van de gemeente niet."
    assert_accessible(browser)
    assert HelpRequest.objects.count() == 1
