"""Dutch by default, English on request; every string has a Dutch translation."""

from pathlib import Path

import polib
import pytest

import naast

pytestmark = pytest.mark.django_db


def test_public_home_is_dutch_by_default(client):
    page = client.get("/").content.decode()
    assert 'lang="nl"' in page
    assert "Ga direct naar de inhoud" in page  # the skip link


def test_switching_language_without_javascript(client):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert response.status_code == 302
    page = client.get("/").content.decode()
    assert 'lang="en"' in page and "Skip to main content" in page
    client.post("/i18n/setlang/", {"language": "nl", "next": "/"})
    assert "Ga direct naar de inhoud" in client.get("/").content.decode()


def test_browser_language_is_respected(client):
    page = client.get("/", HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.9").content.decode()
    assert 'lang="en"' in page


PO_FILES = sorted(Path(naast.__file__).parent.glob("*/locale/nl/LC_MESSAGES/django.po"))


def test_there_are_dutch_translation_files():
    assert PO_FILES


@pytest.mark.parametrize("po_path", PO_FILES, ids=lambda p: p.parts[-5])
def test_every_string_has_a_dutch_translation(po_path):
    catalog = polib.pofile(str(po_path))
    missing = [e.msgid for e in catalog if not e.obsolete and (not e.translated() or "fuzzy" in e.flags)]
    assert not missing, f"untranslated in {po_path.parts[-5]}: {missing[:10]}"


@pytest.mark.parametrize("po_path", PO_FILES, ids=lambda p: p.parts[-5])
def test_translations_keep_their_placeholders(po_path):
    import re

    pattern = re.compile(r"%\((\w+)\)[sd]|\{\{\s*(\w+)\s*\}\}")
    for entry in polib.pofile(str(po_path)):
        if entry.obsolete or not entry.msgstr:
            continue
        assert set(pattern.findall(entry.msgid)) == set(pattern.findall(entry.msgstr)), entry.msgid
