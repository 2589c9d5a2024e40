"""The coordinator's queue: ordered by deadline, overdue and due-today flagged, counts on top,
filters, and a fixed number of queries however many rows a page shows."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from naast.accounts.roles import Role
from naast.intake import selectors, services
from naast.privacy.models import AuditEvent
from naast.taxonomies.models import LifeDomain

from .factories import supporter, web_request

pytestmark = pytest.mark.django_db


@pytest.fixture
def coordinator(f, org):
    return f.user(Role.COORDINATOR, org=org)


def _request(due_in: timedelta, **fields):
    hr = web_request(**fields)
    hr.first_contact_due = timezone.now() + due_in
    hr.save()
    return hr


def test_queue_is_ordered_by_deadline_with_flags_and_counts(coordinator, login):
    later = _request(timedelta(days=10))
    overdue = _request(-timedelta(hours=5))
    today = timezone.localtime()
    soon = _request(timedelta(minutes=1)) if today.hour < 23 else _request(timedelta(days=10))
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
