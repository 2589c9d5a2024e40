"""Backup and restore of a whole Naast service: `naast backup PATH` and `naast restore PATH`.

One archive file holds the database and the media files (`MEDIA_ROOT`: uploaded documents, e-mail
attachments), with a manifest that says what it holds. The modules:

- `archive`: the tar file (manifest first, then the database, then `media/`), written under a
  temporary name and read with every path checked;
- `manifest`: versions, database vendor, migration state and row counts, and the checks a restore
  makes against them (no personal data);
- `sqlite`, `postgres`: the database's own consistent copy (SQLite's online backup API,
  `pg_dump -Fc`) and its all-or-nothing restore;
- `media`: the media files, and swapping the restored tree into place;
- `progress`: the progress line, sizes and durations;
- `create`, `restore`: the two commands' steps in order.
"""


class BackupError(Exception):
    """A backup or restore cannot go on; the message says why and what to do (translated)."""
