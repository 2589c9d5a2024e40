"""`naast fetch-mail`: register new e-mails from the team's mailbox (run by cron, e.g. every 5 minutes).
One run at a time across all servers (`naast.core.locks`)."""

import imaplib

from django.core.management.base import BaseCommand, CommandError

from naast.core.locks import single_run_command
from naast.intake.mailbox import fetch_mail


class Command(BaseCommand):
    help = "Read new messages from the IMAP mailbox (NAAST_IMAP_*), register them and acknowledge them."

    @single_run_command("fetch-mail")
    def handle(self, *args, **options):
        try:
            result = fetch_mail()
        except (RuntimeError, OSError, imaplib.IMAP4.error) as exc:
            raise CommandError(f"fetch-mail: {exc}") from exc
        self.stdout.write(
            f"{len(result.created)} new help requests, {len(result.attached)} replies attached, "
            f"{result.skipped_duplicates} already handled, {result.failed} failed"
        )
        if result.failed:
            raise CommandError(f"{result.failed} messages could not be handled; they stay in the inbox")
