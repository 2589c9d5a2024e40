"""The e-mail outbox: a message is kept with what it reports, sent when that is saved, and kept
and tried again while the mail server is down; never sent about something that was undone."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from naast.core.models import OutgoingMail
from naast.core.outbox import RETRY_MINUTES, deliver, queue_mail

pytestmark = pytest.mark.django_db


def queue(reference="ABC-DEF-GH"):
    queue_mail(kind="confirmation", to="anna@example.org", subject=f"We received your question ({reference})",
               body="Your reference is " + reference, reference=reference)


def test_sent_when_the_transaction_commits_and_then_not_kept(mail_server, django_capture_on_commit_callbacks):
    mail_server.start()
    with django_capture_on_commit_callbacks(execute=True):
        with transaction.atomic():
            queue()
            assert mail_server.inbox.messages == []  # not before the change is saved
    [message] = mail_server.inbox.messages
    assert message["To"] == "anna@example.org" and "ABC-DEF-GH" in message.get_content()
    assert not OutgoingMail.objects.exists()  # no copy of the address or the text stays behind


def test_nothing_is_sent_about_a_change_that_was_undone(mail_server, django_capture_on_commit_callbacks):
    mail_server.start()
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError):
        with transaction.atomic():
            queue()
            raise RuntimeError("the registration failed")
    assert mail_server.inbox.messages == [] and not OutgoingMail.objects.exists()


def test_kept_while_the_mail_server_is_down_and_sent_by_send_mail_later(
    mail_server, django_capture_on_commit_callbacks, capsys
):
    with django_capture_on_commit_callbacks(execute=True):
        queue()
    kept = OutgoingMail.objects.get()
    assert kept.attempts == 1 and kept.last_error and kept.body
    assert kept.next_attempt_at > timezone.now() + timedelta(seconds=50)  # tried again after a minute

    call_command("send-mail")
    assert "0 sent, 0 to try again later" in capsys.readouterr().out  # not due yet: nothing hammered

    mail_server.start()
    OutgoingMail.objects.update(next_attempt_at=timezone.now() - timedelta(seconds=1))  # a minute later
    call_command("send-mail")
    assert "1 sent" in capsys.readouterr().out
    [message] = mail_server.inbox.messages
    assert "ABC-DEF-GH" in message["Subject"]
    assert not OutgoingMail.objects.exists()


def test_given_up_after_about_a_day_with_the_text_wiped_and_the_reference_listed(mail_server, capsys):
    queue("XYZ-123-AB")
    now = timezone.now()
    for minutes in (0, *RETRY_MINUTES):
        now += timedelta(minutes=minutes)
        result = deliver(now=now)
    assert result.failed == ["confirmation XYZ-123-AB"]
    failed = OutgoingMail.objects.get()
    assert failed.failed_at is not None and failed.body == "" and failed.attempts == len(RETRY_MINUTES) + 1
    assert sum(RETRY_MINUTES) >= 20 * 60  # the attempts spread over most of a day
    assert deliver(now=now + timedelta(days=2)).sent == 0  # a failed message is not tried again


def test_a_message_given_up_on_is_removed_after_a_month():
    from naast.core.outbox import KEEP_FAILED_DAYS

    queue("OLD-123-AB")
    OutgoingMail.objects.update(failed_at=timezone.now() - timedelta(days=KEEP_FAILED_DAYS + 1), body="")
    deliver()
    assert not OutgoingMail.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_two_senders_at_once_send_each_message_once_even_when_a_run_outlasts_the_hold(
    slow_smtp_server, monkeypatch
):
    """Two senders that meet (the lock bypassed: a web request's sending and a cron run, or two
    servers) never send one message twice. The hold on a message counts from its claim: with it
    counted from the run's start, a run longer than the hold would let the other sender take the
    message it is still sending. The hold is shortened to 2 s here, and the server takes 0.3 s
    per message, so sender A's run (10 messages) lasts about 3 s."""
    import threading
    import time

    from django.db import connection

    from naast.core import outbox

    monkeypatch.setattr(outbox, "CLAIM_MINUTES", 2 / 60)
    slow_smtp_server.delay = 0.3
    for n in range(10):
        OutgoingMail.objects.create(kind="confirmation", to=f"resident{n}@example.org", subject=f"Bericht {n}", body="x")
    results = {}

    def sender(name):
        try:
            results[name] = deliver()
        finally:
            connection.close()

    first = threading.Thread(target=sender, args=("A",))
    first.start()
    time.sleep(2.4)  # A is busy with a message it claimed after its hold would have run out
    sender("B")
    first.join(timeout=60)
    subjects = sorted(m["Subject"] for m in slow_smtp_server.messages)
    assert subjects == sorted(f"Bericht {n}" for n in range(10))  # each exactly once
    assert results["A"].sent + results["B"].sent == 10 and results["B"].sent > 0
    assert not OutgoingMail.objects.exists()
