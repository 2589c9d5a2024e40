"""Retention and erasure: the one place that decides which help requests and clients lose their
personal data, and does it (docs/security.md §2, the data inventory).

- `expired_requests(now, months)`: the requests closed more than `months` ago (default
  `NAAST_RETENTION_MONTHS`), not yet anonymised and without a legal hold, and the clients whose
  every request is then anonymised (a client with one request still within its period, open, or
  on hold keeps their name).
- `anonymise(request_ids, client_ids)`: every app's `retention.ANONYMISE` in one transaction, then
  `anonymised_at` on the requests and clients. Rows stay and every field a report counts stays, so
  every report of a past period reads the same before and after (tested); files leave storage
  once the transaction has committed.
- `apply_retention(...)`: the two together, plus each app's `retention.EXPIRE` (personal data with
  no request, such as the survey's comments); `naast apply-retention`.
- `erase_client(client, reason=..., by=...)`: the resident's right to erasure (AVG art. 17), for
  the privacy officer's page and `naast client-erase`: refused while a request is on legal hold,
  and while one is open unless `confirm_open`; audited.

The privacy app holds the legal holds too (`models.LegalHold`, set and lifted on
`/staff/privacy/bewaarplicht/`).
"""

from __future__ import annotations

import calendar
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

from naast.core.extensions import NotPersonal, Personal, anonymisers, expirers
from naast.registry.choices import Status
from naast.registry.models import Client, HelpRequest

from .models import AuditEvent, LegalHold

# Rows per round of UPDATEs: few round trips, and well within SQLite's limit of bound variables.
CHUNK = 2000
MAX_MONTHS = 1200  # a hundred years: longer is a typing error
AUDIT_KEPT = "kept as the audit log (append-only; its own retention period)"
OFFICER = "the privacy officer"

PERSONAL_FIELDS = {
    "AuditEvent.username": Personal("who opened or changed client data (a staff login name)", OFFICER, AUDIT_KEPT, by_retention=False),
    "AuditEvent.roles": NotPersonal("codes"),
    "AuditEvent.action": NotPersonal("a code"),
    "AuditEvent.object_type": NotPersonal("a model name"),
    "AuditEvent.object_id": NotPersonal("a row's number"),
    "AuditEvent.object_label": NotPersonal("a help request's reference or a client number, never a name"),
    "AuditEvent.reason": Personal("why (a code, or a staff member's words such as an erasure's reason)", OFFICER,
                                  AUDIT_KEPT, by_retention=False),
    "AuditEvent.path": NotPersonal("the page (paths carry references, never names; secrets are not kept)"),
    "AuditEvent.hash": NotPersonal("the row's SHA-256 in the audit chain"),
    "AuditChainHead.hash": NotPersonal("the newest audit row's hash"),
    "AuditCheckpoint.hash": NotPersonal("the last pruned audit row's hash"),
    "AuditCheckpoint.created_by": Personal("who pruned the audit log (the server account that ran the command)",
                                           OFFICER, "kept with the audit chain", by_retention=False),
    "AuditVerification.by": Personal("who checked the audit chain (a staff login name, or the command)", OFFICER,
                                     "kept with the audit chain", by_retention=False),
    "AuditVerification.head_hash": NotPersonal("the audit chain's head when it was checked"),
    "AuditVerification.problem": NotPersonal("a code"),
    "LegalHold.reason": Personal("why a request must be kept (a complaint, a court case)", OFFICER,
                                 "kept with the request (the request's own text is blanked when it expires)", by_retention=False),
    "LegalHold.lift_reason": Personal("why a hold was lifted", OFFICER,
                                      "kept with the request (the request's own text is blanked when it expires)", by_retention=False),
}


def retention_months() -> int:
    return int(settings.NAAST["RETENTION_MONTHS"])


def months_before(moment: datetime, months: int) -> datetime:
    """The same moment `months` calendar months earlier (the 31st becomes the month's last day)."""
    month_index = moment.year * 12 + moment.month - 1 - months
    year, month = divmod(month_index, 12)
    day = min(moment.day, calendar.monthrange(year, month + 1)[1])
    return moment.replace(year=year, month=month + 1, day=day)


def _held():
    return Exists(LegalHold.objects.active().filter(help_request=OuterRef("pk")))


def expired_requests(now: datetime | None = None, months: int | None = None) -> tuple[list[int], list[int]]:
    """(request ids, client ids) whose personal data has passed the retention period."""
    now = now or timezone.now()
    cutoff = months_before(now, retention_months() if months is None else months)
    expired = (HelpRequest.objects.filter(status=Status.CLOSED, closed_at__lt=cutoff, anonymised_at__isnull=True)
               .exclude(_held()).order_by("pk"))
    # Subqueries, not lists of ids: a first run over years of history may find 100,000 requests.
    still_personal = HelpRequest.objects.filter(client=OuterRef("pk"), anonymised_at__isnull=True).exclude(
        pk__in=expired.values("pk"))
    clients = (Client.objects.filter(anonymised_at__isnull=True)
               .filter(Exists(expired.filter(client=OuterRef("pk")))).exclude(Exists(still_personal)).order_by("pk"))
    return list(expired.values_list("pk", flat=True)), list(clients.values_list("pk", flat=True))


def anonymise(request_ids, client_ids, now: datetime | None = None) -> dict[str, int]:
    """Blank the personal data of these requests and clients, all or nothing. {kind: count}."""
    now = now or timezone.now()
    request_ids, client_ids = list(request_ids), list(client_ids)
    counts: Counter = Counter()
    with transaction.atomic():
        for start in range(0, max(len(request_ids), len(client_ids)), CHUNK):
            requests, clients = request_ids[start:start + CHUNK], client_ids[start:start + CHUNK]
            # Lock the rows first, then read the holds afresh: a hold set meanwhile (`set_hold` locks
            # the same row) wins, and its request and client are left alone.
            list(HelpRequest.objects.select_for_update().filter(pk__in=requests).values_list("pk", flat=True))
            held = list(LegalHold.objects.active().filter(help_request__in=requests)
                        .values_list("help_request_id", "help_request__client_id"))
            if held:
                held_requests, held_clients = {r for r, _c in held}, {c for _r, c in held}
                requests = [pk for pk in requests if pk not in held_requests]
                clients = [pk for pk in clients if pk not in held_clients]
            for function in anonymisers():
                counts.update(function(requests, clients))
            HelpRequest.objects.filter(pk__in=requests).update(anonymised_at=now)
            Client.objects.filter(pk__in=clients).update(anonymised_at=now)
    return dict(counts)


def apply_retention(now: datetime | None = None, months: int | None = None, *, dry_run: bool = False) -> dict:
    """Anonymise every expired request and client (and expire unlinked personal data). With
    `dry_run`, the same work is done and rolled back, so the counts are exact and nothing changes."""
    now = now or timezone.now()
    months = retention_months() if months is None else months
    with transaction.atomic():
        request_ids, client_ids = expired_requests(now, months)
        counts = Counter(anonymise(request_ids, client_ids, now))
        for function in expirers():
            counts.update(function(months_before(now, months)))
        if dry_run:
            transaction.set_rollback(True)
        elif request_ids or client_ids:
            from . import policy

            # One row per run (the rule ran, by cron), with the numbers; never a list of residents.
            policy.record_other(None, AuditEvent.Action.DELETE, "registry.helprequest", "*", "retention",
                                reason=f"retention ({months} months): {len(request_ids)} help requests, "
                                       f"{len(client_ids)} clients anonymised", actor="apply-retention")
    return {"help requests": len(request_ids), "clients": len(client_ids),
            **{kind: n for kind, n in sorted(counts.items()) if kind not in ("help requests", "clients")}}


# --- erasure on request ------------------------------------------------------------------------
class ErasureRefused(Exception):
    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code
        self.message = message


@dataclass
class ErasureSummary:
    """What the privacy officer sees before erasing: numbers and references, never free text."""

    client_id: int
    references: list[str] = field(default_factory=list)
    open_references: list[str] = field(default_factory=list)
    held_references: list[str] = field(default_factory=list)
    anonymised_at: datetime | None = None

    @property
    def request_count(self) -> int:
        return len(self.references)


def client_by_reference(reference: str) -> Client | None:
    """The client of the help request with this reference (any of their references), or None."""
    reference = (reference or "").strip().upper()
    if not reference or len(reference) > 20 or "\x00" in reference:  # PostgreSQL refuses NUL in a query
        return None
    request = HelpRequest.objects.filter(reference=reference).select_related("client").first()
    return request.client if request is not None else None


def erasure_summary(client: Client) -> ErasureSummary:
    requests = list(client.help_requests.annotate(held=_held()).order_by("received_at", "pk")
                    .values_list("reference", "status", "held"))
    return ErasureSummary(
        client_id=client.pk,
        references=[ref for ref, _status, _held_ in requests],
        open_references=[ref for ref, status, _held_ in requests if status != Status.CLOSED],
        held_references=[ref for ref, _status, held in requests if held],
        anonymised_at=client.anonymised_at,
    )


def erase_client(client: Client, *, reason: str, by=None, actor: str = "", confirm_open: bool = False,
                 request=None) -> dict[str, int]:
    """Erase what Naast holds about this client (their personal data in every request), keeping
    the counted facts. Refused (`ErasureRefused`) without a reason, while a request is on legal
    hold, and while a request is open unless `confirm_open`. One audit row names the client number
    and the reason; a refusal is audited too. `request` (a web request) or `by` (a user) is who."""
    from . import policy

    who = request if request is not None else by
    reason = (reason or "").strip()
    try:
        with transaction.atomic():
            # Lock the client's requests, so a hold set meanwhile or a new request waits for this.
            locked = list(HelpRequest.objects.select_for_update().filter(client=client).values_list("pk", flat=True))
            summary = erasure_summary(client)
            if not reason:
                raise ErasureRefused("no_reason", "A reason is required.")
            if summary.held_references:
                raise ErasureRefused("held", "A help request of this client is on legal hold.")
            if summary.open_references and not confirm_open:
                raise ErasureRefused("open", "A help request of this client is still open.")
            counts = anonymise(locked, [client.pk])
            policy.record(who, AuditEvent.Action.DELETE, client, reason=f"erasure: {reason}", actor=actor)
    except ErasureRefused as refusal:
        policy.record(who, AuditEvent.Action.REFUSED, client, reason=f"erasure refused ({refusal.code}): {reason}",
                      actor=actor)
        raise
    return counts


def active_hold(help_request: HelpRequest) -> LegalHold | None:
    return LegalHold.objects.active().filter(help_request=help_request).first()


def set_hold(help_request: HelpRequest, *, reason: str, by, request=None) -> LegalHold:
    from . import policy

    with transaction.atomic():
        HelpRequest.objects.select_for_update().filter(pk=help_request.pk).first()
        hold = active_hold(help_request)
        if hold is None:
            hold = LegalHold.objects.create(help_request=help_request, reason=reason.strip(), set_by=by)
        policy.record(request or by, AuditEvent.Action.CREATE, hold, reason=f"legal hold: {reason.strip()}")
    return hold


def lift_hold(help_request: HelpRequest, *, reason: str, by, request=None) -> LegalHold | None:
    from . import policy

    with transaction.atomic():
        hold = LegalHold.objects.select_for_update().active().filter(help_request=help_request).first()
        if hold is None:
            return None
        LegalHold.objects.filter(pk=hold.pk).update(lifted_at=timezone.now(), lifted_by=by,
                                                    lift_reason=reason.strip())
        policy.record(request or by, AuditEvent.Action.CHANGE, hold, reason=f"legal hold lifted: {reason.strip()}")
    return hold

