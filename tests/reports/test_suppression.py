"""Small-cell suppression: what funders and auditors see. Every table is checked, not a sample."""

import pytest

from naast.registry.choices import Channel, Outcome, Status, Urgency
from naast.reports.figures import HIDDEN, SMALL, suppress
from naast.reports.monitor import build_report
from naast.reports.periods import parse_period
from naast.reports.queries import Scope

from .factories import at, funding, with_domains

pytestmark = pytest.mark.django_db


@pytest.fixture
def small_world(f):
    """12 phone requests and 2 by web in 2024: one small cell whose complement must be hidden too."""
    muni, org = f.municipality(), f.organisation("MEE Test")
    for i in range(14):
        hr = f.help_request(
            client=f.client(f"C{i}"), municipality=muni, org=org, received_at=at(f"2024-03-{i + 1:02d} 10:00"),
            channel=Channel.WEB if i < 2 else Channel.PHONE, urgency=Urgency.URGENT if i < 3 else Urgency.REGULAR,
            first_contact_due=at(f"2024-03-{i + 4:02d} 10:00"), first_contact_at=at(f"2024-03-{i + 2:02d} 10:00"),
            status=Status.CLOSED, closed_at=at(f"2024-04-{i + 1:02d} 10:00"),
            outcome=Outcome.ANSWERED if i != 5 else Outcome.NO_CONTACT, minutes_spent=60 * (i + 1),
        )
        with_domains(hr, "housing" if i % 5 else "care")
    funding(muni, org, 2024, 50000, target_unique_clients=10, target_answered_requests=20)
    return muni


def suppressed_report(period="2024", **scope):
    return suppress(build_report("monitor", parse_period(period), Scope(**scope), now=at("2026-01-01")))


@pytest.mark.parametrize("period", ["2024", "2024-H1", "2024-Q1"])
def test_no_count_from_1_to_4_survives_in_any_table_or_figure(small_world, period):
    report = suppressed_report(period, municipality=small_world)
    checked = 0
    for section in report.sections:
        for figure in section.figures:
            if figure.kind == "count":
                assert figure.value in (SMALL, 0) or figure.value >= 5, figure.key
        for table in section.tables:
            for row in table.rows:
                for column in table.columns:
                    value = row.get(column.key)
                    if column.kind == "count" and isinstance(value, int) and not isinstance(value, bool):
                        checked += 1
                        assert value == 0 or value >= 5, f"{table.key}.{column.key} = {value}"
    assert checked > 20


def test_one_small_cell_never_stands_alone_next_to_a_known_total(small_world):
    report = suppressed_report(municipality=small_world)
    tables = {t.key: t for t in report.all_tables()}
    channels = {row["code"]: row["requests"] for row in tables["by_channel"].rows}
    assert channels["web"] == SMALL
    assert channels["phone"] == HIDDEN  # 14 received − phone would give web away
    for table in report.all_tables():
        if table.complement_column:
            hidden = [r for r in table.rows if r[table.complement_column] in (SMALL, HIDDEN)]
            assert len(hidden) != 1, table.key
    urgency = {row["code"]: row["requests"] for row in tables["by_urgency"].rows}
    assert urgency == {"urgent": SMALL, "regular": HIDDEN}


def test_shares_and_statistics_based_on_small_numbers_are_hidden(small_world):
    report = suppressed_report(municipality=small_world)
    tables = {t.key: t for t in report.all_tables()}
    web = next(r for r in tables["by_channel"].rows if r["code"] == "web")
    assert web["share"] == HIDDEN
    urgent = next(r for r in tables["timeliness"].rows if r["code"] == "urgent")
    assert urgent["on_time"] == SMALL and urgent["share_on_time"] == HIDDEN and urgent["median_days"] == HIDDEN
    regular = next(r for r in tables["timeliness"].rows if r["code"] == "regular")
    # 14 received − 11 regular first contacts on time (none late, none pending) would give the 3 urgent away.
    assert regular["on_time"] == HIDDEN and regular["late"] == 0 and regular["share_on_time"] == HIDDEN


def test_small_scopes_hide_cost_per_client(f):
    muni, org = f.municipality(), f.organisation("MEE Test")
    f.help_request(client=f.client(), municipality=muni, org=org, received_at=at("2024-05-01 10:00"),
                   status=Status.CLOSED, closed_at=at("2024-05-03 10:00"), outcome=Outcome.ANSWERED)
    funding(muni, org, 2024, 50000, target_unique_clients=10)
    figures = {fig.key: fig.value for s in suppressed_report().sections for fig in s.figures}
    assert figures["unique_clients"] == SMALL and figures["answered"] == SMALL
    assert figures["cost_per_unique_client_eur"] == HIDDEN  # 50,000 ÷ cost would give the count
    assert figures["cost_per_answered_request_eur"] == HIDDEN
    assert figures["hours_equivalent_minutes"] == HIDDEN
    targets = next(t for t in suppressed_report().all_tables() if t.key == "targets")
    assert targets.rows[0]["achieved"] == SMALL and targets.rows[0]["percent_of_target"] == HIDDEN


def test_raw_report_for_coordinators_keeps_small_numbers(small_world):
    report = build_report("monitor", parse_period("2024"), Scope(municipality=small_world), now=at("2026-01-01"))
    channels = {r["code"]: r["requests"] for t in report.all_tables() if t.key == "by_channel" for r in t.rows}
    assert channels["web"] == 2 and channels["phone"] == 12
