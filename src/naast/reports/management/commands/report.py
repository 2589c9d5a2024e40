"""naast report --kind monitor|signals (and the kinds other apps add, `report_kinds.py`) --period 2025|2025-H1|2025-Q3|FROM..TO [--municipality GMxxxx]
[--organisation NAME] --format html|json|csv|xlsx|pdf --output PATH (`-` = standard output)
[--from-requests] (every figure from the requests, not from the monthly roll-up; for checking).

Small numbers are suppressed as for funders unless --no-suppression is given (internal use only).
"""

import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from naast.core.extensions import report_kinds
from naast.core.progress import Progress
from naast.organisations.models import MemberOrganisation, Municipality
from naast.reports import outputs
from naast.reports.figures import suppress
from naast.reports.monitor import build_report
from naast.reports.periods import PeriodError, parse_period
from naast.reports.queries import Scope


class Command(BaseCommand):
    help = _("Write the monitor or signalling report for a period and scope.")

    def add_arguments(self, parser):
        parser.add_argument("--kind", choices=["monitor", "signals", *sorted(report_kinds())], default="monitor")
        parser.add_argument("--period", required=True, help="2025, 2025-H1, 2025-Q3 or 2025-01-01..2025-06-30; not after today")
        parser.add_argument("--municipality", default="", help="CBS code, e.g. GM1701")
        parser.add_argument("--organisation", default="", help="name of a member organisation")
        parser.add_argument("--format", choices=outputs.FORMATS, default="json")
        parser.add_argument("--output", default="-", help="file path, or - for standard output")
        parser.add_argument("--table", default="", help="CSV only: one table by its key")
        parser.add_argument("--no-suppression", action="store_true",
                            help="show numbers below 5 (never for funders or the public)")
        parser.add_argument("--from-requests", action="store_true",
                            help="count every figure from the requests, without the monthly roll-up")

    def handle(self, *args, **options):
        try:
            period = parse_period(options["period"])
        except PeriodError as exc:
            raise CommandError(str(exc)) from exc
        scope = Scope()
        if options["municipality"]:
            scope.municipality = Municipality.objects.filter(code=options["municipality"].strip().upper()).first()
            if scope.municipality is None:
                raise CommandError(_("Unknown municipality code: %(code)s") % {"code": options["municipality"]})
        if options["organisation"]:
            scope.organisation = MemberOrganisation.objects.filter(name__iexact=options["organisation"].strip()).first()
            if scope.organisation is None:
                raise CommandError(_("Unknown organisation: %(name)s") % {"name": options["organisation"]})
        # Progress on standard error: with --output - standard output carries the report itself.
        progress = Progress("report", stream=self.stderr, quiet=options["verbosity"] == 0)
        try:
            progress.stage("figures")
            extra = report_kinds().get(options["kind"])
            report = extra(period, scope, None) if extra else build_report(
                options["kind"], period, scope, use_rollup=not options["from_requests"])
            if not options["no_suppression"]:
                progress.stage("suppression")
                report = suppress(report)
            progress.stage(f"{options['format']} output")
            body = outputs.render(report, options["format"], table_key=options["table"] or None)
        except BaseException:
            progress.close()
            raise
        progress.done(f"{options['kind']} report for {options['period']} ({options['format']}, {len(body):,} bytes)")
        if options["output"] == "-":
            sys.stdout.buffer.write(body)
            sys.stdout.flush()
        else:
            Path(options["output"]).write_bytes(body)
            self.stderr.write(_("Report written to %(path)s") % {"path": options["output"]})
