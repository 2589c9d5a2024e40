"""Providers keep the map true: each organisation with services due for a check gets an e-mail
(through the outbox) with a personal link; there it confirms each service (HSDS `assured_date`
and `assurer_email`, a "checked" line in the history) or proposes a correction, which waits for a
coordinator's approval and is then saved like a staff edit (history, reindex). No account is
needed; the link works for `VALID_DAYS` days and once."""

from __future__ import annotations

import datetime as dt
import secrets

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from naast.core.hashing import secret_digest
from naast.core.links import absolute_url
from naast.core.models import OutgoingMail
from naast.core.outbox import queue_mail
from naast.organisations.models import ServiceProfile

from .models import Organization, ProviderCheck, Service, ServiceChange, ServiceCorrection
from .services import save_service

VALID_DAYS = 60
RESEND_AFTER_DAYS = 30


def services_due(organization: Organization):
    months = ServiceProfile.get().stale_after_months
    return Service.objects.stale(months).filter(organization=organization).exclude(status="defunct").order_by("name")


@transaction.atomic
def request_checks(now: dt.datetime | None = None) -> int:
    """E-mail every organisation with an e-mail address and services due for a check; not again
    within RESEND_AFTER_DAYS of an earlier request it has not answered. Returns the mails queued."""
    now = now or timezone.now()
    profile = ServiceProfile.get()
    sent = 0
    recent = set(ProviderCheck.objects.filter(created_at__gte=now - dt.timedelta(days=RESEND_AFTER_DAYS),
                                              answered_at__isnull=True).values_list("organization_id", flat=True))
    for organization in Organization.objects.exclude(email="").order_by("name"):
        if organization.pk in recent:
            continue
        due = list(services_due(organization))
        if not due:
            continue
        token = secrets.token_urlsafe(32)
        ProviderCheck.objects.create(organization=organization, email=organization.email,
                                     token_digest=secret_digest(token), created_at=now,
                                     expires_at=now + dt.timedelta(days=VALID_DAYS))
        link = absolute_url(reverse("socialmap:provider_check", args=[token]))
        names = "\n".join(f"- {s.name}" for s in due)
        body = _(
            "Dear %(organization)s,\n\nResidents find your services on the social map of %(service)s. "
            "Please check whether this is still correct:\n\n%(services)s\n\nConfirm or correct it here, "
            "without an account (the link works for %(days)s days):\n%(link)s\n\nThank you,\n%(service)s"
        ) % {"organization": organization.name, "service": profile.name, "services": names, "days": VALID_DAYS,
             "link": link}
        queue_mail(kind=OutgoingMail.Kind.MAP_CHECK, to=organization.email,
                   subject=_("Are your services on the social map still correct?"), body=body)
        sent += 1
    return sent


def check_for(token: str) -> ProviderCheck | None:
    """The open check for this link, or None (unknown, expired or answered)."""
    if not token or len(token) > 100:
        return None
    return ProviderCheck.objects.select_related("organization").filter(
        token_digest=secret_digest(token), expires_at__gt=timezone.now(), answered_at__isnull=True).first()


@transaction.atomic
def answer(check: ProviderCheck, answers: dict, note: str = "") -> tuple[int, int]:
    """Per service id: None to confirm it, or {field: new value} to propose a correction.
    Returns (confirmed, corrections)."""
    today = timezone.localdate()
    confirmed = corrected = 0
    services = {s.pk: s for s in Service.objects.filter(organization=check.organization, pk__in=list(answers))}
    for pk, proposal in answers.items():
        service = services.get(pk)
        if service is None:
            continue
        if proposal:
            ServiceCorrection.objects.create(service=service, check_request=check, proposed=proposal, note=note[:2000])
            corrected += 1
            continue
        old = service.assured_date
        Service.objects.filter(pk=service.pk).update(assured_date=today, assurer_email=check.email)
        ServiceChange.objects.create(service=service, kind=ServiceChange.Kind.VERIFIED,
                                     changes={"assured_date": [old.isoformat() if old else None, today.isoformat()]})
        confirmed += 1
    note = note.strip()
    if note and not corrected and confirmed:
        # Everything confirmed, with a note ("we move in March"): the coordinator reads it on the
        # corrections page like a correction without changes (under the first service confirmed).
        first = next(services[pk] for pk in answers if pk in services and not answers[pk])
        ServiceCorrection.objects.create(service=first, check_request=check, proposed={}, note=note[:2000])
    check.answered_at = timezone.now()
    check.save(update_fields=["answered_at"])
    return confirmed, corrected


@transaction.atomic
def approve(correction: ServiceCorrection, user) -> Service:
    service = Service.objects.select_for_update().get(pk=correction.service_id)
    if not correction.proposed:  # a note with confirmations only: read, nothing to save
        correction.state, correction.decided_by, correction.decided_at = (ServiceCorrection.State.APPROVED, user,
                                                                          timezone.now())
        correction.save(update_fields=["state", "decided_by", "decided_at"])
        return service
    for name, value in correction.proposed.items():
        if name in ServiceCorrection.FIELDS:
            setattr(service, name, value)
    if correction.check_request:
        service.assured_date = timezone.localdate()
        service.assurer_email = correction.check_request.email
    save_service(service, user=user)
    correction.state, correction.decided_by, correction.decided_at = ServiceCorrection.State.APPROVED, user, timezone.now()
    correction.save(update_fields=["state", "decided_by", "decided_at"])
    return service


def reject(correction: ServiceCorrection, user) -> None:
    correction.state, correction.decided_by, correction.decided_at = ServiceCorrection.State.REJECTED, user, timezone.now()
    correction.save(update_fields=["state", "decided_by", "decided_at"])
