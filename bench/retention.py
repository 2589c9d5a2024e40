"""`naast apply-retention` on a service's whole history (target: under 1 s per 1,000 requests, so a
first run over years of history finishes within minutes, and a daily run within seconds).

Builds the demo data with N requests (default 5,000) on a throw-away SQLite file, or on
DATABASE_URL, then anonymises every closed request at once (as a first run some years from now
would), first as a dry run, then for real, and prints the time per run and per 1,000 requests,
with the counts per kind. Checks on the way that the year report (whole service) of last year is
identical before and after, and prints the machine's load average with every figure.

    .venv/bin/python bench/retention.py [--requests 5000]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/naast_bench_retention .venv/bin/python bench/retention.py
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _django import setup  # noqa: E402


def load() -> str:
    return f"load average {os.getloadavg()[0]:.2f} ({os.cpu_count()} cores)"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=5000)
    args = parser.parse_args()
    database = setup()
    from django.core.management import call_command
    from django.utils import timezone

    from naast.privacy.retention import apply_retention
    from naast.registry.models import HelpRequest
    from naast.reports.monitor import build_report
    from naast.reports.outputs import render
    from naast.reports.periods import parse_period
    from naast.reports.queries import Scope

    if not HelpRequest.objects.exists():
        started = time.perf_counter()
        call_command("demo-data", "--requests", str(args.requests), "--quiet")
        print(f"demo data: {HelpRequest.objects.count()} requests in {time.perf_counter() - started:.0f} s ({database})")
    now = timezone.now()
    period = parse_period(str(timezone.localdate().year - 1))

    def report():
        data = json.loads(render(build_report("monitor", period, Scope(), now=now), "json"))
        data.pop("generated_at")
        return data

    before = report()
    later = now + timedelta(days=4 * 366)
    for dry_run in (True, False):
        started = time.perf_counter()
        counts = apply_retention(now=later, months=24, dry_run=dry_run)
        seconds = time.perf_counter() - started
        n = counts["help requests"]
        per = seconds / n * 1000 if n else 0
        print(f"{'dry run' if dry_run else 'real run'}: {n} requests, {counts['clients']} clients in {seconds:.2f} s "
              f"({per:.2f} s per 1,000; target < 1 s) - {load()}")
    print("  " + ", ".join(f"{kind} {count}" for kind, count in counts.items()))
    same = report() == before
    print(f"report of {period} identical after: {same}")
    started = time.perf_counter()
    again = apply_retention(now=later, months=24)
    print(f"second run: {again['help requests']} requests in {time.perf_counter() - started:.2f} s - {load()}")
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
