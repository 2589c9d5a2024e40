"""The awareness targets of the sources (docs/domain.md §6.7): residents 30 % by December 2019,
then 50 % by December 2020; referrers 50 % then 70 %. Each applies through its plan year, so a
wave is measured against the target it was meant to reach. Staff change or add targets later."""

from datetime import date
from decimal import Decimal

from django.db import migrations

SOURCE = "Plan van aanpak onafhankelijke cliëntondersteuning (doel december 2019 / december 2020)"
TARGETS = [
    ("residents", date(2019, 1, 1), Decimal("30")),
    ("residents", date(2020, 1, 1), Decimal("50")),
    ("referrers", date(2019, 1, 1), Decimal("50")),
    ("referrers", date(2020, 1, 1), Decimal("70")),
]


def seed(apps, schema_editor):
    Target = apps.get_model("awareness", "Target")
    for audience, from_date, share in TARGETS:
        Target.objects.get_or_create(audience=audience, from_date=from_date,
                                     defaults={"share": share, "source": SOURCE})


class Migration(migrations.Migration):
    dependencies = [("awareness", "0001_waves_responses_targets")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
