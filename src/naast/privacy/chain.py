"""The audit log's hash chain: the one place that appends, verifies and prunes audit rows.

Each `AuditEvent` has a sequence number (`seq`, 1, 2, 3, ... in insertion order) and `hash` =
SHA-256 over the previous row's hash and a canonical serialisation of its own fields (`canonical`).
Changing a field, deleting, inserting or reordering a row therefore breaks the chain at that row,
and `verify` names the first such row (docs/security.md, "The audit log's hash chain").

- `append` is the only writer: it takes the chain's lock (PostgreSQL: a transaction-level advisory
  lock; SQLite: Naast's transactions begin IMMEDIATE, so the write lock is held from the start),
  reads the head, numbers and hashes the new rows and moves the head, in one transaction. Two
  writers at once therefore never fork the chain; the lock is held until the caller's outermost
  transaction ends, so audit rows should be written near its end.
- `verify` walks the chain in chunks of `chunk_size` rows by sequence number (memory bounded),
  from the newest checkpoint, and compares its end with the head.
- `prune` deletes the rows older than the audit retention (`NAAST_AUDIT_RETENTION_YEARS`, default
  7) and stores a checkpoint (the last deleted row's sequence number and hash), from which
  verification starts. It refuses while the chain is broken: the evidence stays.

The serialisation never changes: every stored hash depends on it. The `user` column is not in it
(removing an account sets it to NULL); the user name, kept as text, is.
"""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime

from django.conf import settings
from django.db import connections, router, transaction
from django.utils import timezone

from .models import (
    GENESIS_HASH,
    AuditChainHead,
    AuditCheckpoint,
    AuditEvent,
    AuditVerification,
    chain_writes,
)

Problem = AuditVerification.Problem

# The fields in the hash, in this order. Never reorder or rename: every stored hash depends on it.
HASHED_FIELDS = (
    "seq", "at", "username", "roles", "action", "object_type", "object_id", "object_label", "client_id", "reason",
    "path",
)
# pg_advisory_xact_lock key of the chain: "naast-audit-chain" as a number (any fixed bigint will do).
LOCK_KEY = int.from_bytes(hashlib.sha256(b"naast-audit-chain").digest()[:8], "big", signed=True)
DEFAULT_CHUNK = 5000


_STORED = {name: AuditEvent._meta.get_field(name).to_python for name in HASHED_FIELDS}


def _utc(value: datetime) -> str:
    if timezone.is_naive(value):
        value = timezone.make_aware(value)
    return value.astimezone(UTC).isoformat(timespec="microseconds")


def canonical(values: Iterable) -> bytes:
    """The bytes a row's hash covers: its HASHED_FIELDS values, in order, as compact JSON."""
    seq, at, *rest = values
    return json.dumps([seq, _utc(at), *rest], ensure_ascii=False, separators=(",", ":")).encode(
        "utf-8", "surrogatepass")


def row_hash(previous_hash: str, values: Iterable) -> str:
    return hashlib.sha256(previous_hash.encode("ascii") + b"\n" + canonical(values)).hexdigest()


def _values(event: AuditEvent) -> list:
    return [getattr(event, name) for name in HASHED_FIELDS]


# --- appending --------------------------------------------------------------------------------
def _lock_and_read_head(using: str) -> AuditChainHead:
    """Inside a transaction: wait for the chain's lock and return its head (created when missing)."""
    connection = connections[using]
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [LOCK_KEY])
    head = AuditChainHead.objects.using(using).select_for_update().order_by("pk").first()
    if head is None:  # a fresh or flushed database: start where the rows (or the last checkpoint) end
        last = (AuditEvent.objects.using(using).order_by("-seq").values("seq", "hash").first()
                or AuditCheckpoint.objects.using(using).order_by("-seq").values("seq", "hash").first()
                or {"seq": 0, "hash": GENESIS_HASH})
        head = AuditChainHead.objects.using(using).create(seq=last["seq"], hash=last["hash"])
    return head


def append(events: list[dict]) -> list[AuditEvent]:
    """Write audit rows (dicts of AuditEvent fields), chained, in this order; the only writer."""
    if not events:
        return []
    using = router.db_for_write(AuditEvent)
    with transaction.atomic(using=using):
        head = _lock_and_read_head(using)
        seq, previous = head.seq, head.hash
        rows = []
        for fields in events:
            event = AuditEvent(**fields)
            # Hash the values as the database gives them back (object_id 5 is read back as "5").
            for name in HASHED_FIELDS[2:]:
                setattr(event, name, _STORED[name](getattr(event, name)))
            if timezone.is_naive(event.at):
                event.at = timezone.make_aware(event.at)
            seq += 1
            event.seq = seq
            event.hash = previous = row_hash(previous, _values(event))
            rows.append(event)
        with chain_writes("append"):
            AuditEvent.objects.using(using).bulk_create(rows, batch_size=500)
        AuditChainHead.objects.using(using).filter(pk=head.pk).update(seq=seq, hash=previous)
    return rows


# --- verifying --------------------------------------------------------------------------------
@dataclass
class Result:
    """What `verify` found. On a break: the first broken row's id, sequence number and time (no
    content: the output never shows personal data)."""

    ok: bool = True
    complete: bool = True  # False: stopped at the time limit, `ok` covers the rows walked
    rows: int = 0
    first_seq: int | None = None
    last_seq: int | None = None
    head_hash: str = ""
    checkpoint: AuditCheckpoint | None = None
    problem: str = ""
    broken_id: int | None = None
    broken_seq: int | None = None
    broken_at: datetime | None = None
    expected_seq: int | None = None
    started_at: datetime = field(default_factory=timezone.now)
    finished_at: datetime | None = None

    def broken(self, problem: str, row_id=None, seq=None, at=None, expected=None) -> Result:
        self.ok, self.problem = False, problem
        self.broken_id, self.broken_seq, self.broken_at, self.expected_seq = row_id, seq, at, expected
        return self

    @property
    def problem_label(self) -> str:
        return str(Problem(self.problem).label) if self.problem else ""


def verify(chunk_size: int = DEFAULT_CHUNK, upto: int | None = None,
           progress: Callable[[int], None] | None = None, seconds: float | None = None) -> Result:
    """Walk the chain from the newest checkpoint (or the first row) to the head, or to `upto`;
    with `seconds`, stop after that long (`complete` False) and report what was walked."""
    using = router.db_for_read(AuditEvent)
    deadline = None if seconds is None else time.monotonic() + seconds
    checkpoints = AuditCheckpoint.objects.using(using).order_by("-seq")
    result = _walk(using, Result(checkpoint=checkpoints.first()), chunk_size, upto, progress, deadline)
    if not result.ok and result.problem in (Problem.MISSING, Problem.INSERTED):
        # A prune that finished while we walked leaves a gap behind us: walk again from its checkpoint.
        latest = checkpoints.first()
        if latest is not None and (result.checkpoint is None or latest.seq > result.checkpoint.seq):
            result = _walk(using, Result(started_at=result.started_at, checkpoint=latest), chunk_size, upto,
                           progress, deadline)
    result.finished_at = timezone.now()
    return result


def _walk(using, result: Result, chunk_size: int, upto: int | None, progress, deadline) -> Result:
    checkpoint = result.checkpoint
    previous = checkpoint.hash if checkpoint else GENESIS_HASH
    last_seq = checkpoint.seq if checkpoint else 0
    last_id = last_at = None
    columns = ("id", *HASHED_FIELDS, "hash")
    rows = AuditEvent.objects.using(using).order_by("seq").values_list(*columns)
    if upto is not None:
        rows = rows.filter(seq__lte=upto)
    cursor = None  # the first chunk also reads rows numbered at or before the checkpoint: inserted
    while True:
        chunk = list((rows if cursor is None else rows.filter(seq__gt=cursor))[:chunk_size])
        if not chunk:
            if upto is not None:
                if last_seq < upto:
                    return result.broken(Problem.TRUNCATED, last_id, last_seq, last_at, expected=last_seq + 1)
                break
            head = AuditChainHead.objects.using(using).order_by("pk").first()
            head_seq, head_hash = (head.seq, head.hash) if head else (0, GENESIS_HASH)
            if head_seq > last_seq:
                if rows.filter(seq__gt=last_seq).exists():  # appended while we walked: walk on
                    continue
                return result.broken(Problem.TRUNCATED, last_id, last_seq, last_at, expected=last_seq + 1)
            if head_seq < last_seq or head_hash != previous:
                return result.broken(Problem.HEAD, last_id, last_seq, last_at)
            break
        for row_id, *values, stored in chunk:
            seq, at = values[0], values[1]
            if seq <= last_seq:
                return result.broken(Problem.INSERTED, row_id, seq, at, expected=last_seq + 1)
            if seq != last_seq + 1:
                return result.broken(Problem.MISSING, row_id, seq, at, expected=last_seq + 1)
            if row_hash(previous, values) != stored:
                return result.broken(Problem.CHANGED, row_id, seq, at)
            if result.first_seq is None:
                result.first_seq = seq
            previous, last_seq, last_id, last_at = stored, seq, row_id, at
            result.rows += 1
        cursor = last_seq
        if progress:
            progress(result.rows)
        if deadline is not None and len(chunk) == chunk_size and time.monotonic() > deadline:
            result.complete = False
            break
    result.last_seq = last_seq if result.rows else (checkpoint.seq if checkpoint else None)
    result.head_hash = previous
    return result


def save_result(result: Result, by: str) -> AuditVerification:
    """Keep the outcome for the audit screen."""
    return AuditVerification.objects.create(
        started_at=result.started_at, finished_at=result.finished_at or timezone.now(), by=by[:150], ok=result.ok,
        complete=result.complete, rows=result.rows, first_seq=result.first_seq, last_seq=result.last_seq, head_hash=result.head_hash,
        checkpoint_seq=result.checkpoint.seq if result.checkpoint else None, problem=result.problem,
        broken_id=result.broken_id, broken_seq=result.broken_seq, broken_at=result.broken_at,
        expected_seq=result.expected_seq,
    )


# --- pruning ----------------------------------------------------------------------------------
class ChainBroken(Exception):
    def __init__(self, result: Result):
        super().__init__(result.problem)
        self.result = result


@dataclass
class PruneResult:
    cutoff: datetime
    rows: int = 0
    last_seq: int | None = None
    checkpoint: AuditCheckpoint | None = None
    dry_run: bool = False


def cutoff_for(years: int, now: datetime | None = None) -> datetime:
    now = now or timezone.now()
    try:
        return now.replace(year=now.year - years)
    except ValueError:  # 29 February
        return now.replace(year=now.year - years, day=28)


def prune(*, years: int | None = None, now: datetime | None = None, dry_run: bool = False, by: str = "system",
          chunk_size: int = DEFAULT_CHUNK) -> PruneResult:
    """Delete the rows older than `years` (default NAAST_AUDIT_RETENTION_YEARS) from the start of the
    chain and store a checkpoint. The deleted part is the longest run of rows from the start that
    are all older than the cut-off, so the chain stays one piece. Raises ChainBroken (and deletes
    nothing) while the chain is broken."""
    years = settings.NAAST["AUDIT_RETENTION_YEARS"] if years is None else years
    if years < 1:
        raise ValueError("The audit log is kept at least one year.")
    cutoff = cutoff_for(years, now)
    # The whole chain first, without the lock (appends go on): a break anywhere stops the prune.
    checked = verify(chunk_size)
    if not checked.ok:
        raise ChainBroken(checked)
    using = router.db_for_write(AuditEvent)
    with transaction.atomic(using=using):
        _lock_and_read_head(using)  # no appends while the start of the chain moves
        events = AuditEvent.objects.using(using)
        first_kept = events.filter(at__gte=cutoff).order_by("seq").values_list("seq", flat=True).first()
        old = events.all() if first_kept is None else events.filter(seq__lt=first_kept)
        last = old.order_by("-seq").values("seq", "hash", "at").first()
        result = PruneResult(cutoff=cutoff, dry_run=dry_run)
        if last is None:
            return result
        # The part to delete once more, under the lock: it is about to become a checkpoint.
        again = verify(chunk_size, upto=last["seq"])
        if not again.ok:
            raise ChainBroken(again)
        result.rows, result.last_seq = old.count(), last["seq"]
        if dry_run:
            return result
        result.checkpoint = AuditCheckpoint.objects.using(using).create(
            seq=last["seq"], hash=last["hash"], last_at=last["at"], cutoff=cutoff, rows=result.rows,
            created_by=by[:150],
        )
        with chain_writes("prune"):
            old.delete()
    return result


def state() -> dict:
    """What the audit screen shows, in a few small queries: the newest verification, the head, the
    newest checkpoint, and the number of rows in the chain (head minus checkpoint: no count(*))."""
    head = AuditChainHead.objects.order_by("pk").first()
    checkpoint = AuditCheckpoint.objects.order_by("-seq").first()
    head_seq = head.seq if head else 0
    return {
        "verification": AuditVerification.objects.first(),
        "head_seq": head_seq,
        "head_hash": head.hash if head else GENESIS_HASH,
        "checkpoint": checkpoint,
        "rows": head_seq - (checkpoint.seq if checkpoint else 0),
    }


def hash_at(seq: int) -> str | None:
    """The stored hash of row `seq` (or of the checkpoint at `seq`); None when neither exists."""
    found = AuditEvent.objects.filter(seq=seq).values_list("hash", flat=True).first()
    if found is None:
        found = AuditCheckpoint.objects.filter(seq=seq).values_list("hash", flat=True).first()
    return found
