"""naast import-hsds PATH: load an HSDS 3.0 JSON file or tabular package (all or nothing)."""

from django.core.management.base import BaseCommand, CommandError

from naast.core.progress import Progress
from naast.socialmap.hsds.write import ImportRejected, import_path


class Command(BaseCommand):
    help = "Import HSDS 3.0 data: a JSON file (object, list or Page) or a folder with datapackage.json and CSV files."

    def add_arguments(self, parser):
        parser.add_argument("path")

    def handle(self, *args, path, **options):
        progress = Progress("import-hsds", stream=self.stderr, quiet=options["verbosity"] == 0)
        try:
            report = import_path(path, progress=progress)
        except ImportRejected as exc:
            progress.close()
            for error in exc.errors:
                self.stderr.write(error)
            raise CommandError(f"Nothing imported: {len(exc.errors)} problem(s) found.") from exc
        except BaseException:
            progress.close()
            raise
        progress.done(f"{sum(report.counts.values()):,} records imported")
        for note in report.notes:
            self.stdout.write(f"note: {note}")
        summary = ", ".join(f"{table} {count}" for table, count in report.counts.items())
        self.stdout.write(self.style.SUCCESS(f"Imported: {summary or 'nothing'}."))
