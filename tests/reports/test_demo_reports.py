"""The demo data yields plausible reports for two years, with targets both met and missed."""

import pytest
from django.core.management import call_command
from django.utils import timezone

from naast.organisations.models import Municipality
from naast.reports.models import FundingAgreement, PaymentInstalment
from naast.reports.monitor import build_report
from naast.reports.periods import parse_period
from naast.reports.queries import Scope

pytestmark = pytest.mark.django_db


def test_demo_reports_show_targets_met_and_missed(capsys):
    call_command("demo-data", "--requests", "600", "--quiet")
    assert FundingAgreement.objects.exists() and PaymentInstalment.objects.exists()
    year = timezone.localdate().year
    outcomes = set()
    for period in (str(year - 1), f"{year}-H1"):
        for municipality in Municipality.objects.all():
            report = build_report("monitor", parse_period(period), Scope(municipality=municipality))
            figures = {f.key: f.value for s in report.sections for f in s.figures}
            assert figures["received"] > 20 and figures["unique_clients"] > 10
            assert figures["cost_per_answered_request_eur"] > 0
            targets = next(t for t in report.all_tables() if t.key == "targets")
            outcomes |= {row["met"] for row in targets.rows if row["met"] is not None}
    assert outcomes == {True, False}


def test_a_larger_service_adds_municipalities_and_organisations(capsys):
    call_command("demo-data", "--requests", "300", "--municipalities", "5", "--organisations", "3",
                 "--years", "4", "--quiet")
    assert Municipality.objects.count() == 5
    report = build_report("monitor", parse_period(str(timezone.localdate().year - 3)), Scope())
    assert {f.key: f.value for s in report.sections for f in s.figures}["received"] > 20


def test_demo_pdf_cells_fit_and_the_satisfaction_target_is_filled(capsys):
    """Every table of the demo's monitor and signalling reports fits the PDF's columns (no word wider
    than its column), and a satisfaction target shows the mark achieved, as the page does."""
    from naast.reports import outputs
    from naast.reports.figures import suppress

    call_command("demo-data", "--requests", "600", "--quiet")
    year = timezone.localdate().year
    filled = 0
    for municipality, period, kind in ((m, parse_period(p), k) for m in Municipality.objects.all()
                                       for p in (str(year - 1), str(year)) for k in ("monitor", "signals")):
        report = suppress(build_report(kind, period, Scope(municipality=municipality)))
        for table in report.all_tables():
            widths = outputs.pdf_column_widths(table)
            for r, row in enumerate(outputs.pdf_table_cells(table)):
                for text, width in zip(row, widths, strict=True):
                    room = width - 2 * outputs.PDF_PADDING
                    assert outputs.pdf_word_width(text, bold=r == 0) <= room, (table.key, text)
        assert outputs.to_pdf(report).startswith(b"%PDF")
        mark = next((f.value for s in report.sections for f in s.figures if f.key == "satisfaction_mean_mark"),
                    None)
        targets = [row for t in report.all_tables() if t.key == "targets" for row in t.rows
                   if row["code"] == "satisfaction"]
        for row in targets:
            assert row["achieved"] == mark
            filled += mark is not None
    assert filled
