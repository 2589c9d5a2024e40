"""An optional read replica for reports (`DATABASE_REPLICA_URL`).

A monitor or signalling report reads a year of help requests, contacts and referrals: heavy
reads that need not compete with the front door's writes. When `DATABASE_REPLICA_URL` names a
PostgreSQL standby of the main database, settings add it as the database alias "replica", and
the reports app runs its statements there: `reads_from_replica()` (entered by
`naast.reports.dbfuncs.report_session`, the one place a report's statements run) makes
`ReplicaRouter` send every ORM read to it, and the reports' own SQL asks `report_connection()`.
Everything else reads from and every write goes to "default", inside a report too. A replica
that cannot be reached is skipped: the report reads from "default" and the log says so.

A replica lags the primary by a moment: a report of a past period does not notice, a figure of
today may miss the last seconds' requests.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Iterator
from contextvars import ContextVar

from django.db import DEFAULT_DB_ALIAS, connections
from django.db.utils import DatabaseError

logger = logging.getLogger("naast.db")

REPLICA = "replica"
_reading: ContextVar[str | None] = ContextVar("naast_replica_reads", default=None)


def has_replica() -> bool:
    return REPLICA in connections.settings


@contextlib.contextmanager
def reads_from_replica() -> Iterator[str]:
    """Within the block, ORM reads go to the replica (when one is configured and answers);
    yields the alias the reads go to."""
    alias = DEFAULT_DB_ALIAS
    if has_replica():
        try:
            connections[REPLICA].ensure_connection()
            alias = REPLICA
        except DatabaseError as exc:
            logger.warning("read replica unreachable, reading from the main database", extra={"error": str(exc)})
    token = _reading.set(alias)
    try:
        yield alias
    finally:
        _reading.reset(token)


def report_connection():
    """The connection a report's own SQL runs on: the replica inside `reads_from_replica()`."""
    return connections[_reading.get() or DEFAULT_DB_ALIAS]


class ReplicaRouter:
    """Reads inside `reads_from_replica()` go to the replica; writes always to "default"; the
    replica is never migrated (it copies the main database)."""

    def db_for_read(self, model, **hints):
        return _reading.get()  # None: Django's default ("default", or the instance's own database)

    def db_for_write(self, model, **hints):
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1, obj2, **hints):
        if {obj1._state.db, obj2._state.db} <= {DEFAULT_DB_ALIAS, REPLICA}:
            return True  # the same data: one is a copy of the other
        return None

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == DEFAULT_DB_ALIAS
