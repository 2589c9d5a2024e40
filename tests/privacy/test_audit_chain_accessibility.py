"""The audit screen's chain section passes axe-core (WCAG 2.1 AA) in each state, and its check
button works without JavaScript."""

import pytest
from django.db import connection
from django.utils import timezone
from selenium.webdriver.common.by import By

from naast.accounts.roles import Role
from naast.privacy import chain
from tests.browser import assert_accessible, click_and_wait_for_next_page, log_in, wait_for_text

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def write(n: int) -> None:
    chain.append([{"at": timezone.now(), "username": "lotte", "roles": "coordinator", "action": "read",
                   "object_type": "registry.helprequest", "object_id": str(i), "object_label": f"HV-{i}",
                   "reason": "list"} for i in range(n)])


@pytest.mark.parametrize("width", [320, 1280])
def test_the_chain_section_is_accessible_intact_and_broken(browser, live_server, f, width):
    write(4)
    browser.set_window_size(width, 900)
    log_in(browser, live_server, f.user(Role.PRIVACY_OFFICER))
    browser.get(live_server.url + "/staff/privacy/audit/")
    click_and_wait_for_next_page(browser, "form[action$='/audit/verify/'] button")
    wait_for_text(browser, "De keten is intact: 4 regels gecontroleerd.")
    assert_accessible(browser)
    with connection.cursor() as cursor:
        cursor.execute("UPDATE privacy_auditevent SET reason = 'x' WHERE seq = 2")
    click_and_wait_for_next_page(browser, "form[action$='/audit/verify/'] button")
    wait_for_text(browser, "De keten is verbroken.")
    assert_accessible(browser)
    # Nothing wider than the screen, the head's 64-character hash included.
    assert browser.execute_script("return document.documentElement.scrollWidth") <= width + 1


def test_the_check_works_without_javascript(browser_nojs, live_server, f):
    write(2)
    log_in(browser_nojs, live_server, f.user(Role.PRIVACY_OFFICER))
    browser_nojs.get(live_server.url + "/staff/privacy/audit/")
    browser_nojs.find_element(By.CSS_SELECTOR, "form[action$='/audit/verify/'] button").click()
    wait_for_text(browser_nojs, "De keten is intact: 2 regels gecontroleerd.")
