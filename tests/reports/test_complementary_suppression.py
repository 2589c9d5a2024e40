"""Complementary suppression: no hidden count can be worked out from what a funder or auditor sees.

A reader who knows the rules knows that "<5" is 1 to 4, that "×" in a count column is 5 or more
(only the smallest visible count is ever hidden besides, and every count below 5 is "<5" already),
that zero is shown, and every total in the report. `possible_values` is that reader, by brute force:
every value each hidden cell can take while all the sums a reader sees still add up. It is written
independently of `naast.reports.figures` and checks its work on small tables; the demo report is
checked sum by sum."""

import itertools
import json
from collections import defaultdict

import pytest
from django.core.management import call_command
from django.utils import timezone

from naast.accounts.models import User
from naast.accounts.roles import Role
from naast.casework.models import Signal
from naast.core.reportkit import Column, Figure, Section, Table
from naast.organisations.models import Municipality
from naast.reports.figures import HIDDEN, SMALL, Report, suppress
from naast.reports.monitor import build_report
from naast.reports.periods import parse_period
from naast.reports.queries import Scope

from .factories import at

pytestmark = pytest.mark.django_db
COUNT = [Column("label", "Label", "label"), Column("n", "Number")]


def report(figures: dict[str, int], *tables: Table) -> Report:
    figures = [Figure(key, key, value) for key, value in figures.items()]
    return Report("monitor", "Test", "2025", "2025-01-01", "2025-12-31", {}, [Section("s", "S", figures, list(tables))],
                  "2026-01-01T00:00:00")


def table(key: str, values: dict[str, int], **declared) -> Table:
    return Table(key, key, "", COUNT, [{"code": code, "label": code, "n": n} for code, n in values.items()], **declared)


def shown(suppressed: Report) -> dict[str, object]:
    """Every figure by key and every count cell as "table.row.column", as the reader sees it."""
    values = {f.key: f.value for s in suppressed.sections for f in s.figures}
    for t in suppressed.all_tables():
        for row in t.rows:
            for column in t.columns:
                if column.kind == "count":
                    values[f"{t.key}.{row['code']}.{column.key}"] = row[column.key]
    return values


def possible_values(values: dict[str, object], sums: list[tuple[str, list[str]]], most: int = 40) -> dict:
    """Brute force: the values each hidden cell can take, given the shown ones and that each sum holds."""
    hidden = [key for key, value in values.items() if value in (SMALL, HIDDEN)]
    ranges = [range(1, 5) if values[key] == SMALL else range(5, most + 1) for key in hidden]
    possible = defaultdict(set)
    for combination in itertools.product(*ranges):
        candidate = {**values, **dict(zip(hidden, combination, strict=True))}
        if all(candidate[total] == sum(candidate[p] for p in parts) for total, parts in sums):
            for key, value in zip(hidden, combination, strict=True):
                possible[key].add(value)
    return {key: possible[key] for key in hidden}


def assert_nothing_can_be_worked_out(values, sums, **kwargs):
    possible = possible_values(values, sums, **kwargs)
    assert possible, "nothing hidden"
    for key, options in possible.items():
        assert len(options) > 1, f"{key} can only be {options}"


# --- the cases of the issue, on small tables ------------------------------------------------------------
def test_five_signals_over_five_themes_of_one_each():
    """The reported hole: a total of 5 next to five themes each "<5" makes every theme 1."""
    themes = {code: 1 for code in ("waiting_list", "digital", "rules", "language", "financial")}
    values = shown(suppress(report({"signals": 5},
                                   table("by_theme", themes, complement_column="n", column_total="signals"))))
    assert all(values[f"by_theme.{code}.n"] == SMALL for code in themes)
    assert values["signals"] == HIDDEN  # nothing else to hide: the total goes
    assert_nothing_can_be_worked_out(values, [("signals", [f"by_theme.{code}.n" for code in themes])])


def test_one_small_cell_next_to_a_total():
    values = shown(suppress(report({"received": 14},
                                   table("by_channel", {"web": 2, "phone": 12, "email": 0},
                                         complement_column="n", column_total="received"))))
    assert values == {"received": 14, "by_channel.web.n": SMALL, "by_channel.phone.n": HIDDEN, "by_channel.email.n": 0}
    assert_nothing_can_be_worked_out(values, [("received", ["by_channel.web.n", "by_channel.phone.n",
                                                            "by_channel.email.n"])])


def test_a_hidden_cell_of_at_least_five_can_still_give_a_small_one_away():
    """14 = "<5" + "×" + 7: with "×" at least 5, "<5" could only be 1 or 2; 13 = "<5" + "×" + 7 pins it to 1."""
    values = shown(suppress(report({"total": 13},
                                   table("t", {"a": 1, "b": 5, "c": 7}, complement_column="n", column_total="total"))))
    assert values["t.a.n"] == SMALL and values["t.b.n"] == HIDDEN and values["t.c.n"] == HIDDEN
    assert_nothing_can_be_worked_out(values, [("total", ["t.a.n", "t.b.n", "t.c.n"])])


def test_two_small_cells_whose_sum_is_known():
    """20 − 18 leaves 2 for two cells of at least 1: both are 1. A sum of 5 for two cells leaves them open."""
    values = shown(suppress(report({"total": 20},
                                   table("t", {"a": 1, "b": 1, "c": 18}, complement_column="n", column_total="total"))))
    assert (values["t.a.n"], values["t.b.n"], values["t.c.n"]) == (SMALL, SMALL, HIDDEN)
    assert_nothing_can_be_worked_out(values, [("total", ["t.a.n", "t.b.n", "t.c.n"])])

    values = shown(suppress(report({"total": 20},
                                   table("t", {"a": 2, "b": 3, "c": 15}, complement_column="n", column_total="total"))))
    assert (values["t.a.n"], values["t.b.n"], values["t.c.n"]) == (SMALL, SMALL, 15)
    assert_nothing_can_be_worked_out(values, [("total", ["t.a.n", "t.b.n", "t.c.n"])])


def test_a_total_worked_out_from_the_shares_counts_like_a_total_shown():
    """No total is shown, but 13 requests at 86.7 % give it away (15), and with it the two cells of 1."""
    rows = [{"code": "a", "label": "a", "n": 1, "share": 6.7}, {"code": "b", "label": "b", "n": 13, "share": 86.7},
            {"code": "c", "label": "c", "n": 1, "share": 6.7}]
    columns = [*COUNT, Column("share", "Share", "percent", basis=("n",))]
    suppressed = suppress(report({}, Table("t", "t", "", columns, rows, complement_column="n")))
    cells = {row["code"]: (row["n"], row["share"]) for row in suppressed.all_tables()[0].rows}
    assert cells == {"a": (SMALL, HIDDEN), "b": (HIDDEN, HIDDEN), "c": (SMALL, HIDDEN)}
    # 3 + 10 + 3 leaves the two small ones open (2 to 4 each): nothing more is hidden.
    rows = [{"code": "a", "label": "a", "n": 3, "share": 18.8}, {"code": "b", "label": "b", "n": 10, "share": 62.5},
            {"code": "c", "label": "c", "n": 3, "share": 18.8}]
    suppressed = suppress(report({}, Table("t", "t", "", columns, rows, complement_column="n")))
    assert [row["n"] for row in suppressed.all_tables()[0].rows] == [SMALL, 10, SMALL]


def test_a_row_total_and_a_column_total():
    """Requests for another supporter: handled + open = requests in each row; public + staff = all in
    each column; all requests = the section's figure."""
    rows = {"public": (3, 2, 1), "staff": (6, 6, 0), "all": (9, 8, 1)}
    columns = [Column("label", "Label", "label"), Column("requests", "R"), Column("handled", "H"), Column("open", "O")]
    t = Table("asked", "asked", "", columns,
              [{"code": code, "label": code, "requests": r, "handled": h, "open": o} for code, (r, h, o) in rows.items()],
              row_complements=(("requests", ("handled", "open")),), total_row="all",
              from_figures=(("all", "requests", "asked_total"),))
    values = shown(suppress(report({"asked_total": 9}, t)))
    assert values["asked.public.requests"] == SMALL and values["asked.all.open"] == SMALL
    assert values["asked.staff.open"] == 0  # zero is shown
    sums = [(f"asked.{row}.requests", [f"asked.{row}.handled", f"asked.{row}.open"]) for row in rows]
    sums += [(f"asked.all.{c}", [f"asked.public.{c}", f"asked.staff.{c}"]) for c in ("requests", "handled", "open")]
    sums += [("asked_total", ["asked.all.requests"])]
    assert_nothing_can_be_worked_out(values, sums, most=12)


def test_a_count_elsewhere_that_gives_a_hidden_one_away_is_hidden_too():
    """The timeliness rows add up to the requests of their urgency: 11 regular requests all on time
    would give away the urgent ones a breakdown hides."""
    by_urgency = table("by_urgency", {"urgent": 3, "regular": 11}, complement_column="n", column_total="received")
    columns = [Column("label", "Label", "label"), Column("measured", "M"), Column("on_time", "T"), Column("late", "L"),
               Column("not_measured", "N"), Column("pending", "P")]
    timeliness = Table(
        "timeliness", "timeliness", "", columns,
        [{"code": "urgent", "label": "u", "measured": 3, "on_time": 3, "late": 0, "not_measured": 0, "pending": 0},
         {"code": "regular", "label": "r", "measured": 11, "on_time": 11, "late": 0, "not_measured": 0,
          "pending": 0}],
        row_complements=(("measured", ("on_time", "late")),),
        row_totals=tuple((code, ("measured", "not_measured", "pending"), ("by_urgency", code, "n"))
                         for code in ("urgent", "regular")))
    values = shown(suppress(report({"received": 14}, by_urgency, timeliness)))
    assert values["received"] == 14 and values["timeliness.regular.on_time"] == HIDDEN
    sums = [("received", ["by_urgency.urgent.n", "by_urgency.regular.n"])]
    for code in ("urgent", "regular"):
        sums += [(f"timeliness.{code}.measured", [f"timeliness.{code}.on_time", f"timeliness.{code}.late"]),
                 (f"by_urgency.{code}.n", [f"timeliness.{code}.measured", f"timeliness.{code}.not_measured",
                                           f"timeliness.{code}.pending"])]
    assert_nothing_can_be_worked_out(values, sums, most=16)


def test_four_small_rows_under_a_small_total_are_not_shown():
    """Four themes of "<5" under a total of "<5": each must be 1. Nothing visible is left to hide, so the
    table is not shown."""
    suppressed = suppress(report({"signals": 4}, table("by_theme", {"a": 1, "b": 1, "c": 1, "d": 1},
                                                       complement_column="n", column_total="signals")))
    t = suppressed.all_tables()[0]
    assert t.rows == [] and "Niet getoond" in t.note


def test_a_sum_that_does_not_add_up_is_no_reason_to_hide():
    suppressed = suppress(report({"total": 30}, table("t", {"a": 2, "b": 12}, complement_column="n",
                                                      column_total="total")))
    assert shown(suppressed)["t.b.n"] == 12  # 30 ≠ 14: the reader learns nothing exact from it


# --- the same, as a funder reads the signalling report -----------------------------------------------
def test_a_funder_cannot_work_out_five_signals_over_five_themes(f, login):
    muni, org = f.municipality("GM1701", "Westerveld"), f.organisation("MEE Test")
    for i, theme in enumerate(("waiting_list", "digital", "rules", "language", "financial")):
        hr = f.help_request(org=org, municipality=muni, received_at=at("2025-03-01 10:00"), client=f.client(f"C{i}"))
        Signal.objects.create(help_request=hr, theme=theme, text="Knelpunt", recorded_at=at(f"2025-03-0{i + 2} 10:00"))
    funder = login(f.user(Role.FUNDER, muni=muni))
    data = json.loads(funder.get("/staff/rapportages/download/json/",
                                 {"kind": "signals", "period": "2025", "municipality": "GM1701"}).content)
    section = data["sections"][0]
    tables = section["tables"]
    themes = [row["signals"] for row in tables["signals_by_theme"]["rows"]]
    assert themes == [SMALL] * 5
    assert section["figures"]["signals"]["value"] == HIDDEN
    assert [row["signals"] for row in tables["signals_by_organisation"]["rows"]] == [HIDDEN]
    assert [row["signals"] for row in tables["signals_trend"]["rows"]] == [HIDDEN]  # all in March
    page = funder.get("/staff/rapportages/", {"kind": "signals", "period": "2025"}).content.decode()
    assert 'data-key="signals">×<' in page


# --- the demo report, as the demo's funder and auditor get it -----------------------------------------
def declared_sums(t: Table, tables: dict[str, Table], figures: dict) -> list[tuple[object, list]]:
    """The sums a table declares, as (total value as shown, [part values as shown]), read here from the
    declarations independently of the suppression code. A total worked out from shares is taken as
    known while a non-zero part is visible (its exact value stands in for it)."""
    codes = {row.get("code"): row for row in t.rows}

    def is_total_row(row) -> bool:
        return t.total_row is not None and row.get("code") == t.total_row

    def at_total(total):
        if isinstance(total, str):
            return figures.get(total)
        other = tables.get(total[0])
        row = next((r for r in other.rows if r.get("code") == total[1]), None) if other else None
        return None if row is None else row.get(total[2])

    sums = []
    if t.complement_column:
        parts = [row[t.complement_column] for row in t.rows if not is_total_row(row)]
        if t.column_total is not None:
            sums.append((at_total(t.column_total), parts))
    if t.total_row is not None and t.total_row in codes:
        for column in (c.key for c in t.columns if c.kind == "count"):
            sums.append((codes[t.total_row][column], [r[column] for r in t.rows if not is_total_row(r)]))
    for total, parts in t.row_complements:
        sums += [(row[total], [row[p] for p in parts if p in row]) for row in t.rows]
    for code, parts, total in t.row_totals:
        if code in codes:
            sums.append((at_total(total), [codes[code][p] for p in parts]))
    for code, column, figure in t.from_figures:
        if code in codes and isinstance(figures.get(figure), int | str):
            sums.append((figures.get(figure), [codes[code][column]]))
    return sums


def bounds(value) -> tuple[float, float]:
    if value == SMALL:
        return 1, 4
    if value == HIDDEN:
        return 5, float("inf")
    return value, value


def test_the_demo_report_gives_no_hidden_count_away_through_any_one_sum(client):
    call_command("demo-data", "--quiet")
    year = timezone.localdate().year
    # The demo's funder gets exactly the suppressed report checked below for their municipality.
    funder = User.objects.get(username="financier")
    client.force_login(funder)
    data = json.loads(client.get("/staff/rapportages/download/json/", {"period": str(year - 1)}).content)
    expected = suppress(build_report("monitor", parse_period(str(year - 1)), Scope(municipality=funder.municipality)))
    assert data["suppressed"] and data["scope"]["municipality"] == funder.municipality.code
    assert {f.key: f.value for s in expected.sections for f in s.figures if f.kind == "count"} == {
        key: figure["value"] for s in data["sections"] for key, figure in s["figures"].items()
        if figure["unit"] == "count"}
    checked = 0
    for muni in Municipality.objects.all():
        for kind, period in (("monitor", str(year - 1)), ("monitor", f"{year - 1}-H1"), ("signals", str(year - 1)),
                             ("monitor", f"{year}-Q1")):
            raw = build_report(kind, parse_period(period), Scope(municipality=muni))
            suppressed = suppress(raw)
            figures = {f.key: f.value for s in suppressed.sections for f in s.figures}
            tables = {t.key: t for t in suppressed.all_tables()}
            for t in tables.values():
                for row in t.rows:
                    for column in (c for c in t.columns if c.kind == "count"):
                        value = row.get(column.key)
                        assert not (isinstance(value, int) and 0 < value < 5), (muni.code, period, t.key)
                for total, parts in declared_sums(t, tables, figures):
                    if total is None or any(p is None for p in parts):
                        continue
                    lo_total, hi_total = bounds(total)
                    part_bounds = [bounds(p) for p in parts]
                    for i, part in enumerate(parts):
                        if part not in (SMALL, HIDDEN):
                            continue
                        others = [b for j, b in enumerate(part_bounds) if j != i]
                        lo = max(bounds(part)[0], lo_total - sum(b[1] for b in others))
                        hi = min(bounds(part)[1], hi_total - sum(b[0] for b in others))
                        checked += 1
                        assert lo < hi, f"{muni.code} {kind} {period}: {t.key} {part} is {lo} ({total} = {parts})"
    assert checked > 50
