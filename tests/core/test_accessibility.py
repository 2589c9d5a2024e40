"""The foundation's pages pass axe-core (WCAG 2.1 AA) and work without JavaScript."""

import pytest
from selenium.webdriver.common.by import By

from naast.accounts.roles import Role
from tests.browser import assert_accessible, log_in, wait_for_text

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_public_pages_are_accessible(browser, live_server):
    assert_accessible(browser, live_server.url + "/")
    assert_accessible(browser, live_server.url + "/staff/login/")


def test_login_errors_are_accessible(browser, live_server):
    browser.get(live_server.url + "/staff/login/")
    browser.find_element(By.ID, "id_username").send_keys("nobody")
    browser.find_element(By.ID, "id_password").send_keys("wrong")
    browser.find_element(By.CSS_SELECTOR, "main button[type=submit]").click()
    wait_for_text(browser, "juiste")
    assert_accessible(browser)


def test_staff_pages_are_accessible(browser, live_server, f, org):
    coordinator = f.user(Role.COORDINATOR, org=org, first_name="Erik")
    hr = f.help_request(org=org)
    log_in(browser, live_server, coordinator)
    pages = ["/staff/", "/staff/requests/", f"/staff/requests/{hr.reference}/", "/staff/requests/?q=zzz",
             "/staff/account/two-step/"]
    for path in pages:
        assert_accessible(browser, live_server.url + path)
    officer = f.user(Role.PRIVACY_OFFICER)
    log_in(browser, live_server, officer)
    assert_accessible(browser, live_server.url + "/staff/privacy/audit/")
    officer.totpdevice_set.create(name="app", confirmed=True)
    assert_accessible(browser, live_server.url + "/staff/")  # redirected to the code page
    assert "/staff/login/code/" in browser.current_url


def test_login_and_language_switch_work_without_javascript(browser_nojs, live_server, f, org):
    f.user(Role.DESK, org=org, username="sanne", first_name="Sanne")
    driver = browser_nojs
    driver.get(live_server.url + "/staff/login/")
    driver.find_element(By.ID, "id_username").send_keys("sanne")
    driver.find_element(By.ID, "id_password").send_keys("Test-password-1234")
    driver.find_element(By.CSS_SELECTOR, "main button[type=submit]").click()
    wait_for_text(driver, "Welkom, Sanne")
    driver.find_element(By.CSS_SELECTOR, "nav.naast-lang button[lang=en]").click()
    wait_for_text(driver, "Welcome, Sanne")


def test_skip_link_moves_focus_to_the_main_content(browser, live_server):
    from selenium.webdriver.common.keys import Keys

    browser.get(live_server.url + "/")
    browser.find_element(By.TAG_NAME, "body").send_keys(Keys.TAB)
    active = browser.switch_to.active_element
    assert active.get_attribute("class").startswith("utrecht-skip-link")
    active.send_keys(Keys.ENTER)
    assert browser.switch_to.active_element.get_attribute("id") == "main"


def test_public_pages_reflow_on_a_small_phone_without_sideways_scrolling(browser, live_server):
    """WCAG 1.4.10: at 320 CSS pixels wide nothing needs horizontal scrolling, not even the
    service's long e-mail address in the footer."""
    from naast.organisations.models import ServiceProfile

    profile = ServiceProfile.get()
    profile.email = "hulpvragen.clientondersteuning@zuidwest-drenthe-voorbeeld.example"
    profile.phone = "0522 200 300"
    profile.save()
    browser.set_window_size(320, 800)
    try:
        for path in ["/", "/hulp-vragen/", "/kaart/?q=huur", "/enquete/", "/staff/login/"]:
            browser.get(live_server.url + path)
            wait_for_text(browser, "hulpvragen.clientondersteuning")
            overflow = browser.execute_script(
                "return document.documentElement.scrollWidth - document.documentElement.clientWidth")
            assert overflow <= 0, f"{path} scrolls sideways by {overflow}px"
    finally:
        browser.set_window_size(1280, 1000)
