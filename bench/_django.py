"""Shared set-up for the benchmark scripts: which database, where the files go, the machine's load.

- The database: the one DATABASE_URL names (PostgreSQL), else a fresh SQLite file in the run's
  own data folder (`database_url`, `prepare_database`, `setup`).
- The files: a fresh folder under `var/bench/` of the working tree (ignored by git), or under
  NAAST_BENCH_DIR when that names another place (`data_dir`). Nothing is written to the system's
  temporary folder, so a run's files are found, and removed, with the checkout.
- The load: every script prints `load_average()` with its figures, since other work on the
  machine slows every column. A script that misses only a speed target exits with SPEED_MISSED.

`bench/run_small.py` runs each script at a small size on SQLite, and with `--postgres` on a
throw-away PostgreSQL database per script, created and dropped around it.
"""

from __future__ import annotations

import atexit
import os
import shutil
import sys
import tempfile
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent
# A script's exit status when only a speed target was missed (1 is for anything broken): a busy
# machine misses speed targets, so `run_small.py` prints that but does not fail on it.
SPEED_MISSED = 3


def bench_dir() -> Path:
    """Where runs keep their files: NAAST_BENCH_DIR, or var/bench/ in the working tree."""
    base = Path(os.environ.get("NAAST_BENCH_DIR") or ROOT / "var" / "bench")
    base.mkdir(parents=True, exist_ok=True)
    return base


def data_dir(name: str, *, keep: bool = False) -> Path:
    """A fresh folder for one run's files (removed when the script ends, unless `keep`)."""
    path = Path(tempfile.mkdtemp(prefix=f"{name}-", dir=bench_dir()))
    if not keep:
        atexit.register(shutil.rmtree, path, ignore_errors=True)
    return path


def is_postgres(url: str | None) -> bool:
    return bool(url) and url.startswith(("postgres://", "postgresql://"))


def database_url(data: Path, url: str | None = None) -> str:
    """`url`, else DATABASE_URL, else a SQLite file in `data`."""
    url = url if url is not None else os.environ.get("DATABASE_URL", "")
    return url or f"sqlite:///{data / 'bench.sqlite3'}"


def admin_connection(url: str):
    """An autocommit connection to the server's `postgres` database (to create or drop others)."""
    import psycopg

    return psycopg.connect(urlparse(url)._replace(path="/postgres").geturl(), autocommit=True)


def database_name(url: str) -> str:
    return urlparse(url).path.lstrip("/")


def prepare_database(url: str, *, reuse: bool = False) -> str:
    """A PostgreSQL database is dropped and created afresh (kept when `reuse` and it exists): empty,
    or a copy of NAAST_BENCH_TEMPLATE when that names a database on the same server (run_small.py
    migrates one once, so that each script need not migrate its own). A SQLite file is left as it
    is (a new folder holds a new file). Returns `url`."""
    if not is_postgres(url):
        return url
    name = database_name(url)
    template = os.environ.get("NAAST_BENCH_TEMPLATE", "")
    with admin_connection(url) as conn:
        if reuse and conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            return url
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{template}"' if template else ""))
    return url


def drop_database(url: str) -> None:
    if is_postgres(url):
        with admin_connection(url) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{database_name(url)}" WITH (FORCE)')


def vendor(url: str) -> str:
    return "PostgreSQL" if is_postgres(url) else "SQLite"


def load_average() -> str:
    one, five, fifteen = os.getloadavg()
    return f"load average {one:.2f} {five:.2f} {fifteen:.2f} ({os.cpu_count()} cores)"


def setup() -> str:
    """Django on DATABASE_URL, or on a throw-away SQLite file under `bench_dir()`; migrated.
    Returns 'vendor (name)' for the script's first line."""
    sys.path.insert(0, str(ROOT / "src"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "naast.conf.settings")
    os.environ.setdefault("DEBUG", "1")
    if not os.environ.get("DATABASE_URL"):
        os.environ["NAAST_DATA_DIR"] = str(data_dir("sqlite"))
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)
    from django.db import connection

    return f"{connection.vendor} ({connection.settings_dict['NAME']})"
