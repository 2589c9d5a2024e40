"""The supporter's private appointment feed as iCalendar (RFC 5545).

Calendar apps keep what they fetch on phones and in clouds outside our control, so an event
names the help-request reference and the location, never the resident; the note only when the
supporter chose so for that appointment. The feed holds only the appointments of requests the
supporter is still assigned to (`selectors.own_appointments`)."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override
from icalendar import Calendar, Event

from naast.organisations.models import ServiceProfile

from .selectors import own_appointments

PAST_DAYS = 60


def feed_appointments(user) -> list:
    """What the feed of `user` shows: their appointments of the last `PAST_DAYS` days and to come."""
    since = timezone.now() - timedelta(days=PAST_DAYS)
    return list(own_appointments(user).filter(starts_at__gte=since).select_related("help_request")
                .order_by("starts_at"))


def feed_reminders(user) -> list:
    """The user's follow-up reminders not yet done (`services.open_reminders`), as all-day events."""
    from .services import open_reminders

    return list(open_reminders(user))


def calendar_feed(user, appointments, host: str, reminders=()) -> bytes:
    service = ServiceProfile.get()
    calendar = Calendar()
    calendar.add("prodid", "-//Naast//casework//NL")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", f"{service.name}: {user.get_full_name() or user.username}")
    with override("nl"):
        for appointment in appointments:
            event = Event()
            event.add("uid", f"appointment-{appointment.pk}@{host or 'naast'}")
            event.add("dtstamp", timezone.now())
            event.add("dtstart", appointment.starts_at)
            event.add("dtend", appointment.ends_at)
            event.add("sequence", appointment.sequence)
            event.add("summary", _("Appointment %(reference)s") % {"reference": appointment.help_request.reference})
            if appointment.location:
                event.add("location", appointment.location)
            if appointment.note and appointment.note_in_calendar:
                event.add("description", appointment.note)
            event.add("status", "CANCELLED" if appointment.cancelled_at else "CONFIRMED")
            calendar.add_component(event)
        # A reminder names the reference only: its note may say anything about the resident.
        for reminder in reminders:
            event = Event()
            event.add("uid", f"reminder-{reminder.pk}@{host or 'naast'}")
            event.add("dtstamp", timezone.now())
            event.add("dtstart", reminder.due_on)
            event.add("dtend", reminder.due_on + timedelta(days=1))
            event.add("summary", _("Follow up %(reference)s") % {"reference": reminder.help_request.reference})
            event.add("transp", "TRANSPARENT")
            calendar.add_component(event)
    return calendar.to_ical()
