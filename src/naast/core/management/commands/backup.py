"""naast backup PATH [--force]: the database and the media files in one archive file.

A name ending in .tar.gz (or .tgz) gives a gzip-compressed tar file, any other name a plain tar
file. The archive is readable by its owner only; it holds personal data, so keep it encrypted off
the server. See `naast.core.backup` and the README's "Production deployment".
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from naast.core.backup import BackupError
from naast.core.backup.create import create_backup


class Command(BaseCommand):
    help = _("Write the database and the media files to one archive file (e.g. naast-2026-11-24.tar.gz).")

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path, help=_("the archive file to write"))
        parser.add_argument("--force", action="store_true", help=_("overwrite the file if it exists"))

    def handle(self, *args, **options):
        try:
            create_backup(options["path"], force=options["force"], out=self.stdout)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
