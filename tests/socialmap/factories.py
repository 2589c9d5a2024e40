"""Builders for social-map test data."""

from __future__ import annotations

import datetime as dt
import itertools

from naast.socialmap.models import Organization, Schedule, Service, ServiceArea, TaxonomyTerm
from naast.socialmap.search.index import reindex
from naast.socialmap.seed import service_type_id
from naast.taxonomies.models import LifeDomain, TargetGroup

_n = itertools.count(1)


def organization(name: str = "Stichting Test") -> Organization:
    return Organization.objects.get_or_create(name=name, defaults={"description": "Testorganisatie"})[0]


def service(name: str | None = None, *, description: str = "", domains=(), groups=(), types=(), index: bool = True,
            municipality=None, district=None, hours=None, **fields) -> Service:
    fields.setdefault("organization", organization())
    s = Service.objects.create(name=name or f"Dienst {next(_n)}", description=description, **fields)
    s.life_domains.set(LifeDomain.objects.filter(code__in=domains))
    s.target_groups.set(TargetGroup.objects.filter(code__in=groups))
    s.terms.set(TaxonomyTerm.objects.filter(id__in=[service_type_id(t) for t in types]))
    if municipality or district:
        ServiceArea.objects.create(service=s, municipality=municipality, district=district)
    for days, opens, closes in hours or ():
        Schedule.objects.create(service=s, freq="WEEKLY", byday=days, opens_at=dt.time(*opens), closes_at=dt.time(*closes))
    if index:
        reindex([s.pk])
    return s


def small_map() -> dict[str, Service]:
    """A handful of services whose words the search tests rely on."""
    return {
        "debt": service("Schuldhulpverlening Westerveld", description="Hulp als u uw rekeningen niet kunt betalen.",
                        domains=["work_and_income"], types=["debt_help"], free_of_charge=True),
        "carers": service("Mantelzorgondersteuning De Wolden", description="Advies en respijtzorg voor mantelzorgers.",
                          domains=["social_support"], types=["informal_care_support"], free_of_charge=True),
        "dementia": service("Casemanager dementie", description="Begeleiding bij dementie en geheugenproblemen.",
                            domains=["care"], types=["dementia"], groups=["elderly"]),
        "housing": service("Huurspreekuur", description="Kom langs bij een huurachterstand.",
                           domains=["housing"], types=["housing"], free_of_charge=True),
        "forms": service("Formulierenbrigade", description="Vrijwilligers helpen met brieven en formulieren.",
                         domains=["social_support"], types=["admin_help"], free_of_charge=True),
        "lonely": service("Ontmoetingscentrum De Brink", description="Koffie, een praatje en samen eten.",
                          domains=["wellbeing"], types=["social_contact"], free_of_charge=True),
        "youth": service("Jeugdteam", description="Hulp bij opvoeden en opgroeien.", domains=["youth_care"],
                         types=["youth_help"], minimum_age=0, maximum_age=18),
    }
