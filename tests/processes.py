"""Real `naast` processes on the test database, for the tests of what happens when two servers
run the same command at once. The test must use `transactional_db`, so what it writes is
committed and the other processes see it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import quote

from django.db import connection

NAAST = str(Path(sys.executable).parent / "naast")


def database_url() -> str:
    """The URL of the database this test runs on (the test database, not the development one)."""
    s = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{s['NAME']}"
    auth = quote(s["USER"] or "postgres") + (":" + quote(s["PASSWORD"]) if s.get("PASSWORD") else "")
    return f"postgres://{auth}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"


def naast_env(**extra: str) -> dict:
    env = dict(os.environ, NAAST_TESTING="1", DATABASE_URL=database_url(), LOG_LEVEL="WARNING")
    env.pop("DJANGO_SETTINGS_MODULE", None)
    env.update({key: str(value) for key, value in extra.items()})
    return env


def start(*args: str, **env: str) -> subprocess.Popen:
    """Start `naast ARGS...` without waiting for it."""
    return subprocess.Popen([NAAST, *args], env=naast_env(**env), stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)


def start_python(code: str, **env: str) -> subprocess.Popen:
    """Start a Python process with Django set up on the test database, running `code`."""
    script = "import django; django.setup()\n" + code
    full_env = naast_env(DJANGO_SETTINGS_MODULE="naast.conf.settings", **env)
    return subprocess.Popen([sys.executable, "-c", script], env=full_env, stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def finish(process: subprocess.Popen, timeout: float = 120) -> tuple[int, str, str]:
    if process.stdin is not None and process.stdin.closed:
        process.stdin = None  # closed by the test to tell the process to stop
    out, err = process.communicate(timeout=timeout)
    return process.returncode, out, err
