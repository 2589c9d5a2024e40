"""`naast send-reminders`: coordinators hear about due and overdue first contacts, once."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.core.management import call_command

from naast.accounts.roles import Role
from naast.intake.reminders import send_reminders
from naast.registry.models import HelpRequest

pytestmark = pytest.mark.django_db
AMS = ZoneInfo("Europe/Amsterdam")
NOW = datetime(2026, 4, 24, 9, 0, tzinfo=AMS)  # a Friday before King's Day


@pytest.fixture
def coordinators(f, org, other_org):
    return (f.user(Role.COORDINATOR, org=org, email="mine@example.org"),
            f.user(Role.COORDINATOR, org=other_org, email="other@example.org"))


def request(f, org, due, **fields):
    return f.help_request(org=org, first_contact_due=due, received_at=due - timedelta(days=14), **fields)


def test_reminds_due_and_overdue_once(f, org, coordinators):
    overdue = request(f, org, NOW - timedelta(days=1))
    # Due on Tuesday after King's Day: that is the next working day, so it is due soon.
    soon = request(f, org, datetime(2026, 4, 28, 10, 0, tzinfo=AMS), urgency="urgent")
    later = request(f, org, datetime(2026, 4, 29, 10, 0, tzinfo=AMS))
    done = request(f, org, NOW - timedelta(days=1), first_contact_at=NOW - timedelta(days=2))
    result = send_reminders(NOW)
    assert result.requests == 2 and len(mail.outbox) == 1
    body = mail.outbox[0].body
    assert mail.outbox[0].to == ["mine@example.org"]
    assert overdue.reference in body and soon.reference in body
    assert later.reference not in body and done.reference not in body
    assert "1 te laat" in mail.outbox[0].subject
    assert overdue.client.display_name not in body
    # Idempotent: a second run sends nothing new.
    assert send_reminders(NOW).requests == 0 and len(mail.outbox) == 1
    # When the one due soon turns overdue, that is a new event.
    assert send_reminders(datetime(2026, 4, 28, 11, 0, tzinfo=AMS)).requests >= 1


def test_shared_queue_goes_to_every_coordinator(f, coordinators):
    request(f, None, NOW - timedelta(hours=1))
    send_reminders(NOW)
    assert sorted(m.to[0] for m in mail.outbox) == ["mine@example.org", "other@example.org"]


def test_command_runs(f, org, coordinators, capsys):
    request(f, org, NOW - timedelta(days=1))
    call_command("send-reminders")
    assert "1 deadlines reminded in 1 e-mails" in capsys.readouterr().out
    assert HelpRequest.objects.count() == 1
