"""`naast report --kind awareness`: share, Wilson interval, the wave's target, trend, channels and
conversion, under stable keys; small counts suppressed like every report."""

import json
from datetime import date

import pytest
from django.core.management import call_command

from naast.awareness.models import Response, Wave

pytestmark = pytest.mark.django_db


def wave_with_answers(name, held_on, aware, total, channels=("huisarts",), with_question=0, used=0):
    wave = Wave.objects.create(name=name, held_on=held_on, audience="residents")
    rows = []
    for i in range(total):
        is_aware = i < aware
        rows.append(Response(wave=wave, respondent=str(i), aware=is_aware,
                             informed_via=channels[i % len(channels)] if is_aware else "",
                             had_help_question=is_aware and i < with_question,
                             used_support=(i < used) if is_aware and i < with_question else None))
    Response.objects.bulk_create(rows)
    return wave


def run(tmp_path, *args):
    out = tmp_path / "a.json"
    call_command("report", "--kind", "awareness", "--format", "json", "--output", str(out), *args)
    return json.loads(out.read_text())


def test_share_interval_target_trend_channels_and_conversion(tmp_path):
    wave_with_answers("Inwoners 2019", date(2019, 11, 15), 67, 240, channels=("huisarts", "krant"),
                      with_question=20, used=12)
    Wave.objects.create(name="Inwoners 2020", held_on=date(2020, 11, 15), audience="residents",
                        entered_respondents=300, entered_aware=126, entered_aware_with_question=40, entered_used=30)
    data = run(tmp_path, "--period", "2019-01-01..2020-12-31")
    sections = {s["key"]: s for s in data["sections"]}
    first, second = sections["awareness"]["tables"]["waves"]["rows"]
    assert (first["respondents"], first["aware"], first["share"]) == (240, 67, 27.9)
    assert (first["ci_low"], first["ci_high"]) == (22.6, 33.9)
    assert (second["share"], second["source"]) == (42.0, "entered")
    assert first["audience"] == second["audience"] == "Inwoners"  # the funder reads a word, not a code
    first, second = sections["awareness"]["tables"]["targets"]["rows"]
    assert (first["target"], first["target_from"], first["met"], first["change_pp"]) == (30.0, "2019-01-01", False, None)
    assert (second["share"], second["target"], second["met"], second["change_pp"]) == (42.0, 50.0, False, 14.1)
    channels = sections["channels"]["tables"]["channels"]["rows"]
    assert {(r["channel"], r["count"], r["share"]) for r in channels} == {("huisarts", 34, 50.7), ("krant", 33, 49.3)}
    conversion = sections["conversion"]["tables"]["conversion"]["rows"]
    assert [(r["aware_with_question"], r["used"], r["share"]) for r in conversion] == [(20, 12, 60.0), (40, 30, 75.0)]


def test_small_counts_are_suppressed_unless_asked_not_to(tmp_path):
    wave_with_answers("Klein", date(2021, 3, 1), 3, 40, with_question=2, used=1)
    tables = run(tmp_path, "--period", "2021")["sections"][0]["tables"]
    row = tables["waves"]["rows"][0]
    assert (row["respondents"], row["aware"], row["share"], row["ci_low"]) == (40, "<5", "×", "×")
    row = tables["targets"]["rows"][0]
    assert (row["aware"], row["share"], row["met"]) == ("<5", "×", "×")
    row = run(tmp_path, "--period", "2021", "--no-suppression")["sections"][0]["tables"]["waves"]["rows"][0]
    assert (row["aware"], row["share"]) == (3, 7.5)


def test_other_formats_render(tmp_path):
    wave_with_answers("Inwoners 2019", date(2019, 11, 15), 67, 240)
    for fmt in ("csv", "pdf", "html", "xlsx"):
        path = tmp_path / f"a.{fmt}"
        call_command("report", "--kind", "awareness", "--period", "2019", "--format", fmt, "--output", str(path))
        assert path.stat().st_size > 100
    assert "Inwoners 2019" in (tmp_path / "a.csv").read_text(encoding="utf-8-sig")


def test_what_only_a_few_respondents_wrote_never_shows_as_a_channel(tmp_path):
    """"Heard of it through" is written by the respondent: an answer given by fewer than five
    people (a neighbour's name) is counted with the other rare answers, never shown in words."""
    wave_with_answers("Inwoners 2022", date(2022, 11, 15), 40, 100,
                      channels=("huisarts",) * 9 + ("buurman jan de vries", "mijn dochter"))
    for flags in ([], ["--no-suppression"]):
        data = run(tmp_path, "--period", "2022", *flags)
        rows = {s["key"]: s for s in data["sections"]}["channels"]["tables"]["channels"]["rows"]
        text = json.dumps(data)
        assert "jan de vries" not in text and "dochter" not in text
        labels = {r["channel"] for r in rows}
        assert "huisarts" in labels
        assert any(label.startswith("Andere antwoorden") for label in labels), labels
