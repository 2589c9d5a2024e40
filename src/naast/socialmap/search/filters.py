"""The filters of a search (`SearchFilters`) as database conditions, each chosen so the database
walks the map in name order (or the ranking's candidates) and stops when a page is full, or
reads a narrow filter as a short list of ids (see the README's design notes)."""

from __future__ import annotations

import bisect
import datetime as dt
import uuid
from dataclasses import dataclass

from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from naast.organisations.models import District, Municipality
from naast.taxonomies.models import LifeDomain, TargetGroup

from ..models import WEEKDAY_CODES, Schedule, Service, ServiceArea, ServiceAtLocation, ServiceAttribute
from .ids import as_hex, hex_rows, in_id_set
from .index import facet_key
from .vocabulary import StampCache


@dataclass
class SearchFilters:
    """What a search is narrowed to; an empty field does not narrow it."""

    life_domain: str = ""  # LifeDomain.code
    target_group: str = ""  # TargetGroup.code
    municipality: str = ""  # CBS code
    district: int | None = None
    free: bool = False
    open_now: bool = False
    age: int | None = None
    taxonomy_term_id: uuid.UUID | None = None
    organization_id: uuid.UUID | None = None
    modified_after: dt.datetime | None = None
    # Staff only: archived services instead of the ones on the map (to find and restore them).
    # The public audience never sees archived services, whatever this says.
    archived: bool = False
    # Not a filter: the resident's postcode puts the nearest of equally good services first.
    postcode: str = ""

    @property
    def active(self) -> bool:
        return any(
            [self.life_domain, self.target_group, self.municipality, self.district, self.free, self.open_now,
             self.age is not None, self.taxonomy_term_id, self.organization_id, self.modified_after, self.archived]
        )


class _PerRow(Exists):
    """EXISTS asked per service walked. Expecting many services, PostgreSQL would rather hash
    the whole subquery table first, not knowing that the walk stops when a page is full; OFFSET 0
    keeps the subquery a lookup per row (PostgreSQL does not flatten a subquery with OFFSET)."""

    def as_postgresql(self, compiler, connection, **extra_context):
        return self.as_sql(compiler, connection, template="EXISTS(%(subquery)s OFFSET 0)", **extra_context)


def _has_schedule(schedules: models.QuerySet) -> Q:
    """Per service: one of these schedules is its own, or one of its locations' for it. Each step
    is an index lookup (written as a join, PostgreSQL may scan every schedule per service)."""
    at_location = ServiceAtLocation.objects.filter(service_id=OuterRef("pk")).filter(
        _PerRow(schedules.filter(service_at_location_id=OuterRef("pk")))
    )
    return Q(_PerRow(schedules.filter(service=OuterRef("pk")))) | Q(_PerRow(at_location))


SPARSE_OPEN = 2000

# The services open at a moment, as read from the schedules (see `open_now_q`): they change
# only when a schedule is written (which moves the index's stamp), the day changes, or the
# clock passes an opening or closing time of some period.
_OPEN = StampCache()


def _boundaries() -> list[dt.time]:
    """Every opening and closing time of a period on the map, sorted: between two of them (on
    one day) the same periods are open."""
    rows = Schedule.objects.filter(closed__in=[False]).order_by().values_list("opens_at", "closes_at").distinct()
    return sorted({t for pair in rows for t in pair if t is not None})


def open_now_q(now: dt.datetime | None = None) -> Q:
    """Services with an opening period now and no closure today (schedules of the service or of
    one of its locations for it).

    When few services are open (evenings, nights) the database reads them as a list of ids;
    when many are, it checks each service it walks (in name order) for an open period, and
    stops as soon as a page is full. Closures are checked per service walked, never listed: a
    map keeps its old closures, so that list only grows. Either way the work does not grow with
    the map. The list (or the fact that there are many) is read once for the day and the span
    between two opening or closing times on the map, until a schedule is written (`_OPEN`)."""
    now = timezone.localtime(now)
    today, moment, day = now.date(), now.time(), WEEKDAY_CODES[now.weekday()]
    in_force = Schedule.objects.filter(
        (Q(valid_from__isnull=True) | Q(valid_from__lte=today)) & (Q(valid_to__isnull=True) | Q(valid_to__gte=today))
    )
    period = Q(byday__contains=day, opens_at__lte=moment, closes_at__gt=moment)
    not_closed = ~_has_schedule(in_force.filter(closed=True))

    def read_open() -> list[str] | None:
        # As a list, `closed__in` rather than `closed=`: Django writes `closed=False` as a bare
        # `NOT "closed"`, which no index serves; `IN (...)` uses the (closed, opens_at) index. Per
        # service the bare form is what we want: the service's own index is the one to use there.
        open_list = in_force.filter(period, closed__in=[False])
        # One read of the open periods: each is the service's own or a location's for a service.
        rows = [own or at_location for own, at_location in open_list.order_by().values_list(
            as_hex("service_id"), as_hex("service_at_location__service_id"))[: SPARSE_OPEN + 1]]
        return sorted(set(rows)) if len(rows) <= SPARSE_OPEN else None

    boundaries = _OPEN.get("boundaries", _boundaries)
    rows = _OPEN.get((today, bisect.bisect_right(boundaries, moment)), read_open)
    if rows is not None:
        # Few open (or none, between the day's and the evening's hours): the page is read from
        # this list; as a subquery the database would walk the whole map looking for them.
        if not rows:
            return IdList(pk__in=[])
        listed = IdList(in_id_set(Service, rows), not_closed)
        listed.ids = frozenset(rows)  # a search's candidates outside them are not asked about
        return listed
    return _has_schedule(in_force.filter(period, closed=False)) & not_closed


def _place_q(filters: SearchFilters) -> Q:
    """A service without a service area serves everyone; otherwise one of its areas must cover
    the place (the district itself, its whole municipality, or everywhere)."""
    everywhere = Q(district__isnull=True, municipality__isnull=True)
    if filters.district:
        municipality_id = District.objects.filter(pk=filters.district).values_list("municipality_id", flat=True).first()
        covers = Q(district_id=filters.district) | everywhere
        if municipality_id:
            covers |= Q(district__isnull=True, municipality_id=municipality_id)
    else:
        municipality_id = Municipality.objects.filter(code=filters.municipality).values_list("pk", flat=True).first()
        covers, districts = everywhere, []
        if municipality_id:
            districts = list(District.objects.filter(municipality_id=municipality_id).values_list("pk", flat=True))
            covers |= Q(municipality_id=municipality_id) | Q(district_id__in=districts)
    # The covering areas are few (a list); "has no area at all" is a column of the service, so
    # no database builds a list of every area in the map to answer it.
    areas = ServiceArea.objects.filter(covers)
    condition = Q(pk__in=areas.values("service_id")) | Q(has_service_area=False)
    # The same services as ids (when few), kept until the map changes: areas and the flag are
    # written by the reindex every writer runs. A search's candidates outside them are not asked
    # about at all.
    everyone = _PLACES.get("everyone", lambda: _listed(Service.objects.filter(has_service_area=False), "pk"))
    place = (filters.district, municipality_id, tuple(districts) if not filters.district else ())
    served = _PLACES.get(place, lambda: _listed(areas, "service_id"))
    if everyone is not None and served is not None:
        condition.ids = AnyOf(served, everyone)
        condition.exact = True  # exactly the services the condition allows: asking it again adds nothing
        # The same ids in the database's name order (read once per place and map change): a
        # search without words checks them in that order until a page and the count are found,
        # instead of walking the whole map by name for the place's few services.
        condition.by_name = lambda: _PLACES.get((place, "by name"), lambda: _by_name(served | everyone))
    return condition


SPARSE_PLACES = 5000
_PLACES = StampCache(max_entries=64)


def _by_name(ids: frozenset[str]) -> list[str]:
    """The services with these ids by name (then id), as the database sorts them; whatever their
    state (the audience's conditions are asked per search)."""
    services = Service.objects.filter(in_id_set(Service, sorted(ids)))
    return list(services.order_by("name", "pk").values_list(as_hex("pk"), flat=True))


def _listed(qs: models.QuerySet, column: str, limit: int = SPARSE_PLACES) -> frozenset[str] | None:
    """The ids, or None when there are more rows than `limit` (counted before duplicates go: a
    service with two areas for the place is two rows, and the rest must not be cut off)."""
    rows = hex_rows(qs, column, limit + 1)
    return frozenset(rows) if len(rows) <= limit else None


class AnyOf:
    """Ids in any of these sets (`in` only)."""

    def __init__(self, *sets: frozenset[str]):
        self.sets = sets

    def __contains__(self, sid: str) -> bool:
        return any(sid in ids for ids in self.sets)


SPARSE_LINKS = 5000
_LINKS = StampCache()  # (link model, lookup) -> narrow


def _linked_q(model: type[models.Model], facet: str, **lookup) -> Q:
    """Services linked to a life domain, target group or service type (`lookup` on the link
    table, by id: no join per service asked).

    A broad link (a quarter of the map) is asked per service (when search words give the
    candidates, or while a search without words reads the link's facet in name order, see
    `facet`); a narrow one (a few thousand services) is read as a list of ids. The condition
    carries its `facet` (`SearchFacet`), through which a search without words finds its first
    page in name order; the link table stays the rule."""
    links = model.objects.filter(**lookup)
    # Which of the two only decides how the database finds the same services; it is counted
    # again when the map changes (`_LINKS`).
    key = (model._meta.label, tuple(sorted(lookup.items())))
    narrow = _LINKS.get(key, lambda: links.order_by()[:SPARSE_LINKS].count() < SPARSE_LINKS)
    condition = IdList(pk__in=links.values("service_id")) if narrow else Q(
        _PerRow(model.objects.filter(service_id=OuterRef("pk"), **lookup)))
    condition.facet = facet
    # A search with words checks its candidates against the link's services held as ids (up to
    # DENSE_LINKS; read when such a search first asks, once per map change): in memory, where
    # asking the database cost an index probe per candidate (7 ms for 870 candidates of which 56
    # had the link). Exactly the services the condition allows, so it is not asked again.
    condition.read_ids = lambda: _LINK_IDS.get(key, lambda: _held(links))
    condition.exact = True
    return condition


def _held(links: models.QuerySet) -> frozenset[str] | None:
    """A link's services as ids, or None for more than DENSE_LINKS (counted first: reading a
    broad link's ids only to drop them cost 17 ms)."""
    if links.order_by()[: DENSE_LINKS + 1].count() > DENSE_LINKS:
        return None
    return _listed(links, "service_id", DENSE_LINKS)


# Held as ids up to this many services: reading 25,000 costs about 20 ms once per map change; a
# broader link (half the map) lets most candidates pass, so asking the database wastes little.
DENSE_LINKS = 30000
_LINK_IDS = StampCache(max_entries=64)  # (link model, lookup) -> its services' ids, or None (more)


def _code_q(model: type[models.Model], kind: str, code: str, link: str) -> Q:
    """A link filter given by code (life domain, target group): the code read as its id once."""
    pk = model.objects.filter(code=code).values_list("pk", flat=True).first()
    if pk is None:
        return IdList(pk__in=[])  # no such code: nothing is linked to it
    return _linked_q(Service.life_domains.through if kind == "domain" else Service.target_groups.through,
                     facet_key(kind, pk), **{link: pk})


class IdList(Q):
    """A filter read as a short list of service ids: the page is then sorted from that list
    rather than found by walking the whole map in name order."""


def filter_conditions(filters: SearchFilters) -> list[Q]:
    """One condition per chosen filter. EXISTS and id sets instead of joins: no duplicate rows,
    so no DISTINCT over the whole map."""
    conditions = []
    if filters.life_domain:
        conditions.append(_code_q(LifeDomain, "domain", filters.life_domain, "lifedomain_id"))
    if filters.target_group:
        conditions.append(_code_q(TargetGroup, "group", filters.target_group, "targetgroup_id"))
    if filters.district or filters.municipality:
        conditions.append(_place_q(filters))
    if filters.free:
        conditions.append(Q(free_of_charge=True))
    if filters.open_now:
        conditions.append(open_now_q())
    if filters.age is not None:
        conditions.append((Q(minimum_age__isnull=True) | Q(minimum_age__lte=filters.age))
                          & (Q(maximum_age__isnull=True) | Q(maximum_age__gte=filters.age)))
    if filters.taxonomy_term_id:
        conditions.append(_linked_q(ServiceAttribute, facet_key("type", filters.taxonomy_term_id),
                                    taxonomy_term_id=filters.taxonomy_term_id))
    if filters.organization_id:
        conditions.append(Q(organization_id=filters.organization_id))
    if filters.modified_after:
        conditions.append(Q(modified_at__gt=filters.modified_after))
    return conditions
