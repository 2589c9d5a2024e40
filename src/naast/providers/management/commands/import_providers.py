"""naast import-providers FILE.csv [--region NAME] — columns: municipality_code, municipality_name,
provider, provider_type, parent_group, parent_provides_care, phone.

All or nothing: every row is checked first and each problem is reported with its line number;
nothing is written unless the whole file is valid. Municipalities new to the register are added
to the register only, never to the service's own municipalities (a known code with another name
is refused). Every entry written leaves a row in the register's history.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from naast.core import phones
from naast.core.tabular_import import RowError, TabularImportCommand, required, without_nul, yes_no
from naast.organisations.models import MUNICIPALITY_CODE, Municipality
from naast.providers import services
from naast.providers.models import ProviderType, Region, RegisterMunicipality


class Command(TabularImportCommand):
    help = _("Import the register of client-support providers per municipality (columns: municipality_code, "
             "municipality_name, provider, provider_type, parent_group, parent_provides_care, phone). "
             "Nothing is written on error.")
    required_columns = ("municipality_code", "municipality_name", "provider", "provider_type", "parent_group",
                        "parent_provides_care", "phone")

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument("--region", default="", help=_("put every municipality of the file in this region"))

    def handle(self, *args, **options):
        self.region_name = options["region"].strip()
        super().handle(*args, **options)

    def prepare(self):
        self.municipalities = dict(Municipality.objects.values_list("code", "name"))
        self.municipalities.update(RegisterMunicipality.objects.values_list("code", "name"))
        self.region = None
        if getattr(self, "region_name", ""):
            self.region = Region.objects.filter(name__iexact=self.region_name).first()

    def row_key(self, cleaned):
        return cleaned["code"], cleaned["values"]["provider"].lower()

    def clean_row(self, row):
        row = without_nul(row)
        code = required(row, "municipality_code").upper()
        try:
            MUNICIPALITY_CODE(code)
        except ValidationError as exc:
            raise RowError(_("municipality_code %(code)r: %(error)s") % {"code": code, "error": exc.messages[0]}) from exc
        name = required(row, "municipality_name")
        known = self.municipalities.get(code)
        if known is not None and known.casefold() != name.casefold():
            raise RowError(_("municipality_code %(code)s is %(known)s in Naast, but the file says %(name)s.")
                           % {"code": code, "known": known, "name": name})
        provider = required(row, "provider")
        if len(provider) > 200:
            raise RowError(_("provider is longer than 200 characters."))
        kind = required(row, "provider_type").lower()
        if kind not in ProviderType.values:
            raise RowError(_("provider_type %(value)r is not one of: %(codes)s.")
                           % {"value": kind, "codes": ", ".join(ProviderType.values)})
        group = row.get("parent_group", "")
        if len(group) > 200:
            raise RowError(_("parent_group is longer than 200 characters."))
        provides_care = yes_no(row, "parent_provides_care")
        if provides_care and not group:
            raise RowError(_("parent_provides_care is yes, but parent_group is empty: name the group."))
        if group and provides_care is None:
            raise RowError(_("parent_group is filled in: say in parent_provides_care whether that group provides "
                             "care (yes or no)."))
        phone = row.get("phone", "")
        if phone and not phones.is_valid(phone):
            raise RowError(_("phone %(value)r is not a valid phone number; write it with the area code, "
                             "such as 0522 123 456.") % {"value": phone})
        return {"code": code, "name": name, "values": {
            "provider": provider, "provider_type": kind, "parent_group": group,
            "parent_provides_care": bool(provides_care), "phone": phone}}

    def save_row(self, cleaned):
        if getattr(self, "region_name", "") and self.region is None:
            self.region = Region.objects.create(name=self.region_name)
        municipality = services.register_municipality(cleaned["code"], cleaned["name"], region=self.region)
        return services.upsert(municipality, cleaned["values"])
