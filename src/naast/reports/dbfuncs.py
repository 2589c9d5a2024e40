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


def grouped_counts(queryset, expressions: dict, sets: list[tuple[str, ...]]) -> list[dict[tuple, int]]:
    """Row counts for several groupings of the same rows: for each set of dimension names, a dict
    {tuple of values: count}. PostgreSQL answers with ONE scan (GROUPING SETS); other databases
    with one statement (a UNION ALL of GROUP BYs). Results are small: bounded by the codes."""
    from collections import defaultdict

    from django.db import connection

    names = list(expressions)
    alias = {name: f"g_{name}" for name in names}
    inner = queryset.annotate(**{alias[n]: e for n, e in expressions.items()}).values(*alias.values()).order_by()
    sql, params = inner.query.sql_with_params()
    quote = connection.ops.quote_name
    results: list[dict[tuple, int]] = [defaultdict(int) for _ in sets]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            columns = ", ".join(quote(alias[n]) for n in names)
            grouping_sets = ", ".join("(" + ", ".join(quote(alias[n]) for n in s) + ")" for s in sets)
            cursor.execute(
                f"SELECT {columns}, GROUPING({columns}), COUNT(*) FROM ({sql}) AS t "  # noqa: S608 (own aliases)
                f"GROUP BY GROUPING SETS ({grouping_sets})",
                params,
            )
            # GROUPING() sets a bit (first column = highest bit) for each column *not* grouped by.
            masks = {sum(1 << (len(names) - 1 - j) for j, n in enumerate(names) if n not in s): i
                     for i, s in enumerate(sets)}
            for *values, mask, count in cursor.fetchall():
                index = masks[mask]
                results[index][tuple(values[names.index(d)] for d in sets[index])] += count
        else:
            width = max(len(s) for s in sets)
            parts = []
            for i, s in enumerate(sets):
                columns = ", ".join(quote(alias[n]) for n in s)
                padding = ", NULL" * (width - len(s))
                parts.append(f"SELECT {i}, {columns}{padding}, COUNT(*) FROM ({sql}) AS t GROUP BY {columns}")
            cursor.execute(" UNION ALL ".join(parts), list(params) * len(sets))
            for index, *values, count in cursor.fetchall():
                results[index][tuple(values[: len(sets[index])])] += count
    return results
