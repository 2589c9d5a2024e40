"""Ending a supporter's assignment: the one writer of `Assignment.ended_at`.

An assignment ends when the resident asks for another supporter (`intake.services.
request_another_supporter`) and wherever else a supporter stops working on a request. Whatever
the reason, the same must follow: the supporter loses access (the need-to-know policy reads
`ended_at`), and the apps above are told through `signals.assignments_ended`, so case work can
hand over or cancel the appointments still to come. `tests/registry/test_assignments.py` keeps
other modules from writing `ended_at` themselves.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from django.db import transaction
from django.utils import timezone

from .models import Assignment, HelpRequest
from .signals import assignments_ended


def end_assignments(help_request: HelpRequest, *, reason: str, supporters: Iterable | None = None,
                    at: datetime | None = None) -> list[Assignment]:
    """End the active assignments of `help_request` (of `supporters` only, when given) and send
    `assignments_ended` in the same transaction. Returns the assignments that ended."""
    with transaction.atomic():
        active = Assignment.objects.select_for_update().filter(help_request=help_request, ended_at__isnull=True)
        if supporters is not None:
            active = active.filter(supporter__in=[getattr(s, "pk", s) for s in supporters])
        ended = list(active.order_by("pk"))
        if not ended:
            return []
        at = at or timezone.now()
        reason = reason[: Assignment._meta.get_field("end_reason").max_length]
        Assignment.objects.filter(pk__in=[a.pk for a in ended]).update(ended_at=at, end_reason=reason)
        for assignment in ended:
            assignment.ended_at, assignment.end_reason = at, reason
        assignments_ended.send(sender=Assignment, help_request=help_request, assignments=ended, at=at, reason=reason)
    return ended
