"""naast import-funding FILE.csv — funding agreements (subsidiebeschikkingen), one per municipality,
organisation and year. Columns: municipality_code, organisation, year, amount_eur, target_unique_clients,
target_answered_requests, target_satisfaction, execution_hours, coordination_hours."""

from decimal import Decimal

from django.utils.translation import gettext as _

from naast.core.tabular_import import RowError, TabularImportCommand, required
from naast.reports.importing import Lookups, parse_decimal, parse_int
from naast.reports.models import FundingAgreement

FIELDS = ("amount_eur", "target_unique_clients", "target_answered_requests", "target_satisfaction",
          "execution_hours", "coordination_hours")


class Command(TabularImportCommand):
    help = _("Import funding agreements. Idempotent; nothing is written on error.")
    required_columns = ("municipality_code", "organisation", "year", "amount_eur")
    optional_columns = ("target_unique_clients", "target_answered_requests", "target_satisfaction",
                        "execution_hours", "coordination_hours")

    def prepare(self):
        self.lookups = Lookups()

    def row_key(self, cleaned):
        return (cleaned["municipality"].pk, cleaned["organisation"].pk, cleaned["year"])

    def clean_row(self, row):
        year = parse_int(required(row, "year"), "year")
        if not 2000 <= year <= 2100:
            raise RowError(_("year %(year)s must lie between 2000 and 2100.") % {"year": year})
        satisfaction = parse_decimal(row.get("target_satisfaction", ""), "target_satisfaction")
        if satisfaction is not None and not Decimal(1) <= satisfaction <= Decimal(10):
            raise RowError(_("target_satisfaction must be a mark from 1 to 10."))
        return {
            "municipality": self.lookups.municipality(required(row, "municipality_code")),
            "organisation": self.lookups.organisation(required(row, "organisation")),
            "year": year,
            "amount_eur": parse_decimal(required(row, "amount_eur"), "amount_eur"),
            "target_unique_clients": parse_int(row.get("target_unique_clients", ""), "target_unique_clients"),
            "target_answered_requests": parse_int(row.get("target_answered_requests", ""), "target_answered_requests"),
            "target_satisfaction": satisfaction,
            "execution_hours": parse_int(row.get("execution_hours", ""), "execution_hours") or 0,
            "coordination_hours": parse_int(row.get("coordination_hours", ""), "coordination_hours") or 0,
        }

    def save_row(self, cleaned):
        values = {k: cleaned[k] for k in FIELDS}
        agreement, created = FundingAgreement.objects.get_or_create(
            municipality=cleaned["municipality"], organisation=cleaned["organisation"], year=cleaned["year"],
            defaults=values,
        )
        if created:
            return "created"
        changed = {k: v for k, v in values.items() if getattr(agreement, k) != v}
        if not changed:
            return "unchanged"
        for key, value in changed.items():
            setattr(agreement, key, value)
        agreement.save(update_fields=list(changed))
        return "updated"
