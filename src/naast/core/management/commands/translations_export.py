"""naast translations-export --language ar --output ar.po: one language's public strings as a PO
file for a translator (any PO editor: Poedit, Weblate, Lokalize)."""

import shutil

from django.core.management.base import BaseCommand, CommandError

from naast.core import translations


class Command(BaseCommand):
    help = "Write one resident language's catalogue (public strings only) to a PO file for a translator."

    def add_arguments(self, parser):
        parser.add_argument("--language", required=True, choices=translations.catalogue_languages())
        parser.add_argument("--output", required=True)

    def handle(self, *args, language, output, **options):
        if not output.endswith(".po"):
            raise CommandError("The output is a PO file: give a name ending in .po.")
        translations.update_catalogue(language)
        shutil.copyfile(translations.catalogue_path(language), output)
        missing = len(translations.missing_translations(language))
        self.stdout.write(f"{output}: {language}, {missing} string(s) still to translate.")
