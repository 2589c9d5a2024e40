"""PostgreSQL: `pg_dump -Fc` and `pg_restore`, with the connection taken from `DATABASE_URL`.

The tools get the host, port, user and password in their environment (PGHOST, PGPORT, PGUSER,
PGPASSWORD, the SSL settings), never on their command line, and nothing here logs either.

Backup: a read-only REPEATABLE READ transaction exports its snapshot; the manifest's row counts
and migrations are read in it and `pg_dump --snapshot` dumps exactly that state while the site
keeps working.

Restore: `pg_restore --single-transaction` into the configured database: the whole restore (with
`--clean --if-exists` when the database already has Naast's tables: dropping them first) is one
transaction, so a failure anywhere leaves the database as it was. A database with tables the
backup does not have (from a newer Naast, say) is refused: those tables would survive the restore
and no longer match its migrations. Afterwards `ANALYZE` gives the planner its statistics, which
a dump does not carry, and every table's row count is checked against the manifest.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from django.utils.translation import gettext as _

from . import BackupError
from .manifest import check_counts, latest_migrations, row_counts
from .progress import ProgressLine

# Connection options of DATABASE_URL (`?sslmode=...`) and the libpq variables that carry them.
OPTION_VARIABLES = {
    "sslmode": "PGSSLMODE", "sslrootcert": "PGSSLROOTCERT", "sslcert": "PGSSLCERT", "sslkey": "PGSSLKEY",
    "passfile": "PGPASSFILE", "service": "PGSERVICE",
}
# What the tools print (in English, see `client_environment`) when they start on a table's rows.
DUMPING_TABLE = "dumping contents of table"
RESTORING_TABLE = "processing data for table"


@dataclass
class Dump:
    tool: str
    tables: dict[str, int]
    migrations: dict[str, str]


def client_environment(settings_dict: dict) -> dict[str, str]:
    """The environment of a pg_dump or pg_restore child process: the connection settings (password
    included) as libpq variables, and English messages so that progress can be read from them."""
    env = dict(os.environ)
    values = {
        "PGHOST": settings_dict.get("HOST"), "PGPORT": settings_dict.get("PORT"),
        "PGUSER": settings_dict.get("USER"), "PGPASSWORD": settings_dict.get("PASSWORD"),
    }
    options = settings_dict.get("OPTIONS") or {}
    values.update({variable: options.get(option) for option, variable in OPTION_VARIABLES.items()})
    env.update({name: str(value) for name, value in values.items() if value not in (None, "")})
    env["LC_ALL"] = "C"
    return env


def tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        raise BackupError(_("%(tool)s was not found. Install the PostgreSQL client programs of the server's version "
                            "or newer (Debian: postgresql-client) and make sure they are on the PATH.") % {"tool": name})
    return found


def dump_command(pg_dump: str, settings_dict: dict, target: Path, snapshot: str) -> list[str]:
    return [pg_dump, "--format=custom", "--verbose", f"--snapshot={snapshot}", f"--file={target}",
            f"--dbname={settings_dict['NAME']}"]


def restore_command(pg_restore: str, settings_dict: dict, dumped: Path, *, clean: bool) -> list[str]:
    command = [pg_restore, "--single-transaction", "--exit-on-error", "--no-owner", "--no-privileges", "--verbose",
               f"--dbname={settings_dict['NAME']}"]
    if clean:
        command += ["--clean", "--if-exists"]
    return [*command, str(dumped)]


def _run(command: list[str], settings_dict: dict, progress: ProgressLine, marker: str, label: str, total: int) -> None:
    """Run a PostgreSQL tool, moving the progress line at each table it starts on; raise with its errors."""
    process = subprocess.Popen(command, env=client_environment(settings_dict), stdin=subprocess.DEVNULL,
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, errors="replace")
    done, errors = 0, []
    for line in process.stderr:
        if marker in line:
            done += 1
            progress.update(label % {"done": done, "total": total})
        elif _is_error(line) and len(errors) < 5:
            errors.append(line.strip())
    if process.wait() != 0:
        raise BackupError(_("%(tool)s stopped with an error: %(errors)s")
                          % {"tool": Path(command[0]).name, "errors": " ".join(errors) or process.returncode})


def _is_error(line: str) -> bool:
    # A DETAIL line may quote a row's values (a resident's e-mail address, say): never repeated.
    lowered = line.lower()
    return ("error" in lowered or "fatal" in lowered) and "detail" not in lowered


def work_folder(connection) -> Path:
    """Where a restore writes the dump before pg_restore reads it: the system's temporary folder ($TMPDIR)."""
    return Path(tempfile.gettempdir())


def dump(connection, target: Path, progress: ProgressLine) -> Dump:
    """Dump the database into the new file `target`, consistent as of one snapshot."""
    pg_dump = tool("pg_dump")
    version = subprocess.run([pg_dump, "--version"], capture_output=True, text=True, check=True).stdout.strip()
    snapshot_holder = connection.copy()
    try:
        with snapshot_holder.cursor() as cursor:
            cursor.execute("BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            cursor.execute("SELECT pg_export_snapshot()")
            snapshot = cursor.fetchone()[0]
            tables = snapshot_holder.introspection.table_names(cursor)
            if "django_migrations" not in tables:
                raise BackupError(_("The database has no Naast tables yet: run naast migrate first."))
            counts = row_counts(cursor, tables)
            cursor.execute("SELECT app, name FROM django_migrations ORDER BY id")
            migrations = latest_migrations(cursor.fetchall())
            settings_dict = connection.settings_dict
            _run(dump_command(pg_dump, settings_dict, target, snapshot), settings_dict, progress, DUMPING_TABLE,
                 _("Dumping the database: table %(done)s of %(total)s"), len(tables))
            cursor.execute("COMMIT")
    finally:
        snapshot_holder.close()
    return Dump(tool=version, tables=counts, migrations=migrations)


def check_target(connection, manifest: dict) -> None:
    """Refuse a database with tables the backup does not have (they would outlive the restore)."""
    extra = sorted(set(connection.introspection.table_names()) - set(manifest["tables"]))
    if extra:
        raise BackupError(
            _("This database has tables the backup does not have (%(tables)s), perhaps from a newer version of "
              "Naast. Restore into a new, empty database (createdb) and run naast migrate afterwards.")
            % {"tables": ", ".join(extra[:10])}
        )


def restore(connection, dumped: Path, manifest: dict, progress: ProgressLine) -> None:
    """Restore the dump in one transaction, then give the planner statistics and check the row counts."""
    pg_restore = tool("pg_restore")
    clean = bool(set(connection.introspection.table_names()) & set(manifest["tables"]))
    connection.close()
    settings_dict = connection.settings_dict
    _run(restore_command(pg_restore, settings_dict, dumped, clean=clean), settings_dict, progress, RESTORING_TABLE,
         _("Restoring the database: table %(done)s of %(total)s"), len(manifest["tables"]))
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
        present = set(connection.introspection.table_names(cursor))
        check_counts(manifest, row_counts(cursor, [table for table in manifest["tables"] if table in present]))
