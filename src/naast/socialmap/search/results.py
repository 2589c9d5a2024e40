"""The one search, `search_services`: query and filters in, one page of services out, best
match first (or by name without search words), with the fallback when nothing fits."""

from __future__ import annotations

import math
from dataclasses import dataclass

from django.db import models
from django.db.models import F, Value
from django.db.models.functions import Concat

from ..models import Service
from .fallback import Fallback, fallback_for
from .filters import IdList, SearchFilters, filter_conditions
from .ids import ByIds, as_hex, in_id_set
from .order import Card, meta_columns, order_and_group, other_places, resident_place
from .query import QueryPlan, plan_query
from .ranking import CANDIDATE_LIMIT, apply_phrase_boost, best_first, ranked_ids

# Without search words a filter can match most of a large map. Counting stops here ("more than
# 200 services"): nobody reads further, and counting on costs a walk over the whole map.
COUNT_CAP = 200
# How many of the best-scored services are re-ordered and grouped into cards (at least).
ORDER_WINDOW = 60
# Candidates are checked, and equal scores broken, in blocks of this many, whatever the page.
BLOCK = 40


@dataclass
class SearchResult:
    """One page of services, the total (capped at COUNT_CAP without search words unless counted
    exactly), the query as searched for, and the fallback when nothing was found."""

    services: list[Service]
    total: int
    page: int
    per_page: int
    plan: QueryPlan | None
    fallback: Fallback | None = None

    exact: bool = False
    # With search words, when candidates were left unchecked (the page was full): how many
    # services are known to match; `total` is then an upper bound.
    at_least: int | None = None

    @property
    def count_cap(self) -> int:
        """The number the page says there are "more than": COUNT_CAP, or below what is known."""
        if self.at_least is not None:
            return max(1, (self.at_least - 1) // 10 * 10)
        return COUNT_CAP

    @property
    def capped(self) -> bool:
        return not self.exact and self.total > self.count_cap

    @property
    def total_pages(self) -> int:
        return max(1, math.ceil(self.total / self.per_page)) if self.per_page else 1


def search_services(
    query: str = "",
    filters: SearchFilters | None = None,
    *,
    audience: str = "public",
    page: int = 1,
    per_page: int = 20,
    base: models.QuerySet | None = None,
    exact_count: bool = False,
) -> SearchResult:
    """Search the map. `audience` 'public' shows active, non-archived services only; 'staff' also
    shows inactive ones, and with `filters.archived` only the archived ones instead. Returns one
    page, best match first."""
    filters = filters or SearchFilters()
    qs = base if base is not None else Service.objects.all()
    if audience == "public":
        qs = qs.public()
    else:
        qs = qs.filter(archived_at__isnull=not filters.archived)
    conditions = filter_conditions(filters)
    audience_qs, qs = qs, qs.filter(*conditions)
    narrow = any(isinstance(condition, IdList) for condition in conditions)
    page = max(1, page)
    plan = plan_query(query) if query.strip() else None
    placed = next((c for c in conditions if getattr(c, "by_name", None)), None)
    if plan is None and placed is not None:
        total, services = _page_of_place(audience_qs, conditions, placed, base, page, per_page, exact_count)
        at_least = None
    elif plan is None:
        total, services = count_and_page(qs, narrow, page, per_page, exact_count, facet=_driving_facet(conditions),
                                         base=base)
        at_least = None
    else:
        ranked = ranked_ids(plan.stems, CANDIDATE_LIMIT, plan.weights)
        scores = dict(ranked)
        if plan.boost_domains or plan.boost_terms:
            apply_phrase_boost(scores, plan)
            ranked = best_first(scores.items())
        ordered = [sid for sid, _score in ranked]  # best first, equal scores by id
        # Ties broken by nearness, freshness and name, and one card per service offered in
        # several places, among the best (the window covers this page and well beyond).
        place = resident_place(filters.municipality, filters.district, filters.postcode)
        window = max(ORDER_WINDOW, page * per_page * 3)
        group = audience == "public"
        wanted = len(ordered) if exact_count else page * per_page + 1
        block = {sid: i // BLOCK for i, sid in enumerate(ordered)}
        # The services a filter allows at most, as ids, where it read them (a candidate outside
        # them cannot pass: the database is not asked about it).
        checker = _Checker(*_asked_and_known(audience_qs, conditions), ordered, chunk=BLOCK)
        checker.check(len(ordered) if exact_count else window)
        while True:
            # Every checked service (whole blocks) is ordered and grouped, and the page is cut from
            # those cards only: so every page is a slice of one and the same list of cards.
            cards, tail = order_and_group(checker.allowed, scores, place, window=len(checker.allowed),
                                          group=group, meta=checker.meta, block=block)
            if len(cards) >= wanted or not checker.unchecked:
                break
            checker.check(len(checker.allowed) + max(per_page, 2 * (wanted - len(cards))))
        found = len(cards) + len(tail)
        # Candidates left unchecked may match too: the total is then at most this, at least `found`.
        total = found + len(checker.unchecked)
        at_least = found if checker.unchecked else None
        start = (page - 1) * per_page
        page_cards = cards[start : start + per_page]
        page_cards += [Card(sid) for sid in tail[max(0, start - len(cards)) : max(0, start + per_page - len(cards))]]
        other_places(page_cards)
        by_id = fetch_cards(base, [c.service_id for c in page_cards])
        services = []
        for card in page_cards:
            if card.service_id in by_id:
                service = by_id[card.service_id]
                service.also_in = card.also_in
                services.append(service)
    result = SearchResult(services=services, total=total, page=page, per_page=per_page, plan=plan,
                          exact=exact_count or (plan is not None and at_least is None), at_least=at_least)
    if total == 0:
        result.fallback = fallback_for(plan)
    return result


def _driving_facet(conditions: list) -> str | None:
    """The link filter whose facet a search without words reads in name order: a narrow one
    (read as ids) before a broad one."""
    with_facet = [c for c in conditions if getattr(c, "facet", None)]
    with_facet.sort(key=lambda c: not isinstance(c, IdList))
    return with_facet[0].facet if with_facet else None


def count_and_page(qs: models.QuerySet, narrow: bool, page: int, per_page: int, exact_count: bool,
                   facet: str | None = None, base: models.QuerySet | None = None) -> tuple[int, list[Service]]:
    """Without search words: the number of services (up to COUNT_CAP + 1 unless `exact_count`) and
    the page, by name. With a link filter (`facet`), both are read from that link's facet in
    name order: the map is not walked by name looking for services with the link, which sort
    anywhere (half of the map passed for one page of a target group)."""
    if facet:
        # One facet line per service and link: the join neither doubles nor drops a service; the
        # filters' own conditions still decide (the facet only finds the services in order).
        qs = qs.filter(facets__facet=facet)
        order = ("facets__name", "facets__service_id")
    else:
        # After a narrowing filter, sort its few services by name; `name || ''` keeps the database
        # from walking its name index instead (the filter's services may all sort late).
        order = (Concat(F("name"), Value("")) if narrow else F("name"), "pk")
    # Counting every match of a broad filter over a large map is the slow part; beyond the cap
    # the page says "more than". Counted by id only: the columns and subqueries of a card
    # (`base`) would be computed for every row counted.
    total = qs.count() if exact_count else qs.order_by().values("pk")[: COUNT_CAP + 1].count()
    shown = qs.order_by(*order)[(page - 1) * per_page : page * per_page]
    if getattr(base, "fetch_by_ids", None) is not None:
        # The page's ids in order, then its cards by id as a search with words reads them: the
        # card's columns, subqueries and service types are not put together again per page.
        return total, _cards_in_order(base, list(shown.values_list(as_hex("pk"), flat=True)))
    return total, list(shown)


def _page_of_place(audience_qs: models.QuerySet, conditions: list, placed, base: models.QuerySet | None,
                   page: int, per_page: int, exact_count: bool) -> tuple[int, list[Service]]:
    """Without search words, for a place whose services are known as ids (`placed.by_name`, in
    name order): they are checked against the audience's and the other filters' conditions in
    that order, as far as the count (up to COUNT_CAP + 1) and the page need; the same total and
    page as `count_and_page`, without walking the map by name for the place's services."""
    ordered = placed.by_name()
    asked, known = _asked_and_known(audience_qs, conditions)
    checker = _Checker(asked, known, ordered, chunk=BLOCK, columns=[as_hex("pk")])  # ids only: no ordering
    checker.check(len(ordered) if exact_count else max(COUNT_CAP + 1, page * per_page))
    allowed = checker.allowed
    total = len(allowed) if exact_count else min(len(allowed), COUNT_CAP + 1)  # as `count_and_page` counts
    return total, _cards_in_order(base, allowed[(page - 1) * per_page : page * per_page])


def _cards_in_order(base: models.QuerySet | None, ids: list[str]) -> list[Service]:
    """The cards of these ids (`fetch_cards`), in the ids' order; one gone meanwhile is left out."""
    by_id = fetch_cards(base, ids)
    return [by_id[sid] for sid in ids if sid in by_id]


def _asked_and_known(audience_qs: models.QuerySet, conditions: list) -> tuple[models.QuerySet, list]:
    """What the database is asked about each candidate, and the id sets a candidate must be in
    before it is asked at all (where a filter has its services as ids: `ids`, or read on demand
    through `read_ids`). A condition whose ids are exactly the services it allows (`exact`: a
    place's areas, a link's services, read once per map change) is not asked again."""
    asked, known = [], []
    for condition in conditions:
        ids = getattr(condition, "ids", None)
        if ids is None and getattr(condition, "read_ids", None) is not None:
            ids = condition.read_ids()  # None: too many to hold, the database is asked
        if ids is not None:
            known.append(ids)
        if ids is None or not getattr(condition, "exact", False):
            asked.append(condition)
    return audience_qs.filter(*asked), known


def fetch_cards(base: models.QuerySet | None, ids: list[str]) -> dict[str, Service]:
    """The services of a page as `base` reads them, by id (32 hex digits); through the base's own
    `fetch_by_ids` where it has one (`selectors.card_queryset`)."""
    fast = getattr(base, "fetch_by_ids", None)
    if fast is not None:
        return fast(ids)
    fetch = base if base is not None else Service.objects.all()
    return {s.pk.hex: s for s in fetch.filter(in_id_set(Service, ids))}


class _Checker:
    """The candidates, best first, checked against the audience's and the filters' conditions in
    chunks (about two pages), only as far as a page needs: checking all of them reads hundreds of
    rows scattered over the map. The next chunk is sized from how many passed so far."""

    def __init__(self, qs: models.QuerySet, known: list, ordered: list[str], chunk: int, columns=None):
        self.query = ByIds(qs.order_by().values_list(*(columns or meta_columns())))
        self.known = known  # containers of ids: a candidate outside one of them cannot pass
        self.unchecked, self.chunk = ordered, chunk
        self.allowed: list[str] = []
        self.meta: dict[str, tuple] = {}  # what ordering reads of each, in the same query
        self.checked = 0

    def check(self, wanted: int) -> None:
        """Check chunks until `wanted` candidates passed or none are left."""
        while self.unchecked and len(self.allowed) < wanted:
            missing = wanted - len(self.allowed)
            passed = (len(self.allowed) + 1) / (self.checked + 1)
            size = max(self.chunk, math.ceil(missing / max(passed, 0.05) * 1.2))
            size = math.ceil(size / self.chunk) * self.chunk  # whole blocks (see `order_and_group`)
            part, self.unchecked = self.unchecked[:size], self.unchecked[size:]
            asked = [sid for sid in part if all(sid in ids for ids in self.known)] if self.known else part
            if asked:
                self.meta.update((row[0], row) for row in self.query.rows(asked))
            self.allowed.extend(sid for sid in part if sid in self.meta)
            self.checked += len(part)
