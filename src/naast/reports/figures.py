"""A whole report, and THE small-cell suppression.

Sections (`naast.core.reportkit`) produce raw `Figure`s and `Table`s; `suppress()` is the one
function that hides small numbers for funders and auditors, and every output (HTML, JSON, CSV,
XLSX, PDF) renders the suppressed report, never the raw one.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _

from naast.core.reportkit import Figure, Section, Table

SMALL = "<5"  # a count from 1 to 4
HIDDEN = "×"  # a value hidden so that a small count cannot be worked out (complement, share, average)
THRESHOLD = 5


@dataclass
class Report:
    kind: str
    title: str
    period: str
    first_day: str
    last_day: str
    scope: dict
    sections: list[Section]
    generated_at: str
    suppressed: bool = False
    notes: list[str] = field(default_factory=list)

    def all_tables(self) -> list[Table]:
        return [t for s in self.sections for t in s.tables]


def is_small(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and 0 < value < THRESHOLD


def _hidden(value) -> bool:
    return value in (SMALL, HIDDEN)


def _hide_one_more(values: dict, keys: list) -> None:
    """If exactly one of `keys` is hidden, also hide the smallest non-zero visible one (complement)."""
    hidden = [k for k in keys if _hidden(values[k])]
    if len(hidden) != 1:
        return
    candidates = [k for k in keys if isinstance(values[k], int) and values[k] > 0 and not _hidden(values[k])]
    if candidates:
        values[min(candidates, key=lambda k: values[k])] = HIDDEN


def suppress_table(table: Table) -> Table:
    table = copy.copy(table)
    rows = [dict(row) for row in table.rows]
    if table.rows_are_records and is_small(len(rows)):
        table.rows = []
        table.note = _("Not shown: there are fewer than 5, and listing them would show how many there are.")
        return table
    count_cols = [c.key for c in table.columns if c.kind == "count"]
    for row in rows:
        for key in count_cols:
            if is_small(row.get(key)):
                row[key] = SMALL
        for total, parts in table.row_complements:
            if _hidden(row.get(total)):
                continue
            _hide_one_more(row, [p for p in parts if p in row])
    if table.complement_column:
        column_values = {i: row[table.complement_column] for i, row in enumerate(rows)}
        _hide_one_more(column_values, list(column_values))
        for i, value in column_values.items():
            rows[i][table.complement_column] = value
    for row in rows:
        for column in table.columns:
            if column.basis and any(_hidden(row.get(b)) or row.get(b) is None for b in column.basis):
                if column.kind != "count" and row.get(column.key) is not None:
                    row[column.key] = HIDDEN
    table.rows = rows
    return table


def suppress_figure(figure: Figure) -> Figure:
    figure = copy.copy(figure)
    if figure.kind == "count" and is_small(figure.value):
        figure.value = SMALL
    elif figure.basis and any(is_small(b) or _hidden(b) for b in figure.basis) and figure.value is not None:
        figure.value = HIDDEN
    return figure


def link_figures(sections: list[Section], figures: dict | None = None) -> None:
    """Fill the cells of `Table.from_figures` from the figures of all sections (in place)."""
    if figures is None:
        figures = {f.key: f.value for s in sections for f in s.figures}
    for section in sections:
        for table in section.tables:
            for code, column, key in table.from_figures:
                if key not in figures:
                    continue
                for row in table.rows:
                    if row.get("code") == code:
                        row[column] = figures[key]


def suppress(report: Report) -> Report:
    """The report as funders and auditors may see it: small counts as "<5", what reveals them hidden."""
    report = copy.copy(report)
    sections = [Section(s.key, s.title, [suppress_figure(f) for f in s.figures], s.tables, s.note)
                for s in report.sections]
    hidden = {f.key: f.value for s in sections for f in s.figures if _hidden(f.value)}
    for section in sections:
        tables = []
        for table in section.tables:
            if table.from_figures and hidden:  # a cell copied from a hidden figure is hidden too
                table = copy.copy(table)
                table.rows = [dict(row) for row in table.rows]
                link_figures([Section("", "", tables=[table])], hidden)
            tables.append(suppress_table(table))
        section.tables = tables
    report.sections = sections
    report.suppressed = True
    return report


def plain(value):
    """A JSON-friendly value: Decimal money as a float rounded to cents, everything else as is."""
    if isinstance(value, Decimal):
        return float(round(value, 2))
    return value
