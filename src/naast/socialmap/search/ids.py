"""Service ids in SQL, as the filters and the ranking pass them around: as 32 hex digits
converted in the database, and a list of them as one SQL parameter."""

from __future__ import annotations

import json

from django.db import connection, models
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
    return set(qs.values_list(as_hex(field), flat=True)[:limit])


def in_id_set(model: type[models.Model], ids: list[str], column: str = "") -> RawSQL:
    """Restrict to these services, with the ids as one SQL parameter: Django's `pk__in` with
    hundreds of UUIDs costs more time to build than the query takes to run. On PostgreSQL an
    array (`= ANY`), which the planner reads through the primary key; as a subquery it may scan
    the whole map and join. `column` names another id column of the model (e.g. "service_id")."""
    column = f"{connection.ops.quote_name(model._meta.db_table)}.{connection.ops.quote_name(column or model._meta.pk.column)}"
    if connection.vendor == "postgresql":
        return RawSQL(f"{column} = ANY(%s::uuid[])", [ids], output_field=models.BooleanField())
    return RawSQL(f"{column} IN (SELECT value FROM json_each(%s))", [json.dumps(ids)], output_field=models.BooleanField())
