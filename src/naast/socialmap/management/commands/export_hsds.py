"""naast export-hsds PATH --format json|csv: write the public part of the social map as HSDS 3.0.

PATH `-` writes the JSON to standard output; messages and progress then go to standard error only.
"""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from naast.core.progress import Progress
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
        parser.add_argument("path", help="a .json file (json), a folder (csv), or - for standard output (json)")
        parser.add_argument("--format", choices=["json", "csv"], default="json")
        parser.add_argument("--schema", help="folder with the HSDS 3.0 schema files, to validate the export")

    def handle(self, *args, path, format, schema, **options):
        to_stdout = path == "-"
        if to_stdout and format != "json":
            raise CommandError("Only the json format can be written to standard output; give a folder for csv.")
        messages = self.stderr if to_stdout else self.stdout
        progress = Progress("export-hsds", stream=self.stderr, quiet=options["verbosity"] == 0)
        try:
            services = self._export(progress, schema, messages)
            progress.stage("writing")
            if to_stdout:
                self.stdout.write(json.dumps(services, ensure_ascii=False, indent=2))
                done = f"Wrote {len(services)} services to standard output."
            elif format == "json":
                target = Path(path)
                target.write_text(json.dumps(services, ensure_ascii=False, indent=2), encoding="utf-8")
                done = f"Wrote {len(services)} services to {target}."
            else:
                counts = export_tabular(services, Path(path))
                done = f"Wrote {path}: {', '.join(f'{table} {count}' for table, count in counts.items())}."
        except BaseException:
            progress.close()
            raise
        progress.done(f"{len(services):,} services exported")
        messages.write(self.style.SUCCESS(done))

    def _export(self, progress: Progress, schema: str | None, messages) -> list[dict]:
        queryset = export_queryset()
        progress.stage("reading", total=queryset.count(), unit="services")
        services = []
        for service in queryset.iterator(chunk_size=500):
            services.append(service_dict(service))
            progress.update()
        schema_dir = find_schema_dir(schema)
        if schema_dir is None:
            if schema:
                raise CommandError(f"No HSDS schema (service_with_definitions.json) in {schema}.")
            messages.write("note: HSDS schema not found; the export was not validated (use --schema).")
        else:
            progress.stage("validating")
            errors = schema_errors(services, schema_dir)
            if errors:
                for error in errors[:50]:
                    self.stderr.write(error)
                raise CommandError(f"The export does not validate against the HSDS schema: {len(errors)} error(s).")
            messages.write(f"Validated {len(services)} services against the HSDS 3.0 schema: 0 errors.")
        return services
