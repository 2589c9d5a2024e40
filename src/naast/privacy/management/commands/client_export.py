"""naast client-export REFERENCE --output PATH [--format json|pdf|zip]: everything Naast holds about one
client (the resident's right of access, AVG art. 15), found by any of their help requests'
references. The export is audited, done by this command and the account that ran it. See
`naast.privacy.client_export`."""

import getpass
import os
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from naast.privacy import client_export, policy
from naast.privacy.models import AuditEvent

BUILDERS = {"json": client_export.export_json, "pdf": client_export.export_pdf, "zip": client_export.export_zip}


def _operator() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no name for this account (a container without a passwd entry)
        return str(os.getuid()) if hasattr(os, "getuid") else "?"


class Command(BaseCommand):
    help = _("Write everything Naast holds about one resident to a file (JSON or a readable PDF in Dutch).")

    def add_arguments(self, parser):
        parser.add_argument("reference", help=_("the reference of any help request of the resident"))
        parser.add_argument("--output", type=Path, required=True, help=_("the file to write"))
        parser.add_argument("--format", choices=sorted(BUILDERS), default=None,
                            help=_("json, pdf or zip (with the documents); by default taken from the file name, "
                                   "else json"))
        parser.add_argument("--force", action="store_true", help=_("overwrite the file if it exists"))

    def handle(self, *args, **options):
        path: Path = options["output"]
        fmt = options["format"] or (path.suffix.lower().lstrip(".") if path.suffix.lower() in (".pdf", ".zip") else "json")
        try:
            client, help_request = client_export.client_for_reference(options["reference"])
        except client_export.ExportError as exc:
            raise CommandError(str(exc)) from exc
        if path.exists() and not options["force"]:
            raise CommandError(_("%(path)s exists already; choose another file or add --force.") % {"path": path})
        if not path.parent.is_dir():
            raise CommandError(_("The folder %(folder)s does not exist.") % {"folder": path.parent})
        content = BUILDERS[fmt](client)
        # Readable by the owner only: the file holds a resident's personal data.
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(descriptor, "wb") as out:
            out.write(content)
        policy.record(None, AuditEvent.Action.EXPORT, client, reason="right of access",
                      actor=f"naast client-export ({_operator()})")
        self.stdout.write(_("Wrote the data of client number %(number)s (help request %(reference)s) to %(path)s "
                            "as %(format)s. It holds personal data: send it safely and delete it afterwards.") % {
            "number": client.pk, "reference": help_request.reference, "path": path, "format": fmt.upper()})
