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
    Phone,
    Schedule,
    Service,
    ServiceAtLocation,
    ServiceChange,
    TaxonomyTerm,
    Weekday,
)


def card_queryset() -> QuerySet[Service]:
    """What a result card shows: organisation, first phone and first address in the same query
    as the services (`card_phone`, `card_address`), and the service types (name and code)."""
    global _cards
    if _cards is None:  # built once: putting the subqueries together costs more than running them
        phone = Phone.objects.filter(service=OuterRef("pk")).order_by().values("number")[:1]
        address = (Address.objects.filter(location__service_at_locations__service=OuterRef("pk")).order_by("address_1")
                   .annotate(line=Concat("address_1", Value(", "), "city")).values("line")[:1])
        terms = TaxonomyTerm.objects.only("id", "name", "code", "taxonomy")
        # Only the fields a card shows (a service has some forty): converting the rest costs more than the query.
        _cards = Service.objects.select_related("organization").only(*CARD_FIELDS).prefetch_related(
            Prefetch("terms", terms)).annotate(card_phone=Subquery(phone), card_address=Subquery(address))
    return _cards.all()


_cards: QuerySet[Service] | None = None
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
