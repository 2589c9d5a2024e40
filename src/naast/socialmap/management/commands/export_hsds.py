"""naast export-hsds PATH --format json|csv: write the public part of the social map as HSDS 3.0."""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from naast.socialmap.hsds.export import (
    export_queryset,
    export_tabular,
    find_schema_dir,
    schema_errors,
    service_dict,
)


class Command(BaseCommand):
    help = "Export the public social map as HSDS 3.0 (a JSON list of services, or a tabular CSV package)."

    def add_arguments(self, parser):
        parser.add_argument("path", help="a .json file (json) or a folder (csv)")
        parser.add_argument("--format", choices=["json", "csv"], default="json")
        parser.add_argument("--schema", help="folder with the HSDS 3.0 schema files, to validate the export")

    def handle(self, *args, path, format, schema, **options):
        services = [service_dict(s) for s in export_queryset().iterator(chunk_size=500)]
        schema_dir = find_schema_dir(schema)
        if schema_dir is None:
            if schema:
                raise CommandError(f"No HSDS schema (service_with_definitions.json) in {schema}.")
            self.stdout.write("note: HSDS schema not found; the export was not validated (use --schema).")
        else:
            errors = schema_errors(services, schema_dir)
            if errors:
                for error in errors[:50]:
                    self.stderr.write(error)
                raise CommandError(f"The export does not validate against the HSDS schema: {len(errors)} error(s).")
            self.stdout.write(f"Validated {len(services)} services against the HSDS 3.0 schema: 0 errors.")
        target = Path(path)
        if format == "json":
            target.write_text(json.dumps(services, ensure_ascii=False, indent=2), encoding="utf-8")
            self.stdout.write(self.style.SUCCESS(f"Wrote {len(services)} services to {target}."))
        else:
            counts = export_tabular(services, target)
            summary = ", ".join(f"{table} {count}" for table, count in counts.items())
            self.stdout.write(self.style.SUCCESS(f"Wrote {target}: {summary}."))
