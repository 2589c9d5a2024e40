"""`naast data-inventory`: print the data inventory (every personal field, its purpose, who sees it,
when it is anonymised) as the Markdown table in docs/security.md §2; fails when a field of a
Naast model is not classified in its app's `retention.PERSONAL_FIELDS`."""

from django.core.management.base import BaseCommand, CommandError

from naast.privacy.inventory import markdown, unclassified


class Command(BaseCommand):
    help = "Print the data inventory of personal fields (Markdown), as in docs/security.md."

    def handle(self, *args, **options):
        missing = unclassified()
        if missing:
            raise CommandError("Not classified in retention.PERSONAL_FIELDS: " + ", ".join(missing))
        self.stdout.write(markdown(), ending="")
