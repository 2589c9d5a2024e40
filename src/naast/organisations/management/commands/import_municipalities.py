"""naast import-municipalities FILE.csv — columns: code, name."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from naast.core.tabular_import import RowError, TabularImportCommand, required
from naast.organisations.models import MUNICIPALITY_CODE, Municipality


class Command(TabularImportCommand):
    help = _("Import municipalities (columns: code, name). Idempotent; nothing is written on error.")
    required_columns = ("code", "name")

    def row_key(self, cleaned):
        return cleaned["code"]

    def clean_row(self, row):
        code = required(row, "code").upper()
        try:
            MUNICIPALITY_CODE(code)
        except ValidationError as exc:
            raise RowError(_("code %(code)r: %(error)s") % {"code": code, "error": exc.messages[0]}) from exc
        return {"code": code, "name": required(row, "name")}

    def save_row(self, cleaned):
        obj, created = Municipality.objects.get_or_create(code=cleaned["code"], defaults={"name": cleaned["name"]})
        if created:
            return "created"
        if obj.name != cleaned["name"]:
            obj.name = cleaned["name"]
            obj.save(update_fields=["name"])
            return "updated"
        return "unchanged"
