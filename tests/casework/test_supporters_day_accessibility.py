"""The reminders tab, the appointment overlap warning and the survey comments pass axe-core (WCAG 2.1 AA)."""

from datetime import date, timedelta

import pytest
from django.utils import timezone
from selenium.webdriver.common.by import By

from naast.accounts.roles import Role
from naast.casework import services
from naast.casework.models import SurveyResponse
from tests.browser import assert_accessible, log_in, wait_for_text

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_reminders_overlap_warning_and_survey_comments_are_accessible(browser, live_server, f):
    org = f.organisation("MEE Toegankelijk")
    supporter = f.user(Role.SUPPORTER, org=org)
    coordinator = f.user(Role.COORDINATOR, org=org)
    hr = f.help_request(org=org, supporter=supporter, status="assigned")
    services.add_reminder(hr, by=supporter, due_on=timezone.localdate(), note="Terugbellen over de brief")
    starts = (timezone.localtime() + timedelta(days=2)).replace(hour=10, minute=0, second=0, microsecond=0)
    services.plan_appointment(hr, by=supporter, starts_at=starts)
    SurveyResponse.objects.create(organisation=org, answered_in=date(2026, 11, 1), mark=8, felt_understood=4,
                                  felt_seen=4, fitted_own_question=4, comment="Fijn geholpen.")
    log_in(browser, live_server, supporter)
    assert_accessible(browser, f"{live_server.url}/staff/dossier/{hr.reference}/herinneringen/")
    assert_accessible(browser, f"{live_server.url}/staff/dossier/")
    browser.get(f"{live_server.url}/staff/dossier/{hr.reference}/appointments/")
    field = browser.find_element(By.ID, "id_starts_at")
    browser.execute_script("arguments[0].value = arguments[1]", field, starts.strftime("%Y-%m-%dT10:30"))
    browser.find_element(By.CSS_SELECTOR, "form.naast-card button[type=submit]").click()
    wait_for_text(browser, "overlapt")
    assert_accessible(browser)
    log_in(browser, live_server, coordinator)
    assert_accessible(browser, f"{live_server.url}/staff/dossier/enquete-reacties/")
