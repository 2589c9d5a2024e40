"""Test setup shared by all apps. Browser helpers live in tests/browser.py."""

import pytest

from naast.organisations.models import ServiceProfile
from tests import factories
from tests.browser import _browser_nojs_session, _browser_session, browser, browser_nojs  # noqa: F401


@pytest.fixture(autouse=True)
def _dutch_default(settings):
    settings.LANGUAGE_CODE = "nl"
    settings.AXES_ENABLED = False  # login throttling has its own test that turns it back on


@pytest.fixture(autouse=True)
def _fast_password_hasher(settings):
    # Tests build staff users with a password (tests/factories.py); the production hasher is slow
    # on purpose and would dominate the run.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _fresh_service_profile():
    # Each test's database changes are rolled back; a profile kept in memory would outlive them.
    ServiceProfile.clear_cache()
    yield
    ServiceProfile.clear_cache()


@pytest.fixture
def f():
    """The test-data builders (tests/factories.py)."""
    return factories


@pytest.fixture
def org(db):
    return factories.organisation("MEE Test")


@pytest.fixture
def other_org(db):
    return factories.organisation("Welzijn Test", kind="welfare")


@pytest.fixture
def muni(db):
    return factories.municipality()


@pytest.fixture
def login(client):
    """Log the test client in as `user` and return the client."""

    def _login(user):
        client.force_login(user)
        return client

    return _login
