"""Corrections of what was recorded about a help request (docs/domain.md §4): municipality, district,
life domains, target group, urgency and the resident's contact details. Each change keeps the old
value, who, when and why as a `Correction`; nothing is overwritten silently. Reports read the
request's current values, so they follow a correction at once. Case work corrects its own records
(contacts, assessments, exceedance reasons) with `record` below.

Who may correct is `naast.privacy.policy.can_correct`; the view asks it and audits the change.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils.translation import gettext as _

from naast.core import phones
from naast.organisations.models import District, Municipality, normalise_postcode
from naast.taxonomies.models import LifeDomain, TargetGroup

from . import lifecycle
from .choices import Urgency
from .models import Correction, HelpRequest

Subject = Correction.Subject
NOT_SET = "—"


def record(help_request: HelpRequest, *, subject: str, field: str, label: str, old: str, new: str, reason: str,
           by, object_id: int | None = None, withdrawn: bool = False) -> Correction:
    """Keep one correction in the request's history."""
    return Correction.objects.create(
        help_request=help_request, subject=subject, object_id=object_id, field=field, field_label=str(label)[:100],
        old_value=old, new_value=new, withdrawn=withdrawn, reason=reason, corrected_by=by,
    )


def clean_reason(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why this is corrected: the history shows it.")}, code="reason")
    return reason[:2000]


@dataclass
class RequestFacts:
    """The correctable facts of a request as they are now (also the correction form's initial values)."""

    municipality: Municipality | None
    district: District | None
    life_domains: list[LifeDomain]
    target_group: TargetGroup | None
    urgency: str
    display_name: str
    phone: str
    email: str
    postcode: str

    @classmethod
    def of(cls, help_request: HelpRequest) -> RequestFacts:
        client = help_request.client
        return cls(
            municipality=help_request.municipality, district=help_request.district,
            life_domains=sorted(help_request.life_domains.all(), key=lambda d: d.code),
            target_group=help_request.target_group, urgency=help_request.urgency,
            display_name=client.display_name if client else "", phone=client.phone if client else "",
            email=client.email if client else "", postcode=client.postcode if client else "",
        )


def _shown(value) -> str:
    if value is None or value == "" or value == []:
        return NOT_SET
    if isinstance(value, Municipality):
        return f"{value.name} ({value.code})"
    if isinstance(value, District):
        return value.name
    if isinstance(value, LifeDomain | TargetGroup):
        return str(value.label)
    if isinstance(value, list):
        return ", ".join(_shown(v) for v in value)
    return str(value)


def _labels() -> dict[str, str]:
    return {
        "municipality": _("Municipality"), "district": _("District"), "life_domains": _("Life domains"),
        "target_group": _("Target group"), "urgency": _("Urgency"), "display_name": _("Name or initials"),
        "phone": _("Phone"), "email": _("E-mail"), "postcode": _("Postcode"),
    }


def _validated(new: RequestFacts, has_client: bool) -> RequestFacts:
    errors = {}
    if new.urgency not in Urgency.values:
        errors["urgency"] = _("Unknown urgency.")
    if new.district is not None and new.municipality is not None and new.district.municipality_id != new.municipality.pk:
        errors["district"] = _("This district lies in another municipality.")
    if new.phone and not phones.is_valid(new.phone):
        errors["phone"] = _("Enter a valid phone number with the area code, such as 0522 123 456.")
    if new.email:
        try:
            validate_email(new.email)
        except ValidationError:
            errors["email"] = _("Enter a valid e-mail address, such as naam@voorbeeld.nl.")
    if new.postcode:
        postcode = normalise_postcode(new.postcode)
        if postcode is None:
            errors["postcode"] = _("Enter a Dutch postcode, such as 7991 AB.")
        else:
            new.postcode = postcode
    if has_client and not new.display_name.strip():
        errors["display_name"] = _("Fill in a name, initials or a pseudonym (for example “Anoniem”).")
    if errors:
        raise ValidationError(errors)
    new.display_name = new.display_name.strip()[:120]
    new.phone, new.email = new.phone.strip()[:40], new.email.strip()
    return new


def correct_request(help_request: HelpRequest, new: RequestFacts, *, by, reason: str) -> list[Correction]:
    """Store the facts that differ from the request's, each with a `Correction`. Refused without a
    reason, or when nothing differs. A corrected urgency moves the due times (`lifecycle.retriage`)."""
    reason = clean_reason(reason)
    new = _validated(new, has_client=help_request.client_id is not None)
    labels = _labels()
    with transaction.atomic():
        hr = HelpRequest.objects.select_for_update().get(pk=help_request.pk)
        old = RequestFacts.of(hr)
        changed = [name for name in labels if _key(getattr(old, name)) != _key(getattr(new, name))]
        if not changed:
            raise ValidationError(_("Nothing was changed. Change a value, or go back."), code="unchanged")
        corrections = []
        request_fields = []
        for name in changed:
            subject = Subject.CLIENT if name in ("display_name", "phone", "email", "postcode") else Subject.REQUEST
            corrections.append(record(hr, subject=subject, field=name, label=labels[name], old=_shown(getattr(old, name)),
                                      new=_shown(getattr(new, name)), reason=reason, by=by,
                                      object_id=hr.client_id if subject == Subject.CLIENT else None))
            if name in ("municipality", "district", "target_group"):
                setattr(hr, name, getattr(new, name))
                request_fields.append(name)
        if request_fields:
            hr.save(update_fields=[*request_fields, "updated_at"])
        if "life_domains" in changed:
            hr.life_domains.set(new.life_domains)
        if "urgency" in changed:
            lifecycle.retriage(hr, new.urgency)
        client_fields = [n for n in changed if n in ("display_name", "phone", "email", "postcode")]
        if client_fields and hr.client is not None:
            for name in client_fields:
                setattr(hr.client, name, getattr(new, name))
            hr.client.save(update_fields=client_fields)
    help_request.refresh_from_db()
    return corrections


def _key(value):
    """Comparable form of a fact: model instances by primary key, lists as sets of keys."""
    if isinstance(value, list):
        return sorted(v.pk for v in value)
    if hasattr(value, "pk"):
        return value.pk
    return value or ""


def history(help_request: HelpRequest, subjects: Iterable[str] | None = None):
    """The request's corrections, oldest first, with who made them."""
    corrections = help_request.corrections.select_related("corrected_by")
    return corrections.filter(subject__in=list(subjects)) if subjects is not None else corrections
