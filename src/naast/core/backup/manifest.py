"""The manifest of a backup (`manifest.json`, the archive's first file): what the archive holds,
read before anything is restored. It holds no personal data: versions, the database vendor, the
latest applied migration per app, the number of rows per table, and the number and total size of
the media files (never their names, which may name a resident).

    {"format": "naast-backup", "format_version": 1, "naast_version": "0.1.0",
     "created_at": "2026-11-24T02:30:00+00:00",
     "database": {"vendor": "postgresql", "file": "database.pgdump", "bytes": 512000,
                  "sha256": "...", "tool": "pg_dump (PostgreSQL) 15.20"},
     "migrations": {"accounts": "0004_...", ...}, "tables": {"accounts_user": 12, ...},
     "media": {"files": 3, "bytes": 81234}}
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from importlib.metadata import PackageNotFoundError, version

from django.db.migrations.loader import MigrationLoader
from django.utils import timezone
from django.utils.translation import gettext as _

from . import BackupError

FORMAT = "naast-backup"
FORMAT_VERSION = 1
VENDORS = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}


def naast_version() -> str:
    try:
        return version("naast")
    except PackageNotFoundError:  # running from a source tree that was never installed
        return "unknown"


def build(*, vendor: str, database: dict, migrations: dict[str, str], tables: dict[str, int],
          media: dict) -> dict:
    return {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "naast_version": naast_version(),
        "created_at": timezone.now().isoformat(timespec="seconds"),
        "database": {"vendor": vendor, **database},
        "migrations": migrations,
        "tables": tables,
        "media": media,
    }


def dumps(manifest: dict) -> bytes:
    return json.dumps(manifest, indent=2, sort_keys=True).encode()


def loads(data: bytes) -> dict:
    """The manifest read from the archive; refuses what is not a manifest this version can read."""
    try:
        manifest = json.loads(data)
    except ValueError as exc:
        raise BackupError(_("The archive's manifest cannot be read: this is not a Naast backup, or it is damaged.")) from exc
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupError(_("The archive's manifest cannot be read: this is not a Naast backup, or it is damaged."))
    if manifest.get("format_version", 0) > FORMAT_VERSION:
        raise BackupError(
            _("This backup was made by a newer version of Naast (%(version)s) in a format this version cannot "
              "read. Restore it with Naast %(version)s or later.") % {"version": manifest.get("naast_version")}
        )
    return manifest


def latest_migrations(applied: Iterable[tuple[str, str]]) -> dict[str, str]:
    """The latest applied migration per app, from the rows of `django_migrations` in the order applied."""
    latest = {}
    for app, name in applied:
        latest[app] = name
    return dict(sorted(latest.items()))


def row_counts(cursor, tables: Iterable[str]) -> dict[str, int]:
    """The number of rows of each table (SQL that SQLite and PostgreSQL both read)."""
    counts = {}
    for table in sorted(tables):
        quoted = table.replace('"', '""')
        cursor.execute(f'SELECT COUNT(*) FROM "{quoted}"')
        counts[table] = cursor.fetchone()[0]
    return counts


def check_vendor(manifest: dict, vendor: str) -> None:
    """A backup goes back into the kind of database it came from."""
    theirs = manifest["database"]["vendor"]
    if theirs != vendor:
        raise BackupError(
            _("This backup holds a %(theirs)s database, but this Naast uses %(ours)s. Restore it with "
              "DATABASE_URL set to a %(theirs)s database; a backup does not move data between kinds of database.")
            % {"theirs": VENDORS.get(theirs, theirs), "ours": VENDORS.get(vendor, vendor)}
        )


def check_migrations(manifest: dict) -> None:
    """A backup whose database has migrations this code does not have comes from a newer Naast:
    its tables may hold columns this version would not know what to do with."""
    known = set(MigrationLoader(None, ignore_no_migrations=True).disk_migrations)
    unknown = [f"{app} {name}" for app, name in sorted(manifest["migrations"].items()) if (app, name) not in known]
    if unknown:
        raise BackupError(
            _("This backup was made with Naast %(version)s, whose database has migrations this version does not "
              "know (%(migrations)s). Install Naast %(version)s or later and restore the backup with it.")
            % {"version": manifest.get("naast_version"), "migrations": ", ".join(unknown)}
        )


def check_counts(manifest: dict, counts: dict[str, int]) -> None:
    """The restored database has every table of the manifest with exactly its number of rows."""
    differences = [
        f"{table} ({expected} → {counts.get(table, '—')})"
        for table, expected in sorted(manifest["tables"].items()) if counts.get(table) != expected
    ]
    if differences:
        raise BackupError(
            _("The restored database does not match the backup's manifest: %(tables)s. The archive is damaged; "
              "restore an earlier backup.") % {"tables": ", ".join(differences[:10])}
        )
