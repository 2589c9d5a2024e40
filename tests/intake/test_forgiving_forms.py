"""Forms that forgive (issue 17): a name typed where people expect it is kept, an expired form
goes through when sent again, a failed security check keeps the typed text and offers the phone,
a long text is never cut, the error summary takes the focus, and every form offers a phone call."""

import pytest
from django import test as django_test
from django.core import signing

from naast.intake.forms import TIMESTAMP_SALT
from naast.organisations.models import ServiceProfile
from naast.registry.models import HelpRequest

from .test_public_form import URL, form_data

pytestmark = pytest.mark.django_db


def test_for_myself_with_the_name_in_your_name_is_not_anonymous(client):
    client.post(URL, form_data(for_whom="self", name="", asker_name="Fatma Yilmaz", contact_way="letter",
                               phone="", address="Brink 1", postcode="7981 AA"))
    hr = HelpRequest.objects.get()
    assert hr.client.display_name == "Fatma Yilmaz"
    assert hr.intake.on_behalf is False and hr.intake.asker_name == ""


def _expired_stamp(monkeypatch):
    monkeypatch.setattr(signing.time, "time", lambda: 1_000_000_000.0)
    old = signing.TimestampSigner(salt=TIMESTAMP_SALT).sign("1000000000")
    monkeypatch.undo()
    return old


@pytest.mark.parametrize("stamp", ["expired", "tampered"])
def test_an_expired_or_tampered_form_goes_through_when_sent_again(client, monkeypatch, stamp):
    started = _expired_stamp(monkeypatch) if stamp == "expired" else "12345:forged"
    page = client.post(URL, form_data(started=started)).content.decode()
    assert "verlopen" in page and not HelpRequest.objects.exists()
    assert "Ik kan mijn huur niet meer betalen" in page  # what was typed is still there
    fresh = page.split('name="started" value="')[1].split('"')[0]
    assert fresh != started
    response = client.post(URL, form_data(started=fresh))
    assert response.status_code == 302 and HelpRequest.objects.count() == 1


def test_a_failed_security_check_keeps_the_question_and_offers_the_phone(settings):
    profile = ServiceProfile.get()
    profile.phone = "0522 123 456"
    profile.save()
    ServiceProfile.clear_cache()
    browser = django_test.Client(enforce_csrf_checks=True)  # a browser that blocks our cookie
    browser.cookies[settings.LANGUAGE_COOKIE_NAME] = "ar"
    response = browser.post(URL, form_data(question="سؤالي عن الإيجار الذي لا أستطيع دفعه"))
    page = response.content.decode()
    assert response.status_code == 403
    assert '<html lang="ar" dir="rtl"' in page
    assert "سؤالي عن الإيجار الذي لا أستطيع دفعه" in page  # nothing typed is lost
    assert 'href="tel:0522123456"' in page
    assert "CSRF" not in page and "gekaapt" not in page
    assert not HelpRequest.objects.exists()
    # The page shows what the resident typed: no browser or proxy cache may keep it.
    assert "no-store" in response["Cache-Control"]


def test_a_text_over_the_limit_is_refused_with_a_clear_message_not_cut(client):
    long_question = "Ik heb hulp nodig. " * 300  # 5,700 characters
    response = client.post(URL, form_data(question=long_question))
    page = response.content.decode()
    assert not HelpRequest.objects.exists()
    assert "5699" in page and "5000" in page  # how long it is and how long it may be
    assert long_question.strip() in page  # every character still in the form


def test_the_question_field_has_no_silent_browser_limit_but_a_counter(client):
    page = client.get(URL).content.decode()
    textarea = page[page.index("<textarea"):page.index("</textarea>")]
    assert "maxlength" not in textarea
    assert 'data-max-length="5000"' in textarea
    assert "naast/counter.js" in page
    assert "5.000 tekens" in page  # the limit is said without JavaScript too


def test_the_error_summary_takes_the_focus(client):
    page = client.post(URL, form_data(contact_way="phone", phone="")).content.decode()
    summary = page[page.index("naast-error-summary") - 80:page.index("naast-error-summary") + 120]
    assert 'tabindex="-1"' in summary and "autofocus" in summary


@pytest.mark.parametrize("path", ["/hulp-vragen/", "/enquete/"])
def test_every_public_form_offers_to_call_instead(client, path):
    profile = ServiceProfile.get()
    profile.phone = "0522 123 456"
    profile.save()
    ServiceProfile.clear_cache()
    page = client.get(path).content.decode()
    assert "Liever bellen?" in page and 'href="tel:0522123456"' in page
