"""Demo data: funding agreements for every municipality, organisation and year with requests.

Targets are set from the demo's own volumes, a little below them in some places and years and
a little above in others, so the demo report shows targets both met and missed.
"""

from datetime import date
from decimal import Decimal

from django.db.models import Count
from django.db.models.functions import ExtractYear
from django.utils import timezone

from naast.core.demodata import DemoContext
from naast.registry.models import HelpRequest

from .models import FundingAgreement, PaymentInstalment


def build(ctx: DemoContext) -> None:
    rng = ctx.rng
    today = timezone.localdate()
    volumes = (
        HelpRequest.objects.filter(organisation__isnull=False, municipality__isnull=False)
        .annotate(year=ExtractYear("received_at"))
        .values_list("municipality_id", "organisation_id", "year")
        .annotate(n=Count("pk"), clients=Count("client_id", distinct=True))
        .order_by("municipality_id", "organisation_id", "year")
    )
    municipality_order = {m.pk: i for i, m in enumerate(ctx.objects["municipalities"])}
    agreements = []
    for municipality_id, organisation_id, year, n, clients in volumes:
        # Alternate between generous and ambitious targets across places and years.
        ambitious = (municipality_order.get(municipality_id, 0) + year) % 2 == 1
        factor = 1.15 if ambitious else 0.85
        execution = round(n * 6)
        agreements.append(FundingAgreement(
            municipality_id=municipality_id, organisation_id=organisation_id, year=year,
            amount_eur=Decimal(round(n * rng.uniform(420, 560), -2)),
            target_unique_clients=max(1, round(clients * factor)),
            target_answered_requests=max(1, round(n * 0.8 * factor)),
            target_satisfaction=Decimal("7.0"),
            execution_hours=execution, coordination_hours=round(execution * 0.35),
        ))
    FundingAgreement.objects.bulk_create(agreements, batch_size=1000, ignore_conflicts=True)
    instalments = []
    for agreement in FundingAgreement.objects.filter(instalments__isnull=True):
        quarter = (agreement.amount_eur / 4).quantize(Decimal("0.01"))
        for month in (1, 4, 7, 10):
            due = date(agreement.year, month, 1)
            instalments.append(PaymentInstalment(
                agreement=agreement, due_on=due, amount_eur=quarter, paid_on=due if due <= today else None,
                description=f"Voorschot {(month + 2) // 3}e kwartaal",
            ))
    PaymentInstalment.objects.bulk_create(instalments, batch_size=2000)
    ctx.log(f"{len(agreements)} funding agreements.")
