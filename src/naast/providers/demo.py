"""Demo data: a provider register for a fictional region of 8 municipalities, 2 of them flagged
(one with a care provider, one with a welfare organisation inside a care group), with a history:
the register was filled a year ago and changed since, so "as of" shows another picture. The
region's municipalities are the register's own: they do not join the service's municipalities."""

from datetime import timedelta

from django.utils import timezone

from naast.core.demodata import DemoContext

from . import services
from .models import Provision, Region

REGION = "Regio Veenland (fictief)"
MUNICIPALITIES = [("GM9801", "Aldeveen"), ("GM9802", "Brunsloo"), ("GM9803", "Dolderwijk"), ("GM9804", "Esveld"),
                  ("GM9805", "Hoornwolde"), ("GM9806", "Kloosterhaar-Noord"), ("GM9807", "Nijeveen-Oost"),
                  ("GM9808", "Zandloo")]
MEE = {"provider": "MEE Veenland", "provider_type": "client_support", "parent_group": "",
       "parent_provides_care": False, "phone": "0522 750 750"}
ZORGBELANG = {"provider": "Zorgbelang Veenland", "provider_type": "client_interest", "parent_group": "",
              "parent_provides_care": False, "phone": "0592 700 700"}


def welfare(name, phone, group="", care=False):
    return {"provider": name, "provider_type": "welfare", "parent_group": group, "parent_provides_care": care,
            "phone": phone}


REGISTER = {
    "GM9801": [MEE],
    "GM9802": [MEE, ZORGBELANG],
    "GM9803": [welfare("Welzijn Dolderwijk", "0521 510 510", "Stichting Welzijn Veenland", False)],
    "GM9804": [ZORGBELANG],
    "GM9805": [MEE, {"provider": "Zorggroep De Hoorn", "provider_type": "care_provider", "parent_group": "",
                     "parent_provides_care": False, "phone": "0522 234 567"}],  # flag: a care provider
    "GM9806": [welfare("Welzijn Kloosterhaar", "0523 610 610", "Zorggroep Oost", True)],  # flag: inside a care group
    "GM9807": [MEE, welfare("Welzijn Nijeveen", "0521 520 520")],
    "GM9808": [ZORGBELANG, {**MEE, "phone": "0592 700 700"}],  # one shared number: one access route
}


def build(ctx: DemoContext) -> None:
    region, _created = Region.objects.get_or_create(name=REGION)
    start = timezone.now() - timedelta(days=365)
    municipalities = {code: services.register_municipality(code, name, region=region)
                      for code, name in MUNICIPALITIES}
    for code, entries in REGISTER.items():
        for values in entries:
            services.upsert(municipalities[code], values, at=start)
    # Half a year ago the municipality of Esveld still ran client support itself; it handed it over.
    half_year = timezone.now() - timedelta(days=180)
    services.upsert(municipalities["GM9804"], {"provider": "Gemeente Esveld", "provider_type": "municipality",
                                               "parent_group": "", "parent_provides_care": False,
                                               "phone": "14 0521"}, at=start)
    services.remove_provision(Provision.objects.get(municipality=municipalities["GM9804"], provider="Gemeente Esveld"),
                              at=half_year)
    ctx.log(f"Provider register: {REGION}, {len(MUNICIPALITIES)} municipalities, 2 flagged today.")
