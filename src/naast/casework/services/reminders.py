"""A supporter's personal follow-up reminders on a request ("call back Thursday")."""

from __future__ import annotations

from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from naast.accounts.models import User
from naast.registry.models import HelpRequest

from ..models import FollowUpReminder

MAX_DAYS_AHEAD = 366


def add_reminder(help_request: HelpRequest, *, by: User, due_on: date, note: str) -> FollowUpReminder:
    """A reminder for `by` on `help_request` (the caller checked that they may open its case file)."""
    note = (note or "").strip()
    errors = {}
    if not note:
        errors["note"] = _("Write what to follow up, for example “call back about the letter”.")
    today = timezone.localdate()
    if due_on < today:
        errors["due_on"] = _("Choose today or a later date.")
    elif due_on > today + timedelta(days=MAX_DAYS_AHEAD):
        errors["due_on"] = _("Choose a date within the coming year. Check the year.")
    if errors:
        raise ValidationError(errors)
    return FollowUpReminder.objects.create(help_request=help_request, supporter=by, due_on=due_on, note=note[:200])


def complete_reminder(reminder: FollowUpReminder) -> FollowUpReminder:
    if reminder.done_at is None:
        reminder.done_at = timezone.now()
        reminder.save(update_fields=["done_at"])
    return reminder


def open_reminders(user: User):
    """The user's reminders not yet done, of requests they are still assigned to, earliest first."""
    from naast.privacy import policy

    return (FollowUpReminder.objects.filter(supporter=user, done_at__isnull=True,
                                            help_request__in=policy.assigned_help_requests(user).values("pk"))
            .select_related("help_request").order_by("due_on", "id"))
