"""naast report-rollup [--check]: bring the monitor report's monthly roll-up up to date (every
complete month that is missing, out of date or marked as written since), or with --check compare
every month in use with its requests again and exit 1 on any difference (`reports/rollup.py`).

Reports refresh the months they need themselves; run this after a large import, or from cron at
night, so the first report of the day does not wait for it.
"""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from naast.core.progress import Progress
from naast.reports import rollup
from naast.reports.models import RollupMonth


def _normalised(figures: dict) -> dict:
    return {"counts": figures["counts"],
            "groups": {name: sorted(map(tuple, rows), key=repr) for name, rows in figures["groups"].items()}}


class Command(BaseCommand):
    help = _("Bring the monthly roll-up of the monitor report up to date, or check it against the requests.")

    def add_arguments(self, parser):
        parser.add_argument("--check", action="store_true",
                            help="recount every rolled-up month in use from its requests; exit 1 on a difference")

    def handle(self, *args, **options):
        progress = Progress("report-rollup", stream=self.stderr, quiet=options["verbosity"] == 0)
        if not options["check"]:
            progress.stage("months", unit="months")
            computed = rollup.refresh(progress=progress)
            progress.done(f"{computed:,} months computed, {RollupMonth.objects.count():,} in the roll-up")
            return
        stale = rollup.marked_months()
        months = list(RollupMonth.objects.filter(version=rollup.version()).exclude(month__in=stale))
        progress.stage("checking", total=len(months), unit="months")
        different = []
        for row in months:
            figures, max_due = rollup.compute_month(row.month)
            if _normalised(figures) != _normalised(row.figures) or max_due != row.max_due:
                different.append(f"{row.month:%Y-%m}")
            progress.update(1)
        progress.done(f"{len(months):,} months checked, {len(different)} different")
        if different:
            raise CommandError(_("These months differ from their requests: %(months)s. Run `naast report-rollup` "
                                 "after finding what wrote to the help requests without a mark.")
                               % {"months": ", ".join(different)})
        self.stdout.write(_("Every rolled-up month equals its requests."))
