"""The coordinator's queue: ordered by deadline, overdue and due-today flagged, counts on top,
filters, and a fixed number of queries however many rows a page shows."""

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from naast.accounts.roles import Role
from naast.intake import selectors, services
from naast.privacy.models import AuditEvent
from naast.registry import lifecycle
from naast.taxonomies.models import LifeDomain

from .factories import supporter, web_request

pytestmark = pytest.mark.django_db


@pytest.fixture
def coordinator(f, org):
    return f.user(Role.COORDINATOR, org=org)


def _request(due_in: timedelta, **fields):
    hr = web_request(**fields)
    hr.first_contact_due = timezone.now() + due_in
    with lifecycle.arbitrary_state():
        hr.save()
    return hr


def test_queue_is_ordered_by_deadline_with_flags_and_counts(coordinator, login):
    later = _request(timedelta(days=10))
    overdue = _request(-timedelta(hours=5))
    today = timezone.localtime()
    # Due in a minute, unless that is tomorrow already (after 23:00): then in nine days, still
    # before `later` (in ten days it tied with `later` and the last row depended on milliseconds).
    soon = _request(timedelta(minutes=1)) if today.hour < 23 else _request(timedelta(days=9))
    rows, counts = selectors.queue(coordinator)
    rows = selectors.mark_deadlines(list(rows), counts)
    assert rows[0] == overdue and rows[0].is_overdue
    assert rows[-1] == later and not rows[-1].is_overdue and not rows[-1].is_due_today
    assert counts["overdue"] == 1 and counts["total"] == 3
    if soon.first_contact_due.date() == today.date():
        assert rows[1].is_due_today and counts["due_today"] == 1
    page = login(coordinator).get("/staff/queue/").content.decode()
    assert page.index(overdue.reference) < page.index(later.reference)
    assert "Te laat" in page


def test_queue_holds_unassigned_and_at_risk_requests_only(f, org, coordinator):
    s = supporter(org)
    unassigned = _request(timedelta(days=10))
    assigned_safe = _request(timedelta(days=10))
    services.assign(assigned_safe, [s], by=coordinator)
    assigned_overdue = _request(-timedelta(days=1))
    services.assign(assigned_overdue, [s], by=coordinator)
    contacted = _request(-timedelta(days=1))
    services.assign(contacted, [s], by=coordinator)
    services.record_first_contact(contacted)
    rows, _counts = selectors.queue(coordinator)
    assert set(rows) == {unassigned, assigned_overdue}


def test_filters(f, coordinator, muni, login):
    housing = LifeDomain.objects.get(code="housing")
    a = _request(timedelta(days=3), municipality=muni, urgency="urgent", life_domains=[housing])
    b = _request(timedelta(days=4), channel="phone")
    client = login(coordinator)
    assert set(selectors.queue(coordinator, {"urgency": "urgent"})[0]) == {a}
    assert set(selectors.queue(coordinator, {"municipality": muni.pk})[0]) == {a}
    assert set(selectors.queue(coordinator, {"life_domain": housing.pk})[0]) == {a}
    assert set(selectors.queue(coordinator, {"channel": "phone"})[0]) == {b}
    page = client.get("/staff/queue/", {"channel": "phone"}).content.decode()
    assert b.reference in page and a.reference not in page
    # Nonsense in the query string is ignored, never a 500.
    assert client.get("/staff/queue/", {"municipality": "abc", "urgency": "<x>"}).status_code == 200


def test_query_count_does_not_grow_with_rows(coordinator, login):
    housing = LifeDomain.objects.get(code="housing")
    client = login(coordinator)
    _request(timedelta(days=1), life_domains=[housing])
    client.get("/staff/queue/")  # warm caches (content types, service profile)
    with CaptureQueriesContext(connection) as few:
        assert client.get("/staff/queue/").status_code == 200
    for i in range(30):
        _request(timedelta(days=i), life_domains=[housing])
    with CaptureQueriesContext(connection) as many:
        assert client.get("/staff/queue/").status_code == 200
    assert len(many) == len(few), [q["sql"][:80] for q in many]


def test_queue_reads_are_audited_and_scoped(f, org, other_org, coordinator, login):
    mine = _request(timedelta(days=2))
    theirs = f.help_request(org=other_org)
    page = login(coordinator).get("/staff/queue/").content.decode()
    assert mine.reference in page and theirs.reference not in page
    assert AuditEvent.objects.filter(object_label=mine.reference, reason="queue").exists()


def test_funder_gets_403(f, muni, login):
    funder = f.user(Role.FUNDER, muni=muni)
    assert login(funder).get("/staff/queue/").status_code == 403


def test_empty_queue_says_so(coordinator, login):
    assert "De wachtrij is leeg" in login(coordinator).get("/staff/queue/").content.decode()


def test_pages_follow_the_deadline_order_with_counts_of_the_whole_queue(coordinator, login):
    """120 requests: page 1 shows the 50 earliest deadlines in order, page 3 the last 20; the
    counts on top are those of the whole queue, not of the page."""
    made = [_request(timedelta(hours=i - 10, minutes=30), urgency="urgent" if i % 4 == 0 else "regular") for i in range(120)]
    client = login(coordinator)
    first = client.get("/staff/queue/").content.decode()
    positions = [first.index(hr.reference) for hr in made[:50]]
    assert positions == sorted(positions)
    assert made[50].reference not in first
    last = client.get("/staff/queue/", {"page": 3}).content.decode()
    assert all(hr.reference in last for hr in made[100:]) and made[99].reference not in last
    counts = re.findall(r"<li><strong>(\d+)</strong>", first)
    assert counts[:2] == ["120", "10"]  # in the queue, overdue
    assert counts[4] == "30"  # urgent


def test_query_count_is_the_same_for_a_full_page_a_short_page_and_filters(coordinator, login, muni):
    housing = LifeDomain.objects.get(code="housing")
    for i in range(60):
        _request(timedelta(days=i), life_domains=[housing], municipality=muni)
    client = login(coordinator)
    client.get("/staff/queue/")
    counted = []
    for params in [{}, {"page": 2}, {"life_domain": housing.pk, "municipality": muni.pk, "urgency": "regular"},
                   {"life_domain": housing.pk, "municipality": muni.pk, "page": 2}]:
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/staff/queue/", params).status_code == 200
        counted.append(len(captured))
    assert counted[0] == counted[1] and counted[2] == counted[3], counted


def test_one_partial_index_serves_the_queue():
    """Migration registry 0002: the queue's partial index replaces intake 0002's two raw ones,
    and the reports app's raw indexes survive (no table rebuild on SQLite)."""
    with connection.cursor() as cursor:
        names = set(connection.introspection.get_constraints(cursor, "registry_helprequest"))
    assert "registry_hr_open_queue" in names
    assert not names & {"intake_queue_order", "intake_queue_counts"}
    # The reports app's raw-SQL indexes on the same table are still there.
    assert any(name.startswith("reports_hr_") for name in names), names


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's planner statistics")
def test_send_reminders_keeps_sqlite_planner_statistics(coordinator, login):
    from django.core.management import call_command

    for i in range(30):
        _request(timedelta(days=i))
    call_command("send-reminders", stdout=open("/dev/null", "w"))  # noqa: SIM115
    with connection.cursor() as cursor:
        cursor.execute("SELECT idx FROM sqlite_stat1 WHERE tbl = 'registry_helprequest'")
        analysed = {row[0] for row in cursor.fetchall()}
    assert "registry_hr_open_queue" in analysed
    rows, _counts = selectors.queue(coordinator)
    plan = rows.values_list("pk", flat=True)[:50].explain()
    assert "registry_hr_open_queue" in plan and "TEMP B-TREE" not in plan, plan


def test_dates_are_written_the_dutch_way(coordinator, login):
    web_request()
    page = login(coordinator).get("/staff/queue/").content.decode()
    months = "jan|feb|mrt|apr|mei|jun|jul|aug|sep|okt|nov|dec"
    assert re.search(rf"\b\d{{1,2}} ({months})\b", page)  # "16 nov", as Dutch writes it
    assert not re.search(rf"\b\d{{1,2}} ({months.title()})\b", page)  # not "16 Nov"


def test_filters_are_not_each_marked_optional(f, org, login):
    page = login(f.user(Role.COORDINATOR, org=org)).get("/staff/queue/").content.decode()
    assert "niet verplicht" not in page


def test_the_queue_counts_late_appointments_and_support_starts_that_link_to_the_list(f, org, coordinator, login):
    now = timezone.now()
    supporter = f.user(Role.SUPPORTER, org=org)
    late_appointment = f.help_request(org=org, supporter=supporter, status="in_progress",
                                      received_at=now - timedelta(days=6), first_contact_at=now - timedelta(days=5),
                                      appointment_due=now - timedelta(days=2), pickup_due=now + timedelta(days=20))
    f.help_request(org=org, supporter=supporter, status="in_progress", received_at=now - timedelta(days=40),
                   first_contact_at=now - timedelta(days=30), appointment_due=now - timedelta(days=28),
                   appointment_at=now - timedelta(days=29), pickup_due=now - timedelta(days=12))
    f.help_request(org=org, supporter=supporter, status="closed", closed_at=now, outcome="answered",
                   received_at=now - timedelta(days=40), pickup_due=now - timedelta(days=12))  # closed: not counted
    client = login(coordinator)
    page = client.get("/staff/queue/").content.decode()
    assert "1 afspraak te laat" in page and "1 ondersteuning niet op tijd gestart" in page
    listed = client.get("/staff/requests/?late=appointment").content.decode()
    assert late_appointment.reference in listed and listed.count("/staff/requests/HV-") == 1
