"""The privacy officer's erasure and legal-hold pages pass axe-core (WCAG 2.1 AA), work without
JavaScript from look-up to erasure, and reflow at 320 CSS pixels."""

from datetime import timedelta

import pytest
from django.utils import timezone
from selenium.webdriver.common.by import By

from naast.accounts.roles import Role
from naast.privacy import retention
from naast.registry.models import Client
from tests.browser import assert_accessible, click_and_wait_for_next_page, log_in, wait_for_text

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def case(f, org, muni):
    client = f.client("Annemarie Jansen")
    closed = f.help_request(org=org, municipality=muni, client=client, status="closed", outcome="answered",
                            closed_at=timezone.now() - timedelta(days=3))
    still_open = f.help_request(org=org, municipality=muni, client=client, status="in_progress")
    held = f.help_request(org=org, municipality=muni, client=f.client("Bert"), status="closed", outcome="answered",
                          closed_at=timezone.now())
    officer = f.user(Role.PRIVACY_OFFICER)
    retention.set_hold(held, reason="Klachtprocedure bij de Autoriteit Persoonsgegevens", by=officer)
    return {"client": client, "closed": closed, "open": still_open, "held": held, "officer": officer}


def test_erasure_and_hold_pages_are_accessible(browser, live_server, case):
    log_in(browser, live_server, case["officer"])
    base = live_server.url + "/staff/privacy/"
    assert_accessible(browser, base + "wissen/")
    assert_accessible(browser, base + f"wissen/?reference={case['closed'].reference}")
    assert_accessible(browser, base + "wissen/?reference=HV-ONBEKEND")  # the error
    assert_accessible(browser, base + f"wissen/?reference={case['held'].reference}")
    assert_accessible(browser, base + "bewaarplicht/")
    # Without the box ticked: the refusal, on the page, accessible.
    browser.get(base + f"wissen/?reference={case['closed'].reference}")
    browser.find_element(By.ID, "id_reason").send_keys("Verzoek per brief")
    click_and_wait_for_next_page(browser, "main form[method=post] button[type=submit]")
    wait_for_text(browser, "nog open")
    assert_accessible(browser)
    # Ticked: the confirmation step, accessible too.
    browser.get(base + f"wissen/?reference={case['closed'].reference}")
    browser.find_element(By.ID, "id_reason").send_keys("Verzoek per brief")
    browser.find_element(By.ID, "id_confirm_open").click()
    click_and_wait_for_next_page(browser, "main form[method=post] button[type=submit]")
    wait_for_text(browser, "kan niet ongedaan")
    assert_accessible(browser)


def test_erasing_works_without_javascript(browser_nojs, live_server, case):
    driver = browser_nojs
    log_in(driver, live_server, case["officer"])
    driver.get(live_server.url + f"/staff/privacy/wissen/?reference={case['open'].reference}")
    driver.find_element(By.ID, "id_reason").send_keys("Verzoek van de inwoner per brief")
    driver.find_element(By.ID, "id_confirm_open").click()
    # Each click waits for the next page: a button of the page being left cannot be clicked by mistake.
    click_and_wait_for_next_page(driver, "main form[method=post] button[type=submit]")
    wait_for_text(driver, "kan niet ongedaan")
    assert Client.objects.get(pk=case["client"].pk).anonymised_at is None
    click_and_wait_for_next_page(driver, "main form[method=post] button[type=submit]")
    wait_for_text(driver, "gewist uit 2 hulpvragen")
    assert Client.objects.get(pk=case["client"].pk).anonymised_at is not None


@pytest.mark.parametrize("width", [320, 1280])
def test_the_pages_reflow_without_sideways_scrolling(browser, live_server, case, width, tmp_path):
    log_in(browser, live_server, case["officer"])
    browser.set_window_size(width, 900)
    try:
        for path in [f"wissen/?reference={case['closed'].reference}", "bewaarplicht/"]:
            browser.get(live_server.url + "/staff/privacy/" + path)
            wait_for_text(browser, "Bewaarplicht")
            overflow = browser.execute_script(
                "return document.documentElement.scrollWidth - document.documentElement.clientWidth")
            assert overflow <= 0, f"{path} scrolls sideways by {overflow}px at {width}px"
            browser.save_screenshot(str(tmp_path / f"{path.split('/')[0]}-{width}.png"))
    finally:
        browser.set_window_size(1280, 1000)
