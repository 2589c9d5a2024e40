"""naast import-organisations FILE.csv — columns: name, kind."""

from django.utils.translation import gettext as _

from naast.core.tabular_import import RowError, TabularImportCommand, required
from naast.organisations.models import MemberOrganisation


class Command(TabularImportCommand):
    help = _("Import member organisations (columns: name, kind). Idempotent; nothing is written on error.")
    required_columns = ("name", "kind")

    def row_key(self, cleaned):
        return cleaned["name"].casefold()

    def clean_row(self, row):
        kind = required(row, "kind")
        if kind not in MemberOrganisation.Kind.values:
            raise RowError(
                _("kind %(kind)r is not one of: %(allowed)s")
                % {"kind": kind, "allowed": ", ".join(MemberOrganisation.Kind.values)}
            )
        return {"name": required(row, "name"), "kind": kind}

    def save_row(self, cleaned):
        obj = MemberOrganisation.objects.filter(name__iexact=cleaned["name"]).first()
        if obj is None:
            MemberOrganisation.objects.create(**cleaned)
            return "created"
        if obj.kind != cleaned["kind"]:
            obj.kind = cleaned["kind"]
            obj.save(update_fields=["kind"])
            return "updated"
        return "unchanged"
