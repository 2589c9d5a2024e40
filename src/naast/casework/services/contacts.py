"""Contacts with their minutes, and the guideline hours: passing them needs a reason."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from naast.accounts.models import User
from naast.organisations.models import ServiceProfile
from naast.registry import lifecycle
from naast.registry.models import HelpRequest

from ..choices import (
    IN_PERSON_CONTACT_KINDS,
    RESIDENT_CONTACT_KINDS,
    ExceedanceReason,
)
from ..models import (
    Contact,
    GuidelineExceedance,
)
from .common import active_supporter_ids, locked, not_before_received


def guideline_minutes() -> int:
    return ServiceProfile.get().guideline_hours * 60


def needs_exceedance_reason(help_request: HelpRequest, extra_minutes: int) -> bool:
    """Whether adding `extra_minutes` of staff time takes the request past the guideline for the
    first time (the reason is asked once per request)."""
    over = help_request.minutes_spent + extra_minutes > guideline_minutes()
    return over and not help_request.guideline_exceedances.filter(withdrawn_at__isnull=True).exists()


def log_contact(
    help_request: HelpRequest,
    *,
    by: User,
    kind: str,
    minutes: int,
    occurred_at: datetime | None = None,
    supporters: list[User] | None = None,
    note: str = "",
    exceedance_reason: str = "",
    exceedance_explanation: str = "",
) -> Contact:
    """Log a contact; adds minutes × supporters to the request's total (a duo spends staff time
    twice, which is why 'safety requires two supporters' is a reason for passing the guideline).

    The first contact with the resident meets the first-contact deadline and puts the request in
    progress; the first conversation in person starts the support (`lifecycle.contact_made`). Passing the guideline
    hours needs a reason from the fixed list plus an explanation."""
    supporters = list(dict.fromkeys(supporters or [by]))
    if not 1 <= len(supporters) <= 2:
        raise ValidationError({"supporters": _("A contact has one or two supporters.")})
    if not isinstance(minutes, int) or minutes < 1 or minutes > 24 * 60:
        raise ValidationError({"minutes": _("Fill in the minutes: a whole number from 1 to 1440.")})
    occurred_at = occurred_at or timezone.now()
    if occurred_at > timezone.now() + timedelta(minutes=5):
        raise ValidationError({"occurred_at": _("A contact cannot be in the future.")})
    not_before_received(help_request, timezone.localdate(occurred_at), "occurred_at")
    allowed = active_supporter_ids(help_request) | {by.pk}
    if any(s.pk not in allowed for s in supporters):
        raise ValidationError({"supporters": _("Only the supporters of this request can be named.")})
    staff_minutes = minutes * len(supporters)
    with transaction.atomic():
        hr = locked(help_request)
        lifecycle.require_open(hr)
        if needs_exceedance_reason(hr, staff_minutes):
            missing = {}
            if exceedance_reason not in ExceedanceReason.values:
                missing["exceedance_reason"] = _(
                    "This contact takes the support past the guideline of %(hours)s hours. Choose a reason."
                ) % {"hours": ServiceProfile.get().guideline_hours}
            if not exceedance_explanation.strip():
                missing["exceedance_explanation"] = _("Explain why more time is needed.")
            if missing:
                raise ValidationError(missing, code="reason_required")
            GuidelineExceedance.objects.create(
                help_request=hr, reason=exceedance_reason, explanation=exceedance_explanation.strip(),
                minutes_at_time=hr.minutes_spent + staff_minutes,
                guideline_hours=ServiceProfile.get().guideline_hours, recorded_by=by,
            )
        contact = Contact.objects.create(
            help_request=hr, occurred_at=occurred_at, kind=kind, minutes=minutes, note=note.strip(), logged_by=by,
            staff_minutes=staff_minutes,
        )
        contact.supporters.set(supporters)
        HelpRequest.objects.filter(pk=hr.pk).update(minutes_spent=F("minutes_spent") + staff_minutes)
        if kind in RESIDENT_CONTACT_KINDS:
            lifecycle.contact_made(hr, at=occurred_at, in_person=kind in IN_PERSON_CONTACT_KINDS)
    help_request.refresh_from_db()
    return contact
