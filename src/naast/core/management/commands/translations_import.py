"""naast translations-import --language ar FILE.po [--reviewed-by NAME]: take a translator's PO
file back. Only strings Naast knows are taken; a translation whose placeholders differ from the
English text is refused (nothing is written then); --reviewed-by records who reviewed it, today."""

import polib
from django.core.management.base import BaseCommand, CommandError

from naast.core import translations


class Command(BaseCommand):
    help = "Read a translator's PO file into one resident language's catalogue."

    def add_arguments(self, parser):
        parser.add_argument("path")
        parser.add_argument("--language", required=True, choices=translations.catalogue_languages())
        parser.add_argument("--reviewed-by", default="")

    def handle(self, *args, path, language, reviewed_by, **options):
        try:
            incoming = polib.pofile(path)
        except (OSError, ValueError) as exc:
            raise CommandError(f"Cannot read {path} as a PO file: {exc}") from exc
        errors = translations.placeholder_errors(incoming)
        if errors:
            raise CommandError("Placeholders differ from the English text in: " + "; ".join(errors[:10]))
        translations.update_catalogue(language)
        target_path = translations.catalogue_path(language)
        target = polib.pofile(str(target_path), wrapwidth=0)
        known = {(e.msgctxt, e.msgid): e for e in target}
        taken = 0
        for entry in incoming:
            found = known.get((entry.msgctxt, entry.msgid))
            if found is None or entry.obsolete or not entry.translated():
                continue
            found.msgstr, found.msgstr_plural = entry.msgstr, dict(entry.msgstr_plural)
            found.flags = [f for f in found.flags if f != "fuzzy"]
            taken += 1
        if reviewed_by.strip():
            translations.set_review_mark(target, reviewed_by)
        target.save(str(target_path))
        target.save_as_mofile(str(target_path.with_suffix(".mo")))
        missing = len(translations.missing_translations(language))
        self.stdout.write(f"{language}: {taken} translation(s) taken, {missing} still to translate.")
