"""naast translations-update: bring the residents' catalogues (ar, tr, pl, uk) in line with the
public strings (new strings added empty, unused ones dropped, translations kept)."""

from django.core.management.base import BaseCommand

from naast.core import translations


class Command(BaseCommand):
    help = "Add new public strings to every resident language's catalogue and drop unused ones."

    def handle(self, *args, **options):
        template = translations.public_template()
        for language in translations.catalogue_languages():
            added, dropped = translations.update_catalogue(language, template)
            missing = len(translations.missing_translations(language, template))
            self.stdout.write(f"{language}: {added} new, {dropped} dropped, {missing} to translate")
