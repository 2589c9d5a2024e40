"""The report reads a period's requests as index-range parts (monitor.period_parts) and one grouped
statement per period. Here seeded random requests, many on the edges of the periods (received or
closed exactly at a boundary, quick logs without a closing time, reopened, never closed), are
counted once in plain Python straight from the definitions and compared with the report, for
several periods and scopes, with last year's growth figures and the life domains (counted within the
period only, under the domains a request has now). The statement count must not grow with the
number of requests."""

import random
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from naast.registry.choices import Channel, Outcome, Status, Urgency
from naast.registry.models import HelpRequest
from naast.reports import rollup
from naast.reports.monitor import build_report
from naast.reports.periods import parse_period
from naast.reports.queries import NOT_ANSWERED_OUTCOMES, Scope
from naast.taxonomies.models import LifeDomain

from .factories import at

pytestmark = pytest.mark.django_db

NOW = at("2026-01-01")
EDGES = [at(t) for t in ("2023-01-01", "2024-01-01", "2024-07-01", "2025-01-01", "2025-04-01")]


def _moment(rng: random.Random):
    if rng.random() < 0.3:  # exactly on a period boundary, or just before it
        return rng.choice(EDGES) - rng.choice([timedelta(0), timedelta(seconds=1)])
    return at("2022-10-01") + timedelta(minutes=rng.randrange(0, 3 * 366 * 24 * 60))


def _build(f, n: int, seed: int = 7) -> list[HelpRequest]:
    rng = random.Random(seed)
    munis = [f.municipality("GM0001", "Aadorp"), f.municipality("GM0002", "Beekdal")]
    orgs = [f.organisation("Organisatie X"), f.organisation("Organisatie Y")]
    clients = [f.client(f"C{i}") for i in range(max(2, n // 3))]
    domains = list(LifeDomain.objects.all())
    requests = []
    for _ in range(n):
        received = _moment(rng)
        kind = rng.choice(["open", "closed", "closed", "quick_log", "reopened"])
        fields = {"client": rng.choice(clients + [None]), "municipality": rng.choice(munis),
                  "received_at": received, "channel": rng.choice(Channel.values), "urgency": rng.choice(Urgency.values),
                  "minutes_spent": rng.choice([0, 30, 600, 601, 900])}
        if kind == "closed":
            closed = max(received, _moment(rng)) if rng.random() < 0.5 else received + timedelta(days=rng.randrange(0, 90))
            fields.update(status=Status.CLOSED, closed_at=closed, outcome=rng.choice(Outcome.values + [""]))
        elif kind == "quick_log":
            fields.update(status=Status.CLOSED, is_quick_log=True, outcome=Outcome.ANSWERED)
        else:
            fields.update(status=rng.choice([Status.RECEIVED, Status.IN_PROGRESS]))
        hr = f.help_request(org=rng.choice(orgs + [None]), **fields)
        if rng.random() < 0.7:
            hr.life_domains.set(rng.sample(domains, rng.choice([1, 1, 2, 3])))
        requests.append(hr)
    for hr in rng.sample(requests, n // 5):  # domains corrected later: counted under the new ones only
        hr.life_domains.set(rng.sample(domains, rng.choice([0, 1, 2])))
    for hr in requests:
        hr.domain_codes = set(hr.life_domains.values_list("code", flat=True))
    return requests


def _expected(requests, period, guideline_minutes=600, with_last_year=True) -> dict:
    """The definitions of docs/reports.md, one request at a time."""
    def closed_eff(r):
        return r.closed_at if r.closed_at else (r.received_at if r.status == Status.CLOSED else None)

    def answered(r):
        c = closed_eff(r)
        return r.status == Status.CLOSED and c is not None and period.start <= c < period.end \
            and r.outcome not in NOT_ANSWERED_OUTCOMES

    def received(r):
        return period.start <= r.received_at < period.end

    def active(r):
        c = closed_eff(r)
        return r.received_at < period.end and (c is None or c >= period.start)

    return {
        "received": sum(received(r) for r in requests),
        "answered": sum(answered(r) for r in requests),
        "answered_quick_logs": sum(answered(r) and r.is_quick_log for r in requests),
        "open_at_end": sum(r.received_at < period.end and (closed_eff(r) is None or closed_eff(r) >= period.end)
                           for r in requests),
        "unique_clients": len({r.client_id for r in requests if active(r) and r.client_id}),
        "above_guideline": sum(answered(r) and r.minutes_spent > guideline_minutes for r in requests),
        "channels": {c: sum(received(r) and r.channel == c for r in requests) for c in Channel.values},
        # Only the requests received in the period, under the domains they have now.
        "life_domains": {d.code: sum(received(r) and d.code in r.domain_codes for r in requests)
                         for d in LifeDomain.objects.all()},
        **({"last_year": {k: v for k, v in _expected(requests, period.year_before(), with_last_year=False).items()
                          if k in ("unique_clients", "received", "answered")}} if with_last_year else {}),
    }


def _got(period, scope) -> dict:
    rep = build_report("monitor", period, scope, now=NOW)
    figures = {fig.key: fig.value for s in rep.sections for fig in s.figures}
    tables = {t.key: t for t in rep.all_tables()}
    return {
        **{k: figures[k] for k in ("received", "answered", "answered_quick_logs", "open_at_end", "unique_clients")},
        "above_guideline": tables["hours"].rows[0]["above_guideline"],
        "channels": {row["code"]: row["requests"] for row in tables["by_channel"].rows},
        "life_domains": {row["code"]: row["requests"] for row in tables["by_life_domain"].rows},
        "last_year": {row["code"]: row["last_year"] for row in tables["growth"].rows},
    }


@pytest.mark.parametrize("text", ["2024", "2024-H2", "2025-Q1", "2024-01-01..2024-12-31", "2023",
                                  "2023-01-01..2025-06-30", "2024-03-01..2025-02-28"])
def test_the_parts_give_exactly_the_figures_of_the_definitions(f, text):
    requests = _build(f, 120)
    period = parse_period(text)
    from naast.organisations.models import MemberOrganisation, Municipality

    muni = Municipality.objects.get(code="GM0001")
    org = MemberOrganisation.objects.get(name="Organisatie Y")
    for scope, rows in ((Scope(), requests),
                        (Scope(municipality=muni), [r for r in requests if r.municipality_id == muni.pk]),
                        (Scope(organisation=org), [r for r in requests if r.organisation_id == org.pk])):
        assert _got(period, scope) == _expected(rows, period), (text, scope.label())


@pytest.mark.parametrize("use_rollup", [False, True])
def test_statements_do_not_grow_with_the_requests(f, use_rollup):
    """From the requests: the same statements for 5 and 85 requests. With the roll-up (brought up
    to date first): at most one statement more per month it cannot use, however many requests."""
    period = parse_period("2024")
    _build(f, 5, seed=1)
    build_report("monitor", period, Scope(), now=NOW, use_rollup=use_rollup)  # caches (profile, codes) filled
    with CaptureQueriesContext(connection) as few:
        build_report("monitor", period, Scope(), now=NOW, use_rollup=use_rollup)
    _build(f, 80, seed=2)
    rollup.refresh()
    with CaptureQueriesContext(connection) as many:
        build_report("monitor", period, Scope(), now=NOW, use_rollup=use_rollup)
    if use_rollup:
        assert len(few.captured_queries) <= len(many.captured_queries) <= len(few.captured_queries) + 12
    else:
        assert len(many.captured_queries) == len(few.captured_queries)
