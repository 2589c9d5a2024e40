"""Reads for the privacy officer's audit-log screen and its export."""

from datetime import date, datetime, time

from django.db.models import QuerySet
from django.utils import timezone

from .models import AuditEvent


def audit_events(
    *,
    who: str = "",
    action: str = "",
    reference: str = "",
    client_id: int | None = None,
    date_from: date | None = None,
    date_to: date | None = None,
) -> QuerySet[AuditEvent]:
    events = AuditEvent.objects.all()
    if who:
        events = events.filter(username__icontains=who)
    if action in AuditEvent.Action.values:
        events = events.filter(action=action)
    if reference:
        events = events.filter(object_label__icontains=reference)
    if client_id is not None:
        events = events.filter(client_id=client_id)
    tz = timezone.get_current_timezone()
    if date_from:
        events = events.filter(at__gte=timezone.make_aware(datetime.combine(date_from, time.min), tz))
    if date_to:
        events = events.filter(at__lte=timezone.make_aware(datetime.combine(date_to, time.max), tz))
    return events.order_by("-at", "-id")
