"""The audit log's hash chain: `naast verify-audit` on a large log (targets: 1,000,000 rows in < 60 s,
memory bounded: < 50 MB more than at the start; one audit row appended in < 20 ms at p95).

Fills a fresh database with N audit rows (default 1,000,000) through the one writer,
`naast.privacy.chain.append`, in batches of 5,000 (as a bulk list page writes them), then times
the single-row append that every page view does (200 times), then runs the verification as
`naast verify-audit` does (chunks of 5,000 rows), in a fresh process, and prints its time, rows per second and the
growth of the process's peak memory. Every figure is printed with the machine's load average.
Exits 1 when the chain does not verify or memory grows past its target, 3 when only a speed
target is missed.

    .venv/bin/python bench/audit_chain.py                          # SQLite (a file under var/bench/)
    .venv/bin/python bench/audit_chain.py --rows 200000
    .venv/bin/python bench/audit_chain.py --database postgres://postgres@127.0.0.1:5432/naast_audit_bench

--database defaults to DATABASE_URL. The PostgreSQL database is dropped and created afresh.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
import tracemalloc
from datetime import timedelta
from pathlib import Path

import _django
from _django import load_average

TARGET_SECONDS_PER_MILLION = 60.0
TARGET_MEMORY_MB = 50.0
TARGET_APPEND_P95_MS = 20.0


def _status_mb(key: str) -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(key + ":"):
            return int(line.split()[1]) / 1024
    raise KeyError(key)


def reset_peak() -> float:
    """Reset the process's peak memory (Linux: a child inherits its parent's peak) and return the
    memory in use now, in MB."""
    Path("/proc/self/clear_refs").write_text("5")
    return _status_mb("VmRSS")


def peak_mb() -> float:
    return _status_mb("VmHWM")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--database", default=os.environ.get("DATABASE_URL", ""))
    parser.add_argument("--verify-only", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.verify_only:  # a fresh process, so that its peak memory is the verification's own
        os.environ["DATABASE_URL"] = args.database
    else:
        tmp = _django.data_dir("audit")
        os.environ["DATABASE_URL"] = _django.prepare_database(_django.database_url(tmp, args.database))
        os.environ["NAAST_DATA_DIR"] = str(tmp)
    os.environ.setdefault("DEBUG", "0")
    os.environ.setdefault("SECRET_KEY", "bench-" + "x" * 60)
    os.environ.setdefault("ALLOWED_HOSTS", "localhost")
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "naast.conf.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone

    from naast.privacy import chain

    if args.verify_only:
        return verify(args.rows)
    call_command("migrate", verbosity=0)
    print(f"Database: {connection.vendor}; {args.rows:,} audit rows; {load_average()}")

    started = time.perf_counter()
    start_at = timezone.now() - timedelta(days=365)
    batch = 5000
    for offset in range(0, args.rows, batch):
        size = min(batch, args.rows - offset)
        chain.append([{
            "at": start_at + timedelta(seconds=offset + i), "username": f"medewerker{(offset + i) % 40}",
            "roles": "coordinator", "action": "read", "object_type": "registry.helprequest",
            "object_id": str(offset + i), "object_label": f"HV-2026-{offset + i:06d}", "client_id": offset + i,
            "reason": "list", "path": "/staff/requests/",
        } for i in range(size)])
    filled = time.perf_counter() - started
    print(f"Filled through chain.append in batches of {batch}: {filled:.1f} s ({args.rows / filled:,.0f} rows/s)")

    single = []
    for i in range(200):
        t0 = time.perf_counter()
        chain.append([{"username": "medewerker", "roles": "coordinator", "action": "read",
                       "object_type": "registry.helprequest", "object_id": str(i), "object_label": "HV-1",
                       "client_id": i, "reason": "", "path": "/staff/requests/HV-1/"}])
        single.append((time.perf_counter() - t0) * 1000)
    p50, p95 = statistics.median(single), statistics.quantiles(single, n=20)[-1]
    print(f"One-row append (each page view): p50 {p50:.1f} ms, p95 {p95:.1f} ms "
          f"(target p95 < {TARGET_APPEND_P95_MS:.0f} ms) {'OK' if p95 < TARGET_APPEND_P95_MS else 'MISSED'}")

    child = subprocess.run([sys.executable, __file__, "--verify-only", "--rows", str(args.rows + 200),
                            "--database", os.environ["DATABASE_URL"]], env=os.environ, check=False)
    if child.returncode:
        return child.returncode
    return 0 if p95 < TARGET_APPEND_P95_MS else _django.SPEED_MISSED


def verify(rows: int) -> int:
    from naast.privacy import chain

    before = reset_peak()
    t0 = time.perf_counter()
    result = chain.verify()
    seconds = time.perf_counter() - t0
    grown = peak_mb() - before
    assert result.ok and result.rows == rows, result
    target = TARGET_SECONDS_PER_MILLION * (result.rows / 1_000_000)
    print(f"verify-audit: {result.rows:,} rows in {seconds:.1f} s ({result.rows / seconds:,.0f} rows/s); "
          f"target < {target:.3g} s for this size ({TARGET_SECONDS_PER_MILLION:.0f} s per million) "
          f"{'OK' if seconds < target else 'MISSED'}")
    print(f"verify-audit peak memory growth: {grown:.1f} MB ({before:.0f} MB in use before, peak {peak_mb():.0f} MB) (target < {TARGET_MEMORY_MB:.0f} MB) "
          f"{'OK' if grown < TARGET_MEMORY_MB else 'MISSED'}; {load_average()}")
    tracemalloc.start()
    sample = chain.verify(upto=min(rows, 100_000))
    heap = tracemalloc.get_traced_memory()[1] / 1024 / 1024
    tracemalloc.stop()
    print(f"Python heap peak while checking the first {sample.rows:,} rows (tracemalloc): {heap:.1f} MB "
          "(one chunk of 5,000 rows at a time, whatever the size of the log)")
    if grown >= TARGET_MEMORY_MB:
        return 1
    return 0 if seconds < target else _django.SPEED_MISSED


if __name__ == "__main__":
    sys.exit(main())
