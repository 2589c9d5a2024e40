"""Exporting the public part of the map as HSDS 3.0: service, organisation and term objects
(for `naast export-hsds` and the API), a tabular package (datapackage.json + CSVs), and
validation against the standard's JSON schema."""

from __future__ import annotations

import csv
import datetime as dt
import decimal
import json
import uuid
from collections.abc import Iterable
from pathlib import Path

from ..models import Location, Organization, Service, TaxonomyTerm, naast_uuid
from .read import Collector
from .tables import LIFE_DOMAIN_TAXONOMY, MODEL_FIELD, REQUIRED, TABLES, TARGET_GROUP_TAXONOMY


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


def record_dict(obj, table: str) -> dict:
    """One record's own HSDS fields, without nested objects or links to its owners (a parent
    organisation, parent term or taxonomy id is kept); empty values left out unless required."""
    fields = TABLES[table][1]
    data = {"id": str(obj.pk)}
    for name in fields:
        if name.endswith("_id") and name not in ("parent_id", "parent_organization_id", "taxonomy_id"):
            continue
        data[name] = getattr(obj, MODEL_FIELD.get((table, name), name))
    return _clean_dict(data, REQUIRED.get(table, []) + (["description"] if table in ("organizations", "taxonomy_terms") else []))


def _languages(items) -> list[dict]:
    return [record_dict(x, "languages") for x in items]


def _phones(items) -> list[dict]:
    return [{**record_dict(p, "phones"), "languages": _languages(p.languages.all())} for p in items]


def _contacts(items) -> list[dict]:
    return [{**record_dict(c, "contacts"), "phones": _phones(c.phones.all())} for c in items]


def _location(loc: Location) -> dict:
    return {
        **record_dict(loc, "locations"),
        "languages": _languages(loc.languages.all()),
        "addresses": [record_dict(a, "addresses") for a in loc.addresses.all()],
        "contacts": _contacts(loc.contacts.all()),
        "accessibility": [record_dict(a, "accessibility") for a in loc.accessibility.all()],
        "phones": _phones(loc.phones.all()),
        "schedules": [record_dict(s, "schedules") for s in loc.schedules.all() if not s.closed],
    }


def organization_dict(org: Organization, *, nested: bool = True) -> dict:
    data = record_dict(org, "organizations")
    if nested:
        data.update({
            "funding": [record_dict(f, "funding") for f in org.funding.all()],
            "contacts": _contacts(org.contacts.all()),
            "phones": _phones(org.phones.all()),
            "locations": [_location(loc) for loc in org.locations.all()],
        })
    return data


def term_dict(term: TaxonomyTerm) -> dict:
    data = record_dict(term, "taxonomy_terms")
    if term.taxonomy_ref_id:
        data["taxonomy_id"] = str(term.taxonomy_ref_id)
        data["taxonomy_detail"] = record_dict(term.taxonomy_ref, "taxonomies")
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
    data = record_dict(service, "services")
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
        "schedules": [record_dict(s, "schedules") for s in service.schedules.all() if not s.closed],
        "service_areas": [record_dict(a, "service_areas") for a in service.service_areas.all()],
        "service_at_locations": [
            {**record_dict(sal, "service_at_location"), "contacts": _contacts(sal.contacts.all()),
             "phones": _phones(sal.phones.all()),
             "schedules": [record_dict(s, "schedules") for s in sal.schedules.all() if not s.closed],
             "location": _location(sal.location)}
            for sal in service.service_at_locations.all()
        ],
        "languages": _languages(service.languages.all()),
        "funding": [record_dict(f, "funding") for f in service.funding.all()],
        "cost_options": [record_dict(c, "cost_options") for c in service.cost_options.all()],
        "required_documents": [record_dict(r, "required_documents") for r in service.required_documents.all()],
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
    """The HSDS schema folder: the one given, else the `NAAST_HSDS_SCHEMA_DIR` setting; None when it
    holds no schema (the standard's schema files are not shipped with Naast)."""
    from django.conf import settings

    folder = explicit or settings.NAAST["HSDS_SCHEMA_DIR"]
    if not folder:
        return None
    path = Path(folder)
    return path if (path / "service_with_definitions.json").exists() else None


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
            # Exact values, not `naast.core.spreadsheets.inert`: this is HSDS data interchange, read by
            # programs and by `naast import-hsds`, where a quote before "+31 20 ..." or before a
            # description's "- " list would corrupt the data. It holds only the public social map
            # (kept by coordinators and administrators, or imported), never a resident's words, and is
            # written by an administrator's command, not downloaded from a page.
            writer = csv.DictWriter(handle, fieldnames=CSV_COLUMNS[table], extrasaction="ignore")
            writer.writeheader()
            for record in records.values():
                writer.writerow({k: ("" if v is None else v) for k, v in record.items()})
        counts[table] = len(records)
        resources.append({"name": table, "path": name, "profile": "tabular-data-resource"})
    (folder / "datapackage.json").write_text(json.dumps(
        {"name": "naast-social-map", "profile": "tabular-data-package", "resources": resources}, indent=2), encoding="utf-8")
    return counts
