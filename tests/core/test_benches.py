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


def test_ci_runs_the_benchmarks_on_both_databases():
    ci = (BENCH.parent / ".ci" / "run").read_text()
    assert "bench/run_small.py --postgres" in ci


def test_no_benchmark_script_writes_to_the_system_temporary_folder():
    """Every run keeps its files inside the working tree (var/bench/) or NAAST_BENCH_DIR."""
    for path in BENCH.glob("*.py"):
        for line in path.read_text(encoding="utf-8").splitlines():
            assert "gettempdir" not in line, f"{path.name}: use _django.data_dir()"
            if "mkdtemp(" in line or "TemporaryDirectory(" in line:
                assert "dir=" in line, f"{path.name}: a temporary folder outside the working tree: {line.strip()}"


def test_bench_data_stays_in_the_working_tree_unless_told_otherwise(tmp_path, monkeypatch):
    import sys

    sys.path.insert(0, str(BENCH))
    try:
        import _django
    finally:
        sys.path.remove(str(BENCH))
    monkeypatch.delenv("NAAST_BENCH_DIR", raising=False)
    folder = _django.data_dir("test", keep=True)
    try:
        assert folder.parent == BENCH.parent / "var" / "bench"
    finally:
        folder.rmdir()
    monkeypatch.setenv("NAAST_BENCH_DIR", str(tmp_path))
    assert _django.data_dir("test").parent == tmp_path
    assert _django.database_url(tmp_path, "") == f"sqlite:///{tmp_path / 'bench.sqlite3'}"
    assert "load average" in _django.load_average()
