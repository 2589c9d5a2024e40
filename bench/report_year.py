"""Year report speed and memory on a large database (target: < 2 s PostgreSQL, < 5 s SQLite, ratio < 3).

Prepare once per database (1,000,000 help requests over 10 years, 20 municipalities, 4 organisations;
about 6 minutes on SQLite) and reuse it:

    DATABASE_URL=postgres://USER@HOST:5432/naast_bench naast migrate
    DATABASE_URL=postgres://USER@HOST:5432/naast_bench naast demo-data --requests 1000000
    DATABASE_URL=sqlite:///ABSOLUTE/PATH/bench.sqlite3 naast migrate   (and demo-data as above)

Then run with the same DATABASE_URL (and DEBUG=1 or a SECRET_KEY):

    .venv/bin/python bench/report_year.py [--year 2025] [--repeat 3]

The script migrates first (so new report indexes are built on an existing bench database) and,
on PostgreSQL, runs VACUUM ANALYZE on the help requests: a bulk load (COPY) leaves no planner
statistics and no visibility map, without which PostgreSQL can neither estimate the period's
rows nor use an index-only scan.

For the whole service and for every municipality it builds the full monitor report for one
year and times it (best of --repeat), next to one raw SQL GROUP BY over the same rows (the
requests received that year, by channel) in the same run; the ratio is report ÷ GROUP BY.
Peak Python memory (tracemalloc) of building each report is printed next to the number of rows
in its scope, and once more for a ten-year period, to show it does not grow with the rows.
Every line ends with the load average (1 minute), since a busy machine slows both columns.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
import tracemalloc

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "naast.conf.settings")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.utils import timezone  # noqa: E402

from naast.organisations.models import Municipality  # noqa: E402
from naast.registry.models import HelpRequest  # noqa: E402
from naast.reports.monitor import build_report  # noqa: E402
from naast.reports.periods import parse_period  # noqa: E402
from naast.reports.queries import Scope  # noqa: E402


def load() -> str:
    return f"{os.getloadavg()[0]:.2f}"


def prepare() -> None:
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    if connection.vendor == "postgresql":
        started = time.perf_counter()
        with connection.cursor() as cursor:
            for table in ("registry_helprequest", "registry_helprequest_life_domains"):
                cursor.execute(f"VACUUM ANALYZE {table}")
        print(f"VACUUM ANALYZE: {time.perf_counter() - started:.1f} s")


def best_of(repeat: int, function):
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        result = function()
        times.append(time.perf_counter() - started)
    return min(times), result


def raw_group_by(period, municipality_id=None):
    sql = ("SELECT channel, COUNT(*) FROM registry_helprequest WHERE received_at >= %s AND received_at < %s"
           + (" AND municipality_id = %s" if municipality_id else "") + " GROUP BY channel")
    params = [period.start, period.end] + ([municipality_id] if municipality_id else [])
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    return sum(n for _c, n in rows)


def peak_memory(function) -> float:
    tracemalloc.start()
    tracemalloc.reset_peak()
    function()
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return peak / 1024 / 1024


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--year", type=int, default=timezone.localdate().year - 1)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--municipalities", type=int, default=0, help="limit the number of municipalities (0 = all)")
    args = parser.parse_args()
    prepare()
    total = HelpRequest.objects.count()
    print(f"database: {connection.vendor}, {total:,} help requests, cores: {os.cpu_count()}, year {args.year}, "
          f"load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    if total < 100_000:
        print("note: fewer than 100,000 help requests; run `naast demo-data --requests 1000000` first", file=sys.stderr)
    period = parse_period(str(args.year))
    scopes = [("whole service", Scope(), None)]
    municipalities = list(Municipality.objects.order_by("code"))
    if args.municipalities:
        municipalities = municipalities[: args.municipalities]
    scopes += [(f"{m.code} {m.name}", Scope(municipality=m), m.pk) for m in municipalities]
    print(f"{'scope':<28} {'rows':>8} {'report s':>9} {'GROUP BY s':>10} {'ratio':>6} {'peak MiB':>9} {'load':>5}")
    ratios, report_times = [], []
    for label, scope, municipality_id in scopes:
        build_report("monitor", period, scope)  # warm the caches, as a second visitor would find them
        report_time, _report = best_of(args.repeat, lambda s=scope: build_report("monitor", period, s))
        raw_time, rows = best_of(args.repeat, lambda m=municipality_id: raw_group_by(period, m))
        peak = peak_memory(lambda s=scope: build_report("monitor", period, s))
        ratio = report_time / raw_time if raw_time else float("nan")
        ratios.append(ratio)
        report_times.append(report_time)
        print(f"{label[:28]:<28} {rows:>8,} {report_time:>9.3f} {raw_time:>10.4f} {ratio:>6.1f} {peak:>9.2f} {load():>5}")
    first, last = parse_period(str(args.year - 9)).first_day, period.last_day
    decade = parse_period(f"{first.isoformat()}..{last.isoformat()}")
    peak = peak_memory(lambda: build_report("monitor", decade, Scope()))
    decade_time, _r = best_of(1, lambda: build_report("monitor", decade, Scope()))
    print(f"{'whole service, 10 years':<28} {total:>8,} {decade_time:>9.3f} {'':>10} {'':>6} {peak:>9.2f} {load():>5}")
    print(f"max report time {max(report_times):.3f} s, median {statistics.median(report_times):.3f} s; "
          f"ratio median {statistics.median(ratios):.1f}, max {max(ratios):.1f}; load average {load()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
