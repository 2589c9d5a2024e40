"""naast compile-translations: build the .mo files from every app's .po files.

Django's own `compilemessages` needs GNU gettext installed; this uses polib (pure Python), so a
fresh machine with only Python can build the translations. The setup runs it every time.
"""

from pathlib import Path

import polib
from django.core.management.base import BaseCommand

import naast


class Command(BaseCommand):
    help = "Compile the translations (.po -> .mo) of every Naast app."

    def add_arguments(self, parser):
        parser.add_argument("--quiet", action="store_true")

    def handle(self, *args, **options):
        root = Path(naast.__file__).parent
        count = 0
        for po_path in sorted(root.glob("*/locale/*/LC_MESSAGES/*.po")):
            mo_path = po_path.with_suffix(".mo")
            if mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
                continue
            polib.pofile(str(po_path)).save_as_mofile(str(mo_path))
            count += 1
        if not options["quiet"]:
            self.stdout.write(f"{count} translation file(s) compiled.")
