"""Two servers running the intake's periodic commands at once: `send-reminders` never reminds
twice, `fetch-mail` registers each message once and counts a message the other run took as
already handled, not as failed. Each twice: the functions themselves started together without
the single-run lock (the root causes), and two real `naast` processes (with it). Real Dovecot
and SMTP servers; both databases (these tests commit: `transactional_db`)."""

from __future__ import annotations

import threading
import time
from collections import Counter
from datetime import timedelta
from email.message import EmailMessage

import pytest
from django.db import connection, transaction
from django.utils import timezone

from naast.accounts.roles import Role
from naast.intake import reminders
from naast.intake.mailbox import fetch_mail
from naast.intake.models import InboundMessage, ReminderSent
from naast.registry.models import HelpRequest
from tests import processes
from tests.intake.mailservers import slow_smtp_server  # noqa: F401

pytestmark = pytest.mark.django_db(transaction=True)


def hold_writes(table: str, seconds: float) -> threading.Thread:
    """Keep `table` from being written for `seconds` (another transaction that holds the lock),
    so two runs started meanwhile both read the same state before either can write: the race
    of two servers' cron, made certain instead of likely."""
    ready = threading.Event()

    def hold():
        try:
            with transaction.atomic(), connection.cursor() as cursor:
                if connection.vendor == "postgresql":
                    cursor.execute(f"LOCK TABLE {table} IN EXCLUSIVE MODE")  # reads go on, writes wait
                else:  # SQLite: BEGIN IMMEDIATE holds the one write lock; readers go on (WAL)
                    cursor.execute(f"SELECT count(*) FROM {table}")
                ready.set()
                time.sleep(seconds)
        finally:
            connection.close()

    thread = threading.Thread(target=hold)
    thread.start()
    assert ready.wait(10)
    return thread


def run_in_threads(function, count=2):
    results, errors = [], []

    def run():
        try:
            results.append(function())
        except Exception as exc:  # reported by the test
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(count)]
    for thread in threads:
        thread.start()
    return threads, results, errors


# --- send-reminders ------------------------------------------------------------------------


@pytest.fixture
def due_requests(f, org, other_org):
    f.user(Role.COORDINATOR, org=org, email="mine@example.org")
    f.user(Role.COORDINATOR, org=other_org, email="other@example.org")
    now = timezone.now()
    mine = [f.help_request(org=org, first_contact_due=now - timedelta(hours=n + 1), received_at=now - timedelta(days=10))
            for n in range(3)]
    other = [f.help_request(org=other_org, first_contact_due=now - timedelta(hours=2),
                            received_at=now - timedelta(days=10))]
    return mine, other


def reminded(inbox) -> Counter:
    return Counter(message["To"] for message in inbox.messages)


@pytest.mark.parametrize("returning", [True, False], ids=["insert-returning", "row-by-row"])
def test_two_reminder_runs_that_read_at_once_remind_once(due_requests, slow_smtp_server, returning,  # noqa: F811
                                                         monkeypatch):
    if not returning:  # as on SQLite before 3.35, which has no INSERT ... RETURNING
        if connection.vendor != "sqlite":
            pytest.skip("PostgreSQL always has INSERT ... RETURNING: the row-by-row way is for old SQLite only")
        monkeypatch.setattr(type(connection.features), "can_return_columns_from_insert", False)
    gate = hold_writes(ReminderSent._meta.db_table, 2.0)
    threads, results, errors = run_in_threads(reminders.send_reminders)
    for thread in [gate, *threads]:
        thread.join(timeout=60)
    assert not errors
    assert reminded(slow_smtp_server) == {"mine@example.org": 1, "other@example.org": 1}
    assert sorted((r.requests, r.emails) for r in results) == [(0, 0), (4, 2)]  # the other run: nothing to do
    assert ReminderSent.objects.count() == 4


def test_two_send_reminders_processes_at_once_remind_once(due_requests, slow_smtp_server):  # noqa: F811
    started = [processes.start("send-reminders", **slow_smtp_server.env) for _ in range(2)]
    outputs = []
    for process in started:
        code, out, err = processes.finish(process)
        assert code == 0, err
        outputs.append(out.strip())
    assert "4 deadlines reminded in 2 e-mails" in outputs
    assert reminded(slow_smtp_server) == {"mine@example.org": 1, "other@example.org": 1}


# --- fetch-mail ----------------------------------------------------------------------------


def message(n: int) -> bytes:
    msg = EmailMessage()
    msg["From"] = f"Bewoner {n} <resident{n}@example.org>"
    msg["To"] = "team@naast.test"
    msg["Subject"] = f"Vraag {n}"
    msg["Message-ID"] = f"<question-{n}@example.org>"
    msg.set_content(f"Ik heb hulp nodig ({n}).")
    return msg.as_bytes()


@pytest.fixture
def inbox_of_eight(dovecot, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.NAAST_INTAKE = {**settings.NAAST_INTAKE, **dovecot.settings()}
    for n in range(8):
        dovecot.append(message(n))
    return dovecot


def test_two_fetch_runs_that_read_at_once_register_each_message_once(inbox_of_eight, slow_smtp_server):  # noqa: F811
    gate = hold_writes(InboundMessage._meta.db_table, 2.0)
    threads, results, errors = run_in_threads(fetch_mail)
    for thread in [gate, *threads]:
        thread.join(timeout=120)
    assert not errors
    assert [r.failed for r in results] == [0, 0]  # a message the other run took is not a failure
    assert sum(len(r.created) for r in results) == 8
    assert sum(r.skipped_duplicates for r in results) >= 1  # they did meet
    assert HelpRequest.objects.count() == 8 and InboundMessage.objects.count() == 8
    assert sorted(HelpRequest.objects.values_list("question", flat=True)) == sorted(
        f"Vraag {n}\n\nIk heb hulp nodig ({n})." for n in range(8))
    assert Counter(m["To"] for m in slow_smtp_server.messages) == {f"resident{n}@example.org": 1 for n in range(8)}
    assert inbox_of_eight.count("INBOX") == 0 and inbox_of_eight.count("Verwerkt") == 8


def test_two_fetch_mail_processes_at_once_exit_0_and_register_each_message_once(
    inbox_of_eight, slow_smtp_server  # noqa: F811
):
    imap = {f"NAAST_IMAP_{key.removeprefix('IMAP_')}": value for key, value in inbox_of_eight.settings().items()}
    started = [processes.start("fetch-mail", **imap, **slow_smtp_server.env) for _ in range(2)]
    outputs = []
    for process in started:
        code, out, err = processes.finish(process)
        assert code == 0, out + err
        outputs.append(out.strip())
    assert not any("failed" in out and "0 failed" not in out for out in outputs)
    assert HelpRequest.objects.count() == 8
    assert Counter(m["To"] for m in slow_smtp_server.messages) == {f"resident{n}@example.org": 1 for n in range(8)}
    assert inbox_of_eight.count("INBOX") == 0 and inbox_of_eight.count("Verwerkt") == 8
