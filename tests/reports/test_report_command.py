"""`naast report`: every format, to a file or standard output."""

import json

import pytest
from django.core.management import CommandError, call_command

from naast.registry.choices import Channel

from .factories import at

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(f):
    muni = f.municipality("GM1701", "Westerveld")
    for i in range(6):
        f.help_request(client=f.client(), municipality=muni, received_at=at(f"2024-0{i % 6 + 1}-10 10:00"),
                       channel=Channel.PHONE)
    return muni


def test_json_to_standard_output_is_suppressed_by_default(world, capsysbinary):
    call_command("report", "--period", "2024-H1", "--municipality", "GM1701", "--format", "json", "--output", "-")
    data = json.loads(capsysbinary.readouterr().out)
    summary = next(s for s in data["sections"] if s["key"] == "summary")
    assert summary["figures"]["received"]["value"] == 6
    assert data["period"] == "2024-H1" and data["scope"]["municipality"] == "GM1701"
    forecast = next(s for s in data["sections"] if s["key"] == "forecast")
    assert forecast["tables"]["forecast"]["rows"][1]["forecast"] == 12  # no last year: twice the half-year


@pytest.mark.parametrize("fmt,magic", [("pdf", b"%PDF"), ("xlsx", b"PK"), ("html", b"<!DOCTYPE html>"),
                                       ("csv", b"\xef\xbb\xbftable,row")])
def test_every_format_to_a_file(world, tmp_path, fmt, magic):
    path = tmp_path / f"report.{fmt}"
    call_command("report", "--period", "2024", "--format", fmt, "--output", str(path))
    assert path.read_bytes().startswith(magic)


def test_signals_report_runs_on_the_casework_signals(world, capsysbinary):
    call_command("report", "--kind", "signals", "--period", "2024", "--format", "json")
    data = json.loads(capsysbinary.readouterr().out)
    assert [s["key"] for s in data["sections"]] == ["signals"]
    assert "casework" not in (data["sections"][0].get("note") or "")


@pytest.mark.parametrize("args,message", [
    (["--period", "2024-Q9"], "Q1"),
    (["--period", "2024", "--municipality", "GM9999"], "GM9999"),
    (["--period", "2024", "--organisation", "Nobody"], "Nobody"),
])
def test_mistakes_are_explained(world, args, message):
    with pytest.raises(CommandError, match=message):
        call_command("report", *args)
