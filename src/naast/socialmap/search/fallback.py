"""What a resident sees when nothing fits: the client-support service's own phone number and
e-mail (`ServiceProfile`), and the service types and life domains closest to what was typed (or
the most common service types); only service types with services on the public map."""

from __future__ import annotations

import functools
from dataclasses import dataclass

from django.db import models
from django.utils import timezone

from naast.organisations.models import ServiceProfile
from naast.taxonomies.models import LifeDomain

from ..models import Service, TaxonomyTerm
from ..seed import NAAST_SERVICE_TYPES
from . import text
from .query import QueryPlan
from .vocabulary import VOCABULARY


@dataclass
class Fallback:
    """What a resident sees when nothing fits: our own phone number and the nearest categories."""

    phone: str
    email: str
    service_name: str
    categories: list[TaxonomyTerm]
    life_domains: list[LifeDomain]


_popular_terms: tuple[tuple | None, list] = (None, [])


def _popular_term_ids() -> list:
    """The service types residents can find something under, most services first (then by
    name): a type without any service on the public map is never offered, as following it would
    find nothing again. Counting reads every link in the map, so the answer is kept until the
    index's stamp moves or the day changes (services go out of date by the day)."""
    global _popular_terms
    loaded_for, ids = _popular_terms
    version = (VOCABULARY.version, timezone.localdate())
    if loaded_for != version:
        terms = TaxonomyTerm.objects.filter(taxonomy_ref__name=NAAST_SERVICE_TYPES)
        ids = list(terms.annotate(n=models.Count("services", filter=models.Q(services__in=Service.objects.public())))
                   .filter(n__gt=0).order_by("-n", "name").values_list("pk", flat=True))
        _popular_terms = (version, ids)
    return ids


def forget_popular_terms() -> None:
    """Count the service types again at the next fallback (after a reindex)."""
    global _popular_terms
    _popular_terms = (None, [])


@functools.lru_cache(maxsize=1024)
def _stems(words: str) -> frozenset[str]:
    """The stems of a service type's own words (a function of the text alone, so kept)."""
    return frozenset(text.stem(w) for w in text.words(words))


def fallback_for(plan: QueryPlan | None) -> Fallback:
    """The fallback for a search that found nothing: the service types and life domains its
    phrases point to, else those whose own words share stems with the query, else the most common."""
    profile = ServiceProfile.get()
    offered = _popular_term_ids()
    terms = TaxonomyTerm.objects.filter(taxonomy_ref__name=NAAST_SERVICE_TYPES, pk__in=offered)
    categories: list[TaxonomyTerm] = []
    domains: list[LifeDomain] = []
    if plan is not None:
        if plan.boost_terms:
            categories = list(terms.filter(pk__in=plan.boost_terms))
        if plan.boost_domains or plan.concept_domains:
            domains = list(LifeDomain.objects.filter(pk__in=plan.boost_domains | plan.concept_domains))
        if not categories and plan.stems:
            # The service types whose own words come closest to what was typed.
            wanted = set(plan.stems)
            scored = []
            for term in terms:
                own = _stems(f"{term.name} {term.keywords}")
                overlap = len(own & wanted) + sum(1 for s in wanted for o in own if len(s) >= 4 and o.startswith(s[:4]))
                if overlap:
                    scored.append((-overlap, term.name, term))
            categories = [t for _o, _n, t in sorted(scored, key=lambda x: (x[0], x[1]))[:5]]
    if not categories:
        categories = list(terms.filter(pk__in=offered[:6]))
        categories.sort(key=lambda term: offered.index(term.pk))
    return Fallback(phone=profile.phone, email=profile.email, service_name=profile.name, categories=categories,
                    life_domains=domains)
