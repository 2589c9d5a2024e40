"""`naast backup PATH`: the database and the media files in one archive (see `naast.core.backup`).

The database is copied first (a consistent snapshot of a running site), then the media files are
added. A file uploaded while the backup runs may be in the archive without its row (harmless); a
file removed in those seconds is left out and counted.
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

from django.conf import settings
from django.db import connection
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from . import BackupError, archive, manifest
from .engines import engine_for
from .media import media_files
from .progress import ProgressLine, number, seconds, size


def create_backup(path: Path, *, force: bool, out) -> Path:
    """Write the archive to `path` (never over an existing file unless `force`); report to `out`."""
    started = time.monotonic()
    path = Path(path).absolute()
    _check_destination(path, force)
    engine = engine_for(connection)
    vendor = connection.vendor
    progress = ProgressLine(out)
    try:
        # The database copy waits in a folder only this user can read, next to the archive.
        with tempfile.TemporaryDirectory(prefix=".naast-backup-", dir=path.parent) as work:
            dumped = Path(work) / archive.DATABASE_FILES[vendor]
            dump = engine.dump(connection, dumped, progress)
            dumped_size = dumped.stat().st_size
            progress.done(_("Database (%(vendor)s): %(tables)s tables, %(rows)s rows, %(size)s.") % {
                "vendor": manifest.VENDORS[vendor], "tables": number(len(dump.tables)),
                "rows": number(sum(dump.tables.values())), "size": size(dumped_size)})
            files = media_files(Path(settings.MEDIA_ROOT))
            with archive.Writer(path, force=force) as writer:
                writer.add_manifest(manifest.build(
                    vendor=vendor,
                    database={"file": dumped.name, "bytes": dumped_size, "sha256": archive.sha256_of(dumped),
                              "tool": dump.tool},
                    migrations=dump.migrations, tables=dump.tables,
                    media={"files": len(files), "bytes": sum(file_size for _path, _name, file_size in files)},
                ))
                writer.add_file(dumped, dumped.name, on_read=lambda done: progress.update(
                    _("Writing the database to the archive: %(size)s of %(total)s")
                    % {"size": size(done), "total": size(dumped_size)}))
                _add_media(writer, files, progress)
    except OSError as exc:
        raise BackupError(_("The backup could not be written: %(error)s") % {"error": exc}) from exc
    out.write(_("Backup written to %(path)s: %(size)s in %(seconds)s seconds.") % {
        "path": path, "size": size(path.stat().st_size), "seconds": seconds(time.monotonic() - started)})
    return path


def _check_destination(path: Path, force: bool) -> None:
    if path.is_dir():
        raise BackupError(_("%(path)s is a folder; give the name of the archive file to write.") % {"path": path})
    if path.exists() and not force:
        raise BackupError(_("%(path)s already exists. Choose another name, or add --force to overwrite it.")
                          % {"path": path})
    if not path.parent.is_dir():
        raise BackupError(_("The folder %(folder)s does not exist.") % {"folder": path.parent})


def _add_media(writer: archive.Writer, files: list[tuple[Path, str, int]], progress: ProgressLine) -> None:
    added = total = vanished = 0
    for file, name, _size in files:
        try:
            total += writer.add_file(file, name)
        except FileNotFoundError:  # removed since the list was made
            vanished += 1
            continue
        added += 1
        progress.update(_("Media files: %(files)s of %(total)s") % {"files": number(added), "total": number(len(files))})
    progress.done(_("Media files: %(files)s, %(size)s.") % {"files": number(added), "size": size(total)})
    if vanished:
        progress.done(ngettext("%(count)s media file was removed while the backup ran and is not in it.",
                               "%(count)s media files were removed while the backup ran and are not in it.",
                               vanished) % {"count": vanished})
