"""Domain verbs of case work. Each one enforces its rules, writes atomically and is tested
without HTTP. Views call these after `naast.privacy.policy` has allowed (and audited) the change."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from naast.accounts.models import Affiliation, User
from naast.core.hashing import secret_digest
from naast.core.models import OutgoingMail
from naast.core.outbox import queue_mail
from naast.organisations.models import ServiceProfile
from naast.registry import lifecycle
from naast.registry.choices import Outcome
from naast.registry.models import HelpRequest
from naast.socialmap.models import Service

from .choices import (
    IN_PERSON_CONTACT_KINDS,
    RESIDENT_CONTACT_KINDS,
    ExceedanceReason,
    ReferralKind,
    ReferralStatus,
    SurveyDelivery,
    ZrmDomain,
)
from .models import (
    Appointment,
    CalendarFeedToken,
    CaseFile,
    Closing,
    Contact,
    Document,
    GuidelineExceedance,
    OtherHelper,
    Referral,
    Reopening,
    SelfSufficiencyAssessment,
    Signal,
    SupportAction,
    SurveyInvitation,
    SurveyResponse,
)

SURVEY_VALID_DAYS = 42
MAX_DAYS_AHEAD = 366  # appointments are planned within the coming year
# A short code readable from a letter: the reference alphabet (no 0/O, 1/I/L, U), 10 characters.
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTVWXYZ"
DOCUMENT_MAX_BYTES = 10 * 1024 * 1024
DOCUMENT_TYPES = {
    ".pdf": "application/pdf",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".png": "image/png",
    ".txt": "text/plain",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".odt": "application/vnd.oasis.opendocument.text",
}
# Magic numbers, so a renamed executable is not stored as a "pdf".
_SIGNATURES = {
    ".pdf": (b"%PDF",),
    ".jpg": (b"\xff\xd8\xff",),
    ".jpeg": (b"\xff\xd8\xff",),
    ".png": (b"\x89PNG\r\n\x1a\n",),
    ".docx": (b"PK\x03\x04",),
    ".odt": (b"PK\x03\x04",),
}


def hash_token(token: str) -> str:
    return secret_digest(token.strip().upper().replace("-", "").replace(" ", ""))


def _locked(help_request: HelpRequest) -> HelpRequest:
    """Re-read the request under a row lock, so concurrent contacts keep minutes_spent exact."""
    return HelpRequest.objects.select_for_update().get(pk=help_request.pk)


def _received_on(help_request: HelpRequest):
    """The local date the request came in: nothing in its file happened before that day."""
    return timezone.localdate(help_request.received_at)


def _not_before_received(help_request: HelpRequest, day, field: str) -> None:
    received_on = _received_on(help_request)
    if day < received_on:
        raise ValidationError({field: _("This is before the help request came in (%(date)s). Check the date.")
                               % {"date": received_on.strftime("%d-%m-%Y")}})


def _active_supporter_ids(help_request: HelpRequest) -> set[int]:
    return set(help_request.assignments.filter(ended_at__isnull=True).values_list("supporter_id", flat=True))


# --- the case file itself ---------------------------------------------------------------------
def case_file_for(help_request: HelpRequest) -> CaseFile:
    case_file, _created = CaseFile.objects.get_or_create(help_request=help_request)
    return case_file


def update_case_file(help_request: HelpRequest, *, by: User, **fields) -> CaseFile:
    allowed = {"clarified_question", "hidden_questions", "goals", "target_group_notes"}
    unknown = set(fields) - allowed
    if unknown:
        raise ValueError(f"not case-file fields: {sorted(unknown)}")
    with transaction.atomic():
        case_file = case_file_for(help_request)
        for name, value in fields.items():
            setattr(case_file, name, value)
        case_file.updated_by = by
        case_file.save()
    return case_file


def add_other_helper(help_request: HelpRequest, *, name: str, organisation_name: str = "", role: str = "",
                     contact: str = "") -> OtherHelper:
    if not name.strip():
        raise ValidationError({"name": _("Fill in a name.")})
    return OtherHelper.objects.create(
        help_request=help_request, name=name.strip(), organisation_name=organisation_name.strip(), role=role.strip(),
        contact=contact.strip()
    )


def add_document(help_request: HelpRequest, *, title: str, upload: UploadedFile, by: User) -> Document:
    """Store an uploaded file within the size and type limits (checked by extension and content)."""
    from pathlib import PurePath

    suffix = PurePath(upload.name or "").suffix.lower()
    if suffix not in DOCUMENT_TYPES:
        raise ValidationError(
            {"upload": _("This kind of file is not allowed. Use PDF, JPG, PNG, TXT, DOCX or ODT.")}, code="type"
        )
    if upload.size > DOCUMENT_MAX_BYTES:
        raise ValidationError({"upload": _("The file is larger than 10 MB.")}, code="size")
    if upload.size == 0:
        raise ValidationError({"upload": _("The file is empty.")}, code="empty")
    head = upload.read(8)
    upload.seek(0)
    signatures = _SIGNATURES.get(suffix)
    if signatures and not head.startswith(signatures):
        raise ValidationError({"upload": _("The file's content does not match its type.")}, code="content")
    return Document.objects.create(
        help_request=help_request, title=(title.strip() or upload.name)[:200], file=upload,
        content_type=DOCUMENT_TYPES[suffix], size=upload.size, uploaded_by=by,
    )


# --- contacts and the guideline ----------------------------------------------------------------
def guideline_minutes() -> int:
    return ServiceProfile.get().guideline_hours * 60


def needs_exceedance_reason(help_request: HelpRequest, extra_minutes: int) -> bool:
    """Whether adding `extra_minutes` of staff time takes the request past the guideline for the
    first time (the reason is asked once per request)."""
    over = help_request.minutes_spent + extra_minutes > guideline_minutes()
    return over and not help_request.guideline_exceedances.exists()


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
    _not_before_received(help_request, timezone.localdate(occurred_at), "occurred_at")
    allowed = _active_supporter_ids(help_request) | {by.pk}
    if any(s.pk not in allowed for s in supporters):
        raise ValidationError({"supporters": _("Only the supporters of this request can be named.")})
    staff_minutes = minutes * len(supporters)
    with transaction.atomic():
        hr = _locked(help_request)
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


# --- the self-sufficiency matrix ---------------------------------------------------------------
def record_assessment(help_request: HelpRequest, *, by: User, levels: dict[str, int], assessed_on=None,
                      note: str = "") -> SelfSufficiencyAssessment:
    """A ZRM assessment; domains left out were not assessed this time."""
    from .models import DomainScore

    clean = {}
    for domain, level in levels.items():
        if level in (None, ""):
            continue
        if domain not in ZrmDomain.values:
            raise ValidationError(_("Unknown domain: %(domain)s") % {"domain": domain})
        try:
            level = int(level)
        except (TypeError, ValueError):
            level = 0
        if not 1 <= level <= 5:
            raise ValidationError({domain: _("Choose a level from 1 to 5.")})
        clean[domain] = level
    if not clean:
        raise ValidationError(_("Score at least one domain."), code="empty")
    assessed_on = assessed_on or timezone.localdate()
    if assessed_on > timezone.localdate():
        raise ValidationError({"assessed_on": _("An assessment cannot be in the future.")})
    with transaction.atomic():
        assessment = SelfSufficiencyAssessment.objects.create(
            help_request=help_request, assessed_on=assessed_on, note=note.strip(), assessed_by=by
        )
        DomainScore.objects.bulk_create(
            [DomainScore(assessment=assessment, domain=d, level=lvl) for d, lvl in clean.items()]
        )
    return assessment


# --- appointments and the calendar feed --------------------------------------------------------
def plan_appointment(help_request: HelpRequest, *, by: User, starts_at: datetime, minutes: int = 60,
                     location: str = "", note: str = "", supporters: list[User] | None = None) -> Appointment:
    """Plan an appointment with the resident. The first one meets the 'appointment due' deadline."""
    supporters = list(dict.fromkeys(supporters or [by]))
    allowed = _active_supporter_ids(help_request) | {by.pk}
    if any(s.pk not in allowed for s in supporters) or not 1 <= len(supporters) <= 2:
        raise ValidationError({"supporters": _("Only the supporters of this request can be named.")})
    if starts_at < timezone.now() - timedelta(days=1):
        raise ValidationError({"starts_at": _("Plan the appointment for today or later.")})
    if starts_at > timezone.now() + timedelta(days=MAX_DAYS_AHEAD):
        raise ValidationError({"starts_at": _("Plan the appointment within the coming year. Check the year.")})
    if not 5 <= minutes <= 480:
        raise ValidationError({"minutes": _("Choose a duration from 5 to 480 minutes.")})
    with transaction.atomic():
        hr = _locked(help_request)
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


# --- support actions, referrals, signals -------------------------------------------------------
def record_support_action(help_request: HelpRequest, *, by: User, kind: str, description: str, happened_on=None,
                          counterpart: str = "", outcome: str = "pending", outcome_note: str = "") -> SupportAction:
    if not description.strip():
        raise ValidationError({"description": _("Describe what was done.")})
    happened_on = happened_on or timezone.localdate()
    if happened_on > timezone.localdate():
        raise ValidationError({"happened_on": _("A support action cannot be in the future.")})
    _not_before_received(help_request, happened_on, "happened_on")
    action = SupportAction(
        help_request=help_request, kind=kind, description=description.strip(), counterpart=counterpart.strip(),
        outcome=outcome, outcome_note=outcome_note.strip(), recorded_by=by,
        happened_on=happened_on,
    )
    action.full_clean(exclude=["help_request", "recorded_by"])
    action.save()
    return action


def update_support_action_outcome(action: SupportAction, *, outcome: str, outcome_note: str = "") -> SupportAction:
    action.outcome = outcome
    action.outcome_note = outcome_note.strip()
    action.full_clean(exclude=["help_request", "recorded_by"])
    action.save(update_fields=["outcome", "outcome_note", "updated_at"])
    return action


def conflicting_affiliations(user: User, organisation_name: str) -> list[Affiliation]:
    """The user's declared affiliations with an organisation of this name (case-insensitive)."""
    name = organisation_name.strip()
    if not name:
        return []
    return list(Affiliation.objects.filter(user=user, organisation_name__iexact=name))


@dataclass
class ConflictOfInterest(Exception):
    """Raised by `refer` when the supporter declared a tie with the receiver and has not confirmed."""

    affiliations: list[Affiliation]


def refer(
    help_request: HelpRequest,
    *,
    by: User,
    service: Service,
    kind: str,
    shares_personal_data: bool,
    consent_form: str = "",
    consent_given: bool = False,
    conflict_confirmed: bool = False,
    note: str = "",
) -> Referral:
    """Refer to a service of the social map. Personal data is shared only with recorded consent;
    a declared affiliation with the receiving organisation stops the referral until the
    supporter confirms, and is then recorded with it."""
    if service is None or service.archived_at is not None:
        raise ValidationError({"service": _("Choose a service from the social map.")})
    if kind not in ReferralKind.values:
        raise ValidationError({"kind": _("Choose warm handover or information only.")})
    if shares_personal_data and not consent_given:
        raise ValidationError(
            {"consent_given": _("Personal data may only be shared after the resident has given consent. "
                                "Record the consent first, or refer without sharing personal data.")},
            code="consent_required",
        )
    if shares_personal_data and not consent_form:
        raise ValidationError({"consent_form": _("Choose how the resident gave consent.")}, code="consent_required")
    organisation_name = service.organization.name if service.organization_id else ""
    conflicts = conflicting_affiliations(by, organisation_name)
    if conflicts and not conflict_confirmed:
        raise ConflictOfInterest(conflicts)
    with transaction.atomic():
        hr = _locked(help_request)
        lifecycle.require_open(hr)
        referral = Referral(
            help_request=hr, service=service, organisation_name=organisation_name[:300], service_name=service.name[:300],
            kind=kind, shares_personal_data=shares_personal_data,
            consent_given_at=timezone.now() if consent_given and consent_form else None,
            consent_form=consent_form if consent_given else "",
            conflict_of_interest="; ".join(f"{a.organisation_name} ({a.get_relation_display()})" for a in conflicts)[:300],
            conflict_acknowledged=bool(conflicts),
            note=note.strip(), referred_by=by,
        )
        referral.full_clean(exclude=["help_request", "referred_by", "service"])
        referral.save()
    return referral


def update_referral_status(referral: Referral, *, status: str, waiting_weeks: int | None = None) -> Referral:
    if status not in ReferralStatus.values:
        raise ValidationError({"status": _("Choose a status from the list.")})
    if waiting_weeks is not None and not 0 <= waiting_weeks <= 260:
        raise ValidationError({"waiting_weeks": _("Fill in the waiting time in weeks (0 to 260).")})
    referral.status = status
    if waiting_weeks is not None:
        referral.waiting_weeks = waiting_weeks
    referral.status_changed_at = timezone.now()
    referral.save(update_fields=["status", "waiting_weeks", "status_changed_at"])
    return referral


def record_signal(help_request: HelpRequest, *, by: User, theme: str, text: str, shareable: bool = True,
                  organisation_name: str = "") -> Signal:
    if not text.strip():
        raise ValidationError({"text": _("Describe the signal.")})
    signal = Signal(help_request=help_request, theme=theme, text=text.strip(), shareable=shareable,
                    organisation_name=organisation_name.strip(), recorded_by=by)
    signal.full_clean(exclude=["help_request", "recorded_by"])
    signal.save()
    return signal


# --- closing, reopening, survey ----------------------------------------------------------------
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
        hr = _locked(help_request)
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
                _send_survey_email(hr.client.email, code, site_url)
    help_request.refresh_from_db()
    return ClosingResult(closing=closing, invitation=invitation, survey_code=code, cancelled_appointments=cancelled)


def survey_path(code: str) -> str:
    from django.urls import reverse

    return reverse("casework:survey", kwargs={"token": code})


def _send_survey_email(address: str, code: str, site_url: str) -> None:
    """Queued in the closing's transaction, sent when it commits. Without the request's reference:
    the survey is anonymous."""
    from django.utils import translation

    service = ServiceProfile.get()
    base = site_url.rstrip("/")
    with translation.override("nl"):
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
        hr = _locked(help_request)
        lifecycle.reopen(hr, has_supporters=bool(_active_supporter_ids(hr)))
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


# --- case meeting ------------------------------------------------------------------------------
def put_on_case_meeting(help_request: HelpRequest, *, question: str = "") -> CaseFile:
    with transaction.atomic():
        case_file = case_file_for(help_request)
        case_file.case_meeting_requested_at = case_file.case_meeting_requested_at or timezone.now()
        case_file.case_meeting_question = question.strip()[:300]
        case_file.save(update_fields=["case_meeting_requested_at", "case_meeting_question", "updated_at"])
    return case_file


def take_off_case_meeting(help_request: HelpRequest) -> None:
    CaseFile.objects.filter(help_request=help_request).update(case_meeting_requested_at=None, case_meeting_question="")
