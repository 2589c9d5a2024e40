"""`naast request-map-checks`: e-mail every organisation with services due for a check a
personal link to confirm or correct them (run it monthly, e.g. from cron)."""

from django.core.management.base import BaseCommand

from naast.socialmap.verification import request_checks


class Command(BaseCommand):
    help = "E-mail providers a personal link to confirm or correct their services on the social map."

    def handle(self, *args, **options):
        sent = request_checks()
        self.stdout.write(f"{sent} check request(s) queued in the outbox.")
