"""The public pages use NL Design System components a resident can see and hit (issue 17, item 8):
radio buttons and check boxes of at least 24 × 24 px with the whole label to click, each group of
options in a fieldset with its question as legend, the page header, and a language switch that
names every language in itself and marks the current one; right to left in Arabic. Measured in
headless Chromium."""

import pytest
from django.conf import settings as django_settings
from selenium.webdriver.common.by import By

from naast.accounts.roles import Role
from naast.casework import services as casework
from naast.intake import services as intake
from tests import factories as f
from tests.browser import click_and_wait_for_next_page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LANGUAGES = ["nl", "en", "ar", "tr", "pl", "uk"]

# Each radio button and check box on the page: its classes, size, place and its label's place.
CONTROLS = """
return [...document.querySelectorAll('main input[type=radio], main input[type=checkbox]')]
  .filter(input => !input.closest('.naast-hp') && input.getClientRects().length)
  .map(input => {
    const box = input.getBoundingClientRect();
    const label = document.querySelector(`label[for="${input.id}"]`).getBoundingClientRect();
    const fieldset = input.closest('fieldset');
    const legend = fieldset && fieldset.querySelector(':scope > legend');
    return {id: input.id, type: input.type, classes: input.className, width: box.width, height: box.height,
            left: box.left, labelLeft: label.left, labelHeight: label.height,
            legend: legend ? legend.textContent.trim() : null};
  });
"""


def _survey_code() -> str:
    org = f.organisation("MEE Test")
    supporter = f.user(Role.SUPPORTER, org=org)
    return casework.close_request(f.help_request(org=org, supporter=supporter), by=supporter, outcome="answered",
                                  summary="Klaar.").survey_code


def _in_language(browser, live_server, language: str) -> None:
    browser.get(live_server.url + "/healthz")
    browser.delete_all_cookies()
    browser.add_cookie({"name": django_settings.LANGUAGE_COOKIE_NAME, "value": language, "path": "/"})


@pytest.mark.parametrize("language", ["nl", "ar"])
def test_radio_buttons_and_check_boxes_are_big_labelled_and_grouped(browser, live_server, language):
    code = _survey_code()
    _in_language(browser, live_server, language)
    seen = set()
    for path in ["/hulp-vragen/", f"/enquete/{code}/", "/kaart/?free=on"]:
        browser.get(live_server.url + path)
        controls = browser.execute_script(CONTROLS)
        assert controls, path
        for control in controls:
            seen.add(control["type"])
            where = (path, control["id"])
            # The NL Design System component, not the browser's 13 × 13 px default.
            component = "utrecht-radio-button" if control["type"] == "radio" else "utrecht-checkbox"
            assert component in control["classes"].split(), where
            assert control["width"] >= 24 and control["height"] >= 24, (where, control)
            assert control["labelHeight"] >= 24, where  # the label is a target, too
            # The control comes first in the reading direction: left in Dutch, right in Arabic.
            if language == "ar":
                assert control["left"] > control["labelLeft"], where
            else:
                assert control["left"] < control["labelLeft"], where
            if control["type"] == "radio":  # one question's options: a fieldset with the question
                assert control["legend"], where
    assert seen == {"radio", "checkbox"}
    # Clicking the words of an option chooses it.
    browser.get(live_server.url + "/hulp-vragen/")
    browser.find_element(By.CSS_SELECTOR, "label[for=id_contact_way_4]").click()
    assert browser.find_element(By.ID, "id_contact_way_4").is_selected()


def test_the_form_and_survey_ask_each_question_in_a_fieldset_with_its_legend(browser, live_server):
    code = _survey_code()
    browser.get(live_server.url + "/hulp-vragen/")
    legends = [e.text for e in browser.find_elements(By.CSS_SELECTOR, "main fieldset > legend")]
    assert legends[:4] == ["Stap 1 van 3: uw vraag", "Is het dringend?", "Stap 2 van 3: voor wie is het?",
                           "Voor wie is de vraag?"]
    assert "Hoe kunnen we u bereiken?" in legends
    browser.get(f"{live_server.url}/enquete/{code}/")
    legends = [e.text for e in browser.find_elements(By.CSS_SELECTOR, "main fieldset > legend")]
    assert legends == ["Welk cijfer geeft u ons?", "Ik voelde me begrepen.", "Ik voelde me gezien.",
                       "De hulp paste bij mijn eigen vraag."]


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_language_switch_names_each_language_in_itself_and_marks_the_current_one(browser, live_server,
                                                                                       language):
    code = intake.register_request(channel="web", question="Vraag", resident=intake.ResidentDetails(),
                                   follow_up_link=True).follow_up_token
    _in_language(browser, live_server, language)
    for path in ["/", "/hulp-vragen/", "/kaart/", "/enquete/", f"/hulp-vragen/volg/{code}/"]:
        browser.get(live_server.url + path)
        header = browser.find_element(By.CSS_SELECTOR, "body > header.utrecht-page-header")
        switch = header.find_element(By.CSS_SELECTOR, "nav.utrecht-alternate-lang-nav")
        assert switch.get_attribute("aria-label"), path  # a landmark a screen reader can name
        options = switch.find_elements(By.TAG_NAME, "button")
        names = {o.get_attribute("lang"): o.text for o in options}
        assert names == {"nl": "Nederlands", "en": "English", "ar": "العربية", "tr": "Türkçe", "pl": "Polski",
                         "uk": "Українська"}, path
        current = [o.get_attribute("lang") for o in options if o.get_attribute("aria-current") == "true"]
        assert current == [language], path
        for option in options:
            assert option.get_attribute("value") == option.get_attribute("lang")
            assert option.get_attribute("dir") == ("rtl" if option.get_attribute("lang") == "ar" else "ltr")
            assert option.size["height"] >= 24 and option.size["width"] >= 24, (path, option.text)


def test_the_language_switch_works_without_javascript_and_stays_on_the_page(browser_nojs, live_server):
    driver = browser_nojs
    driver.get(live_server.url + "/kaart/")
    click_and_wait_for_next_page(driver, "nav.naast-lang button[lang=ar]")
    assert driver.current_url == live_server.url + "/kaart/"
    html = driver.find_element(By.TAG_NAME, "html")
    assert (html.get_attribute("lang"), html.get_attribute("dir")) == ("ar", "rtl")
    assert driver.find_element(By.CSS_SELECTOR, "nav.naast-lang [aria-current=true]").text == "العربية"
    click_and_wait_for_next_page(driver, "nav.naast-lang button[lang=tr]")
    assert driver.find_element(By.TAG_NAME, "html").get_attribute("lang") == "tr"
    driver.get(live_server.url + "/hulp-vragen/")  # remembered on the next page
    assert driver.find_element(By.TAG_NAME, "html").get_attribute("lang") == "tr"
