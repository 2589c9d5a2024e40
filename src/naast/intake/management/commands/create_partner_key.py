"""`naast create-partner-key NAME --referrer gp`: an API key for a partner; shown once, stored hashed."""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from naast.intake.services import create_partner_key
from naast.registry.choices import Referrer


class Command(BaseCommand):
    help = "Create an API key for a partner organisation that refers residents (GP practice, Wmo team)."

    def add_arguments(self, parser):
        parser.add_argument("name", help="The partner organisation, e.g. 'Huisartsenpraktijk De Linde'")
        parser.add_argument("--referrer", default=Referrer.OTHER, choices=Referrer.values,
                            help="Referrer code recorded on their referrals")

    def handle(self, *args, name, referrer, **options):
        try:
            obj, key = create_partner_key(name, referrer)
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        self.stdout.write(f"API key for {obj.name} (shown once, store it safely):\n{key}")
