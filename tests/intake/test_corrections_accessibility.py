"""The request page with its norms and corrections, and the correction pages, pass axe-core
(WCAG 2.1 AA); a correction works without JavaScript and its errors are announced."""

import pytest
from selenium.webdriver.common.by import By

from naast.accounts.roles import Role
from naast.casework.services import log_contact
from naast.registry.models import Assignment
from tests.browser import assert_accessible, log_in, wait_for_text

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_correcting_a_request_is_accessible_and_works_without_javascript(browser_nojs, browser, live_server, f):
    org = f.organisation("MEE Toegankelijk")
    coordinator = f.user(Role.COORDINATOR, org=org)
    hr = f.help_request(org=org, client=f.client("Noor H.", phone="0612345678"))
    log_in(browser_nojs, live_server, coordinator)
    browser_nojs.get(f"{live_server.url}/staff/requests/{hr.reference}/corrigeren/")
    browser_nojs.find_element(By.CSS_SELECTOR, "form.naast-correction-form button[type=submit]").click()
    wait_for_text(browser_nojs, "Dit veld is verplicht")  # no reason given
    browser_nojs.find_element(By.ID, "id_phone").clear()
    browser_nojs.find_element(By.ID, "id_phone").send_keys("0522 123 456")
    browser_nojs.find_element(By.ID, "id_reason").send_keys("Nummer was verkeerd overgenomen.")
    browser_nojs.find_element(By.CSS_SELECTOR, "form.naast-correction-form button[type=submit]").click()
    wait_for_text(browser_nojs, "Gecorrigeerd: telefoon")
    assert "0612345678" in browser_nojs.find_element(By.ID, "corrections").find_element(By.XPATH, "..").text

    log_in(browser, live_server, coordinator)
    assert_accessible(browser, f"{live_server.url}/staff/requests/{hr.reference}/")
    assert_accessible(browser, f"{live_server.url}/staff/requests/{hr.reference}/corrigeren/")
    browser.find_element(By.CSS_SELECTOR, "form.naast-correction-form button[type=submit]").click()
    wait_for_text(browser, "Dit veld is verplicht")
    assert_accessible(browser)
    assert_accessible(browser, f"{live_server.url}/staff/queue/")


def test_the_contact_correction_page_is_accessible(browser, live_server, f):
    org = f.organisation("MEE Toegankelijk")
    supporter = f.user(Role.SUPPORTER, org=org)
    hr = f.help_request(org=org, status="assigned")
    Assignment.objects.create(help_request=hr, supporter=supporter)
    contact = log_contact(hr, by=supporter, kind="phone", minutes=200)
    log_in(browser, live_server, supporter)
    assert_accessible(browser, f"{live_server.url}/staff/dossier/{hr.reference}/corrigeren/contact/{contact.pk}/")
    assert_accessible(browser, f"{live_server.url}/staff/dossier/{hr.reference}/contacts/")
    assert_accessible(browser, f"{live_server.url}/staff/dossier/{hr.reference}/")
