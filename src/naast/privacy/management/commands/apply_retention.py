"""`naast apply-retention [--dry-run] [--months N]`: blank the personal data of help requests closed
longer ago than the retention period (`NAAST_RETENTION_MONTHS`, default 24) and of clients whose
every request has, keeping every figure of the reports (`naast.privacy.retention`). Prints counts
per kind, never a name or a reference. Run it daily from cron; one run at a time across all
servers (`naast.core.locks`)."""

from django.core.management.base import BaseCommand, CommandError

from naast.core.locks import single_run_command
from naast.privacy.retention import MAX_MONTHS, apply_retention, retention_months


def positive_months(value: str) -> int:
    if not value.strip().isdigit() or not 1 <= int(value) <= MAX_MONTHS:
        raise CommandError(f"--months must be a positive whole number of months (at most {MAX_MONTHS}), not {value!r}.")
    return int(value)


class Command(BaseCommand):
    help = "Anonymise help requests closed longer ago than the retention period, and their clients."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="count what would be anonymised, change nothing")
        parser.add_argument("--months", help="the retention period for this run (default: NAAST_RETENTION_MONTHS)")

    @single_run_command("apply-retention")
    def handle(self, *args, dry_run=False, months=None, **options):
        months = retention_months() if months is None else positive_months(str(months))
        counts = apply_retention(months=months, dry_run=dry_run)
        if dry_run:
            self.stdout.write(f"Dry run: nothing was changed. Closed more than {months} months ago, would be anonymised:")
        else:
            self.stdout.write(f"Closed more than {months} months ago, anonymised:")
        width = max(len(kind) for kind in counts)
        for kind, count in counts.items():
            self.stdout.write(f"  {kind:<{width}}  {count}")
