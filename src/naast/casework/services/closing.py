"""Closing (with the survey invitation) and reopening a request; the anonymous survey itself."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from naast.accounts.models import User
from naast.core.hashing import secret_digest
from naast.core.models import OutgoingMail
from naast.core.outbox import queue_mail
from naast.organisations.models import ServiceProfile
from naast.registry import lifecycle
from naast.registry.choices import Outcome
from naast.registry.language import resident_language
from naast.registry.models import HelpRequest

from ..choices import SurveyDelivery
from ..models import (
    Appointment,
    CaseFile,
    Closing,
    Reopening,
    SurveyInvitation,
    SurveyResponse,
)
from .common import active_supporter_ids, locked

SURVEY_VALID_DAYS = 42


# A short code readable from a letter: the reference alphabet (no 0/O, 1/I/L, U), 10 characters.
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTVWXYZ"


def hash_token(token: str) -> str:
    return secret_digest(token.strip().upper().replace("-", "").replace(" ", ""))


@dataclass
class ClosingResult:
    closing: Closing
    invitation: SurveyInvitation | None
    survey_code: str  # shown once: in the e-mail or on the printed letter; empty without invitation
    cancelled_appointments: int = 0


def coming_appointments(help_request: HelpRequest):
    """Appointments still to come (not cancelled): closing the request cancels them."""
    return help_request.appointments.filter(cancelled_at__isnull=True, starts_at__gt=timezone.now()).order_by("starts_at")


def survey_delivery_for(help_request: HelpRequest) -> str:
    """E-mail when the resident gave an address; a printed letter when they are known by name;
    nothing for anonymous requests."""
    client = help_request.client
    if client is None:
        return ""
    if client.email:
        return SurveyDelivery.EMAIL
    if client.display_name:
        return SurveyDelivery.LETTER
    return ""


def new_survey_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(10))


def close_request(help_request: HelpRequest, *, by: User, outcome: str, summary: str,
                  invite_to_survey: bool = True, site_url: str = "") -> ClosingResult:
    """Close with an outcome and summary; invite the resident to the survey when contact details
    allow (`site_url`, e.g. "https://naast.example.nl", makes the e-mailed link absolute)."""
    if outcome not in Outcome.values:
        raise ValidationError({"outcome": _("Choose an outcome from the list.")})
    if not summary.strip():
        raise ValidationError({"summary": _("Write a short summary.")})
    now = timezone.now()
    with transaction.atomic():
        hr = locked(help_request)
        lifecycle.require_open(hr)
        lifecycle.close(hr, outcome=outcome, summary=summary.strip(), at=now)
        closing = Closing.objects.create(
            help_request=hr, closed_at=now, outcome=outcome, summary=summary.strip(), minutes_spent=hr.minutes_spent,
            closed_by=by,
        )
        # A closed request has nothing left to discuss at the case meeting, and no appointments
        # to keep: they leave the supporters' calendars (the feed marks them cancelled).
        CaseFile.objects.filter(help_request=hr).update(case_meeting_requested_at=None, case_meeting_question="")
        cancelled = Appointment.objects.filter(
            help_request=hr, cancelled_at__isnull=True, starts_at__gt=now
        ).update(cancelled_at=now, sequence=F("sequence") + 1)
        invitation, code = None, ""
        delivery = survey_delivery_for(hr) if invite_to_survey else ""
        if delivery:
            code = new_survey_code()
            invitation = SurveyInvitation.objects.create(
                closing=closing, token_hash=hash_token(code), delivery=delivery,
                expires_at=now + timedelta(days=SURVEY_VALID_DAYS),
            )
            if delivery == SurveyDelivery.EMAIL:
                _send_survey_email(hr.client.email, code, site_url, resident_language(hr))
    help_request.refresh_from_db()
    return ClosingResult(closing=closing, invitation=invitation, survey_code=code, cancelled_appointments=cancelled)


def survey_path(code: str) -> str:
    return reverse("casework:survey", kwargs={"token": code})


def _send_survey_email(address: str, code: str, site_url: str, language: str) -> None:
    """Queued in the closing's transaction, sent when it commits, in the resident's language.
    Without the request's reference: the survey is anonymous."""
    service = ServiceProfile.get()
    base = site_url.rstrip("/")
    with translation.override(language):
        queue_mail(
            kind=OutgoingMail.Kind.SURVEY, to=address,
            subject=_("How did it go? A short question from %(service)s") % {"service": service.name},
            body=_(
                "Hello,\n\nYour question to %(service)s is finished. Would you tell us how it went? "
                "It takes 2 minutes and is anonymous.\n\n%(link)s\n\nOr go to %(base)s/enquete/ and type "
                "this code: %(code)s\n\nThe link works for %(days)s days.\n\nKind regards,\n%(service)s"
            ) % {"service": service.name, "link": f"{base}{survey_path(code)}", "base": base, "code": code,
                 "days": SURVEY_VALID_DAYS},
        )


def reopen_request(help_request: HelpRequest, *, by: User, reason: str) -> Reopening:
    """A closed request opens again (the resident came back on the same question). Earlier
    closings stay, so reports can count reopenings."""
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason for reopening.")})
    with transaction.atomic():
        hr = locked(help_request)
        lifecycle.reopen(hr, has_supporters=bool(active_supporter_ids(hr)))
        reopening = Reopening.objects.create(help_request=hr, reason=reason.strip(), reopened_by=by)
    help_request.refresh_from_db()
    return reopening


class SurveyUnavailable(Exception):
    """The survey code is unknown, expired or already used; `reason` is one of those words."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def open_invitation(token: str) -> SurveyInvitation:
    invitation = (
        SurveyInvitation.objects.select_related("closing__help_request").filter(token_hash=hash_token(token)).first()
    )
    if invitation is None:
        raise SurveyUnavailable("unknown")
    if invitation.answered_at is not None:
        raise SurveyUnavailable("answered")
    if invitation.expires_at <= timezone.now():
        raise SurveyUnavailable("expired")
    return invitation


def answer_survey(token: str, *, mark: int, felt_understood: int, felt_seen: int, fitted_own_question: int,
                  comment: str = "") -> SurveyResponse:
    """Store one anonymous answer per invitation; a second answer or an expired link is refused."""
    values = {"felt_understood": felt_understood, "felt_seen": felt_seen, "fitted_own_question": fitted_own_question}
    if not isinstance(mark, int) or not 1 <= mark <= 10:
        raise ValidationError({"mark": _("Choose a mark from 1 to 10.")})
    for name, value in values.items():
        if not isinstance(value, int) or not 1 <= value <= 5:
            raise ValidationError({name: _("Choose one of the answers.")})
    with transaction.atomic():
        invitation = open_invitation(token)
        # Lock and re-check, so two tabs submitting at once still give one answer.
        invitation = SurveyInvitation.objects.select_for_update().get(pk=invitation.pk)
        if invitation.answered_at is not None:
            raise SurveyUnavailable("answered")
        hr = HelpRequest.objects.only("municipality_id", "organisation_id").get(pk=invitation.closing.help_request_id)
        now = timezone.now()
        response = SurveyResponse.objects.create(
            municipality_id=hr.municipality_id, organisation_id=hr.organisation_id,
            answered_in=timezone.localdate(now).replace(day=1), mark=mark, comment=comment.strip()[:2000], **values,
        )
        invitation.answered_at = now
        invitation.save(update_fields=["answered_at"])
    return response
