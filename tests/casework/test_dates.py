"""Dates in the case file stay sensible: no contact before the request came in (the same day is
fine), no support action in the future, no appointment beyond the coming year."""

from datetime import timedelta

import pytest
from django.utils import timezone

from naast.casework.models import Appointment, Contact, SupportAction

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
