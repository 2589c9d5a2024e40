"""naast import-districts FILE.csv — columns: municipality_code, district, postcode."""

from django.utils.translation import gettext as _

from naast.core.tabular_import import RowError, TabularImportCommand, required
from naast.organisations.models import District, Municipality, PostcodeDistrict, normalise_postcode


class Command(TabularImportCommand):
    help = _(
        "Import districts and their postcodes (columns: municipality_code, district, postcode). "
        "A postcode is 4 digits (1234) or 4 digits and 2 letters (1234 AB). Idempotent."
    )
    required_columns = ("municipality_code", "district", "postcode")

    def prepare(self):
        self.municipalities = {m.code: m for m in Municipality.objects.all()}

    def row_key(self, cleaned):
        return cleaned["postcode"]

    def clean_row(self, row):
        code = required(row, "municipality_code").upper()
        municipality = self.municipalities.get(code)
        if municipality is None:
            raise RowError(
                _("municipality_code %(code)r is unknown; import it with import-municipalities first.")
                % {"code": code}
            )
        postcode = normalise_postcode(required(row, "postcode"))
        if postcode is None:
            raise RowError(
                _("postcode %(value)r is not a Dutch postcode (1234 or 1234 AB).") % {"value": row["postcode"]}
            )
        return {"municipality": municipality, "district": required(row, "district"), "postcode": postcode}

    def save_row(self, cleaned):
        district, _created = District.objects.get_or_create(
            municipality=cleaned["municipality"], name=cleaned["district"]
        )
        mapping = PostcodeDistrict.objects.filter(postcode=cleaned["postcode"]).first()
        if mapping is None:
            PostcodeDistrict.objects.create(postcode=cleaned["postcode"], district=district)
            return "created"
        if mapping.district_id != district.pk:
            mapping.district = district
            mapping.save(update_fields=["district"])
            return "updated"
        return "unchanged"
