"""`naast verify-audit` and `naast prune-audit` as an operator runs them (a real process on the test
database): their output, which never shows a row's content, and their exit codes."""

import os
import subprocess
import sys
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from naast.privacy import chain
from naast.privacy.models import AuditCheckpoint, AuditEvent, AuditVerification

pytestmark = pytest.mark.django_db(transaction=True)


def database_url() -> str:
    s = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{s['NAME']}"
    return f"postgres://{s['USER']}@{s['HOST']}:{s['PORT']}/{s['NAME']}"


def naast(*args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "DATABASE_URL": database_url(), "NAAST_TESTING": "1"}
    return subprocess.run([sys.executable, "-m", "naast", *args], env=env, capture_output=True, text=True,
                          timeout=120)


def write(n: int, at=None) -> None:
    chain.append([{"at": at or timezone.now(), "username": "lotte.vermeer", "roles": "coordinator",
                   "action": "read", "object_type": "registry.helprequest", "object_id": str(i),
                   "object_label": f"HV-{i}", "client_id": 4242, "reason": "Inwoner belde over schulden",
                   "path": "/staff/requests/"} for i in range(n)])


def test_verify_audit_says_ok_with_counts_and_the_head_then_finds_a_break():
    write(6)
    ok = naast("verify-audit")
    assert ok.returncode == 0, ok.stderr
    head = AuditEvent.objects.get(seq=6).hash
    assert "OK: 6 rows (#1-#6)" in ok.stdout and f"Head: #6:{head}" in ok.stdout
    assert AuditVerification.objects.get().ok

    assert naast("verify-audit", "--anchor", f"6:{head}").returncode == 0
    target = AuditEvent.objects.get(seq=3)
    with connection.cursor() as cursor:
        cursor.execute("UPDATE privacy_auditevent SET reason = 'weg' WHERE id = %s", [target.pk])
    broken = naast("verify-audit")
    assert broken.returncode == 1
    assert f"BROKEN at row id {target.pk} (#3," in broken.stderr
    for personal in ("lotte", "4242", "schulden", "HV-"):  # no content of any row
        assert personal not in broken.stdout + broken.stderr
    latest = AuditVerification.objects.first()
    assert (latest.ok, latest.broken_id, latest.by) == (False, target.pk, "naast verify-audit")


def test_a_chain_rewritten_from_the_start_is_found_only_by_a_head_kept_outside_the_database():
    write(3)
    kept = naast("verify-audit").stdout.split("Head: ")[1].strip()  # what the operator keeps
    # Someone with full access changes row 2 and recomputes every hash after it, and the head.
    with connection.cursor() as cursor:
        cursor.execute("UPDATE privacy_auditevent SET reason = 'weg' WHERE seq = 2")
    previous = AuditEvent.objects.get(seq=1).hash
    for event in AuditEvent.objects.filter(seq__gte=2).order_by("seq"):
        previous = chain.row_hash(previous, [getattr(event, name) for name in chain.HASHED_FIELDS])
        with connection.cursor() as cursor:
            cursor.execute("UPDATE privacy_auditevent SET hash = %s WHERE id = %s", [previous, event.pk])
    with connection.cursor() as cursor:
        cursor.execute("UPDATE privacy_auditchainhead SET hash = %s", [previous])
    assert naast("verify-audit").returncode == 0  # the chain alone cannot tell (docs/security.md)
    anchored = naast("verify-audit", "--anchor", kept)
    assert anchored.returncode == 1 and "Anchor #3 does not match" in anchored.stderr
    wrong = naast("verify-audit", "--anchor", "3:not-a-hash")
    assert wrong.returncode == 2 and "SEQ:HASH" in wrong.stderr


def test_prune_audit_dry_run_prune_and_refusal():
    now = timezone.now()
    write(4, now - timedelta(days=8 * 365))
    write(2, now)
    dry = naast("prune-audit", "--dry-run")
    assert dry.returncode == 0 and "4 audit rows older than" in dry.stdout and "nothing deleted" in dry.stdout
    assert AuditEvent.objects.count() == 6
    done = naast("prune-audit")
    assert done.returncode == 0, done.stderr
    assert "4 audit rows older than" in done.stdout and "checkpoint #4:" in done.stdout
    assert AuditEvent.objects.count() == 2
    assert AuditCheckpoint.objects.get().created_by.startswith("naast prune-audit")
    assert naast("verify-audit").returncode == 0

    write(3, now - timedelta(days=9 * 365))  # a clock set wrong: old rows at the end, kept
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM privacy_auditevent WHERE seq = 6")
    refused = naast("prune-audit", "--years", "1")
    assert refused.returncode == 1 and "Nothing deleted" in refused.stderr
    assert AuditEvent.objects.count() == 4
    assert naast("prune-audit", "--years", "0").returncode == 2
