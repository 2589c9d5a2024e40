"""`naast backup` and `naast restore`: one archive with the database and the media files, on the
database the suite runs on (SQLite, or PostgreSQL with the real pg_dump and pg_restore).

The tests are transactional: a backup is read by another connection (SQLite's backup API,
pg_dump), which never sees a test's uncommitted rows."""

from __future__ import annotations

import hashlib
import importlib
import io
import json
import re
import shutil
import sqlite3
import tarfile
import threading
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection, transaction
from django.utils import timezone

from naast.core.backup import postgres
from naast.core.backup import sqlite as sqlite_engine
from naast.core.backup.progress import ProgressLine
from naast.core.models import OutgoingMail
from naast.registry.models import Client
from naast.reports import outputs
from naast.reports.monitor import build_report
from naast.reports.periods import parse_period
from naast.reports.queries import Scope

pytestmark = pytest.mark.django_db(transaction=True)

POSTGRES = connection.vendor == "postgresql"
MEDIA = {  # the kinds of file Naast keeps under MEDIA_ROOT: case-file documents and e-mail attachments
    "casework/2026/03/5f0c2d9e8b7a41c6a3e2d1f0b9c8a7e6.pdf": b"%PDF-1.4 a letter from the municipality\n",
    "intake/HV-7K3M-9P2Q/3fa85f64-brief.txt": b"Beste mevrouw, ik heb hulp nodig bij mijn schulden.\n",
}


@pytest.fixture(autouse=True)
def _database_tools():
    if POSTGRES and not (shutil.which("pg_dump") and shutil.which("pg_restore")):
        pytest.skip("pg_dump and pg_restore are not on the PATH (Debian: apt-get install postgresql-client)")


@pytest.fixture
def seeded():
    """The reference data the migrations seed (life domains, target groups, the map's service types
    and phrases), which the demo builds on and an earlier transactional test in this worker may have
    flushed (as in tests/socialmap/conftest.py)."""
    from django.apps import apps

    from naast.socialmap import seed
    from naast.socialmap.models import SearchPhrase
    from naast.taxonomies.models import LifeDomain

    if not LifeDomain.objects.exists():
        importlib.import_module("naast.taxonomies.migrations.0002_seed_life_domains_and_target_groups").seed(apps, None)
    if SearchPhrase.objects.count() < len(seed.SEARCH_PHRASES):
        seed.apply(apps)


@pytest.fixture
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    for name, data in MEDIA.items():
        path = settings.MEDIA_ROOT / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    return settings.MEDIA_ROOT


def media_tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def row_counts() -> dict[str, int]:
    with connection.cursor() as cursor:
        tables = connection.introspection.table_names(cursor)
        counts = {}
        for table in (name for name in tables if not name.startswith("sqlite_")):  # not SQLite's own
            cursor.execute(f'SELECT COUNT(*) FROM "{table}"')
            counts[table] = cursor.fetchone()[0]
    return counts


def monitor_report_json() -> dict:
    """Last year's monitor report for the whole service, as its JSON download."""
    period = parse_period(str(timezone.localdate().year - 1))
    now = timezone.make_aware(datetime(timezone.localdate().year, 1, 15, 12))
    return json.loads(outputs.render(build_report("monitor", period, Scope(), now=now), "json"))


def backup(path: Path, *args) -> str:
    out = io.StringIO()
    call_command("backup", str(path), *args, stdout=out)
    return out.getvalue()


def restore(path: Path, *args) -> str:
    out = io.StringIO()
    call_command("restore", str(path), *args, stdout=out)
    return out.getvalue()


def read_manifest(path: Path) -> dict:
    with tarfile.open(path) as tar:
        first = tar.next()
        assert first.name == "manifest.json"
        return json.load(tar.extractfile(first))


def rewrite(source: Path, target: Path, *, manifest=None, database=None, extra=()) -> Path:
    """A copy of an archive with its manifest and database changed (the checksum follows the new
    database, as a backup that was damaged before it was written would have), and extra members."""
    with tarfile.open(source) as tar, tarfile.open(target, "w:gz") as out:
        members = [(member, tar.extractfile(member).read() if member.isreg() else b"") for member in tar]
        contents = json.loads(members[0][1])
        if manifest:
            manifest(contents)
        data = members[1][1]
        if database:
            data = database(data)
            contents["database"].update(bytes=len(data), sha256=hashlib.sha256(data).hexdigest())
        for member, content in [(members[0][0], json.dumps(contents).encode()), (members[1][0], data),
                                *members[2:], *extra]:
            member.size = len(content) if member.isreg() else 0
            out.addfile(member, io.BytesIO(content) if member.isreg() else None)
    return target


@contextmanager
def fresh_database(tmp_path: Path):
    """Point Django's connection at a new, empty database (no tables at all) for the duration:
    a file that does not exist yet on SQLite, a scratch database that is dropped after on PostgreSQL."""
    saved = connection.settings_dict["NAME"]
    connection.close()
    if POSTGRES:
        scratch = f"{saved}_restored"[:63]
        with connection._nodb_cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{scratch}" WITH (FORCE)')
            cursor.execute(f'CREATE DATABASE "{scratch}"')
    else:
        scratch = str(tmp_path / "restored.sqlite3")
    connection.settings_dict["NAME"] = scratch
    try:
        yield
    finally:
        connection.close()
        connection.settings_dict["NAME"] = saved
        if POSTGRES:
            with connection._nodb_cursor() as cursor:
                cursor.execute(f'DROP DATABASE IF EXISTS "{scratch}" WITH (FORCE)')


@pytest.mark.slow
def test_a_restore_into_a_fresh_database_has_every_row_every_media_file_and_the_same_report(
    tmp_path, settings, media_root, seeded
):
    call_command("demo-data", "--requests", "200", "--quiet")
    report = monitor_report_json()  # first: it brings the report's monthly roll-up up to date
    counts = row_counts()
    assert report["sections"] and counts["registry_helprequest"] == 200
    archive = tmp_path / "naast.tar.gz"

    written = backup(archive)

    assert re.search(r"Back-up geschreven naar .*naast\.tar\.gz: [\d,.]+\s(KB|MB) in [\d,]+ seconden\.", written)
    assert archive.stat().st_mode & 0o077 == 0  # it holds personal data: its owner's alone
    manifest = read_manifest(archive)
    assert manifest["database"]["vendor"] == connection.vendor
    assert manifest["tables"] == counts
    assert manifest["migrations"]["registry"] and manifest["naast_version"]
    assert manifest["media"] == {"files": 2, "bytes": sum(len(data) for data in MEDIA.values())}
    text = json.dumps(manifest)  # no personal data: no resident's name, address or file name
    for client in Client.objects.exclude(display_name="")[:50]:
        assert client.display_name not in text and (not client.email or client.email not in text)
    assert "brief" not in text and "HV-" not in text

    settings.MEDIA_ROOT = tmp_path / "elsewhere" / "media"
    with fresh_database(tmp_path):
        told = restore(archive)
        assert row_counts() == counts
        assert monitor_report_json() == report
    assert media_tree(settings.MEDIA_ROOT) == MEDIA
    assert f"Database teruggezet: {len(counts)} tabellen" in told
    assert re.search(r"Teruggezet uit .*naast\.tar\.gz \([\d,.]+\s(KB|MB)\) in [\d,]+ seconden\.", told)
    assert "naast migrate" not in told


def test_a_backup_does_not_wait_for_or_include_a_transaction_still_open(tmp_path, media_root):
    started, finish = threading.Event(), threading.Event()

    def site_writing():
        try:
            with transaction.atomic():
                OutgoingMail.objects.create(kind="confirmation", to="anna@example.org", subject="Uw hulpvraag")
                started.set()
                finish.wait(60)
                transaction.set_rollback(True)
        finally:
            connection.close()

    other = threading.Thread(target=site_writing)
    other.start()
    try:
        assert started.wait(30)
        backup(tmp_path / "during.tar")
    finally:
        finish.set()
        other.join()
    assert read_manifest(tmp_path / "during.tar")["tables"]["core_outgoingmail"] == 0


@pytest.mark.skipif(POSTGRES, reason="SQLite's online backup API")
def test_the_sqlite_copy_is_the_database_as_it_was_when_the_copy_began(tmp_path, monkeypatch):
    monkeypatch.setattr(sqlite_engine, "PAGES_PER_STEP", 8)  # many steps, with writes in between
    live = sqlite3.connect(connection.settings_dict["NAME"], isolation_level=None, timeout=20)

    class SiteWritesBetweenSteps:
        steps = 0

        def update(self, text):
            self.steps += 1
            live.execute("INSERT INTO core_outgoingmail (kind, reference, \"to\", subject, body, created_at, attempts, "
                         "next_attempt_at, last_error) VALUES ('survey', '', 'a@example.org', 's', '', "
                         "'2026-01-01', 0, '2026-01-01', '')")

    try:
        dump = sqlite_engine.dump(connection, tmp_path / "copy.sqlite3", SiteWritesBetweenSteps())
        written = live.execute("SELECT COUNT(*) FROM core_outgoingmail").fetchone()[0]
    finally:
        live.close()
    copy = sqlite3.connect(tmp_path / "copy.sqlite3")
    assert written > 10  # the site wrote all through the copy
    assert copy.execute("SELECT COUNT(*) FROM core_outgoingmail").fetchone()[0] == 0
    assert dump.tables["core_outgoingmail"] == 0
    assert copy.execute("PRAGMA quick_check").fetchone() == ("ok",)
    assert copy.execute("PRAGMA journal_mode").fetchone() == ("delete",)  # one self-contained file
    copy.close()


def test_a_backup_never_overwrites_a_file_unless_forced(tmp_path, media_root):
    existing = tmp_path / "naast.tar.gz"
    existing.write_bytes(b"last night's backup")
    with pytest.raises(CommandError, match="bestaat al.*--force"):
        backup(existing)
    assert existing.read_bytes() == b"last night's backup"
    backup(existing, "--force")
    assert read_manifest(existing)["format"] == "naast-backup"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".naast")] == []  # no work files left


def test_restore_refuses_a_database_in_use_unless_forced(tmp_path, f, media_root):
    f.help_request(org=f.organisation())
    archive = tmp_path / "naast.tar"
    backup(archive)
    counts = row_counts()
    f.client("Bram C.")  # the service went on after the backup
    (media_root / "intake" / "later.txt").write_bytes(b"later")

    with pytest.raises(CommandError) as refused:
        restore(archive)
    assert "bevat al gegevens van Naast" in str(refused.value) and "--force" in str(refused.value)
    assert "hulpvragen" in str(refused.value) and "cliënten" in str(refused.value)
    assert Client.objects.filter(display_name="Bram C.").exists()

    restore(archive, "--force")
    assert row_counts() == counts
    assert not Client.objects.filter(display_name="Bram C.").exists()
    assert media_tree(media_root) == MEDIA


def test_restore_refuses_an_archive_of_another_kind_of_database(tmp_path, media_root):
    backup(tmp_path / "naast.tar.gz")
    other = "sqlite" if POSTGRES else "postgresql"
    archive = rewrite(tmp_path / "naast.tar.gz", tmp_path / "other.tar.gz",
                      manifest=lambda m: m["database"].update(vendor=other))
    with pytest.raises(CommandError, match=r"DATABASE_URL"):
        restore(archive)


def test_restore_refuses_an_archive_with_migrations_this_version_does_not_know(tmp_path, media_root):
    backup(tmp_path / "naast.tar.gz")

    def newer(manifest):
        manifest["naast_version"] = "0.9.0"
        manifest["migrations"]["registry"] = "0099_from_the_future"

    archive = rewrite(tmp_path / "naast.tar.gz", tmp_path / "newer.tar.gz", manifest=newer)
    with pytest.raises(CommandError) as refused:
        restore(archive)
    assert "registry 0099_from_the_future" in str(refused.value)
    assert "Installeer Naast 0.9.0 of nieuwer" in str(refused.value)


def test_a_restore_that_fails_midway_leaves_the_database_and_the_media_as_they_were(
    tmp_path, f, media_root, monkeypatch
):
    work = tmp_path / "work"  # where the restore keeps the database it reads out of the archive
    work.mkdir()
    monkeypatch.setattr(postgres if POSTGRES else sqlite_engine, "work_folder", lambda connection: work)
    f.help_request(org=f.organisation())
    backup(tmp_path / "naast.tar.gz")
    f.client("Bram C.")
    (media_root / "intake" / "later.txt").write_bytes(b"later")
    counts, media = row_counts(), media_tree(media_root)
    # The database in the archive breaks off halfway: SQLite finds the copy damaged before it
    # touches the live database; pg_restore fails inside its one transaction after it began.
    broken = rewrite(tmp_path / "naast.tar.gz", tmp_path / "broken.tar.gz", database=lambda data: data[: len(data) // 2])

    with pytest.raises(CommandError):
        restore(broken, "--force")

    assert row_counts() == counts
    assert media_tree(media_root) == media
    assert [p.name for p in media_root.iterdir() if p.name.startswith(".naast")] == []
    assert list(work.iterdir()) == []


def test_restore_refuses_an_archive_that_writes_outside_the_media_folder(tmp_path, f, media_root):
    f.help_request(org=f.organisation())
    backup(tmp_path / "naast.tar.gz")
    counts = row_counts()
    escape = tarfile.TarInfo("media/../../escaped.txt")
    link = tarfile.TarInfo("media/casework/link")
    link.type, link.linkname = tarfile.SYMTYPE, "../../../outside"
    for extra in (escape, link):
        archive = rewrite(tmp_path / "naast.tar.gz", tmp_path / "evil.tar.gz", extra=[(extra, b"x")])
        with pytest.raises(CommandError, match="nooit bevat"):
            restore(archive, "--force")
        assert not (tmp_path / "escaped.txt").exists()
        assert row_counts() == counts and media_tree(media_root) == MEDIA


def test_a_restore_of_an_older_backup_says_to_migrate(tmp_path, media_root):
    with connection.cursor() as cursor:
        cursor.execute("SELECT id, app, name, applied FROM django_migrations ORDER BY id DESC")
        latest = cursor.fetchone()
        cursor.execute("DELETE FROM django_migrations WHERE id = %s", [latest[0]])
    try:
        backup(tmp_path / "older.tar.gz")
        told = restore(tmp_path / "older.tar.gz")  # an empty database: no --force needed
        assert "1 migratie die de back-up nog niet heeft: voer nu naast migrate uit" in told
    finally:
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM django_migrations WHERE app = %s AND name = %s", latest[1:3])
            cursor.execute("INSERT INTO django_migrations (id, app, name, applied) VALUES (%s, %s, %s, %s)", latest)


def test_the_postgres_tools_get_the_password_in_their_environment_only():
    settings_dict = {"NAME": "naast", "USER": "naast", "PASSWORD": "s3cret-Wachtwoord", "HOST": "db.example.nl",
                     "PORT": 5433, "OPTIONS": {"sslmode": "verify-full"}}
    commands = [postgres.dump_command("pg_dump", settings_dict, Path("x.dump"), "00000003-1"),
                postgres.restore_command("pg_restore", settings_dict, Path("x.dump"), clean=True)]
    assert not any("s3cret" in part for command in commands for part in command)
    env = postgres.client_environment(settings_dict)
    assert (env["PGPASSWORD"], env["PGHOST"], env["PGPORT"], env["PGUSER"], env["PGSSLMODE"]) == (
        "s3cret-Wachtwoord", "db.example.nl", "5433", "naast", "verify-full")
    assert "--single-transaction" in commands[1]


def test_the_progress_line_is_rewritten_in_place_on_a_terminal_and_kept_short_in_a_log():
    class Terminal(io.StringIO):
        def isatty(self):
            return True

    from django.core.management.base import OutputWrapper

    screen, log = Terminal(), io.StringIO()
    for stream in (screen, log):
        line = ProgressLine(OutputWrapper(stream))
        line.last = 0  # as if the previous update was long ago
        line.update("Database kopiëren: 10 %")
        line.update("Database kopiëren: 20 %")  # too soon after the previous one: not shown
        line.done("Database: 4 MB.")
    assert screen.getvalue() == "\rDatabase kopiëren: 10 %\rDatabase: 4 MB.        \n"
    assert log.getvalue() == "Database kopiëren: 10 %\nDatabase: 4 MB.\n"
