"""Reads for the social-map screens and exports."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.db.models import OuterRef, Prefetch, QuerySet, Subquery, Value
from django.db.models.functions import Concat
from django.utils import timezone

from naast.organisations.models import ServiceProfile

from .models import (
    WEEKDAY_CODES,
    Address,
    Organization,
    Phone,
    Schedule,
    Service,
    ServiceAtLocation,
    ServiceAttribute,
    ServiceChange,
    TaxonomyTerm,
    Weekday,
)
from .search.ids import ByIds, as_hex
from .search.vocabulary import StampCache


def card_queryset() -> QuerySet[Service]:
    """What a result card shows: organisation, first phone and first address in the same query
    as the services (`card_phone`, `card_address`), and the service types (name and code).

    As returned here (not filtered further), the search reads a page's cards by id through
    `cards_by_ids` (its `fetch_by_ids`): the same services, put together without Django
    building the two queries again for every page."""
    global _cards
    if _cards is None:  # built once: putting the subqueries together costs more than running them
        terms = TaxonomyTerm.objects.only(*_TERM_FIELDS)
        _cards = _card_rows().prefetch_related(Prefetch("terms", terms))
    cards = _cards.all()
    cards.fetch_by_ids = cards_by_ids  # a clone (a filter) does not carry it: it is this query's alone
    return cards


def _card_rows() -> QuerySet[Service]:
    phone = Phone.objects.filter(service=OuterRef("pk")).order_by().values("number")[:1]
    address = (Address.objects.filter(location__service_at_locations__service=OuterRef("pk")).order_by("address_1")
               .annotate(line=Concat("address_1", Value(", "), "city")).values("line")[:1])
    # Only the fields a card shows (a service has some forty): converting the rest costs more than the query.
    return Service.objects.select_related("organization").only(*CARD_FIELDS).annotate(
        card_phone=Subquery(phone), card_address=Subquery(address))


_cards: QuerySet[Service] | None = None
_TERM_FIELDS = ["id", "name", "code", "taxonomy"]
_CARD_ROWS: ByIds | None = None
_CARD_TERMS: ByIds | None = None
_TERMS = StampCache(max_entries=2)  # service types by id, as a card shows them (until the map changes)


def cards_by_ids(ids: list[str]) -> dict[str, Service]:
    """The services of a page (ids as 32 hex digits) as `card_queryset` reads them, by id: the
    card's columns in one query and the links to service types in another, each put together
    by Django once per process (`ByIds`); the service types themselves are kept in memory until
    the map changes (every writer of a service type reindexes its services)."""
    global _CARD_ROWS, _CARD_TERMS
    if _CARD_ROWS is None:
        wanted = {"organization_id", *CARD_FIELDS}
        # In the model's own field order, as `Model.from_db` reads a row with deferred fields.
        fields = [f.attname for f in Service._meta.concrete_fields if f.attname in wanted or f.name in wanted]
        _CARD_ROWS = ByIds(_card_rows().order_by().values_list(*fields, "organization__name", "card_phone",
                                                               "card_address"))
        _CARD_TERMS = ByIds(ServiceAttribute.objects.order_by().values_list(as_hex("service_id"), "taxonomy_term_id"),
                            column="service_id")
        _CARD_ROWS.fields = fields
    if not ids:
        return {}
    alias = Service.objects.db
    fields = _CARD_ROWS.fields
    services: dict[str, Service] = {}
    for row in _CARD_ROWS.rows(ids):
        service = Service.from_db(alias, fields, row[: len(fields)])
        org_id, org_name = row[1], row[len(fields)]
        # As select_related leaves it: the organisation read with the service, no query when shown.
        service._state.fields_cache["organization"] = (
            Organization.from_db(alias, ["id", "name"], [org_id, org_name]) if org_id else None)
        service.card_phone, service.card_address = row[len(fields) + 1], row[len(fields) + 2]
        services[service.pk.hex] = service
    links = _CARD_TERMS.rows(list(services))
    known = _TERMS.get("terms", dict)
    missing = {term_id for _sid, term_id in links if term_id not in known}
    if missing:
        known.update((t.pk, t) for t in TaxonomyTerm.objects.filter(pk__in=missing).only(*_TERM_FIELDS))
    by_service: dict[str, list[TaxonomyTerm]] = defaultdict(list)
    for sid, term_id in links:
        if term_id in known:
            by_service[sid].append(known[term_id])
    for sid, service in services.items():
        # As prefetch_related leaves it: `service.terms.all()` reads this list, no query. A bare
        # queryset holds it (the related manager's own costs more than the rest of the card).
        terms = QuerySet(model=TaxonomyTerm)
        terms._result_cache = sorted(by_service.get(sid, []), key=lambda t: (t.name, t.pk.hex))
        terms._prefetch_done = True
        service._prefetched_objects_cache = {"terms": terms}
    return services
# What `socialmap/_card.html` reads of a service (public and staff).
CARD_FIELDS = ["id", "name", "description", "free_of_charge", "status", "archived_at", "waiting_weeks",
               "organization__name"]


def detail_queryset() -> QuerySet[Service]:
    return Service.objects.select_related("organization").prefetch_related(
        "phones", "terms",
        Prefetch("service_at_locations", ServiceAtLocation.objects.select_related("location").prefetch_related("location__addresses")),
        "life_domains", "target_groups", "languages", "cost_options", "required_documents", "contacts__phones",
        "schedules", "service_areas__municipality", "service_areas__district", "service_at_locations__schedules",
        "service_at_locations__location__accessibility", "service_at_locations__location__phones",
    )


def public_service(pk) -> Service | None:
    return detail_queryset().public().filter(pk=pk).first()


def staff_service(pk) -> Service | None:
    return detail_queryset().select_related("verified_by").filter(pk=pk).first()


def opening_hours(service: Service) -> list[dict]:
    """Regular hours per weekday (several periods a day), Monday first, from prefetched schedules."""
    rows: dict[str, list[tuple]] = defaultdict(list)
    schedules = list(service.schedules.all())
    for sal in service.service_at_locations.all():
        schedules.extend(sal.schedules.all())
    for schedule in schedules:
        if schedule.closed or not schedule.opens_at or not schedule.closes_at:
            continue
        for day in schedule.days():
            rows[day].append((schedule.opens_at, schedule.closes_at))
    labels = dict(Weekday.choices)
    return [{"day": labels[code], "periods": sorted(set(rows[code]))} for code in WEEKDAY_CODES if rows.get(code)]


def closures(service: Service) -> list[Schedule]:
    today = timezone.localdate()
    return [s for s in service.schedules.all() if s.closed and (s.valid_to is None or s.valid_to >= today)]


def is_stale(service: Service, profile: ServiceProfile | None = None) -> bool:
    profile = profile or ServiceProfile.get()
    if service.last_verified_on is None:
        return True
    return service.last_verified_on < timezone.localdate() - dt.timedelta(days=round(profile.stale_after_months * 30.44))


def stale_services() -> QuerySet[Service]:
    """The coordinator's to-do list: services not checked within the configured months, oldest first."""
    months = ServiceProfile.get().stale_after_months
    return (
        Service.objects.stale(months).select_related("organization", "verified_by")
        .order_by("last_verified_on", "name")
    )


def history(service: Service) -> QuerySet[ServiceChange]:
    return service.changes.select_related("user")[:50]


def route_url(location) -> str:
    """An OpenStreetMap route to the location (coordinates if valid, else the address)."""
    if location.has_coordinates:
        return f"https://www.openstreetmap.org/directions?route=%3B{location.latitude}%2C{location.longitude}"
    address = next(iter(location.addresses.all()), None)
    if address is None:
        return ""
    from urllib.parse import quote

    return "https://www.openstreetmap.org/search?query=" + quote(f"{address.address_1}, {address.postal_code} {address.city}")
