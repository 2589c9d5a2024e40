"""The resident card, the duplicate finder and the merge page pass axe-core (WCAG 2.1 AA), and a
merge works without JavaScript (its errors announced, nothing typed lost)."""

import pytest
from selenium.webdriver.common.by import By

from naast.accounts.roles import Role
from naast.registry.models import Client
from tests.browser import assert_accessible, log_in, wait_for_text

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_resident_pages_are_accessible_and_a_merge_works_without_javascript(browser_nojs, browser, live_server, f):
    org = f.organisation("MEE Toegankelijk")
    coordinator = f.user(Role.COORDINATOR, org=org)
    one = f.client("Noor H.", phone="0612345678", postcode="7991AA", birth_year=1980)
    two = f.client("Noor H.", phone="06-12345678", postcode="7991AA")
    for client in (one, two):
        f.help_request(org=org, client=client)
    merge_url = f"{live_server.url}/staff/inwoner/samenvoegen/?first={one.pk}&second={two.pk}"

    log_in(browser_nojs, live_server, coordinator)
    browser_nojs.get(merge_url)
    browser_nojs.find_element(By.ID, "id_reason").send_keys("Zelfde telefoonnummer.")
    browser_nojs.find_element(By.CSS_SELECTOR, "main form[method=post] button[type=submit]").click()
    wait_for_text(browser_nojs, "Dit veld is verplicht")  # no record chosen, not confirmed
    assert browser_nojs.find_element(By.ID, "id_reason").get_attribute("value") == "Zelfde telefoonnummer."
    browser_nojs.find_element(By.CSS_SELECTOR, f"input[name=keep][value='{one.pk}']").click()
    browser_nojs.find_element(By.ID, "id_confirm").click()
    browser_nojs.find_element(By.CSS_SELECTOR, "main form[method=post] button[type=submit]").click()
    wait_for_text(browser_nojs, "is samengevoegd met registratie")
    assert Client.objects.get(pk=two.pk).merged_into_id == one.pk

    log_in(browser, live_server, coordinator)
    assert_accessible(browser, f"{live_server.url}/staff/inwoner/{one.pk}/")
    assert_accessible(browser, f"{live_server.url}/staff/inwoner/dubbel/")
    browser.find_element(By.CSS_SELECTOR, "main form[method=post] button[type=submit]").click()  # undo
    wait_for_text(browser, "ongedaan gemaakt")
    assert_accessible(browser, merge_url)
    browser.find_element(By.CSS_SELECTOR, "main form[method=post] button[type=submit]").click()
    wait_for_text(browser, "Dit veld is verplicht")
    assert_accessible(browser)
