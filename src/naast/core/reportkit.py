"""The parts a report is made of (figures, tables, sections, definitions), and how an app adds its
own sections to the reports without depending on the reports app.

An app that has figures for the reports provides `report_sections.py` (found by
`naast.core.extensions.report_sections`) with `SECTIONS`, a list of `ReportSection`, and
`DEFINITIONS`, a list of `Definition` for the texts its figures point to. A section's `build`
gets the report's context, which offers `period` (`start`, `end`: the half-open range of
aware datetimes), `scope.filter(queryset, prefix="")` (the municipality and member
organisation asked for), `profile` (the service's norms) and `now`; it returns a `Section` or
None. Every figure is aggregated in the database; the reports app suppresses small numbers for
funders and auditors afterwards, like for its own sections.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import models


@dataclass(frozen=True)
class Definition:
    """What a figure means, shown next to it in every output."""

    key: str
    title: str  # lazy translation
    text: str  # lazy translation


@dataclass(frozen=True)
class ReportSection:
    """One section of a report kind ("monitor", "signals"), placed by `order` (the reports app's own
    sections use 10 to 70)."""

    key: str
    title: str  # lazy translation
    build: Callable  # (context) -> Section | None
    order: int = 50
    kinds: tuple[str, ...] = ("monitor",)


@dataclass
class Column:
    key: str
    title: str
    kind: str = "count"  # label | count | percent | number | days | hours | eur | text | bool
    # Count columns of the same row this value is derived from: a small or hidden basis hides it.
    basis: tuple[str, ...] = ()


# Where a total is shown: the key of a figure ("received"), or one cell of a table as
# (table key, row code, column key).
Total = str | tuple[str, str, str]


@dataclass
class Table:
    """A table of a report. A table whose count cells add up to something the reader sees (a figure,
    a total row or column, a cell of another table, or the table's own shares) must say so: the
    small-cell suppression (`naast.reports.figures.suppress`) reads these declarations to hide
    enough further cells that no hidden one can be worked out."""

    key: str
    title: str
    definition: str
    columns: list[Column]
    rows: list[dict]
    # The count column whose rows (all of them but `total_row`) add up to a total.
    complement_column: str | None = None
    # What `complement_column` adds up to: a figure or a cell shown elsewhere. None: the total is
    # not shown as such, but counts as known while any non-zero cell of the column is visible (a
    # share next to it gives it away). A share column (`kind="percent"`, `basis=(complement_column,)`)
    # makes the total known that way too, also when the figure it adds up to is hidden.
    column_total: Total | None = None
    # The code of a row that holds, in every count column, the sum of the other rows.
    total_row: str | None = None
    # Within a row: (total column, part columns) where the parts add up to the total.
    row_complements: tuple[tuple[str, tuple[str, ...]], ...] = ()
    # Cells of one row that add up to a total shown elsewhere: (row code, part columns, total).
    row_totals: tuple[tuple[str, tuple[str, ...], Total], ...] = ()
    chart_column: str | None = None
    note: str = ""
    # Each row is one record (e.g. one signal's text): the number of rows is itself a count, so a
    # list of 1 to 4 rows is not shown to readers who see suppressed figures.
    rows_are_records: bool = False
    # Cells equal to a figure of another section: (row code, column key, figure key). `link_figures`
    # fills them; the cell is hidden wherever that figure is (see `suppress`).
    from_figures: tuple[tuple[str, str, str], ...] = ()

    def column(self, key: str) -> Column:
        return next(c for c in self.columns if c.key == key)


@dataclass
class Figure:
    key: str
    title: str
    value: object
    kind: str = "count"
    definition: str = ""
    # What this value is derived from (e.g. the denominator of a cost): figure keys, or the counts
    # themselves; a small or hidden basis hides it.
    basis: tuple = ()


@dataclass
class Section:
    key: str
    title: str
    figures: list[Figure] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    note: str = ""  # e.g. why a section is empty or omitted


# --- tools for sections -------------------------------------------------------------------------
class WholeDays(models.Func):
    """Whole days (rounded down) from `start` to `end`, computed in the database."""

    output_field = models.IntegerField()
    arity = 2

    def __init__(self, end, start, **extra):
        super().__init__(end, start, **extra)

    def as_sqlite(self, compiler, connection, **extra):
        # Round to whole seconds first: julianday() is a float, and 14 days must not become 13.99999.
        return self.as_sql(
            compiler, connection,
            template="CAST(ROUND((julianday(%(expressions)s)) * 86400) / 86400 AS INTEGER)",
            arg_joiner=") - julianday(", **extra,
        )

    def as_postgresql(self, compiler, connection, **extra):
        return self.as_sql(compiler, connection,
                           template="CAST(FLOOR(EXTRACT(EPOCH FROM (%(expressions)s)) / 86400) AS INTEGER)",
                           arg_joiner=" - ", **extra)


def nearest_rank(histogram: list[tuple[int, int]], share: float) -> int | None:
    """The nearest-rank percentile of values given as (value, count) pairs: the smallest value
    with at least `share` of all counts at or below it. Works on grouped data, never on rows."""
    total = sum(count for _value, count in histogram)
    if total == 0:
        return None
    rank = max(1, -(-int(round(share * total * 1000)) // 1000))  # ceil(share * total) without float drift
    cumulative = 0
    for value, count in sorted(histogram):
        cumulative += count
        if cumulative >= rank:
            return value
    return None
