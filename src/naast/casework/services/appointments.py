"""Appointments with the resident, what becomes of them when a supporter's assignment ends, and
the supporter's private calendar feed."""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import override

from naast.accounts import independence
from naast.accounts.models import User
from naast.accounts.roles import Role
from naast.core.hashing import secret_digest
from naast.core.links import absolute_url
from naast.core.models import OutgoingMail
from naast.core.outbox import queue_mail
from naast.registry import lifecycle
from naast.registry.models import Assignment, HelpRequest

from ..models import (
    Appointment,
    CalendarFeedToken,
)
from .common import active_supporter_ids, locked

MAX_DAYS_AHEAD = 366  # appointments are planned within the coming year


def overlapping_appointments(supporters, starts_at: datetime, minutes: int) -> list[Appointment]:
    """The supporters' planned (not cancelled) appointments, with any resident, that overlap the time
    from `starts_at` for `minutes`: the one rule for a double booking."""
    ends_at = starts_at + timedelta(minutes=minutes)
    candidates = Appointment.objects.filter(
        supporters__in=supporters, cancelled_at__isnull=True,
        starts_at__lt=ends_at, starts_at__gt=starts_at - timedelta(minutes=8 * 60),
    ).distinct().order_by("starts_at")
    return [a for a in candidates if a.ends_at > starts_at]


def plan_appointment(help_request: HelpRequest, *, by: User, starts_at: datetime, minutes: int = 60,
                     location: str = "", note: str = "", note_in_calendar: bool = False,
                     supporters: list[User] | None = None, allow_overlap: bool = False) -> Appointment:
    """Plan an appointment with the resident. The first one meets the 'appointment due' deadline.
    The note goes into the supporters' calendar feeds only with `note_in_calendar`. An appointment
    that overlaps another one of the same supporters is refused (code "overlap", naming only the
    times, never the other resident) unless `allow_overlap` confirms it."""
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
        overlaps = overlapping_appointments(supporters, starts_at, minutes)
        if overlaps and not allow_overlap:
            times = ", ".join(
                f"{date_format(timezone.localtime(a.starts_at), 'j F H:i')}–{date_format(timezone.localtime(a.ends_at), 'H:i')}"
                for a in overlaps)
            raise ValidationError({"starts_at": ValidationError(
                _("This overlaps another appointment (%(times)s). Choose another time, or confirm below that you "
                  "plan it anyway.") % {"times": times}, code="overlap")})
        appointment = Appointment.objects.create(
            help_request=hr, starts_at=starts_at, minutes=minutes, location=location.strip(), note=note.strip(),
            note_in_calendar=bool(note_in_calendar and note.strip()), created_by=by,
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


def calendar_feed_for(token: str) -> CalendarFeedToken | None:
    """The active feed with this secret token (of an active user, with that user), or None."""
    feed = (
        CalendarFeedToken.objects.select_related("user")
        .filter(token_hash=secret_digest(token), revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    if feed is None:
        return None
    CalendarFeedToken.objects.filter(pk=feed.pk).update(last_used_at=timezone.now())
    return feed


# --- when a supporter's assignment ends ---------------------------------------------------------
@dataclass
class AssignmentEndResult:
    """What became of the appointments still to come of the supporters whose assignment ended."""

    cancelled: list[Appointment] = field(default_factory=list)
    handed_over: list[Appointment] = field(default_factory=list)
    notified: int = 0  # coordinators e-mailed


def after_assignments_ended(help_request: HelpRequest, assignments: Sequence[Assignment], *,
                            at: datetime | None = None) -> AssignmentEndResult:
    """The supporters of `assignments` no longer work on `help_request`: their appointments still
    to come go to the remaining supporter of a duo, when there is one, or else are cancelled (the
    calendar feeds then drop them); the coordinators of the request's organisation are told by
    e-mail, with the reference only. Connected to `registry.signals.assignments_ended`, so it runs
    in the transaction that ended the assignments, however they ended."""
    at = at or timezone.now()
    leaving = {a.supporter_id for a in assignments}
    result = AssignmentEndResult()
    if not leaving:
        return result
    remaining = list(  # the other supporter of a duo, when one stays
        User.objects.filter(assignments__help_request=help_request, assignments__ended_at__isnull=True)
        .exclude(pk__in=leaving).distinct().order_by("pk")
    )
    coming = list(
        Appointment.objects.select_for_update()
        .filter(help_request=help_request, cancelled_at__isnull=True, starts_at__gt=at,
                pk__in=Appointment.supporters.through.objects.filter(user_id__in=leaving).values("appointment_id"))
        .order_by("starts_at")
    )
    for appointment in coming:
        if remaining:
            appointment.supporters.remove(*leaving)
            present = set(appointment.supporters.values_list("pk", flat=True))
            if not present & {user.pk for user in remaining}:
                appointment.supporters.add(remaining[0])
            result.handed_over.append(appointment)
        else:
            result.cancelled.append(appointment)
    # A new version for the calendar apps (RFC 5545 SEQUENCE): cancelled, or with other people.
    Appointment.objects.filter(pk__in=[a.pk for a in result.cancelled]).update(
        cancelled_at=at, sequence=F("sequence") + 1)
    Appointment.objects.filter(pk__in=[a.pk for a in result.handed_over]).update(sequence=F("sequence") + 1)
    if coming:
        result.notified = _tell_coordinators(help_request, result)
    return result


def coordinators_to_tell(help_request: HelpRequest):
    """The coordinators of the request's organisation (of every organisation while it has none,
    as for the shared queue) who can be e-mailed."""
    users = (
        User.objects.filter(is_active=True, role_grants__role=Role.COORDINATOR)
        .exclude(independence.BOUND_TO_MUNICIPALITY).exclude(email="")
    )
    if help_request.organisation_id is not None:
        users = users.filter(organisation_id=help_request.organisation_id)
    return users.distinct().order_by("pk")


def _tell_coordinators(help_request: HelpRequest, result: AssignmentEndResult) -> int:
    """One e-mail per coordinator through the outbox: the reference and the moments, never the
    resident, the location or the note."""
    def when(appointment):
        return timezone.localtime(appointment.starts_at).strftime("%d-%m-%Y %H:%M")

    reference = help_request.reference
    recipients = list(coordinators_to_tell(help_request))
    with override(settings.LANGUAGE_CODE):
        lines = [_("A supporter's assignment to help request %(reference)s has ended.") % {"reference": reference}, ""]
        if result.cancelled:
            lines.append(_("These appointments with the resident are cancelled. Let the resident know, and plan "
                           "again once the request has a new supporter:"))
            lines += [f"- {when(a)}" for a in result.cancelled]
            lines.append("")
        if result.handed_over:
            lines.append(_("These appointments with the resident now go to the remaining supporter:"))
            lines += [f"- {when(a)}" for a in result.handed_over]
            lines.append("")
        lines.append(_("Open the request after logging in: %(url)s")
                     % {"url": absolute_url(reverse("casework:appointments", args=[reference]))})
        subject = _("Appointments of help request %(reference)s changed") % {"reference": reference}
        body = "\n".join(lines)
    for coordinator in recipients:
        queue_mail(kind=OutgoingMail.Kind.APPOINTMENTS, to=coordinator.email, reference=reference,
                   subject=subject, body=body)
    return len(recipients)
