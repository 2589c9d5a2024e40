"""What a resident receives after the form and after the help, checked with axe-core in each of the
six resident languages (issue 17): the survey invitation and the confirmation. The e-mails are
plain text, with no HTML part to check (a screen reader and any mail program read them as they
are); their HTML counterparts are the printed letters, a page in the resident's language inside
the supporter's staff page, and those pass axe-core with zero violations."""

import pytest
from django.core import mail
from django.utils import translation
from selenium.webdriver.common.by import By

from naast.accounts.roles import Role
from naast.casework import services
from naast.intake import services as intake
from tests.browser import assert_accessible, click_and_wait_for_next_page, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LANGUAGES = ["nl", "en", "ar", "tr", "pl", "uk"]


def _letter_language(browser) -> tuple[str, str]:
    letter = browser.find_element(By.CSS_SELECTOR, "main article.naast-letter")
    return letter.get_attribute("lang"), letter.get_attribute("dir")


@pytest.mark.parametrize("language", LANGUAGES)
def test_invitations_and_confirmations_are_plain_text_mail_or_accessible_letters(browser, live_server, f, org,
                                                                                supporter, language):
    direction = "rtl" if language == "ar" else "ltr"
    # By e-mail: plain text only, in the resident's language.
    mail.outbox.clear()
    by_mail = f.help_request(org=org, supporter=supporter,
                             client=f.client("Rana", email="rana@example.org", preferred_language=language))
    services.close_request(by_mail, by=supporter, outcome="answered", summary="Klaar.",
                           site_url="https://naast.example")
    registered = intake.register_request(
        channel="web", question="Vraag", follow_up_link=True, contact_way="email",
        resident=intake.ResidentDetails(display_name="Rana", email="rana@example.org", preferred_language=language))
    with translation.override(language):  # the language of the page the resident sent the form from
        intake.send_confirmation(registered.help_request, "rana@example.org",
                                 f"https://naast.example/hulp-vragen/volg/{registered.follow_up_token}/")
    assert len(mail.outbox) == 2
    for message in mail.outbox:
        assert message.content_subtype == "plain" and not getattr(message, "alternatives", [])
        assert "<" not in message.body  # no markup shown as text
    # By letter: the survey letter, printed when the supporter closes the request.
    by_letter = f.help_request(org=org, supporter=supporter, client=f.client("Olena", preferred_language=language))
    log_in(browser, live_server, supporter)
    browser.get(f"{live_server.url}/staff/dossier/{by_letter.reference}/close/")
    browser.find_element(By.CSS_SELECTOR, "input[name=outcome][value=answered]").click()
    browser.find_element(By.ID, "id_summary").send_keys("Klaar")
    click_and_wait_for_next_page(browser, "main form button[type=submit]")
    assert _letter_language(browser) == (language, direction)
    assert_accessible(browser)
    # The confirmation letter with a follow-up code, for a resident without e-mail.
    registration = intake.register_request(
        channel="web", question="Vraag", follow_up_link=True, contact_way="letter", address="Brink 1, 7981 AA Diever",
        resident=intake.ResidentDetails(display_name="Mariam", preferred_language=language), organisation=org,
    )
    log_in(browser, live_server, f.user(Role.COORDINATOR, org=org))
    browser.get(f"{live_server.url}/staff/requests/{registration.help_request.reference}/brief/")
    click_and_wait_for_next_page(browser, "main form button[type=submit]")
    assert _letter_language(browser) == (language, direction)
    assert_accessible(browser)
