"""A whole report, and THE small-cell suppression.

Sections (`naast.core.reportkit`) produce raw `Figure`s and `Table`s; `suppress()` is the one
function that hides small numbers for funders and auditors, and every output (HTML, JSON, CSV,
XLSX, PDF) renders the suppressed report, never the raw one.
"""

from __future__ import annotations

import copy
import math
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction

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


def _is_count(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


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
    """The report as funders and auditors may see it: small counts as "<5", and hidden ("×") whatever
    would let a reader work one out. In order:

    1. every count from 1 to 4 becomes "<5", and a list of 1 to 4 records is not shown;
    2. complementary suppression (`_protect`): where a sum the reader sees (a figure, a total row or
       column, a cell elsewhere, the shares of a table; see `Table`) would give a hidden count
       away, the next smallest visible count of that sum is hidden too, until no hidden count can
       be worked out;
    3. shares, averages, medians, costs and growth derived from a hidden count are hidden.
    """
    report = copy.copy(report)
    sections = [Section(s.key, s.title, [copy.copy(f) for f in s.figures], [_copy_table(t) for t in s.tables],
                        s.note) for s in report.sections]
    cells = _Cells(sections)  # the exact counts, before anything is hidden
    for figure in (f for s in sections for f in s.figures):
        if figure.kind == "count" and is_small(figure.value):
            figure.value = SMALL
    for table in (t for s in sections for t in s.tables):
        if table.rows_are_records and is_small(len(table.rows)):
            table.rows = []
            table.note = _("Not shown: there are fewer than 5, and listing them would show how many there are.")
        count_columns = [c.key for c in table.columns if c.kind == "count"]
        for row in table.rows:
            for key in count_columns:
                if is_small(row.get(key)):
                    row[key] = SMALL
    _protect(cells)
    _hide_derived(sections)
    report.sections = sections
    report.suppressed = True
    return report


def _copy_table(table: Table) -> Table:
    table = copy.copy(table)
    table.rows = [dict(row) for row in table.rows]
    return table


def _hide_derived(sections: list[Section]) -> None:
    """Step 3: values derived from a hidden count (shares, means, costs, growth) become "×"."""
    figures = {f.key: f for s in sections for f in s.figures}

    def hidden_basis(entry) -> bool:
        if isinstance(entry, str):  # a figure key
            return entry in figures and _hidden(figures[entry].value)
        return is_small(entry) or _hidden(entry)

    for figure in figures.values():
        if figure.basis and figure.value is not None and not _hidden(figure.value):
            if any(hidden_basis(b) for b in figure.basis):
                figure.value = HIDDEN
    hidden = {key: f.value for key, f in figures.items() if _hidden(f.value)}
    for table in (t for s in sections for t in s.tables):
        if table.from_figures and hidden:  # a cell copied from a hidden figure is hidden too
            link_figures([Section("", "", tables=[table])], hidden)
        for row in table.rows:
            for column in table.columns:
                if column.basis and any(_hidden(row.get(b)) or row.get(b) is None for b in column.basis):
                    if column.kind != "count" and row.get(column.key) is not None:
                        row[column.key] = HIDDEN


# --- complementary suppression ------------------------------------------------------------------
# A reader who knows this function knows that "<5" is 1 to 4 and "×" (a count hidden besides) is 5 or
# more: "×" is only ever put on the smallest count still visible, and every count below 5 is "<5"
# already. Zero is always shown. `_protect` hides counts until, with that knowledge and every sum
# the reader can see, no hidden count has a single possible value.

INF = math.inf


@dataclass(eq=False)
class _Sum:
    """Count cells that add up to a total: `total` is a cell, or None for a total the reader works out
    from the table itself (its shares) as long as any non-zero part is visible."""

    total: tuple | None
    parts: tuple


class _Cells:
    """The count cells of a report's sections (figures and table cells), their exact values and where
    their shown value lives. A cell is ("figure", key) or ("cell", table key, row index, column)."""

    def __init__(self, sections: list[Section]):
        self.figures: dict[str, Figure] = {}
        self.tables: dict[str, Table] = {}
        for section in sections:
            for figure in section.figures:
                self.figures.setdefault(figure.key, figure)
            for table in section.tables:
                self.tables.setdefault(table.key, table)
        self.exact: dict[tuple, int] = {}
        for key, figure in self.figures.items():
            if figure.kind == "count" and _is_count(figure.value):
                self.exact[("figure", key)] = figure.value
        for key, table in self.tables.items():
            counts = [c.key for c in table.columns if c.kind == "count"]
            for i, row in enumerate(table.rows):
                for column in counts:
                    if _is_count(row.get(column)):
                        self.exact[("cell", key, i, column)] = row[column]
        self.order = {cell: n for n, cell in enumerate(self.exact)}  # report order, for ties

    def shown(self, cell: tuple):
        if cell[0] == "figure":
            return self.figures[cell[1]].value
        return self.tables[cell[1]].rows[cell[2]][cell[3]]

    def hide(self, cell: tuple) -> None:
        if cell[0] == "figure":
            self.figures[cell[1]].value = HIDDEN
        else:
            self.tables[cell[1]].rows[cell[2]][cell[3]] = HIDDEN

    def is_hidden(self, cell: tuple) -> bool:
        return _hidden(self.shown(cell))

    def bounds(self, cell: tuple) -> tuple[float, float]:
        """What a reader knows of the cell: its value, or 1–4 ("<5"), or 5 and more ("×")."""
        shown = self.shown(cell)
        if shown == SMALL:
            return 1, THRESHOLD - 1
        if shown == HIDDEN:
            return THRESHOLD, INF
        return self.exact[cell], self.exact[cell]

    def cell(self, table_key: str, row: int, column: str) -> tuple | None:
        found = ("cell", table_key, row, column)
        return found if found in self.exact and len(self.tables[table_key].rows) > row else None

    def at(self, total) -> tuple | None:
        """The cell of a declared total: a figure key, or (table key, row code, column)."""
        if isinstance(total, str):
            return ("figure", total) if ("figure", total) in self.exact else None
        table_key, code, column = total
        table = self.tables.get(table_key)
        if table is None:
            return None
        row = next((i for i, r in enumerate(table.rows) if r.get("code") == code), None)
        return None if row is None else self.cell(table_key, row, column)

    def sums(self) -> list[_Sum]:
        """Every sum the tables declare (see `Table`) that holds for the exact values."""
        found = []
        for key, table in self.tables.items():
            if table.rows_are_records or not table.rows:
                continue
            found += self._sums_of(key, table)
        return [s for s in found if self._holds(s)]

    def _sums_of(self, key: str, table: Table) -> list[_Sum]:
        rows = range(len(table.rows))
        codes = {row.get("code"): i for i, row in enumerate(table.rows)}
        total_row = codes.get(table.total_row) if table.total_row is not None else None
        sums = []

        def add(total, parts):  # only sums whose every cell is in the report
            parts = tuple(parts)
            if parts and None not in parts and total is not None:
                sums.append(_Sum(None if total is _DERIVED else total, parts))

        if table.complement_column:
            column = table.complement_column
            parts = [self.cell(key, i, column) for i in rows if i != total_row]
            if table.column_total is not None:
                add(self.at(table.column_total), parts)
            shares = any(c.kind == "percent" and tuple(c.basis) == (column,) for c in table.columns)
            if table.column_total is None or shares:
                add(_DERIVED, parts)
        if total_row is not None:
            for column in (c.key for c in table.columns if c.kind == "count"):
                add(self.cell(key, total_row, column), [self.cell(key, i, column) for i in rows if i != total_row])
        for total, parts in table.row_complements:
            for i in rows:
                add(self.cell(key, i, total), [self.cell(key, i, p) for p in parts if p in table.rows[i]])
        for code, parts, total in table.row_totals:
            if code in codes:
                add(self.at(total), [self.cell(key, codes[code], p) for p in parts])
        for code, column, figure in table.from_figures:
            if code in codes:
                add(self.at(figure), [self.cell(key, codes[code], column)])
        return sums

    def _holds(self, s: _Sum) -> bool:
        """A declared sum that does not add up (a declaration error) gives the reader nothing exact."""
        return s.total is None or self.exact[s.total] == sum(self.exact[p] for p in s.parts)


_DERIVED = object()  # marker: a total derived from the table itself


def _protect(cells: _Cells) -> None:
    """Step 2 of `suppress`, in place: hide further counts until no hidden count can be worked out."""
    for _round in range(len(cells.exact) + len(cells.tables) + 1):
        sums = cells.sums()
        known = _known_sums(cells, sums)
        exposed = _exposed(cells, known)
        if not exposed:
            return
        nxt = _next_to_hide(cells, known, exposed)
        if nxt is not None:
            cells.hide(nxt)
        else:
            _withhold_tables(cells, known, exposed[0])


def _known_sums(cells: _Cells, sums: list[_Sum]) -> list[tuple[tuple | None, tuple, int]]:
    """(total cell or None, parts, known total) of the sums a reader can use: a derived total only
    while some non-zero part is visible."""
    known = []
    for s in sums:
        if s.total is None:
            if any(not cells.is_hidden(p) and cells.exact[p] > 0 for p in s.parts):
                known.append((None, s.parts, sum(cells.exact[p] for p in s.parts)))
        else:
            known.append((s.total, s.parts, 0))
    return known


def _exposed(cells: _Cells, known: list) -> list[tuple]:
    """The hidden cells a reader can work out exactly: by bounds (each "<5" is at least 1, each "×"
    at least 5) carried through every sum until nothing changes, and by linear algebra (a hidden cell
    that the sums alone pin down whatever the bounds)."""
    involved = {c for total, parts, _n in known for c in ((total,) if total else ()) + parts}
    hidden = {c for c in involved if cells.is_hidden(c)}
    if not hidden:
        return []
    bounds = {c: list(cells.bounds(c)) for c in hidden}

    def get(cell):
        return bounds[cell] if cell in bounds else cells.bounds(cell)

    for _pass in range(4 * len(known) + 4):
        changed = False
        for total, parts, derived in known:
            lo_total, hi_total = get(total) if total else (derived, derived)
            los, his = [get(p)[0] for p in parts], [get(p)[1] for p in parts]
            if total in bounds:
                lo, hi = max(lo_total, sum(los)), min(hi_total, sum(his))
                if (lo, hi) != tuple(bounds[total]):
                    bounds[total], changed = [lo, hi], True
                lo_total, hi_total = lo, hi
            sum_lo = sum(los)
            unbounded = sum(1 for v in his if v == INF)
            finite_hi = sum(v for v in his if v != INF)
            for j, part in enumerate(parts):
                if part not in bounds:
                    continue
                others_lo = sum_lo - los[j]
                others_hi = INF if unbounded - (his[j] == INF) else finite_hi - (0 if his[j] == INF else his[j])
                lo, hi = max(bounds[part][0], lo_total - others_hi), min(bounds[part][1], hi_total - others_lo)
                if (lo, hi) != tuple(bounds[part]):
                    bounds[part], changed = [lo, hi], True
        if not changed:
            break
    exposed = {c for c, (lo, hi) in bounds.items() if lo >= hi}
    return sorted(exposed | _pinned_by_the_sums(cells, known, hidden), key=cells.order.__getitem__)


def _pinned_by_the_sums(cells: _Cells, known: list, hidden: set) -> set:
    """Hidden cells whose value the sums fix on their own (Gauss-Jordan over the hidden cells)."""
    variables = sorted(hidden, key=cells.order.__getitem__)
    index = {c: i for i, c in enumerate(variables)}
    rows = []
    for total, parts, _n in known:
        row = [Fraction(0)] * len(variables)
        for cell, sign in [*(((total, 1),) if total else ()), *((p, -1) for p in parts)]:
            if cell in index:
                row[index[cell]] += sign
        if any(row):
            rows.append(row)
    pivot_row = 0
    for column in range(len(variables)):
        found = next((r for r in range(pivot_row, len(rows)) if rows[r][column] != 0), None)
        if found is None:
            continue
        rows[pivot_row], rows[found] = rows[found], rows[pivot_row]
        pivot = rows[pivot_row][column]
        rows[pivot_row] = [v / pivot for v in rows[pivot_row]]
        for r in range(len(rows)):
            if r != pivot_row and rows[r][column] != 0:
                factor = rows[r][column]
                rows[r] = [a - factor * b for a, b in zip(rows[r], rows[pivot_row], strict=True)]
        pivot_row += 1
    return {variables[next(i for i, v in enumerate(row) if v)] for row in rows if sum(1 for v in row if v) == 1}


def _next_to_hide(cells: _Cells, known: list, exposed: list) -> tuple | None:
    """The smallest visible non-zero part of a sum with an exposed cell; else the smallest visible total
    of such a sum; else the same one step further, through the hidden cells of those sums."""
    frontier, left = set(exposed), list(known)
    while frontier:
        layer = [k for k in left if frontier & {k[0], *k[1]}]
        if not layer:
            return None
        left = [k for k in left if k not in layer]
        for found in ([p for _t, parts, _n in layer for p in parts], [t for t, _p, _n in layer if t]):
            visible = [c for c in found if not cells.is_hidden(c) and cells.exact[c] > 0]
            if visible:
                return min(visible, key=lambda c: (cells.exact[c], cells.order[c]))
        frontier = {c for t, parts, _n in layer for c in (t, *parts) if c and cells.is_hidden(c)}
    return None


def _withhold_tables(cells: _Cells, known: list, exposed: tuple) -> None:
    """Nothing visible is left to hide, yet a hidden count can be worked out (four "<5" rows under a
    total of "<5" are 1 each): the tables in its sums are not shown at all."""
    tables = {exposed[1]} if exposed[0] == "cell" else set()
    for total, parts, _n in known:
        if exposed in (total, *parts):  # every sum has cells of a table among its parts
            tables.update(c[1] for c in (total, *parts) if c and c[0] == "cell")
    for key in tables:
        table = cells.tables[key]
        table.rows = []
        table.note = _("Not shown: the numbers are so small that the table would give them away.")


def plain(value):
    """A JSON-friendly value: Decimal money as a float rounded to cents, everything else as is."""
    if isinstance(value, Decimal):
        return float(round(value, 2))
    return value
