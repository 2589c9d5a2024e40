"""The invariant of retention and erasure: every monitor and signalling report of a past period reads
the same, to the last figure and text, before and after the personal data went (docs/security.md §2).

The demo data's last year, its quarters and this year's first half, for the whole service, each
member organisation and each municipality; then every closed request anonymised at once (retention
as it will have run some years from now) and a resident with an open request erased."""

import json
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from naast.organisations.models import MemberOrganisation, Municipality
from naast.privacy import retention
from naast.registry.models import Client, HelpRequest
from naast.reports.monitor import build_report
from naast.reports.outputs import render
from naast.reports.periods import parse_period
from naast.reports.queries import Scope

pytestmark = pytest.mark.django_db


def _reports(now) -> dict:
    year = timezone.localdate().year - 1
    periods = [str(year), f"{year}-Q1", f"{year}-Q4", f"{year + 1}-H1"]
    scopes = [("all", Scope())]
    scopes += [(f"org {o.name}", Scope(organisation=o)) for o in MemberOrganisation.objects.order_by("pk")]
    scopes += [(f"municipality {m.code}", Scope(municipality=m)) for m in Municipality.objects.order_by("pk")]
    found = {}
    for period in periods:
        for label, scope in scopes:
            for kind in ("monitor", "signals"):
                report = json.loads(render(build_report(kind, parse_period(period), scope, now=now), "json"))
                report.pop("generated_at")
                found[(period, label, kind)] = report
    return found


def test_every_report_of_a_past_period_is_identical_after_retention_and_erasure(capsys):
    call_command("demo-data", "--requests", "600", "--quiet")
    now = timezone.now()
    before = _reports(now)
    assert len(before) >= 4 * 6 * 2
    assert any(r["sections"] for r in before.values())

    # Some years from now every request closed today has passed the retention period.
    counts = retention.apply_retention(now=now + timedelta(days=4 * 366), months=24)
    closed = HelpRequest.objects.filter(status="closed")
    assert counts["help requests"] == closed.count() > 300
    assert not closed.exclude(question="").exists()
    assert Client.objects.filter(anonymised_at__isnull=False).exists()

    # And a resident with an open request asks to be erased.
    open_request = HelpRequest.objects.open().filter(client__anonymised_at__isnull=True).first()
    retention.erase_client(open_request.client, reason="Verzoek van de bewoner", actor="test", confirm_open=True)
    assert HelpRequest.objects.get(pk=open_request.pk).question == ""

    after = _reports(now)
    for key, report in before.items():
        assert after[key] == report, key
