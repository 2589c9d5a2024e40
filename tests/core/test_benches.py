"""Every benchmark script under bench/ is run at a small size by bench/run_small.py (a CI step), so
a script that no longer runs is noticed the day it breaks."""

import importlib.util
from pathlib import Path

BENCH = Path(__file__).resolve().parents[2] / "bench"


def _run_small():
    spec = importlib.util.spec_from_file_location("run_small", BENCH / "run_small.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_every_benchmark_script_is_run_at_a_small_size():
    scripts = {path.name for path in BENCH.glob("*.py") if not path.name.startswith("_") and path.name != "run_small.py"}
    assert scripts == set(_run_small().SMALL), "add the script with small arguments to bench/run_small.py's SMALL"


def test_ci_runs_the_benchmarks():
    ci = (BENCH.parent / ".ci" / "run").read_text()
    assert "bench/run_small.py" in ci
