"""Fill msgstr entries of the apps' Dutch .po files from a JSON dictionary {msgid: msgstr}.

Plural entries use "singular|plural" as key and "singular|plural" as value. Used after
`naast makemessages -l nl` in an app directory; review the result in the .po file.

    python scripts/fill_translations.py translations.json [app ...]
"""

import json
import sys
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent / "src" / "naast"


def main() -> int:
    table = json.loads(Path(sys.argv[1]).read_text(encoding="utf-8"))
    apps = sys.argv[2:] or [p.name for p in ROOT.iterdir() if (p / "locale").is_dir()]
    missing = 0
    for app in apps:
        path = ROOT / app / "locale" / "nl" / "LC_MESSAGES" / "django.po"
        if not path.exists():
            continue
        catalog = polib.pofile(str(path))
        for entry in catalog:
            if entry.obsolete:
                continue
            if entry.msgid_plural:
                value = table.get(f"{entry.msgid}|{entry.msgid_plural}")
                if value:
                    one, many = value.split("|")
                    entry.msgstr_plural = {0: one, 1: many}
            elif entry.msgid in table:
                entry.msgstr = table[entry.msgid]
            if "fuzzy" in entry.flags and (entry.msgstr or any(entry.msgstr_plural.values())):
                entry.flags.remove("fuzzy")  # filled from the dictionary, so no longer a guess
            if not entry.translated():
                missing += 1
                print(f"{app}: untranslated: {entry.msgid!r}")
        catalog.metadata.update(
            {"Language": "nl", "Content-Type": "text/plain; charset=UTF-8", "Plural-Forms": "nplurals=2; plural=(n != 1);"}
        )
        catalog.save()
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main())
