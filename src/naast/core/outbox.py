"""E-mail through an outbox: kept with the change it reports, sent after the response, retried.

`queue_mail` stores the message in the caller's transaction. Once that commits, the message is
sent: in a web request after the response has gone out (a slow or unreachable mail server never
holds up the page, and the resident's request is saved either way), elsewhere (commands,
tests) at once. A message that cannot be sent is tried again by `naast send-mail` (cron, every
few minutes) after 1, 5, 15 minutes and then ever longer, for about a day; then it is marked
failed, its text is wiped and the command lists its reference, so staff can reach the person
another way. The triage page shows a request's undelivered e-mails; a failed one is removed
after `KEEP_FAILED_DAYS`.
"""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.conf import settings
from django.core.mail import get_connection, send_mail
from django.core.signals import request_finished, request_started
from django.db import transaction
from django.utils import timezone

from . import locks
from .models import OutgoingMail

logger = logging.getLogger("naast.mail")

# Minutes to wait after the 1st, 2nd, ... failed attempt; after the last, the message has failed.
RETRY_MINUTES = (1, 5, 15, 60, 180, 360, 720)
# While one sender works on a message, no other takes it (a cron run during a request's sending,
# or two servers' runs): counted from the moment that sender claims it, not from its run's start.
CLAIM_MINUTES = 10
# A message given up on stays visible to staff (on the triage page) this long, then goes.
KEEP_FAILED_DAYS = 30

_request = threading.local()


def queue_mail(*, kind: str, to: str, subject: str, body: str, reference: str = "") -> None:
    """Send `subject`/`body` to `to` once the current transaction commits (or now, outside one)."""
    mail = OutgoingMail.objects.create(kind=kind, to=to, subject=subject[:300], body=body, reference=reference)
    transaction.on_commit(lambda: _committed(mail.pk))


def _committed(pk: int) -> None:
    pending = getattr(_request, "pending", None)
    if pending is not None:
        pending.append(pk)  # a web request: sent when its response has gone out
    else:
        deliver([pk])


def _request_started(**_kwargs) -> None:
    _request.pending = []


def _request_finished(**_kwargs) -> None:
    pending = getattr(_request, "pending", None)
    _request.pending = None
    if pending:
        try:
            deliver(pending)
        except Exception:  # the outbox still holds them; `send-mail` tries again
            logger.exception("outbox: sending after the response failed")


request_started.connect(_request_started, dispatch_uid="naast.outbox.started")
request_finished.connect(_request_finished, dispatch_uid="naast.outbox.finished")


def undelivered(reference: str) -> list[OutgoingMail]:
    """The e-mails about one help request that the mail server refused so far (still being tried,
    or given up): staff then know to reach the person another way."""
    return list(OutgoingMail.objects.filter(reference=reference, attempts__gt=0).order_by("created_at"))


@dataclass
class DeliveryResult:
    sent: int = 0
    retry: int = 0
    failed: list[str] = field(default_factory=list)  # kind and reference of messages given up on


def _claim(pk: int, now: datetime) -> OutgoingMail | None:
    """Take one due message for this sender, or None when it is gone, not due or taken. `now` is
    the moment of the claim: the hold lasts CLAIM_MINUTES from then (one conditional UPDATE, so
    of two senders exactly one gets it)."""
    taken = OutgoingMail.objects.filter(pk=pk, failed_at__isnull=True, next_attempt_at__lte=now).update(
        next_attempt_at=now + timedelta(minutes=CLAIM_MINUTES)
    )
    return OutgoingMail.objects.filter(pk=pk).first() if taken else None


def deliver(pks=None, now: datetime | None = None) -> DeliveryResult:
    """Send the given messages, or every due one; one mail-server connection for all.

    `now` is when the run starts (a test may put it in the future); the run's clock moves on
    from there, so a message claimed late in a long run still gets its full hold."""
    started, started_at = time.monotonic(), now or timezone.now()

    def clock() -> datetime:
        return started_at + timedelta(seconds=time.monotonic() - started)

    now = started_at
    if pks is None:
        OutgoingMail.objects.filter(failed_at__lt=now - timedelta(days=KEEP_FAILED_DAYS)).delete()
        pks = list(
            OutgoingMail.objects.filter(failed_at__isnull=True, next_attempt_at__lte=now)
            .order_by("next_attempt_at").values_list("pk", flat=True)[:1000]
        )
    result = DeliveryResult()
    connection = None
    for pk in pks:
        locks.keep_alive()  # a long run keeps its single-run lock (SQLite's expires)
        mail = _claim(pk, clock())
        if mail is None:
            continue
        try:
            connection = connection or get_connection(fail_silently=False)
            send_mail(mail.subject, mail.body, settings.DEFAULT_FROM_EMAIL, [mail.to], connection=connection)
        except Exception as exc:  # any failure of the mail server or the network: try again later
            connection = None
            _failed_attempt(mail, exc, now, result)
        else:
            mail.delete()
            result.sent += 1
    return result


def _failed_attempt(mail: OutgoingMail, exc: Exception, now: datetime, result: DeliveryResult) -> None:
    mail.attempts += 1
    mail.last_error = f"{type(exc).__name__}: {exc}"[:300]
    if mail.attempts > len(RETRY_MINUTES):
        mail.failed_at, mail.body = now, ""
        result.failed.append(str(mail))
        logger.error("outbox: e-mail given up", extra={"kind": mail.kind, "reference": mail.reference,
                                                        "error": mail.last_error})
    else:
        mail.next_attempt_at = now + timedelta(minutes=RETRY_MINUTES[mail.attempts - 1])
        result.retry += 1
        logger.warning("outbox: e-mail not sent, will retry", extra={"kind": mail.kind, "reference": mail.reference,
                                                                     "error": mail.last_error})
    mail.save(update_fields=["attempts", "last_error", "failed_at", "body", "next_attempt_at"])
