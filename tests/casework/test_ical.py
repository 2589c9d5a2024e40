"""The private calendar feed: RFC 5545, parsed back with the icalendar library; secret and revocable."""

from datetime import timedelta

import pytest
from django.utils import timezone
from icalendar import Calendar

from naast.casework import services

pytestmark = pytest.mark.django_db


def test_feed_parses_back_and_names_no_resident(client, hr, supporter, colleague):
    from naast.registry.models import Assignment

    Assignment.objects.create(help_request=hr, supporter=colleague)
    start = (timezone.now() + timedelta(days=2)).replace(microsecond=0)
    appointment = services.plan_appointment(hr, by=supporter, starts_at=start, minutes=45, location="Wijkcentrum",
                                            supporters=[supporter, colleague])
    cancelled = services.plan_appointment(hr, by=supporter, starts_at=start + timedelta(days=1))
    services.cancel_appointment(cancelled)
    token = services.new_calendar_feed(supporter)
    response = client.get(f"/ical/{token}.ics")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/calendar")
    calendar = Calendar.from_ical(response.content)
    assert calendar["VERSION"] == "2.0" and calendar["PRODID"]
    events = {str(e["UID"]): e for e in calendar.walk("VEVENT")}
    assert len(events) == 2
    event = next(e for e in events.values() if str(e["STATUS"]) == "CONFIRMED")
    assert event.decoded("DTSTART") == start
    assert event.decoded("DTEND") - event.decoded("DTSTART") == timedelta(minutes=45)
    assert str(event["LOCATION"]) == "Wijkcentrum" and hr.reference in str(event["SUMMARY"])
    assert hr.client.display_name not in response.content.decode()
    assert any(str(e["STATUS"]) == "CANCELLED" for e in events.values())
    assert f"appointment-{appointment.pk}@" in "".join(events)
    # The duo partner's feed has the shared appointment too.
    partner = Calendar.from_ical(client.get(f"/ical/{services.new_calendar_feed(colleague)}.ics").content)
    assert len(list(partner.walk("VEVENT"))) == 1


def test_unknown_or_revoked_token_gets_404(client, supporter):
    assert client.get("/ical/nonsense.ics").status_code == 404
    token = services.new_calendar_feed(supporter)
    services.revoke_calendar_feeds(supporter)
    assert client.get(f"/ical/{token}.ics").status_code == 404


def test_calendar_settings_page_shows_the_link_once_and_revokes(login, supporter):
    client = login(supporter)
    page = client.post("/staff/dossier/agenda/").content.decode()
    assert "/ical/" in page
    token = page.split("/ical/")[1].split(".ics")[0]
    assert client.get(f"/ical/{token}.ics").status_code == 200
    assert "/ical/" not in client.get("/staff/dossier/agenda/").content.decode()
    client.post("/staff/dossier/agenda/", {"revoke": "1"})
    assert client.get(f"/ical/{token}.ics").status_code == 404
