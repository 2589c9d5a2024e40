"""Headless Chromium for accessibility (axe-core) and no-JavaScript tests.

Fixtures (available to every test module via tests/conftest.py):
- `browser`: a Selenium-driven headless Chromium with JavaScript on;
- `browser_nojs`: the same with JavaScript switched off, to prove pages work without it.
Helpers:
- `assert_accessible(driver, url)`: load `url`, run axe-core (WCAG 2.1 A and AA rules) and fail
  listing every violation;
- `log_in(driver, live_server, user)`: give the browser a logged-in staff session.

Use them with pytest-django's `live_server` fixture and mark the test `@pytest.mark.browser`.
Without Chromium, chromedriver or the axe-core npm package the tests skip and say why;
`./dev.sh test` installs all three on a root Debian machine.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
AXE_JS = REPO / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM = next((p for p in map(shutil.which, ["chromium", "chromium-browser", "google-chrome"]) if p), None)
CHROMEDRIVER = shutil.which("chromedriver")
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def _skip_reason() -> str | None:
    if CHROMIUM is None:
        return "Chromium is not installed (apt-get install chromium; ./dev.sh test does this as root)"
    if CHROMEDRIVER is None:
        return "chromedriver is not installed (apt-get install chromium-driver)"
    try:
        import selenium  # noqa: F401
    except ImportError:
        return "selenium is not installed (pip install -e '.[dev]')"
    return None


def _start(javascript: bool):
    reason = _skip_reason()
    if reason:
        pytest.skip(reason)
    from selenium import webdriver
    from selenium.webdriver.chrome.options import Options
    from selenium.webdriver.chrome.service import Service

    options = Options()
    options.binary_location = CHROMIUM
    profile = tempfile.mkdtemp(prefix="naast-chromium-")
    for arg in [
        "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-quic",
        "--no-first-run", "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
        "--window-size=1280,1000", f"--user-data-dir={profile}", "--lang=nl",
    ]:
        options.add_argument(arg)
    prefs = {"intl.accept_languages": "nl-NL,nl"}  # like most residents' browsers
    if not javascript:
        prefs["profile.managed_default_content_settings.javascript"] = 2
    options.add_experimental_option("prefs", prefs)
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    driver.set_page_load_timeout(30)
    driver.set_script_timeout(60)
    driver._naast_profile = profile
    return driver


def _stop(driver) -> None:
    driver.quit()
    shutil.rmtree(driver._naast_profile, ignore_errors=True)


@pytest.fixture(scope="session")
def _browser_session():
    driver = _start(javascript=True)
    yield driver
    _stop(driver)


@pytest.fixture(scope="session")
def _browser_nojs_session():
    driver = _start(javascript=False)
    yield driver
    _stop(driver)


@pytest.fixture
def browser(_browser_session):
    yield _browser_session
    _browser_session.delete_all_cookies()


@pytest.fixture
def browser_nojs(_browser_nojs_session):
    yield _browser_nojs_session
    _browser_nojs_session.delete_all_cookies()


def log_in(driver, live_server, user) -> None:
    """Start a staff session for `user` in the browser (no password typing needed)."""
    from django.conf import settings
    from django.test import Client

    client = Client()
    client.force_login(user)
    driver.get(live_server.url + "/healthz")
    # A cookie left by an earlier test (a CSRF cookie of another session) must not meet this one.
    driver.delete_all_cookies()
    driver.add_cookie(
        {"name": settings.SESSION_COOKIE_NAME, "value": client.cookies[settings.SESSION_COOKIE_NAME].value, "path": "/"}
    )


def axe_violations(driver, url: str | None = None) -> list[dict]:
    """Run axe-core (WCAG 2.1 A/AA) on the current page, or on `url` after loading it."""
    if not AXE_JS.exists():
        pytest.skip("axe-core is not installed (npm ci; ./dev.sh test does this)")
    if url is not None:
        driver.get(url)
    driver.execute_script(AXE_JS.read_text(encoding="utf-8"))
    result = driver.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "axe.run(document, {runOnly: {type: 'tag', values: arguments[0]}})"
        ".then(r => done(r.violations)).catch(e => done([{id: 'axe-error', help: String(e), nodes: []}]));",
        WCAG_TAGS,
    )
    return result


def assert_accessible(driver, url: str | None = None) -> None:
    violations = axe_violations(driver, url)
    if violations:
        lines = [f"{len(violations)} accessibility violation(s) on {driver.current_url}:"]
        for v in violations:
            lines.append(f"- {v['id']}: {v['help']}")
            for node in v.get("nodes", [])[:5]:
                lines.append(f"    {node.get('target')}: {node.get('failureSummary', '').splitlines()[-1:]}")
        pytest.fail("\n".join(lines))


def wait_for_text(driver, text: str, timeout: float = 10) -> None:
    """Wait until `text` is on the page (after a click that submits a form and redirects)."""
    from selenium.webdriver.support.ui import WebDriverWait

    WebDriverWait(driver, timeout).until(lambda d: text in d.page_source, f"{text!r} did not appear")


def wait_for_text_in_main(driver, text: str, timeout: float = 20) -> None:
    """Wait until `text` is in the page's <main> (after a click that loads another page). While
    the page changes, Chromium may answer "node does not belong to the document" about the old
    <main>: that is waited out like a stale element, not raised."""
    from selenium.common.exceptions import WebDriverException
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as EC
    from selenium.webdriver.support.ui import WebDriverWait

    WebDriverWait(driver, timeout, ignored_exceptions=[WebDriverException]).until(
        EC.text_to_be_present_in_element((By.TAG_NAME, "main"), text), f"{text!r} did not appear in <main>")


def click_and_wait_for_next_page(driver, css: str, timeout: float = 15) -> None:
    """Click (a submit button, a link) and wait until the browser shows a new, fully loaded
    document. The old page is marked first; asking an old element whether it went stale races
    with the navigation (Chromium may answer "node does not belong to the document")."""
    from selenium.common.exceptions import WebDriverException
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    driver.execute_script("window.__naastOldPage = true;")
    driver.find_element(By.CSS_SELECTOR, css).click()
    WebDriverWait(driver, timeout, ignored_exceptions=[WebDriverException]).until(
        lambda d: d.execute_script("return !window.__naastOldPage && document.readyState === 'complete';")
    )
