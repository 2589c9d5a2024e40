"""The Dutch catalogs of all apps are merged at run time: one English text must have one Dutch
text, or a word on a page depends on which app happened to load first."""

from collections import defaultdict
from pathlib import Path

import polib
from django.utils import translation

import naast


def test_one_english_text_has_one_dutch_text_across_apps():
    found = defaultdict(dict)
    for path in Path(naast.__file__).parent.glob("*/locale/nl/LC_MESSAGES/django.po"):
        for entry in polib.pofile(str(path)):
            if entry.msgstr and not entry.obsolete:
                found[(entry.msgctxt, entry.msgid)][path.parts[-5]] = entry.msgstr
    conflicts = {key: apps for key, apps in found.items() if len(set(apps.values())) > 1}
    assert conflicts == {}, "Give these one translation, or a context (pgettext) where the meaning differs"


def test_words_with_two_meanings_are_translated_by_context():
    with translation.override("nl"):
        assert translation.gettext("Delete") == "Verwijderen"  # a button
        assert translation.pgettext("audit", "Delete") == "Verwijderd"  # what happened, in the audit log
        assert translation.gettext("Achieved") == "Bereikt"  # a resident's goal
        assert translation.pgettext("target", "Achieved") == "Behaald"  # a funder's target
