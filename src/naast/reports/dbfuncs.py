"""Small database functions that Django lacks, written for SQLite and PostgreSQL alike."""

from collections import defaultdict
from contextlib import contextmanager

from django.db import transaction

from naast.core.replica import reads_from_replica, report_connection


@contextmanager
def report_session():
    """Where a report's statements run: on the read replica when one is configured
    (`naast.core.replica`; ORM reads through its router, the SQL here through
    `report_connection()`), else on the main database. On PostgreSQL: one transaction (so all figures read the
    same snapshot: REPEATABLE READ when the session starts the transaction) with enough work_mem that the period's rows and their hash tables stay in
    memory (the default 4 MB spills the grouping of a year to disk); the setting ends with the
    transaction. (The connections' random_page_cost of 1.1, set in settings.py, matters here too:
    with the default 4 PostgreSQL joins one municipality's life domains by reading every link.)
    Nothing to set on SQLite."""
    with reads_from_replica() as alias:
        connection = report_connection()
        if connection.vendor != "postgresql":
            yield
            return
        with transaction.atomic(using=alias):
            with connection.cursor() as cursor:
                if len(connection.atomic_blocks) == 1:
                    # Its own transaction: every statement reads one snapshot (READ COMMITTED
                    # takes a new one per statement, so a request written between the roll-up's
                    # months and the unique clients could count in one figure and not in another).
                    cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
                cursor.execute("SET LOCAL work_mem = '128MB'")
            yield


def _parts_sql(parts, columns: dict) -> tuple[str, list]:
    """The UNION ALL of `parts` (querysets over one model), each selecting `columns` (name →
    expression) under the same aliases in the same order. A part may be a pair (queryset,
    {name: expression}) that computes some columns differently, e.g. NULL where a column cannot
    matter for its rows. Each part keeps its own WHERE, so each can be served by its own index
    range where one OR condition would make the database read far more rows."""
    names = list(columns)
    sqls, params = [], []
    for part in parts:
        part, overrides = part if isinstance(part, tuple) else (part, {})
        query = part.annotate(**{**columns, **overrides}).values(*names).order_by().query
        sql, part_params = query.sql_with_params()
        sqls.append(sql)
        params.extend(part_params)
    return " UNION ALL ".join(sqls), params


def aggregate_parts(parts, columns: dict, totals: dict[str, tuple], sets: dict[str, tuple] | None = None,
                    composites: tuple[tuple[str, ...], ...] = ()):
    """Aggregates over the UNION ALL of `parts`, read once in ONE statement.

    `columns`: name → expression computed per row (flags as 0/1 integers, codes, day counts).
    `totals`: name → ("sum", column), ("sum", flag, column) or ("distinct", column, flag): SUM(column),
    the SUM of `column` over rows whose 0/1 `flag` is 1 (flag × column, so a condition shared by
    several totals is computed once per row), or the number of distinct non-null values of
    `column` over rows whose `flag` is 1.
    `sets`: name → (dimensions, measure): for each distinct tuple of the dimension columns the
    SUM of the 0/1 `measure` column (groups summing to 0 are dropped).
    `composites`: tuples of set names with the same measure computed from ONE grouping over all
    their dimensions, the marginals summed here (SQLite sorts the rows once per GROUP BY, and
    PostgreSQL keeps one hash table per grouping set). Only combine dimensions with few values,
    so the composite groups stay few.
    Returns ({total name: value}, {set name: {key tuple: count}}). The rows are materialised once
    (a MATERIALIZED CTE), then aggregated: the sums in one pass; every distinct count over the
    same column from one grouping by that column (each client once, with the largest of each
    flag: one hash table on PostgreSQL instead of a sort per COUNT(DISTINCT)); PostgreSQL computes
    every set in one hashed pass (GROUPING SETS) over the rows some measure counts, SQLite with
    one GROUP BY per grouping over the rows whose measure is 1. Python only ever sees grouped
    rows, bounded by the codes and day/minute values, never by the number of requests. The
    result is exact either way.
    """
    sql, params, decode = aggregate_sql(parts, columns, totals, sets, composites)
    with report_connection().cursor() as cursor:
        cursor.execute(sql, params)
        return decode(cursor)  # streamed: never all grouped rows at once


def aggregate_sql(parts, columns: dict, totals: dict[str, tuple], sets: dict[str, tuple] | None = None,
                  composites: tuple[tuple[str, ...], ...] = ()):
    """The statement of `aggregate_parts` (sql, params) and the function that reads its rows into
    ({total name: value}, {set name: {key tuple: count}}). The SQL text also tells whether two
    computations are the same (the monthly roll-up's version, `rollup.py`)."""
    sets = sets or {}
    connection = report_connection()
    inner, params = _parts_sql(parts, columns)
    quote = connection.ops.quote_name
    dims = sorted({d for dimensions, _m in sets.values() for d in dimensions}, key=list(columns).index)
    # The totals: sums from one pass over the rows; distinct counts per column from one grouping.
    sum_sql, distinct_of = [], defaultdict(list)
    total_sql = []
    for spec in totals.values():
        if spec[0] == "sum":
            total_sql.append(f"t.s{len(sum_sql)}")
            sum_sql.append(f"SUM({' * '.join(quote(c) for c in spec[1:])}) AS s{len(sum_sql)}")
        else:
            column, flag_column = spec[1], spec[2]
            index = list(distinct_of).index(column) if column in distinct_of else len(distinct_of)
            total_sql.append(f"d{index}.n{len(distinct_of[column])}")
            distinct_of[column].append(flag_column)
    sources = [f"(SELECT {', '.join(sum_sql)} FROM p) AS t"] if sum_sql else []
    for index, (column, flags) in enumerate(distinct_of.items()):
        unique = list(dict.fromkeys(flags))
        maxima = ", ".join(f"MAX({quote(f)}) AS m{j}" for j, f in enumerate(unique))
        counted = ", ".join(f"COUNT(*) FILTER (WHERE m{unique.index(f)} = 1) AS n{k}" for k, f in enumerate(flags))
        any_flag = " OR ".join(f"{quote(f)} = 1" for f in unique)
        sources.append(f"(SELECT {counted} FROM (SELECT {quote(column)}, {maxima} FROM p "
                       f"WHERE {quote(column)} IS NOT NULL AND ({any_flag}) GROUP BY {quote(column)}) AS g) AS d{index}")
    measures = sorted({m for _d, m in sets.values()}, key=list(columns).index)
    # Row layout: set index, one column per dimension, the totals, one column per measure.
    width_dims, width_totals = len(dims), len(total_sql)
    null = "NULL"
    selects = [f"SELECT -1, {', '.join([null] * width_dims + total_sql + [null] * len(measures))} "
               f"FROM {', '.join(sources)}"]
    set_names = list(sets)
    measure_sql = [f"SUM({quote(m)})" for m in measures]
    # A group is one composite of sets sharing a measure, or one set alone: one grouping each.
    in_composite = {name for group in composites for name in group}
    groups = [tuple(group) for group in composites] + [(n,) for n in set_names if n not in in_composite]
    group_dims = []
    for group in groups:
        if any(sets[name][1] != sets[group[0]][1] for name in group):
            raise ValueError(f"The sets {group} do not share one measure.")
        group_dims.append([d for d in dims if any(d in sets[name][0] for name in group)])
    if sets and connection.vendor == "postgresql":
        grouping = f"GROUPING({', '.join(quote(d) for d in dims)})"
        grouping_sets = ", ".join("(" + ", ".join(quote(d) for d in g) + ")" for g in group_dims)
        counted = " OR ".join(f"{quote(m)} = 1" for m in measures)
        selects.append(
            f"SELECT {grouping}, {', '.join([quote(d) for d in dims] + [null] * width_totals + measure_sql)} "
            f"FROM p WHERE {counted} GROUP BY GROUPING SETS ({grouping_sets})"
        )
        # GROUPING() sets a bit (first dimension = highest bit) for each dimension *not* grouped by.
        index_of = {sum(1 << (width_dims - 1 - j) for j, d in enumerate(dims) if d not in g): group
                    for group, g in zip(groups, group_dims, strict=True)}
        if len(index_of) != len(groups):
            raise ValueError("Two groupings have the same dimensions.")
    else:
        for i, (group, dimensions) in enumerate(zip(groups, group_dims, strict=True)):
            measure = sets[group[0]][1]
            cells = [quote(d) if d in dimensions else null for d in dims]
            selects.append(f"SELECT {i}, {', '.join(cells + [null] * width_totals + measure_sql)} "
                           f"FROM p WHERE {quote(measure)} = 1 GROUP BY {', '.join(quote(d) for d in dimensions)}")
        index_of = dict(enumerate(groups))
    materialized = "MATERIALIZED " if connection.vendor in ("postgresql", "sqlite") else ""
    sql = f"WITH p AS {materialized}({inner}) " + " UNION ALL ".join(selects)

    def decode(rows) -> tuple[dict, dict[str, dict[tuple, int]]]:
        results: dict[str, dict[tuple, int]] = {name: defaultdict(int) for name in set_names}
        total_values: dict = {}
        for set_index, *values in rows:
            if set_index == -1:
                for name, value in zip(totals, values[width_dims: width_dims + width_totals], strict=True):
                    total_values[name] = value or 0
                continue
            for name in index_of[set_index]:
                dimensions, measure = sets[name]
                count = values[width_dims + width_totals + measures.index(measure)] or 0
                if count:
                    results[name][tuple(values[dims.index(d)] for d in dimensions)] += count
        return total_values, results

    return sql, params, decode
