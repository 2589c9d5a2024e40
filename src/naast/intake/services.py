"""Domain verbs of the front door: register, quick-log, triage, assign, and the resident's
right to another supporter. Every channel (public form, desk, e-mail, partner API) registers
through `register_request`, so a rule about new requests is written once.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from naast.accounts import independence
from naast.accounts.models import User
from naast.accounts.roles import Role
from naast.core.dates import resident_date
from naast.core.links import absolute_url
from naast.core.models import OutgoingMail
from naast.core.outbox import queue_mail
from naast.organisations.models import (
    District,
    Municipality,
    ServiceProfile,
    district_for_postcode,
    normalise_postcode,
)
from naast.privacy import policy
from naast.registry import lifecycle
from naast.registry.assignments import end_assignments
from naast.registry.choices import Channel, Referrer, Status, Urgency
from naast.registry.models import Assignment, Client, HelpRequest
from naast.taxonomies.models import LifeDomain, TargetGroup

from .models import (
    AnotherSupporterRequest,
    FollowUpMessage,
    IntakeDetails,
    PartnerApiKey,
    SupporterExclusion,
    UrgencyChange,
    hash_secret,
    new_follow_up_code,
    new_secret,
    normalise_follow_up_code,
)

logger = logging.getLogger("naast.intake")

MAX_SUPPORTERS = 2  # one supporter, or a duo
# Who registered a request that no staff member typed in, as the audit log names them.
CHANNEL_ACTORS = {Channel.WEB: "web form", Channel.EMAIL: "e-mail intake", Channel.PARTNER: "partner API"}


@dataclass
class Registration:
    help_request: HelpRequest
    created: bool
    follow_up_token: str | None = None  # only known right after creation; stored hashed


@dataclass
class ResidentDetails:
    """Who the request is about. Everything optional: anonymous requests are first-class."""

    display_name: str = ""
    full_name: str = ""
    phone: str = ""
    email: str = ""
    postcode: str = ""
    preferred_language: str = ""


def register_request(
    *,
    channel: str,
    question: str = "",
    resident: ResidentDetails | None = None,
    client: Client | None = None,
    municipality: Municipality | None = None,
    urgency: str = Urgency.REGULAR,
    referrer: str = Referrer.SELF,
    life_domains: Iterable[LifeDomain] = (),
    target_group: TargetGroup | None = None,
    contact_way: str = "",
    on_behalf: bool = False,
    asker_name: str = "",
    asker_relation: str = "",
    asker_phone: str = "",
    asker_email: str = "",
    address: str = "",
    organisation=None,
    created_by: User | None = None,
    received_at: datetime | None = None,
    idempotency_key: str | None = None,
    consent_to_share_at: datetime | None = None,
    follow_up_link: bool = False,
    on_created: Callable[[HelpRequest, str | None], None] | None = None,
    actor: str = "",
) -> Registration:
    """Register one help request from any channel; links `client` when the resident is known.

    Every registration is audited (action "create"): by `created_by` at the desk, else by `actor`
    (e.g. the partner API key's name) or the channel ("web form", "e-mail intake").

    With an `idempotency_key` a repeated call returns the first request instead of a second one.
    `on_created(help_request, follow_up_token)` runs inside the registration's transaction, only
    for a new request (e.g. to queue its confirmation e-mail).
    """
    if channel not in Channel.values:
        raise ValidationError(_("Unknown channel."))
    if urgency not in Urgency.values:
        raise ValidationError(_("Unknown urgency."))
    if referrer not in Referrer.values:
        raise ValidationError(_("Unknown referrer."))
    # No look-up of the idempotency key first: the unique constraint decides (below), which is
    # also the only check that holds when two identical posts arrive at the same moment.
    resident = resident or ResidentDetails()
    postcode = normalise_postcode(resident.postcode) or "" if resident.postcode else ""
    district: District | None = district_for_postcode(postcode) if postcode else None
    if municipality is None and district is not None:
        municipality = district.municipality
    if district is not None and municipality is not None and district.municipality_id != municipality.pk:
        district = None  # the postcode lies elsewhere; keep the municipality the resident chose
    token = new_follow_up_code() if follow_up_link else None
    profile = ServiceProfile.get()
    try:
        with transaction.atomic():
            if client is None:
                client = Client.objects.create(
                    display_name=(resident.display_name or _("Anonymous"))[:120],
                    full_name=resident.full_name[:200],
                    phone=resident.phone[:40],
                    email=resident.email,
                    postcode=postcode,
                    preferred_language=resident.preferred_language[:10],
                    municipality=municipality,
                )
            help_request = HelpRequest(
                client=client,
                municipality=municipality,
                district=district,
                organisation=organisation,
                received_at=received_at or timezone.now(),
                channel=channel,
                referrer=referrer,
                target_group=target_group,
                question=question,
                created_by=created_by,
            )
            lifecycle.register(help_request, urgency=urgency, profile=profile)
            if life_domains:
                help_request.life_domains.set(life_domains)
            IntakeDetails.objects.create(
                help_request=help_request,
                contact_way=contact_way,
                on_behalf=on_behalf,
                asker_name=asker_name[:120],
                asker_relation=asker_relation[:120],
                asker_phone=asker_phone[:40],
                asker_email=asker_email,
                address=address[:200],
                preferred_language=resident.preferred_language[:10],
                follow_up_token_hash=hash_secret(token) if token else None,
                idempotency_key=idempotency_key or None,
                consent_to_share_at=consent_to_share_at,
            )
            policy.record(created_by, policy.Action.CREATE, help_request, reason="registration",
                          actor=actor or CHANNEL_ACTORS.get(channel, channel))
            if on_created is not None:
                on_created(help_request, token)
    except IntegrityError:
        # The same submission was registered before (double click, browser resubmit).
        if idempotency_key:
            existing = IntakeDetails.objects.filter(idempotency_key=idempotency_key).select_related("help_request").first()
            if existing:
                return Registration(existing.help_request, created=False)
        raise
    logger.info("help request registered", extra={"reference": help_request.reference, "channel": channel})
    return Registration(help_request, created=True, follow_up_token=token)


@transaction.atomic
def quick_log(
    *, channel: str, life_domain: LifeDomain, minutes: int, by: User, question: str = "",
    municipality: Municipality | None = None,
) -> HelpRequest:
    """A quick question answered on the spot: registered and closed at once; counts in reports."""
    if channel not in Channel.values:
        raise ValidationError(_("Unknown channel."))
    if not 1 <= minutes <= 480:
        raise ValidationError(_("Minutes must be between 1 and 480."))
    help_request = HelpRequest(
        channel=channel,
        question=question,
        municipality=municipality,
        organisation=by.organisation,
        is_quick_log=True,
        minutes_spent=minutes,
        created_by=by,
    )
    lifecycle.register_answered(help_request)
    help_request.life_domains.set([life_domain])
    return help_request


@transaction.atomic
def change_urgency(help_request: HelpRequest, urgency: str, *, by: User, reason: str) -> HelpRequest:
    """The coordinator re-triages; the deadline follows the new urgency; the reason is kept."""
    if urgency not in Urgency.values:
        raise ValidationError(_("Unknown urgency."))
    reason = reason.strip()
    if not reason:
        raise ValidationError(_("Give a reason for the change."))
    if urgency == help_request.urgency:
        raise ValidationError(_("The urgency is already %(urgency)s.") % {"urgency": str(help_request.get_urgency_display()).lower()})
    if help_request.status == Status.CLOSED:
        raise ValidationError(_("This help request is closed. Correct its urgency on the request's page instead."))
    UrgencyChange.objects.create(
        help_request=help_request, changed_by=by, old_urgency=help_request.urgency, new_urgency=urgency, reason=reason
    )
    lifecycle.retriage(help_request, urgency)
    return help_request


def assignable_supporters():
    """Users who may be assigned at all: active supporters who are independent of the municipality
    (`accounts.independence`: no indicatiesteller, nobody employed by a municipality)."""
    return User.objects.filter(is_active=True, role_grants__role=Role.SUPPORTER).exclude(
        independence.BOUND_TO_MUNICIPALITY
    ).distinct()


def assign(help_request: HelpRequest, supporters: Sequence[User], *, by: User) -> list[Assignment]:
    """Assign one supporter or a duo. Keeps current assignments (ends nothing silently).

    Refused: an indicatiesteller, a non-supporter, a supporter the resident asked to replace,
    more than two active supporters.
    """
    supporters = list(dict.fromkeys(supporters))
    if not supporters:
        raise ValidationError(_("Choose at least one supporter."))
    with transaction.atomic():
        locked = HelpRequest.objects.select_for_update().get(pk=help_request.pk)
        if not locked.is_open:
            raise ValidationError(_("This help request is closed."))
        allowed = set(assignable_supporters().filter(pk__in=[s.pk for s in supporters]).values_list("pk", flat=True))
        excluded = set(
            SupporterExclusion.objects.filter(help_request=locked).values_list("supporter_id", flat=True)
        )
        active = set(locked.assignments.filter(ended_at__isnull=True).values_list("supporter_id", flat=True))
        for supporter in supporters:
            if not independence.is_independent(supporter):
                raise ValidationError(
                    _("%(name)s works for a municipality or decides on provisions (indicatiesteller) and can "
                      "never be a client supporter.")
                    % {"name": supporter}
                )
            if supporter.pk not in allowed:
                raise ValidationError(_("%(name)s is not a client supporter.") % {"name": supporter})
            if supporter.pk in excluded:
                raise ValidationError(
                    _("The resident asked for another supporter than %(name)s for this request.") % {"name": supporter}
                )
            if supporter.pk in active:
                raise ValidationError(_("%(name)s is already assigned.") % {"name": supporter})
        if len(active) + len(supporters) > MAX_SUPPORTERS:
            raise ValidationError(
                _("A request has at most two supporters. End a current assignment first.")
            )
        now = timezone.now()
        created = [
            Assignment.objects.create(help_request=locked, supporter=s, assigned_by=by, assigned_at=now)
            for s in supporters
        ]
        if locked.organisation_id is None and supporters[0].organisation_id:
            locked.organisation_id = supporters[0].organisation_id
            locked.save(update_fields=["organisation", "updated_at"])
        lifecycle.assigned(locked)
        AnotherSupporterRequest.objects.filter(help_request=locked, resolved_at__isnull=True).update(resolved_at=now)
        _notify_supporters(locked, supporters)
    help_request.refresh_from_db()
    return created


def _notify_supporters(help_request: HelpRequest, supporters: Sequence[User]) -> None:
    """E-mail each new supporter the reference only: the client's data stays behind the login.
    Queued in the assignment's transaction; sent when it commits."""
    url = absolute_url(reverse("intake:request", args=[help_request.reference]))
    for supporter in supporters:
        if not supporter.email:
            continue
        queue_mail(
            kind=OutgoingMail.Kind.ASSIGNMENT, to=supporter.email, reference=help_request.reference,
            subject=_("New help request %(reference)s") % {"reference": help_request.reference},
            body=_(
                "You have been assigned to help request %(reference)s.\n"
                "First contact is due %(due)s.\n\nOpen it after logging in: %(url)s"
            )
            % {
                "reference": help_request.reference,
                "due": timezone.localtime(help_request.first_contact_due).strftime("%d-%m-%Y %H:%M")
                if help_request.first_contact_due
                else "-",
                "url": url,
            },
        )


@transaction.atomic
def request_another_supporter(
    help_request: HelpRequest, *, reason: str, source: str, by: User | None = None
) -> AnotherSupporterRequest:
    """The resident wants another supporter: record why, exclude the current supporter(s) for
    this request for good, end their assignment(s) and put the request back in the queue."""
    reason = reason.strip()
    if not reason:
        raise ValidationError(_("Tell us briefly why you would like another supporter."))
    if source not in AnotherSupporterRequest.Source.values:
        raise ValidationError(_("Unknown source."))
    locked = HelpRequest.objects.select_for_update().get(pk=help_request.pk)
    if not locked.is_open:
        raise ValidationError(_("This help request is closed."))
    now = timezone.now()
    active = list(locked.assignments.filter(ended_at__isnull=True).select_related("supporter"))
    asr = AnotherSupporterRequest.objects.create(
        help_request=locked, reason=reason[:2000], source=source, recorded_by=by
    )
    previous = [a.supporter for a in active]
    asr.previous_supporters.set(previous)
    SupporterExclusion.objects.bulk_create(
        [SupporterExclusion(help_request=locked, supporter=s) for s in previous], ignore_conflicts=True
    )
    # Through the registry's one writer: case work hands over or cancels their appointments.
    end_assignments(locked, reason="another supporter requested", at=now)
    lifecycle.released(locked)
    help_request.refresh_from_db()
    return asr


@transaction.atomic
def record_first_contact(help_request: HelpRequest, *, at: datetime | None = None) -> HelpRequest:
    """The coordinator reached the resident from the triage page (a call, no case file yet)."""
    locked = HelpRequest.objects.select_for_update().get(pk=help_request.pk)
    lifecycle.contact_made(locked, at=at or timezone.now())
    help_request.refresh_from_db()
    return help_request


def add_follow_up_message(help_request: HelpRequest, text: str, source: str) -> FollowUpMessage:
    text = text.strip()
    if not text:
        raise ValidationError(_("Write a message first."))
    return FollowUpMessage.objects.create(help_request=help_request, text=text[:5000], source=source)


def create_partner_key(name: str, referrer: str = Referrer.OTHER) -> tuple[PartnerApiKey, str]:
    """A new API key for a partner; the key is shown once and only its hash is stored."""
    if referrer not in Referrer.values:
        raise ValidationError(_("Unknown referrer."))
    key = "naast_" + new_secret()
    obj = PartnerApiKey.objects.create(name=name, referrer=referrer, key_prefix=key[6:12], key_hash=hash_secret(key))
    return obj, key


def send_confirmation(help_request: HelpRequest, email: str, follow_up_url: str | None) -> None:
    """The resident's confirmation: the reference, what happens next, and the follow-up link.
    Queued in the caller's transaction; sent when it commits (after the response, on the web)."""
    service = ServiceProfile.get()
    lines = [
        _("Thank you. We have received your question."),
        "",
        _("Your reference number is %(reference)s.") % {"reference": help_request.reference},
        _("We will contact you by %(date)s at the latest.")
        % {"date": resident_date(help_request.first_contact_due)},
        _("Our help is free and independent."),
    ]
    if follow_up_url:
        lines += ["", _("See how your question is going, or send us a message:"), follow_up_url]
        code = follow_up_url.rstrip("/").rsplit("/", 1)[-1]
        if normalise_follow_up_code(code):
            start = follow_up_url.rstrip("/").rsplit("/", 1)[0] + "/"
            lines += [_("Or go to %(url)s and type your follow-up code: %(code)s") % {"url": start, "code": code}]
    if service.phone:
        lines += ["", _("Questions? Call us: %(phone)s") % {"phone": service.phone}]
    lines += ["", service.name]
    queue_mail(
        kind=OutgoingMail.Kind.CONFIRMATION, to=email, reference=help_request.reference,
        subject=_("We received your question (%(reference)s)") % {"reference": help_request.reference},
        body="\n".join(lines),
    )


@transaction.atomic
def renew_follow_up_code(help_request: HelpRequest) -> str:
    """A new follow-up code for a letter to the resident (the code is stored only as a hash, so a
    letter cannot repeat the first one): the old code and link stop working."""
    code = new_follow_up_code()
    details, _created = IntakeDetails.objects.get_or_create(help_request=help_request)
    details.follow_up_token_hash = hash_secret(code)
    details.save(update_fields=["follow_up_token_hash"])
    return code
