"""The residents' languages: which strings are public, and their catalogues.

Naast's texts are written in English (the msgids); every app keeps a Dutch catalogue
(`<app>/locale/nl`). The strings a resident can see (listed by file in
`naast.conf.public_texts`) are also translated into the other resident languages of
settings.LANGUAGES; those catalogues are `core/locale/<language>/LC_MESSAGES/django.po`, one
per language, holding only public strings. English needs none: the msgids are English.

`public_template()` extracts the public strings with Django's own template reader and GNU
xgettext (as `makemessages` does); `update_catalogue()` merges them into a language's catalogue
(new strings empty, strings no longer used dropped); `naast translations-export` and
`naast translations-import` hand a catalogue to a translator and take it back, and record who
reviewed it (the PO header `X-Naast-Reviewed`). See docs/translations.md.
"""

from __future__ import annotations

import ast
import importlib
import re
import subprocess
import tempfile
from datetime import date
from pathlib import Path

import polib
from django.conf import settings
from django.utils.translation.template import templatize

import naast

ROOT = Path(naast.__file__).parent
REVIEW_HEADER = "X-Naast-Reviewed"
NOT_REVIEWED = "not reviewed"
# Translated in gettext catalogues of their own: every resident language but Dutch (the app
# catalogues) and English (the msgids).
PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]|%[sd]|\{\{\s*(\w+)\s*\}\}|\{(\w*)\}")

XGETTEXT_KEYWORDS = [
    "--keyword=gettext_noop", "--keyword=gettext_lazy", "--keyword=ngettext_lazy:1,2",
    "--keyword=pgettext:1c,2", "--keyword=npgettext:1c,2,3", "--keyword=pgettext_lazy:1c,2",
    "--keyword=npgettext_lazy:1c,2,3", "--keyword=format_lazy",
]


def catalogue_languages() -> list[str]:
    return [code for code, _name in settings.LANGUAGES if code not in (settings.LANGUAGE_CODE, "en")]


def catalogue_path(language: str) -> Path:
    return ROOT / "core" / "locale" / language / "LC_MESSAGES" / "django.po"


def _python_source(relative: str, names: list[str] | None) -> str:
    source = (ROOT / relative).read_text(encoding="utf-8")
    if names is None:
        return source
    tree = ast.parse(source)
    found, parts = set(), []
    for node in tree.body:
        if isinstance(node, (ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
            name = node.name
        elif isinstance(node, (ast.Assign, ast.AnnAssign)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            name = next((t.id for t in targets if isinstance(t, ast.Name)), None)
        else:
            continue
        if name in names:
            found.add(name)
            parts.append(ast.get_source_segment(source, node))
    missing = set(names) - found
    if missing:
        raise LookupError(f"{relative}: no top-level {', '.join(sorted(missing))}")
    return "\n\n".join(parts)


def public_template() -> polib.POFile:
    """Every public string (msgctxt, msgid, plural) as a PO template, in source order."""
    public = importlib.import_module("naast.conf.public_texts")
    with tempfile.TemporaryDirectory() as tmp:
        files = []
        for number, relative in enumerate(public.PUBLIC_TEMPLATES):
            text = (ROOT / relative).read_text(encoding="utf-8")
            target = Path(tmp) / f"{number:03d}_{Path(relative).stem}.py"
            target.write_text(templatize(text, origin=relative), encoding="utf-8")
            files.append(target)
        for number, (relative, names) in enumerate(public.PUBLIC_PYTHON.items()):
            target = Path(tmp) / f"py{number:03d}_{Path(relative).stem}.py"
            target.write_text(_python_source(relative, names), encoding="utf-8")
            files.append(target)
        pot = Path(tmp) / "public.pot"
        subprocess.run(
            ["xgettext", "--language=Python", "--from-code=UTF-8", "--no-location", "--no-wrap",
             *XGETTEXT_KEYWORDS, "--output", str(pot), *map(str, files)],
            check=True, capture_output=True,
        )
        return polib.pofile(str(pot)) if pot.exists() else polib.POFile()


def _key(entry: polib.POEntry) -> tuple:
    return (entry.msgctxt, entry.msgid, entry.msgid_plural or None)


def update_catalogue(language: str, template: polib.POFile | None = None) -> tuple[int, int]:
    """Bring a language's catalogue in line with the public strings: add new ones (empty), drop
    strings no longer used, keep every translation. Returns (added, dropped)."""
    template = template if template is not None else public_template()
    path = catalogue_path(language)
    old = polib.pofile(str(path)) if path.exists() else None
    existing = {_key(e): e for e in old} if old else {}
    new = polib.POFile(wrapwidth=0)
    new.metadata = old.metadata if old else {
        "Project-Id-Version": "Naast", "PO-Revision-Date": date.today().isoformat(),
        "Last-Translator": "", "Language-Team": language, "Language": language, "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8", "Content-Transfer-Encoding": "8bit",
        "Plural-Forms": PLURAL_FORMS.get(language, "nplurals=2; plural=(n != 1);"),
        REVIEW_HEADER: NOT_REVIEWED,
    }
    added = 0
    for entry in template:
        kept = existing.pop(_key(entry), None)
        if kept is None:
            added += 1
            kept = polib.POEntry(msgctxt=entry.msgctxt, msgid=entry.msgid, msgid_plural=entry.msgid_plural,
                                 msgstr="", msgstr_plural={i: "" for i in range(nplurals(new))}
                                 if entry.msgid_plural else {})
        kept.flags = [f for f in entry.flags if f != "fuzzy"] + (["fuzzy"] if "fuzzy" in kept.flags else [])
        kept.occurrences = []
        kept.comment = entry.comment
        new.append(kept)
    path.parent.mkdir(parents=True, exist_ok=True)
    new.save(str(path))
    return added, len(existing)


PLURAL_FORMS = {
    "ar": "nplurals=6; plural=(n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : n%100>=3 && n%100<=10 ? 3 : n%100>=11 ? 4 : 5);",
    "tr": "nplurals=2; plural=(n != 1);",
    "pl": "nplurals=3; plural=(n==1 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);",
    "uk": "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);",
}


def nplurals(catalogue: polib.POFile) -> int:
    match = re.search(r"nplurals\s*=\s*(\d+)", catalogue.metadata.get("Plural-Forms", ""))
    return int(match.group(1)) if match else 2


def missing_translations(language: str, template: polib.POFile | None = None) -> list[str]:
    """Public strings without a (non-fuzzy) translation in the language's catalogue."""
    template = template if template is not None else public_template()
    path = catalogue_path(language)
    catalogue = {_key(e): e for e in polib.pofile(str(path))} if path.exists() else {}
    missing = []
    for entry in template:
        found = catalogue.get(_key(entry))
        if found is None or "fuzzy" in found.flags or not found.translated():
            missing.append(entry.msgid)
    return missing


def placeholders(text: str) -> set[str]:
    return {"".join(groups) or "%" for groups in PLACEHOLDER.findall(text)}


def placeholder_errors(catalogue: polib.POFile) -> list[str]:
    """Translations whose placeholders differ from the English text's (a page would crash or
    show a raw name)."""
    errors = []
    for entry in catalogue:
        if entry.obsolete:
            continue
        texts = list(entry.msgstr_plural.values()) if entry.msgid_plural else [entry.msgstr]
        expected = placeholders(entry.msgid) | (placeholders(entry.msgid_plural) if entry.msgid_plural else set())
        for text in texts:
            if text and placeholders(text) - expected:
                errors.append(entry.msgid)
            elif text and not entry.msgid_plural and placeholders(text) != expected:
                errors.append(entry.msgid)
    return errors


def review_mark(language: str) -> str:
    path = catalogue_path(language)
    return polib.pofile(str(path)).metadata.get(REVIEW_HEADER, "") if path.exists() else ""


def set_review_mark(catalogue: polib.POFile, reviewer: str, on: date | None = None) -> None:
    catalogue.metadata[REVIEW_HEADER] = f"{reviewer.strip()}, {(on or date.today()).isoformat()}"
