"""The database engines a backup knows: each module offers `dump`, `check_target`, `work_folder` and `restore`."""

from types import ModuleType

from django.utils.translation import gettext as _

from . import BackupError, postgres, sqlite

ENGINES = {"sqlite": sqlite, "postgresql": postgres}


def engine_for(connection) -> ModuleType:
    try:
        return ENGINES[connection.vendor]
    except KeyError:
        raise BackupError(_("Backups are made of SQLite and PostgreSQL databases; this one is %(vendor)s.")
                          % {"vendor": connection.vendor}) from None
