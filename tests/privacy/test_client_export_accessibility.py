"""The privacy officer's right-of-access page passes axe-core (WCAG 2.1 AA): empty, with an error,
with a resident found; at a phone's width and on a desktop; and works without JavaScript."""

import pytest
from selenium.webdriver.common.by import By

from naast.accounts.roles import Role
from tests.browser import assert_accessible, log_in, wait_for_text

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _search(driver, text: str) -> None:
    field = driver.find_element(By.ID, "id_reference")
    field.clear()
    field.send_keys(text)
    driver.find_element(By.CSS_SELECTOR, "main form button[type=submit]").click()


@pytest.mark.parametrize("width", [320, 1280])
def test_the_right_of_access_page_is_accessible(browser, live_server, f, width):
    hr = f.help_request(client=f.client("Anna B."))
    browser.set_window_size(width, 900)
    log_in(browser, live_server, f.user(Role.PRIVACY_OFFICER))
    assert_accessible(browser, live_server.url + "/staff/privacy/inwoner/")
    _search(browser, "HV-2222-2222")
    wait_for_text(browser, "Er is geen hulpvraag met het kenmerk HV-2222-2222")
    assert_accessible(browser)
    _search(browser, hr.reference)
    wait_for_text(browser, f"Cliëntnummer {hr.client_id}")
    assert_accessible(browser)
    # Nothing wider than the screen.
    assert browser.execute_script("return document.documentElement.scrollWidth") <= width + 1
    browser.set_window_size(1280, 900)


def test_the_page_works_without_javascript(browser_nojs, live_server, f):
    hr = f.help_request(client=f.client("Anna B."))
    log_in(browser_nojs, live_server, f.user(Role.PRIVACY_OFFICER))
    browser_nojs.get(live_server.url + "/staff/privacy/inwoner/")
    _search(browser_nojs, hr.reference.lower())
    wait_for_text(browser_nojs, hr.reference)
    links = [a.get_attribute("href") for a in browser_nojs.find_elements(By.CSS_SELECTOR, ".naast-downloads a")]
    assert [link.rsplit("/", 1)[-1] for link in links] == ["gegevens.pdf", "gegevens.json", "gegevens.zip"]
