"""The social map's pages pass axe-core (WCAG 2.1 AA) in headless Chromium and work without JavaScript."""

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import Select, WebDriverWait

from naast.accounts.roles import Role
from naast.organisations.models import ServiceProfile
from naast.socialmap.models import Address, Location, Phone, ServiceAtLocation
from tests.browser import assert_accessible, log_in, wait_for_text_in_main

from . import factories

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def world(f):
    muni = f.municipality()
    f.district("Diever", muni)
    profile = ServiceProfile.get()
    profile.phone = "0522 200 300"
    profile.save()
    services = factories.small_map()
    debt = services["debt"]
    loc = Location.objects.create(name="Gemeentehuis Diever", latitude=52.85, longitude=6.31)
    Address.objects.create(location=loc, address_1="Brink 1", city="Diever", state_province="Drenthe", postal_code="7981 AA")
    ServiceAtLocation.objects.create(service=debt, location=loc)
    Phone.objects.create(service=debt, number="0522 123 456")
    debt.schedules.create(freq="WEEKLY", byday="MO,TU", opens_at="09:00", closes_at="12:00")
    return services


def test_public_map_pages_are_accessible(browser, live_server, world):
    base = live_server.url + "/kaart/"
    assert_accessible(browser, base)
    assert_accessible(browser, base + "?q=schulden")
    assert_accessible(browser, base + "?q=qqqq+zzzz")  # the fallback
    assert_accessible(browser, base + "?q=schulden&beantwoord=nee")  # after "did this help? no": who to call
    assert_accessible(browser, base + "?q=schulden&age=oud")  # a form error
    assert_accessible(browser, f"{base}{world['debt'].pk}/")


def test_staff_map_pages_are_accessible(browser, live_server, world, f):
    coordinator = f.user(Role.COORDINATOR, org=f.organisation("MEE Test"), first_name="Erik")
    log_in(browser, live_server, coordinator)
    debt = world["debt"]
    for path in ["/staff/kaart/", "/staff/kaart/?q=schulden", f"/staff/kaart/{debt.pk}/", f"/staff/kaart/{debt.pk}/wijzigen/",
                 f"/staff/kaart/{debt.pk}/archiveren/", "/staff/kaart/nieuw/", "/staff/kaart-controleren/",
                 "/staff/kaart/zoekwoorden/", f"/staff/kaart/{debt.pk}/openingstijden/",
                 f"/staff/kaart/{debt.pk}/sluitingen/", f"/staff/kaart/{debt.pk}/locatie/",
                 f"/staff/kaart/{debt.pk}/werkgebied/"]:
        assert_accessible(browser, live_server.url + path)


def test_edit_form_errors_are_accessible(browser, live_server, world, f):
    log_in(browser, live_server, f.user(Role.COORDINATOR, org=f.organisation("MEE Test")))
    browser.get(f"{live_server.url}/staff/kaart/{world['debt'].pk}/wijzigen/")
    name = browser.find_element(By.ID, "id_name")
    name.clear()
    browser.find_element(By.CSS_SELECTOR, "main form button[type=submit]").click()
    # Wait for the answer page: under load the click returns before it has loaded.
    wait_for_text_in_main(browser, "verplicht")
    assert_accessible(browser)


def test_opening_hours_work_without_javascript_and_their_errors_are_accessible(browser_nojs, browser, live_server,
                                                                              world, f):
    coordinator = f.user(Role.COORDINATOR, org=f.organisation("MEE Test"))
    url = f"{live_server.url}/staff/kaart/{world['debt'].pk}/openingstijden/"
    driver = browser_nojs
    log_in(driver, live_server, coordinator)
    driver.get(url)
    driver.find_element(By.ID, "id_hours-0-days_2").click()  # the existing row (Mon, Tue 09:00-12:00) + Wednesday
    driver.find_element(By.CSS_SELECTOR, "main form button[type=submit]").click()
    wait_for_text_in_main(driver, "zijn opgeslagen")
    assert "Woensdag" in driver.page_source
    log_in(browser, live_server, coordinator)
    browser.get(url)
    browser.find_element(By.ID, "id_hours-1-days_1").click()
    browser.execute_script("document.getElementById('id_hours-1-opens_at').value = '11:00';"
                           "document.getElementById('id_hours-1-closes_at').value = '09:00';")
    browser.find_element(By.CSS_SELECTOR, "main form button[type=submit]").click()
    wait_for_text_in_main(browser, "sluitingstijd")
    assert_accessible(browser)


def test_resident_searches_filters_and_opens_a_service_without_javascript(browser_nojs, live_server, world):
    driver = browser_nojs
    driver.get(live_server.url + "/")
    driver.find_element(By.CSS_SELECTOR, "a[href='/kaart/']").click()
    driver.find_element(By.ID, "id_q").send_keys("ik kan mijn rekeningen niet betalen")
    driver.find_element(By.CSS_SELECTOR, "summary").click()  # <details> opens without JavaScript
    Select(driver.find_element(By.ID, "id_place")).select_by_visible_text("Heel Westerveld")
    driver.find_element(By.CSS_SELECTOR, "main form button[type=submit]").click()
    WebDriverWait(driver, 20).until(EC.presence_of_element_located((By.LINK_TEXT, "Schuldhulpverlening Westerveld")))
    driver.find_element(By.LINK_TEXT, "Schuldhulpverlening Westerveld").click()
    wait_for_text_in_main(driver, "Plan uw route")
    assert 'Bel <bdi dir="ltr">0522 123 456</bdi>' in driver.page_source and "Plan uw route" in driver.page_source
    assert "Maandag" in driver.page_source


def test_staff_verify_and_archive_work_without_javascript(browser_nojs, live_server, world, f):
    driver = browser_nojs
    log_in(driver, live_server, f.user(Role.COORDINATOR, org=f.organisation("MEE Test")))
    driver.get(f"{live_server.url}/staff/kaart/{world['debt'].pk}/")
    driver.find_element(By.XPATH, "//button[contains(., 'Vandaag gecontroleerd')]").click()
    wait = WebDriverWait(driver, 20)
    wait.until(EC.text_to_be_present_in_element((By.TAG_NAME, "main"), "Bedankt"))
    driver.find_element(By.LINK_TEXT, "Archiveren").click()
    wait.until(EC.presence_of_element_located((By.XPATH, "//button[contains(., 'Ja, archiveren')]"))).click()
    wait.until(EC.text_to_be_present_in_element((By.TAG_NAME, "main"), "is gearchiveerd"))


def test_issue_18_pages_are_accessible(browser, live_server, world, f):
    """The thesaurus, the searches to improve, the corrections, the provider's check page, and
    the results with "did this help?", a grouped card and the postcode."""
    import datetime as dt

    from django.utils import timezone

    from naast.socialmap import verification
    from naast.socialmap.models import Organization, SearchConcept, Service

    base = live_server.url + "/kaart/"
    assert_accessible(browser, base + "?q=I+have+debts&postcode=7981+AA")
    assert_accessible(browser, base + "?q=schulden&postcode=12")  # a postcode error
    org = Organization.objects.create(name="Stichting Klus", email="info@klus.example")
    Service.objects.filter(pk=world["debt"].pk).update(organization=org, last_verified_on=timezone.localdate() - dt.timedelta(days=500))
    token = "a-token-for-the-accessibility-test-1234567890"
    from naast.core.hashing import secret_digest
    from naast.socialmap.models import ProviderCheck

    ProviderCheck.objects.create(organization=org, email=org.email, token_digest=secret_digest(token),
                                 expires_at=timezone.now() + dt.timedelta(days=1))
    assert verification.check_for(token) is not None
    assert_accessible(browser, f"{base}controleren/{token}/")
    log_in(browser, live_server, f.user(Role.COORDINATOR, org=f.organisation("MEE Test")))
    concept = SearchConcept.objects.order_by("key").first()
    for path in ["/staff/kaart/begrippen/", "/staff/kaart/begrippen/?q=zzzz", "/staff/kaart/begrippen/nieuw/?phrase=fietsband",
                 f"/staff/kaart/begrippen/{concept.pk}/", "/staff/kaart/zoekvragen/", "/staff/kaart-correcties/"]:
        assert_accessible(browser, live_server.url + path)
