"""E-mail intake: read the team's IMAP mailbox and register what comes in.

A new conversation becomes a help request (channel `email`); a reply that carries a reference
(HV-XXXX-XXXX in the subject) or answers an earlier message is attached to that request.
Attachments within the size and type limits are stored under MEDIA_ROOT. Each message is
handled once (its Message-ID is unique in `InboundMessage`) and then moved to the done folder,
so a crash halfway leaves the message in the inbox for the next run, never half-registered.

Two runs at once (two servers' cron) share the work: each message is claimed by inserting its
`InboundMessage` row first, in the transaction that registers it; the run whose insert fails
(the other committed it, or on PostgreSQL is about to: the insert waits) counts the message as
already handled, not as failed, and leaves moving it to the run that registered it (an IMAP
MOVE is a copy and a delete: two at once leave two copies). The command also takes the
single-run lock (`naast.core.locks`).
"""

from __future__ import annotations

import email
import email.policy
import hashlib
import imaplib
import logging
import re
import uuid
from dataclasses import dataclass, field
from datetime import timedelta
from email.message import EmailMessage
from email.utils import parseaddr

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import get_valid_filename
from django.utils.translation import gettext as _

from naast.core.dates import resident_date
from naast.core.models import OutgoingMail
from naast.core.outbox import queue_mail
from naast.organisations.models import ServiceProfile
from naast.registry.models import REFERENCE_ALPHABET, Client, HelpRequest, email_key

from . import services
from .models import ContactWay, FollowUpMessage, InboundMessage

logger = logging.getLogger("naast.intake.mail")
REFERENCE_RE = re.compile(rf"\bHV-[{REFERENCE_ALPHABET}]{{4}}-[{REFERENCE_ALPHABET}]{{4}}\b", re.IGNORECASE)


@dataclass
class FetchResult:
    created: list[str] = field(default_factory=list)  # references of new help requests
    attached: list[str] = field(default_factory=list)  # references that got a reply
    skipped_duplicates: int = 0
    failed: int = 0


def connect(config: dict) -> imaplib.IMAP4:
    security = (config.get("IMAP_SECURITY") or "ssl").lower()
    host, port = config["IMAP_HOST"], int(config["IMAP_PORT"])
    if security == "ssl":
        conn = imaplib.IMAP4_SSL(host, port, timeout=30)
    else:
        conn = imaplib.IMAP4(host, port, timeout=30)
        if security == "starttls":
            conn.starttls()
    conn.login(config["IMAP_USER"], config["IMAP_PASSWORD"])
    # Servers announce more after login (Dovecot: MOVE); imaplib keeps the list from before it.
    # Without MOVE a handled message is copied and then deleted, and two runs that meet can
    # both copy it before either deletes it: two copies in the done folder.
    status, data = conn.capability()
    if status == "OK" and data and data[-1]:
        conn.capabilities = tuple(data[-1].decode("ascii", "replace").upper().split())
    return conn


def _text_body(message: EmailMessage) -> str:
    part = message.get_body(preferencelist=("plain", "html"))
    if part is None:
        return ""
    try:
        text = part.get_content()
    except (LookupError, ValueError):
        text = part.get_payload(decode=True).decode("utf-8", errors="replace")
    if part.get_content_type() == "text/html":
        text = re.sub(r"<[^>]+>", " ", text)
    return text.strip()


def _message_id(message: EmailMessage, raw: bytes) -> str:
    value = (message.get("Message-ID") or "").strip()
    # Without a Message-ID, the content itself identifies the message.
    return value[:255] if value else f"<sha256-{hashlib.sha256(raw).hexdigest()}@naast>"


def _find_request(message: EmailMessage, subject: str) -> HelpRequest | None:
    match = REFERENCE_RE.search(subject)
    if match:
        found = HelpRequest.objects.filter(reference=match.group(0).upper()).first()
        if found:
            return found
    earlier = [value.strip() for value in re.split(r"\s+", f"{message.get('In-Reply-To', '')} {message.get('References', '')}") if value.strip()]
    if earlier:
        inbound = InboundMessage.objects.filter(message_id__in=earlier, help_request__isnull=False).first()
        if inbound:
            return inbound.help_request
    return None


def _store_attachments(message: EmailMessage, reference: str, config: dict, stored: list[dict]) -> list[dict]:
    """Save the permitted attachments; each entry is appended to `stored` as soon as its file
    exists, so the caller can remove the files when the transaction rolls back."""
    allowed = {t.strip().lower() for t in config["ATTACHMENT_TYPES"]}
    for part in message.iter_attachments():
        name = part.get_filename() or "bijlage"
        content_type = part.get_content_type().lower()
        payload = part.get_payload(decode=True) or b""
        entry = {"name": name[:200], "content_type": content_type, "size": len(payload)}
        if content_type not in allowed:
            entry["skipped"] = "type"
        elif len(payload) > config["ATTACHMENT_MAX_BYTES"]:
            entry["skipped"] = "size"
        else:
            safe = get_valid_filename(name)[:100] or "bijlage"
            entry["path"] = default_storage.save(f"intake/{reference}/{uuid.uuid4().hex[:12]}-{safe}", ContentFile(payload))
        stored.append(entry)
    return stored


def _is_automatic(message: EmailMessage) -> bool:
    """Auto-replies and bounces get no acknowledgement, so two robots never mail each other forever."""
    auto = (message.get("Auto-Submitted") or "no").lower()
    return auto != "no" or bool(message.get("X-Autoreply")) or (message.get("Precedence") or "").lower() in {
        "bulk", "junk", "list", "auto_reply"}


# A run that registered a message moves it within seconds; one that crashed in between leaves
# it to the run after this long.
MOVE_HOLD = timedelta(minutes=10)


def _already_handled(message_id: str, uid: str) -> str | None:
    """None for a new message; 'elsewhere' when another run registered this very copy (the same
    UID) just now and is moving it; 'duplicate' when it was registered before (a message
    delivered twice, or a run that stopped before moving it): this run moves it."""
    known = InboundMessage.objects.filter(message_id=message_id).values("imap_uid", "received_at").first()
    if known is None:
        return None
    if uid and known["imap_uid"] == uid and known["received_at"] > timezone.now() - MOVE_HOLD:
        return "elsewhere"
    return "duplicate"


def handle_message(raw: bytes, config: dict, uid: str = "") -> tuple[str, str | None]:
    """Register one raw message (`uid`: its IMAP UID). Returns (outcome, reference): 'created',
    'attached', 'duplicate' (handled before: move it) or 'elsewhere' (another run is handling
    this copy: leave it)."""
    message = email.message_from_bytes(raw, policy=email.policy.default)
    message_id = _message_id(message, raw)
    handled = _already_handled(message_id, uid)
    if handled:
        return handled, None
    name, sender = parseaddr(str(message.get("From", "")))
    sender = sender.lower()[:254]
    subject = str(message.get("Subject", "")).strip()[:300]
    body = _text_body(message)
    stored: list[dict] = []
    try:
        help_request, outcome = _register_message(message, message_id, uid, name, sender, subject, body, config,
                                                  stored)
    except _TakenElsewhere:
        return _already_handled(message_id, uid) or "duplicate", None
    except BaseException:
        # Nothing was written, so no attachment file may stay behind either.
        for entry in stored:
            if entry.get("path"):
                default_storage.delete(entry["path"])
        raise
    return outcome, help_request.reference


class _TakenElsewhere(Exception):
    """Another run registered this Message-ID first."""


def _register_message(message, message_id, uid, name, sender, subject, body, config, stored):
    """The database part of `handle_message`, all or nothing (the acknowledgement included, which
    the outbox sends once this commits); attachments saved go into `stored`. The message is
    claimed first, by inserting its `InboundMessage` row: of two runs, one insert fails."""
    with transaction.atomic():
        try:
            with transaction.atomic():
                inbound = InboundMessage.objects.create(message_id=message_id, sender=sender, subject=subject,
                                                        imap_uid=uid)
        except IntegrityError:
            raise _TakenElsewhere from None
        help_request = _find_request(message, subject)
        if help_request is not None:
            FollowUpMessage.objects.create(
                help_request=help_request, source=FollowUpMessage.Source.EMAIL, text=f"{subject}\n\n{body}".strip()[:5000]
            )
            outcome = "attached"
        else:
            known = (Client.objects.filter(email_key=email_key(sender)).order_by("-created_at").first()
                     if sender else None)
            registration = services.register_request(
                channel="email",
                question=f"{subject}\n\n{body}".strip()[:5000],
                client=known,
                resident=services.ResidentDetails(display_name=(name or sender.split("@")[0])[:120], email=sender),
                contact_way=ContactWay.EMAIL,
            )
            help_request = registration.help_request
            outcome = "created"
            if sender and not _is_automatic(message) and sender != settings.DEFAULT_FROM_EMAIL.lower():
                send_acknowledgement(sender, help_request)
        inbound.help_request, inbound.is_reply = help_request, outcome == "attached"
        inbound.attachments = _store_attachments(message, help_request.reference, config, stored)
        inbound.save(update_fields=["help_request", "is_reply", "attachments"])
    return help_request, outcome


def send_acknowledgement(address: str, help_request: HelpRequest) -> None:
    service = ServiceProfile.get()
    body = "\n".join([
        _("Thank you for your e-mail. We have registered your question."),
        "",
        _("Your reference number is %(reference)s.") % {"reference": help_request.reference},
        _("We will contact you by %(date)s at the latest.")
        % {"date": resident_date(help_request.first_contact_due)},
        _("When you reply, keep the reference number in the subject."),
        _("Our help is free and independent."),
        "",
        service.name,
    ])
    queue_mail(
        kind=OutgoingMail.Kind.ACKNOWLEDGEMENT, to=address, reference=help_request.reference,
        subject=f"[{help_request.reference}] " + _("We received your e-mail"), body=body,
    )


def _move(conn: imaplib.IMAP4, uid: bytes, folder: str) -> None:
    if "MOVE" in conn.capabilities:
        status, _data = conn.uid("MOVE", uid, _quote(folder))
        if status == "OK":
            return
    conn.uid("COPY", uid, _quote(folder))
    conn.uid("STORE", uid, "+FLAGS", "(\\Deleted)")
    conn.expunge()


def _quote(folder: str) -> str:
    return '"' + folder.replace("\\", "\\\\").replace('"', '\\"') + '"'


def fetch_mail(config: dict | None = None) -> FetchResult:
    """Handle every message in the inbox folder; move each handled one to the done folder."""
    config = config or settings.NAAST_INTAKE
    if not config.get("IMAP_HOST"):
        raise RuntimeError("NAAST_IMAP_HOST is not set")
    result = FetchResult()
    conn = connect(config)
    try:
        conn.create(_quote(config["IMAP_DONE_FOLDER"]))  # "already exists" is fine
        status, _data = conn.select(_quote(config["IMAP_FOLDER"]))
        if status != "OK":
            raise RuntimeError(f"cannot open folder {config['IMAP_FOLDER']}")
        _status, data = conn.uid("SEARCH", None, "ALL")
        for uid in (data[0] or b"").split():
            _status, parts = conn.uid("FETCH", uid, "(BODY.PEEK[])")
            raw = next((p[1] for p in parts if isinstance(p, tuple)), None)
            if raw is None:
                continue
            try:
                outcome, reference = handle_message(raw, config, uid.decode())
            except Exception:  # one bad message must not stop the rest; it stays in the inbox
                logger.exception("could not handle message", extra={"uid": uid.decode()})
                result.failed += 1
                continue
            if outcome == "elsewhere":  # registered by a run that meets us; it moves the message
                result.skipped_duplicates += 1
                continue
            if outcome == "created":
                result.created.append(reference)
            elif outcome == "attached":
                result.attached.append(reference)
            else:
                result.skipped_duplicates += 1
            _move(conn, uid, config["IMAP_DONE_FOLDER"])
    finally:
        try:
            conn.logout()
        except (imaplib.IMAP4.error, OSError):
            pass
    return result

