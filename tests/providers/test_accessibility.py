"""The register's public page and staff overview pass axe-core (WCAG 2.1 AA) in headless Chromium,
and the overview's choice of region and date works without JavaScript."""

import pytest
from django.test import override_settings
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from naast.accounts.roles import Role
from naast.core.demodata import DemoContext
from naast.providers import demo
from naast.providers.models import Provision, Region
from tests.browser import assert_accessible, log_in, wait_for_text_in_main

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def region():
    demo.build(DemoContext(verbose=False))
    return Region.objects.get()


@override_settings(NAAST_PUBLIC_PROVIDER_REGISTER=True)
def test_the_public_page_is_accessible(browser, live_server, region):
    assert_accessible(browser, live_server.url + "/clientondersteuning-in-de-regio/")
    assert "Welzijn Kloosterhaar hoort bij Zorggroep Oost" in browser.page_source


def test_the_staff_pages_are_accessible(browser, live_server, region, f):
    log_in(browser, live_server, f.user(Role.COORDINATOR, org=f.organisation("MEE Test")))
    provision = Provision.objects.first()
    for path in ["/staff/aanbieders/", f"/staff/aanbieders/?regio={region.pk}&peildatum=2020-01-01",
                 "/staff/aanbieders/?peildatum=2999-01-01", "/staff/aanbieders/geschiedenis/",
                 "/staff/aanbieders/nieuw/", f"/staff/aanbieders/{provision.pk}/"]:
        assert_accessible(browser, live_server.url + path)


def test_choosing_a_region_works_without_javascript(browser_nojs, live_server, region, f):
    driver = browser_nojs
    log_in(driver, live_server, f.user(Role.AUDITOR))
    driver.get(live_server.url + "/staff/aanbieders/")
    Select(driver.find_element(By.ID, "id_regio")).select_by_visible_text(region.name)
    driver.find_element(By.CSS_SELECTOR, "main form button[type=submit]").click()
    wait_for_text_in_main(driver, "8 gemeenten, 2 met een signaal")
