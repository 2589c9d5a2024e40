"""`naast send-reminders`: e-mail coordinators about first contacts due within one working day or
overdue; forgets what the front door's limits no longer count (`limits.forget_old`); on SQLite also
refreshes the query planner's statistics (`PRAGMA optimize`). One run at a time across all
servers (`naast.core.locks`)."""

from django.core.management.base import BaseCommand

from naast.core.locks import single_run_command
from naast.intake.limits import forget_old
from naast.intake.reminders import refresh_planner_statistics, send_reminders


class Command(BaseCommand):
    help = "E-mail coordinators about help requests due within one working day and overdue ones (idempotent)."

    @single_run_command("send-reminders")
    def handle(self, *args, **options):
        result = send_reminders()
        forget_old()
        # Hourly, after reading the open requests: keeps SQLite's planner statistics current.
        refresh_planner_statistics()
        self.stdout.write(f"{result.requests} deadlines reminded in {result.emails} e-mails")
