"""The optional read replica (`DATABASE_REPLICA_URL`, `naast.core.replica`): a report's reads go
to it, writes never do, and a replica that cannot be reached costs the report nothing. Real
processes: the "replica" is the test database itself, reached over a read-only connection (as a
PostgreSQL hot standby is), so a write sent there would fail."""

import json
from urllib.parse import quote

import pytest
from django.core.management import call_command
from django.db import connection

from naast.registry.choices import Channel
from tests import processes

from .factories import at

pytestmark = pytest.mark.django_db(transaction=True)

READ_ONLY = "?options=" + quote("-c default_transaction_read_only=on")
UNREACHABLE = "postgres://nobody@127.0.0.1:1/none"

REPORT = """
import json, sys
from django.core.management import call_command
from django.db import connections
from naast.core.models import OutgoingMail
from naast.core.replica import reads_from_replica

for alias in connections:
    connections[alias].force_debug_cursor = True
call_command("report", "--period", "2024", "--municipality", "GM1701", "--format", "json", "--output", sys.argv[1])
report_queries = {alias: len(connections[alias].queries) for alias in connections}
with reads_from_replica():  # a write inside a report session still goes to the main database
    OutgoingMail.objects.create(kind="confirmation", to="anna@example.org", subject="s", body="b")
print(json.dumps(report_queries))
"""


@pytest.fixture
def world(f):
    muni = f.municipality("GM1701", "Westerveld")
    for i in range(6):
        f.help_request(client=f.client(), municipality=muni, received_at=at(f"2024-0{i % 6 + 1}-10 10:00"),
                       channel=Channel.PHONE)
    return muni


def report_json(path):
    data = json.loads(path.read_text())
    data.pop("generated_at")
    return data


def run_report(tmp_path, replica_url):
    out = tmp_path / "replica.json"
    process = processes.start_python(REPORT.replace("sys.argv[1]", repr(str(out))), DATABASE_REPLICA_URL=replica_url)
    process.stdin.close()
    code, stdout, stderr = processes.finish(process)
    assert code == 0, stderr
    return json.loads(stdout.strip().splitlines()[-1]), report_json(out), stderr


def test_a_report_reads_from_the_replica_and_writes_go_to_the_main_database(world, tmp_path):
    if connection.vendor != "postgresql":
        pytest.skip("A read replica is a PostgreSQL standby; on SQLite Naast runs on one host without one")
    call_command("report", "--period", "2024", "--municipality", "GM1701", "--format", "json",
                 "--output", str(tmp_path / "main.json"))
    queries, replica_report, _log = run_report(tmp_path, processes.database_url() + READ_ONLY)
    assert replica_report == report_json(tmp_path / "main.json")  # the same figures
    assert queries["replica"] > 5  # the report's statements ran there ...
    assert queries["default"] < queries["replica"]  # ... only a few look-ups (the scope) here
    from naast.core.models import OutgoingMail

    assert OutgoingMail.objects.filter(to="anna@example.org").count() == 1  # the write: on the main database


def test_an_unreachable_replica_costs_the_report_nothing(world, tmp_path):
    call_command("report", "--period", "2024", "--municipality", "GM1701", "--format", "json",
                 "--output", str(tmp_path / "main.json"))
    queries, replica_report, log = run_report(tmp_path, UNREACHABLE)
    assert replica_report == report_json(tmp_path / "main.json")
    assert queries["replica"] == 0 and queries["default"] > 5
    assert "read replica unreachable" in log


def test_health_check_reports_an_unreachable_replica_without_failing_the_server():
    script = (
        "import json; from django.test import Client;"
        "r = Client().get('/healthz');"
        "print(json.dumps({'status': r.status_code, 'body': r.json()}))"
    )
    process = processes.start_python(script, DATABASE_REPLICA_URL=UNREACHABLE, ALLOWED_HOSTS="testserver")
    process.stdin.close()
    code, out, err = processes.finish(process)
    assert code == 0, err
    result = json.loads(out.strip().splitlines()[-1])
    assert result["status"] == 200
    assert result["body"] == {"status": "degraded", "checks": {"database:default": "ok", "database:replica": "error"}}
