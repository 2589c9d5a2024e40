"""What the front door adds to the registry: how to reach the resident, spam and idempotency
guards, the triage trail (urgency changes, requests for another supporter), inbound e-mail and
partner API keys. The core records stay in `naast.registry`; these extend them.
"""

import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from naast.core.hashing import secret_digest
from naast.registry.choices import Urgency

hash_secret = secret_digest  # follow-up tokens and API keys are stored only as digests


def new_secret() -> str:
    return secrets.token_urlsafe(24)


# The resident's follow-up code: 16 characters without look-alikes (no 0/O, 1/I/L, U), in four
# groups ("KQ7M-4RTD-X9PA-WH3C"), so it can be read out on the phone, written down from a letter
# and typed back (`/hulp-vragen/volg/`); about 78 bits, as hard to guess as the old links. Links
# sent before these codes (random URL-safe text) keep working.
FOLLOW_UP_ALPHABET = "23456789ABCDEFGHJKMNPQRSTVWXYZ"
FOLLOW_UP_GROUPS, FOLLOW_UP_GROUP_SIZE = 4, 4


def new_follow_up_code() -> str:
    chars = "".join(secrets.choice(FOLLOW_UP_ALPHABET) for _ in range(FOLLOW_UP_GROUPS * FOLLOW_UP_GROUP_SIZE))
    return "-".join(chars[i : i + FOLLOW_UP_GROUP_SIZE] for i in range(0, len(chars), FOLLOW_UP_GROUP_SIZE))


def normalise_follow_up_code(typed: str) -> str | None:
    """A code as people type or read it ("kq7m 4rtd x9pa wh3c") in its one written form, or None
    when it cannot be a code."""
    chars = "".join(ch for ch in (typed or "").upper() if ch.isalnum())
    if len(chars) != FOLLOW_UP_GROUPS * FOLLOW_UP_GROUP_SIZE or any(ch not in FOLLOW_UP_ALPHABET for ch in chars):
        return None
    return "-".join(chars[i : i + FOLLOW_UP_GROUP_SIZE] for i in range(0, len(chars), FOLLOW_UP_GROUP_SIZE))


class ContactWay(models.TextChoices):
    PHONE = "phone", _("By phone")
    EMAIL = "email", _("By e-mail")
    LETTER = "letter", _("By letter")
    VISIT = "visit", _("A visit")


class IntakeDetails(models.Model):
    """How a help request came in and how to reach the resident (one per help request)."""

    help_request = models.OneToOneField(
        "registry.HelpRequest", on_delete=models.CASCADE, related_name="intake", verbose_name=_("help request")
    )
    contact_way = models.CharField(_("how to reach the resident"), max_length=10, choices=ContactWay.choices, blank=True)
    on_behalf = models.BooleanField(_("asked by someone else on the resident's behalf"), default=False)
    asker_name = models.CharField(_("name of the person asking"), max_length=120, blank=True)
    asker_relation = models.CharField(_("relation to the resident"), max_length=120, blank=True)
    asker_phone = models.CharField(_("phone of the person asking"), max_length=40, blank=True)
    asker_email = models.EmailField(_("e-mail of the person asking"), blank=True)
    address = models.CharField(_("address (for a letter or a visit)"), max_length=200, blank=True)
    preferred_language = models.CharField(_("preferred language"), max_length=10, blank=True)
    # The resident's secret follow-up link; only its hash is kept, so a database leak opens nothing.
    follow_up_token_hash = models.CharField(max_length=64, unique=True, null=True, blank=True)
    # One submission of the public form (a hidden field): a double click or a browser resubmit
    # carries the same key, and the unique constraint turns it into one request.
    idempotency_key = models.CharField(max_length=64, unique=True, null=True, blank=True)
    # A partner (the partner API) declared that the resident agreed to their details being passed on.
    consent_to_share_at = models.DateTimeField(_("referrer recorded the resident's consent"), null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("intake details")
        verbose_name_plural = _("intake details")

    def __str__(self) -> str:
        return str(self.help_request)


class PublicSubmission(models.Model):
    """One post of the public form, for its limits (`limits.py`): the client address and the
    resident (address and question), both salted and hashed; kept for an hour."""

    address_hash = models.CharField(max_length=64)
    resident_hash = models.CharField(max_length=64, blank=True, default="")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [models.Index(fields=["address_hash", "created_at"])]

    def __str__(self) -> str:
        return f"{self.address_hash[:8]}… {self.created_at:%Y-%m-%d %H:%M}"


class UrgencyChange(models.Model):
    """A coordinator changed the urgency of a request, with the reason (triage trail)."""

    help_request = models.ForeignKey("registry.HelpRequest", on_delete=models.CASCADE, related_name="urgency_changes")
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    old_urgency = models.CharField(max_length=10, choices=Urgency.choices)
    new_urgency = models.CharField(max_length=10, choices=Urgency.choices)
    reason = models.CharField(_("reason"), max_length=300)
    changed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["changed_at"]

    def __str__(self) -> str:
        return f"{self.help_request}: {self.old_urgency} → {self.new_urgency}"


class AnotherSupporterRequest(models.Model):
    """The resident asked for another supporter (Wmo: when doubting objectivity). Counted in reports."""

    class Source(models.TextChoices):
        STAFF = "staff", _("Recorded by staff")
        PUBLIC = "public", _("Via the follow-up link")

    help_request = models.ForeignKey(
        "registry.HelpRequest", on_delete=models.CASCADE, related_name="another_supporter_requests"
    )
    previous_supporters = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="+")
    reason = models.TextField(_("reason"))
    source = models.CharField(max_length=10, choices=Source.choices)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    # Set when a new supporter is assigned; until then the request is flagged in the queue.
    resolved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at"]
        indexes = [models.Index(fields=["help_request", "resolved_at"])]

    def __str__(self) -> str:
        return f"{self.help_request}: {self.get_source_display()}"


class SupporterExclusion(models.Model):
    """This supporter is never suggested or assigned again for this help request."""

    help_request = models.ForeignKey("registry.HelpRequest", on_delete=models.CASCADE, related_name="exclusions")
    supporter = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["help_request", "supporter"], name="exclusion_unique")
        ]

    def __str__(self) -> str:
        return f"{self.help_request} ≠ {self.supporter}"


class FollowUpMessage(models.Model):
    """A message the resident added through the follow-up link (or an e-mail reply)."""

    class Source(models.TextChoices):
        PUBLIC = "public", _("Follow-up link")
        EMAIL = "email", _("E-mail")

    help_request = models.ForeignKey("registry.HelpRequest", on_delete=models.CASCADE, related_name="follow_ups")
    source = models.CharField(max_length=10, choices=Source.choices)
    text = models.TextField(_("message"))
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at"]

    def __str__(self) -> str:
        return f"{self.help_request}: {self.created_at:%Y-%m-%d}"


class InboundMessage(models.Model):
    """An e-mail read by `naast fetch-mail`; the unique Message-ID makes fetching idempotent."""

    message_id = models.CharField(max_length=255, unique=True)
    help_request = models.ForeignKey(
        "registry.HelpRequest", on_delete=models.SET_NULL, null=True, related_name="inbound_messages"
    )
    sender = models.EmailField(blank=True)
    subject = models.CharField(max_length=300, blank=True)
    is_reply = models.BooleanField(default=False)
    # [{"name", "content_type", "size", "path"} or {"name", "content_type", "size", "skipped": reason}]
    attachments = models.JSONField(default=list, blank=True)
    received_at = models.DateTimeField(default=timezone.now)
    # The IMAP UID of the copy the registering run moves to the done folder: another run that
    # meets the same copy leaves it to that run (two moves would leave two copies behind).
    imap_uid = models.CharField(max_length=40, blank=True)

    def __str__(self) -> str:
        return self.message_id


class PartnerApiKey(models.Model):
    """A partner organisation (GP practice, the municipality's Wmo team) that may refer over the API."""

    name = models.CharField(_("partner organisation"), max_length=200)
    referrer = models.CharField(_("recorded as referrer"), max_length=30, default="other")
    key_prefix = models.CharField(max_length=8, editable=False)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(default=timezone.now)
    last_used_at = models.DateTimeField(null=True, blank=True)
    rate_limit_per_hour = models.PositiveIntegerField(
        _("calls per hour"), null=True, blank=True,
        help_text=_("Empty: the service's default (NAAST_PARTNER_API_RATE_LIMIT_PER_HOUR). 0: no limit."),
    )

    class Meta:
        verbose_name = _("partner API key")
        verbose_name_plural = _("partner API keys")

    def __str__(self) -> str:
        return f"{self.name} ({self.key_prefix}…)"


class PartnerApiCall(models.Model):
    """One call of the partner API, for its limit (`limits.py`): per key, or, for an unknown
    key, per (salted, hashed) client address; kept for an hour."""

    key = models.ForeignKey(PartnerApiKey, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    address_hash = models.CharField(max_length=64, blank=True, default="")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [
            models.Index(fields=["key", "created_at"]),
            models.Index(fields=["address_hash", "created_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.key_id or self.address_hash[:8]} {self.created_at:%Y-%m-%d %H:%M}"


class ReminderSent(models.Model):
    """A reminder mailed about one deadline of one request, so `send-reminders` never repeats it."""

    class Kind(models.TextChoices):
        DUE_SOON = "due_soon", _("Due within one working day")
        OVERDUE = "overdue", _("Overdue")

    help_request = models.ForeignKey("registry.HelpRequest", on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    due = models.DateTimeField()
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["help_request", "kind", "due"], name="reminder_once_per_deadline")
        ]

    def __str__(self) -> str:
        return f"{self.help_request}: {self.kind}"
