"""The awareness pages pass axe-core (WCAG 2.1 AA) in headless Chromium."""

import pytest

from naast.accounts.roles import Role
from naast.awareness import demo
from naast.awareness.models import Wave
from naast.core.demodata import DemoContext
from tests.browser import assert_accessible, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_awareness_pages_are_accessible(browser, live_server, f):
    log_in(browser, live_server, f.user(Role.ADMIN))
    assert_accessible(browser, live_server.url + "/staff/bekendheid/")  # the empty state
    demo.build(DemoContext(verbose=False))
    wave = Wave.objects.first()
    for path in ["/staff/bekendheid/", "/staff/bekendheid/peilingen/", f"/staff/bekendheid/peilingen/{wave.pk}/",
                 "/staff/bekendheid/doelen/"]:
        assert_accessible(browser, live_server.url + path)
    log_in(browser, live_server, f.user(Role.FUNDER, muni=f.municipality()))
    assert_accessible(browser, live_server.url + "/staff/bekendheid/")
