"""Service ids in SQL, as the filters and the ranking pass them around: as 32 hex digits
converted in the database, and a list of them as one SQL parameter."""

from __future__ import annotations

import json

from django.core.exceptions import EmptyResultSet
from django.db import connection, connections, models
from django.db.models import Func, Value
from django.db.models.expressions import RawSQL
from django.db.models.functions import Cast


def as_hex(field: str) -> models.Expression:
    """A service id as 32 hex digits, converted in the database: turning hundreds of ids into
    UUID objects and back costs more than the query."""
    if connection.vendor == "postgresql":
        return Func(Cast(field, models.TextField()), Value("-"), Value(""), function="replace",
                    output_field=models.TextField())
    return Cast(field, models.TextField())


def hex_ids(qs: models.QuerySet, field: str = "pk", limit: int | None = None) -> set[str]:
    return set(hex_rows(qs, field, limit))


def hex_rows(qs: models.QuerySet, field: str = "pk", limit: int | None = None) -> list[str]:
    """One id per row (32 hex digits), unordered, at most `limit` rows: the same as
    `values_list(as_hex(field), flat=True)`, read through the cursor (Django's row-by-row
    iteration costs more than the query when there are thousands of rows)."""
    query = qs.order_by().values_list(as_hex(field), flat=True)[:limit]
    try:
        sql, params = query.query.sql_with_params()
    except EmptyResultSet:
        return []
    with connections[query.db].cursor() as cursor:
        cursor.execute(sql, params)
        return [row[0] for row in cursor.fetchall()]


def in_id_set(model: type[models.Model], ids: list[str], column: str = "") -> RawSQL:
    """Restrict to these services, with the ids as one SQL parameter: Django's `pk__in` with
    hundreds of UUIDs costs more time to build than the query takes to run. On PostgreSQL an
    array (`= ANY`), which the planner reads through the primary key; as a subquery it may scan
    the whole map and join. `column` names another id column of the model (e.g. "service_id")."""
    column = f"{connection.ops.quote_name(model._meta.db_table)}.{connection.ops.quote_name(column or model._meta.pk.column)}"
    if connection.vendor == "postgresql":
        return RawSQL(f"{column} = ANY(%s::uuid[])", [_id_parameter(ids)], output_field=models.BooleanField())
    return RawSQL(f"{column} IN (SELECT value FROM json_each(%s))", [_id_parameter(ids)],
                  output_field=models.BooleanField())


def _id_parameter(ids: list[str]):
    """The ids as one text parameter: a PostgreSQL array literal (cast to uuid[] in the SQL),
    a JSON list on SQLite. Passing a Python list instead costs psycopg a millisecond of quoting
    per 500 ids; the ids are 32 hex digits, so the literal needs no quoting of its own."""
    if connection.vendor == "postgresql":
        return "{" + ",".join(ids) + "}"
    return json.dumps(list(ids))


class ByIds:
    """A values_list query restricted to one list of ids after another (`in_id_set`), put
    together by Django once: building the SQL of a query with several conditions costs more
    than running it. Each list is run as the same SQL with that list as its parameter, and the
    rows converted as Django converts them (the same rows as `qs.filter(in_id_set(...))`)."""

    _MARK = ["0" * 31 + "1"]  # no service has this id; it marks the parameter to replace

    def __init__(self, qs: models.QuerySet, column: str = ""):
        self.qs = qs
        self.column = column  # another id column of the model to restrict (see `in_id_set`)
        self._compiled = None

    def rows(self, ids: list[str]) -> list[tuple]:
        if self._compiled is None:
            query = self.qs.filter(in_id_set(self.qs.model, self._MARK, self.column))
            compiler = query.query.get_compiler(using=query.db)
            try:
                sql, params = compiler.as_sql()
            except EmptyResultSet:
                sql, params = None, ()  # a condition that nothing meets (an empty id list)
            mark = _id_parameter(self._MARK)
            at = [i for i, value in enumerate(params) if value == mark]
            self._compiled = (compiler, sql, list(params), at[0] if len(at) == 1 else None, query.db)
        compiler, sql, params, at, alias = self._compiled
        if sql is None:
            return []
        if at is None:  # the mark is not to be found once: let Django build this one
            return list(self.qs.filter(in_id_set(self.qs.model, ids, self.column)))
        params = list(params)  # an instance may be shared (threads): the compiled parameters stay as they are
        params[at] = _id_parameter(ids)
        with connections[alias].cursor() as cursor:
            cursor.execute(sql, params)
            return list(compiler.results_iter(results=[cursor.fetchall()], tuple_expected=True))
