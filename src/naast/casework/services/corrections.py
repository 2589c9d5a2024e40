"""Corrections of the case file's own records (docs/domain.md §4): a contact (its minutes, kind or
moment), a self-sufficiency assessment (its scores) and the reason given for passing the guideline.
Each can be corrected or withdrawn, always with a reason; the old value, who, when and why are kept
(`naast.registry.corrections.record`) and a withdrawn record stays in the history but no longer
counts: not in the hours, not in the report, not as the first contact.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Min, Q
from django.template.defaultfilters import date as format_date
from django.utils import timezone
from django.utils.translation import gettext as _

from naast.accounts.models import User
from naast.registry import lifecycle
from naast.registry.corrections import Subject, clean_reason, record
from naast.registry.models import Correction, HelpRequest

from ..choices import (
    IN_PERSON_CONTACT_KINDS,
    RESIDENT_CONTACT_KINDS,
    ContactKind,
    ExceedanceReason,
    ZrmDomain,
    ZrmLevel,
)
from ..models import Contact, DomainScore, GuidelineExceedance, SelfSufficiencyAssessment
from .common import locked, not_before_received


def _refuse_withdrawn(item) -> None:
    if item.withdrawn_at is not None:
        raise ValidationError(_("This was withdrawn and can no longer be changed."), code="withdrawn")


def _moment(value: datetime) -> str:
    return format_date(timezone.localtime(value), "j F Y H:i")


def _recount_moments(hr: HelpRequest, *, changed_from: datetime | None) -> None:
    """The first contact and the start of support after a contact changed or was withdrawn: the
    earliest of the contacts that still count. A first contact recorded elsewhere (the coordinator's
    call from the triage page, no contact record) stays when the changed contact was not it."""
    remaining = Contact.objects.filter(help_request=hr, withdrawn_at__isnull=True)
    moments = remaining.aggregate(
        first=Min("occurred_at", filter=Q(kind__in=RESIDENT_CONTACT_KINDS)),
        in_person=Min("occurred_at", filter=Q(kind__in=IN_PERSON_CONTACT_KINDS)),
    )
    first = moments["first"]
    if hr.first_contact_at is not None and hr.first_contact_at != changed_from:
        first = min(filter(None, [first, hr.first_contact_at]))
    lifecycle.contacts_corrected(hr, first_contact_at=first, picked_up_at=moments["in_person"])


def correct_contact(contact: Contact, *, by: User, reason: str, minutes: int | None = None, kind: str | None = None,
                    occurred_at: datetime | None = None) -> list[Correction]:
    """Correct a contact's minutes, kind or moment; the request's hours and first contact follow."""
    reason = clean_reason(reason)
    errors = {}
    if minutes is not None and not (isinstance(minutes, int) and 1 <= minutes <= 24 * 60):
        errors["minutes"] = _("Fill in the minutes: a whole number from 1 to 1440.")
    if kind is not None and kind not in ContactKind.values:
        errors["kind"] = _("Choose a kind of contact from the list.")
    if occurred_at is not None and occurred_at > timezone.now() + timedelta(minutes=5):
        errors["occurred_at"] = _("A contact cannot be in the future.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        hr = locked(contact.help_request)
        contact = Contact.objects.select_for_update().get(pk=contact.pk)
        _refuse_withdrawn(contact)
        if occurred_at is not None:
            not_before_received(hr, timezone.localdate(occurred_at), "occurred_at")
        changes = []
        if minutes is not None and minutes != contact.minutes:
            changes.append(("minutes", _("Minutes of the contact"), str(contact.minutes), str(minutes)))
        if kind is not None and kind != contact.kind:
            changes.append(("kind", _("Kind of contact"), contact.get_kind_display(), str(ContactKind(kind).label)))
        if occurred_at is not None and occurred_at != contact.occurred_at:
            changes.append(("occurred_at", _("Date and time of the contact"), _moment(contact.occurred_at),
                            _moment(occurred_at)))
        if not changes:
            raise ValidationError(_("Nothing was changed. Change a value, or go back."), code="unchanged")
        old_moment, old_staff = contact.occurred_at, contact.staff_minutes
        if minutes is not None:
            contact.minutes = minutes
            contact.staff_minutes = minutes * contact.supporters.count()
        contact.kind = kind or contact.kind
        contact.occurred_at = occurred_at or contact.occurred_at
        contact.save(update_fields=["minutes", "staff_minutes", "kind", "occurred_at"])
        if contact.staff_minutes != old_staff:
            HelpRequest.objects.filter(pk=hr.pk).update(minutes_spent=F("minutes_spent") + contact.staff_minutes - old_staff)
        _recount_moments(hr, changed_from=old_moment)
        corrections = [record(hr, subject=Subject.CONTACT, object_id=contact.pk, field=field, label=label, old=old,
                              new=new, reason=reason, by=by) for field, label, old, new in changes]
    return corrections


def withdraw_contact(contact: Contact, *, by: User, reason: str) -> Correction:
    """A contact that should never have been logged: its minutes leave the request's total."""
    reason = clean_reason(reason)
    with transaction.atomic():
        hr = locked(contact.help_request)
        contact = Contact.objects.select_for_update().get(pk=contact.pk)
        _refuse_withdrawn(contact)
        contact.withdrawn_at = timezone.now()
        contact.save(update_fields=["withdrawn_at"])
        HelpRequest.objects.filter(pk=hr.pk).update(minutes_spent=F("minutes_spent") - contact.staff_minutes)
        _recount_moments(hr, changed_from=contact.occurred_at)
        return record(hr, subject=Subject.CONTACT, object_id=contact.pk, field="contact", label=_("Contact"),
                      old=_("%(kind)s on %(when)s, %(minutes)s min.") % {
                          "kind": contact.get_kind_display(), "when": _moment(contact.occurred_at),
                          "minutes": contact.minutes},
                      new=_("withdrawn"), reason=reason, by=by, withdrawn=True)


def correct_assessment(assessment: SelfSufficiencyAssessment, *, by: User, reason: str,
                       levels: dict[str, int | None]) -> list[Correction]:
    """Correct the scores of an assessment: a level from 1 to 5 per domain, or none (not assessed)."""
    reason = clean_reason(reason)
    clean = {}
    for domain, level in levels.items():
        if domain not in ZrmDomain.values:
            raise ValidationError(_("Unknown domain: %(domain)s") % {"domain": domain})
        if level in (None, ""):
            clean[domain] = None
            continue
        try:
            level = int(level)
        except (TypeError, ValueError):
            level = 0
        if not 1 <= level <= 5:
            raise ValidationError({domain: _("Choose a level from 1 to 5.")})
        clean[domain] = level
    with transaction.atomic():
        hr = locked(assessment.help_request)
        assessment = SelfSufficiencyAssessment.objects.select_for_update().get(pk=assessment.pk)
        _refuse_withdrawn(assessment)
        current = dict(assessment.scores.values_list("domain", "level"))
        changed = {d: lvl for d, lvl in clean.items() if current.get(d) != lvl}
        if not changed:
            raise ValidationError(_("Nothing was changed. Change a value, or go back."), code="unchanged")
        if not any(lvl for d, lvl in {**current, **changed}.items() if lvl):
            raise ValidationError(_("Score at least one domain, or withdraw the assessment."), code="empty")

        def shown(level):
            return f"{level} – {ZrmLevel(level).label}" if level else _("not assessed")

        corrections = []
        for domain, level in changed.items():
            DomainScore.objects.filter(assessment=assessment, domain=domain).delete()
            if level:
                DomainScore.objects.create(assessment=assessment, domain=domain, level=level)
            corrections.append(record(hr, subject=Subject.ASSESSMENT, object_id=assessment.pk, field=domain,
                                      label=ZrmDomain(domain).label, old=shown(current.get(domain)), new=shown(level),
                                      reason=reason, by=by))
    return corrections


def withdraw_assessment(assessment: SelfSufficiencyAssessment, *, by: User, reason: str) -> Correction:
    reason = clean_reason(reason)
    with transaction.atomic():
        hr = locked(assessment.help_request)
        assessment = SelfSufficiencyAssessment.objects.select_for_update().get(pk=assessment.pk)
        _refuse_withdrawn(assessment)
        assessment.withdrawn_at = timezone.now()
        assessment.save(update_fields=["withdrawn_at"])
        return record(hr, subject=Subject.ASSESSMENT, object_id=assessment.pk, field="assessment",
                      label=_("Self-sufficiency assessment"),
                      old=_("Assessment of %(date)s") % {"date": format_date(assessment.assessed_on, "j F Y")},
                      new=_("withdrawn"), reason=reason, by=by, withdrawn=True)


def correct_exceedance(exceedance: GuidelineExceedance, *, by: User, reason: str, new_reason: str,
                       explanation: str) -> list[Correction]:
    """Correct the reason (and its explanation) given for passing the guideline hours."""
    reason = clean_reason(reason)
    explanation = (explanation or "").strip()
    errors = {}
    if new_reason not in ExceedanceReason.values:
        errors["new_reason"] = _("Choose a reason from the list.")
    if not explanation:
        errors["explanation"] = _("Explain why more time is needed.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        hr = locked(exceedance.help_request)
        exceedance = GuidelineExceedance.objects.select_for_update().get(pk=exceedance.pk)
        _refuse_withdrawn(exceedance)
        changes = []
        if new_reason != exceedance.reason:
            changes.append(("reason", _("Reason for passing the guideline"), exceedance.get_reason_display(),
                            str(ExceedanceReason(new_reason).label)))
        if explanation != exceedance.explanation:
            changes.append(("explanation", _("Explanation"), exceedance.explanation, explanation))
        if not changes:
            raise ValidationError(_("Nothing was changed. Change a value, or go back."), code="unchanged")
        exceedance.reason, exceedance.explanation = new_reason, explanation
        exceedance.save(update_fields=["reason", "explanation"])
        return [record(hr, subject=Subject.EXCEEDANCE, object_id=exceedance.pk, field=field, label=label, old=old,
                       new=new, reason=reason, by=by) for field, label, old, new in changes]


def withdraw_exceedance(exceedance: GuidelineExceedance, *, by: User, reason: str) -> Correction:
    """A reason recorded by mistake (e.g. after minutes typed wrongly): the next contact that passes
    the guideline asks for a reason again."""
    reason = clean_reason(reason)
    with transaction.atomic():
        hr = locked(exceedance.help_request)
        exceedance = GuidelineExceedance.objects.select_for_update().get(pk=exceedance.pk)
        _refuse_withdrawn(exceedance)
        exceedance.withdrawn_at = timezone.now()
        exceedance.save(update_fields=["withdrawn_at"])
        return record(hr, subject=Subject.EXCEEDANCE, object_id=exceedance.pk, field="exceedance",
                      label=_("Reason for passing the guideline"),
                      old=f"{exceedance.get_reason_display()}: {exceedance.explanation}", new=_("withdrawn"),
                      reason=reason, by=by, withdrawn=True)
