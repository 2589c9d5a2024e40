"""Builders for the reports tests: aware datetimes in the service's time zone, funding agreements."""

from datetime import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from naast.reports.models import FundingAgreement
from naast.taxonomies.models import LifeDomain

AMS = ZoneInfo("Europe/Amsterdam")


def at(text: str) -> datetime:
    """'2024-02-10 10:00' (or a date alone) in Dutch local time."""
    return datetime.fromisoformat(text if " " in text else text + " 00:00").replace(tzinfo=AMS)


def with_domains(help_request, *codes: str):
    help_request.life_domains.set(LifeDomain.objects.filter(code__in=codes))
    return help_request


def funding(muni, org, year: int, amount, **fields) -> FundingAgreement:
    return FundingAgreement.objects.create(municipality=muni, organisation=org, year=year,
                                           amount_eur=Decimal(str(amount)), **fields)
