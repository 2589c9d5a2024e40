"""`naast prune-audit [--dry-run] [--years N]`: delete audit rows older than the retention period.

The audit log is kept NAAST_AUDIT_RETENTION_YEARS (default 7) years; `--years` overrides it for
one run. Deletes the oldest rows of the chain and stores a checkpoint (sequence number and hash of
the last deleted row, when, by whom), from which `naast verify-audit` starts. Refuses, deleting
nothing, while the chain is broken (exit code 1): the evidence stays until someone looked at it.
`--dry-run` prints how many rows would go. Cron: monthly (docs/security.md).
"""

import getpass

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from naast.core.locks import single_run_command
from naast.privacy import chain

from .verify_audit import describe_break


class Command(BaseCommand):
    help = "Delete audit-log rows older than the retention period (NAAST_AUDIT_RETENTION_YEARS), keeping the chain verifiable."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="only count the rows that would be deleted")
        parser.add_argument("--years", type=int, default=None,
                            help="keep this many years instead of NAAST_AUDIT_RETENTION_YEARS "
                                 f"({settings.NAAST['AUDIT_RETENTION_YEARS']})")

    @single_run_command("prune-audit")
    def handle(self, *args, **options):
        years = options["years"]
        if years is not None and years < 1:
            raise CommandError("--years must be at least 1: the audit log is kept at least a year.", returncode=2)
        try:
            by = f"naast prune-audit ({getpass.getuser()})"
        except (KeyError, OSError):
            by = "naast prune-audit"
        try:
            result = chain.prune(years=years, dry_run=options["dry_run"], by=by)
        except chain.ChainBroken as exc:
            raise CommandError(f"Nothing deleted: the audit log chain is {describe_break(exc.result)} "
                               "Run naast verify-audit and investigate first.", returncode=1) from exc
        cutoff = timezone.localtime(result.cutoff)
        if not result.rows:
            self.stdout.write(f"Nothing to prune: no audit rows older than {cutoff:%Y-%m-%d %H:%M}.")
        elif result.dry_run:
            self.stdout.write(f"Dry run: {result.rows} audit rows older than {cutoff:%Y-%m-%d %H:%M} would be "
                              f"deleted (up to #{result.last_seq}); nothing deleted.")
        else:
            self.stdout.write(f"{result.rows} audit rows older than {cutoff:%Y-%m-%d %H:%M} deleted (up to "
                              f"#{result.last_seq}); checkpoint #{result.checkpoint.seq}:{result.checkpoint.hash} "
                              "stored, verification starts there.")
