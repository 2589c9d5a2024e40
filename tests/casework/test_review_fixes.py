"""Faults a supporter met on the demo: dates before the request, closing with appointments still
planned, warnings before removing, messages on the field that needs them."""

from datetime import timedelta

import pytest
from django.utils import timezone

from naast.casework import services
from naast.casework.models import Appointment, Contact, OtherHelper, SupportAction
from naast.organisations.models import ServiceProfile
from tests.casework.factories import map_service

pytestmark = pytest.mark.django_db


def url(hr, name=""):
    return f"/staff/dossier/{hr.reference}/{name + '/' if name else ''}"


def local(dt):
    return timezone.localtime(dt).strftime("%Y-%m-%dT%H:%M")


def test_a_contact_before_the_request_came_in_is_refused(login, hr, supporter):
    hr.received_at = timezone.now() - timedelta(days=10)
    hr.save()
    client = login(supporter)
    page = client.post(url(hr, "contacts"), {"occurred_at": "1990-01-01T10:00", "kind": "phone",
                                            "minutes": "15"}).content.decode()
    assert "voordat de hulpvraag binnenkwam" in page and not Contact.objects.exists()
    hr.refresh_from_db()
    assert hr.first_contact_at is None
    # The same day as the request (a call before it was registered) is fine.
    same_day = timezone.localtime(hr.received_at).replace(hour=0, minute=5)
    assert client.post(url(hr, "contacts"), {"occurred_at": local(same_day), "kind": "phone",
                                             "minutes": "15"}).status_code == 302


def test_support_actions_and_appointments_keep_to_sensible_dates(login, hr, supporter):
    client = login(supporter)
    future = (timezone.localdate() + timedelta(days=30)).isoformat()
    page = client.post(url(hr, "support"), {"kind": "kitchen_table", "description": "Mee naar Wmo-gesprek",
                                                   "happened_on": future, "outcome": "pending"}).content.decode()
    assert "kan niet in de toekomst" in page and not SupportAction.objects.exists()
    typo = timezone.localtime() + timedelta(days=365 * 100)
    page = client.post(url(hr, "appointments"), {"starts_at": local(typo), "minutes": "60"}).content.decode()
    assert "binnen het komende jaar" in page and not Appointment.objects.exists()


def test_guideline_fields_are_not_called_optional_and_each_says_what_is_missing(login, hr, supporter):
    profile = ServiceProfile.get()
    profile.guideline_hours = 1
    profile.save()
    client = login(supporter)
    page = client.get(url(hr, "contacts")).content.decode()
    label = page.split('for="id_exceedance_explanation"')[1].split("</label>")[0]
    assert "niet verplicht" not in label
    page = client.post(url(hr, "contacts"), {"occurred_at": local(timezone.now()), "kind": "office", "minutes": "90",
                                            "exceedance_reason": "complexity"}).content.decode()
    error = page.split('id="id_exceedance_explanation_error"')[1].split("</div>")[0]
    assert "Leg uit waarom" in error and not Contact.objects.exists()


def test_consent_without_how_it_was_given_is_asked_on_that_field(login, hr, supporter):
    service = map_service("GGZ Drenthe")
    page = login(supporter).post(url(hr, "referrals"), {
        "service": str(service.pk), "kind": "warm", "shares_personal_data": "on", "consent_given": "on",
    }).content.decode()
    error = page.split('id="id_consent_form_error"')[1].split("</div>")[0]
    assert "hoe de inwoner toestemming gaf" in error


def test_closing_warns_about_and_cancels_the_appointments_still_to_come(login, hr, supporter):
    coming = services.plan_appointment(hr, by=supporter, starts_at=timezone.now() + timedelta(days=7))
    client = login(supporter)
    page = client.get(url(hr, "close")).content.decode()
    assert "annuleert ook de geplande afspraak" in page
    response = client.post(url(hr, "close"), {"outcome": "answered", "summary": "Klaar."}, follow=True)
    assert "1 geplande afspraak is afgezegd" in response.content.decode()
    coming.refresh_from_db()
    assert coming.cancelled_at is not None and coming.sequence == 1  # the calendar feed says CANCELLED


def test_cancelling_an_appointment_and_removing_a_helper_ask_first(login, hr, supporter):
    appointment = services.plan_appointment(hr, by=supporter, starts_at=timezone.now() + timedelta(days=2))
    client = login(supporter)
    page = client.post(url(hr, "appointments"), {"cancel": appointment.pk}).content.decode()
    assert "Afspraak afzeggen?" in page and "Ja, afspraak afzeggen" in page
    appointment.refresh_from_db()
    assert appointment.cancelled_at is None  # only asked
    client.post(url(hr, "appointments"), {"cancel": appointment.pk, "confirmed": "1"})
    appointment.refresh_from_db()
    assert appointment.cancelled_at is not None

    helper = services.add_other_helper(hr, name="Wijkverpleegkundige Jansen")
    page = client.post(url(hr, "helpers"), {"remove": helper.pk}).content.decode()
    assert "Wijkverpleegkundige Jansen verwijderen?" in page and OtherHelper.objects.filter(pk=helper.pk).exists()
    client.post(url(hr, "helpers"), {"remove": helper.pk, "confirmed": "1"})
    assert not OtherHelper.objects.filter(pk=helper.pk).exists()


def test_a_past_appointment_cannot_be_cancelled_any_more(login, hr, supporter):
    past = Appointment.objects.create(help_request=hr, starts_at=timezone.now() - timedelta(days=3), minutes=60,
                                      created_by=supporter)
    page = login(supporter).get(url(hr, "appointments")).content.decode()
    assert "Geweest" in page and f'name="cancel" value="{past.pk}"' not in page


def test_error_summary_links_a_radio_group_to_its_first_option(client, f, org, supporter):
    hr = f.help_request(org=org, supporter=supporter)
    code = services.close_request(hr, by=supporter, outcome="answered", summary="Klaar.").survey_code
    page = client.post(f"/enquete/{code}/", {"mark": "8"}).content.decode()
    assert 'href="#id_felt_understood_0"' in page and "Kies een antwoord." in page
