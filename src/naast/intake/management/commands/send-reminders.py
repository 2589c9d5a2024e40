"""`naast send-reminders`: e-mail coordinators about first contacts due within one working day or overdue."""

from django.core.management.base import BaseCommand

from naast.intake.reminders import send_reminders


class Command(BaseCommand):
    help = "E-mail coordinators about help requests due within one working day and overdue ones (idempotent)."

    def handle(self, *args, **options):
        result = send_reminders()
        self.stdout.write(f"{result.requests} deadlines reminded in {result.emails} e-mails")
