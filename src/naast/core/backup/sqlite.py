"""SQLite: a consistent copy of a running site with the online backup API, and a restore that
changes the database in one transaction or not at all.

Backup: a read transaction is held on the source for the whole copy, so every step of
`sqlite3.Connection.backup` copies from the same snapshot: the site keeps writing meanwhile (WAL),
and its writes neither end up half in the copy nor make the backup start over. The copy is a
self-contained file (rollback journal, no `-wal` file).

Restore: the archive's database is written to a temporary file next to the live one and checked
(`PRAGMA quick_check`, every table's row count against the manifest). Only then is it copied into
the live database, again with the backup API: that copy is one write transaction on the target, so
a failure leaves the target as it was, and connections that have the database open (WAL, `-shm`)
see either the old or the new database, never a mix. Moving the file into place with a rename
would not be safe while a `-wal` file of the old database exists.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path

from django.utils.translation import gettext as _

from . import BackupError
from .manifest import check_counts, latest_migrations, row_counts
from .progress import ProgressLine

# Pages copied per step of the backup API (4 MiB with SQLite's 4 KiB pages): the progress line
# moves, and the snapshot holds between steps.
PAGES_PER_STEP = 1024
BUSY_TIMEOUT = 20  # seconds, as the site's own connections (naast.conf.settings)


@dataclass
class Dump:
    tool: str
    tables: dict[str, int]
    migrations: dict[str, str]


def database_path(connection) -> Path:
    name = str(connection.settings_dict["NAME"])
    if name == ":memory:" or "mode=memory" in name:
        raise BackupError(_("An in-memory SQLite database cannot be backed up or restored."))
    return Path(name)


def work_folder(connection) -> Path:
    """Where a restore writes the database it checks before copying it in: next to the live one."""
    return database_path(connection).parent


def _table_names(database: sqlite3.Connection) -> list[str]:
    rows = database.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'"
    ).fetchall()
    return [name for (name,) in rows]


def _describe(database: sqlite3.Connection) -> tuple[dict[str, int], dict[str, str]]:
    tables = _table_names(database)
    if "django_migrations" not in tables:
        raise BackupError(_("The database has no Naast tables yet: run naast migrate first."))
    applied = database.execute("SELECT app, name FROM django_migrations ORDER BY id").fetchall()
    return row_counts(database.cursor(), tables), latest_migrations(applied)


def _percent(progress: ProgressLine, label: str):
    def report(_status, remaining, total):
        if total:
            progress.update(label % {"percent": (total - remaining) * 100 // total})

    return report


def dump(connection, target: Path, progress: ProgressLine) -> Dump:
    """Copy the live database into the new file `target`, consistent as of the start of the copy."""
    source_path = database_path(connection)
    if not source_path.is_file():
        raise BackupError(_("The database file %(path)s does not exist.") % {"path": source_path})
    source = sqlite3.connect(source_path, timeout=BUSY_TIMEOUT, isolation_level=None)
    try:
        source.execute("BEGIN")
        source.execute("SELECT COUNT(*) FROM sqlite_master").fetchone()  # the read transaction starts here
        copy = sqlite3.connect(target, isolation_level=None)
        try:
            source.backup(copy, pages=PAGES_PER_STEP, progress=_percent(progress, _("Copying the database: %(percent)s %%")))
            source.execute("COMMIT")
            copy.execute("PRAGMA journal_mode=DELETE")
            tables, migrations = _describe(copy)
        finally:
            copy.close()
    except sqlite3.Error as exc:
        raise BackupError(_("SQLite could not copy the database: %(error)s") % {"error": exc}) from exc
    finally:
        source.close()
    return Dump(tool=f"SQLite {sqlite3.sqlite_version}", tables=tables, migrations=migrations)


def check_target(connection, manifest: dict) -> None:
    """Nothing to check in the live database beforehand: a restore replaces all of it."""


def restore(connection, dumped: Path, manifest: dict, progress: ProgressLine) -> None:
    """Check the archive's database in `dumped`, then make it the live database in one transaction."""
    copy = sqlite3.connect(dumped, isolation_level=None)
    try:
        try:
            problems = [row for (row,) in copy.execute("PRAGMA quick_check").fetchall() if row != "ok"]
            if problems:
                raise BackupError(_("The database in the archive is damaged (%(problem)s); nothing was restored.")
                                  % {"problem": problems[0]})
            tables, _migrations = _describe(copy)
        except sqlite3.DatabaseError as exc:
            raise BackupError(_("The database in the archive is damaged (%(problem)s); nothing was restored.")
                              % {"problem": exc}) from exc
        check_counts(manifest, tables)
        connection.close()  # Django's own connection opens again on its next query
        target = sqlite3.connect(database_path(connection), timeout=BUSY_TIMEOUT, isolation_level=None)
        try:
            copy.backup(target, pages=PAGES_PER_STEP, progress=_percent(progress, _("Restoring the database: %(percent)s %%")))
        except sqlite3.Error as exc:
            raise BackupError(_("SQLite could not write the database (%(error)s); it is as it was before.")
                              % {"error": exc}) from exc
        finally:
            target.close()
    finally:
        copy.close()
