"""Writes to the social map: each a domain verb that keeps the change history and the search
index in step. Views and commands call these; nothing else writes services."""

from __future__ import annotations

import datetime as dt
import uuid
from collections import defaultdict
from dataclasses import dataclass, replace
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import (
    WEEKDAY_CODES,
    Accessibility,
    Address,
    Location,
    Phone,
    Schedule,
    SearchPhrase,
    Service,
    ServiceArea,
    ServiceAtLocation,
    ServiceChange,
    Weekday,
)
from .search.index import reindex
from .search.query import invalidate_phrases

HISTORY_EXCLUDED = {"modified_at", "id", "has_service_area"}


def _snapshot(service: Service) -> dict[str, Any]:
    data: dict[str, Any] = {}
    for f in service._meta.concrete_fields:
        if f.name in HISTORY_EXCLUDED:
            continue
        data[f.name] = f.value_to_string(service)
    if service.pk and not service._state.adding:
        data["life_domains"] = sorted(service.life_domains.values_list("code", flat=True))
        data["target_groups"] = sorted(service.target_groups.values_list("code", flat=True))
        data["terms"] = sorted(service.terms.values_list("name", flat=True))
    return data


def _diff(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list]:
    return {k: [before.get(k), v] for k, v in after.items() if before.get(k) != v}


@transaction.atomic
def save_service(service: Service, *, user, m2m: dict[str, Any] | None = None) -> Service:
    """Create or change a service (from the staff form): writes history and reindexes it."""
    creating = service._state.adding
    before = {} if creating else _snapshot(Service.objects.get(pk=service.pk))
    service.modified_at = timezone.now()
    service.full_clean(exclude=["verified_by"])
    service.save()
    for name, values in (m2m or {}).items():
        getattr(service, name).set(values)
    after = _snapshot(service)
    changes = _diff(before, after)
    if creating or changes:
        ServiceChange.objects.create(
            service=service, user=user, kind=ServiceChange.Kind.CREATED if creating else ServiceChange.Kind.UPDATED,
            changes={} if creating else changes,
        )
    reindex([service.pk])
    return service


def snapshot(service: Service) -> dict[str, Any] | None:
    """The service as history compares it, read from the database (None for a new service)."""
    if service.pk is None or service._state.adding:
        return None
    return _snapshot(Service.objects.get(pk=service.pk))


def record_admin_edit(service: Service, *, user, before: dict[str, Any] | None, related: list[str]) -> None:
    """History for a save in the Django admin: the service's fields that changed, plus the
    related lists (phones, opening hours, areas, locations) whose rows were edited there."""
    if before is None:
        ServiceChange.objects.create(service=service, user=user, kind=ServiceChange.Kind.CREATED)
        return
    changes = _diff(before, _snapshot(service))
    for name in related:
        changes[name] = [None, "admin"]
    _record_change(service, user, changes)


def public_phone(service: Service | None) -> Phone | None:
    """The service's own phone number, the one the public page's "call" link uses first."""
    if service is None or service.pk is None:
        return None
    return Phone.objects.filter(service=service).order_by("id").first()


@transaction.atomic
def set_public_phone(service: Service, number: str, *, user) -> None:
    """Change, add or (with an empty number) remove the service's own phone number, with history."""
    phone = public_phone(service)
    before = phone.number if phone else ""
    if number == before:
        return
    if not number:
        phone.delete()
    else:
        phone = phone or Phone(service=service, type="voice")
        phone.number = number
        phone.full_clean()
        phone.save()
    _record_change(service, user, {"phone": [before, number]})


@transaction.atomic
def verify_service(service: Service, *, user, on: dt.date | None = None) -> Service:
    """Record that someone checked the information with the provider (last checked on)."""
    service.last_verified_on = on or timezone.localdate()
    service.verified_by = user
    service.save(update_fields=["last_verified_on", "verified_by"])
    ServiceChange.objects.create(service=service, user=user, kind=ServiceChange.Kind.VERIFIED,
                                 changes={"last_verified_on": [None, service.last_verified_on.isoformat()]})
    return service


@transaction.atomic
def archive_service(service: Service, *, user) -> Service:
    """Take a service off the map without deleting it: referrals and history keep pointing to it."""
    if service.archived_at is None:
        service.archived_at = timezone.now()
        service.modified_at = service.archived_at
        service.save(update_fields=["archived_at", "modified_at"])
        ServiceChange.objects.create(service=service, user=user, kind=ServiceChange.Kind.ARCHIVED)
    return service


@transaction.atomic
def restore_service(service: Service, *, user) -> Service:
    if service.archived_at is not None:
        service.archived_at = None
        service.modified_at = timezone.now()
        service.save(update_fields=["archived_at", "modified_at"])
        ServiceChange.objects.create(service=service, user=user, kind=ServiceChange.Kind.RESTORED)
    return service


@transaction.atomic
def save_phrase(phrase: SearchPhrase) -> SearchPhrase:
    """Save a curated search phrase; search picks it up at once in this process."""
    phrase.full_clean()
    phrase.save()
    invalidate_phrases()
    return phrase


@transaction.atomic
def delete_phrase(phrase: SearchPhrase) -> None:
    phrase.delete()
    invalidate_phrases()


# --------------------------------------------------------------------------- opening hours,
# closures, the visiting address and service areas (the staff pages besides the service form).
# Each verb writes all or nothing, keeps the HSDS ids of rows it changes, notes what changed in
# the service's history and reindexes the service.


@dataclass(frozen=True)
class OpeningPeriod:
    """One regular opening period on one or more weekdays (a `Schedule` row, freq WEEKLY)."""

    days: tuple[str, ...]
    opens_at: dt.time
    closes_at: dt.time
    id: uuid.UUID | None = None  # the row it changes; None adds one


@dataclass(frozen=True)
class Closure:
    """A period the service is closed (holiday, renovation): a `Schedule` row with `closed`."""

    valid_from: dt.date
    valid_to: dt.date
    note: str = ""
    id: uuid.UUID | None = None


@dataclass(frozen=True)
class VisitingAddress:
    """Where residents go: an address (with optional coordinates), or online/phone only."""

    virtual: bool
    name: str = ""
    address_1: str = ""  # street and house number
    postal_code: str = ""
    city: str = ""
    state_province: str = ""
    latitude: float | None = None
    longitude: float | None = None
    accessibility: str = ""
    transportation: str = ""
    url: str = ""


def _fmt_time(value: dt.time) -> str:
    return value.strftime("%H:%M")


def period_overlaps(periods) -> list[tuple[str, tuple, tuple]]:
    """(day, earlier period, later period) for every two periods that overlap on the same day.
    Periods are (days, opens_at, closes_at); touching periods (12:00 and 12:00) do not overlap."""
    by_day: dict[str, list[tuple]] = defaultdict(list)
    for days, opens_at, closes_at in periods:
        for day in days:
            by_day[day].append((opens_at, closes_at))
    found = []
    for day in WEEKDAY_CODES:
        spans = sorted(by_day.get(day, []))
        latest = None  # the period seen so far that closes last
        for span in spans:
            if latest is not None and span[0] < latest[1]:
                found.append((day, latest, span))
            if latest is None or span[1] > latest[1]:
                latest = span
    return found


def overlap_message(day: str, earlier: tuple, later: tuple) -> str:
    return _("On %(day)s, %(first)s and %(second)s overlap.") % {
        "day": dict(Weekday.choices)[day].lower(),
        "first": f"{_fmt_time(earlier[0])}–{_fmt_time(earlier[1])}",
        "second": f"{_fmt_time(later[0])}–{_fmt_time(later[1])}",
    }


def regular_schedules(service: Service):
    """The service's regular opening periods: its own and those of its locations for it."""
    return Schedule.objects.filter(
        Q(service=service) | Q(service_at_location__service=service), closed=False
    )


def _hours_summary(rows) -> list[str]:
    return sorted(f"{','.join(days)} {_fmt_time(o)}-{_fmt_time(c)}" for days, o, c in rows)


def _record_change(service: Service, user, changes: dict) -> None:
    """History row and fresh `modified_at` for an edit that changed something."""
    if not changes:
        return
    now = timezone.now()
    Service.objects.filter(pk=service.pk).update(modified_at=now)
    service.modified_at = now
    ServiceChange.objects.create(service=service, user=user, kind=ServiceChange.Kind.UPDATED, changes=changes)


def _ordered_days(days) -> tuple[str, ...]:
    unknown = set(days) - set(WEEKDAY_CODES)
    if unknown:
        raise ValidationError(_("Unknown day: %(day)s.") % {"day": ", ".join(sorted(unknown))})
    return tuple(code for code in WEEKDAY_CODES if code in set(days))


@transaction.atomic
def save_opening_hours(service: Service, periods, *, user) -> list[Schedule]:
    """Replace the service's regular opening hours by `periods` (OpeningPeriod): rows given by id
    are changed, rows not given are removed, rows without id are added (to the service itself).
    Closures are left alone. Raises ValidationError (and writes nothing) on an invalid period."""
    periods = [replace(p, days=_ordered_days(p.days)) for p in periods]
    for p in periods:
        if not p.days:
            raise ValidationError(_("Choose at least one day."))
        if p.closes_at <= p.opens_at:
            raise ValidationError(_("The closing time must be after the opening time."))
    overlaps = period_overlaps((p.days, p.opens_at, p.closes_at) for p in periods)
    if overlaps:
        raise ValidationError([overlap_message(*o) for o in overlaps])
    existing = {row.pk: row for row in regular_schedules(service).select_for_update(of=("self",))}
    unknown = [p.id for p in periods if p.id is not None and p.id not in existing]
    if unknown:
        raise ValidationError(_("These opening hours were changed by someone else. Reload the page and try again."))
    before = _hours_summary((row.days(), row.opens_at, row.closes_at) for row in existing.values()
                            if row.opens_at and row.closes_at)
    kept = {p.id for p in periods if p.id is not None}
    Schedule.objects.filter(pk__in=[pk for pk in existing if pk not in kept]).delete()
    saved = []
    for p in periods:
        row = existing[p.id] if p.id is not None else Schedule(service=service, freq=Schedule.Freq.WEEKLY)
        row.byday, row.opens_at, row.closes_at = ",".join(p.days), p.opens_at, p.closes_at
        row.freq = row.freq or Schedule.Freq.WEEKLY
        row.save()
        saved.append(row)
    after = _hours_summary((p.days, p.opens_at, p.closes_at) for p in periods)
    _record_change(service, user, {"opening_hours": [before, after]} if before != after else {})
    reindex([service.pk])
    return saved


def current_closures(service: Service):
    """Closures in force or still to come (what residents see), first one first."""
    today = timezone.localdate()
    return Schedule.objects.filter(service=service, closed=True).filter(
        Q(valid_to__isnull=True) | Q(valid_to__gte=today)
    ).order_by("valid_from", "valid_to")


def _closure_summary(rows) -> list[str]:
    return sorted(f"{f or '…'}/{t or '…'} {note}".strip() for f, t, note in rows)


@transaction.atomic
def save_closures(service: Service, closures, *, user) -> list[Schedule]:
    """Replace the service's current and upcoming closures by `closures` (Closure). Closures that
    have ended stay as they were. Raises ValidationError (and writes nothing) on an invalid one."""
    today = timezone.localdate()
    for c in closures:
        if c.valid_to < c.valid_from:
            raise ValidationError(_("The last day must be on or after the first day."))
        if c.id is None and c.valid_to < today:
            raise ValidationError(_("This closure has already ended."))
    existing = {row.pk: row for row in current_closures(service).select_for_update()}
    if any(c.id is not None and c.id not in existing for c in closures):
        raise ValidationError(_("These closures were changed by someone else. Reload the page and try again."))
    before = _closure_summary((r.valid_from, r.valid_to, r.description) for r in existing.values())
    kept = {c.id for c in closures if c.id is not None}
    Schedule.objects.filter(pk__in=[pk for pk in existing if pk not in kept]).delete()
    saved = []
    for c in closures:
        row = existing[c.id] if c.id is not None else Schedule(service=service, closed=True)
        row.valid_from, row.valid_to, row.description = c.valid_from, c.valid_to, c.note.strip()
        row.save()
        saved.append(row)
    after = _closure_summary((c.valid_from, c.valid_to, c.note.strip()) for c in closures)
    _record_change(service, user, {"closures": [before, after]} if before != after else {})
    reindex([service.pk])
    return saved


def primary_location(service: Service) -> ServiceAtLocation | None:
    """The location the staff page edits: the service's first (by name, then id)."""
    return (ServiceAtLocation.objects.filter(service=service).select_related("location")
            .order_by("location__name", "location_id").first())


def _location_snapshot(location: Location | None) -> dict[str, Any]:
    if location is None:
        return {}
    address = location.addresses.order_by("address_1", "id").first()
    accessibility = location.accessibility.order_by("id").first()
    return {
        "location_type": location.location_type,
        "location_name": location.name,
        "address": f"{address.address_1}, {address.postal_code} {address.city} ({address.state_province})" if address else "",
        "coordinates": f"{location.latitude},{location.longitude}" if location.latitude is not None else "",
        "accessibility": accessibility.description if accessibility else "",
        "transportation": location.transportation,
        "location_url": location.url,
    }


@transaction.atomic
def save_location(service: Service, data: VisitingAddress, *, user) -> Location:
    """Set where residents go for this service: the address of its (first) location, with
    coordinates and an accessibility note, or online/phone only. A location shared with other
    services changes for them too: each gets the history row and is reindexed."""
    sal = primary_location(service)
    location = sal.location if sal else Location(organization=service.organization)
    before = _location_snapshot(sal.location if sal else None)
    location.location_type = Location.Type.VIRTUAL if data.virtual else Location.Type.PHYSICAL
    location.name = data.name.strip()
    location.url = data.url.strip()
    location.transportation = "" if data.virtual else data.transportation.strip()
    location.latitude, location.longitude = (None, None) if data.virtual else (data.latitude, data.longitude)
    if (location.latitude is None) != (location.longitude is None):
        raise ValidationError(_("Fill in both latitude and longitude, or neither."))
    location.full_clean(exclude=["organization"])
    location.save()
    if sal is None:
        ServiceAtLocation.objects.create(service=service, location=location)
    addresses = list(location.addresses.order_by("address_1", "id"))
    if data.virtual:
        Address.objects.filter(pk__in=[a.pk for a in addresses]).delete()
    else:
        address = addresses[0] if addresses else Address(location=location)
        address.address_1, address.postal_code = data.address_1.strip(), data.postal_code.strip()
        address.city, address.state_province = data.city.strip(), data.state_province.strip()
        address.country, address.address_type = "NL", Location.Type.PHYSICAL
        address.full_clean()
        address.save()
    accessibility = location.accessibility.order_by("id").first()
    note = "" if data.virtual else data.accessibility.strip()
    if note:
        accessibility = accessibility or Accessibility(location=location)
        accessibility.description = note
        accessibility.save()
    elif accessibility is not None:
        accessibility.delete()
    changes = _diff(before, _location_snapshot(location))
    served = [service] + list(Service.objects.filter(service_at_locations__location=location).exclude(pk=service.pk).distinct())
    for s in served:
        _record_change(s, user, changes)
    reindex([s.pk for s in served])
    return location


def _area_names(areas) -> list[str]:
    names = []
    for area in areas:
        if area.district_id:
            names.append(f"{area.district.municipality.name}: {area.district.name}")
        elif area.municipality_id:
            names.append(area.municipality.name)
        else:
            names.append(area.name or str(area.pk))
    return sorted(names)


@transaction.atomic
def save_service_areas(service: Service, *, municipalities, districts, keep=(), user) -> list[ServiceArea]:
    """Set where the service is offered: these municipalities and districts (none = everywhere).
    Areas described only by name (from an HSDS import) stay when their id is in `keep`."""
    areas = list(ServiceArea.objects.filter(service=service).select_related("municipality", "district__municipality")
                 .select_for_update(of=("self",)))
    before = _area_names(areas)
    wanted_m = {m.pk: m for m in municipalities}
    wanted_d = {d.pk: d for d in districts}
    keep = {str(pk) for pk in keep}
    remaining = []
    for area in areas:
        if area.district_id:
            wanted = wanted_d.pop(area.district_id, None) is not None
        elif area.municipality_id:
            wanted = wanted_m.pop(area.municipality_id, None) is not None
        else:
            wanted = str(area.pk) in keep
        if wanted:
            remaining.append(area)
        else:
            area.delete()
    for m in wanted_m.values():
        remaining.append(ServiceArea.objects.create(service=service, municipality=m, name=m.name))
    for d in wanted_d.values():
        remaining.append(ServiceArea.objects.create(service=service, district=d, name=d.name))
    after = _area_names(ServiceArea.objects.filter(pk__in=[a.pk for a in remaining])
                        .select_related("municipality", "district__municipality"))
    _record_change(service, user, {"service_areas": [before, after]} if before != after else {})
    reindex([service.pk])
    return remaining


@transaction.atomic
def save_concept(concept, terms=None):
    """Save a concept of the search thesaurus (and its taxonomy terms); search uses it at once."""
    concept.full_clean()
    concept.save()
    if terms is not None:
        concept.terms.set(terms)
    invalidate_phrases()
    return concept


@transaction.atomic
def delete_concept(concept) -> None:
    concept.delete()
    invalidate_phrases()
