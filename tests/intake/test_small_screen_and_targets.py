"""Small faults a resident notices (issue 17): the reference is not split at 320 px, the focus
ring on the blue header has a contrast of at least 3:1, radio buttons are at least 24 × 24 px,
and no page loads htmx, which none uses."""

import pytest
from selenium.webdriver.common.by import By

from tests.browser import click_and_wait_for_next_page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _luminance(rgb: str) -> float:
    parts = [int(float(x)) for x in rgb[rgb.index("(") + 1 : rgb.index(")")].split(",")[:3]]

    def channel(c):
        c = c / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in parts)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    la, lb = sorted([_luminance(a), _luminance(b)], reverse=True)
    return (la + 0.05) / (lb + 0.05)


def test_reference_stays_on_one_line_at_320_px(browser, live_server, settings):
    settings.NAAST_INTAKE = {**settings.NAAST_INTAKE, "MIN_SECONDS_TO_SUBMIT": 0}
    browser.set_window_size(320, 800)
    try:
        browser.get(live_server.url + "/hulp-vragen/")
        browser.find_element(By.ID, "id_question").send_keys("Ik kan mijn huur niet betalen.")
        browser.find_element(By.CSS_SELECTOR, "input[name=contact_way][value=none]").click()
        click_and_wait_for_next_page(browser, "main form.naast-intake-form button[type=submit]")
        lines = browser.execute_script("return document.querySelector('.naast-reference').getClientRects().length")
        assert lines == 1
        width = browser.execute_script("return document.documentElement.scrollWidth")
        assert width <= 320  # nothing sticks out sideways
    finally:
        browser.set_window_size(1280, 1024)


def test_focus_ring_on_the_header_has_enough_contrast(browser, live_server):
    browser.get(live_server.url + "/")
    from selenium.webdriver.common.keys import Keys

    browser.find_element(By.TAG_NAME, "body").send_keys(Keys.TAB)  # keyboard focus: :focus-visible
    browser.find_element(By.TAG_NAME, "body").send_keys(Keys.TAB)
    focused = browser.switch_to.active_element
    assert browser.execute_script("return arguments[0].closest('.naast-header') !== null", focused)
    ring = browser.execute_script("return getComputedStyle(arguments[0]).outlineColor", focused)
    header = browser.execute_script("return getComputedStyle(document.querySelector('.naast-header')).backgroundColor")
    assert contrast(ring, header) >= 3, (ring, header)


def test_radio_buttons_are_at_least_24_px(browser, live_server):
    browser.get(live_server.url + "/hulp-vragen/")
    sizes = browser.execute_script(
        "return [...document.querySelectorAll('input[type=radio]')].map(r => [r.offsetWidth, r.offsetHeight])")
    assert sizes and all(w >= 24 and h >= 24 for w, h in sizes), sizes


def test_no_public_page_loads_htmx(client):
    for path in ("/", "/hulp-vragen/", "/kaart/", "/enquete/"):
        assert "htmx" not in client.get(path).content.decode()


def test_arabic_pages_do_not_scroll_sideways_at_320_px(browser, live_server):
    """Right to left, an element pushed off to the left (the form's hidden spam trap once was)
    makes the page scroll sideways by that much."""
    from django.conf import settings

    browser.get(live_server.url + "/healthz")
    browser.add_cookie({"name": settings.LANGUAGE_COOKIE_NAME, "value": "ar", "path": "/"})
    browser.set_window_size(320, 800)
    try:
        for path in ("/", "/hulp-vragen/", "/kaart/", "/enquete/", "/hulp-vragen/volg/", "/privacy/"):
            browser.get(live_server.url + path)
            width = browser.execute_script("return document.documentElement.scrollWidth")
            viewport = browser.execute_script("return document.documentElement.clientWidth")
            assert width <= viewport, (path, width, viewport)
    finally:
        browser.set_window_size(1280, 1024)


def test_the_counter_counts_while_typing(browser, live_server):
    browser.get(live_server.url + "/hulp-vragen/")
    browser.find_element(By.ID, "id_question").send_keys("Tien tekens")  # 11 characters
    counter = browser.find_element(By.ID, "id_question_counter")
    assert counter.text.startswith("11 van ") and counter.text.endswith(" tekens")
    described = browser.find_element(By.ID, "id_question").get_attribute("aria-describedby")
    assert "id_question_counter" in described
