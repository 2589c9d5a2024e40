"""The all-or-nothing import: `import_path` reads an HSDS file or folder, validates all of it and
only then writes it in one transaction, keyed on the HSDS ids (re-importing updates, never
duplicates), and reindexes the services it wrote."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from naast.core.progress import Progress
from naast.taxonomies.models import LifeDomain, TargetGroup

from ..models import Service, ServiceAttribute, ServiceChange
from ..search.index import reindex
from .read import Collector, read_json, read_tabular
from .tables import MODEL_FIELD, TABLES, WRITE_ORDER, naast_term
from .validate import is_known, validate


class ImportRejected(Exception):
    """Nothing was written: `errors` lists every problem found, by record and field."""

    def __init__(self, errors: list[str]):
        super().__init__(f"{len(errors)} problem(s)")
        self.errors = errors


@dataclass
class ImportReport:
    """What an import wrote (records per table) and what it noted but did not keep."""

    counts: dict[str, int] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)


def import_path(path: Path | str, *, user=None, progress: Progress | None = None) -> ImportReport:
    """Read, validate and write an HSDS file or tabular folder. Raises ImportRejected with every
    problem when anything is wrong; then nothing is written. `progress` hears of each step."""
    path = Path(path)
    progress = progress or Progress.silent()
    collector = Collector()
    progress.stage("reading")
    if path.is_dir():
        read_tabular(path, collector)
    elif path.exists():
        read_json(path, collector)
    else:
        raise ImportRejected([f"{path}: no such file or folder"])
    progress.stage("checking")
    clean = validate(collector) if not collector.errors else {}
    if collector.errors:
        raise ImportRejected(collector.errors)
    report = ImportReport(notes=collector.notes)
    with transaction.atomic():
        _write(clean, report, user, progress)
    return report


WRITE_CHUNK = 5000  # records per bulk write, so that progress moves on a big file


def _write(clean: dict, report: ImportReport, user, progress: Progress) -> None:
    now = timezone.now()
    progress.stage("writing", total=sum(len(clean[table]) for table in WRITE_ORDER), unit="records")
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
                values["taxonomy_ref_id"] = tid if tid and is_known(clean, "taxonomies", tid) else None
            objects.append(model(id=rid, **values))
        update_fields = sorted(_touched_fields(model, fields, table))
        for start in range(0, len(objects), WRITE_CHUNK):
            chunk = objects[start:start + WRITE_CHUNK]
            model.objects.bulk_create(chunk, update_conflicts=True, unique_fields=["id"], update_fields=update_fields,
                                      batch_size=1000)
            progress.update(len(chunk))
        report.counts[table] = len(objects)
    progress.stage("linking")
    _link_attributes(clean)
    service_ids = list(clean["services"])
    ServiceChange.objects.bulk_create(
        [ServiceChange(service_id=sid, user=user, kind=ServiceChange.Kind.IMPORTED) for sid in service_ids], batch_size=1000
    )
    progress.stage("search index", total=len(service_ids), unit="services")
    reindex(service_ids)
    progress.update(len(service_ids))


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
        naast = naast_term(tid)
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

