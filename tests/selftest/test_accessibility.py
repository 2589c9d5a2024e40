"""The self-test pages and the public information page pass axe-core (WCAG 2.1 AA) with zero
violations, and the flyer prints on exactly one A4 page in Chromium."""

import base64
from datetime import date

import pytest

from naast.accounts.roles import Role
from naast.casework.models import SurveyResponse
from naast.organisations.models import ServiceProfile
from tests.browser import assert_accessible, log_in

from .helpers import fill, pdf_pages

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def world(f):
    muni = f.municipality("GM1701", "Westerveld")
    fill(muni, 2024, {"independence.another_supporter": "no", "policy_plan.describes_support": "partly"})
    fill(muni, 2025, {"independence.another_supporter": "yes", "policy_plan.describes_support": "partly"})
    for mark in range(5, 11):
        SurveyResponse.objects.create(municipality=muni, answered_in=date(2025, 5, 1), mark=mark, felt_understood=4,
                                      felt_seen=3, fitted_own_question=4)
    profile = ServiceProfile.get()
    profile.phone, profile.email, profile.website = "0522 200 300", "hulp@co.example", "https://co.example"
    profile.save()
    return muni


def test_self_test_pages_are_accessible(browser, live_server, f, world):
    log_in(browser, live_server, f.user(Role.FUNDER, muni=world))
    assert_accessible(browser, live_server.url + "/staff/zelftest/")
    assert_accessible(browser, live_server.url + "/staff/zelftest/rapport/?gemeente=GM1701&jaar=2025")
    assert_accessible(browser, live_server.url + "/staff/zelftest/invullen/?gemeente=GM1701&jaar=2025")
    assert_accessible(browser, live_server.url + "/staff/zelftest/invullen/?gemeente=GM1701&jaar=2026")
    log_in(browser, live_server, f.user(Role.AUDITOR))
    assert_accessible(browser, live_server.url + "/staff/zelftest/rapport/?jaar=2025")  # the error summary


def test_information_page_and_flyer_are_accessible(browser, live_server, world):
    assert_accessible(browser, live_server.url + "/clientondersteuning/")
    assert_accessible(browser, live_server.url + "/clientondersteuning/folder/")


@pytest.mark.parametrize("width", [320, 1280])
def test_the_flyer_prints_on_one_a4_page(browser, live_server, world, width):
    browser.set_window_size(width, 1000)
    try:
        browser.get(live_server.url + "/clientondersteuning/folder/")
        from selenium.webdriver.common.print_page_options import PrintOptions

        options = PrintOptions()
        options.page_width, options.page_height = 21.0, 29.7  # A4 in cm
        pdf = base64.b64decode(browser.print_page(options))
        assert pdf.startswith(b"%PDF") and pdf_pages(pdf) == 1
    finally:
        browser.set_window_size(1280, 1000)


def test_page_counting_sees_more_pages_when_there_are(browser, live_server, f, world):
    """The check above can fail: the long self-test report prints on several pages."""
    from selenium.webdriver.common.print_page_options import PrintOptions

    log_in(browser, live_server, f.user(Role.AUDITOR))
    browser.get(live_server.url + "/staff/zelftest/rapport/?gemeente=GM1701&jaar=2025")
    assert pdf_pages(base64.b64decode(browser.print_page(PrintOptions()))) > 1
