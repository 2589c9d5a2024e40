"""The public 'Hulp vragen' form: plain, anonymous if wished, spam-proof, one request per submit,
one message per field; a resident who will call us is told so."""

import re

import pytest
from django.core import mail, signing
from django.urls import reverse
from django.utils import timezone

from naast.accounts.roles import Role
from naast.intake.forms import TIMESTAMP_SALT, sign_started
from naast.intake.models import IntakeDetails
from naast.organisations.models import PostcodeDistrict, ServiceProfile
from naast.registry.models import Client, HelpRequest

pytestmark = pytest.mark.django_db
URL = "/hulp-vragen/"


def form_data(**overrides):
    data = {
        "question": "Ik kan mijn huur niet meer betalen en weet niet wat ik moet doen.",
        "urgency": "regular",
        "for_whom": "self",
        "name": "Anna",
        "contact_way": "phone",
        "phone": "06 12345678",
        "preferred_language": "nl",
        "started": sign_started(),
        "submission_key": "k" * 32,
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def test_form_explains_free_and_independent_and_works_without_javascript(client):
    response = client.get(URL)
    html = response.content.decode()
    assert response.status_code == 200
    assert "gratis" in html and "onafhankelijk" in html
    assert "<script" not in html.split("</head>")[1]  # nothing in the page body needs JavaScript
    assert 'name="submission_key"' in html and 'name="started"' in html


def test_the_home_page_links_to_the_form(client):
    assert URL in client.get("/").content.decode()


def test_anonymous_request_is_registered_and_confirmed(client, muni):
    response = client.post(URL, form_data(name="", municipality=muni.pk), follow=True)
    hr = HelpRequest.objects.get()
    assert hr.channel == "web" and hr.municipality == muni and hr.first_contact_due is not None
    assert hr.client.display_name == "Anoniem"
    html = response.content.decode()
    assert hr.reference in html
    # The day of first contact reads as Dutch does mid-sentence: "uiterlijk maandag 7 december".
    due = timezone.localtime(hr.first_contact_due)
    weekday = ["maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag"][due.weekday()]
    assert f"uiterlijk {weekday} {due.day} " in html
    assert "/hulp-vragen/volg/" in html
    assert "Wat gebeurt er nu?" in html


def test_confirmation_email_carries_reference_and_working_follow_up_link(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(URL, form_data(contact_way="email", email="anna@example.org", phone=""))
    hr = HelpRequest.objects.get()
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["anna@example.org"] and hr.reference in message.subject
    link = re.search(r"http://testserver(/hulp-vragen/volg/[^/\s]+/)", message.body).group(1)
    page = client.get(link)
    assert page.status_code == 200 and hr.reference in page.content.decode()


def test_double_post_creates_exactly_one_request(client):
    data = form_data()
    first = client.post(URL, data)
    second = client.post(URL, data)
    assert first.status_code == second.status_code == 302
    assert HelpRequest.objects.count() == 1 and Client.objects.count() == 1
    page = client.get(second["Location"]).content.decode()
    assert HelpRequest.objects.get().reference in page


def test_postcode_finds_the_district_and_municipality(client, f):
    district = f.district("Diever")
    PostcodeDistrict.objects.create(postcode="7981", district=district)
    client.post(URL, form_data(postcode="7981 ab"))
    hr = HelpRequest.objects.get()
    assert hr.district == district and hr.municipality == district.municipality
    assert hr.client.postcode == "7981AB"


def test_carer_asking_on_behalf_is_recorded(client):
    client.post(URL, form_data(for_whom="other", asker_name="Piet", asker_relation="zoon", name="Truus"))
    hr = HelpRequest.objects.get()
    assert hr.referrer == "family" and hr.intake.on_behalf and hr.intake.asker_name == "Piet"
    assert hr.intake.asker_phone == "06 12345678" and hr.client.phone == ""


def test_urgent_request_gets_the_urgent_deadline(client):
    client.post(URL, form_data(urgency="urgent"))
    hr = HelpRequest.objects.get()
    assert hr.urgency == "urgent"
    assert (hr.first_contact_due - hr.received_at).days <= 5


def test_a_resident_who_will_call_us_is_asked_to_and_the_coordinator_sees_it(client, f, org, login):
    profile = ServiceProfile.get()
    response = client.post(URL, form_data(contact_way="none", phone="", preferred_language="ar"), follow=True)
    page = response.content.decode()
    assert "U neemt zelf contact met ons op" in page and profile.phone in page
    assert "We nemen uiterlijk" not in page
    follow_up = page.split("/hulp-vragen/volg/")[1].split('"')[0]
    status = client.get(f"/hulp-vragen/volg/{follow_up}").content.decode()
    assert "Neem uiterlijk" in status and "contact met ons op" in status  # no phone number in this profile
    hr = HelpRequest.objects.get()
    triage = login(f.user(Role.COORDINATOR, org=org)).get(f"/staff/queue/{hr.reference}/").content.decode()
    assert "De inwoner neemt zelf contact op" in triage and "Arabisch" in triage


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"question": ""}, "Dit veld is verplicht"),
        ({"contact_way": "phone", "phone": ""}, "Vul uw telefoonnummer in"),
        ({"contact_way": "email", "phone": "", "email": "anna@"}, "geldig e-mailadres"),
        ({"contact_way": "letter", "postcode": "", "address": ""}, "Vul uw straat en huisnummer in"),
        ({"postcode": "ABCD"}, "Vul een postcode in"),
        ({"phone": "bel me maar"}, "Vul een telefoonnummer in"),
        ({"for_whom": "other", "asker_name": ""}, "Vul uw eigen naam in"),
        ({"urgency": "extreem"}, "Selecteer een geldige keuze"),
        ({"started": "forged"}, "Het formulier is verlopen"),
        ({"question": "x" * 6000}, "5000"),
    ],
)
def test_malformed_input_gets_a_clear_dutch_message_and_writes_nothing(client, overrides, message):
    response = client.post(URL, form_data(**overrides))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not HelpRequest.objects.exists() and not Client.objects.exists()


def test_errors_are_in_english_for_an_english_browser(client):
    response = client.post(URL, form_data(contact_way="phone", phone=""), HTTP_ACCEPT_LANGUAGE="en")
    assert "Fill in your phone number" in response.content.decode()


def test_a_badly_typed_phone_number_gets_one_message(client):
    page = client.post(URL, form_data(phone="0612")).content.decode()
    error = page.split('id="id_phone_error"')[1].split("</div>")[0]
    assert "zoals 06 12345678" in error and "of kies een andere manier" not in error
    assert "Telefoonnummer <span" not in page.split('for="id_phone"')[1].split("</label>")[0]  # not "(optional)"


def test_honeypot_filled_by_a_bot_writes_nothing(client):
    response = client.post(URL, form_data(website="http://spam.example"))
    assert response.status_code == 200 and not HelpRequest.objects.exists()


def test_a_form_sent_faster_than_a_person_can_is_refused(client, settings, monkeypatch):
    settings.NAAST_INTAKE = {**settings.NAAST_INTAKE, "MIN_SECONDS_TO_SUBMIT": 3}
    response = client.post(URL, form_data())
    html = response.content.decode()
    assert "erg snel" in html and not HelpRequest.objects.exists()
    assert html.count("Dat ging erg snel") == 1 and "Started" not in html  # once, without the hidden field's name
    monkeypatch.setattr(signing.time, "time", lambda: 1_000_000_000.0)
    old = signing.TimestampSigner(salt=TIMESTAMP_SALT).sign("1000000000")  # signed in 2001
    monkeypatch.undo()
    response = client.post(URL, form_data(started=old))
    assert "verlopen" in response.content.decode() and not HelpRequest.objects.exists()


def test_rate_limit_per_address(client, settings):
    settings.NAAST_INTAKE = {**settings.NAAST_INTAKE, "RATE_LIMIT_PER_HOUR": 2}
    for i in range(2):
        assert client.post(URL, form_data(submission_key=f"key-{i}".ljust(20, "x"))).status_code == 302
    response = client.post(URL, form_data(submission_key="key-3".ljust(20, "x")))
    assert response.status_code == 429 and "over een uur" in response.content.decode()
    assert HelpRequest.objects.count() == 2
    other = client.post(URL, form_data(submission_key="key-4".ljust(20, "x")), REMOTE_ADDR="10.1.2.3")
    assert other.status_code == 302


def test_residents_get_no_server_side_session(client):
    client.post(URL, form_data())
    assert "sessionid" not in client.cookies


def test_thanks_page_without_a_submission_goes_back_to_the_form(client):
    assert client.get(reverse("intake:thanks"))["Location"] == URL


def test_only_a_hash_of_the_follow_up_token_is_stored(client):
    client.post(URL, form_data())
    details = IntakeDetails.objects.get()
    page = client.get(reverse("intake:thanks")).content.decode()
    token = re.search(r"/hulp-vragen/volg/([^/]+)/", page).group(1)
    assert token not in details.follow_up_token_hash and len(details.follow_up_token_hash) == 64


def test_a_reference_that_is_taken_is_drawn_again(client, monkeypatch):
    """No look-up before the insert: a clash with an existing reference rolls back only the
    insert and draws a new one, so the resident still gets one request with a fresh reference."""
    import naast.registry.models as registry_models

    client.post(URL, form_data(submission_key="a" * 32))
    taken = HelpRequest.objects.get().reference
    drawn = iter([taken, "HV-2345-6789"])
    monkeypatch.setattr(registry_models, "new_reference", lambda rng=None: next(drawn))
    response = client.post(URL, form_data(submission_key="b" * 32))
    assert response.status_code == 302
    assert sorted(HelpRequest.objects.values_list("reference", flat=True)) == sorted([taken, "HV-2345-6789"])
    assert Client.objects.count() == 2 and IntakeDetails.objects.count() == 2
    assert "HV-2345-6789" in client.get(response["Location"]).content.decode()


@pytest.mark.django_db(transaction=True)
def test_with_the_mail_server_down_the_request_is_saved_and_its_confirmation_kept(client, mail_server):
    from naast.core.models import OutgoingMail

    response = client.post(URL, form_data(contact_way="email", email="anna@example.org", phone=""), follow=True)
    hr = HelpRequest.objects.get()
    assert response.status_code == 200 and hr.reference in response.content.decode()  # the thank-you page
    kept = OutgoingMail.objects.get()  # tried after the response, refused, kept for `send-mail`
    assert kept.to == "anna@example.org" and kept.reference == hr.reference and kept.attempts == 1


@pytest.mark.django_db(transaction=True)
def test_the_confirmation_is_sent_after_the_response_over_smtp(client, mail_server):
    from naast.core.models import OutgoingMail

    mail_server.start()
    client.post(URL, form_data(contact_way="email", email="anna@example.org", phone=""))
    hr = HelpRequest.objects.get()
    [message] = mail_server.inbox.messages
    assert message["To"] == "anna@example.org" and hr.reference in message["Subject"]
    assert not OutgoingMail.objects.exists()


def test_languages_are_offered_in_their_own_words_too(client):
    html = client.get(URL).content.decode()
    assert "Arabisch – العربية" in html and "Turks – Türkçe" in html and "Oekraïens – Українська" in html
    english = client.get(URL, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Arabic – العربية" in english


def test_a_double_post_sends_one_confirmation(client, django_capture_on_commit_callbacks):
    data = form_data(contact_way="email", email="anna@example.org", phone="")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(URL, data)
        client.post(URL, data)
    assert HelpRequest.objects.count() == 1 and len(mail.outbox) == 1
