"""Run every benchmark script at a small size, so none of them can rot unnoticed (CI runs this).

    .venv/bin/python bench/run_small.py                 # all of them on SQLite
    .venv/bin/python bench/run_small.py queue_page      # only the named ones
    .venv/bin/python bench/run_small.py --postgres      # all of them on PostgreSQL
    .venv/bin/python bench/run_small.py --postgres postgres://USER@HOST:5432/  # on that server
    .venv/bin/python bench/run_small.py --postgres --skip two_servers  # CI's second pass

On SQLite each script runs in its own process with a throw-away data folder under var/bench/ and
no DATABASE_URL, so it makes its own SQLite file. With --postgres each script gets a throw-away
database of its own on the server (DATABASE_URL's server when that is PostgreSQL, else
127.0.0.1:5432 as user postgres), named naast_small_PID_SCRIPT, created before the script and
dropped after it, and finds it in DATABASE_URL. Those databases are copies of one migrated once
at the start (NAAST_BENCH_TEMPLATE, see `_django.prepare_database`): migrating a fresh PostgreSQL
database takes longer than most scripts do at this size. `two_servers.py` needs PostgreSQL in both modes
(two servers share one database): on SQLite it makes its own, as it does when run by hand.

The sizes here only prove that a script runs from a clean clone, prints its target(s) and the
machine's load average, and prints its figures; the figures themselves mean something only at
the full sizes each script documents. A script that exits non-zero (a crash, or a broken
correctness target such as a lost or doubled e-mail), or whose output names no target or no
load average, fails the run; exit status 3 (`_django.SPEED_MISSED`: only a speed target missed,
as happens on a busy machine) is shown as "ok, slow" and does not. `tests/core/test_benches.py` fails when a script under bench/ is
missing from `SMALL`.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlparse

sys.path.insert(0, str(Path(__file__).resolve().parent))
import _django  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
NAAST = str(Path(PYTHON).with_name("naast"))
DEFAULT_SERVER = "postgres://postgres@127.0.0.1:5432/postgres"

# script -> (arguments at a small size, commands to prepare its database first)
SMALL: dict[str, tuple[list[str], list[list[str]]]] = {
    "audit_chain.py": (["--rows", "2000"], []),
    "casefile_page.py": (["--renders", "3", "--contacts", "5"], []),
    "client_lookup.py": (["--clients", "2000", "--queries", "20"], []),
    "hsds_import.py": (["--services", "50"], []),
    "intake_form_load.py": (["--submissions", "20", "--clients", "2"], []),
    "public_transfer_size.py": ([], []),
    "queue_page.py": (["--requests", "300", "--renders", "3"], []),
    "report_year.py": (["--repeat", "1", "--municipalities", "2"],
                       [[NAAST, "migrate", "-v", "0"], [NAAST, "demo-data", "--requests", "300", "--quiet"]]),
    "retention.py": (["--requests", "200"], []),
    "socialmap_quality.py": ([], []),
    "socialmap_search.py": (["--services", "200", "--queries", "12", "--repeat", "1"], []),
    "two_servers.py": (["--seconds", "5", "--residents", "4"], []),
}
# What every script's output must name (case aside).
MUST_PRINT = ("target", "load average")
# Gaps known when this check came in, to be closed in the script itself (then removed here).
KNOWN_GAPS = {"report_year.py": {"target"}}


def server_url(given: str | None) -> str:
    if given:
        return given
    url = os.environ.get("DATABASE_URL", "")
    return url if _django.is_postgres(url) else DEFAULT_SERVER


def make_template(postgres: str) -> str:
    """A migrated database that each script's database is copied from (migrating a fresh
    PostgreSQL database takes longer than most scripts at a small size)."""
    os.environ.pop("NAAST_BENCH_TEMPLATE", None)
    url = _django.prepare_database(urlparse(postgres)._replace(path=f"/naast_small_{os.getpid()}_template").geturl())
    env = {**os.environ, "DEBUG": "1", "DATABASE_URL": url}
    try:
        subprocess.run([NAAST, "migrate", "-v", "0"], cwd=ROOT, env=env, check=True)
    except BaseException:
        _django.drop_database(url)
        raise
    return url


def run_one(script: str, postgres: str | None) -> tuple[subprocess.CompletedProcess, str, float]:
    args, prepare = SMALL[script]
    base = _django.bench_dir()
    with tempfile.TemporaryDirectory(prefix="small-", dir=base) as data:
        env = {**os.environ, "DEBUG": "1", "NAAST_DATA_DIR": data, "NAAST_BENCH_DIR": data}
        env.pop("DATABASE_URL", None)  # SQLite in the throw-away folder; two_servers makes its own
        database = "SQLite"
        url = None
        if postgres:
            name = f"naast_small_{os.getpid()}_{script.removesuffix('.py')}"
            url = _django.prepare_database(urlparse(postgres)._replace(path=f"/{name}").geturl())
            env["DATABASE_URL"] = url
            database = f"PostgreSQL ({name})"
        elif script == "two_servers.py":
            database = "PostgreSQL (its own)"
        started = time.monotonic()
        try:
            result = None
            for command in prepare:
                result = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)
                if result.returncode:
                    break
            if result is None or result.returncode == 0:
                result = subprocess.run([PYTHON, f"bench/{script}", *args], cwd=ROOT, env=env,
                                        capture_output=True, text=True)
        finally:
            if url:
                _django.drop_database(url)
        return result, database, time.monotonic() - started


def reported(script: str, result: subprocess.CompletedProcess, database: str, seconds: float) -> bool:
    """Print one script's line (and its last lines when it failed); True when it passed."""
    output = result.stdout + result.stderr
    missing = [words for words in MUST_PRINT
               if words not in output.lower() and words not in KNOWN_GAPS.get(script, ())]
    out = result.stdout if result.returncode == 0 and result.stdout.strip() else output
    last = [line for line in out.splitlines() if line.strip()][-3:]
    ran = result.returncode in (0, _django.SPEED_MISSED)
    status = "ok" if result.returncode == 0 else "ok, slow" if ran else f"FAILED (exit {result.returncode})"
    if ran and missing:
        status = "FAILED (prints no " + " and no ".join(missing) + ")"
    print(f"{script:24} {status:18} {seconds:5.1f} s  {database}", flush=True)
    for line in last if status != "ok" else last[-1:]:
        print(f"    {line}", flush=True)
    return status.startswith("ok")


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--postgres", nargs="?", const="", default=None, metavar="SERVER_URL",
                        help="run on a throw-away PostgreSQL database per script (on SERVER_URL's server)")
    parser.add_argument("--skip", action="append", default=[], metavar="SCRIPT",
                        help="leave this one out (CI's PostgreSQL pass skips two_servers, which the first pass ran)")
    parser.add_argument("scripts", nargs="*", help="only these (default: all)")
    options = parser.parse_args(argv)
    if options.postgres and not _django.is_postgres(options.postgres):  # `--postgres queue_page`
        options.scripts.insert(0, options.postgres)
        options.postgres = ""
    postgres = server_url(options.postgres) if options.postgres is not None else None
    skip = {name if name.endswith(".py") else f"{name}.py" for name in options.skip}
    wanted = [name if name.endswith(".py") else f"{name}.py" for name in options.scripts] or sorted(SMALL)
    wanted = [name for name in wanted if name not in skip]
    unknown = [name for name in wanted if name not in SMALL]
    if unknown:
        parser.error(f"not a benchmark script: {', '.join(unknown)}")
    print(f"Benchmark scripts at a small size on {'PostgreSQL' if postgres else 'SQLite'}; {_django.load_average()}",
          flush=True)
    failed = []
    started = time.monotonic()
    template = make_template(postgres) if postgres else None
    if template:
        os.environ["NAAST_BENCH_TEMPLATE"] = _django.database_name(template)
        print(f"{'(migrated template)':24} {'ok':18} {time.monotonic() - started:5.1f} s  PostgreSQL "
              f"({_django.database_name(template)})")
    try:
        for script in wanted:
            if not reported(script, *run_one(script, postgres)):
                failed.append(script)
    finally:
        if template:
            _django.drop_database(template)
    print(f"{len(wanted) - len(failed)} of {len(wanted)} benchmark scripts ran at a small size "
          f"on {'PostgreSQL' if postgres else 'SQLite'} in {time.monotonic() - started:.0f} s; {_django.load_average()}"
          + (f"; failed: {', '.join(failed)}" if failed else ""))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
