"""The monthly roll-up of the monitor report: the additive figures of every past month of the whole
service, kept so that a report of many months adds up months instead of reading every request
again (docs/reports.md, "Monthly roll-up").

What is rolled up: per calendar month (the service's time zone), exactly what the report's scan
counts for that month (`queries.additive_scan`): requests received and answered, quick logs, and
every breakdown and histogram (channel, referrer, urgency, target group, district, life domains,
the three norms with their days, minutes and days to closing). Logged minutes and requests above
the guideline follow from the histogram of minutes (`queries.derived_from_minutes`). Unique
clients and the requests open at the period's end do not add up over months: a report always
counts them exactly from the requests (`queries.clients_and_open`).

How it stays true:
- **Marks written by the database.** Triggers on the help requests (`install_triggers`, made on
  every `migrate`) write a `RollupMark` for the UTC month of the received and the closing time of
  every row inserted, updated or deleted, old and new values alike: the lifecycle, corrections,
  merges of clients, retention, imports, bulk updates and raw SQL all leave one. A report never
  uses a month touched by a mark; it counts that month from the requests (so a report is right
  the moment a write commits, refreshed or not).
- **Refresh.** `refresh` recomputes marked and missing months, each in its own short transaction
  that also deletes the marks it has read; a mark written meanwhile by another transaction is not
  visible to that transaction and stays (PostgreSQL: REPEATABLE READ, one refresher at a time by
  an advisory lock; SQLite: the transaction holds the one write lock). A report refreshes the
  months it needs before it runs (`refresh_for`), `naast report-rollup` refreshes every month.
- **Version.** Each month stores the hash of the statement that computed it; a changed definition
  changes the statement, and every month computed by the old one is recomputed before use.
- **Deadlines.** A deadline state ("late", "pending") depends on the moment it is judged at. A
  month is computed as if judged after all its deadlines, and used only by a report whose cutoff
  lies after the month's latest deadline (`max_due`), where the states are the same.

Only the whole service is rolled up: one municipality's or organisation's ten years are a
twentieth of the rows and are counted from the requests (figures in docs/reports.md).
"""

from __future__ import annotations

import hashlib
import logging
from calendar import monthrange
from collections import defaultdict
from datetime import UTC, date, datetime, timedelta
from functools import cache

from django.db import DatabaseError, OperationalError, connection, transaction
from django.db.models import Max
from django.utils import timezone

from naast.core.replica import report_connection
from naast.registry.models import HelpRequest

from .dbfuncs import aggregate_parts
from .models import RollupMark, RollupMonth
from .periods import Period
from .queries import (
    ADDITIVE_TOTALS,
    LAST_YEAR_TOTALS,
    MAIN_TOTALS,
    SCAN_SETS,
    ReportContext,
    additive_scan,
    clients_and_open,
    derived_from_minutes,
    period_columns,
    period_parts,
)

logger = logging.getLogger(__name__)

# A report uses the roll-up from this many whole months on (a year, several years); a shorter
# period reads its requests in one statement, which is as quick.
MIN_MONTHS = 6
# Judged after every deadline: the states no later cutoff can change.
AFTER_EVERY_DEADLINE = datetime(3000, 1, 1, tzinfo=UTC)
TABLE = HelpRequest._meta.db_table
TRIGGERS = ("reports_rollup_ins", "reports_rollup_upd", "reports_rollup_del")
ADVISORY_LOCK = 8_141_001  # any fixed number: one refresher at a time on PostgreSQL
# Marks recomputed per transaction: a few months (SQLite holds its one write lock meanwhile).
MARKS_PER_TRANSACTION = 6


# --- months -------------------------------------------------------------------------------------
def month_period(month: date) -> Period:
    last = month.replace(day=monthrange(month.year, month.month)[1])
    return Period(month, last, "custom", f"{month.isoformat()}..{last.isoformat()}")


def next_month(month: date) -> date:
    return (month.replace(day=28) + timedelta(days=4)).replace(day=1)


def months_within(first_day: date, last_day: date) -> list[date]:
    """The calendar months lying wholly between the two days (inclusive)."""
    month = first_day if first_day.day == 1 else next_month(first_day)
    months = []
    while month_period(month).last_day <= last_day:
        months.append(month)
        month = next_month(month)
    return months


def local_months_of_mark(mark: str) -> list[date]:
    """The local calendar months a UTC month overlaps (a request received on 31 January at 23:30
    UTC was received on 1 February in Amsterdam)."""
    year, month = int(mark[:4]), int(mark[5:7])
    start = datetime(year, month, 1, tzinfo=UTC)
    end = datetime(year + month // 12, month % 12 + 1, 1, tzinfo=UTC) - timedelta(microseconds=1)
    first, last = timezone.localtime(start).date().replace(day=1), timezone.localtime(end).date().replace(day=1)
    return [first] if first == last else [first, last]


def marked_months() -> set[date]:
    """The local months a mark says may have changed since they were rolled up."""
    return {m for mark in RollupMark.objects.values_list("month", flat=True).distinct()
            for m in local_months_of_mark(mark)}


def complete(month: date, now: datetime | None = None) -> bool:
    return month_period(month).end <= (now or timezone.now())


# --- the computation ----------------------------------------------------------------------------
@cache
def _version(vendor: str) -> str:
    sql, params, _decode = additive_scan(HelpRequest.objects.order_by(), month_period(date(2000, 1, 1)),
                                         AFTER_EVERY_DEADLINE, 0)
    return hashlib.sha1(f"{sql}|{params!r}".encode()).hexdigest()


def version() -> str:
    """The hash of the statement that computes a month (`queries.additive_scan`)."""
    return _version(connection.vendor)


def compute_month(month: date) -> tuple[dict, datetime | None]:
    """A month's additive figures (as JSON) and its latest deadline, from its requests."""
    period = month_period(month)
    sql, params, decode = additive_scan(HelpRequest.objects.order_by(), period, AFTER_EVERY_DEADLINE, 0)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        counts, groups = decode(cursor)
    dues = HelpRequest.objects.order_by().filter(received_at__gte=period.start, received_at__lt=period.end).aggregate(
        first_contact=Max("first_contact_due"), appointment=Max("appointment_due"), pickup=Max("pickup_due"))
    max_due = max((due for due in dues.values() if due is not None), default=None)
    figures = {
        "counts": {name: int(counts.get(name) or 0) for name in ADDITIVE_TOTALS},
        "groups": {name: [[*key, int(n)] for key, n in rows.items()] for name, rows in groups.items()},
    }
    return figures, max_due


def _store(month: date, figures: dict, max_due) -> None:
    RollupMonth.objects.update_or_create(month=month, defaults={
        "version": version(), "max_due": max_due, "figures": figures, "computed_at": timezone.now()})


def _begin_refresh() -> bool:
    """Start a refresh transaction (inside `transaction.atomic`): False when another process is
    refreshing (PostgreSQL), so this one leaves it alone."""
    if connection.vendor != "postgresql":
        return True  # SQLite: the IMMEDIATE transaction already holds the write lock
    with connection.cursor() as cursor:
        if len(connection.atomic_blocks) == 1:
            # A transaction of its own: the marks it deletes are those of the snapshot it counted.
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        cursor.execute("SET LOCAL work_mem = '128MB'")
        cursor.execute("SELECT pg_try_advisory_xact_lock(%s)", [ADVISORY_LOCK])
        return bool(cursor.fetchone()[0])


def refresh(first_day: date | None = None, last_day: date | None = None, progress=None) -> int:
    """Recompute the months (between the two days, default all) that are missing, out of date or
    marked, each month or mark in a transaction of its own; returns how many were computed.
    Months not over yet are left alone (their requests are still coming in)."""
    now = timezone.now()
    if first_day is None:
        first = HelpRequest.objects.order_by("received_at").values_list("received_at", flat=True).first()
        if first is None:
            return 0
        first_day = timezone.localtime(first).date()
    last_day = last_day or timezone.localdate(now)
    wanted = [m for m in months_within(first_day.replace(day=1), last_day) if complete(m, now)]
    if not wanted:
        return 0
    wanted_set = set(wanted)
    computed = 0
    # Marked months first: a few marks at a time with every local month they touch (a month is
    # touched by two UTC months), their rows deleted in the same transaction.
    marks = [mark for mark in sorted(set(RollupMark.objects.values_list("month", flat=True)))
             if any(m in wanted_set for m in local_months_of_mark(mark))
             and all(complete(m, now) for m in local_months_of_mark(mark))]
    done: set[date] = set()
    for start in range(0, len(marks), MARKS_PER_TRANSACTION):
        batch = marks[start:start + MARKS_PER_TRANSACTION]
        months = sorted({m for mark in batch for m in local_months_of_mark(mark)})
        with transaction.atomic():
            if not _begin_refresh():
                return computed
            # The marks this transaction sees: any written after its snapshot stay for the next refresh.
            seen = list(RollupMark.objects.filter(month__in=batch).values_list("pk", flat=True))
            for month in months:
                _store(month, *compute_month(month))
            RollupMark.objects.filter(pk__in=seen).delete()
        computed += len(months)
        done.update(months)
        if progress:
            progress.update(len(months))
    current = set(RollupMonth.objects.filter(month__in=wanted, version=version()).values_list("month", flat=True))
    for month in wanted:
        if month in current or month in done:
            continue
        with transaction.atomic():
            if not _begin_refresh():
                return computed
            _store(month, *compute_month(month))
        computed += 1
        if progress:
            progress.update(1)
    return computed


def applies(ctx: ReportContext) -> bool:
    """Whole service, at least `MIN_MONTHS` whole months, and the roll-up allowed."""
    return (ctx.use_rollup and ctx.scope.municipality is None and ctx.scope.organisation is None
            and len(months_within(ctx.period.first_day, ctx.period.last_day)) >= MIN_MONTHS)


def refresh_for(ctx: ReportContext) -> None:
    """Before a report that uses the roll-up: bring its months and last year's up to date. A
    failure only costs speed (the report then reads those months' requests), never a figure."""
    if not applies(ctx):
        return
    try:
        refresh(ctx.period.year_before().first_day, ctx.period.last_day)
    except (DatabaseError, OperationalError) as exc:
        logger.warning("report roll-up not refreshed", extra={"error": exc.__class__.__name__})


# --- reading ------------------------------------------------------------------------------------
def _usable(months: list[date], cutoff=None) -> set[date]:
    """The rolled-up months of the list that a report may use: computed by the current statement,
    not marked since, and (for the period's own states) with every deadline before `cutoff`."""
    rows = RollupMonth.objects.filter(month__in=months, version=version()).exclude(month__in=marked_months())
    if cutoff is not None:
        rows = rows.exclude(max_due__gte=cutoff)
    return set(rows.values_list("month", flat=True))


def _figures(months: set[date]):
    """The figures of these months one at a time (memory stays that of one month)."""
    return RollupMonth.objects.filter(month__in=months).values_list("figures", flat=True).iterator(chunk_size=2)


def _remainder(period: Period, used: set[date]) -> list[Period]:
    """The parts of the period the used months do not cover, as periods of whole days."""
    parts, start = [], period.first_day
    for month in sorted(used):
        if month > start:
            parts.append((start, month - timedelta(days=1)))
        start = month_period(month).last_day + timedelta(days=1)
    if start <= period.last_day:
        parts.append((start, period.last_day))
    return [Period(a, b, "custom", f"{a.isoformat()}..{b.isoformat()}") for a, b in parts]


def rolled_up_scan(ctx: ReportContext) -> tuple[dict, dict, dict] | None:
    """The report's scan (`ReportContext.scan`) from the roll-up and the requests of the months it
    cannot use: (counts, groups, last year), the same figures as from the requests alone; None
    when the roll-up does not apply."""
    if not applies(ctx):
        return None
    period, before = ctx.period, ctx.period.year_before()
    usable = _usable(months_within(period.first_day, period.last_day), ctx.cutoff)
    counts: dict = defaultdict(int)
    groups: dict = {name: defaultdict(int) for name in SCAN_SETS}
    for figures in _figures(usable):
        for name, value in figures["counts"].items():
            counts[name] += value
        for name, rows in figures["groups"].items():
            target = groups[name]
            for *key, n in rows:
                target[tuple(key)] += n
    for part in _remainder(period, set(usable)):
        sql, params, decode = additive_scan(ctx.requests, part, ctx.cutoff, ctx.guideline_minutes)
        with report_connection().cursor() as cursor:
            cursor.execute(sql, params)
            part_counts, part_groups = decode(cursor)
        for name in ADDITIVE_TOTALS:
            counts[name] += part_counts.get(name) or 0
        for name, rows in part_groups.items():
            for key, n in rows.items():
                groups[name][key] += n
    counts.update(derived_from_minutes(groups["minutes"], ctx.guideline_minutes))
    exact = clients_and_open(ctx.requests, period)
    counts["unique_clients"], counts["open_at_end"] = exact["unique_clients"], exact["open_at_end"]
    last_year = _last_year_additive(ctx, before)
    last_year["unique_clients"] = exact["last_year_unique_clients"]
    missing = set(MAIN_TOTALS) - set(counts)
    if missing:  # every headline figure must come from somewhere
        raise RuntimeError(f"roll-up lacks {sorted(missing)}")
    return dict(counts), {name: dict(rows) for name, rows in groups.items()}, last_year


def _last_year_additive(ctx: ReportContext, before: Period) -> dict:
    """Received and answered in the same period last year: rolled-up months (their deadline
    states do not matter here) and the requests of the rest."""
    usable = _usable(months_within(before.first_day, before.last_day))
    totals = {name: 0 for name in LAST_YEAR_TOTALS if name != "unique_clients"}
    month_counts = RollupMonth.objects.filter(month__in=usable).values_list("figures__counts", flat=True)
    for figures in month_counts:  # only the counts, read out of each month's figures by the database
        for name in totals:
            totals[name] += figures[name]
    for part in _remainder(before, set(usable)):
        figures, _sets = aggregate_parts(period_parts(ctx.requests, part),
                                         period_columns(part, ctx.guideline_minutes),
                                         {name: MAIN_TOTALS[name] for name in totals})
        for name in totals:
            totals[name] += figures[name] or 0
    return totals


# --- the triggers -------------------------------------------------------------------------------
def _sqlite_marks(row: str) -> str:
    """The statements that mark the UTC months of one row (OLD or NEW) in a SQLite trigger."""
    return (f"INSERT INTO reports_rollupmark (month, tx) VALUES (substr({row}.received_at, 1, 7), 0) "
            f"ON CONFLICT DO NOTHING; INSERT INTO reports_rollupmark (month, tx) SELECT substr({row}.closed_at, 1, 7), 0 "
            f"WHERE {row}.closed_at IS NOT NULL ON CONFLICT DO NOTHING;")


SQLITE_TRIGGERS = {
    f"reports_rollup_{name}": f"CREATE TRIGGER reports_rollup_{name} AFTER {event} ON {TABLE} BEGIN "
                              f"{' '.join(_sqlite_marks(row) for row in rows)} END"
    for name, event, rows in (("ins", "INSERT", ["NEW"]), ("upd", "UPDATE", ["OLD", "NEW"]), ("del", "DELETE", ["OLD"]))
}

_PG_MARK = """
    INSERT INTO reports_rollupmark (month, tx)
    SELECT DISTINCT to_char(v.at AT TIME ZONE 'UTC', 'YYYY-MM'), txid_current()
    FROM {rows}, LATERAL (VALUES ({rows}.received_at), ({rows}.closed_at)) AS v(at)
    WHERE v.at IS NOT NULL
    ON CONFLICT DO NOTHING;"""
PG_FUNCTION = f"""
    CREATE OR REPLACE FUNCTION reports_rollup_mark() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF TG_OP <> 'DELETE' THEN {_PG_MARK.format(rows="new_rows")}
      END IF;
      IF TG_OP <> 'INSERT' THEN {_PG_MARK.format(rows="old_rows")}
      END IF;
      RETURN NULL;
    END $$"""
PG_TRIGGERS = {
    "reports_rollup_ins": f"CREATE TRIGGER reports_rollup_ins AFTER INSERT ON {TABLE} REFERENCING NEW TABLE AS "
                          "new_rows FOR EACH STATEMENT EXECUTE FUNCTION reports_rollup_mark()",
    "reports_rollup_upd": f"CREATE TRIGGER reports_rollup_upd AFTER UPDATE ON {TABLE} REFERENCING OLD TABLE AS "
                          "old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION reports_rollup_mark()",
    "reports_rollup_del": f"CREATE TRIGGER reports_rollup_del AFTER DELETE ON {TABLE} REFERENCING OLD TABLE AS "
                          "old_rows FOR EACH STATEMENT EXECUTE FUNCTION reports_rollup_mark()",
}


def installed_triggers(using=None) -> set[str]:
    from django.db import connections

    conn = connections[using or "default"]
    with conn.cursor() as cursor:
        if conn.vendor == "postgresql":
            cursor.execute("SELECT tgname FROM pg_trigger WHERE tgrelid = %s::regclass AND NOT tgisinternal", [TABLE])
        elif conn.vendor == "sqlite":
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = %s", [TABLE])
        else:
            return set()
        return {name for (name,) in cursor.fetchall()} & set(TRIGGERS)


def install_triggers(using=None) -> bool:
    """Make the triggers that write the marks where they are missing (every `migrate` runs this:
    SQLite drops a table's triggers when a migration rebuilds it). When one had to be made, writes
    may have gone unmarked: every rolled-up month is then dropped, to be computed again. Returns
    whether anything was made."""
    from django.db import connections

    conn = connections[using or "default"]
    if conn.vendor not in ("postgresql", "sqlite"):
        return False
    missing = set(TRIGGERS) - installed_triggers(using)
    with transaction.atomic(using=conn.alias), conn.cursor() as cursor:
        if conn.vendor == "postgresql":
            cursor.execute(PG_FUNCTION)  # kept current even when the triggers exist
        statements = PG_TRIGGERS if conn.vendor == "postgresql" else SQLITE_TRIGGERS
        for name in sorted(missing):
            cursor.execute(statements[name])
        if missing:
            RollupMonth.objects.using(conn.alias).all().delete()
    return bool(missing)
