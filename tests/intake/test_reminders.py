"""`naast send-reminders`: coordinators hear about due and overdue first contacts, once."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from naast.accounts.roles import Role
from naast.core.models import OutgoingMail
from naast.intake import reminders
from naast.registry.models import HelpRequest

pytestmark = pytest.mark.django_db
AMS = ZoneInfo("Europe/Amsterdam")
NOW = datetime(2026, 4, 24, 9, 0, tzinfo=AMS)  # a Friday before King's Day


@pytest.fixture
def coordinators(f, org, other_org):
    return (f.user(Role.COORDINATOR, org=org, email="mine@example.org"),
            f.user(Role.COORDINATOR, org=other_org, email="other@example.org"))


@pytest.fixture
def send_reminders(django_capture_on_commit_callbacks):
    """As cron runs it: the reminders' transaction commits and the e-mails queued in it go out
    (a test's own transaction never commits, so its commit callbacks are run here)."""

    def run(now):
        with django_capture_on_commit_callbacks(execute=True):
            return reminders.send_reminders(now)

    return run


def request(f, org, due, **fields):
    return f.help_request(org=org, first_contact_due=due, received_at=due - timedelta(days=14), **fields)


def test_reminds_due_and_overdue_once(f, org, coordinators, send_reminders, settings):
    settings.SITE_URL = "https://naast.example.nl"
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
    # A link a mail program can open, not a bare path.
    assert "https://naast.example.nl/staff/queue/" in body
    # Idempotent: a second run sends nothing new.
    assert send_reminders(NOW).requests == 0 and len(mail.outbox) == 1
    # When the one due soon turns overdue, that is a new event.
    assert send_reminders(datetime(2026, 4, 28, 11, 0, tzinfo=AMS)).requests >= 1


def test_shared_queue_goes_to_every_coordinator(f, coordinators, send_reminders):
    request(f, None, NOW - timedelta(hours=1))
    send_reminders(NOW)
    assert sorted(m.to[0] for m in mail.outbox) == ["mine@example.org", "other@example.org"]


def test_command_runs(f, org, coordinators, capsys, django_capture_on_commit_callbacks):
    request(f, org, NOW - timedelta(days=1))
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send-reminders")
    assert "1 deadlines reminded in 1 e-mails" in capsys.readouterr().out
    assert len(mail.outbox) == 1
    assert HelpRequest.objects.count() == 1


def test_a_reminder_waits_in_the_outbox_while_the_mail_server_is_down(
    f, org, coordinators, send_reminders, mail_server, capsys
):
    overdue = request(f, org, NOW - timedelta(days=1))
    assert send_reminders(NOW).emails == 1
    kept = OutgoingMail.objects.get()
    assert kept.kind == OutgoingMail.Kind.REMINDER and kept.attempts == 1 and overdue.reference in kept.body
    # The next hourly run does not queue it twice: the reminder counts as given.
    assert send_reminders(NOW + timedelta(hours=1)).requests == 0
    assert OutgoingMail.objects.count() == 1

    mail_server.start()
    OutgoingMail.objects.update(next_attempt_at=timezone.now() - timedelta(seconds=1))
    call_command("send-mail")
    assert "1 sent" in capsys.readouterr().out
    [message] = mail_server.inbox.messages
    assert message["To"] == "mine@example.org" and overdue.reference in message.get_content()
