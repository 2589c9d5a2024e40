"""One run at a time (`naast.core.locks`): a second copy of a periodic command, started on
another server while one runs, steps aside in one line with exit status 0; a holder that crashed
does not block the next run; the lock is released on errors. Real processes on the test database
(SQLite file or PostgreSQL), so these tests commit (`transactional_db`)."""

from __future__ import annotations

import signal
import time
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from naast.core.locks import already_running_message, single_run
from naast.core.models import OutgoingMail, RunLock
from naast.core.outbox import queue_mail
from tests import processes

pytestmark = pytest.mark.django_db(transaction=True)

HOLD = """
import os, sys
from naast.core.locks import single_run
with single_run(os.environ.get("LOCK_NAME", "send-mail")) as acquired:
    print("held" if acquired else "refused", flush=True)
    sys.stdin.read()  # hold it until the test closes our input (or kills us)
"""


def hold_lock(name: str = "send-mail") -> processes.subprocess.Popen:
    """Another process that holds the lock `name` until told to stop."""
    holder = processes.start_python(HOLD, LOCK_NAME=name)
    assert holder.stdout.readline().strip() == "held", holder.stderr.read()
    return holder


def test_a_second_copy_exits_0_at_once_with_one_clear_line():
    holder = hold_lock()
    try:
        started = time.monotonic()
        code, out, err = processes.finish(processes.start("send-mail"))
        took = time.monotonic() - started
        assert code == 0, err
        assert out.strip() == already_running_message("send-mail") == (
            "send-mail: already running elsewhere; this run did nothing")
        assert "error" not in (out + err).lower() and took < 20  # it does not wait for the holder
    finally:
        holder.stdin.close()
        processes.finish(holder)
    code, out, _err = processes.finish(processes.start("send-mail"))
    assert code == 0 and out.strip() == "0 sent, 0 to try again later, 0 given up"


def test_two_copies_started_at_once_send_each_message_once(slow_smtp_server):
    for n in range(15):
        OutgoingMail.objects.create(kind="confirmation", to=f"resident{n}@example.org",
                                    subject=f"Bericht {n}", body="Tekst")
    first = processes.start("send-mail", **slow_smtp_server.env)
    second = processes.start("send-mail", **slow_smtp_server.env)
    outputs = []
    for process in (first, second):
        code, out, err = processes.finish(process)
        assert code == 0, err
        outputs.append(out.strip())
    # 15 messages at 0.2 s each: the runs overlap, so one of them stepped aside.
    assert sorted(outputs) == sorted([already_running_message("send-mail"), "15 sent, 0 to try again later, 0 given up"])
    subjects = sorted(message["Subject"] for message in slow_smtp_server.messages)
    assert subjects == sorted(f"Bericht {n}" for n in range(15))
    assert not OutgoingMail.objects.exists()


def test_a_holder_that_crashed_does_not_block_the_next_run():
    holder = hold_lock()
    holder.send_signal(signal.SIGKILL)  # no clean-up runs: as when a server dies mid-run
    holder.wait(timeout=30)
    code, out, err = processes.finish(processes.start("send-mail"))
    assert code == 0, err
    assert out.strip() == "0 sent, 0 to try again later, 0 given up"


def test_released_when_the_run_fails():
    with pytest.raises(RuntimeError), single_run("send-mail") as acquired:
        assert acquired
        # meanwhile no other process gets it
        code, out, _err = processes.finish(processes.start("send-mail"))
        assert code == 0 and out.strip() == already_running_message("send-mail")
        raise RuntimeError("the mail server fell over")
    code, out, _err = processes.finish(processes.start("send-mail"))
    assert code == 0 and out.strip().endswith("given up")


def test_different_commands_do_not_block_each_other():
    with single_run("send-mail") as acquired:
        assert acquired
        taken = processes.start_python(HOLD, LOCK_NAME="send-mail")
        taken.stdin.close()
        assert processes.finish(taken)[1].strip() == "refused"
        free = processes.start_python(HOLD, LOCK_NAME="fetch-mail")
        free.stdin.close()
        assert processes.finish(free)[1].strip() == "held"


def test_sqlite_an_expired_claim_of_another_host_is_taken_over_an_active_one_is_not():
    if connection.vendor != "sqlite":
        pytest.skip("PostgreSQL's advisory lock has no expiry: it lasts exactly as long as the holder's session")
    RunLock.objects.create(name="send-mail", holder="other-host|123|abc", expires_at=timezone.now() + timedelta(minutes=5))
    with single_run("send-mail") as acquired:
        assert not acquired
    RunLock.objects.filter(name="send-mail").update(expires_at=timezone.now() - timedelta(seconds=1))
    with single_run("send-mail") as acquired:
        assert acquired
        assert RunLock.objects.get().holder.split("|")[1] != "123"
    assert not RunLock.objects.exists()  # released


def test_queue_mail_is_untouched_by_the_lock(slow_smtp_server):
    # Sending right after a commit (a web request's e-mail) never waits for the lock: only the
    # cron command takes it; the outbox's own per-message hold keeps the two apart.
    with single_run("send-mail"):
        queue_mail(kind="confirmation", to="anna@example.org", subject="Direct", body="x")
    assert [m["Subject"] for m in slow_smtp_server.messages] == ["Direct"]


def test_a_run_asking_again_for_its_own_lock_gets_it():
    # e.g. a command that calls `send-mail` itself while holding the send-mail lock
    with single_run("send-mail") as outer:
        with single_run("send-mail") as inner:
            assert outer and inner
        code, out, _err = processes.finish(processes.start("send-mail"))
        assert out.strip() == already_running_message("send-mail")  # still held after the inner block
    code, out, _err = processes.finish(processes.start("send-mail"))
    assert out.strip().endswith("given up")


def test_sqlite_a_long_run_keeps_its_claim_alive():
    if connection.vendor != "sqlite":
        pytest.skip("PostgreSQL's advisory lock needs no renewal: it lasts as long as the holder's session")
    from naast.core.locks import keep_alive

    with single_run("send-mail", expires_after=timedelta(seconds=3)) as acquired:
        assert acquired
        first = RunLock.objects.get().expires_at
        time.sleep(1.2)  # more than a third of the expiry
        keep_alive()
        renewed = RunLock.objects.get().expires_at
        assert renewed >= first + timedelta(seconds=1)
        keep_alive()  # again at once: nothing written (a loop may call it for every item)
        assert RunLock.objects.get().expires_at == renewed


def test_another_thread_of_the_same_process_does_not_get_it():
    import threading

    seen = []

    def other_thread():
        try:
            with single_run("send-mail") as acquired:
                seen.append(acquired)
        finally:
            connection.close()

    with single_run("send-mail") as acquired:
        assert acquired
        thread = threading.Thread(target=other_thread)
        thread.start()
        thread.join(timeout=60)
    assert seen == [False]


@pytest.mark.parametrize("command", ["send-mail", "send-reminders", "fetch-mail", "apply-retention", "prune-audit"])
def test_every_periodic_command_steps_aside_while_another_copy_runs(command):
    holder = hold_lock(command)
    try:
        code, out, err = processes.finish(processes.start(command))
        assert code == 0, err
        assert out.strip() == already_running_message(command)
    finally:
        holder.stdin.close()
        processes.finish(holder)
