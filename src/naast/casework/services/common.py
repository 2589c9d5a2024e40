"""Helpers the case-work verbs share: the row lock, the day a request came in, its active supporters."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from naast.registry.models import HelpRequest


def locked(help_request: HelpRequest) -> HelpRequest:
    """Re-read the request under a row lock, so concurrent contacts keep minutes_spent exact."""
    return HelpRequest.objects.select_for_update().get(pk=help_request.pk)


def received_on(help_request: HelpRequest):
    """The local date the request came in: nothing in its file happened before that day."""
    return timezone.localdate(help_request.received_at)


def not_before_received(help_request: HelpRequest, day, field: str) -> None:
    first_day = received_on(help_request)
    if day < first_day:
        raise ValidationError({field: _("This is before the help request came in (%(date)s). Check the date.")
                               % {"date": first_day.strftime("%d-%m-%Y")}})


def active_supporter_ids(help_request: HelpRequest) -> set[int]:
    return set(help_request.assignments.filter(ended_at__isnull=True).values_list("supporter_id", flat=True))
