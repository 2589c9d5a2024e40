"""Validating an import: every field converted to its kind, required fields, allowed values,
phone numbers, ages and references checked; each problem named by record and field."""

from __future__ import annotations

import decimal
import uuid
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator, URLValidator
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime, parse_time

from naast.core import phones as phone_rules

from ..models import MAX_AGE
from .read import Collector
from .tables import ENUMS, HARD_REFS, OWNER_REFS, REQUIRED, TABLES, naast_term

_email = EmailValidator()
_url = URLValidator()


def _convert(kind: str, value: Any) -> Any:
    if value is None or value == "":
        return None
    if kind in ("str",):
        return str(value)
    if kind == "int":
        if isinstance(value, bool):
            raise ValueError("a whole number")
        number = float(value)
        if number != int(number) or number < 0:
            raise ValueError("a whole number of 0 or more")
        return int(number)
    if kind == "float":
        return float(value)
    if kind == "decimal":
        try:
            return decimal.Decimal(str(value))
        except decimal.InvalidOperation as exc:
            raise ValueError("a number") from exc
    if kind == "date":
        parsed = parse_date(str(value))
        if parsed is None:
            raise ValueError("a date as YYYY-MM-DD")
        return parsed
    if kind == "time":
        parsed = parse_time(str(value))
        if parsed is None:
            raise ValueError("a time as HH:MM:SS")
        return parsed
    if kind == "datetime":
        parsed = parse_datetime(str(value))
        if parsed is None:
            raise ValueError("a date and time (ISO 8601)")
        return parsed if timezone.is_aware(parsed) else timezone.make_aware(parsed)
    if kind == "uuid":
        return str(uuid.UUID(str(value)))
    if kind == "email":
        _email(str(value))
        return str(value)
    if kind == "url":
        _url(str(value))
        return str(value)
    raise ValueError(kind)


def validate(collector: Collector) -> dict[str, dict[str, dict]]:
    """Typed records per table, or errors in the collector naming record and field."""
    clean: dict[str, dict[str, dict]] = {name: {} for name in TABLES}
    for table, records in collector.tables.items():
        fields = TABLES[table][1]
        for rid, row in records.items():
            where = row["_where"]
            label = f"{table} record {rid} ({where})"
            try:
                uuid.UUID(str(rid))
            except ValueError:
                collector.errors.append(f"{label}: field 'id' is not a UUID")
                continue
            typed: dict[str, Any] = {}
            for name, kind in fields.items():
                try:
                    typed[name] = _convert(kind, row.get(name))
                except (ValueError, TypeError, ValidationError) as exc:
                    reason = exc.messages[0] if isinstance(exc, ValidationError) else f"expected {exc}"
                    collector.errors.append(f"{label}: field '{name}' has {row.get(name)!r}: {reason}")
            for name in REQUIRED.get(table, []):
                if typed.get(name) in (None, ""):
                    collector.errors.append(f"{label}: required field '{name}' is missing")
            for (t, name), allowed in ENUMS.items():
                if t == table and typed.get(name) not in (None, "") and typed[name] not in allowed:
                    collector.errors.append(
                        f"{label}: field '{name}' is {typed[name]!r}, expected one of: {', '.join(allowed)}"
                    )
            if table == "phones" and typed.get("number") and not phone_rules.is_valid(typed["number"]):
                collector.errors.append(f"{label}: field 'number' {typed['number']!r} is not a phone number")
            if table == "services":
                low, high = typed.get("minimum_age"), typed.get("maximum_age")
                for name, age in (("minimum_age", low), ("maximum_age", high)):
                    if age is not None and not 0 <= age <= MAX_AGE:
                        collector.errors.append(f"{label}: field '{name}' is {age}, expected an age from 0 to {MAX_AGE}")
                if low is not None and high is not None and low > high:
                    collector.errors.append(f"{label}: field 'maximum_age' is below 'minimum_age'")
            typed["_where"] = label
            clean[table][rid] = typed
    _check_references(clean, collector)
    return clean


def is_known(clean: dict, table: str, rid: str | None) -> bool:
    """Whether a record of `table` with this id is in the file being imported or already in the map."""
    if not rid:
        return False
    if rid in clean[table]:
        return True
    model = TABLES[table][0]
    return model.objects.filter(pk=rid).exists()


def _check_references(clean: dict, collector: Collector) -> None:
    for (table, name), target in HARD_REFS.items():
        for row in clean[table].values():
            if row.get(name) and not is_known(clean, target, row[name]):
                collector.errors.append(f"{row['_where']}: field '{name}' refers to unknown {target} record {row[name]}")
            if table == "service_at_location" and not row.get(name):
                collector.errors.append(f"{row['_where']}: required field '{name}' is missing")
            if table in ("addresses", "accessibility", "service_areas", "cost_options", "required_documents") and not row.get(name):
                collector.errors.append(f"{row['_where']}: required field '{name}' is missing")
    for table, owners in OWNER_REFS.items():
        for row in clean[table].values():
            given = {name: row.get(name) for name in owners if row.get(name)}
            known = {name: rid for name, rid in given.items() if is_known(clean, owners[name], rid)}
            if given and not known:
                listed = ", ".join(f"{k}={v}" for k, v in given.items())
                collector.errors.append(f"{row['_where']}: refers only to unknown records ({listed})")
            elif not given:
                collector.errors.append(f"{row['_where']}: belongs to nothing (no {' / '.join(owners)})")
            for name in set(given) - set(known):
                row[name] = None
                collector.notes.append(f"{row['_where']}: unknown {name} {given[name]} ignored")
    for row in clean["locations"].values():
        if row.get("organization_id") and not is_known(clean, "organizations", row["organization_id"]):
            collector.notes.append(f"{row['_where']}: organisation {row['organization_id']} is not in the map; link left empty")
            row["organization_id"] = None
        if row.get("latitude") is not None and not -90 <= row["latitude"] <= 90:
            collector.notes.append(f"{row['_where']}: latitude {row['latitude']} is out of range; no route link is shown")
    for row in clean["attributes"].values():
        if not row.get("taxonomy_term_id") or not is_known(clean, "taxonomy_terms", row["taxonomy_term_id"]):
            if not naast_term(row.get("taxonomy_term_id")):
                collector.errors.append(f"{row['_where']}: field 'taxonomy_term_id' refers to an unknown taxonomy term")
        if row.get("link_id") and not is_known(clean, "services", row["link_id"]):
            collector.notes.append(f"{row['_where']}: links to {row['link_id']}, not a service in the map; skipped")
            row["link_id"] = None

