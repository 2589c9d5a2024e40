"""`naast send-mail`: send the e-mails still in the outbox (cron, every few minutes). One run at a
time across all servers (`naast.core.locks`); a second copy says so and does nothing."""

from django.core.management.base import BaseCommand

from naast.core.locks import single_run_command
from naast.core.outbox import deliver


class Command(BaseCommand):
    help = "Send the e-mails waiting in the outbox: the ones the mail server refused before are tried again."

    @single_run_command("send-mail")
    def handle(self, *args, **options):
        result = deliver()
        self.stdout.write(f"{result.sent} sent, {result.retry} to try again later, {len(result.failed)} given up")
        for item in result.failed:
            self.stderr.write(f"given up after a day of attempts: {item}")
