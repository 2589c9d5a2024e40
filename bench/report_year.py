"""Monitor report speed and memory on a large database, next to the minimal hand-written SQL for the same figures.

Targets (issue 20): a year's report at most 2 x the minimal SQL in the same run; ten years under
2 s on PostgreSQL and under 5 s on SQLite at 1,000,000 help requests; peak Python memory flat
(it must not grow with the rows); the figures identical.

Runs on the database DATABASE_URL names (with DEBUG=1 or a SECRET_KEY). Prepare the data once
(1,000,000 help requests over 10 years, 20 municipalities, 4 organisations; `nice` it, it takes
minutes) and reuse it, e.g. in the working tree's var/:

    DATABASE_URL=sqlite:///$PWD/var/bench-report.sqlite3 nice .venv/bin/python bench/report_year.py --generate 1000000
    DATABASE_URL=postgres://USER@HOST:5432/naast_bench nice .venv/bin/python bench/report_year.py --generate 1000000

`--generate N` runs `naast demo-data --requests N` first when the database has no help request
(10 whole years from 200,000 requests); without it the script uses what is there. It migrates
first (so new report indexes are built on an existing bench database) and, on PostgreSQL, runs
VACUUM ANALYZE on the help requests (a bulk load leaves no planner statistics and no visibility
map, without which PostgreSQL can neither estimate the period's rows nor use an index-only scan).

For the whole service it builds the full monitor report for one year (`--year`, default last
year) and for the ten years up to its end, each timed as the best of `--repeat` after one warm-up,
and, in the same run, the minimal hand-written SQL that gives the same figures from the help
requests: the headline figures of the period and of the same period last year (one pass over the
period's index ranges), the breakdowns of the requests received in it (channel, referrer,
urgency, target group, district, life domains, the three norms with their days), and the
histograms of minutes and days of the requests answered in it: three statements (PostgreSQL
groups with GROUPING SETS, SQLite with one GROUP BY per breakdown). The figures of both are
compared and the script exits 1 when they differ. It first brings the report's monthly roll-up up
to date (timed: once after a bulk load, every month), and besides the year and the ten years it
times ten years counted from the requests alone (no roll-up), ten years just after one request
was corrected (the first report refreshes the months the correction marked) and ten years of the
first municipality (municipalities are not rolled up). `--municipalities N` adds the year report of
the first N municipalities. Every line ends with the load average (1 minute): a busy machine
slows both columns.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
import tracemalloc
from collections import defaultdict
from pathlib import Path

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "naast.conf.settings")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.utils import timezone  # noqa: E402

from naast.core.reportkit import nearest_rank  # noqa: E402
from naast.organisations.models import District, Municipality  # noqa: E402
from naast.registry.choices import Outcome, Status  # noqa: E402
from naast.registry.models import HelpRequest  # noqa: E402
from naast.reports import rollup  # noqa: E402
from naast.reports.dbfuncs import report_session  # noqa: E402
from naast.reports.monitor import build_report  # noqa: E402
from naast.reports.periods import parse_period  # noqa: E402
from naast.reports.queries import Scope  # noqa: E402
from naast.taxonomies.models import LifeDomain, TargetGroup  # noqa: E402

TARGET_RATIO = 2.0
TARGET_DECADE = {"postgresql": 2.0, "sqlite": 5.0}


def load() -> str:
    return f"{os.getloadavg()[0]:.2f}"


def prepare(generate: int) -> None:
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    if generate and not HelpRequest.objects.exists():
        started = time.perf_counter()
        call_command("demo-data", requests=generate, quiet=True)
        print(f"demo-data --requests {generate}: {time.perf_counter() - started:.0f} s")
    if connection.vendor == "postgresql":
        started = time.perf_counter()
        with connection.cursor() as cursor:
            for table in ("registry_helprequest", "registry_helprequest_life_domains"):
                cursor.execute(f"VACUUM ANALYZE {table}")
        print(f"VACUUM ANALYZE: {time.perf_counter() - started:.1f} s")


def data_size() -> str:
    requests = HelpRequest.objects.count()
    links = HelpRequest.life_domains.through.objects.count()
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_database_size(current_database()), pg_total_relation_size('registry_helprequest')")
            database, table = cursor.fetchone()
        size = f"database {database / 2**20:,.0f} MiB, help requests with their indexes {table / 2**20:,.0f} MiB"
    else:
        name = Path(connection.settings_dict["NAME"])
        size = f"file {sum(p.stat().st_size for p in name.parent.glob(name.name + '*')) / 2**20:,.0f} MiB"
    first, last = (HelpRequest.objects.order_by(f).values_list("received_at", flat=True).first()
                   for f in ("received_at", "-received_at"))
    span = f"received {first:%Y-%m-%d} to {last:%Y-%m-%d}" if first else "empty"
    return f"{requests:,} help requests, {links:,} life-domain links, {span}; {size}"


def best_of(repeat: int, function):
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        result = function()
        times.append(time.perf_counter() - started)
    return min(times), result


def peak_memory(function) -> float:
    tracemalloc.start()
    tracemalloc.reset_peak()
    function()
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return peak / 2**20


# --- the minimal hand-written SQL -------------------------------------------------------------------
def _days(end: str, start: str) -> str:
    if connection.vendor == "postgresql":
        return f"CAST(FLOOR(EXTRACT(EPOCH FROM ({end} - {start})) / 86400) AS INTEGER)"
    return f"CAST(ROUND((julianday({end}) - julianday({start})) * 86400) / 86400 AS INTEGER)"


def _state(due: str, done: str) -> str:
    """registry.lifecycle.norm_state, written out."""
    return (f"CASE WHEN {due} IS NULL THEN 'none' WHEN {done} IS NOT NULL AND {done} <= {due} THEN 'on_time' "
            f"WHEN {done} IS NOT NULL THEN 'late' WHEN ce <= {due} AND ce < %(cutoff)s THEN 'none' "
            f"WHEN {due} < %(cutoff)s THEN 'late' ELSE 'pending' END")


CE = "CASE WHEN closed_at IS NOT NULL THEN closed_at WHEN status = %(closed)s THEN received_at END"
ANSWERED = "status = %(closed)s AND ce >= {s} AND ce < {e} AND outcome NOT IN (%(no_contact)s, %(withdrawn)s)"
RECEIVED_COLUMNS = ("received_at, closed_at, status, channel, referrer, urgency, target_group_id, district_id, "
                    "life_domain_key, first_contact_due, first_contact_at, appointment_due, appointment_at, pickup_due, "
                    "picked_up_at")
BREAKDOWNS = {
    "channel": ("channel",), "referrer": ("referrer",), "urgency": ("urgency",), "target_group": ("target_group_id",),
    "district": ("district_id",), "life_domains": ("life_domain_key",), "contact": ("urgency", "cs", "cd"),
    "appointment": ("aps",), "pickup": ("urgency", "ps", "pd"),
}


def _grouped(source: str, sets: dict[str, tuple[str, ...]]) -> str:
    """(set name, up to three keys, count) per group: GROUPING SETS on PostgreSQL, else one GROUP BY per set."""
    columns = list(dict.fromkeys(c for keys in sets.values() for c in keys))
    if connection.vendor == "postgresql":
        bits = {name: sum(1 << (len(columns) - 1 - i) for i, c in enumerate(columns) if c not in keys)
                for name, keys in sets.items()}
        case = " ".join(f"WHEN {bit} THEN '{name}'" for name, bit in bits.items())
        return (f"SELECT CASE GROUPING({', '.join(columns)}) {case} END, {', '.join(columns)}, COUNT(*) FROM ({source}) q "
                f"GROUP BY GROUPING SETS ({', '.join('(' + ', '.join(k) + ')' for k in sets.values())})")
    selects = [f"SELECT '{name}', {', '.join(c if c in keys else 'NULL' for c in columns)}, COUNT(*) FROM q "
               f"GROUP BY {', '.join(keys)}" for name, keys in sets.items()]
    return f"WITH q AS MATERIALIZED ({source}) " + " UNION ALL ".join(selects)


def minimal_sql(period, before, now, municipality_id=None) -> dict:
    """The report's figures from the help requests in three hand-written statements, in the
    report's session (on PostgreSQL its work_mem, so neither side spills to disk for want of it)."""
    with report_session():
        return _minimal_sql(period, before, now, municipality_id)


def _minimal_sql(period, before, now, municipality_id=None) -> dict:
    adapt = connection.ops.adapt_datetimefield_value
    params = {"s": adapt(period.start), "e": adapt(period.end), "ls": adapt(before.start), "le": adapt(before.end),
              "cutoff": adapt(min(period.end, now)), "closed": Status.CLOSED, "no_contact": Outcome.NO_CONTACT,
              "withdrawn": Outcome.WITHDRAWN, "guideline": 0, "m": municipality_id}
    from naast.organisations.models import ServiceProfile

    params["guideline"] = ServiceProfile.get().guideline_hours * 60
    scope = " AND municipality_id = %(m)s" if municipality_id else ""
    cols = "received_at, status, outcome, is_quick_log, client_id, minutes_spent"
    # 1. Headline figures of the period and of last year: the three index ranges from last year's start.
    since = "%(ls)s" if before.end >= period.start else "%(s)s"
    rows = (f"SELECT {cols}, {CE} AS ce FROM registry_helprequest WHERE received_at >= {since} AND received_at < %(e)s{scope} "
            f"UNION ALL SELECT {cols}, closed_at FROM registry_helprequest "
            f"WHERE received_at < {since} AND closed_at >= {since}{scope} "
            f"UNION ALL SELECT {cols}, NULL FROM registry_helprequest "
            f"WHERE received_at < {since} AND closed_at IS NULL AND status <> %(closed)s{scope}")
    answered = ANSWERED.format(s="%(s)s", e="%(e)s")
    answered_before = ANSWERED.format(s="%(ls)s", e="%(le)s")
    headline = (
        "SELECT COUNT(*) FILTER (WHERE received_at >= %(s)s), "
        f"COUNT(*) FILTER (WHERE {answered}), "
        f"COUNT(*) FILTER (WHERE {answered} AND is_quick_log), "
        "COUNT(*) FILTER (WHERE ce IS NULL OR ce >= %(e)s), "
        "COUNT(DISTINCT client_id) FILTER (WHERE ce IS NULL OR ce >= %(s)s), "
        f"SUM(minutes_spent) FILTER (WHERE {answered}), "
        f"COUNT(*) FILTER (WHERE {answered} AND minutes_spent > %(guideline)s), "
        "COUNT(*) FILTER (WHERE received_at >= %(ls)s AND received_at < %(le)s), "
        f"COUNT(*) FILTER (WHERE {answered_before}), "
        "COUNT(DISTINCT client_id) FILTER (WHERE received_at < %(le)s AND (ce IS NULL OR ce >= %(ls)s)) "
        f"FROM ({rows}) r"
    )
    # 2. Breakdowns of the requests received in the period.
    has_key = any(f.name == "life_domain_key" for f in HelpRequest._meta.fields)
    # (An older schema, when measuring the code before the key: a fourth statement joins the links.)
    key, inner = ("life_domain_key", RECEIVED_COLUMNS) if has_key else \
        ("NULL AS life_domain_key", RECEIVED_COLUMNS.replace("life_domain_key, ", ""))
    received = (f"SELECT channel, referrer, urgency, target_group_id, district_id, {key}, "
                f"{_state('first_contact_due', 'first_contact_at')} AS cs, {_days('first_contact_at', 'received_at')} AS cd, "
                f"{_state('appointment_due', 'appointment_at')} AS aps, "
                f"{_state('pickup_due', 'picked_up_at')} AS ps, {_days('picked_up_at', 'received_at')} AS pd "
                f"FROM (SELECT {inner}, {CE} AS ce FROM registry_helprequest "
                f"WHERE received_at >= %(s)s AND received_at < %(e)s{scope}) x")
    # 3. Minutes and days of the requests answered in the period.
    answered_rows = (
        f"SELECT minutes_spent AS mi, {_days('ce', 'received_at')} AS dd FROM ("
        f"SELECT received_at, status, outcome, minutes_spent, {CE} AS ce FROM registry_helprequest "
        f"WHERE received_at >= %(s)s AND received_at < %(e)s{scope} "
        f"UNION ALL SELECT received_at, status, outcome, minutes_spent, closed_at FROM registry_helprequest "
        f"WHERE received_at < %(s)s AND closed_at >= %(s)s{scope}) a WHERE {answered}")
    figures: dict = {"groups": defaultdict(dict)}
    with connection.cursor() as cursor:
        if not has_key:
            cursor.execute(
                "SELECT CAST(l.lifedomain_id AS TEXT), COUNT(*) FROM registry_helprequest_life_domains l "
                "JOIN registry_helprequest h ON h.id = l.helprequest_id "
                f"WHERE h.received_at >= %(s)s AND h.received_at < %(e)s{scope.replace('municipality_id', 'h.municipality_id')} "
                "GROUP BY l.lifedomain_id", params)
            links = {(key,): n for key, n in cursor.fetchall()}
        cursor.execute(headline, params)
        names = ("received", "answered", "answered_quick_logs", "open_at_end", "unique_clients", "logged_minutes",
                 "above_guideline", "last_year_received", "last_year_answered", "last_year_unique_clients")
        figures.update({n: v or 0 for n, v in zip(names, cursor.fetchone(), strict=True)})
        for sql in (_grouped(received, BREAKDOWNS), _grouped(answered_rows, {"minutes": ("mi",), "days": ("dd",)})):
            cursor.execute(sql, params)
            width = len(cursor.description) - 2
            sets = BREAKDOWNS if "cs" in sql else {"minutes": ("mi",), "days": ("dd",)}
            columns = list(dict.fromkeys(c for keys in sets.values() for c in keys))
            for name, *values, n in cursor:
                keys = tuple(values[columns.index(c)] for c in sets[name])
                figures["groups"][name][keys] = n
            assert width == len(columns)
    if not has_key:
        figures["groups"]["life_domains"] = links
    return figures


# --- the same figures, from the report and from the minimal SQL -----------------------------------
def from_report(report) -> dict:
    figures = {fig.key: fig.value for s in report.sections for fig in s.figures}
    tables = {t.key: t for t in report.all_tables()}
    out = {k: figures[k] for k in ("received", "answered", "answered_quick_logs", "open_at_end", "unique_clients")}
    out["last_year"] = {row["code"]: row["last_year"] for row in tables["growth"].rows}
    for key in ("by_channel", "by_referrer", "by_urgency", "by_target_group", "by_district", "by_life_domain"):
        out[key] = {row["code"]: row["requests"] for row in tables[key].rows if row["requests"]}
    out["timeliness"] = {row["code"]: {k: row[k] for k in ("on_time", "late", "not_measured", "pending",
                                                            "contacted", "median_days", "p90_days")}
                         for row in tables["timeliness"].rows}
    hours = tables["hours"].rows[0]
    out["hours"] = {k: hours[k] for k in ("requests", "median_hours", "p90_hours", "above_guideline", "median_days",
                                          "p90_days")}
    out["logged_hours"] = next(r["hours"] for r in tables["contracted_hours"].rows if r["code"] == "logged")
    return out


def from_sql(raw: dict) -> dict:
    groups = raw["groups"]

    def one(name):
        return {key[0]: n for key, n in groups[name].items() if n}

    out = {k: raw[k] for k in ("received", "answered", "answered_quick_logs", "open_at_end", "unique_clients")}
    out["last_year"] = {k: raw[f"last_year_{k}"] for k in ("unique_clients", "received", "answered")}
    out["by_channel"], out["by_referrer"], out["by_urgency"] = one("channel"), one("referrer"), one("urgency")
    target_codes = dict(TargetGroup.objects.values_list("pk", "code"))
    out["by_target_group"] = {target_codes.get(k, k): n for k, n in one("target_group").items()}
    district_names = {d.pk: f"{d.name} ({d.municipality.name})" for d in District.objects.select_related("municipality")}
    out["by_district"] = {district_names.get(k, k): n for k, n in one("district").items()}
    domain_codes = dict(LifeDomain.objects.values_list("pk", "code"))
    domains = defaultdict(int)
    for key, n in one("life_domains").items():
        for pk in (int(p) for p in (key or "").split(",") if p):
            domains[domain_codes[pk]] += n
    out["by_life_domain"] = dict(domains)
    timeliness = {}
    for group, prefix in (("contact", ""), ("pickup", "pickup_")):
        states, histograms = defaultdict(lambda: defaultdict(int)), defaultdict(list)
        for (urgency, state, days), n in groups[group].items():
            states[urgency][state] += n
            if days is not None and state in ("on_time", "late"):
                histograms[urgency].append((days, n))
        for urgency in ("urgent", "regular"):
            s, h = states[urgency], histograms[urgency]
            timeliness[prefix + urgency] = {"on_time": s["on_time"], "late": s["late"], "not_measured": s["none"],
                                            "pending": s["pending"], "contacted": sum(n for _d, n in h),
                                            "median_days": nearest_rank(h, 0.5), "p90_days": nearest_rank(h, 0.9)}
    appointment = defaultdict(int, {key[0]: n for key, n in groups["appointment"].items()})
    timeliness["appointment"] = {"on_time": appointment["on_time"], "late": appointment["late"],
                                 "not_measured": appointment["none"], "pending": appointment["pending"],
                                 "contacted": None, "median_days": None, "p90_days": None}
    out["timeliness"] = timeliness
    minutes = [(k[0], n) for k, n in groups["minutes"].items()]
    days = [(k[0], n) for k, n in groups["days"].items()]
    n = sum(c for _m, c in minutes)
    out["hours"] = {"requests": n,
                    "median_hours": round(nearest_rank(minutes, 0.5) / 60, 1) if n else None,
                    "p90_hours": round(nearest_rank(minutes, 0.9) / 60, 1) if n else None,
                    "above_guideline": raw["above_guideline"], "median_days": nearest_rank(days, 0.5),
                    "p90_days": nearest_rank(days, 0.9)}
    out["logged_hours"] = round((raw["logged_minutes"] or 0) / 60, 1)
    return out


def run(label: str, period, scope: Scope, municipality_id, repeat: int, now,
        use_rollup: bool = True) -> tuple[float, float, bool]:
    def report():
        return build_report("monitor", period, scope, now=now, use_rollup=use_rollup)

    report()  # warm the caches, as a second visitor would find them
    report_time, report = best_of(repeat, report)
    minimal_sql(period, period.year_before(), now, municipality_id)
    sql_time, raw = best_of(repeat, lambda: minimal_sql(period, period.year_before(), now, municipality_id))
    peak = peak_memory(lambda: build_report("monitor", period, scope, now=now, use_rollup=use_rollup))
    got, expected = from_report(report), from_sql(raw)
    same = got == expected
    ratio = report_time / sql_time if sql_time else float("nan")
    print(f"{label[:30]:<30} {got['received']:>9,} "
          f"{report_time:>9.3f} {sql_time:>9.3f} {ratio:>6.2f} {peak:>8.2f} {'yes' if same else 'NO':>5} {load():>5}")
    if not same:
        for key in expected:
            if got.get(key) != expected[key]:
                print(f"    differs: {key}: report {got.get(key)!r} / SQL {expected[key]!r}", file=sys.stderr)
    return report_time, sql_time, same


after_correction_time = 0.0


def correction_in(period) -> str:
    """One request in the middle of the period corrected (as a supporter would), then the first
    report after it timed: it refreshes the months the correction marked before it adds them up."""
    global after_correction_time
    middle = period.start + (period.end - period.start) / 2
    request = HelpRequest.objects.filter(received_at__gte=middle).order_by("received_at").first()
    if request is None:  # a small database with no request after the middle of the period
        request = HelpRequest.objects.order_by("received_at").first()
    HelpRequest.objects.filter(pk=request.pk).update(minutes_spent=(request.minutes_spent or 0) + 15)
    started = time.perf_counter()
    build_report("monitor", period, Scope(), now=timezone.now())
    after_correction_time = time.perf_counter() - started
    return f"{timezone.localtime(request.received_at):%Y-%m}"


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--year", type=int, default=timezone.localdate().year - 1)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--municipalities", type=int, default=0, help="also the year report of the first N municipalities")
    parser.add_argument("--generate", type=int, default=0, metavar="N",
                        help="generate N help requests (naast demo-data) when the database has none")
    args = parser.parse_args()
    prepare(args.generate)
    print(f"database: {connection.vendor}; {data_size()}")
    print(f"cores: {os.cpu_count()}, load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    if HelpRequest.objects.count() < 100_000:
        print("note: fewer than 100,000 help requests; the targets are for 1,000,000 (--generate 1000000)")
    now = timezone.now()
    year = parse_period(str(args.year))
    decade = parse_period(f"{parse_period(str(args.year - 9)).first_day.isoformat()}..{year.last_day.isoformat()}")
    started = time.perf_counter()
    computed = rollup.refresh()
    print(f"monthly roll-up brought up to date: {computed} months computed in {time.perf_counter() - started:.1f} s "
          f"(load {load()})")
    print(f"{'whole service':<30} {'received':>9} {'report s':>9} {'SQL s':>9} {'ratio':>6} {'peak MiB':>8} "
          f"{'same':>5} {'load':>5}")
    all_same = True
    year_time, year_sql, same = run(f"year {args.year}", year, Scope(), None, args.repeat, now)
    all_same &= same
    decade_time, decade_sql, same = run(f"ten years {args.year - 9}-{args.year}", decade, Scope(), None,
                                        max(1, min(args.repeat, 2)), now)
    all_same &= same
    _t, _s, same = run("ten years, from the requests", decade, Scope(), None, 1, now, use_rollup=False)
    all_same &= same
    corrected = correction_in(decade)
    _t, _s, same = run(f"ten years, {corrected} just corrected", decade, Scope(), None, 1, now)
    all_same &= same
    print(f"  (the first report after the correction, refreshing its months: {after_correction_time:.3f} s)")
    for municipality in list(Municipality.objects.order_by("code"))[:1]:
        _t, _s, same = run(f"ten years, {municipality.code} {municipality.name}"[:30], decade,
                           Scope(municipality=municipality), municipality.pk, 1, now)
        all_same &= same
    for municipality in list(Municipality.objects.order_by("code"))[: args.municipalities]:
        _t, _s, same = run(f"year, {municipality.code} {municipality.name}", year,
                           Scope(municipality=municipality), municipality.pk, args.repeat, now)
        all_same &= same
    target = TARGET_DECADE.get(connection.vendor, 5.0)
    print(f"target: year report <= {TARGET_RATIO:g} x the minimal SQL: {year_time / year_sql:.2f} x "
          f"({'met' if year_time <= TARGET_RATIO * year_sql else 'NOT met'})")
    print(f"target: ten years < {target:g} s on {connection.vendor} at 1,000,000 requests: {decade_time:.2f} s "
          f"({'met' if decade_time < target else 'NOT met'}; minimal SQL {decade_sql:.2f} s)")
    print(f"figures of the report and of the minimal SQL {'identical' if all_same else 'DIFFERENT'}; "
          f"load average {load()}")
    return 0 if all_same else 1


if __name__ == "__main__":
    sys.exit(main())
