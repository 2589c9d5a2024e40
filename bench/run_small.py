"""Run every benchmark script at a small size, so none of them can rot unnoticed (CI runs this).

    .venv/bin/python bench/run_small.py            # all of them, about two minutes
    .venv/bin/python bench/run_small.py queue_page # only the named ones

Each script runs in its own process with a throw-away data directory (SQLite) or, where the script
needs PostgreSQL (`two_servers.py`), its own database that the script creates and drops. The sizes
here only prove that a script runs from a clean clone and prints its figures; the figures
themselves mean something only at the full sizes each script documents. A script that exits
non-zero (a crash, or a broken correctness target such as a lost or doubled e-mail) fails the run.
`tests/core/test_benches.py` fails when a script under bench/ is missing from `SMALL`.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
NAAST = str(Path(PYTHON).with_name("naast"))

# script -> (arguments at a small size, commands to prepare its data directory first)
SMALL: dict[str, tuple[list[str], list[list[str]]]] = {
    "audit_chain.py": (["--rows", "2000"], []),
    "casefile_page.py": (["--renders", "3", "--contacts", "5"], []),
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


def main(names: list[str]) -> int:
    wanted = [name if name.endswith(".py") else f"{name}.py" for name in names] or sorted(SMALL)
    failed = []
    for script in wanted:
        args, prepare = SMALL[script]
        with tempfile.TemporaryDirectory(prefix="naast-bench-small-") as data:
            env = {**os.environ, "DEBUG": "1", "NAAST_DATA_DIR": data}
            env.pop("DATABASE_URL", None)  # SQLite in the throw-away directory; two_servers makes its own
            started = time.monotonic()
            result = None
            for command in prepare:
                result = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)
                if result.returncode:
                    break
            if result is None or result.returncode == 0:
                result = subprocess.run([PYTHON, f"bench/{script}", *args], cwd=ROOT, env=env,
                                        capture_output=True, text=True)
            seconds = time.monotonic() - started
        out = result.stdout if result.returncode == 0 and result.stdout.strip() else result.stdout + result.stderr
        last = [line for line in out.splitlines() if line.strip()][-3:]
        status = "ok" if result.returncode == 0 else f"FAILED (exit {result.returncode})"
        print(f"{script:24} {status:18} {seconds:5.1f} s")
        for line in last if result.returncode else last[-1:]:
            print(f"    {line}")
        if result.returncode:
            failed.append(script)
    print(f"{len(wanted) - len(failed)} of {len(wanted)} benchmark scripts ran at a small size"
          + (f"; failed: {', '.join(failed)}" if failed else ""))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
