"""The one detector of likely personal data in a text to share (`casework/personal_data.py`): what it
must find, and the ordinary words of a signal it must leave alone."""

import pytest

from naast.casework.personal_data import bsn_valid, find_personal_data

NAMES = ["Ilse Jansen", "Anna B.", "José de Vries", "Mevrouw K."]


def found(text, names=NAMES):
    return [(f.kind, f.text) for f in find_personal_data(text, names)]


def test_the_reported_signal_is_caught_in_every_piece():
    assert found("Ilse Jansen (Vledder, 06-98765432) kreeg een psychose en wacht op hulp.") == [
        ("name", "Ilse Jansen"), ("phone", "06-98765432")]


@pytest.mark.parametrize("text,expected", [
    ("Mevrouw jansen belde", [("name", "jansen")]),  # a part of the name, whatever its case
    ("Gesprek met Jose over de aanvraag", [("name", "Jose")]),  # without the accent
    ("De dochter van José de Vries", [("name", "José de Vries")]),
    ("Anna kan niet lezen", [("name", "Anna")]),
    ("Bel +31 6 12345678", [("phone", "+31 6 12345678")]),
    ("Bel 0612345678 of 0521-123456", [("phone", "0612345678"), ("phone", "0521-123456")]),
    ("Bel (0521) 12 34 56", [("phone", "(0521) 12 34 56")]),
    ("Mail naar ilse.jansen@example.nl", [("email", "ilse.jansen@example.nl")]),
    ("Woont op 7991 AB in Dwingeloo", [("postcode", "7991 AB")]),
    ("postcode 7991ab", [("postcode", "7991ab")]),
    ("BSN 123456782 bekend", [("bsn", "123456782")]),
    ("BSN 1234.56.782", [("bsn", "1234.56.782")]),
    ("Rekening NL91 ABNA 0417 1643 00", [("iban", "NL91 ABNA 0417 1643 00")]),
    ("Geboren op 12-03-1958", [("date", "12-03-1958")]),
    ("geb. 1958, alleenstaand", [("date", "geb. 1958")]),
    ("Op 3 maart uit huis gezet", [("date", "3 maart")]),
    ("Sinds 14 februari 2025 zonder uitkering", [("date", "14 februari 2025")]),
    ("Brief van 2025-02-14", [("date", "2025-02-14")]),
])
def test_likely_personal_data_is_found(text, expected):
    assert found(text) == expected


@pytest.mark.parametrize("text", [
    "Wachtlijst van 12 weken voor schuldhulp.",
    "In 2025 wachtten 40 inwoners langer dan 4 maanden.",
    "Tussen 2024 en 2025 verdubbelde de wachttijd.",
    "Per maart 2025 is het loket dicht op vrijdag.",
    "Inwoners komen 3-4 keer per week langs.",
    "De eigen bijdrage is € 1.234,56 per jaar.",
    "Bel het gratis nummer 0800-1234 of 14 0521.",  # a service's short numbers
    "Dossiernummer 123456789 is geen BSN.",  # nine digits that fail the 11-proef
    "Aanvraag kan alleen met DigiD; de vandaag geopende balie helpt niet.",
    "De gemeente vraagt drie formulieren voor dezelfde vraag.",
    "Van de 20 aanvragen kreeg 1 op de 4 een beschikking.",
])
def test_ordinary_words_of_a_signal_are_left_alone(text):
    assert found(text) == []


def test_name_particles_and_titles_alone_are_not_names():
    # "van", "de" (of "José de Vries") and "Mevrouw" (of "Mevrouw K.") are everyday words.
    assert found("De wachtlijst van de gemeente; mevrouw aan de balie wist het niet.") == []


def test_no_names_known_means_only_the_patterns():
    assert found("Ilse Jansen belde", names=[]) == []


def test_the_11_proef():
    assert bsn_valid("123456782") and bsn_valid("111222333")
    assert not bsn_valid("123456789") and not bsn_valid("000000000") and not bsn_valid("12345678")
