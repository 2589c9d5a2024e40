"""naast restore PATH [--force]: the database and the media files back from a `naast backup` archive.

Into an empty database (new, or migrated but without help requests, clients or users) of the
same kind (SQLite or PostgreSQL); `--force` replaces a database in use. Stop the site first. See
`naast.core.backup.restore` for the order of the steps and what a failure leaves behind.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from naast.core.backup import BackupError
from naast.core.backup.restore import restore_backup


class Command(BaseCommand):
    help = _("Restore the database and the media files from an archive made by naast backup.")

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path, help=_("the archive file to restore"))
        parser.add_argument("--force", action="store_true",
                            help=_("replace the data of a database in use (help requests, clients, users)"))

    def handle(self, *args, **options):
        try:
            restore_backup(options["path"], force=options["force"], out=self.stdout)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
