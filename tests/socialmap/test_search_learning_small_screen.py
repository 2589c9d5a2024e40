"""The coordinator's list of searches to improve fits a phone's screen: its table scrolls in its
own box, and the table's visually hidden header does not widen the page (it did: 683 px at 320)."""

import pytest

from naast.accounts.roles import Role
from naast.socialmap import learning
from tests.browser import assert_accessible, log_in, wait_for_text

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_searches_to_improve_fit_a_320_px_screen(browser, live_server, f):
    for query in ["xyzzyq", "hulp bij het invullen van een aanvraag voor bijzondere bijstand"]:
        learning.record_search(query, found=False)
    learning.record_feedback("xyzzyq", helped=False)
    browser.set_window_size(320, 900)
    log_in(browser, live_server, f.user(Role.COORDINATOR, org=f.organisation("MEE Test")))
    browser.get(live_server.url + "/staff/kaart/zoekvragen/")
    wait_for_text(browser, "xyzzyq")
    assert browser.execute_script("return document.documentElement.scrollWidth") <= 321
    assert_accessible(browser)
