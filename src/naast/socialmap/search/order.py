"""The order a resident would agree with, among the best-scored services: equal scores broken
by nearness to the resident's place (postcode or municipality), then by freshness (checked or
assured most recently), then by name — never by internal id; and the services of one
organisation with the same description (or, for a short one, the same name too) grouped into
one card that lists the other places ("ook in Diever, Havelte").

Only the first `window` services by score are read for this (a few dozen rows), so the work does
not grow with the map."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models.functions import Length, Substr

from naast.organisations.models import District, Municipality, PostcodeDistrict, normalise_postcode

from ..models import Service, ServiceAtLocation
from .ids import as_hex, in_id_set


@dataclass
class Place:
    """Where the resident lives, as the filters or the postcode tell: the places (city names)
    and 4-digit postcodes counted as near."""

    cities: set[str] = field(default_factory=set)
    postcodes: set[str] = field(default_factory=set)

    @property
    def known(self) -> bool:
        return bool(self.cities or self.postcodes)


def resident_place(municipality: str = "", district: int | None = None, postcode: str = "") -> Place:
    place = Place()
    districts = []
    if postcode and (normalised := normalise_postcode(postcode)):
        place.postcodes.add(normalised[:4])
        rows = PostcodeDistrict.objects.filter(postcode__in={normalised, normalised[:4]}).select_related("district")
        districts += [row.district for row in rows]
    if district:
        districts += list(District.objects.filter(pk=district))
    if municipality:
        found = Municipality.objects.filter(code=municipality).first()
        if found:
            place.cities.add(found.name.casefold())
            districts += list(found.districts.all())
    place.cities.update(d.name.casefold() for d in districts)
    if districts:  # one query for every district's postcodes (a municipality brings all of its own)
        place.postcodes.update(PostcodeDistrict.objects.filter(district__in=districts).values_list("postcode", flat=True))
    place.postcodes = {p[:4] for p in place.postcodes}
    return place


@dataclass
class Card:
    """One card of the result list: the service shown and the other places it is offered."""

    service_id: str
    also_in: list[str] = field(default_factory=list)
    members: list[str] = field(default_factory=list)  # the other services this card stands for


def meta_columns() -> list:
    """What ordering and grouping read of a service (see `order_and_group`'s `meta`)."""
    return [as_hex("pk"), "name", as_hex("organization_id"), Length("description"), Substr("description", 1, 200),
            "last_verified_on", "assured_date"]


def order_and_group(ordered: list[str], scores: dict[str, float], place: Place, window: int,
                    group: bool = True, meta: dict[str, tuple] | None = None,
                    block: dict[str, int] | None = None) -> tuple[list[Card], list[str]]:
    """The head of `ordered` (best score first) re-ordered and grouped into cards, and the rest
    of the ids as they were. Staff see every service as its own card (`group=False`): each is
    edited on its own. `other_places` then lists the places of the cards shown. `meta` holds
    the `meta_columns` rows already read, by id (the rest are read here).

    `block` numbers the candidates in blocks of the search's candidate list: equal scores are
    broken within a block, and the head ends where a block ends. A longer head, for a later
    page, then starts with the same cards, so paging neither repeats nor skips a service."""
    block = block or {}
    if block and 0 < window < len(ordered):
        last = block.get(ordered[window - 1], 0)
        while window < len(ordered) and block.get(ordered[window], 0) == last:
            window += 1
    head, tail = ordered[:window], ordered[window:]
    if not head:
        return [], tail
    meta = dict(meta or {})
    # The description's length and start stand for it (reading and hashing whole texts costs more).
    missing = [sid for sid in head if sid not in meta]
    if missing:
        meta.update((row[0], row) for row in Service.objects.filter(in_id_set(Service, missing)).values_list(
            *meta_columns()))
    long_text: dict[str, bool] = {}
    for sid in head:
        if sid not in meta:
            continue
        _sid, name, org, length, start, verified, assured = meta[sid]
        fresh = max([d for d in (verified, assured) if d], default=dt.date.min)
        meta[sid] = (name, org, (length, start), fresh)
        long_text[sid] = (length or 0) >= 40
    # The places are read here only when they count for nearness.
    cities = _cities(head) if place.known else {}

    def nearness(sid: str) -> int:
        if not place.known:
            return 0
        here = cities.get(sid, [])
        if any(pc in place.postcodes for _c, pc in here):
            return 0
        if any(city.casefold() in place.cities for city, _pc in here):
            return 1
        return 2

    def key(sid: str):
        name, _org, _digest, fresh = meta.get(sid, ("", None, "", dt.date.min))
        return (-round(scores.get(sid, 0.0), 6), block.get(sid, 0), nearness(sid), -fresh.toordinal(),
                name.casefold(), name)

    cards: list[Card] = []
    groups: dict[tuple, Card] = {}
    for sid in sorted(head, key=key):
        name, org, digest, _fresh = meta.get(sid, ("", None, "", None))
        # The same organisation with the same description is the same service in another place,
        # also when the place is part of its name ("Klussendienst Diever", "Klussendienst Havelte").
        key_ = (org, digest if long_text.get(sid) else (name.casefold(), digest)) if org and group else None
        if key_ is not None and key_ in groups:
            groups[key_].members.append(sid)
            continue
        card = Card(sid)
        cards.append(card)
        if key_ is not None:
            groups[key_] = card
    return cards, tail


def _cities(ids: list[str]) -> dict[str, list[tuple[str, str]]]:
    """Per service id: (place, 4-digit postcode) of each of its addresses."""
    cities: dict[str, list[tuple[str, str]]] = {}
    if not ids:
        return cities
    rows = ServiceAtLocation.objects.filter(in_id_set(ServiceAtLocation, ids, "service_id")).values_list(
        "service_id", "location__addresses__city", "location__addresses__postal_code").order_by()
    for service_id, city, postcode in rows:
        if city:
            cities.setdefault(service_id.hex, []).append((city, (postcode or "")[:4]))
    return cities


def other_places(cards: list[Card]) -> None:
    """Fill `also_in` of the cards shown: the places of the services each stands for, without
    the card's own place."""
    grouped = [card for card in cards if card.members]
    cities = _cities([sid for card in grouped for sid in [card.service_id, *card.members]])
    for card in grouped:
        own = {city for city, _pc in cities.get(card.service_id, [])}
        places = {city for sid in card.members for city, _pc in cities.get(sid, [])} - own
        card.also_in = sorted(places, key=str.casefold)
