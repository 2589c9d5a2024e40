"""`naast report --kind selftest`: every format, stable JSON keys (docs/reports.md), clear errors."""

import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from naast.accounts.roles import Role
from tests.reports.factories import at

from .helpers import fill, pdf_pages

pytestmark = pytest.mark.django_db


def _run(tmp_path, *args) -> bytes:
    out = tmp_path / "out"
    call_command("report", "--kind", "selftest", *args, "--output", str(out))
    return out.read_bytes()


@pytest.fixture
def filled(f):
    muni = f.municipality()
    fill(muni, 2024, {"independence.another_supporter": "partly"})
    fill(muni, 2025, {"independence.another_supporter": "yes", "quality.evaluation": "no"})
    return muni


def test_json_keys(tmp_path, filled):
    doc = json.loads(_run(tmp_path, "--period", "2025", "--municipality", "GM1701", "--format", "json"))
    assert doc["kind"] == "selftest" and doc["period"] == "2025" and doc["scope"]["municipality"] == "GM1701"
    assert doc["suppressed"] is True
    keys = [s["key"] for s in doc["sections"]]
    assert keys[0] == "summary"
    assert [k for k in keys if k.startswith("theme_")] == [
        "theme_policy_plan", "theme_independence", "theme_all_areas", "theme_accessibility", "theme_duty_to_inform",
        "theme_quality", "theme_participation"]
    assert {k for k in keys if k.startswith("evidence_")} == {
        "evidence_independence", "evidence_another_supporter", "evidence_life_domains", "evidence_channels",
        "evidence_referrers", "evidence_satisfaction"}
    summary = doc["sections"][0]
    assert set(summary["figures"]) == {"questions", "answered", "changed"}
    theme_row = summary["tables"]["theme_summary"]["rows"][1]
    assert set(theme_row) == {"code", "label", "yes", "partly", "no", "unknown", "not_answered", "changed"}
    independence = next(s for s in doc["sections"] if s["key"] == "theme_independence")
    row = next(r for r in independence["tables"]["answers_independence"]["rows"]
               if r["code"] == "independence.another_supporter")
    assert set(row) == {"code", "label", "number", "answer_code", "answer", "previous_answer_code", "previous_answer",
                        "changed", "explanation", "evidence", "links", "documents", "live_evidence"}
    assert (row["answer_code"], row["previous_answer_code"], row["changed"]) == ("yes", "partly", True)
    assert row["live_evidence"] == "evidence_another_supporter"
    assert "selftest_answers" in doc["definitions"]


def test_pdf_html_csv_xlsx(tmp_path, filled):
    pdf = _run(tmp_path, "--period", "2025", "--municipality", "GM1701", "--format", "pdf")
    assert pdf.startswith(b"%PDF") and pdf.rstrip().endswith(b"%%EOF")
    assert pdf_pages(pdf) >= 2  # seven themes with their questions and figures
    html = _run(tmp_path, "--period", "2025", "--municipality", "GM1701", "--format", "html").decode()
    assert "Zelftest cliëntondersteuning" in html and "Onafhankelijkheid" in html
    csv = _run(tmp_path, "--period", "2025", "--municipality", "GM1701", "--format", "csv").decode("utf-8-sig")
    assert "answers_independence,independence.another_supporter" in csv
    assert _run(tmp_path, "--period", "2025", "--municipality", "GM1701", "--format", "xlsx").startswith(b"PK")


def test_clear_errors(tmp_path, filled, f):
    with pytest.raises(CommandError, match="per gemeente"):
        _run(tmp_path, "--period", "2025", "--format", "json")
    with pytest.raises(CommandError, match="per jaar"):
        _run(tmp_path, "--period", "2025-H1", "--municipality", "GM1701", "--format", "json")
    f.organisation("MEE Test")
    with pytest.raises(CommandError, match="--organisation"):
        _run(tmp_path, "--period", "2025", "--municipality", "GM1701", "--organisation", "MEE Test", "--format", "json")
    with pytest.raises(CommandError, match="GM9999"):
        _run(tmp_path, "--period", "2025", "--municipality", "GM9999", "--format", "json")


def test_small_numbers_suppressed_unless_asked(tmp_path, filled, f):
    org = f.organisation("MEE Test")
    f.help_request(org=org, municipality=filled, referrer="municipality",
                   received_at=at("2025-03-01 10:00"))
    f.user(Role.FUNDER, muni=filled)

    def referred(doc):
        section = next(s for s in doc["sections"] if s["key"] == "evidence_referrers")
        return next(r for r in section["tables"]["by_referrer"]["rows"] if r["code"] == "municipality")["requests"]

    assert referred(json.loads(_run(tmp_path, "--period", "2025", "--municipality", "GM1701", "--format", "json"))) == "<5"
    assert referred(json.loads(_run(tmp_path, "--period", "2025", "--municipality", "GM1701", "--format", "json",
                                    "--no-suppression"))) == 1
