"""Fill the residents' catalogues (core/locale/<ar|tr|pl|uk>) from a JSON file
{language: {msgid: msgstr}}; a plural entry's key is "singular|plural" and its value a list with
one text per plural form of the language. Run `naast translations-update` first and
`naast compile-translations` after; see docs/translations.md.

    python scripts/fill_resident_translations.py translations.json
"""

import json
import sys
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent / "src" / "naast" / "core" / "locale"


def main() -> int:
    table = json.loads(Path(sys.argv[1]).read_text(encoding="utf-8"))
    missing = 0
    for language, texts in table.items():
        path = ROOT / language / "LC_MESSAGES" / "django.po"
        catalogue = polib.pofile(str(path), wrapwidth=0)
        for entry in catalogue:
            key = f"{entry.msgid}|{entry.msgid_plural}" if entry.msgid_plural else entry.msgid
            if key in texts:
                value = texts[key]
                if entry.msgid_plural:
                    entry.msgstr_plural = dict(enumerate(value))
                else:
                    entry.msgstr = value
                entry.flags = [f for f in entry.flags if f != "fuzzy"]
            if not entry.translated():
                missing += 1
                print(f"{language}: untranslated: {entry.msgid!r}")
        catalogue.save(str(path))
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main())
