"""One run at a time: a lock in the database shared by every host that runs Naast.

A periodic command (`send-mail`, `send-reminders`, `fetch-mail`, `apply-retention`) runs from
cron, and with more than one server the same line may be in more than one crontab, or a run
may last longer than the interval. `single_run(name)` makes a second copy step aside:

    with single_run("send-mail") as acquired:
        if not acquired:
            return  # another run holds it; nothing done, nothing wrong

or, on a command's `handle`, the decorator `@single_run_command("send-mail")`, which prints
"send-mail: already running elsewhere; this run did nothing" and exits 0.

The lock is a guard, not the only defence: each command also claims its own work atomically
(the outbox's per-message hold, the reminders' unique rows, the inbound Message-ID), so two
runs that meet anyway never do the same thing twice.

PostgreSQL: a session-level `pg_try_advisory_lock(key)` on a connection of its own, opened for
the lock and closed when the run ends. Not the default connection, because the command's own
work may close that one under it (Django closes a connection after an error it cannot use, or
past CONN_MAX_AGE, which would silently drop the lock), and with Django's connection pool a
session-level lock would go back into the pool with the connection and stay held by whoever
borrows it next. The lock's connection bypasses the pool. When the process dies, PostgreSQL
ends its session and the lock goes with it. (Behind pgbouncer in transaction mode session
locks do not work: the cron hosts connect directly or through a session-mode pool, see
docs/deployment.md.)

SQLite (one file, so one host): a row in `RunLock`, claimed with one conditional UPDATE (free,
expired, or held by a process that no longer exists on this host) or an INSERT when there is
none; released by deleting it. A holder that crashed is recognised by its process id being gone
or, failing that, by the expiry (`expires_after`, renewed by `keep_alive()` in long loops).
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import logging
import os
import socket
import threading
import time
import uuid
from collections.abc import Iterator
from datetime import timedelta

from django.db import IntegrityError, connections, transaction
from django.db.utils import load_backend
from django.utils import timezone

logger = logging.getLogger("naast.locks")

DEFAULT_EXPIRY = timedelta(minutes=15)
_HOST = socket.gethostname()[:100]

# The SQLite locks this process holds: name → [holder, expiry length, alias, last renewal
# (monotonic seconds)]; keep_alive renews them.
_held: dict[str, list] = {}
# Every lock this process holds, on either database: name → the thread that holds it.
_in_this_process: dict[str, int] = {}


def already_running_message(name: str) -> str:
    return f"{name}: already running elsewhere; this run did nothing"


def advisory_key(name: str) -> int:
    """The 64-bit key of PostgreSQL's advisory lock for `name` (stable across hosts and versions)."""
    return int.from_bytes(hashlib.sha256(f"naast:{name}".encode()).digest()[:8], "big", signed=True)


@contextlib.contextmanager
def single_run(name: str, *, using: str = "default", expires_after: timedelta = DEFAULT_EXPIRY) -> Iterator[bool]:
    """Hold the lock `name` for the block; yields False (at once, without waiting) when another
    run holds it. Released when the block ends, by an error too."""
    if _in_this_process.get(name) == threading.get_ident():
        yield True  # a run that calls another command taking the same lock: already ours
        return
    lock = _advisory_lock(name, using) if connections[using].vendor == "postgresql" else _table_lock(
        name, using, expires_after)
    with lock as acquired:
        if acquired:
            _in_this_process[name] = threading.get_ident()
        try:
            yield acquired
        finally:
            if acquired:
                _in_this_process.pop(name, None)


def single_run_command(name: str):
    """Decorator for a management command's `handle`: run only when no other copy runs anywhere;
    otherwise say so in one line and return (exit status 0, nothing counted as an error)."""

    def decorate(handle):
        @functools.wraps(handle)
        def wrapper(self, *args, **options):
            with single_run(name) as acquired:
                if not acquired:
                    self.stdout.write(already_running_message(name))
                    return None
                return handle(self, *args, **options)

        return wrapper

    return decorate


def keep_alive() -> None:
    """Push back the expiry of the SQLite locks this process holds (call it freely in a long loop:
    it writes only once a third of the expiry has passed). Nothing to do on PostgreSQL, whose
    lock lasts as long as its session."""
    from .models import RunLock

    for name, entry in list(_held.items()):
        holder, expires_after, using, renewed_at = entry
        if time.monotonic() - renewed_at < expires_after.total_seconds() / 3:
            continue
        entry[3] = time.monotonic()
        renewed = RunLock.objects.using(using).filter(name=name, holder=holder).update(
            expires_at=timezone.now() + expires_after)
        if not renewed:
            logger.warning("lock lost to another run", extra={"lock": name})


# --- PostgreSQL -------------------------------------------------------------------------------


@contextlib.contextmanager
def _advisory_lock(name: str, using: str) -> Iterator[bool]:
    settings_dict = connections[using].settings_dict
    options = {k: v for k, v in settings_dict.get("OPTIONS", {}).items() if k != "pool"}
    backend = load_backend(settings_dict["ENGINE"])
    own = backend.DatabaseWrapper({**settings_dict, "OPTIONS": options, "CONN_MAX_AGE": 0}, using)
    key = advisory_key(name)
    try:
        with own.cursor() as cursor:
            cursor.execute("SELECT pg_try_advisory_lock(%s)", [key])
            acquired = bool(cursor.fetchone()[0])
        try:
            yield acquired
        finally:
            if acquired:
                with contextlib.suppress(Exception):  # closing the session below releases it anyway
                    with own.cursor() as cursor:
                        cursor.execute("SELECT pg_advisory_unlock(%s)", [key])
    finally:
        own.close()


# --- SQLite -----------------------------------------------------------------------------------


def _process_gone(holder: str) -> bool:
    """True when `holder` names a process on this host that no longer exists."""
    host, _sep, rest = holder.rpartition("|")[0].partition("|")
    if host != _HOST:
        return False
    try:
        pid = int(rest)
    except ValueError:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except OSError:  # exists, but another user's
        return False
    return False


def _claim_row(name: str, using: str, holder: str, expires_after: timedelta) -> bool:
    from .models import RunLock

    now = timezone.now()
    rows = RunLock.objects.using(using)
    with transaction.atomic(using=using):
        current = rows.filter(name=name).values_list("holder", "expires_at").first()
        if current is None:
            try:
                with transaction.atomic(using=using):
                    rows.create(name=name, holder=holder, expires_at=now + expires_after)
                return True
            except IntegrityError:  # another run inserted it first
                return False
        old_holder, expires_at = current
        if expires_at > now and not _process_gone(old_holder):
            return False
        # Take it over only if it is still the same stale claim (another run may be doing the same).
        return bool(rows.filter(name=name, holder=old_holder).update(holder=holder, expires_at=now + expires_after))


@contextlib.contextmanager
def _table_lock(name: str, using: str, expires_after: timedelta) -> Iterator[bool]:
    from .models import RunLock

    holder = f"{_HOST}|{os.getpid()}|{uuid.uuid4().hex}"
    if not _claim_row(name, using, holder, expires_after):
        yield False
        return
    _held[name] = [holder, expires_after, using, time.monotonic()]
    try:
        yield True
    finally:
        _held.pop(name, None)
        try:
            RunLock.objects.using(using).filter(name=name, holder=holder).delete()
        except Exception:  # the database is gone or broken: the expiry frees the lock later
            logger.exception("could not release lock", extra={"lock": name})
