"""HSDS 3.0 in and out: flatten JSON (objects, lists, Pages) or a tabular package (CSV) into
tables, validate every record, then write all of it in one transaction, keyed on the HSDS ids
(re-importing updates, never duplicates). Export writes the public part of the map only."""

from __future__ import annotations

import csv
import datetime as dt
import decimal
import json
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator, URLValidator
from django.db import transaction
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime, parse_time

from naast.core import phones as phone_rules
from naast.taxonomies.models import LifeDomain, TargetGroup

from . import search
from .models import (
    MAX_AGE,
    Accessibility,
    Address,
    CostOption,
    Funding,
    Language,
    Location,
    Organization,
    Phone,
    RequiredDocument,
    Schedule,
    Service,
    ServiceArea,
    ServiceAtLocation,
    ServiceAttribute,
    ServiceChange,
    Taxonomy,
    TaxonomyTerm,
    naast_uuid,
)
from .models import (
    Contact as ContactModel,
)

# table -> (model, {hsds field: kind}); kinds: str, int, float, decimal, date, time, datetime, email, url, uuid
TABLES: dict[str, tuple[type, dict[str, str]]] = {
    "taxonomies": (Taxonomy, {"name": "str", "description": "str", "uri": "url", "version": "str"}),
    "taxonomy_terms": (TaxonomyTerm, {"code": "str", "name": "str", "description": "str", "parent_id": "uuid",
                                      "taxonomy": "str", "language": "str", "taxonomy_id": "uuid", "term_uri": "url"}),
    "organizations": (Organization, {"name": "str", "alternate_name": "str", "description": "str", "email": "email",
                                     "website": "url", "tax_status": "str", "tax_id": "str", "year_incorporated": "int",
                                     "legal_status": "str", "logo": "str", "uri": "url", "parent_organization_id": "uuid"}),
    "services": (Service, {"organization_id": "uuid", "name": "str", "alternate_name": "str", "description": "str",
                           "url": "url", "email": "email", "status": "str", "interpretation_services": "str",
                           "application_process": "str", "fees_description": "str", "wait_time": "str", "fees": "str",
                           "accreditations": "str", "eligibility_description": "str", "minimum_age": "int",
                           "maximum_age": "int", "assured_date": "date", "assurer_email": "email", "licenses": "str",
                           "alert": "str", "last_modified": "datetime"}),
    "locations": (Location, {"location_type": "str", "url": "url", "organization_id": "uuid", "name": "str",
                             "alternate_name": "str", "description": "str", "transportation": "str", "latitude": "float",
                             "longitude": "float", "external_identifier": "str", "external_identifier_type": "str"}),
    "addresses": (Address, {"location_id": "uuid", "attention": "str", "address_1": "str", "address_2": "str",
                            "city": "str", "region": "str", "state_province": "str", "postal_code": "str",
                            "country": "str", "address_type": "str"}),
    "accessibility": (Accessibility, {"location_id": "uuid", "description": "str", "details": "str", "url": "url"}),
    "service_at_location": (ServiceAtLocation, {"service_id": "uuid", "location_id": "uuid", "description": "str"}),
    "contacts": (ContactModel, {"organization_id": "uuid", "service_id": "uuid", "service_at_location_id": "uuid",
                                "location_id": "uuid", "name": "str", "title": "str", "department": "str", "email": "email"}),
    "phones": (Phone, {"location_id": "uuid", "service_id": "uuid", "organization_id": "uuid", "contact_id": "uuid",
                       "service_at_location_id": "uuid", "number": "str", "extension": "int", "type": "str",
                       "description": "str"}),
    "schedules": (Schedule, {"service_id": "uuid", "location_id": "uuid", "service_at_location_id": "uuid",
                             "valid_from": "date", "valid_to": "date", "dtstart": "date", "timezone": "int", "until": "date",
                             "count": "int", "wkst": "str", "freq": "str", "interval": "int", "byday": "str",
                             "byweekno": "str", "bymonthday": "str", "byyearday": "str", "description": "str",
                             "opens_at": "time", "closes_at": "time", "schedule_link": "url", "attending_type": "str",
                             "notes": "str"}),
    "service_areas": (ServiceArea, {"service_id": "uuid", "name": "str", "description": "str", "extent": "str",
                                    "extent_type": "str", "uri": "str"}),
    "languages": (Language, {"service_id": "uuid", "location_id": "uuid", "phone_id": "uuid", "name": "str",
                             "code": "str", "note": "str"}),
    "cost_options": (CostOption, {"service_id": "uuid", "valid_from": "date", "valid_to": "date", "option": "str",
                                  "currency": "str", "amount": "decimal", "amount_description": "str"}),
    "funding": (Funding, {"organization_id": "uuid", "service_id": "uuid", "source": "str"}),
    "required_documents": (RequiredDocument, {"service_id": "uuid", "document": "str", "uri": "url"}),
    "attributes": (None, {"link_id": "uuid", "taxonomy_term_id": "uuid", "link_type": "str", "link_entity": "str",
                          "value": "str"}),
}
# Tables of the standard that Naast does not hold; reported, not rejected.
IGNORED_TABLES = {"programs", "organization_identifiers", "metadata", "meta_table_descriptions"}

REQUIRED = {
    "taxonomies": ["name", "description"], "taxonomy_terms": ["name", "description"],
    "organizations": ["name", "description"], "services": ["name", "status"], "locations": ["location_type"],
    "addresses": ["address_1", "city", "state_province", "postal_code", "country", "address_type"],
    "phones": ["number"],
}
ENUMS = {
    ("services", "status"): ["active", "inactive", "defunct", "temporarily closed"],
    ("locations", "location_type"): ["physical", "postal", "virtual"],
    ("addresses", "address_type"): ["physical", "postal", "virtual"],
    ("schedules", "wkst"): ["MO", "TU", "WE", "TH", "FR", "SA", "SU"],
    ("schedules", "freq"): ["WEEKLY", "MONTHLY"],
}
# References that must point to a record in the file or in the map; else the record is rejected.
HARD_REFS = {
    ("services", "organization_id"): "organizations",
    ("service_at_location", "service_id"): "services", ("service_at_location", "location_id"): "locations",
    ("addresses", "location_id"): "locations", ("accessibility", "location_id"): "locations",
    ("service_areas", "service_id"): "services", ("cost_options", "service_id"): "services",
    ("required_documents", "service_id"): "services",
}
# Records that may belong to several owners: at least one given owner must be known.
OWNER_REFS = {
    "phones": {"location_id": "locations", "service_id": "services", "organization_id": "organizations",
               "contact_id": "contacts", "service_at_location_id": "service_at_location"},
    "contacts": {"organization_id": "organizations", "service_id": "services",
                 "service_at_location_id": "service_at_location", "location_id": "locations"},
    "schedules": {"service_id": "services", "location_id": "locations", "service_at_location_id": "service_at_location"},
    "languages": {"service_id": "services", "location_id": "locations", "phone_id": "phones"},
    "funding": {"organization_id": "organizations", "service_id": "services"},
}
WRITE_ORDER = ["taxonomies", "taxonomy_terms", "organizations", "services", "locations", "addresses", "accessibility",
               "service_at_location", "contacts", "phones", "schedules", "service_areas", "languages", "cost_options",
               "funding", "required_documents"]
MODEL_FIELD = {("services", "last_modified"): "modified_at", ("taxonomy_terms", "taxonomy_id"): "taxonomy_id_value"}

LIFE_DOMAIN_TAXONOMY = "naast-life-domain"
TARGET_GROUP_TAXONOMY = "naast-target-group"


class ImportRejected(Exception):
    def __init__(self, errors: list[str]):
        super().__init__(f"{len(errors)} problem(s)")
        self.errors = errors


@dataclass
class ImportReport:
    counts: dict[str, int] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)


# ------------------------------------------------------------------ reading

class Collector:
    """Tables of flat records, merged by id (the same phone may appear under several parents)."""

    def __init__(self):
        self.tables: dict[str, dict[str, dict]] = {name: {} for name in TABLES}
        self.errors: list[str] = []
        self.notes: list[str] = []

    def add(self, table: str, record: dict, where: str, **links) -> str | None:
        rid = record.get("id")
        if not isinstance(rid, str) or not rid:
            self.errors.append(f"{where}: field 'id' is missing")
            return None
        row = {k: v for k, v in record.items() if not isinstance(v, list | dict)}
        row.update({k: v for k, v in links.items() if v})
        row["_where"] = where
        existing = self.tables[table].get(rid)
        if existing is None:
            self.tables[table][rid] = row
        else:
            for key, value in row.items():
                if value not in (None, "") and existing.get(key) in (None, ""):
                    existing[key] = value
        return rid

    # JSON walkers -------------------------------------------------------------
    def service(self, obj: dict, where: str) -> None:
        org = obj.get("organization")
        org_id = self.organization(org, f"{where}.organization") if isinstance(org, dict) else None
        sid = self.add("services", obj, where, organization_id=obj.get("organization_id") or org_id)
        if sid is None:
            return
        for i, x in enumerate(obj.get("phones") or []):
            self.phone(x, f"{where}.phones[{i}]", service_id=sid)
        for i, x in enumerate(obj.get("schedules") or []):
            self.add("schedules", x, f"{where}.schedules[{i}]", service_id=sid)
        for i, x in enumerate(obj.get("service_areas") or []):
            self.add("service_areas", x, f"{where}.service_areas[{i}]", service_id=sid)
        for i, x in enumerate(obj.get("service_at_locations") or []):
            self.service_at_location(x, f"{where}.service_at_locations[{i}]", service_id=sid)
        for i, x in enumerate(obj.get("languages") or []):
            self.add("languages", x, f"{where}.languages[{i}]", service_id=sid)
        for key in ("funding", "cost_options", "required_documents"):
            for i, x in enumerate(obj.get(key) or []):
                self.add(key, x, f"{where}.{key}[{i}]", service_id=sid)
        for i, x in enumerate(obj.get("contacts") or []):
            self.contact(x, f"{where}.contacts[{i}]", service_id=sid)
        for i, x in enumerate(obj.get("attributes") or []):
            self.attribute(x, f"{where}.attributes[{i}]", link_id=sid)

    def attribute(self, obj: dict, where: str, link_id: str) -> None:
        term = obj.get("taxonomy_term")
        term_id = self.taxonomy_term(term, f"{where}.taxonomy_term") if isinstance(term, dict) else None
        self.add("attributes", obj, where, link_id=obj.get("link_id") or link_id,
                 taxonomy_term_id=obj.get("taxonomy_term_id") or term_id)

    def taxonomy_term(self, obj: dict, where: str) -> str | None:
        detail = obj.get("taxonomy_detail")
        tax_id = self.add("taxonomies", detail, f"{where}.taxonomy_detail") if isinstance(detail, dict) else None
        return self.add("taxonomy_terms", obj, where, taxonomy_id=obj.get("taxonomy_id") or tax_id)

    def organization(self, obj: dict, where: str) -> str | None:
        oid = self.add("organizations", obj, where)
        if oid is None:
            return None
        for key in ("funding",):
            for i, x in enumerate(obj.get(key) or []):
                self.add(key, x, f"{where}.{key}[{i}]", organization_id=oid)
        for i, x in enumerate(obj.get("contacts") or []):
            self.contact(x, f"{where}.contacts[{i}]", organization_id=oid)
        for i, x in enumerate(obj.get("phones") or []):
            self.phone(x, f"{where}.phones[{i}]", organization_id=oid)
        for i, x in enumerate(obj.get("locations") or []):
            self.location(x, f"{where}.locations[{i}]", organization_id=oid)
        for i, x in enumerate(obj.get("services") or []):
            self.service({**x, "organization_id": x.get("organization_id") or oid}, f"{where}.services[{i}]")
        if obj.get("programs") or obj.get("organization_identifiers"):
            self.notes.append(f"{where}: programs and organisation identifiers are not kept")
        return oid

    def location(self, obj: dict, where: str, **links) -> str | None:
        lid = self.add("locations", obj, where, **links)
        if lid is None:
            return None
        for i, x in enumerate(obj.get("languages") or []):
            self.add("languages", x, f"{where}.languages[{i}]", location_id=lid)
        for i, x in enumerate(obj.get("addresses") or []):
            self.add("addresses", x, f"{where}.addresses[{i}]", location_id=lid)
        for i, x in enumerate(obj.get("accessibility") or []):
            self.add("accessibility", x, f"{where}.accessibility[{i}]", location_id=lid)
        for i, x in enumerate(obj.get("contacts") or []):
            self.contact(x, f"{where}.contacts[{i}]", location_id=lid)
        for i, x in enumerate(obj.get("phones") or []):
            self.phone(x, f"{where}.phones[{i}]", location_id=lid)
        for i, x in enumerate(obj.get("schedules") or []):
            self.add("schedules", x, f"{where}.schedules[{i}]", location_id=lid)
        return lid

    def service_at_location(self, obj: dict, where: str, **links) -> None:
        location = obj.get("location")
        lid = self.location(location, f"{where}.location") if isinstance(location, dict) else None
        service = obj.get("service")
        if isinstance(service, dict):
            self.service(service, f"{where}.service")
            links["service_id"] = links.get("service_id") or service.get("id")
        said = self.add("service_at_location", obj, where, location_id=obj.get("location_id") or lid,
                        service_id=obj.get("service_id") or links.get("service_id"))
        if said is None:
            return
        for i, x in enumerate(obj.get("contacts") or []):
            self.contact(x, f"{where}.contacts[{i}]", service_at_location_id=said)
        for i, x in enumerate(obj.get("phones") or []):
            self.phone(x, f"{where}.phones[{i}]", service_at_location_id=said)
        for i, x in enumerate(obj.get("schedules") or []):
            self.add("schedules", x, f"{where}.schedules[{i}]", service_at_location_id=said)

    def contact(self, obj: dict, where: str, **links) -> None:
        cid = self.add("contacts", obj, where, **links)
        for i, x in enumerate(obj.get("phones") or []):
            self.phone(x, f"{where}.phones[{i}]", contact_id=cid)

    def phone(self, obj: dict, where: str, **links) -> None:
        pid = self.add("phones", obj, where, **links)
        for i, x in enumerate(obj.get("languages") or []):
            self.add("languages", x, f"{where}.languages[{i}]", phone_id=pid)

    def any_object(self, obj: Any, where: str) -> None:
        if isinstance(obj, list):
            for i, x in enumerate(obj):
                self.any_object(x, f"{where}[{i}]")
            return
        if not isinstance(obj, dict):
            self.errors.append(f"{where}: expected an HSDS object, found {type(obj).__name__}")
            return
        keys = set(obj)
        if keys and all(k.endswith(".csv") for k in keys):
            # The tabular package as one JSON document: {"services.csv": [rows], ...}.
            for name, rows in obj.items():
                table = CSV_FILES.get(name, name[:-4])
                if table in IGNORED_TABLES or table not in TABLES:
                    self.notes.append(f"{where}.{name}: not kept by Naast")
                    continue
                for i, row in enumerate(rows if isinstance(rows, list) else []):
                    if isinstance(row, dict):
                        self.add(table, row, f"{where}.{name}[{i}]")
        elif "openapi_url" in obj and "id" not in obj:
            self.notes.append(f"{where}: API information, no records to import")
        elif "contents" in obj:
            self.any_object(obj["contents"], f"{where}.contents")
        elif "status" in obj:
            self.service(obj, where)
        elif "location_type" in obj:
            self.location(obj, where)
        elif ("location" in obj or "service" in obj or "service_id" in obj) and "name" not in obj:
            self.service_at_location(obj, where)
        elif keys & {"taxonomy_detail", "parent_id", "term_uri", "code", "taxonomy_id"} and "status" not in obj:
            self.taxonomy_term(obj, where)
        elif keys <= {"id", "name", "description", "uri", "version", "metadata"} and "version" in obj:
            self.add("taxonomies", obj, where)
        else:
            self.organization(obj, where)


def read_json(path: Path, collector: Collector) -> None:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        collector.errors.append(f"{path.name}: not valid JSON ({exc})")
        return
    collector.any_object(data, path.name)


CSV_FILES = {"service_at_location.csv": "service_at_location"}


def read_tabular(folder: Path, collector: Collector) -> None:
    if not (folder / "datapackage.json").exists():
        collector.errors.append(f"{folder}: no datapackage.json; expected an HSDS tabular data package")
        return
    for path in sorted(folder.glob("*.csv")):
        table = CSV_FILES.get(path.name, path.stem)
        if table in IGNORED_TABLES:
            collector.notes.append(f"{path.name}: not kept by Naast")
            continue
        if table not in TABLES:
            collector.notes.append(f"{path.name}: unknown table, skipped")
            continue
        try:
            with path.open(newline="", encoding="utf-8-sig") as handle:
                reader = csv.reader(handle, strict=True)
                header = next(reader, None)
                if not header or "id" not in header:
                    collector.errors.append(f"{path.name} line 1: the header has no 'id' column")
                    continue
                for line_no, values in enumerate(reader, start=2):
                    if not any(v.strip() for v in values):
                        continue
                    if len(values) != len(header):
                        collector.errors.append(
                            f"{path.name} line {line_no}: expected {len(header)} fields, found {len(values)}"
                        )
                        continue
                    row = {k: (v if v != "" else None) for k, v in zip(header, values, strict=True)}
                    collector.add(table, row, f"{path.name} line {line_no} (id {row.get('id')})")
        except (csv.Error, UnicodeDecodeError) as exc:
            collector.errors.append(f"{path.name}: not valid CSV ({exc})")


# ------------------------------------------------------------------ validating

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


def _known(clean: dict, table: str, rid: str | None) -> bool:
    if not rid:
        return False
    if rid in clean[table]:
        return True
    model = TABLES[table][0]
    return model.objects.filter(pk=rid).exists()


def _check_references(clean: dict, collector: Collector) -> None:
    for (table, name), target in HARD_REFS.items():
        for row in clean[table].values():
            if row.get(name) and not _known(clean, target, row[name]):
                collector.errors.append(f"{row['_where']}: field '{name}' refers to unknown {target} record {row[name]}")
            if table == "service_at_location" and not row.get(name):
                collector.errors.append(f"{row['_where']}: required field '{name}' is missing")
            if table in ("addresses", "accessibility", "service_areas", "cost_options", "required_documents") and not row.get(name):
                collector.errors.append(f"{row['_where']}: required field '{name}' is missing")
    for table, owners in OWNER_REFS.items():
        for row in clean[table].values():
            given = {name: row.get(name) for name in owners if row.get(name)}
            known = {name: rid for name, rid in given.items() if _known(clean, owners[name], rid)}
            if given and not known:
                listed = ", ".join(f"{k}={v}" for k, v in given.items())
                collector.errors.append(f"{row['_where']}: refers only to unknown records ({listed})")
            elif not given:
                collector.errors.append(f"{row['_where']}: belongs to nothing (no {' / '.join(owners)})")
            for name in set(given) - set(known):
                row[name] = None
                collector.notes.append(f"{row['_where']}: unknown {name} {given[name]} ignored")
    for row in clean["locations"].values():
        if row.get("organization_id") and not _known(clean, "organizations", row["organization_id"]):
            collector.notes.append(f"{row['_where']}: organisation {row['organization_id']} is not in the map; link left empty")
            row["organization_id"] = None
        if row.get("latitude") is not None and not -90 <= row["latitude"] <= 90:
            collector.notes.append(f"{row['_where']}: latitude {row['latitude']} is out of range; no route link is shown")
    for row in clean["attributes"].values():
        if not row.get("taxonomy_term_id") or not _known(clean, "taxonomy_terms", row["taxonomy_term_id"]):
            if not _naast_term(row.get("taxonomy_term_id")):
                collector.errors.append(f"{row['_where']}: field 'taxonomy_term_id' refers to an unknown taxonomy term")
        if row.get("link_id") and not _known(clean, "services", row["link_id"]):
            collector.notes.append(f"{row['_where']}: links to {row['link_id']}, not a service in the map; skipped")
            row["link_id"] = None


_NAAST_TERMS: dict[str, tuple[str, str]] = {}


def _naast_term(term_id: str | None) -> tuple[str, str] | None:
    """('life_domain'|'target_group', code) for the fixed ids Naast exports its own taxonomies with."""
    if not _NAAST_TERMS:
        for code in LifeDomain.objects.values_list("code", flat=True):
            _NAAST_TERMS[str(naast_uuid("life-domain", code))] = ("life_domain", code)
        for code in TargetGroup.objects.values_list("code", flat=True):
            _NAAST_TERMS[str(naast_uuid("target-group", code))] = ("target_group", code)
    return _NAAST_TERMS.get(str(term_id)) if term_id else None


# ------------------------------------------------------------------ writing

def import_path(path: Path | str, *, user=None) -> ImportReport:
    """Read, validate and write an HSDS file or tabular folder. Raises ImportRejected with every
    problem when anything is wrong; then nothing is written."""
    path = Path(path)
    collector = Collector()
    if path.is_dir():
        read_tabular(path, collector)
    elif path.exists():
        read_json(path, collector)
    else:
        raise ImportRejected([f"{path}: no such file or folder"])
    clean = validate(collector) if not collector.errors else {}
    if collector.errors:
        raise ImportRejected(collector.errors)
    report = ImportReport(notes=collector.notes)
    with transaction.atomic():
        _write(clean, report, user)
    return report


def _write(clean: dict, report: ImportReport, user) -> None:
    now = timezone.now()
    for table in WRITE_ORDER:
        model, fields = TABLES[table]
        rows = clean[table]
        if not rows:
            continue
        objects = []
        for rid, row in rows.items():
            values = {}
            for name in fields:
                target = MODEL_FIELD.get((table, name), name)
                value = row.get(name)
                if value is None and target != "modified_at":
                    value = None if model._meta.get_field(target).null else ""
                values[target] = value
            if table == "services":
                values["modified_at"] = row.get("last_modified") or now
            if table == "taxonomy_terms":
                tid = row.get("taxonomy_id")
                values["taxonomy_ref_id"] = tid if tid and _known(clean, "taxonomies", tid) else None
            objects.append(model(id=rid, **values))
        update_fields = sorted(_touched_fields(model, fields, table))
        model.objects.bulk_create(objects, update_conflicts=True, unique_fields=["id"], update_fields=update_fields,
                                  batch_size=1000)
        report.counts[table] = len(objects)
    _link_attributes(clean)
    service_ids = list(clean["services"])
    ServiceChange.objects.bulk_create(
        [ServiceChange(service_id=sid, user=user, kind=ServiceChange.Kind.IMPORTED) for sid in service_ids], batch_size=1000
    )
    search.reindex(service_ids)


def _touched_fields(model, fields: dict, table: str) -> set[str]:
    names = set()
    for name in fields:
        target = MODEL_FIELD.get((table, name), name)
        names.add(model._meta.get_field(target).attname)
    if table == "taxonomy_terms":
        names.add("taxonomy_ref_id")
    if table == "services":
        names.add("modified_at")
    return names


def _link_attributes(clean: dict) -> None:
    by_service: dict[str, dict[str, list]] = {}
    attributes = []
    for rid, row in clean["attributes"].items():
        sid, tid = row.get("link_id"), row.get("taxonomy_term_id")
        if not sid or not tid:
            continue
        bucket = by_service.setdefault(sid, {"life_domain": [], "target_group": []})
        naast = _naast_term(tid)
        if naast:
            bucket[naast[0]].append(naast[1])
        else:
            attributes.append(ServiceAttribute(id=rid, service_id=sid, taxonomy_term_id=tid, link_type=row.get("link_type") or "",
                                               link_entity=row.get("link_entity") or "", value=row.get("value") or ""))
    # One link per service and term: a re-import with a new attribute id replaces the old link.
    # Read the existing links of the imported services in chunks and delete the replaced ones
    # in bulk (one query per chunk, not one per attribute).
    wanted = {(str(a.service_id), str(a.taxonomy_term_id)): str(a.pk) for a in attributes}
    service_ids = sorted({str(a.service_id) for a in attributes})
    replaced = []
    for chunk in _chunks(service_ids):
        for pk, sid, tid in ServiceAttribute.objects.filter(service_id__in=chunk).values_list("pk", "service_id", "taxonomy_term_id"):
            keep = wanted.get((str(sid), str(tid)))
            if keep is not None and keep != str(pk):
                replaced.append(pk)
    for chunk in _chunks(replaced):
        ServiceAttribute.objects.filter(pk__in=chunk).delete()
    ServiceAttribute.objects.bulk_create(attributes, update_conflicts=True, unique_fields=["id"],
                                         update_fields=["link_type", "link_entity", "value"], batch_size=1000)
    # Life domains and target groups: replace each service's set when the file gives one.
    for relation, model, kind in (("life_domains", LifeDomain, "life_domain"), ("target_groups", TargetGroup, "target_group")):
        through = getattr(Service, relation).field.remote_field.through
        target = f"{model._meta.model_name}_id"
        ids = dict(model.objects.values_list("code", "pk"))
        given = {sid: bucket[kind] for sid, bucket in by_service.items() if bucket[kind]}
        for chunk in _chunks(sorted(given)):
            through.objects.filter(service_id__in=chunk).delete()
            through.objects.bulk_create(
                [through(service_id=sid, **{target: ids[code]}) for sid in chunk for code in dict.fromkeys(given[sid])
                 if code in ids],
                batch_size=1000,
            )


def _chunks(values: list, size: int = 500):
    for start in range(0, len(values), size):
        yield values[start : start + size]


# ------------------------------------------------------------------ export

def _clean_dict(data: dict, required: Iterable[str] = ()) -> dict:
    out = {}
    for key, value in data.items():
        if value is None or (value == "" and key not in required):
            continue
        if isinstance(value, dt.datetime):
            value = value.isoformat().replace("+00:00", "Z")
        elif isinstance(value, dt.date | dt.time):
            value = value.isoformat()
        elif isinstance(value, decimal.Decimal):
            value = int(value) if value == value.to_integral_value() else float(value)
        elif isinstance(value, uuid.UUID):
            value = str(value)
        out[key] = value
    return out


def _fields(obj, table: str) -> dict:
    fields = TABLES[table][1]
    data = {"id": str(obj.pk)}
    for name in fields:
        if name.endswith("_id") and name not in ("parent_id", "parent_organization_id", "taxonomy_id"):
            continue
        data[name] = getattr(obj, MODEL_FIELD.get((table, name), name))
    return _clean_dict(data, REQUIRED.get(table, []) + (["description"] if table in ("organizations", "taxonomy_terms") else []))


def _languages(items) -> list[dict]:
    return [_fields(x, "languages") for x in items]


def _phones(items) -> list[dict]:
    return [{**_fields(p, "phones"), "languages": _languages(p.languages.all())} for p in items]


def _contacts(items) -> list[dict]:
    return [{**_fields(c, "contacts"), "phones": _phones(c.phones.all())} for c in items]


def _location(loc: Location) -> dict:
    return {
        **_fields(loc, "locations"),
        "languages": _languages(loc.languages.all()),
        "addresses": [_fields(a, "addresses") for a in loc.addresses.all()],
        "contacts": _contacts(loc.contacts.all()),
        "accessibility": [_fields(a, "accessibility") for a in loc.accessibility.all()],
        "phones": _phones(loc.phones.all()),
        "schedules": [_fields(s, "schedules") for s in loc.schedules.all() if not s.closed],
    }


def organization_dict(org: Organization, *, nested: bool = True) -> dict:
    data = _fields(org, "organizations")
    if nested:
        data.update({
            "funding": [_fields(f, "funding") for f in org.funding.all()],
            "contacts": _contacts(org.contacts.all()),
            "phones": _phones(org.phones.all()),
            "locations": [_location(loc) for loc in org.locations.all()],
        })
    return data


def term_dict(term: TaxonomyTerm) -> dict:
    data = _fields(term, "taxonomy_terms")
    if term.taxonomy_ref_id:
        data["taxonomy_id"] = str(term.taxonomy_ref_id)
        data["taxonomy_detail"] = _fields(term.taxonomy_ref, "taxonomies")
    return data


def _naast_attribute(service: Service, kind: str, taxonomy: str, code: str, name: str) -> dict:
    tid = naast_uuid(kind, code)
    return {
        "id": str(uuid.uuid5(service.pk, str(tid))), "link_id": str(service.pk), "taxonomy_term_id": str(tid),
        "link_type": "service", "link_entity": "service",
        "taxonomy_term": {"id": str(tid), "code": code, "name": name, "description": name, "taxonomy": taxonomy},
    }


def service_dict(service: Service) -> dict:
    """The full HSDS service object (public fields only), from a `export_queryset()` row."""
    data = _fields(service, "services")
    data["organization_id"] = str(service.organization_id) if service.organization_id else None
    data = {k: v for k, v in data.items() if v is not None}
    attributes = [
        _clean_dict({"id": str(a.pk), "link_id": str(service.pk), "taxonomy_term_id": str(a.taxonomy_term_id),
                     "link_type": a.link_type, "link_entity": a.link_entity, "value": a.value,
                     "taxonomy_term": term_dict(a.taxonomy_term)})
        for a in service.attributes.all()
    ]
    attributes += [_naast_attribute(service, "life-domain", LIFE_DOMAIN_TAXONOMY, d.code, d.name_nl) for d in service.life_domains.all()]
    attributes += [_naast_attribute(service, "target-group", TARGET_GROUP_TAXONOMY, g.code, g.name_nl) for g in service.target_groups.all()]
    data.update({
        "phones": _phones(service.phones.all()),
        "schedules": [_fields(s, "schedules") for s in service.schedules.all() if not s.closed],
        "service_areas": [_fields(a, "service_areas") for a in service.service_areas.all()],
        "service_at_locations": [
            {**_fields(sal, "service_at_location"), "contacts": _contacts(sal.contacts.all()),
             "phones": _phones(sal.phones.all()),
             "schedules": [_fields(s, "schedules") for s in sal.schedules.all() if not s.closed],
             "location": _location(sal.location)}
            for sal in service.service_at_locations.all()
        ],
        "languages": _languages(service.languages.all()),
        "funding": [_fields(f, "funding") for f in service.funding.all()],
        "cost_options": [_fields(c, "cost_options") for c in service.cost_options.all()],
        "required_documents": [_fields(r, "required_documents") for r in service.required_documents.all()],
        "contacts": _contacts(service.contacts.all()),
        "attributes": attributes,
    })
    if service.organization:
        data["organization"] = organization_dict(service.organization)
    return data


LOCATION_PREFETCH = ["languages", "addresses", "contacts__phones__languages", "accessibility", "phones__languages", "schedules"]


def export_queryset():
    """Public services with everything the HSDS object holds, in a fixed number of queries."""
    sal_prefetch = [f"service_at_locations__location__{p}" for p in LOCATION_PREFETCH]
    org_prefetch = ["organization__funding", "organization__contacts__phones__languages", "organization__phones__languages"]
    org_prefetch += [f"organization__locations__{p}" for p in LOCATION_PREFETCH]
    return (
        Service.objects.filter(archived_at__isnull=True)
        .select_related("organization")
        .prefetch_related(
            "phones__languages", "schedules", "service_areas", "languages", "funding", "cost_options",
            "required_documents", "contacts__phones__languages", "attributes__taxonomy_term__taxonomy_ref", "life_domains", "target_groups",
            "service_at_locations__contacts__phones__languages", "service_at_locations__phones__languages",
            "service_at_locations__schedules", "service_at_locations__location", *sal_prefetch, *org_prefetch,
        )
        .order_by("name", "pk")
    )


def find_schema_dir(explicit: str | None = None) -> Path | None:
    """The HSDS schema folder: given, or the standard's copy next to the source tree (../shared/hsds-3.0)."""
    if explicit:
        path = Path(explicit)
        return path if (path / "service_with_definitions.json").exists() else None
    root = Path(__file__).resolve().parents[3]
    candidate = root.parent / "shared" / "hsds-3.0" / "schema"
    return candidate if (candidate / "service_with_definitions.json").exists() else None


def schema_errors(services: list[dict], schema_dir: Path) -> list[str]:
    import jsonschema

    schema = json.loads((schema_dir / "service_with_definitions.json").read_text(encoding="utf-8"))
    validator_cls = jsonschema.validators.validator_for(schema, default=jsonschema.Draft7Validator)
    validator = validator_cls(schema, format_checker=validator_cls.FORMAT_CHECKER)
    errors = []
    for service in services:
        for error in validator.iter_errors(service):
            location = "/".join(str(p) for p in error.absolute_path)
            errors.append(f"service {service.get('id')} at '{location}': {error.message}")
    return errors


CSV_COLUMNS = {table: ["id", *fields] for table, (_m, fields) in TABLES.items()}


def export_tabular(services: list[dict], folder: Path) -> dict[str, int]:
    """Write an HSDS tabular package (datapackage.json + one CSV per table) from service objects."""
    folder.mkdir(parents=True, exist_ok=True)
    rows: dict[str, dict[str, dict]] = {t: {} for t in TABLES}
    collector = Collector()
    for i, service in enumerate(services):
        collector.service(service, f"services[{i}]")
    for table, records in collector.tables.items():
        for rid, row in records.items():
            rows[table][rid] = {k: v for k, v in row.items() if not k.startswith("_")}
    counts = {}
    resources = []
    for table, records in rows.items():
        if not records:
            continue
        name = "service_at_location.csv" if table == "service_at_location" else f"{table}.csv"
        with (folder / name).open("w", newline="", encoding="utf-8") as handle:
            writer = csv.DictWriter(handle, fieldnames=CSV_COLUMNS[table], extrasaction="ignore")
            writer.writeheader()
            for record in records.values():
                writer.writerow({k: ("" if v is None else v) for k, v in record.items()})
        counts[table] = len(records)
        resources.append({"name": table, "path": name, "profile": "tabular-data-resource"})
    (folder / "datapackage.json").write_text(json.dumps(
        {"name": "naast-social-map", "profile": "tabular-data-package", "resources": resources}, indent=2), encoding="utf-8")
    return counts
