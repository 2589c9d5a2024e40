"""Support actions and referrals to the social map (consent, conflicts of interest)."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from naast.accounts.models import Affiliation, User
from naast.registry import lifecycle
from naast.registry.models import HelpRequest
from naast.socialmap.models import Service

from ..choices import (
    ReferralKind,
    ReferralStatus,
)
from ..models import (
    Referral,
    SupportAction,
)
from .common import locked, not_before_received


def record_support_action(help_request: HelpRequest, *, by: User, kind: str, description: str, happened_on=None,
                          counterpart: str = "", outcome: str = "pending", outcome_note: str = "") -> SupportAction:
    if not description.strip():
        raise ValidationError({"description": _("Describe what was done.")})
    happened_on = happened_on or timezone.localdate()
    if happened_on > timezone.localdate():
        raise ValidationError({"happened_on": _("A support action cannot be in the future.")})
    not_before_received(help_request, happened_on, "happened_on")
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
        hr = locked(help_request)
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

