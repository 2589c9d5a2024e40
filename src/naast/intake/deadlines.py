"""Deadlines in Dutch working days, from the service's norms (domain.md §6).

Urgent requests: first contact within N working days (default 3). Regular requests: within N
calendar days (default 14, "contact within 2 weeks"); a deadline that falls on a weekend or a
public holiday moves to the next working day, because nobody can be reached then.
Appointment: within N working days (default 2) of the first contact.
"""

from datetime import datetime, timedelta

from django.utils import timezone

from naast.core.workdays import add_working_days, is_working_day
from naast.organisations.models import ServiceProfile
from naast.registry.choices import Urgency


def _next_working_moment(moment: datetime) -> datetime:
    while not is_working_day(moment.date()):
        moment += timedelta(days=1)
    return moment


def first_contact_due(received_at: datetime, urgency: str, profile: ServiceProfile | None = None) -> datetime:
    """When first contact must have been made for a request received at `received_at`."""
    profile = profile or ServiceProfile.get()
    # Count in local (Amsterdam) days: a request at 23:30 on Friday is a Friday request.
    local = timezone.localtime(received_at)
    if urgency == Urgency.URGENT:
        return add_working_days(local, profile.urgent_first_contact_working_days)
    return _next_working_moment(local + timedelta(days=profile.regular_first_contact_days))


def appointment_due(first_contact_at: datetime, profile: ServiceProfile | None = None) -> datetime:
    profile = profile or ServiceProfile.get()
    return add_working_days(timezone.localtime(first_contact_at), profile.appointment_working_days)


def end_of_next_working_day(now: datetime) -> datetime:
    """The end of the next working day after `now`: 'due within one working day' for reminders."""
    local = timezone.localtime(now)
    nxt = add_working_days(local, 1)
    return nxt.replace(hour=23, minute=59, second=59, microsecond=0)
