"""The audit log's hash chain (naast.privacy.chain): a clean chain verifies; a row changed, deleted,
forged or moved behind the application's back is found and named (id, number, time); concurrent
writers keep one chain; pruning keeps it verifiable from a checkpoint; the one writer is enforced."""

import ast
import threading
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.utils import timezone

from naast.accounts.roles import Role
from naast.privacy import chain
from naast.privacy.models import AuditChainViolation, AuditCheckpoint, AuditEvent

pytestmark = pytest.mark.django_db
SRC = Path(__file__).resolve().parents[2] / "src" / "naast"
Problem = chain.Problem


def fields(i: int, at=None) -> dict:
    return {"at": at or timezone.now(), "username": f"medewerker{i}", "roles": "coordinator", "action": "read",
            "object_type": "registry.helprequest", "object_id": str(i), "object_label": f"HV-{i}", "client_id": i,
            "reason": "list", "path": "/staff/requests/"}


def write(n: int, at=None) -> list[AuditEvent]:
    return chain.append([fields(i, at) for i in range(n)])


def sql(query: str, params=()) -> None:
    with connection.cursor() as cursor:
        cursor.execute(query, params)


def row(seq: int) -> AuditEvent:
    return AuditEvent.objects.get(seq=seq)


# --- a clean chain ----------------------------------------------------------------------------
def test_a_clean_chain_verifies_in_chunks_of_any_size():
    rows = write(12)
    assert [r.seq for r in rows] == list(range(1, 13))
    for chunk in (1, 5, 5000):
        result = chain.verify(chunk_size=chunk)
        assert (result.ok, result.complete, result.rows, result.first_seq, result.last_seq) == (True, True, 12, 1, 12)
        assert result.head_hash == row(12).hash


def test_an_empty_log_verifies():
    result = chain.verify()
    assert result.ok and result.rows == 0


def test_rows_written_by_the_application_form_one_chain(f, org, login):
    coordinator = login(f.user(Role.COORDINATOR, org=org))
    hr = f.help_request(org=org)
    coordinator.get(f"/staff/requests/{hr.reference}/")
    coordinator.get("/staff/requests/")
    login(f.user(Role.FUNDER)).get(f"/staff/requests/{hr.reference}/")  # a refusal, written at once
    assert AuditEvent.objects.filter(action="refused").exists()
    result = chain.verify()
    assert result.ok and result.rows == AuditEvent.objects.count() >= 3


def test_values_are_hashed_as_the_database_gives_them_back():
    chain.append([{**fields(1), "object_id": 5, "client_id": "7", "reason": "Ünïcode ✓ \u00a0 end "}])
    event = AuditEvent.objects.get()
    assert (event.object_id, event.client_id) == ("5", 7)
    assert chain.verify().ok


def test_the_hash_covers_the_previous_row():
    first, second = write(2)
    assert second.hash == chain.row_hash(first.hash, [getattr(second, name) for name in chain.HASHED_FIELDS])
    assert first.hash == chain.row_hash("0" * 64, [getattr(first, name) for name in chain.HASHED_FIELDS])


# --- tampering, each found and named -----------------------------------------------------------
@pytest.mark.parametrize(("column", "value"), [
    ("reason", "nothing to see"), ("username", "someone-else"), ("action", "change"), ("client_id", 999),
    ("object_label", "HV-OTHER"), ("hash", "f" * 64),
])
def test_a_field_changed_with_raw_sql_breaks_the_chain_at_that_row(column, value):
    write(8)
    target = row(5)
    sql(f"UPDATE privacy_auditevent SET {column} = %s WHERE id = %s", [value, target.pk])
    result = chain.verify(chunk_size=3)
    assert (result.ok, result.problem, result.broken_id, result.broken_seq) == (False, Problem.CHANGED, target.pk, 5)
    assert result.broken_at == target.at and result.rows == 4


def test_a_changed_time_is_found():
    write(5)
    target = row(3)
    sql("UPDATE privacy_auditevent SET at = %s WHERE id = %s", [target.at - timedelta(days=3), target.pk])
    result = chain.verify()
    assert (result.problem, result.broken_id) == (Problem.CHANGED, target.pk)


def test_a_deleted_row_leaves_a_gap_named_by_the_row_after_it():
    write(8)
    after = row(5)
    sql("DELETE FROM privacy_auditevent WHERE seq = 4")
    result = chain.verify(chunk_size=2)
    assert (result.ok, result.problem, result.broken_id, result.broken_seq, result.expected_seq) == (
        False, Problem.MISSING, after.pk, 5, 4)


def test_deleted_newest_rows_are_found_by_the_head():
    write(6)
    last_kept = row(4)
    sql("DELETE FROM privacy_auditevent WHERE seq >= 5")
    result = chain.verify()
    assert (result.ok, result.problem, result.broken_id, result.expected_seq) == (
        False, Problem.TRUNCATED, last_kept.pk, 5)


def _insert(seq: int, hash_value: str, at) -> int:
    values = fields(0, at)
    sql("INSERT INTO privacy_auditevent (at, username, roles, action, object_type, object_id, object_label, "
        "client_id, reason, path, seq, hash) VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s)",
        [values["at"], "forger", "coordinator", "read", "registry.helprequest", "1", "HV-FORGED", None, "", "",
         seq, hash_value])
    return AuditEvent.objects.get(seq=seq).pk


def test_a_forged_row_is_found():
    write(5)
    forged = _insert(6, row(5).hash, timezone.now())  # a plausible-looking hash: the previous one
    result = chain.verify()
    assert (result.ok, result.problem, result.broken_id, result.broken_seq) == (False, Problem.CHANGED, forged, 6)


def test_a_forged_row_with_a_correctly_computed_hash_is_found_by_the_head():
    write(5)
    at = timezone.now()
    forged_values = [6, at, "forger", "coordinator", "read", "registry.helprequest", "1", "HV-FORGED", None, "", ""]
    forged = _insert(6, chain.row_hash(row(5).hash, forged_values), at)
    result = chain.verify()
    assert (result.ok, result.problem, result.broken_id, result.broken_seq) == (False, Problem.HEAD, forged, 6)


def test_a_row_inserted_before_the_start_is_found():
    write(3)
    forged = _insert(0, "0" * 64, timezone.now() - timedelta(days=400))
    result = chain.verify()
    assert (result.ok, result.problem, result.broken_id, result.broken_seq) == (False, Problem.INSERTED, forged, 0)


def test_two_swapped_rows_are_found_at_the_first_position():
    write(8)
    fourth, fifth = row(4), row(5)
    sql("UPDATE privacy_auditevent SET seq = -1 WHERE id = %s", [fourth.pk])
    sql("UPDATE privacy_auditevent SET seq = 4 WHERE id = %s", [fifth.pk])
    sql("UPDATE privacy_auditevent SET seq = 5 WHERE id = %s", [fourth.pk])
    result = chain.verify()
    assert (result.ok, result.problem, result.broken_id, result.broken_seq) == (False, Problem.CHANGED, fifth.pk, 4)


def test_a_time_limited_check_says_it_is_incomplete():
    write(7)
    result = chain.verify(chunk_size=2, seconds=0)
    assert (result.ok, result.complete, result.rows) == (True, False, 2)
    assert chain.verify(chunk_size=10, seconds=0).complete  # one chunk held everything: complete


# --- the one writer ---------------------------------------------------------------------------
def test_rows_cannot_be_written_around_the_chain():
    with pytest.raises(AuditChainViolation):
        AuditEvent.objects.create(**fields(1))
    with pytest.raises(AuditChainViolation):
        AuditEvent.objects.bulk_create([AuditEvent(**fields(1))])
    with pytest.raises(AuditChainViolation):
        AuditEvent(**fields(1), seq=1, hash="0" * 64).save()
    assert not AuditEvent.objects.exists()


def test_rows_cannot_be_changed_or_deleted_outside_pruning():
    (event,) = write(1)
    with pytest.raises(PermissionDenied):
        AuditEvent.objects.filter(pk=event.pk).update(reason="x")
    with pytest.raises(PermissionDenied):
        AuditEvent.objects.bulk_update([event], ["reason"])
    with pytest.raises(PermissionDenied):
        AuditEvent.objects.filter(pk=event.pk).delete()
    with pytest.raises(PermissionDenied):
        AuditEvent._base_manager.filter(pk=event.pk).delete()
    assert chain.verify().ok


def test_removing_an_account_keeps_its_rows_and_the_chain(f):
    user = f.user(Role.COORDINATOR, username="vertrokken")
    chain.append([{**fields(1), "user": user, "username": user.username}])
    user.delete()
    event = AuditEvent.objects.get()
    assert (event.user_id, event.username) == (None, "vertrokken")
    assert chain.verify().ok


def test_only_the_chain_module_opens_the_guard():
    users = []
    for path in SRC.rglob("*.py"):
        if path in (SRC / "privacy" / "chain.py", SRC / "privacy" / "models.py"):
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        names = {n.id for n in ast.walk(tree) if isinstance(n, ast.Name)} | {
            n.attr for n in ast.walk(tree) if isinstance(n, ast.Attribute)} | {
            a.name for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) for a in n.names}
        if names & {"chain_writes", "_chain_writer"}:
            users.append(str(path.relative_to(SRC)))
    assert users == []


# --- concurrent writers -----------------------------------------------------------------------
@pytest.mark.django_db(transaction=True)
def test_concurrent_writers_keep_one_unbroken_chain():
    """Four threads, each with its own database connection, append at the same moment."""
    threads, per_thread, errors = 4, 25, []
    barrier = threading.Barrier(threads)

    def writer(number: int) -> None:
        try:
            barrier.wait()
            for i in range(per_thread):
                chain.append([fields(number * 1000 + i), fields(number * 1000 + i)][: 1 + i % 2])
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(repr(exc))
        finally:
            connection.close()

    workers = [threading.Thread(target=writer, args=(n,)) for n in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=120)
    assert errors == []
    expected = threads * sum(1 + i % 2 for i in range(per_thread))
    assert sorted(AuditEvent.objects.values_list("seq", flat=True)) == list(range(1, expected + 1))
    result = chain.verify()
    assert result.ok and result.rows == expected


# --- pruning ----------------------------------------------------------------------------------
def _aged_log(now):
    """Five rows of nine years ago, three of seven and a half, four of last year, and one of ten years
    ago written after those (a clock set wrong): 13 rows."""
    write(5, now - timedelta(days=9 * 365))
    write(3, now - timedelta(days=int(7.5 * 365)))
    write(4, now - timedelta(days=365))
    write(1, now - timedelta(days=10 * 365))


def test_pruning_deletes_the_old_start_and_verification_starts_at_the_checkpoint():
    now = timezone.now()
    _aged_log(now)
    last_pruned = row(8)
    result = chain.prune(years=7, now=now, by="test")
    assert (result.rows, result.last_seq) == (8, 8)
    assert sorted(AuditEvent.objects.values_list("seq", flat=True)) == list(range(9, 14))  # the late old row stays
    checkpoint = AuditCheckpoint.objects.get()
    assert (checkpoint.seq, checkpoint.hash, checkpoint.last_at, checkpoint.rows, checkpoint.created_by) == (
        8, last_pruned.hash, last_pruned.at, 8, "test")
    verified = chain.verify()
    assert (verified.ok, verified.rows, verified.first_seq, verified.checkpoint.seq) == (True, 5, 9, 8)
    write(2)  # appending goes on after the prune
    assert chain.verify().ok and chain.verify().last_seq == 15


def test_the_checkpoint_is_honoured():
    now = timezone.now()
    _aged_log(now)
    chain.prune(years=7, now=now)
    first_kept = row(9)
    sql("DELETE FROM privacy_auditevent WHERE seq = 9")  # the first row after the checkpoint
    result = chain.verify()
    assert (result.ok, result.problem, result.expected_seq) == (False, Problem.MISSING, 9)
    assert result.broken_seq == 10 and result.broken_id != first_kept.pk


def test_a_changed_checkpoint_breaks_the_chain_at_the_next_row():
    now = timezone.now()
    _aged_log(now)
    chain.prune(years=7, now=now)
    sql("UPDATE privacy_auditcheckpoint SET hash = %s", ["a" * 64])
    result = chain.verify()
    assert (result.ok, result.problem, result.broken_seq) == (False, Problem.CHANGED, 9)


def test_a_dry_run_and_a_young_log_delete_nothing():
    now = timezone.now()
    _aged_log(now)
    dry = chain.prune(years=7, now=now, dry_run=True)
    assert (dry.rows, dry.checkpoint) == (8, None)
    assert AuditEvent.objects.count() == 13 and not AuditCheckpoint.objects.exists()
    young = chain.prune(years=11, now=now)
    assert young.rows == 0 and AuditEvent.objects.count() == 13 and not AuditCheckpoint.objects.exists()


def test_pruning_everything_keeps_the_chain_going():
    now = timezone.now()
    write(4, now - timedelta(days=8 * 365))
    assert chain.prune(years=7, now=now).rows == 4
    assert not AuditEvent.objects.exists()
    assert chain.verify().ok
    (event,) = write(1)
    assert event.seq == 5 and chain.verify().ok


def test_the_retention_comes_from_the_setting(settings):
    now = timezone.now()
    write(2, now - timedelta(days=3 * 365))
    write(1, now)
    settings.NAAST = {**settings.NAAST, "AUDIT_RETENTION_YEARS": 2}
    assert chain.prune(now=now).rows == 2


def test_a_broken_chain_is_not_pruned():
    now = timezone.now()
    _aged_log(now)
    target = row(11)  # in the part that stays: the prune refuses all the same
    sql("UPDATE privacy_auditevent SET reason = 'x' WHERE id = %s", [target.pk])
    with pytest.raises(chain.ChainBroken) as refused:
        chain.prune(years=7, now=now)
    assert refused.value.result.broken_id == target.pk
    assert AuditEvent.objects.count() == 13 and not AuditCheckpoint.objects.exists()


def test_a_prune_that_finishes_during_a_check_is_not_taken_for_a_gap():
    now = timezone.now()
    _aged_log(now)
    pruned = []

    def prune_after_the_first_chunk(rows_walked: int) -> None:
        if not pruned:
            pruned.append(chain.prune(years=7, now=now).rows)

    result = chain.verify(chunk_size=3, progress=prune_after_the_first_chunk)
    assert pruned == [8]
    assert (result.ok, result.rows, result.first_seq, result.checkpoint.seq) == (True, 5, 9, 8)
