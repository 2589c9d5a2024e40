"""Appointments with the resident and the supporter's private calendar feed."""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from naast.accounts.models import User
from naast.core.hashing import secret_digest
from naast.registry import lifecycle
from naast.registry.models import HelpRequest

from ..models import (
    Appointment,
    CalendarFeedToken,
)
from .common import active_supporter_ids, locked

MAX_DAYS_AHEAD = 366  # appointments are planned within the coming year


def plan_appointment(help_request: HelpRequest, *, by: User, starts_at: datetime, minutes: int = 60,
                     location: str = "", note: str = "", supporters: list[User] | None = None) -> Appointment:
    """Plan an appointment with the resident. The first one meets the 'appointment due' deadline."""
    supporters = list(dict.fromkeys(supporters or [by]))
    allowed = active_supporter_ids(help_request) | {by.pk}
    if any(s.pk not in allowed for s in supporters) or not 1 <= len(supporters) <= 2:
        raise ValidationError({"supporters": _("Only the supporters of this request can be named.")})
    if starts_at < timezone.now() - timedelta(days=1):
        raise ValidationError({"starts_at": _("Plan the appointment for today or later.")})
    if starts_at > timezone.now() + timedelta(days=MAX_DAYS_AHEAD):
        raise ValidationError({"starts_at": _("Plan the appointment within the coming year. Check the year.")})
    if not 5 <= minutes <= 480:
        raise ValidationError({"minutes": _("Choose a duration from 5 to 480 minutes.")})
    with transaction.atomic():
        hr = locked(help_request)
        lifecycle.require_open(hr)
        appointment = Appointment.objects.create(
            help_request=hr, starts_at=starts_at, minutes=minutes, location=location.strip(), note=note.strip(),
            created_by=by,
        )
        appointment.supporters.set(supporters)
        lifecycle.appointment_made(hr)
    help_request.refresh_from_db()
    return appointment


def cancel_appointment(appointment: Appointment) -> Appointment:
    if appointment.cancelled_at is None:
        appointment.cancelled_at = timezone.now()
        appointment.sequence += 1
        appointment.save(update_fields=["cancelled_at", "sequence"])
    return appointment


def new_calendar_feed(user: User) -> str:
    """Revoke the user's current feed and return the secret token of a new one (shown once)."""
    token = secrets.token_urlsafe(32)
    with transaction.atomic():
        revoke_calendar_feeds(user)
        CalendarFeedToken.objects.create(user=user, token_hash=secret_digest(token))
    return token


def revoke_calendar_feeds(user: User) -> int:
    return CalendarFeedToken.objects.filter(user=user, revoked_at__isnull=True).update(revoked_at=timezone.now())


def calendar_feed_user(token: str) -> User | None:
    """The supporter whose active feed has this token, or None."""
    feed = (
        CalendarFeedToken.objects.select_related("user")
        .filter(token_hash=secret_digest(token), revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    if feed is None:
        return None
    CalendarFeedToken.objects.filter(pk=feed.pk).update(last_used_at=timezone.now())
    return feed.user
