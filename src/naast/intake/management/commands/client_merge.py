"""`naast client-merge OLD NEW --reason TEXT --by USERNAME`: merge client record OLD into NEW.

The same merge as the coordinator's page (`naast.intake.merging.merge_clients`), with the same
rules: done in the name of a coordinator who may see both records, with a reason; audited on both
records, and undoable on the duplicates page for `ClientMerge.UNDO_DAYS` days."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from naast.accounts.models import User
from naast.intake import merging
from naast.registry.models import Client


class Command(BaseCommand):
    help = "Merge client record OLD into client record NEW (its help requests move to NEW), as a coordinator."

    def add_arguments(self, parser):
        parser.add_argument("old", type=int, help="Client number of the record that is merged away")
        parser.add_argument("new", type=int, help="Client number of the record that is kept")
        parser.add_argument("--reason", required=True, help="Why these two records are the same person")
        parser.add_argument("--by", required=True, metavar="USERNAME",
                            help="The coordinator in whose name the merge is done (they must see both records)")

    def handle(self, *args, old, new, reason, by, **options):
        user = User.objects.filter(username=by, is_active=True).first()
        if user is None:
            raise CommandError(f"No active user named {by!r}.")
        records = Client.objects.in_bulk([old, new])
        for number in (old, new):
            if number not in records:
                raise CommandError(f"There is no client record {number}.")
        try:
            record = merging.merge_clients(user, keep=records[new], merge=records[old], reason=reason)
        except PermissionDenied as exc:
            raise CommandError(f"{by} may not merge these records: only a coordinator who sees the help "
                               "requests of both may.") from exc
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        until = timezone.localtime(record.undo_until).strftime("%Y-%m-%d")
        self.stdout.write(f"Client {old} merged into client {new}: {len(record.moved_requests)} help request(s) "
                          f"moved. It can be undone on the duplicates page until {until} (merge #{record.pk}).")
