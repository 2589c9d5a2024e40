"""Calendar feeds that end with the assignment (docs/domain.md §2): a supporter's feed holds only
the appointments of requests they are still assigned to; the note goes into it only when chosen;
every read is audited once; and when an assignment ends (the resident asks for another supporter,
or any other way) that supporter's appointments still to come are cancelled, or handed over to the
other supporter of a duo, and the coordinators are told by e-mail, with the reference only."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone
from icalendar import Calendar

from naast.accounts.roles import Role
from naast.casework import services
from naast.casework.models import Appointment
from naast.core.models import OutgoingMail
from naast.intake import services as intake
from naast.privacy.models import AuditEvent
from naast.registry.assignments import end_assignments
from naast.registry.models import Assignment

pytestmark = pytest.mark.django_db


def local(moment) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")


def soon(days: int):
    return (timezone.now() + timedelta(days=days)).replace(second=0, microsecond=0)


def feed(client, token) -> dict:
    """The events of a feed, by their reference-bearing summary."""
    response = client.get(f"/ical/{token}.ics")
    assert response.status_code == 200
    return {str(e["UID"]): e for e in Calendar.from_ical(response.content).walk("VEVENT")}


@pytest.fixture
def boss(f, org):
    """The coordinator of the request's organisation, who hears about the appointments."""
    return f.user(Role.COORDINATOR, org=org, email="coordinator@mee.example")


@pytest.fixture
def resident_request(f, org, muni, supporter, boss):
    """A request from the public form, with its follow-up link, assigned to `supporter`."""
    registration = intake.register_request(
        channel="web", question="Ik begrijp de brief over mijn huishoudelijke hulp niet.",
        resident=intake.ResidentDetails(display_name="Truus Bakker", phone="0611111111"), follow_up_link=True,
    )
    hr = registration.help_request
    intake.assign(hr, [supporter], by=boss)
    return hr, f"/hulp-vragen/volg/{registration.follow_up_token}/"


def test_after_another_supporter_the_old_feed_shows_nothing_of_that_request(
        client, login, f, org, supporter, resident_request, boss, django_capture_on_commit_callbacks):
    hr, follow_up = resident_request
    other = f.help_request(org=org, supporter=supporter, status="assigned")
    coming = services.plan_appointment(hr, by=supporter, starts_at=soon(3), location="Wijkcentrum De Es",
                                       note="Samen naar Wmo-consulent", note_in_calendar=True)
    past = Appointment.objects.create(help_request=hr, starts_at=timezone.now() - timedelta(days=2), minutes=60,
                                      location="Bibliotheek", created_by=supporter)
    past.supporters.set([supporter])
    kept = services.plan_appointment(other, by=supporter, starts_at=soon(4), location="Thuis")
    token = services.new_calendar_feed(supporter)
    assert {f"appointment-{a.pk}@testserver" for a in (coming, past, kept)} == set(feed(client, token))

    # The resident asks for another supporter on their follow-up page.
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(follow_up, {"action": "another", "other-reason": "We hebben geen klik."})
    assert response.status_code == 302

    events = feed(client, token)
    assert set(events) == {f"appointment-{kept.pk}@testserver"}
    body = client.get(f"/ical/{token}.ics").content.decode()
    assert hr.reference not in body and "Wijkcentrum De Es" not in body and "Wmo-consulent" not in body
    # Nor on the old supporter's caseload.
    caseload = login(supporter).get("/staff/dossier/").content.decode()
    assert hr.reference not in caseload and other.reference in caseload

    # The appointment still to come is cancelled (the past one stays as it was) ...
    coming.refresh_from_db()
    past.refresh_from_db()
    assert coming.cancelled_at is not None and coming.sequence == 1
    assert past.cancelled_at is None and past.sequence == 0
    # ... and the coordinator heard about it: the reference and the moment, nothing about the resident.
    [message] = [m for m in mail.outbox if m.to == ["coordinator@mee.example"]]
    assert hr.reference in message.subject and hr.reference in message.body
    assert timezone.localtime(coming.starts_at).strftime("%d-%m-%Y %H:%M") in message.body
    assert "afgezegd" in message.body
    for secret in ("Truus", "0611111111", "Wijkcentrum", "Wmo-consulent", "huishoudelijke"):
        assert secret not in message.body and secret not in message.subject


def test_the_coordinators_e_mail_is_queued_in_the_outbox(f, org, other_org, supporter, hr, boss):
    f.user(Role.COORDINATOR, org=other_org, email="elders@welzijn.example")  # another organisation: not told
    services.plan_appointment(hr, by=supporter, starts_at=soon(2), location="Thuis")
    intake.request_another_supporter(hr, reason="Liever een vrouw.", source="staff", by=boss)
    [queued] = OutgoingMail.objects.filter(kind=OutgoingMail.Kind.APPOINTMENTS)
    assert queued.to == "coordinator@mee.example" and queued.reference == hr.reference
    assert hr.client.display_name not in queued.body and "Thuis" not in queued.body


def test_no_appointments_to_come_no_e_mail(supporter, hr, boss):
    intake.request_another_supporter(hr, reason="Geen klik.", source="staff", by=boss)
    assert not OutgoingMail.objects.filter(kind=OutgoingMail.Kind.APPOINTMENTS).exists()


def test_in_a_duo_the_appointments_go_to_the_supporter_who_stays(client, supporter, colleague, hr, boss):
    Assignment.objects.create(help_request=hr, supporter=colleague)
    alone = services.plan_appointment(hr, by=supporter, starts_at=soon(2), location="Thuis")
    together = services.plan_appointment(hr, by=supporter, starts_at=soon(5), location="Gemeentehuis",
                                         supporters=[supporter, colleague])
    leaving_feed, staying_feed = services.new_calendar_feed(supporter), services.new_calendar_feed(colleague)
    assert len(feed(client, leaving_feed)) == 2 and len(feed(client, staying_feed)) == 1

    end_assignments(hr, supporters=[supporter], reason="moved to another team")

    for appointment in (alone, together):
        appointment.refresh_from_db()
        assert appointment.cancelled_at is None and appointment.sequence == 1
        assert list(appointment.supporters.all()) == [colleague]
    assert feed(client, leaving_feed) == {}
    assert set(feed(client, staying_feed)) == {f"appointment-{alone.pk}@testserver",
                                              f"appointment-{together.pk}@testserver"}
    [queued] = OutgoingMail.objects.filter(kind=OutgoingMail.Kind.APPOINTMENTS)
    assert "ondersteuner die blijft" in queued.body and "afgezegd" not in queued.body


def test_the_note_goes_into_the_feed_only_when_the_supporter_chose_so(client, login, supporter, hr):
    web = login(supporter)
    form = web.get(f"/staff/dossier/{hr.reference}/appointments/").content.decode()
    [checkbox] = re.findall(r'<input[^>]*name="note_in_calendar"[^>]*>', form)
    assert 'type="checkbox"' in checkbox and "checked" not in checkbox  # off unless chosen
    assert "Agenda-apps bewaren wat ze ophalen" in form
    url = f"/staff/dossier/{hr.reference}/appointments/"
    web.post(url, {"starts_at": local(soon(2)), "minutes": "60", "location": "Wijkcentrum",
                   "note": "Samen naar Wmo-consulent"})
    web.post(url, {"starts_at": local(soon(3)), "minutes": "60", "location": "Thuis",
                   "note": "Brief meenemen", "note_in_calendar": "on"})
    assert Appointment.objects.filter(help_request=hr).count() == 2
    events = feed(client, services.new_calendar_feed(supporter)).values()
    descriptions = {str(e["LOCATION"]): str(e.get("DESCRIPTION", "")) for e in events}
    assert descriptions == {"Wijkcentrum": "", "Thuis": "Brief meenemen"}


def test_every_feed_read_leaves_one_audit_row_without_the_token(client, supporter, colleague, hr, f, org):
    second = f.help_request(org=org, supporter=supporter, status="assigned")
    for day in (1, 2, 3):
        services.plan_appointment(hr, by=supporter, starts_at=soon(day))
    services.plan_appointment(second, by=supporter, starts_at=soon(4))
    token = services.new_calendar_feed(supporter)
    before = AuditEvent.objects.count()
    feed(client, token)
    assert AuditEvent.objects.count() == before + 1  # one row for the read, not one per event
    row = AuditEvent.objects.latest("id")
    assert row.user == supporter and row.username == supporter.username
    assert row.action == AuditEvent.Action.EXPORT and row.object_type == "casework.calendarfeedtoken"
    assert row.object_kind == "Agendakoppeling"
    assert hr.reference in row.object_label and second.reference in row.object_label
    for value in (row.object_id, row.object_label, row.reason, row.path):
        assert token not in value
    feed(client, token)
    assert AuditEvent.objects.count() == before + 2
    # An unknown token reads nothing and writes nothing.
    assert client.get("/ical/nonsense.ics").status_code == 404
    assert AuditEvent.objects.count() == before + 2
