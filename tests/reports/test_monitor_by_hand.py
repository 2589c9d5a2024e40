"""A small data set, every figure of the monitor report computed by hand and compared.

The nine help requests (2023–2025, two municipalities, two organisations):

| req | client | muni | org | received   | first contact (due)    | closed      | outcome    | minutes | notes |
|-----|--------|------|-----|------------|------------------------|-------------|------------|---------|-------|
| r1  | c1     | A    | X   | 2024-02-10 | 02-13 (02-24) on time  | 2024-03-10  | answered   | 120     | regular, housing+care |
| r2  | c1     | A    | Y   | 2024-05-01 | 05-08 (05-06) late     | 2025-01-15  | referred   | 900     | urgent; closed next year; c1 at two orgs |
| r3  | c2     | A    | X   | 2023-11-20 | 11-22 (12-04) on time  | 2024-01-05  | answered   | 600     | received last year, answered this year |
| r4  | c3     | A    | X   | 2024-06-01 | —                      | (quick log) | answered   | 10      | quick log without closing time |
| r5  | c4     | B    | X   | 2024-03-01 | 03-15 (03-15) on time  | reopened    | —          | 300     | closed, then reopened: open again |
| r6  | c5     | B    | Y   | 2024-07-01 | none (07-15) late      | 2024-07-20  | no_contact | 0       | not answered |
| r7  | c2     | A    | X   | 2024-12-20 | none (2025-01-03)      | open        |            | 0       | not yet due at the end of 2024 |
| r8  | —      | B    | —   | 2023-03-01 |                        | 2023-04-01  | answered   | 60      | last year only |
| r9  | c3     | A    | X   | 2023-06-01 |                        | 2023-06-20  | withdrawn  | 30      | last year only |
"""

from decimal import Decimal

import pytest

from naast.registry.choices import Channel, Outcome, Referrer, Status, Urgency
from naast.reports.monitor import build_report
from naast.reports.periods import parse_period
from naast.reports.queries import Scope
from naast.taxonomies.models import TargetGroup

from .factories import at, funding, with_domains

pytestmark = pytest.mark.django_db


@pytest.fixture
def data(f):
    a = f.municipality("GM0001", "Aadorp")
    b = f.municipality("GM0002", "Beekdal")
    x = f.organisation("Organisatie X")
    y = f.organisation("Organisatie Y", kind="welfare")
    c1, c2, c3, c4, c5 = (f.client(name) for name in ("C1", "C2", "C3", "C4", "C5"))
    elderly = TargetGroup.objects.order_by("position").first()
    common = {"question": "", "target_group": None}

    def hr(**fields):
        return f.help_request(**{**common, **fields})

    r = {}
    r[1] = with_domains(hr(client=c1, municipality=a, org=x, received_at=at("2024-02-10 10:00"),
                           channel=Channel.PHONE, referrer=Referrer.GP, urgency=Urgency.REGULAR, target_group=elderly,
                           first_contact_due=at("2024-02-24 10:00"), first_contact_at=at("2024-02-13 10:00"),
                           status=Status.CLOSED, closed_at=at("2024-03-10 10:00"), outcome=Outcome.ANSWERED,
                           minutes_spent=120), "housing", "care")
    r[2] = with_domains(hr(client=c1, municipality=a, org=y, received_at=at("2024-05-01 10:00"),
                           channel=Channel.WEB, referrer=Referrer.SELF, urgency=Urgency.URGENT,
                           first_contact_due=at("2024-05-06 10:00"), first_contact_at=at("2024-05-08 10:00"),
                           status=Status.CLOSED, closed_at=at("2025-01-15 10:00"), outcome=Outcome.REFERRED,
                           minutes_spent=900), "work_and_income")
    r[3] = hr(client=c2, municipality=a, org=x, received_at=at("2023-11-20 10:00"), channel=Channel.EMAIL,
              referrer=Referrer.SELF, first_contact_due=at("2023-12-04 10:00"), first_contact_at=at("2023-11-22 10:00"),
              status=Status.CLOSED, closed_at=at("2024-01-05 10:00"), outcome=Outcome.ANSWERED, minutes_spent=600)
    r[4] = with_domains(hr(client=c3, municipality=a, org=x, received_at=at("2024-06-01 11:00"),
                           channel=Channel.DESK, referrer=Referrer.SELF, is_quick_log=True, status=Status.CLOSED,
                           outcome=Outcome.ANSWERED, minutes_spent=10), "housing")
    r[5] = with_domains(hr(client=c4, municipality=b, org=x, received_at=at("2024-03-01 10:00"),
                           channel=Channel.PHONE, referrer=Referrer.MUNICIPALITY,
                           first_contact_due=at("2024-03-15 10:00"), first_contact_at=at("2024-03-15 10:00"),
                           status=Status.IN_PROGRESS, closed_at=None, minutes_spent=300), "care")
    r[6] = with_domains(hr(client=c5, municipality=b, org=y, received_at=at("2024-07-01 10:00"),
                           channel=Channel.PHONE, referrer=Referrer.FAMILY, first_contact_due=at("2024-07-15 10:00"),
                           status=Status.CLOSED, closed_at=at("2024-07-20 10:00"), outcome=Outcome.NO_CONTACT),
                        "wellbeing")
    r[7] = hr(client=c2, municipality=a, org=x, received_at=at("2024-12-20 10:00"), channel=Channel.PHONE,
              referrer=Referrer.SELF, first_contact_due=at("2025-01-03 10:00"), status=Status.RECEIVED)
    r[8] = hr(client=None, municipality=b, org=None, received_at=at("2023-03-01 10:00"), channel=Channel.PHONE,
              status=Status.CLOSED, closed_at=at("2023-04-01 10:00"), outcome=Outcome.ANSWERED, minutes_spent=60)
    r[9] = hr(client=c3, municipality=a, org=x, received_at=at("2023-06-01 10:00"), channel=Channel.PHONE,
              status=Status.CLOSED, closed_at=at("2023-06-20 10:00"), outcome=Outcome.WITHDRAWN, minutes_spent=30)
    funding(a, x, 2024, 100000, target_unique_clients=4, target_answered_requests=5, execution_hours=800,
            coordination_hours=300, target_satisfaction=Decimal("7.0"))
    funding(b, y, 2024, 20000, target_unique_clients=2, target_answered_requests=1, execution_hours=100)
    funding(a, x, 2023, 90000, target_unique_clients=1, target_answered_requests=1)
    return {"a": a, "b": b, "x": x, "y": y, "r": r}


def report(period="2024", **scope):
    return build_report("monitor", parse_period(period), Scope(**scope), now=at("2026-01-01"))


def figures(rep) -> dict:
    return {f.key: f.value for s in rep.sections for f in s.figures}


def table(rep, key) -> dict:
    t = next(t for t in rep.all_tables() if t.key == key)
    return {row["code"]: row for row in t.rows}


def counts(rep, key) -> dict:
    return {code: row["requests"] for code, row in table(rep, key).items()}


def test_headline_figures_of_the_whole_service(data):
    got = figures(report())
    # received in 2024: r1 r2 r4 r5 r6 r7; answered: r1, r3 (received 2023), r4 (quick log); r6 is no_contact,
    # r2 is closed only in 2025 and r5 was reopened. Open at the end: r2, r5, r7.
    assert got["received"] == 6
    assert got["answered"] == 3
    assert got["answered_quick_logs"] == 1
    assert got["open_at_end"] == 3
    # c1 (two organisations) counts once; c2 via r3 (open at the start) and r7; c3, c4, c5.
    assert got["unique_clients"] == 5


def test_request_received_in_one_year_and_closed_in_the_next(data):
    got_2025 = figures(report("2025"))
    assert got_2025["received"] == 0
    assert got_2025["answered"] == 1  # r2, closed 2025-01-15 as referred
    assert got_2025["open_at_end"] == 2  # r5 (reopened) and r7
    assert got_2025["unique_clients"] == 3  # c1 (r2), c4 (r5), c2 (r7)


def test_last_year_and_growth(data):
    got_2023 = figures(report("2023"))
    assert (got_2023["received"], got_2023["answered"], got_2023["unique_clients"]) == (3, 1, 2)  # r9 was withdrawn
    growth = table(report(), "growth")
    assert growth["received"]["growth_percent"] == 100  # 3 -> 6
    assert growth["answered"]["growth_percent"] == 200  # 1 -> 3
    assert growth["unique_clients"]["growth_percent"] == 150  # 2 -> 5


def test_scopes_count_a_client_once_per_organisation(data):
    by_x = figures(report(organisation=data["x"]))
    by_y = figures(report(organisation=data["y"]))
    assert by_x["unique_clients"] == 4  # c1 c2 c3 c4
    assert by_y["unique_clients"] == 2  # c1 c5
    assert by_x["unique_clients"] + by_y["unique_clients"] == 6 > figures(report())["unique_clients"]
    in_a = figures(report(municipality=data["a"]))
    assert (in_a["received"], in_a["answered"], in_a["open_at_end"], in_a["unique_clients"]) == (4, 3, 2, 3)
    assert figures(report(municipality=data["a"], organisation=data["y"]))["received"] == 1


def test_breakdowns(data):
    rep = report()
    assert counts(rep, "by_channel") == {"web": 1, "phone": 4, "email": 0, "desk": 1, "consultation_hour": 0,
                                         "outreach": 0, "partner": 0}
    assert counts(rep, "by_referrer") == {"self": 3, "family": 1, "gp": 1, "municipality": 1, "district_nurse": 0,
                                          "school": 0, "social_work": 0, "other": 0}
    assert counts(rep, "by_urgency") == {"urgent": 1, "regular": 5}
    groups = counts(rep, "by_target_group")
    assert groups[None] == 5 and sum(groups.values()) == 6
    assert table(rep, "by_channel")["phone"]["share"] == 66.7


def test_life_domains_and_the_domains_nobody_reached(data):
    rep = report()
    domains = counts(rep, "by_life_domain")
    assert domains == {"social_support": 0, "preventive_care": 0, "care": 2, "youth_care": 0, "education": 0,
                       "wellbeing": 1, "housing": 2, "work_and_income": 1}
    assert figures(rep)["domains_not_reached"] == 4
    section = next(s for s in rep.sections if s.key == "life_domains")
    assert "Jeugdhulp" in section.note or "Youth care" in section.note


def test_timeliness_per_urgency(data):
    rows = table(report(), "timeliness")
    # regular: r1 on time (3 days), r5 on time (contact exactly at the due time, 14 days), r6 late (no contact,
    # due time passed), r7 not yet due at the end of 2024; r4 is a quick log without a due time.
    assert {k: rows["regular"][k] for k in ("measured", "on_time", "late", "pending", "share_on_time")} == {
        "measured": 3, "on_time": 2, "late": 1, "pending": 1, "share_on_time": 66.7}
    assert (rows["regular"]["median_days"], rows["regular"]["p90_days"]) == (3, 14)
    assert {k: rows["urgent"][k] for k in ("measured", "on_time", "late", "share_on_time", "median_days")} == {
        "measured": 1, "on_time": 0, "late": 1, "share_on_time": 0.0, "median_days": 7}


def test_hours_and_duration_of_answered_requests(data):
    row = table(report(), "hours")["answered"]
    # answered: r1 120 min, r3 600 min (exactly the guideline, not above it), r4 10 min
    assert row["requests"] == 3
    assert (row["median_hours"], row["p90_hours"]) == (2.0, 10.0)
    assert (row["above_guideline"], row["share_above_guideline"]) == (0, 0.0)
    # durations: r4 0 days (quick log), r1 29 days, r3 46 days
    assert (row["median_days"], row["p90_days"]) == (29, 46)
    hours = table(report(), "contracted_hours")
    assert hours["contracted"]["hours"] == 1200.0  # 800 + 300 + 100
    assert hours["logged"]["hours"] == 12.2  # 730 minutes


def test_targets_cost_and_hours_equivalent(data):
    rep = report()
    targets = table(rep, "targets")
    assert (targets["unique_clients"]["target"], targets["unique_clients"]["achieved"]) == (6, 5)
    assert targets["unique_clients"]["met"] is False
    assert (targets["answered"]["target"], targets["answered"]["met"]) == (6, False)
    got = figures(rep)
    assert got["funding_amount_eur"] == Decimal("120000.00")
    assert got["cost_per_unique_client_eur"] == Decimal("24000.00")  # 120,000 / 5
    assert got["cost_per_answered_request_eur"] == Decimal("40000.00")  # 120,000 / 3
    assert got["hours_equivalent_minutes"] == 36923  # 40,000 / 65 euro = 615 h 23 min
    in_a = table(report(municipality=data["a"]), "targets")
    assert in_a["unique_clients"]["met"] is False and in_a["answered"]["met"] is False  # 3 < 4, 3 < 5
    in_b = table(report(municipality=data["b"]), "targets")
    assert in_b["unique_clients"]["met"] is True and in_b["answered"]["met"] is False  # 2 >= 2, 0 < 1


def test_a_quarter_pro_rates_the_yearly_agreements(data):
    rep = report("2024-Q1")
    got = figures(rep)
    assert got["received"] == 2 and got["answered"] == 2  # r1, r5 received; r1 and r3 answered
    # Q1 2024 has 91 of 366 days: 120,000 * 91 / 366
    assert got["funding_amount_eur"] == Decimal("29836.07")


def test_half_year_forecast_follows_last_years_pattern(data, f):
    rows = table(report("2024-H1"), "forecast")
    # H1 2024 received r1 r2 r4 r5 = 4; last year H1 received r8 r9 = 2 and the full year 3: 4 * 3 / 2 = 6
    assert rows["received"]["half_year"] == 4 and rows["received"]["forecast"] == 6
    assert "forecast" not in {t.key for t in report("2024").all_tables()}
