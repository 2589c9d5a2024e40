"""Every casework page passes axe-core (WCAG 2.1 AA) and its forms work without JavaScript."""

from datetime import timedelta

import pytest
from django.utils import timezone
from selenium.webdriver.common.by import By

from naast.accounts.roles import Role
from naast.casework import services
from naast.casework.models import Contact, SurveyResponse
from tests.browser import assert_accessible, click_and_wait_for_next_page, log_in
from tests.casework.factories import map_service

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def submit(driver, css: str) -> None:
    """Click a submit button and wait for the next page, so assertions never read the old one."""
    click_and_wait_for_next_page(driver, css)


@pytest.fixture
def full_case(f, org, muni, supporter):
    """A case file with something in every section, so axe sees every component."""
    hr = f.help_request(org=org, supporter=supporter, municipality=muni, status="assigned")
    f.help_request(org=org, client=hr.client, status="closed")
    services.update_case_file(hr, by=supporter, clarified_question="Hulp bij bezwaar", goals="Zelf post lezen")
    services.log_contact(hr, by=supporter, kind="home_visit", minutes=60, note="Eerste gesprek")
    services.record_assessment(hr, by=supporter, levels={"finances": 1, "housing": 3},
                               assessed_on=timezone.localdate() - timedelta(days=20))
    services.record_assessment(hr, by=supporter, levels={"finances": 3, "housing": 2})
    services.plan_appointment(hr, by=supporter, starts_at=timezone.now() + timedelta(days=1), location="Bibliotheek")
    services.record_support_action(hr, by=supporter, kind="objection", description="Bezwaar opgesteld")
    services.refer(hr, by=supporter, service=map_service("GGZ Noord"), kind="warm", shares_personal_data=True,
                   consent_given=True, consent_form="verbal")
    services.record_signal(hr, by=supporter, theme="digital", text="Alleen met DigiD.")
    services.add_other_helper(hr, name="Els", role="wijkverpleegkundige", organisation_name="Thuiszorg")
    services.put_on_case_meeting(hr, question="Wie pakt wat op?")
    return hr


def test_case_file_pages_are_accessible(browser, live_server, full_case, supporter):
    log_in(browser, live_server, supporter)
    base = f"{live_server.url}/staff/dossier/{full_case.reference}/"
    for part in ["", "edit/", "contacts/", "zrm/", "appointments/", "support/", "referrals/", "signals/", "helpers/",
                 "documents/", "close/"]:
        assert_accessible(browser, base + part)
    for path in ["/staff/dossier/", "/staff/dossier/casusoverleg/", "/staff/dossier/agenda/"]:
        assert_accessible(browser, live_server.url + path)


def test_form_errors_conflict_warning_and_closed_file_are_accessible(browser, live_server, full_case, supporter):
    supporter.affiliations.create(organisation_name="Zorggroep", relation="board")
    map_service("Zorggroep", name="Thuisbegeleiding", description="Begeleiding thuis", index=True)
    log_in(browser, live_server, supporter)
    base = f"{live_server.url}/staff/dossier/{full_case.reference}/"
    browser.get(base + "contacts/")
    browser.find_element(By.ID, "id_minutes").send_keys("0")
    submit(browser, "main form button[type=submit]")
    assert "utrecht-alert--error" in browser.page_source
    assert_accessible(browser)
    browser.get(base + "referrals/?q=thuisbegeleiding")
    assert_accessible(browser)
    browser.find_element(By.CSS_SELECTOR, "input[name=service]").click()
    submit(browser, "form[method=post] button.utrecht-button--primary-action")
    assert "belangenverstrengeling" in browser.page_source
    assert_accessible(browser)
    services.close_request(full_case, by=supporter, outcome="answered", summary="Klaar", invite_to_survey=False)
    assert_accessible(browser, base)
    assert_accessible(browser, base + "reopen/")


def test_coordinator_views_are_accessible(browser, live_server, full_case, f, org):
    coordinator = f.user(Role.COORDINATOR, org=org)
    signal = full_case.signals.get()
    log_in(browser, live_server, coordinator)
    for path in ["/staff/dossier/", "/staff/dossier/casusoverleg/", f"/staff/dossier/{full_case.reference}/",
                 "/staff/dossier/signalen/"]:
        assert_accessible(browser, live_server.url + path)
    # The review page with its flags: the resident's name in the text to share.
    browser.get(f"{live_server.url}/staff/dossier/signalen/{signal.pk}/")
    field = browser.find_element(By.ID, "id_approved_text")
    field.clear()
    field.send_keys(f"{full_case.client.display_name} kan alleen met DigiD.")
    submit(browser, "button[value=approve]")
    assert "personal-data" in browser.page_source
    assert_accessible(browser)


def test_survey_letter_is_accessible(browser, live_server, f, org, supporter):
    hr = f.help_request(org=org, supporter=supporter)
    log_in(browser, live_server, supporter)
    browser.get(f"{live_server.url}/staff/dossier/{hr.reference}/close/")
    browser.find_element(By.CSS_SELECTOR, "input[name=outcome][value=answered]").click()
    browser.find_element(By.ID, "id_summary").send_keys("Brief uitgelegd")
    submit(browser, "main form button[type=submit]")
    assert "Hoe vond u onze hulp?" in browser.page_source
    assert_accessible(browser)


def test_public_survey_pages_are_accessible_and_work_without_javascript(browser, browser_nojs, live_server, f, org,
                                                                        supporter):
    hr = f.help_request(org=org, supporter=supporter)
    code = services.close_request(hr, by=supporter, outcome="answered", summary="Klaar.").survey_code
    assert_accessible(browser, live_server.url + "/enquete/")
    assert_accessible(browser, f"{live_server.url}/enquete/{code}/")
    assert_accessible(browser, f"{live_server.url}/enquete/ONBEKEND23/")
    browser.find_element(By.TAG_NAME, "body")  # an error page is a page, too
    # Without JavaScript: type the code from the letter, answer, see the thanks, and it answers once.
    driver = browser_nojs
    driver.get(live_server.url + "/enquete/")
    driver.find_element(By.ID, "id_code").send_keys(f"{code[:4]} {code[4:8]} {code[8:]}")
    submit(driver, "main button[type=submit]")
    submit(driver, "main button[type=submit]")  # empty: errors, nothing saved
    assert "utrecht-alert--error" in driver.page_source and not SurveyResponse.objects.exists()
    for name, value in [("mark", "8"), ("felt_understood", "4"), ("felt_seen", "5"), ("fitted_own_question", "4")]:
        driver.find_element(By.CSS_SELECTOR, f"input[name={name}][value='{value}']").click()
    submit(driver, "main button[type=submit]")
    assert "Bedankt voor uw antwoorden" in driver.page_source
    assert_accessible(browser, driver.current_url)
    assert SurveyResponse.objects.get().mark == 8
    driver.get(f"{live_server.url}/enquete/{code}/")
    assert "U heeft al geantwoord" in driver.page_source
    assert_accessible(browser, f"{live_server.url}/enquete/{code}/")


def test_logging_a_contact_works_without_javascript(browser_nojs, live_server, f, org, supporter):
    hr = f.help_request(org=org, supporter=supporter)
    log_in(browser_nojs, live_server, supporter)
    browser_nojs.get(f"{live_server.url}/staff/dossier/{hr.reference}/")
    browser_nojs.find_element(By.ID, "id_minutes").send_keys("25")
    submit(browser_nojs, "#quicklog ~ form button[type=submit]")
    assert "Contact opgeslagen: 25 minuten" in browser_nojs.page_source
    assert Contact.objects.get(help_request=hr).minutes == 25
