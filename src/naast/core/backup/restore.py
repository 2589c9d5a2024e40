"""`naast restore PATH`: the database and the media files back from an archive of `naast backup`.

In order: read the manifest and refuse a wrong archive (another database vendor, migrations this
code does not know) or a database in use (help requests, clients or users in it, unless `force`);
read the database and the media files out of the archive into work files, checking the database
against the manifest's checksum; restore the database all or nothing (see `sqlite` and
`postgres`); only then put the media files in place. A failure before the database is restored
leaves database and media files untouched; the media swap after it is a few renames.
"""

from __future__ import annotations

import shutil
import tempfile
import time
from pathlib import Path

from django.conf import settings
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from naast.core.extensions import in_use_models

from . import BackupError, archive, manifest
from .engines import engine_for
from .media import replace_contents, work_folder
from .progress import ProgressLine, number, seconds, size


def restore_backup(path: Path, *, force: bool, out) -> None:
    """Restore the archive at `path` into the configured database and MEDIA_ROOT; report to `out`."""
    started = time.monotonic()
    path = Path(path).absolute()
    if not path.is_file():
        raise BackupError(_("%(path)s does not exist.") % {"path": path})
    engine = engine_for(connection)
    progress = ProgressLine(out)
    media_root = Path(settings.MEDIA_ROOT)
    with archive.Reader(path) as reader:
        contents = reader.manifest()
        manifest.check_vendor(contents, connection.vendor)
        manifest.check_migrations(contents)
        out.write(describe(contents))
        _check_not_in_use(force)
        engine.check_target(connection, contents)
        try:
            with tempfile.TemporaryDirectory(prefix=".naast-restore-", dir=engine.work_folder(connection)) as work:
                dumped = Path(work) / contents["database"]["file"]
                reader.extract_database(dumped, contents["database"], progress)
                prepared = work_folder(media_root, "restore")
                try:
                    files, media_bytes = reader.extract_media(prepared, progress)
                    engine.restore(connection, dumped, contents, progress)
                except BaseException:
                    shutil.rmtree(prepared, ignore_errors=True)
                    raise
        except OSError as exc:
            raise BackupError(_("The restore could not go on (%(error)s); the database and the media files are as "
                                "they were.") % {"error": exc}) from exc
    progress.done(_("Database restored: %(tables)s tables, %(rows)s rows, as the manifest says.")
                  % {"tables": number(len(contents["tables"])), "rows": number(sum(contents["tables"].values()))})
    replace_contents(media_root, prepared)
    progress.done(_("Media files restored: %(files)s, %(size)s.") % {"files": number(files), "size": size(media_bytes)})
    if (files, media_bytes) != (contents["media"]["files"], contents["media"]["bytes"]):
        progress.done(_("The manifest names %(files)s media files (%(size)s): files were added or removed while "
                        "the backup ran.") % {"files": number(contents["media"]["files"]),
                                               "size": size(contents["media"]["bytes"])})
    out.write(_("Restored from %(path)s (%(size)s) in %(seconds)s seconds.") % {
        "path": path, "size": size(path.stat().st_size), "seconds": seconds(time.monotonic() - started)})
    executor = MigrationExecutor(connection)
    pending = len(executor.migration_plan(executor.loader.graph.leaf_nodes()))
    if pending:
        out.write(ngettext("This version of Naast has %(count)s migration the backup does not have yet: run naast "
                           "migrate now.",
                           "This version of Naast has %(count)s migrations the backup does not have yet: run naast "
                           "migrate now.", pending) % {"count": pending})


def describe(contents: dict) -> str:
    """One line on what the archive holds, from its manifest."""
    created = parse_datetime(contents["created_at"])
    return _("Backup of %(created)s by Naast %(version)s: %(vendor)s, %(tables)s tables, %(rows)s rows, "
             "%(files)s media files.") % {
        "created": timezone.localtime(created).strftime("%Y-%m-%d %H:%M") if created else contents["created_at"],
        "version": contents["naast_version"], "vendor": manifest.VENDORS.get(contents["database"]["vendor"]),
        "tables": number(len(contents["tables"])), "rows": number(sum(contents["tables"].values())),
        "files": number(contents["media"]["files"]),
    }


def data_in_use() -> list[str]:
    """What makes the configured database one in use: the kinds of record it holds (help requests,
    clients, users; each app's `backup.IN_USE`). Empty for a new database, migrated or not."""
    tables = set(connection.introspection.table_names())
    return [str(model._meta.verbose_name_plural) for model in in_use_models()
            if model._meta.db_table in tables and model._default_manager.exists()]


def _check_not_in_use(force: bool) -> None:
    found = data_in_use()
    if found and not force:
        raise BackupError(
            _("This database already holds Naast data (%(found)s). Restore into a new, empty database, or add "
              "--force to replace everything in it, media files included, with the backup.")
            % {"found": ", ".join(found)}
        )
