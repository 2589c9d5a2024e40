"""The report page passes axe-core (WCAG 2.1 AA) with charts and tables, and works without JavaScript."""

import pytest
from selenium.webdriver.common.by import By

from naast.accounts.roles import Role
from naast.registry.choices import Channel, Outcome, Status
from tests.browser import assert_accessible, log_in, wait_for_text_in_main

from .factories import at, funding

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def world(f):
    muni, org = f.municipality("GM1701", "Westerveld"), f.organisation("MEE Test")
    for i in range(8):
        f.help_request(client=f.client(), municipality=muni, org=org, received_at=at(f"2024-0{i % 8 + 1}-05 10:00"),
                       channel=Channel.WEB if i < 2 else Channel.PHONE, status=Status.CLOSED,
                       closed_at=at(f"2024-0{i % 8 + 1}-20 10:00"), outcome=Outcome.ANSWERED, minutes_spent=90)
    funding(muni, org, 2024, 40000, target_unique_clients=6, target_answered_requests=10)
    return muni


def test_report_page_is_accessible_for_a_funder_and_a_coordinator(browser, live_server, f, world):
    log_in(browser, live_server, f.user(Role.FUNDER, muni=world))
    assert_accessible(browser, live_server.url + "/staff/rapportages/")
    assert_accessible(browser, live_server.url + "/staff/rapportages/?period=2024")
    assert_accessible(browser, live_server.url + "/staff/rapportages/?period=2024-Q7")  # the error summary
    log_in(browser, live_server, f.user(Role.COORDINATOR, org=f.organisation("MEE Test")))
    assert_accessible(browser, live_server.url + "/staff/rapportages/?period=2024-H1&municipality=GM1701")


def test_choosing_a_report_works_without_javascript(browser_nojs, live_server, f, world):
    driver = browser_nojs
    log_in(driver, live_server, f.user(Role.AUDITOR))
    driver.get(live_server.url + "/staff/rapportages/")
    field = driver.find_element(By.ID, "id_period")
    field.clear()
    field.send_keys("2024")
    driver.find_element(By.CSS_SELECTOR, "main form button[type=submit]").click()
    wait_for_text_in_main(driver, "Monitorrapportage 2024")
    assert "&lt;5" in driver.page_source  # the two web requests, for an auditor
    driver.find_element(By.CSS_SELECTOR, "#table-timeliness details summary").click()  # native disclosure
    assert "nearest-rank" in driver.find_element(By.CSS_SELECTOR, "#table-timeliness details").text
