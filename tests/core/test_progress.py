"""Long commands show progress (`naast.core.progress`): a bar on a terminal, plain lines every 10 %
or every few seconds elsewhere (cron, CI), one summary line with the elapsed time at the end, all
on standard error, so that data written to standard output stays intact."""

import csv
import fcntl
import io
import json
import os
import pty
import re
import struct
import termios
import threading
import time
import uuid

import pytest
from django.core.management import call_command

from naast.core.progress import Progress
from naast.registry.choices import Channel

pytestmark = pytest.mark.django_db

SUMMARY = r"in \d+\.\d s$"


def _run(*args, **kwargs) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command(*args, stdout=out, stderr=err, **kwargs)
    return out.getvalue(), err.getvalue()


def _hsds_file(tmp_path, n=20):
    services = [{"id": str(uuid.uuid4()), "name": f"Buurtcoach {i}", "status": "active",
                 "phones": [{"id": str(uuid.uuid4()), "number": "0522 123 456"}]} for i in range(n)]
    path = tmp_path / "services.json"
    path.write_text(json.dumps(services), encoding="utf-8")
    return path


def test_a_long_step_writes_a_line_every_few_seconds_and_a_summary():
    stream = io.StringIO()
    progress = Progress("work", stream=stream, every=0.05)
    progress.stage("a long step")
    time.sleep(0.4)
    progress.done("3 things")
    lines = stream.getvalue().splitlines()
    assert len([line for line in lines if line.startswith("work: a long step, elapsed ")]) >= 2
    assert re.match(r"work: 3 things " + SUMMARY, lines[-1])


def test_quiet_progress_writes_nothing():
    stream = io.StringIO()
    progress = Progress("work", stream=stream, quiet=True, every=0.01)
    progress.stage("step", total=10)
    progress.update(10)
    progress.done("10 things")
    assert stream.getvalue() == ""


def test_demo_data_shows_its_progress_on_standard_error():
    _out, err = _run("demo-data", "--requests", "60")
    lines = err.splitlines()
    assert "demo-data: help requests, 100% (60 of 60 requests)" in err
    assert re.match(r"demo-data: 60 help requests and the rest of the demo service " + SUMMARY, lines[-1])


def test_demo_data_quiet_shows_no_progress():
    _out, err = _run("demo-data", "--requests", "10", "--quiet")
    assert err == ""


def test_import_requests_writes_a_line_every_ten_percent(f, tmp_path):
    f.municipality("GM1701", "Westerveld")
    f.organisation("MEE Drenthe")
    path = tmp_path / "requests.csv"
    path.write_text("reference,client_key,municipality_code,organisation,received_on\n"
                    + "".join(f"OLD-{i},K-{i},GM1701,MEE Drenthe,2019-03-04\n" for i in range(20)), encoding="utf-8")
    out, err = _run("import-requests", str(path))
    percents = re.findall(r"^import-requests: writing, (\d+)% \(\d+ of 20 rows\)", err, re.M)
    assert percents == [str(p) for p in range(10, 101, 10)]
    assert re.search(r"^import-requests: 20 rows imported " + SUMMARY, err, re.M)
    assert "K-1" not in err and "OLD-1" not in err  # counts only: no client key, no reference
    assert out.startswith("20 ")  # the result itself stays on standard output


def test_import_hsds_shows_progress_and_a_summary(tmp_path):
    _out, err = _run("import-hsds", str(_hsds_file(tmp_path)))
    assert "import-hsds: writing, 50% (20 of 40 records)" in err
    assert "import-hsds: writing, 100% (40 of 40 records)" in err
    assert re.search(r"^import-hsds: 40 records imported " + SUMMARY, err, re.M)


def test_export_hsds_to_standard_output_stays_valid_json(tmp_path):
    call_command("import-hsds", str(_hsds_file(tmp_path, 12)), stdout=io.StringIO(), stderr=io.StringIO())
    out, err = _run("export-hsds", "-")
    assert len(json.loads(out)) == 12
    assert "export-hsds: reading, 100% (12 of 12 services)" in err
    assert re.search(r"^export-hsds: 12 services exported " + SUMMARY, err, re.M)
    assert "Wrote 12 services to standard output." in err


@pytest.fixture
def requests_over_years(f):
    from tests.reports.factories import at

    muni = f.municipality("GM1701", "Westerveld")
    for year in (2022, 2023, 2024):
        for _ in range(3):
            f.help_request(client=f.client(), municipality=muni, received_at=at(f"{year}-03-10 10:00"),
                           channel=Channel.PHONE)


@pytest.mark.parametrize("fmt", ["json", "csv"])
def test_a_multi_year_report_to_standard_output_stays_clean(requests_over_years, capsysbinary, monkeypatch, fmt):
    monkeypatch.setenv("NAAST_PROGRESS_SECONDS", "0.001")  # a line at every tick, however fast the machine
    err = io.StringIO()
    call_command("report", "--period", "2022-01-01..2024-12-31", "--format", fmt, "--output", "-",
                 "--no-suppression", stderr=err)
    body = capsysbinary.readouterr().out.decode("utf-8-sig")
    if fmt == "json":
        data = json.loads(body)
        summary = next(s for s in data["sections"] if s["key"] == "summary")
        assert summary["figures"]["received"]["value"] == 9
    else:
        rows = list(csv.reader(io.StringIO(body)))
        assert rows[0][:2] == ["table", "row"] and len(rows) > 5
    lines = err.getvalue().splitlines()
    assert any(line.startswith("report: figures, elapsed ") for line in lines)
    assert re.match(rf"report: monitor report for 2022-01-01..2024-12-31 \({fmt}, [\d,]+ bytes\) " + SUMMARY,
                    lines[-1])


def test_a_terminal_gets_a_bar(tmp_path):
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 30, 100, 0, 0))  # 30 rows, 100 columns
    received = bytearray()

    def drain():
        while True:
            try:
                chunk = os.read(master, 4096)
            except OSError:
                return
            if not chunk:
                return
            received.extend(chunk)

    reader = threading.Thread(target=drain, daemon=True)
    reader.start()
    with open(slave, "w", closefd=True) as terminal:
        assert terminal.isatty()
        call_command("import-hsds", str(_hsds_file(tmp_path)), stdout=io.StringIO(), stderr=terminal)
    reader.join(timeout=5)
    os.close(master)
    text = received.decode()
    assert re.search(r"import-hsds: writing: +\d+%\|", text)  # tqdm's bar: percentage, then the bar
    assert "records/s" in text and "\r" in text.replace("\r\n", "")
    assert re.search(r"import-hsds: 40 records imported in \d+\.\d s", text)
