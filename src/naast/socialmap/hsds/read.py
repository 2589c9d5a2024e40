"""Reading HSDS 3.0: a JSON document (one object, a list or a Page, nested or flat) or a tabular
package (a folder with datapackage.json and one CSV per table) flattened into tables of records,
merged by id, each remembering where it came from for the error messages."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

from .tables import CSV_FILES, IGNORED_TABLES, TABLES


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

