"""Small database functions that Django lacks, written for SQLite and PostgreSQL alike."""

from django.db import models


class WholeDays(models.Func):
    """Whole days (rounded down) from `start` to `end`, computed in the database."""

    output_field = models.IntegerField()
    arity = 2

    def __init__(self, end, start, **extra):
        super().__init__(end, start, **extra)

    def as_sqlite(self, compiler, connection, **extra):
        # Round to whole seconds first: julianday() is a float, and 14 days must not become 13.99999.
        return self.as_sql(
            compiler, connection,
            template="CAST(ROUND((julianday(%(expressions)s)) * 86400) / 86400 AS INTEGER)",
            arg_joiner=") - julianday(", **extra,
        )

    def as_postgresql(self, compiler, connection, **extra):
        return self.as_sql(compiler, connection,
                           template="CAST(FLOOR(EXTRACT(EPOCH FROM (%(expressions)s)) / 86400) AS INTEGER)",
                           arg_joiner=" - ", **extra)


def nearest_rank(histogram: list[tuple[int, int]], share: float) -> int | None:
    """The nearest-rank percentile of values given as (value, count) pairs: the smallest value
    with at least `share` of all counts at or below it. Works on grouped data, never on rows."""
    total = sum(count for _value, count in histogram)
    if total == 0:
        return None
    rank = max(1, -(-int(round(share * total * 1000)) // 1000))  # ceil(share * total) without float drift
    cumulative = 0
    for value, count in sorted(histogram):
        cumulative += count
        if cumulative >= rank:
            return value
    return None
