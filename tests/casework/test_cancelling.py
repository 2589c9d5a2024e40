"""Cancelling and removing in the case file: closing warns about the appointments still to come
and cancels them, cancelling an appointment or removing a helper asks first, and an appointment
that has taken place cannot be cancelled."""

from datetime import timedelta

import pytest
from django.utils import timezone

from naast.casework import services
from naast.casework.models import Appointment, OtherHelper

pytestmark = pytest.mark.django_db


def url(hr, name=""):
    return f"/staff/dossier/{hr.reference}/{name + '/' if name else ''}"


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
