"""Residents read Naast in six languages (issue 17): Dutch, English, Arabic (right to left),
Turkish, Polish and Ukrainian. Every public string is translated in every one of them; staff
pages stay Dutch and English. See docs/translations.md."""

import subprocess

import polib
import pytest
from django.conf import settings

from naast.core import translations

pytestmark = pytest.mark.django_db

RESIDENT_LANGUAGES = ["nl", "en", "ar", "tr", "pl", "uk"]
NAMES_IN_THEMSELVES = ["Nederlands", "English", "العربية", "Türkçe", "Polski", "Українська"]
SKIP_LINK = {
    "nl": "Ga direct naar de inhoud", "en": "Skip to main content", "ar": "انتقل مباشرة إلى المحتوى",
    "tr": "Doğrudan içeriğe geç", "pl": "Przejdź do treści", "uk": "Перейти до змісту",
}


@pytest.fixture(scope="module")
def public_strings():
    return translations.public_template()


def test_the_six_resident_languages_are_offered():
    assert [code for code, _name in settings.LANGUAGES] == RESIDENT_LANGUAGES


def test_public_strings_are_found(public_strings):
    msgids = {entry.msgid for entry in public_strings}
    assert "Ask for help" in msgids and "Send my question" in msgids  # the form
    assert "What mark do you give us?" in msgids  # the survey
    assert "Find help near you" in msgids  # the map
    assert "Your reference number is %(reference)s." in msgids  # the confirmation e-mail
    assert "Full caseload: %(open)s open cases for %(hours)s hours a week" not in msgids


@pytest.mark.parametrize("language", ["ar", "tr", "pl", "uk"])
def test_every_public_string_is_translated(language, public_strings):
    missing = translations.missing_translations(language, public_strings)
    assert missing == [], f"{len(missing)} public string(s) without a {language} translation: {missing[:5]}"


@pytest.mark.parametrize("language", ["ar", "tr", "pl", "uk"])
def test_translations_keep_their_placeholders(language):
    catalogue = polib.pofile(str(translations.catalogue_path(language)))
    assert translations.placeholder_errors(catalogue) == []


@pytest.mark.parametrize("language", ["ar", "tr", "pl", "uk"])
def test_catalogue_passes_msgfmt_check(language):
    result = subprocess.run(
        ["msgfmt", "--check", "-o", "/dev/null", str(translations.catalogue_path(language))],
        capture_output=True, text=True,
    )
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("language", ["ar", "tr", "pl", "uk"])
def test_each_catalogue_carries_a_review_mark(language):
    """Who reviewed the language and when, or plainly that nobody has yet (docs/translations.md)."""
    mark = translations.review_mark(language)
    assert mark == translations.NOT_REVIEWED or mark.count(",") == 1, mark


def test_placeholder_check_catches_a_lost_placeholder():
    catalogue = polib.POFile()
    catalogue.append(polib.POEntry(msgid="Call %(phone)s", msgstr="Bel ons"))
    assert translations.placeholder_errors(catalogue) == ["Call %(phone)s"]


@pytest.mark.parametrize("language", RESIDENT_LANGUAGES)
def test_language_switch_accepts_each_language_and_remembers_it(client, language):
    response = client.post("/i18n/setlang/", {"language": language, "next": "/"})
    assert response.status_code == 302
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == language
    page = client.get("/").content.decode()
    assert f'<html lang="{language}" dir="{"rtl" if language == "ar" else "ltr"}"' in page
    assert SKIP_LINK[language] in page


def test_an_arabic_only_browser_gets_arabic_right_to_left(client):
    page = client.get("/", HTTP_ACCEPT_LANGUAGE="ar").content.decode()
    assert '<html lang="ar" dir="rtl"' in page
    assert SKIP_LINK["ar"] in page


@pytest.mark.parametrize("path", ["/", "/hulp-vragen/", "/kaart/", "/enquete/"])
def test_every_public_page_offers_all_six_languages_named_in_themselves(client, path):
    page = client.get(path).content.decode()
    for code, name in zip(RESIDENT_LANGUAGES, NAMES_IN_THEMSELVES, strict=True):
        assert f'value="{code}" lang="{code}"' in page
        assert name in page


def test_staff_pages_stay_dutch_when_the_resident_language_is_arabic(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "ar"
    page = client.get("/staff/login/").content.decode()
    assert '<html lang="nl" dir="ltr"' in page
    assert "العربية" not in page  # the staff switch offers Dutch and English only
    assert 'value="en"' in page


@pytest.mark.parametrize("language,expected", [("en", "en"), ("ar", "ar"), ("nl", "nl"), ("uk", "uk")])
def test_the_form_preselects_the_page_language_as_preferred_language(client, language, expected):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    page = client.get("/hulp-vragen/").content.decode()
    select = page[page.index('name="preferred_language"'):]
    select = select[: select.index("</select>")]
    assert f'<option value="{expected}" selected>' in select
    assert select.count(" selected") == 1


def test_a_translator_exports_and_imports_a_language(tmp_path, settings):
    from django.core.management import CommandError, call_command

    path = translations.catalogue_path("pl")
    original = path.read_bytes()
    try:
        exported = tmp_path / "pl.po"
        call_command("translations-export", language="pl", output=str(exported))
        catalogue = polib.pofile(str(exported))
        entry = next(e for e in catalogue if e.msgid == "Send my question")
        entry.msgstr = "Wyślij pytanie"
        catalogue.save(str(exported))
        call_command("translations-import", str(exported), language="pl", reviewed_by="A. Kowalska")
        mine = next(e for e in polib.pofile(str(path)) if e.msgid == "Send my question")
        assert mine.msgstr == "Wyślij pytanie"
        assert translations.review_mark("pl").startswith("A. Kowalska, 20")
        # A lost placeholder is refused and writes nothing.
        entry = next(e for e in catalogue if e.msgid == "Call %(phone)s")
        entry.msgstr = "Zadzwoń"
        catalogue.save(str(exported))
        with pytest.raises(CommandError, match="Placeholders"):
            call_command("translations-import", str(exported), language="pl")
    finally:
        path.write_bytes(original)
        polib.pofile(str(path)).save_as_mofile(str(path.with_suffix(".mo")))
